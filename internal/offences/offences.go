// Package offences loads the catalogue of PRC Criminal Law offences that
// corruption cases cite (templates/offences.json) and, for each requested
// State, the table of comparable foreign offences used to show dual
// criminality (templates/<cc>/equivalents.json).
//
// Both files are edited by lawyers, not programmers; their JSON Schemas are
// schemas/offences.schema.json and schemas/equivalents.schema.json. Load
// checks what the schemas cannot: that ids are unique and match the article
// numbers, that every reference resolves, that every table covers every
// offence, and that a fact is marked confirmed only when its source says so.
package offences

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/mla-dev/mla/internal/localized"
)

// Text is a text in Chinese (the original) and English.
type Text = localized.Text

// CatalogPath is where Load reads the catalogue, relative to the root of the
// asset file system.
const CatalogPath = "templates/offences.json"

// TablePattern matches the equivalents tables, one per requested State.
const TablePattern = "templates/*/equivalents.json"

// Kind says what an article of the catalogue is.
type Kind string

const (
	KindOffence    Kind = "offence"    // defines an offence
	KindPenalty    Kind = "penalty"    // sets the penalty for an offence defined elsewhere
	KindDefinition Kind = "definition" // defines a term; not an offence
)

// Mark is the verification mark OFFENCES.md gives a fact.
type Mark string

const (
	MarkVerified   Mark = "V"
	MarkPartly     Mark = "P"
	MarkNotChecked Mark = "M"
)

// Source says where a fact comes from and whether it is confirmed. A fact is
// confirmed when OFFENCES.md marks it V, or when ConfirmedBy names the source
// an mla maintainer read to confirm a P or M fact.
type Source struct {
	Refs        []string `json:"refs,omitempty"`
	Detail      string   `json:"detail"`
	Mark        Mark     `json:"mark"`
	Confirmed   bool     `json:"confirmed"`
	ConfirmedBy string   `json:"confirmed_by,omitempty"`
}

// SourceEntry is one of the catalogue's named sources (S1, S2, …).
type SourceEntry struct {
	ID      string `json:"id"`
	Title   Text   `json:"title"`
	Locator string `json:"locator"`
}

// Article is an article number and its headings.
type Article struct {
	Number string `json:"number"` // as the law writes it: "388之一"
	ZH     string `json:"zh"`     // "第三百八十八条之一"
	EN     string `json:"en"`     // "Article 388-1"
}

// Charge is a charge name (罪名).
type Charge struct {
	ZH         string   `json:"zh"`
	EN         string   `json:"en"`
	Paragraphs []int    `json:"paragraphs,omitempty"` // 款 defining the charge, when an article has several
	Since      string   `json:"since,omitempty"`
	Formerly   *Text    `json:"formerly,omitempty"`
	UNCAC      []string `json:"uncac,omitempty"`
	Note       *Text    `json:"note,omitempty"`
}

// StatuteText is the text of an article, paragraph by paragraph.
type StatuteText struct {
	ZH          []string `json:"zh"` // verbatim
	EN          []string `json:"en"` // unofficial rendering
	Translation string   `json:"translation"`
}

// Punishment is the most severe principal punishment of a penalty tier.
type Punishment string

const (
	Death                 Punishment = "death"
	LifeImprisonment      Punishment = "life_imprisonment"
	FixedTermImprisonment Punishment = "fixed_term_imprisonment"
	CriminalDetention     Punishment = "criminal_detention"
)

// Penalty is the maximum statutory penalty (the top tier) for a natural person.
type Penalty struct {
	Punishment Punishment `json:"punishment"`
	MinYears   *int       `json:"min_years,omitempty"`
	MaxYears   *int       `json:"max_years,omitempty"`
	Accessory  string     `json:"accessory"` // none | fine | fine_or_confiscation | confiscation
	Via        string     `json:"via,omitempty"`
	ZH         string     `json:"zh"`
	EN         string     `json:"en"`
}

// Units says whether a unit (单位) can commit the offence.
type Units struct {
	CanCommit bool  `json:"can_commit"`
	OnlyUnits *bool `json:"only_units,omitempty"`
	UnitFined *bool `json:"unit_fined,omitempty"`
	Note      *Text `json:"note,omitempty"`
}

// Relation links two catalogue entries.
type Relation struct {
	ID       string `json:"id"`
	Relation string `json:"relation"`
}

// Tier is an amount tier set by judicial interpretation.
type Tier struct {
	Level string `json:"level"`
	ZH    string `json:"zh"`
	EN    string `json:"en"`
	From  int64  `json:"from"`
	Below *int64 `json:"below,omitempty"`
}

// Thresholds are the amount thresholds of an article.
type Thresholds struct {
	Currency string `json:"currency"`
	Tiers    []Tier `json:"tiers"`
	Note     *Text  `json:"note,omitempty"`
	Source   Source `json:"source"`
}

// Offence is an entry of the catalogue: an article of the Criminal Law.
type Offence struct {
	ID               string      `json:"id"`
	Kind             Kind        `json:"kind"`
	Article          Article     `json:"article"`
	Citation         Text        `json:"citation"`
	Term             *Text       `json:"term,omitempty"`
	Charges          []Charge    `json:"charges,omitempty"`
	Text             StatuteText `json:"text"`
	MaxPenalty       *Penalty    `json:"max_penalty,omitempty"`
	PenaltyBy        []string    `json:"penalty_by,omitempty"`
	DeathPenalty     bool        `json:"death_penalty,omitempty"`
	DeathPenaltyNote *Text       `json:"death_penalty_note,omitempty"`
	Units            *Units      `json:"units,omitempty"`
	Related          []Relation  `json:"related,omitempty"`
	Thresholds       *Thresholds `json:"thresholds,omitempty"`
	Notes            []Text      `json:"notes,omitempty"`
	Source           Source      `json:"source"`
}

// PenaltyArticles returns the entries that fix the penalty of the entry
// with the given id, following penalty_by transitively (386 → 383; 388 →
// 386 → 383), each once, in the order a request quotes them, without the
// entry itself.
func (c *Catalog) PenaltyArticles(id string) []Offence {
	var out []Offence
	seen := map[string]bool{id: true}
	var walk func(id string)
	walk = func(id string) {
		o, ok := c.Offence(id)
		if !ok {
			return
		}
		for _, r := range o.PenaltyBy {
			if seen[r] {
				continue
			}
			seen[r] = true
			if ro, ok := c.Offence(r); ok {
				out = append(out, ro)
				walk(r)
			}
		}
	}
	walk(id)
	return out
}

// Punishable reports whether the entry is an offence or a penalty article,
// as opposed to a definition. Every punishable entry needs an assessment in
// every equivalents table.
func (o Offence) Punishable() bool { return o.Kind != KindDefinition }

// ChargeNames returns the article's charge names as a request cites them:
// joined with "、" in Chinese and "; " in English.
func (o Offence) ChargeNames() Text {
	zh := make([]string, len(o.Charges))
	en := make([]string, len(o.Charges))
	for i, c := range o.Charges {
		zh[i], en[i] = c.ZH, c.EN
	}
	return Text{"zh": strings.Join(zh, "、"), "en": strings.Join(en, "; ")}
}

// Joined returns the text with one paragraph per line.
func (t StatuteText) Joined() Text {
	return Text{"zh": strings.Join(t.ZH, "\n"), "en": strings.Join(t.EN, "\n")}
}

// Basis is a rule of the requested State or the treaty on dual criminality.
type Basis struct {
	Text   Text   `json:"text"`
	Source Source `json:"source"`
}

// ForeignPenalty is the maximum penalty of a foreign offence.
type ForeignPenalty struct {
	ZH     string `json:"zh"`
	EN     string `json:"en"`
	Source Source `json:"source"`
}

// ProvisionKind says what a foreign provision is.
type ProvisionKind string

const (
	ProvisionOffence       ProvisionKind = "offence"
	ProvisionLiabilityRule ProvisionKind = "liability_rule" // parties, complicity, corporate liability
	ProvisionDefinition    ProvisionKind = "definition"     // e.g. foreign predicate offences
)

// Equivalent is a provision of the requested State's law comparable to a PRC
// offence, as the table matches it.
type Equivalent struct {
	Statute      string // key in the table's statutes
	Citation     string // the match's provision if given, else the statute's citation
	CitationZH   string // the same in Chinese, as the Chinese original names it
	Kind         ProvisionKind
	Jurisdiction string
	Description  Text
	MaxPenalty   *ForeignPenalty
	Source       Source
	StatuteNote  *Text
	Paragraphs   []int // PRC paragraphs (款) the provision matches; nil for the whole article
	AppliesWhen  *Text
	Note         *Text
	Scope        Scope // what the provision needs of the facts to fit them
}

// Confirmed reports whether the provision itself is confirmed. Its penalty
// carries its own Source.
func (e Equivalent) Confirmed() bool { return e.Source.Confirmed }

// Risk is the dual-criminality risk OFFENCES.md §5.6 gives.
type Risk string

const (
	RiskLow        Risk = "low"
	RiskLowMedium  Risk = "low_medium"
	RiskMedium     Risk = "medium"
	RiskMediumHigh Risk = "medium_high"
	RiskHigh       Risk = "high"
)

// Assessment is the dual-criminality assessment of one PRC offence for one
// requested State.
type Assessment struct {
	State       string
	OffenceID   string
	SharedWith  string // the id whose assessment this one repeats (same_as), or ""
	Weak        bool
	Risk        Risk // "" where OFFENCES.md gives no rating
	WeakReason  *Text
	Note        *Text
	NoneKnown   bool
	Equivalents []Equivalent
}

// Catalog is the loaded, checked catalogue and equivalents tables.
type Catalog struct {
	Law               Text
	TextAsOf          Text
	TranslationNotice Text
	Sources           []SourceEntry

	offences []Offence
	index    map[string]int
	states   map[string]*stateTable

	// lazy, set by Open, reads each State's table on first use.
	lazy *lazyTables
}

// lazyTables are the equivalents tables of a Catalog made by Open.
type lazyTables struct {
	fsys      fs.FS
	paths     map[string]string // State code -> table path
	sourceIDs map[string]bool

	mu     sync.Mutex
	tables map[string]*lazyTable
}

type lazyTable struct {
	once  sync.Once
	table *stateTable
	err   error
}

type stateTable struct {
	basis       []Basis
	note        *Text
	assessments map[string]Assessment
}

// Offences returns the catalogue entries in file order.
func (c *Catalog) Offences() []Offence { return slices.Clone(c.offences) }

// Offence returns the entry with the given id (for example "CN-CL-388-1").
func (c *Catalog) Offence(id string) (Offence, bool) {
	i, ok := c.index[id]
	if !ok {
		return Offence{}, false
	}
	return c.offences[i], true
}

// States returns the ISO 3166-1 alpha-2 codes of the States that have an
// equivalents table, sorted.
func (c *Catalog) States() []string {
	var out []string
	if c.lazy != nil {
		for s := range c.lazy.paths {
			out = append(out, s)
		}
	} else {
		for s := range c.states {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// table returns a State's table, reading it first for a Catalog made by
// Open.
func (c *Catalog) table(state string) (*stateTable, bool) {
	state = strings.ToUpper(state)
	if c.lazy == nil {
		t, ok := c.states[state]
		return t, ok
	}
	t := c.lazy.get(c, state)
	return t.table, t.table != nil
}

// TableError reports why a State's table could not be read, for a Catalog
// made by Open (Load reports every table's problems at once).
func (c *Catalog) TableError(state string) error {
	if c.lazy == nil {
		return nil
	}
	return c.lazy.get(c, strings.ToUpper(state)).err
}

func (l *lazyTables) get(c *Catalog, state string) *lazyTable {
	l.mu.Lock()
	t, ok := l.tables[state]
	if !ok {
		t = &lazyTable{}
		l.tables[state] = t
	}
	l.mu.Unlock()
	t.once.Do(func() {
		p, ok := l.paths[state]
		if !ok {
			return
		}
		data, err := fs.ReadFile(l.fsys, p)
		if err != nil {
			t.err = fmt.Errorf("reading %s: %w", p, err)
			return
		}
		var tf tableFile
		if dp := decode(p, data, &tf); dp != nil {
			t.err = &LoadError{Problems: dp}
			return
		}
		if tp := checkTable(p, path.Base(path.Dir(p)), &tf, c, l.sourceIDs); len(tp) > 0 {
			t.err = &LoadError{Problems: tp}
			return
		}
		t.table = resolveTable(&tf)
	})
	return t
}

// Basis returns the dual-criminality rules recorded for a State.
func (c *Catalog) Basis(state string) []Basis {
	t, ok := c.table(state)
	if !ok {
		return nil
	}
	return slices.Clone(t.basis)
}

// Assessment returns the dual-criminality assessment of a catalogued offence
// for a State, with same_as resolved.
func (c *Catalog) Assessment(state, id string) (Assessment, bool) {
	t, ok := c.table(state)
	if !ok {
		return Assessment{}, false
	}
	a, ok := t.assessments[id]
	if !ok {
		return Assessment{}, false
	}
	a.Equivalents = slices.Clone(a.Equivalents)
	return a, true
}

// Equivalents returns the comparable offences of a State for a catalogued
// offence, strongest first. It returns nil when none is known, or when the
// State or the offence has no table entry.
func (c *Catalog) Equivalents(state, id string) []Equivalent {
	a, _ := c.Assessment(state, id)
	return a.Equivalents
}

// Load reads templates/offences.json and every templates/*/equivalents.json
// from fsys, whose root holds templates/, and checks them. On failure the
// error is a *LoadError listing every problem found.
func Load(fsys fs.FS) (*Catalog, error) {
	var problems []Problem
	data, err := fs.ReadFile(fsys, CatalogPath)
	if err != nil {
		return nil, fmt.Errorf("reading the offence catalogue: %w", err)
	}
	var cf catalogFile
	if p := decode(CatalogPath, data, &cf); p != nil {
		return nil, &LoadError{Problems: p}
	}
	c := &Catalog{
		Law:               cf.Law,
		TextAsOf:          cf.TextAsOf,
		TranslationNotice: cf.TranslationNotice,
		Sources:           cf.Sources,
		offences:          cf.Offences,
		states:            map[string]*stateTable{},
	}
	problems = append(problems, checkCatalog(&cf)...)
	c.index = indexOffences(cf.Offences)

	paths, err := fs.Glob(fsys, TablePattern)
	if err != nil {
		return nil, fmt.Errorf("listing equivalents tables: %w", err)
	}
	sort.Strings(paths)
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		var tf tableFile
		if dp := decode(p, data, &tf); dp != nil {
			problems = append(problems, dp...)
			continue
		}
		dir := path.Base(path.Dir(p))
		tp := checkTable(p, dir, &tf, c, cf.sourceIDs())
		problems = append(problems, tp...)
		if len(tp) == 0 {
			c.states[tf.State] = resolveTable(&tf)
		}
	}
	if len(problems) > 0 {
		return nil, &LoadError{Problems: problems}
	}
	return c, nil
}

// Open reads and checks templates/offences.json like Load, but reads a
// State's equivalents table only when it is first asked for: a command
// works on one requested State. A table's problems are then reported by
// TableError.
func Open(fsys fs.FS) (*Catalog, error) {
	data, err := fs.ReadFile(fsys, CatalogPath)
	if err != nil {
		return nil, fmt.Errorf("reading the offence catalogue: %w", err)
	}
	var cf catalogFile
	if p := decode(CatalogPath, data, &cf); p != nil {
		return nil, &LoadError{Problems: p}
	}
	if p := checkCatalog(&cf); len(p) > 0 {
		return nil, &LoadError{Problems: p}
	}
	c := &Catalog{
		Law:               cf.Law,
		TextAsOf:          cf.TextAsOf,
		TranslationNotice: cf.TranslationNotice,
		Sources:           cf.Sources,
		offences:          cf.Offences,
		index:             indexOffences(cf.Offences),
		lazy:              &lazyTables{fsys: fsys, paths: map[string]string{}, sourceIDs: cf.sourceIDs(), tables: map[string]*lazyTable{}},
	}
	paths, err := fs.Glob(fsys, TablePattern)
	if err != nil {
		return nil, fmt.Errorf("listing equivalents tables: %w", err)
	}
	for _, p := range paths {
		c.lazy.paths[strings.ToUpper(path.Base(path.Dir(p)))] = p
	}
	return c, nil
}

// indexOffences maps ids to positions; with duplicate ids the first wins
// (checkCatalog reports the duplicate).
func indexOffences(list []Offence) map[string]int {
	idx := make(map[string]int, len(list))
	for i, o := range list {
		if _, dup := idx[o.ID]; !dup {
			idx[o.ID] = i
		}
	}
	return idx
}

func resolveTable(tf *tableFile) *stateTable {
	t := &stateTable{basis: tf.Basis, note: tf.Note, assessments: map[string]Assessment{}}
	own := func(id string, a assessmentJSON) Assessment {
		out := Assessment{State: tf.State, OffenceID: id, WeakReason: a.WeakReason, Note: a.Note}
		if a.Weak != nil {
			out.Weak = *a.Weak
		}
		if a.Risk != nil {
			out.Risk = *a.Risk
		}
		if a.NoneKnown != nil {
			out.NoneKnown = *a.NoneKnown
		}
		for _, m := range a.Equivalents {
			s := tf.Statutes[m.Statute]
			e := Equivalent{
				Statute: m.Statute, Citation: s.Citation, CitationZH: s.CitationZH, Kind: s.Kind, Jurisdiction: s.Jurisdiction,
				Description: s.Description, MaxPenalty: s.MaxPenalty, Source: s.Source, StatuteNote: s.Note,
				Paragraphs: m.Paragraphs, AppliesWhen: m.AppliesWhen, Note: m.Note,
				Scope: Scope{Threshold: s.Threshold, Region: s.Region, Officials: s.Officials},
			}
			if m.Provision != "" {
				e.Citation, e.CitationZH = m.Provision, m.ProvisionZH
			}
			out.Equivalents = append(out.Equivalents, e)
		}
		return out
	}
	for id, a := range tf.Offences {
		if a.SameAs == "" {
			t.assessments[id] = own(id, a)
		}
	}
	for id, a := range tf.Offences {
		if a.SameAs != "" {
			shared := t.assessments[a.SameAs]
			shared.OffenceID = id
			shared.SharedWith = a.SameAs
			t.assessments[id] = shared
		}
	}
	return t
}

// The file formats. Fields that the checks must see as absent are pointers.

type catalogFile struct {
	Schema            string        `json:"$schema,omitempty"`
	Version           int           `json:"version"`
	Law               Text          `json:"law"`
	TextAsOf          Text          `json:"text_as_of"`
	TranslationNotice Text          `json:"translation_notice"`
	Sources           []SourceEntry `json:"sources"`
	Offences          []Offence     `json:"offences"`
}

func (cf *catalogFile) sourceIDs() map[string]bool {
	ids := map[string]bool{}
	for _, s := range cf.Sources {
		ids[s.ID] = true
	}
	return ids
}

type tableFile struct {
	Schema   string                    `json:"$schema,omitempty"`
	Version  int                       `json:"version"`
	State    string                    `json:"state"`
	Basis    []Basis                   `json:"basis"`
	Note     *Text                     `json:"note,omitempty"`
	Statutes map[string]statuteJSON    `json:"statutes"`
	Offences map[string]assessmentJSON `json:"offences"`
}

type statuteJSON struct {
	Citation     string          `json:"citation"`
	CitationZH   string          `json:"citation_zh"`
	Kind         ProvisionKind   `json:"kind"`
	Jurisdiction string          `json:"jurisdiction,omitempty"`
	Description  Text            `json:"description"`
	MaxPenalty   *ForeignPenalty `json:"max_penalty,omitempty"`
	Source       Source          `json:"source"`
	Note         *Text           `json:"note,omitempty"`
	Threshold    *Amount         `json:"threshold,omitempty"`
	Region       string          `json:"region,omitempty"`
	Officials    []OfficialKind  `json:"officials,omitempty"`
}

type assessmentJSON struct {
	SameAs      string      `json:"same_as,omitempty"`
	Weak        *bool       `json:"weak,omitempty"`
	Risk        *Risk       `json:"risk,omitempty"`
	WeakReason  *Text       `json:"weak_reason,omitempty"`
	Note        *Text       `json:"note,omitempty"`
	NoneKnown   *bool       `json:"none_known,omitempty"`
	Equivalents []matchJSON `json:"equivalents"`
}

type matchJSON struct {
	Statute     string `json:"statute"`
	Provision   string `json:"provision,omitempty"`
	ProvisionZH string `json:"provision_zh,omitempty"`
	Paragraphs  []int  `json:"paragraphs,omitempty"`
	AppliesWhen *Text  `json:"applies_when,omitempty"`
	Note        *Text  `json:"note,omitempty"`
}
