package validate

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/strictjson"
)

// The review adds to a report what the expert reviewer reads it by: the
// section of the request each finding belongs to, and the requested state's
// checklist, each requirement met or not for this case.

// Requirement statuses.
const (
	Met           = "met"            // no finding bears on it
	NotMet        = "not_met"        // an error finding bears on it
	ToCheck       = "check"          // only warnings or notes bear on it
	NotApplicable = "not_applicable" // the case does not call for it
)

// Requirement is one item of the checklist in a report.
type Requirement struct {
	ID string `json:"id"`
	// Requirement is what is required, in each language ("zh", "en").
	Requirement map[string]string `json:"requirement"`
	Source      string            `json:"source"`
	// Status is met, not_met, check or not_applicable.
	Status string `json:"status"`
	// Findings are the findings that bear on the requirement.
	Findings []FindingRef `json:"findings,omitempty"`

	// MessageID is the requirement's message id in the locale files.
	MessageID string `json:"-"`
}

// FindingRef names a finding of the same report by its rule and pointer.
type FindingRef struct {
	Rule    string `json:"rule"`
	Pointer string `json:"pointer"`
}

// ChecklistItem is one requirement as the checklist files state it.
type ChecklistItem struct {
	ID string `json:"id"`
	// Requirement is the message id of the requirement's text.
	Requirement string `json:"requirement"`
	// Source is the legal source of the requirement.
	Source string `json:"source"`
	// Pointers are the fields the requirement is about, as JSON Pointers in
	// which "*" stands for any one token and "**" for any number of them.
	// A finding at one of them, or inside one, bears on the requirement,
	// and so does a schema finding about a parent that is missing or of
	// the wrong type.
	Pointers []string `json:"pointers,omitempty"`
	// Except are pointers inside Pointers that belong to another
	// requirement.
	Except []string `json:"except,omitempty"`
	// Rules are rule ids whose findings bear on the requirement wherever
	// they point.
	Rules []string `json:"rules,omitempty"`
	// AppliesIf, when set, makes the requirement apply only to a case that
	// has a value at the pointer (one of Equals, when given).
	AppliesIf *Condition `json:"applies_if,omitempty"`
	// Requires are values the case must have for the requirement to be
	// met: where one is missing the requirement is not met, whatever the
	// findings.
	Requires []Condition `json:"requires,omitempty"`
	// Review, when true, leaves the requirement to the reviewer: it is at
	// best to check, never met by default, since no data of the case
	// shows it is.
	Review bool `json:"review,omitempty"`
}

// Condition is a test on the case file.
type Condition struct {
	Pointer string `json:"pointer"`
	Equals  []any  `json:"equals,omitempty"`
}

// Checklist is the list of requirements of a request to one state.
type Checklist struct {
	Items []ChecklistItem `json:"items"`
}

// checklistFile is the shape of templates/checklist.json and
// templates/<cc>/checklist.json.
type checklistFile struct {
	Schema  string          `json:"$schema,omitempty"`
	Comment string          `json:"$comment,omitempty"`
	Items   []ChecklistItem `json:"items"`
}

// LoadChecklist reads the checklist of requests to state (upper or lower
// case; "" for none): the requirements of every request,
// templates/checklist.json, followed by the state's own,
// templates/<cc>/checklist.json, when there is one. A state's item with the
// id of a general one replaces it in place.
func LoadChecklist(fsys fs.FS, state string) (*Checklist, error) {
	cl := &Checklist{}
	general, err := readChecklist(fsys, "templates/checklist.json")
	if err != nil {
		return nil, err
	}
	cl.Items = general
	if state == "" || !wellFormedState.MatchString(strings.ToUpper(state)) {
		return cl, nil
	}
	own, err := readChecklist(fsys, path.Join("templates", strings.ToLower(state), "checklist.json"))
	if err != nil {
		return nil, err
	}
	for _, it := range own {
		replaced := false
		for i := range cl.Items {
			if cl.Items[i].ID == it.ID {
				cl.Items[i], replaced = it, true
			}
		}
		if !replaced {
			cl.Items = append(cl.Items, it)
		}
	}
	return cl, nil
}

// readChecklist reads one checklist file; a missing file is an empty list.
func readChecklist(fsys fs.FS, name string) ([]ChecklistItem, error) {
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f checklistFile
	if err := strictjson.Decode(data, &f, strictjson.Options{}); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	seen := map[string]bool{}
	for i, it := range f.Items {
		where := fmt.Sprintf("%s: /items/%d", name, i)
		switch {
		case it.ID == "" || it.Requirement == "" || it.Source == "":
			return nil, fmt.Errorf("%s: id, requirement and source are required", where)
		case seen[it.ID]:
			return nil, fmt.Errorf("%s: id %q is used twice", where, it.ID)
		case len(it.Pointers) == 0 && len(it.Rules) == 0 && len(it.Requires) == 0 && !it.Review:
			return nil, fmt.Errorf("%s: give pointers or rules, or nothing can bear on %q", where, it.ID)
		}
		seen[it.ID] = true
		ptrs := append(append([]string{}, it.Pointers...), it.Except...)
		if it.AppliesIf != nil {
			ptrs = append(ptrs, it.AppliesIf.Pointer)
		}
		for _, c := range it.Requires {
			ptrs = append(ptrs, c.Pointer)
		}
		for _, p := range ptrs {
			if !strings.HasPrefix(p, "/") {
				return nil, fmt.Errorf("%s: pointer %q must start with /", where, p)
			}
		}
	}
	return f.Items, nil
}

// Review completes a localized report for the reviewer: the case
// reference, the section of the request of every finding (from the
// state's template t; nil puts every finding in "general") and the
// checklist cl with each requirement's status, localized with cat. It may
// be called again: it replaces what it set before.
func Review(r *Report, f *casefile.File, t *profile.Template, cl *Checklist, cat *i18n.Catalog) error {
	var raw any
	if f != nil {
		raw = f.Raw
	}
	root, _ := raw.(map[string]any)
	r.Reference, _ = root["reference"].(string)
	for i := range r.Findings {
		r.Findings[i].Section = SectionOf(t, r.Findings[i].Pointer)
	}
	r.Checklist = nil
	if cl == nil {
		return nil
	}
	r.Checklist = make([]Requirement, 0, len(cl.Items))
	for _, it := range cl.Items {
		req := Requirement{ID: it.ID, Source: it.Source, Status: Met, MessageID: it.Requirement}
		if it.AppliesIf != nil && !holds(raw, *it.AppliesIf) {
			req.Status = NotApplicable
		} else {
			worst := Severity("")
			for _, fd := range r.Findings {
				if !bears(it, fd) {
					continue
				}
				req.Findings = append(req.Findings, FindingRef{Rule: fd.Rule, Pointer: fd.Pointer})
				if worst != Error {
					worst = fd.Severity
				}
			}
			missing := false
			for _, c := range it.Requires {
				if !holds(raw, c) {
					missing = true
				}
			}
			switch {
			case worst == Error || missing:
				req.Status = NotMet
			case worst != "" || it.Review:
				req.Status = ToCheck
			}
		}
		msg := make(map[string]string, 2)
		for _, lang := range []string{"zh", "en"} {
			s, err := cat.T(lang, it.Requirement, nil)
			if err != nil {
				return fmt.Errorf("checklist item %s: %w", it.ID, err)
			}
			msg[lang] = s
		}
		req.Requirement = msg
		r.Checklist = append(r.Checklist, req)
	}
	return nil
}

// bears reports whether finding f bears on checklist item it.
func bears(it ChecklistItem, f Finding) bool {
	for _, r := range it.Rules {
		if r == f.Rule {
			return true
		}
	}
	ptr := tokens(f.Pointer)
	for _, p := range it.Except {
		if within(ptr, tokens(p)) {
			return false
		}
	}
	for _, p := range it.Pointers {
		pat := tokens(p)
		if within(ptr, pat) {
			return true
		}
		// A parent that is missing or of the wrong type hides the field.
		if strings.HasPrefix(f.Rule, "schema.") && len(ptr) < len(pat) && within(ptr, pat[:len(ptr)]) && !contains(pat[:len(ptr)], "**") {
			return true
		}
	}
	return false
}

// tokens splits a JSON Pointer into its tokens, unescaped.
func tokens(ptr string) []string {
	if ptr == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, p := range parts {
		parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
	}
	return parts
}

// within reports whether the pointer ptr is the pattern pat or lies inside
// it: "*" matches one token, "**" any number.
func within(ptr, pat []string) bool {
	if len(pat) == 0 {
		return true
	}
	if pat[0] == "**" {
		for i := 0; i <= len(ptr); i++ {
			if within(ptr[i:], pat[1:]) {
				return true
			}
		}
		return false
	}
	if len(ptr) == 0 || pat[0] != "*" && pat[0] != ptr[0] {
		return false
	}
	return within(ptr[1:], pat[1:])
}

// holds reports whether the case has a value at the condition's pointer
// (one of its Equals values, when given).
func holds(raw any, c Condition) bool {
	found := false
	var walk func(v any, pat []string)
	walk = func(v any, pat []string) {
		if found {
			return
		}
		if len(pat) == 0 {
			if len(c.Equals) == 0 {
				found = true
				return
			}
			for _, e := range c.Equals {
				if fmt.Sprint(e) == fmt.Sprint(v) {
					found = true
					return
				}
			}
			return
		}
		switch x := v.(type) {
		case map[string]any:
			if pat[0] == "*" {
				for _, y := range x {
					walk(y, pat[1:])
				}
			} else if y, ok := x[pat[0]]; ok {
				walk(y, pat[1:])
			}
		case []any:
			for i, y := range x {
				if pat[0] == "*" || pat[0] == fmt.Sprint(i) {
					walk(y, pat[1:])
				}
			}
		}
	}
	walk(raw, tokens(c.Pointer))
	return found
}

// Sections of the review that are not sections of the request: the
// letter's head (addressee, reference, date), its end (signature,
// annexes) and the evidence list annexed to it.
const (
	SectionGeneral  = "general"
	SectionClosing  = "closing"
	SectionEvidence = "evidence"
)

// Section is a section of the review: a section of the request, or one of
// SectionGeneral, SectionClosing, SectionEvidence.
type Section struct {
	ID string
	// Heading is the message id of its heading.
	Heading string
}

// Sections lists the sections of the review in the order a reviewer reads
// them: the letter's head, the request's sections as the state's template
// orders them, the letter's end, the evidence list.
func Sections(t *profile.Template) []Section {
	out := []Section{{SectionGeneral, "report.section.general"}}
	if t != nil {
		for _, s := range t.Sections {
			out = append(out, Section{s.ID, s.Heading})
		}
	}
	return append(out, Section{SectionClosing, "report.section.closing"}, Section{SectionEvidence, "report.section.evidence"})
}

// contentOf maps the fields of the case file to the content kinds of the
// request templates (the "content" of a template section) that draw on
// them. The first pattern that holds the pointer wins, so the more
// specific come first.
var contentOf = []struct {
	pattern string
	content string
}{
	{"/assistance/*/link", "links"},
	{"/assistance/*/procedure", "procedures"},
	{"/assistance", "assistance"},
	{"/assets", "assistance"},
	{"/case/summary", "summary"},
	{"/case/facts", "facts"},
	{"/case/period", "facts"},
	{"/case/procedure", "procedure"},
	{"/case/offences", "offences"},
	{"/case", "nature"},
	{"/persons", "persons"},
	{"/requesting_authority", "authority"},
	{"/urgency", "time_limit"},
	{"/classification", "confidentiality"},
	{"/assurances", "assurances"},
	{"/contact", "contact"},
	{"/signatory", "signature"},
	{"/annexes", "annexes"},
}

// SectionOf returns the id of the review section a finding at ptr belongs
// to: the section of template t whose content draws on the field, the
// letter's end, the evidence list, or else the letter's head.
func SectionOf(t *profile.Template, ptr string) string {
	toks := tokens(ptr)
	if len(toks) > 0 && toks[0] == "evidence" {
		return SectionEvidence
	}
	content := ""
	for _, c := range contentOf {
		if within(toks, tokens(c.pattern)) {
			content = c.content
			break
		}
	}
	if content == "" || t == nil {
		return SectionGeneral
	}
	for _, s := range t.Sections {
		if contains(s.Content, content) {
			return s.ID
		}
	}
	if contains(t.Closing, content) {
		return SectionClosing
	}
	return SectionGeneral
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
