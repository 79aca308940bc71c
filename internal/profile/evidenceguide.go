package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Evidence-list guidelines: what a requested state needs of the evidence it
// is sent with a request, or asked to gather, each guideline with its legal
// source. templates/evidence-guide.json holds those of every state;
// templates/<cc>/evidence-guide.json a state's own, which replaces a general
// one of the same id. Both files are optional. Where a guideline has a test
// on a field of the case, Evaluate checks it item by item; the others are
// left to the reviewer.

// GeneralGuide is the file of guidelines that apply to every state.
const GeneralGuide = "templates/evidence-guide.json"

// GuideFile is the name of a state's own guidelines in templates/<cc>/.
const GuideFile = "evidence-guide.json"

// Directions of a guideline.
const (
	Sent      = "sent"      // evidence sent with the request (/evidence)
	Requested = "requested" // evidence the requested state is asked to gather (/assistance)
)

// TranslationValue in a test's equals stands for the language of the
// request's translation.
const TranslationValue = "$translation"

// EvidenceGuide is the list of guidelines of requests to one state.
type EvidenceGuide struct {
	Items []GuideItem `json:"items"`
}

// GuideItem is one guideline.
type GuideItem struct {
	ID string `json:"id"`
	// Requirement is the message id of the guideline's text.
	Requirement string `json:"requirement"`
	Source      string `json:"source"`
	Confirmed   bool   `json:"confirmed"`
	// Check tells the reviewer what to confirm, for an unconfirmed one.
	Check string `json:"check,omitempty"`
	// Severity of the finding on an item that fails the test: warning or
	// info.
	Severity  string    `json:"severity"`
	AppliesTo AppliesTo `json:"applies_to"`
	// Test is the machine check; nil leaves the guideline to the reviewer.
	Test *GuideTest `json:"test,omitempty"`
}

// AppliesTo says which items of the case a guideline is about.
type AppliesTo struct {
	Direction string `json:"direction"`
	// Kinds are evidence kinds (sent only); empty means every kind.
	Kinds []string `json:"kinds,omitempty"`
	// AssistanceTypes: for requested, the item's type; for sent, the type
	// of an assistance item that relies on the evidence (evidence or
	// legal_documents). Empty means any.
	AssistanceTypes []string `json:"assistance_types,omitempty"`
}

// GuideTest is a test on one field of the item: the field must be set
// (present, not empty) and, when Equals is given, hold one of its values
// (for a list, contain one of them).
type GuideTest struct {
	Field  string `json:"field"`
	Equals []any  `json:"equals,omitempty"`
}

// SourceText is the source as findings and documents print it: marked
// unconfirmed when the guideline is not confirmed.
func (it GuideItem) SourceText() string {
	if it.Confirmed || strings.Contains(it.Source, "unconfirmed") {
		return it.Source
	}
	return it.Source + " (unconfirmed)"
}

// guideFile is the shape of the guideline files.
type guideFile struct {
	Schema  string      `json:"$schema,omitempty"`
	Comment string      `json:"$comment,omitempty"`
	Items   []GuideItem `json:"items"`
}

// loadGuide reads the guidelines of state code: the general ones followed by
// the state's own; nil when neither file exists.
func loadGuide(fsys fs.FS, dir string) (*EvidenceGuide, error) {
	general, err := readGuide(fsys, GeneralGuide)
	if err != nil {
		return nil, err
	}
	own, err := readGuide(fsys, path.Join(dir, GuideFile))
	if err != nil {
		return nil, err
	}
	if general == nil && own == nil {
		return nil, nil
	}
	g := &EvidenceGuide{Items: slices.Clone(general)}
	for _, it := range own {
		i := slices.IndexFunc(g.Items, func(x GuideItem) bool { return x.ID == it.ID })
		if i >= 0 {
			g.Items[i] = it
		} else {
			g.Items = append(g.Items, it)
		}
	}
	return g, nil
}

// readGuide reads one guideline file; a missing file is nil.
func readGuide(fsys fs.FS, name string) ([]GuideItem, error) {
	var f guideFile
	data, err := readJSON(fsys, name, &f)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, it := range f.Items {
		bad := func(field, detail string) error {
			return &AssetError{File: name, Line: fieldLine(data, it.ID), Field: fmt.Sprintf("/items/%d/%s", i, field), Problem: ProblemBadValue, Detail: detail}
		}
		switch {
		case !guideID(it.ID):
			return nil, bad("id", strconv.Quote(it.ID))
		case seen[it.ID]:
			return nil, bad("id", strconv.Quote(it.ID)+" used twice")
		case !guideID(it.Requirement):
			return nil, bad("requirement", strconv.Quote(it.Requirement))
		case strings.TrimSpace(it.Source) == "":
			return nil, bad("source", `""`)
		case it.Severity != "warning" && it.Severity != "info":
			return nil, bad("severity", strconv.Quote(it.Severity)+" ∉ {warning, info}")
		case it.AppliesTo.Direction != Sent && it.AppliesTo.Direction != Requested:
			return nil, bad("applies_to/direction", strconv.Quote(it.AppliesTo.Direction)+" ∉ {sent, requested}")
		case it.AppliesTo.Direction == Requested && len(it.AppliesTo.Kinds) > 0:
			return nil, bad("applies_to/kinds", "evidence kinds apply to sent evidence only")
		case !it.Confirmed && strings.TrimSpace(it.Check) == "":
			return nil, bad("check", "an unconfirmed guideline says what to check")
		case it.Test != nil && !guideID(it.Test.Field):
			return nil, bad("test/field", strconv.Quote(it.Test.Field))
		}
		if it.Test != nil {
			for j, e := range it.Test.Equals {
				switch e.(type) {
				case string, bool, float64:
				default:
					return nil, bad(fmt.Sprintf("test/equals/%d", j), "a string, number or true/false")
				}
			}
		}
		seen[it.ID] = true
	}
	return f.Items, nil
}

func guideID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// Guideline statuses for one case.
const (
	GuideMet           = "met"            // every item it applies to passes its test
	GuideNotMet        = "not_met"        // an item fails the test
	GuideCheck         = "check"          // it applies and has no test: the reviewer checks
	GuideNotApplicable = "not_applicable" // no item of the case is concerned
)

// GuideResult is a guideline as it bears on one case.
type GuideResult struct {
	Item   GuideItem
	Status string
	// Targets are the items of the case the guideline applies to, in
	// order; Failed those of them that fail its test.
	Targets []GuideTarget
}

// GuideTarget is one evidence or assistance item a guideline applies to.
type GuideTarget struct {
	ID      string // E1, A2 (the item's id; "" when it has none)
	Pointer string // /evidence/0, /assistance/1
	// Field is the pointer of the tested field (Pointer + "/" + field).
	Field string
	OK    bool
}

// Failed returns the targets that fail the guideline's test.
func (r GuideResult) Failed() []GuideTarget {
	var out []GuideTarget
	for _, t := range r.Targets {
		if !t.OK {
			out = append(out, t)
		}
	}
	return out
}

// Evaluate checks each guideline against the case raw (the decoded JSON of
// the case file); lang is the language of the request's translation, which
// a test's TranslationValue stands for. A nil guide has no results.
func (g *EvidenceGuide) Evaluate(raw any, lang string) []GuideResult {
	if g == nil {
		return nil
	}
	root, _ := raw.(map[string]any)
	evidence, _ := root["evidence"].([]any)
	assistance, _ := root["assistance"].([]any)
	// usedBy: evidence id -> types of the assistance items relying on it.
	var usedBy map[string][]string
	out := make([]GuideResult, 0, len(g.Items))
	for _, it := range g.Items {
		res := GuideResult{Item: it}
		switch it.AppliesTo.Direction {
		case Sent:
			if usedBy == nil && len(it.AppliesTo.AssistanceTypes) > 0 {
				usedBy = evidenceUse(assistance)
			}
			for i, e := range evidence {
				obj, _ := e.(map[string]any)
				if obj == nil {
					continue
				}
				kind, _ := obj["kind"].(string)
				id, _ := obj["id"].(string)
				if len(it.AppliesTo.Kinds) > 0 && !slices.Contains(it.AppliesTo.Kinds, kind) {
					continue
				}
				if len(it.AppliesTo.AssistanceTypes) > 0 && !overlaps(usedBy[id], it.AppliesTo.AssistanceTypes) {
					continue
				}
				res.Targets = append(res.Targets, target(obj, id, "/evidence/"+strconv.Itoa(i), it.Test, lang))
			}
		case Requested:
			for i, a := range assistance {
				obj, _ := a.(map[string]any)
				if obj == nil {
					continue
				}
				typ, _ := obj["type"].(string)
				id, _ := obj["id"].(string)
				if len(it.AppliesTo.AssistanceTypes) > 0 && !slices.Contains(it.AppliesTo.AssistanceTypes, typ) {
					continue
				}
				res.Targets = append(res.Targets, target(obj, id, "/assistance/"+strconv.Itoa(i), it.Test, lang))
			}
		}
		switch {
		case len(res.Targets) == 0:
			res.Status = GuideNotApplicable
		case it.Test == nil:
			res.Status = GuideCheck
		case len(res.Failed()) > 0:
			res.Status = GuideNotMet
		default:
			res.Status = GuideMet
		}
		out = append(out, res)
	}
	return out
}

// evidenceUse maps each evidence id to the types of the assistance items
// that rely on it.
func evidenceUse(assistance []any) map[string][]string {
	m := map[string][]string{}
	for _, a := range assistance {
		obj, _ := a.(map[string]any)
		typ, _ := obj["type"].(string)
		for _, key := range []string{"evidence", "legal_documents"} {
			refs, _ := obj[key].([]any)
			for _, r := range refs {
				if s, ok := r.(string); ok && !slices.Contains(m[s], typ) {
					m[s] = append(m[s], typ)
				}
			}
		}
	}
	return m
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func target(obj map[string]any, id, ptr string, t *GuideTest, lang string) GuideTarget {
	tg := GuideTarget{ID: id, Pointer: ptr, OK: true}
	if t == nil {
		return tg
	}
	tg.Field = ptr + "/" + t.Field
	tg.OK = passes(obj[t.Field], t.Equals, lang)
	return tg
}

// passes reports whether v is set and, when equals is given, one of its
// values (a list: contains one).
func passes(v any, equals []any, lang string) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		if strings.TrimSpace(x) == "" {
			return false
		}
	case []any:
		if len(equals) == 0 {
			return len(x) > 0
		}
		for _, e := range x {
			if matches(e, equals, lang) {
				return true
			}
		}
		return false
	}
	return len(equals) == 0 || matches(v, equals, lang)
}

func matches(v any, equals []any, lang string) bool {
	for _, e := range equals {
		if e == TranslationValue {
			e = lang
		}
		if v == e {
			return true
		}
	}
	return false
}
