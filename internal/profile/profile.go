// Package profile loads the requested states' profiles and request
// templates from templates/<cc>/. A profile holds facts about the state and
// the instrument between it and China, each with its source and whether it
// was confirmed; a template lists the sections of the request in the order
// that state's guidance expects. Neither holds wording: wording is in the
// locale files.
package profile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/mla-dev/mla/internal/localized"
	"github.com/mla-dev/mla/internal/strictjson"
)

// Fact is one fact about a state or an instrument.
type Fact struct {
	Value     localized.Text `json:"value"`
	Source    string         `json:"source"`
	Confirmed bool           `json:"confirmed"`
	// Check tells the reviewer what to confirm and where, for an
	// unconfirmed fact, in the reviewer's language.
	Check Note `json:"check,omitzero"`
	// UnconfirmedLanguages lists the languages whose wording of a
	// confirmed fact is not confirmed (a title rendered in French by mla):
	// the fact is unconfirmed in a request translated into one of them.
	UnconfirmedLanguages []string `json:"unconfirmed_languages,omitempty"`
	// Months is the number of months a requirement fact sets
	// (RequireCurrentSearchGrounds); 0 when it sets none.
	Months int `json:"months,omitempty"`
}

// Note is a text for the user of mla, not for the request: in several
// languages ({"zh": …, "en": …, "fr": …}), or in English alone (a string).
type Note struct{ localized.Text }

// UnmarshalJSON reads a Note from an object of texts by language or from a
// string (English).
func (n *Note) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		n.Text = localized.Text{"en": s}
		return nil
	}
	var t localized.Text
	if err := json.Unmarshal(b, &t); err != nil {
		return err
	}
	n.Text = t
	return nil
}

// MarshalJSON writes the note as its object of texts.
func (n Note) MarshalJSON() ([]byte, error) { return json.Marshal(n.Text) }

// IsZero reports whether the note has no text (omitzero).
func (n Note) IsZero() bool { return len(n.Text) == 0 }

// In returns the note in lang, else in English.
func (n Note) In(lang string) string {
	if s := n.Text.In(lang); s != "" {
		return s
	}
	return n.Text.In("en")
}

// ConfirmedIn reports whether the fact is confirmed in a request whose
// translation is lang.
func (f Fact) ConfirmedIn(lang string) bool {
	if !f.Confirmed {
		return false
	}
	for _, l := range f.UnconfirmedLanguages {
		if l == lang {
			return false
		}
	}
	return true
}

// Profile describes one requested state.
type Profile struct {
	Code                 string          `json:"code"`
	Name                 localized.Text  `json:"name"`
	ShortName            localized.Text  `json:"short_name"`
	TranslationLanguages []string        `json:"translation_languages"`
	Schema               string          `json:"schema"`
	Template             string          `json:"template"`
	Facts                map[string]Fact `json:"facts"`

	// Dir is the folder the profile was read from (templates/us).
	Dir string `json:"-"`
	// Guide is the state's evidence-list guidelines (evidence-guide.json,
	// general and the state's own); nil when there are none.
	Guide *EvidenceGuide `json:"-"`
}

// Section of a request template.
type Section struct {
	ID      string   `json:"id"`
	Heading string   `json:"heading"` // locale message id
	Source  string   `json:"source"`  // legal source for the section's presence
	Content []string `json:"content"` // content kinds, in order
	// When names a condition the case must meet for the section to be
	// printed (see Conditions); empty means always.
	When string `json:"when,omitempty"`
}

// Conditions a section's When may name.
var Conditions = []string{
	"assets",        // the case concerns property (assets, or freezing or confiscation items)
	"death_penalty", // a cited offence can carry the death penalty
}

// Template is the structure of a state's request.
type Template struct {
	Preamble []string  `json:"preamble"`
	Sections []Section `json:"sections"`
	Closing  []string  `json:"closing"`
	// Relies lists the profile facts the request states; an unconfirmed
	// one is reported to the reviewer.
	Relies []string `json:"relies_on"`
	// Clauses adds, per assistance type, locale messages (clauses of this
	// state) to that type's subsection, after the type's own details.
	Clauses map[string][]string `json:"clauses,omitempty"`
	// Labels replaces default wording by this state's: key is the label
	// (see LabelKeys), value a locale message id.
	Labels map[string]string `json:"labels,omitempty"`
	// CertificationForms are the forms the requested state is asked to
	// return with the evidence, each for the assistance types whose results
	// it certifies (United States: MOJ notice of 10 August 2005).
	CertificationForms []CertificationForm `json:"certification_forms,omitempty"`
	// TypeClauses are the standard clauses of each assistance type, from
	// AssistanceFile: the same for every state.
	TypeClauses map[string][]TypeClause `json:"-"`
}

// CertificationForm is one certification form: Message is its locale
// message (the form's text; Message+".title" its title).
type CertificationForm struct {
	Message string   `json:"message"`
	Types   []string `json:"types"`
}

// AssistanceFile holds the standard clauses of each assistance type, which
// every state's request carries: what the requesting side asks about the
// form of execution. The key "*" holds the clauses of a type not listed.
const AssistanceFile = "templates/assistance.json"

// TypeClause is a locale message added to an assistance item's subsection,
// when the item's flag If is set, or unless its flag Unless is (see
// ClauseFlags); always when neither is given.
type TypeClause struct {
	Message string `json:"message"`
	If      string `json:"if,omitempty"`
	Unless  string `json:"unless,omitempty"`
}

// ClauseFlags are the flags of an assistance item a clause may depend on:
// the case file's boolean fields of that name (order.final: the order's).
var ClauseFlags = []string{"certification", "content", "under_oath", "video_link", "officials_present", "order.final"}

// LabelKeys are the labels a template may replace.
var LabelKeys = []string{
	"grounds",    // heading of an item's grounds: probable cause (US), reasonable grounds (CA)
	"sentencing", // wording of the sentencing commitment (NZ: Crown Law's form)
}

// Requirement facts: when a profile holds one of these facts, the rule of
// the same name applies to requests to that state. The fact's source is the
// finding's source.
const (
	// A sentencing commitment is required when a cited offence can carry
	// the death penalty.
	RequireSentencingAssurance = "requirement.sentencing_assurance"
	// No treaty applies: the request must promise reciprocity (ICJAL art. 13).
	RequireReciprocity = "requirement.reciprocity"
	// A search warrant needs an offence punishable by more than one year in
	// the requested state (18 U.S.C. § 3512(e)).
	RequireSearchPunishability = "requirement.search_punishability"
	// An urgent request states any limitation date that makes it urgent
	// (Australian guidance).
	RequireUrgentLimitationDate = "requirement.urgent_limitation_date"
	// An urgent request may be made by other means and must then be
	// confirmed in writing (Canada–PRC treaty art. 9(4)).
	RequireUrgentConfirmInWriting = "requirement.urgent_confirm_in_writing"
	// Freezing or confiscation needs a court's order or proceedings before
	// a court: a freezing decision of a supervisory commission or a
	// procuratorate alone is not enough (Canada: MLACMA s 9.3). An error.
	RequireRestraintCourtBasis = "requirement.restraint_court_basis"
	// Restraint preserves property for a forfeiture judgment; at the
	// investigation stage the request must show why a court will order
	// confiscation (United States: 28 U.S.C. § 2467(d)(3)). A warning.
	RequireRestraintForfeitureBasis = "requirement.restraint_forfeiture_basis"
	// The grounds of a search are current: the fact's Months is how old
	// the newest of them may be at the date of the request.
	RequireCurrentSearchGrounds = "requirement.current_search_grounds"
	// A court order to be registered is sent as a sealed or authenticated
	// copy (New Zealand: MACMA ss 56, 63).
	RequireRegistrationCopy = "requirement.registration_copy"
)

// OffenceTextOnly is the fact of a state that asks for the text of each
// offence and its maximum penalty and no equivalent offence of its own law
// (Australia): the request then lists no comparable offences.
const OffenceTextOnly = "dual_criminality.offence_text_only"

// CommonFacts is the file of facts shared by every state's profile (UNCAC
// texts, ICJAL); a state's own fact of the same id wins.
const CommonFacts = "templates/common.json"

// Load reads templates/<cc>/profile.json and its template from fsys. A
// file that cannot be used gives an *AssetError naming the file, line and
// field; a state without a profile gives an error wrapping fs.ErrNotExist.
// Commands read the states through a Registry, which loads each once.
func Load(fsys fs.FS, code string) (*Profile, *Template, error) {
	dir := path.Join("templates", strings.ToLower(code))
	name := path.Join(dir, "profile.json")
	p := &Profile{Dir: dir}
	data, err := readJSON(fsys, name, p)
	if err != nil {
		return nil, nil, err
	}
	if err := mergeCommon(fsys, p); err != nil {
		return nil, nil, err
	}
	if !strings.EqualFold(p.Code, code) {
		return nil, nil, &AssetError{File: name, Line: fieldLine(data, "code"), Field: "/code", Problem: ProblemBadValue,
			Detail: fmt.Sprintf("%q ≠ %q", p.Code, strings.ToUpper(code))}
	}
	if len(p.TranslationLanguages) == 0 {
		return nil, nil, &AssetError{File: name, Line: fieldLine(data, "translation_languages"), Field: "/translation_languages", Problem: ProblemBadValue, Detail: "[]"}
	}
	if p.Schema == "" || !fs.ValidPath(p.Schema) || strings.Contains(p.Schema, "/") {
		return nil, nil, &AssetError{File: name, Line: fieldLine(data, "schema"), Field: "/schema", Problem: ProblemNoSchema, Want: path.Join("schemas", p.Schema)}
	}
	if _, err := fs.Stat(fsys, path.Join("schemas", p.Schema)); err != nil {
		return nil, nil, &AssetError{File: name, Line: fieldLine(data, "schema"), Field: "/schema", Problem: ProblemNoSchema, Want: path.Join("schemas", p.Schema)}
	}
	tname := p.Template
	if tname == "" {
		tname = "request.json"
	}
	tfile := path.Join(dir, tname)
	t := &Template{}
	tdata, err := readJSON(fsys, tfile, t)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, &AssetError{File: name, Line: fieldLine(data, "template"), Field: "/template", Problem: ProblemNoSchema, Want: tfile}
		}
		return nil, nil, err
	}
	for i, id := range t.Relies {
		if _, ok := p.Facts[id]; !ok {
			return nil, nil, &AssetError{File: tfile, Line: fieldLine(tdata, id), Field: fmt.Sprintf("/relies_on/%d", i), Problem: ProblemBadValue,
				Detail: fmt.Sprintf("%q ∉ %s/profile.json facts", id, dir)}
		}
	}
	if err := checkTemplate(t, tfile, tdata); err != nil {
		return nil, nil, err
	}
	if err := readTypeClauses(fsys, t); err != nil {
		return nil, nil, err
	}
	if p.Guide, err = loadGuide(fsys, dir); err != nil {
		return nil, nil, err
	}
	return p, t, nil
}

// readTypeClauses reads AssistanceFile into t.TypeClauses. The file is
// optional (an asset tree of tests).
func readTypeClauses(fsys fs.FS, t *Template) error {
	if _, err := fs.Stat(fsys, AssistanceFile); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var file struct {
		Schema string `json:"$schema"`
		Types  map[string]struct {
			Clauses []TypeClause `json:"clauses"`
		} `json:"types"`
	}
	data, err := readJSON(fsys, AssistanceFile, &file)
	if err != nil {
		return err
	}
	t.TypeClauses = map[string][]TypeClause{}
	for typ, v := range file.Types {
		for i, c := range v.Clauses {
			bad := func(field, detail string) error {
				return &AssetError{File: AssistanceFile, Line: fieldLine(data, typ), Field: fmt.Sprintf("/types/%s/clauses/%d/%s", typ, i, field),
					Problem: ProblemBadValue, Detail: detail}
			}
			switch {
			case c.Message == "":
				return bad("message", `""`)
			case c.If != "" && !contains(ClauseFlags, c.If):
				return bad("if", fmt.Sprintf("%q ∉ %s", c.If, strings.Join(ClauseFlags, ", ")))
			case c.Unless != "" && !contains(ClauseFlags, c.Unless):
				return bad("unless", fmt.Sprintf("%q ∉ %s", c.Unless, strings.Join(ClauseFlags, ", ")))
			}
		}
		t.TypeClauses[typ] = v.Clauses
	}
	return nil
}

// mergeCommon adds the facts of templates/common.json that the profile does
// not define itself. The file is optional.
func mergeCommon(fsys fs.FS, p *Profile) error {
	var common struct {
		Facts map[string]Fact `json:"facts"`
	}
	if _, err := fs.Stat(fsys, CommonFacts); err != nil {
		return nil
	}
	if _, err := readJSON(fsys, CommonFacts, &common); err != nil {
		return err
	}
	if p.Facts == nil {
		p.Facts = map[string]Fact{}
	}
	for id, f := range common.Facts {
		if _, own := p.Facts[id]; !own {
			p.Facts[id] = f
		}
	}
	return nil
}

// checkTemplate reports a condition or label key the code does not know, so
// that a misspelling in a template is an error rather than a silent no-op.
func checkTemplate(t *Template, name string, data []byte) error {
	for i, s := range t.Sections {
		if s.When != "" && !contains(Conditions, s.When) {
			return &AssetError{File: name, Line: fieldLine(data, s.When), Field: fmt.Sprintf("/sections/%d/when", i), Problem: ProblemBadValue,
				Detail: fmt.Sprintf("%q ∉ {%s}", s.When, strings.Join(Conditions, ", "))}
		}
	}
	for k := range t.Labels {
		if !contains(LabelKeys, k) {
			return &AssetError{File: name, Line: fieldLine(data, k), Field: "/labels/" + k, Problem: ProblemBadValue,
				Detail: fmt.Sprintf("%q ∉ {%s}", k, strings.Join(LabelKeys, ", "))}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Fact returns the fact named id; a missing fact is an empty one.
func (p *Profile) Fact(id string) Fact { return p.Facts[id] }

// readJSON decodes the file name of fsys into v, strictly (no unknown
// field, no repeated key, nothing after the value), and returns its bytes.
func readJSON(fsys fs.FS, name string, v any) ([]byte, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := strictjson.Decode(data, v, strictjson.Options{}); err != nil {
		return nil, decodeError(name, data, err)
	}
	return data, nil
}
