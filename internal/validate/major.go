package validate

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/strictjson"
)

// MajorFile says what makes a case major, in the asset tree.
const MajorFile = "templates/major.json"

// Kinds of criterion of MajorFile.
const (
	MajorDeathPenalty = "death_penalty_offence"
	MajorTopTier      = "top_amount_tier"
	MajorAssets       = "assets_at_least"
)

// MajorCriterion is one thing that makes a case major.
type MajorCriterion struct {
	ID        string           `json:"id"`
	Kind      string           `json:"kind"`
	AtLeast   []casefile.Money `json:"at_least,omitempty"`
	Source    string           `json:"source"`
	Confirmed bool             `json:"confirmed"`
	Check     string           `json:"check,omitempty"`
}

// MajorReason is a criterion a case meets: the report says which.
type MajorReason struct {
	Criterion string `json:"criterion"`
	Pointer   string `json:"pointer"`
	Source    string `json:"source"`
	Confirmed bool   `json:"confirmed"`
}

var criterionID = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// LoadMajor reads and checks MajorFile; a tree without it has no criteria.
func LoadMajor(fsys fs.FS) ([]MajorCriterion, error) {
	data, err := fs.ReadFile(fsys, MajorFile)
	if err != nil {
		return nil, &RulesError{File: MajorFile, Line: 1, Detail: err.Error()}
	}
	var doc struct {
		Schema   string           `json:"$schema"`
		Comment  string           `json:"$comment"`
		Criteria []MajorCriterion `json:"criteria"`
	}
	if err := strictjson.Decode(data, &doc, strictjson.Options{}); err != nil {
		return nil, decodeRulesError(MajorFile, err)
	}
	seen := map[string]bool{}
	for i, c := range doc.Criteria {
		field := "/criteria/" + strconv.Itoa(i)
		bad := func(f, detail string) error {
			return &RulesError{File: MajorFile, Line: lineOf(data, `"`+c.ID+`"`), Field: field + f, Detail: detail}
		}
		switch {
		case !criterionID.MatchString(c.ID) || seen[c.ID]:
			return nil, bad("/id", fmt.Sprintf("%q is not a new id of lower-case letters, digits and _", c.ID))
		case c.Kind != MajorDeathPenalty && c.Kind != MajorTopTier && c.Kind != MajorAssets:
			return nil, bad("/kind", fmt.Sprintf("%q is not one of %s, %s, %s", c.Kind, MajorDeathPenalty, MajorTopTier, MajorAssets))
		case c.Kind == MajorAssets && len(c.AtLeast) == 0:
			return nil, bad("/at_least", "an assets criterion needs at least one amount")
		case c.Source == "":
			return nil, bad("/source", "every criterion names its source, or that it is mla's choice")
		}
		for j, m := range c.AtLeast {
			if m.Amount <= 0 || len(m.Currency) != 3 {
				return nil, bad("/at_least/"+strconv.Itoa(j), "an amount above 0 with its ISO 4217 currency")
			}
		}
		seen[c.ID] = true
	}
	return doc.Criteria, nil
}

// lineOf is the line of the first occurrence of s in data, or 1.
func lineOf(data []byte, s string) int {
	if i := bytes.Index(data, []byte(s)); i >= 0 {
		return bytes.Count(data[:i], []byte("\n")) + 1
	}
	return 1
}

// Major returns the criteria the case meets, in the order of the
// criteria, each at the first place of the case that meets it.
func Major(c *casefile.Case, cat *offences.Catalog, criteria []MajorCriterion) []MajorReason {
	if c == nil {
		return nil
	}
	var out []MajorReason
	for _, k := range criteria {
		ptr, ok := meets(c, cat, k)
		if ok {
			out = append(out, MajorReason{Criterion: k.ID, Pointer: ptr, Source: k.Source, Confirmed: k.Confirmed})
		}
	}
	return out
}

func meets(c *casefile.Case, cat *offences.Catalog, k MajorCriterion) (string, bool) {
	switch k.Kind {
	case MajorDeathPenalty, MajorTopTier:
		for i, o := range c.Matter.Offences {
			e, ok := cat.Offence(o.ID)
			if !ok {
				continue
			}
			ptr := "/case/offences/" + strconv.Itoa(i)
			if k.Kind == MajorDeathPenalty && e.DeathPenalty {
				return ptr + "/id", true
			}
			if k.Kind == MajorTopTier && o.Amount != nil {
				if t := topTier(cat, e); t != nil && o.Amount.Currency == t.currency && o.Amount.Amount >= t.from {
					return ptr + "/amount", true
				}
			}
		}
	case MajorAssets:
		sums := map[string]float64{}
		for _, a := range c.Assets {
			if a.Value != nil {
				sums[a.Value.Currency] += a.Value.Amount
			}
		}
		for _, m := range k.AtLeast {
			if sums[m.Currency] >= m.Amount {
				return "/assets", true
			}
		}
	}
	return "", false
}

type tier struct {
	currency string
	from     float64
}

// topTier is the top amount tier of an article: its own thresholds, or
// those of the article it is punished under (386 under 383).
func topTier(cat *offences.Catalog, e offences.Offence) *tier {
	for hops := 0; hops < 3; hops++ {
		if th := e.Thresholds; th != nil && len(th.Tiers) > 0 {
			top := th.Tiers[0]
			for _, t := range th.Tiers {
				if t.From > top.From {
					top = t
				}
			}
			return &tier{th.Currency, float64(top.From)}
		}
		next := ""
		for _, r := range e.Related {
			if r.Relation == "penalty_in" || r.Relation == "punished_under" {
				next = r.ID
			}
		}
		n, ok := cat.Offence(next)
		if !ok {
			return nil
		}
		e = n
	}
	return nil
}

// AddMajor records the criteria a case meets in the report, and a note for
// the reviewer on each.
func AddMajor(r *Report, f *casefile.File, reasons []MajorReason) {
	if len(reasons) == 0 {
		return
	}
	r.Major = reasons
	var add []Finding
	for _, m := range reasons {
		add = append(add, Finding{
			Pointer: m.Pointer, Rule: "case.major", Source: m.Source,
			Args: map[string]any{"Field": m.Pointer, "Criterion": Label("major." + m.Criterion)},
		})
	}
	r.meta().apply(add)
	r.Findings = append(r.Findings, add...)
	sortFindings(f, r.Findings)
}
