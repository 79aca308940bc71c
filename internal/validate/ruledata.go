package validate

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"

	mla "github.com/mla-dev/mla"

	"github.com/mla-dev/mla/internal/strictjson"
)

// RulesFile is where the rules' metadata lives, in the asset tree: for each
// rule id the Go code emits, its severity, its legal source and its message
// ids. The Go code decides where a rule fires; the file says how grave it is
// and on what it rests, so a lawyer can correct a citation without Go.
const RulesFile = "templates/rules.json"

// RuleMeta is one rule of RulesFile.
type RuleMeta struct {
	Severity Severity `json:"severity"`
	// Source is the legal source. With SourceFrom "requirement" it is
	// followed by the source of the state's requirement (a profile fact).
	Source string `json:"source,omitempty"`
	// SourceFrom names where the source comes from when it depends on the
	// case: schema (the node's x-source), fact (the profile fact),
	// requirement (the state's requirement, after Source), equivalents
	// (the state's table of comparable offences), guideline (the state's
	// evidence-list guideline, templates/<cc>/evidence-guide.json).
	SourceFrom string `json:"source_from,omitempty"`
	// Sources are the sources by variant (ref.unresolved: by list).
	Sources map[string]string `json:"sources,omitempty"`
	// Messages are the message ids the rule uses; the first is the
	// default.
	Messages []string `json:"messages"`
	Note     string   `json:"note,omitempty"`
	// When and Requires make a rule of data alone, with no Go: each item
	// of assistance of type When.AssistanceType that lacks one of the
	// fields Requires (absent or empty) is a finding at that field.
	When     *RuleWhen `json:"when,omitempty"`
	Requires []string  `json:"requires,omitempty"`
}

// RuleWhen says to what a rule of data applies.
type RuleWhen struct {
	AssistanceType string `json:"assistance_type"`
}

// Rules are the rules of RulesFile by id.
type Rules map[string]RuleMeta

// RulesError is a rules file that mla cannot use: the user's error when it
// comes from --assets.
type RulesError struct {
	File   string // templates/rules.json
	Line   int
	Field  string // JSON Pointer, "" for the whole file
	Detail string
}

func (e *RulesError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Detail)
}

var (
	ruleIDForm   = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)
	messageForm  = regexp.MustCompile(`^finding\.[a-z0-9_.]+$`)
	fieldName    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	sourcesFroms = map[string]bool{"schema": true, "fact": true, "requirement": true, "equivalents": true, "guideline": true}
)

// LoadRules reads and checks RulesFile in fsys.
func LoadRules(fsys fs.FS) (Rules, error) {
	data, err := fs.ReadFile(fsys, RulesFile)
	if err != nil {
		return nil, &RulesError{File: RulesFile, Line: 1, Detail: err.Error()}
	}
	return parseRules(data)
}

func parseRules(data []byte) (Rules, error) {
	doc, err := strictjson.Parse(data, strictjson.Options{})
	if err != nil {
		return nil, decodeRulesError(RulesFile, err)
	}
	var file struct {
		Schema  string              `json:"$schema"`
		XSource string              `json:"x-source"`
		Rules   map[string]RuleMeta `json:"rules"`
	}
	if err := doc.Decode(&file, strictjson.Options{}); err != nil {
		return nil, decodeRulesError(RulesFile, err)
	}
	fail := func(off int, field, detail string) error {
		line, _ := doc.Position(off)
		return &RulesError{File: RulesFile, Line: line, Field: field, Detail: detail}
	}
	if file.Rules == nil {
		return nil, fail(0, "/rules", "missing")
	}
	for _, id := range doc.Keys("/rules") {
		field := "/rules/" + strictjson.EscapePointer(id)
		at, _ := doc.KeyOffset(field)
		if !ruleIDForm.MatchString(id) {
			return nil, fail(at, field, "a rule id is lower-case words joined by dots")
		}
		if f, detail := checkRule(file.Rules[id]); f != "" {
			// At the member the field names (its first segment), or
			// at the rule when it is not written.
			name, _, _ := strings.Cut(f, "/")
			if off, ok := doc.KeyOffset(field + "/" + name); ok {
				at = off
			}
			return nil, fail(at, field+"/"+f, detail)
		}
	}
	return file.Rules, nil
}

// decodeRulesError is the RulesError of file (the rules or the criteria of
// a major case) for what strictjson refused: the line, and the field
// when the problem is one.
func decodeRulesError(file string, err error) error {
	var se *strictjson.Error
	if !errors.As(err, &se) {
		return &RulesError{File: file, Line: 1, Detail: err.Error()}
	}
	field := se.Pointer
	switch se.Kind {
	case strictjson.KindSyntax, strictjson.KindTrailing:
		field = ""
	case strictjson.KindDuplicateKey:
		field = se.Pointer + "/" + strictjson.EscapePointer(se.Key)
	}
	return &RulesError{File: file, Line: se.Line, Field: field, Detail: se.Detail()}
}

// checkRule returns the field of m that is wrong and why, or "".
func checkRule(m RuleMeta) (field, detail string) {
	switch m.Severity {
	case Error, Warning, Info:
	default:
		return "severity", "must be error, warning or info"
	}
	if m.SourceFrom != "" && !sourcesFroms[m.SourceFrom] {
		return "source_from", "must be schema, fact, requirement, equivalents or guideline"
	}
	if m.Source == "" && m.SourceFrom == "" && len(m.Sources) == 0 {
		return "source", "missing: a legal source, or mla for mla's own rule"
	}
	for k, s := range m.Sources {
		if strings.TrimSpace(s) == "" {
			return "sources/" + strictjson.EscapePointer(k), "empty"
		}
	}
	if m.When != nil && !fieldName.MatchString(m.When.AssistanceType) {
		return "when/assistance_type", "an assistance type of the case schema, such as records"
	}
	if len(m.Requires) > 0 && m.When == nil {
		return "when", "missing: requires needs when.assistance_type"
	}
	if m.When != nil && len(m.Requires) == 0 {
		return "requires", "missing: the fields the assistance type requires"
	}
	for i, f := range m.Requires {
		if !fieldName.MatchString(f) {
			return fmt.Sprintf("requires/%d", i), "a field name of an assistance item, such as institution"
		}
	}
	if len(m.Messages) == 0 {
		return "messages", "missing"
	}
	for i, id := range m.Messages {
		if !messageForm.MatchString(id) {
			return fmt.Sprintf("messages/%d", i), "a message id starts with finding."
		}
	}
	return "", ""
}

// builtinRules are the rules of the embedded assets, for a Report that was
// not made by a Validator (tests, a report read back).
var builtinRules = sync.OnceValue(func() Rules {
	rs, err := LoadRules(mla.Assets())
	if err != nil {
		panic("validate: embedded " + err.Error())
	}
	return rs
})

// meta returns the rules the report's findings take their metadata from.
func (r *Report) meta() Rules {
	if r.rules != nil {
		return r.rules
	}
	return builtinRules()
}

// apply sets the severity, source and message id of new findings from the
// rules file. Each finding goes through apply once, when it is made: a
// finding's Source, set by the Go rule, is the variant (ref.unresolved:
// the list) or the case-dependent part of the source (source_from).
func (rs Rules) apply(fs []Finding) {
	for i := range fs {
		f := &fs[i]
		m, ok := rs[f.Rule]
		if !ok {
			continue // TestRulesCoverGo
		}
		f.Severity = m.Severity
		switch {
		case m.Sources != nil:
			f.Source = m.Sources[f.Source]
		case m.SourceFrom == "requirement":
			f.Source = joinSource(m.Source, f.Source)
		case m.SourceFrom == "fact" || m.SourceFrom == "guideline":
			if f.Source == "" {
				f.Source = "mla"
			}
		case m.SourceFrom == "":
			f.Source = m.Source
		}
		if f.ID == "" {
			f.ID = m.Messages[0]
		}
	}
}

// joinSource joins a fixed legal source with the source of the profile
// fact that makes a rule apply to the state.
func joinSource(base, fact string) string {
	switch {
	case fact == "":
		return base
	case base == "":
		return fact
	}
	return base + "; " + fact
}

// declared applies the rules of data (When, Requires) to the case.
func (rs Rules) declared(raw any) []Finding {
	ids := make([]string, 0, len(rs))
	for id, m := range rs {
		if m.When != nil {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out []Finding
	for _, id := range ids {
		m := rs[id]
		for i, it := range items(asMap(raw), "assistance") {
			obj := asMap(it)
			if obj == nil || obj["type"] != m.When.AssistanceType {
				continue
			}
			item := fmt.Sprintf("/assistance/%d", i)
			for _, field := range m.Requires {
				if !empty(obj[field]) {
					continue
				}
				ptr := item + "/" + field
				out = append(out, Finding{Pointer: ptr, Rule: id, Args: map[string]any{"Field": ptr, "Item": item, "ID": itemID(obj)}})
			}
		}
	}
	return out
}

// empty reports whether a value is absent, blank, or an empty list or
// object.
func empty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		for _, x := range v {
			if !empty(x) {
				return false
			}
		}
		return true
	}
	return false
}
