// Package validate checks a case file against the JSON Schema of its
// requested state and against the rules a schema cannot express (references
// between ids, drawable characters, dates that hold together, untranslated
// text), and reports the result as findings.
//
// A finding names the JSON Pointer of the field, a stable rule id, the legal
// source of the requirement and a message id of locales/findings.*.toml;
// Localize turns the message id into Chinese and English text. The library's
// own English is never shown: each jsonschema error kind is mapped to our
// message ids, and one root cause gives one finding.
package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	neturl "net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/strictjson"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Severity says whether a finding blocks generating the request.
type Severity string

// Severities. Only Error makes a report invalid.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Finding is one problem found in a case file.
type Finding struct {
	// Key identifies the finding across versions of the case: the same
	// defect at the same place keeps its key (Identify).
	Key      string   `json:"id"`
	Severity Severity `json:"severity"`
	// Pointer is the JSON Pointer (RFC 6901) of the field in the case file;
	// "" is the whole file.
	Pointer string `json:"pointer"`
	// Rule is a stable rule id, for example "schema.required".
	Rule string `json:"rule"`
	// Message is the finding in each language ("zh", "en"), set by Localize.
	Message map[string]string `json:"message"`
	// Source is the legal source of the requirement ("UNCAC art. 46(15)(c)")
	// or "mla" for a rule of the file format.
	Source string `json:"source,omitempty"`
	// Section is the section of the request the finding belongs to (an id
	// of the state's template, or general, closing, evidence); set by
	// Review.
	Section string `json:"section,omitempty"`
	// Review is the reviewer's recorded decision on this finding, or a
	// mark that it is new since the review (see Report.Review).
	Review *Verdict `json:"review,omitempty"`

	// Also, when set, is a message id whose text follows the message (the
	// values a missing coded field may take).
	Also string `json:"-"`
	// ID is the message id in the locale files.
	ID string `json:"-"`
	// Args fill the message. A Label value is replaced by the message it
	// names, a List value is joined and a casefile.Text value gives its
	// text, each in the language of the message.
	Args map[string]any `json:"-"`
}

// Verdict is a reviewer's decision on one finding.
type Verdict struct {
	// Decision is "accept" (the finding is right), "reject" (it does not
	// apply) or "change" (the case must be changed); "" with New.
	Decision string `json:"decision,omitempty"`
	Comment  string `json:"comment,omitempty"`
	// New marks a finding that the recorded review did not see.
	New bool `json:"new,omitempty"`
}

// Decisions a reviewer may take on a finding.
var Decisions = []string{"accept", "reject", "change"}

// Request statuses: a request is a draft until every finding of this
// version of the case has a decision; reviewed then; approved when the
// reviewer also approved it and no decision asks for a change.
const (
	StatusDraft    = "draft"
	StatusReviewed = "reviewed"
	StatusApproved = "approved"
)

// ReviewState is the recorded review as it bears on this version of the
// case.
type ReviewState struct {
	Reviewer string `json:"reviewer"`
	Date     string `json:"date"`
	// CaseSHA256 is the version of the case the reviewer saw; Current
	// whether it is this one.
	CaseSHA256 string `json:"case_sha256"`
	Current    bool   `json:"current"`
	// Status is StatusDraft, StatusReviewed or StatusApproved.
	Status string `json:"status"`
	// Stale lists the ids of recorded decisions whose finding is gone.
	Stale []string `json:"stale,omitempty"`
}

// FormatVersion is the version of the report's JSON shape. It changes only
// when a field is removed or changes meaning; new fields may be added.
const FormatVersion = 1

// Report is the result of validating one case file: the shape that
// `mla validate --format json` prints and report.json holds.
type Report struct {
	FormatVersion int       `json:"format_version"`
	Valid         bool      `json:"valid"`
	State         string    `json:"state"`
	Findings      []Finding `json:"findings"`
	// Reference and Checklist are set by Review: the case's reference
	// number and the requested state's requirements, each met or not.
	Reference string        `json:"reference,omitempty"`
	Checklist []Requirement `json:"checklist,omitempty"`
	// CaseSHA256 is the SHA-256 of the case file's bytes: the version of
	// the case this report is about.
	CaseSHA256 string `json:"case_sha256,omitempty"`
	// Major lists what makes the case major (templates/major.json): such a
	// case is reviewed by experts before it is issued.
	Major []MajorReason `json:"major,omitempty"`
	// Review is the reviewer's sign-off recorded for the case (mla review
	// import), carried into this report; nil when there is none.
	Review *ReviewState `json:"review,omitempty"`

	rules Rules // the metadata of the rules (templates/rules.json)
}

// Errors returns the number of findings of severity error.
func (r *Report) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == Error {
			n++
		}
	}
	return n
}

// Label is a message id used as a message argument: Localize replaces it by
// that message in the language being written.
type Label string

// List is a message argument that Localize joins with the language's list
// separator (message finding.list.separator); elements may be Labels.
type List []any

// Coded is a coded value (as JSON text) shown with its label in the
// language of the message: "trial"（审判）.
type Coded struct {
	Code  string
	Label Label
}

// SchemaBase is the $id prefix of every schema; schema files live in the
// schemas/ folder of the assets under the name that follows the prefix.
const SchemaBase = "https://mla.invalid/schemas/v1/"

// BaseSchema is the file name of the base schema.
const BaseSchema = "case.schema.json"

// Validator validates case files. It compiles each state's schema once, on
// first use, and is safe for concurrent use.
type Validator struct {
	// Offences, when set, is the offence catalogue: an offence id it does
	// not list is a finding (rule offence.unknown).
	Offences *offences.Catalog
	// Registry is the requested states of the assets: which states exist,
	// each one's profile, template and schema. New makes one; a command
	// shares it so that each profile is read once per process.
	Registry *profile.Registry

	assets fs.FS

	mu       sync.Mutex
	compiler *jsonschema.Compiler
	schemas  map[string]*jsonschema.Schema // by file name
	docs     sync.Map                      // schema URL without fragment -> decoded JSON
	// compiling and loadErr, under mu: the schema being compiled and the
	// first reason its loader refused a file.
	compiling string
	loadErr   error
	// labels, under mu: the labelled enumeration values of each schema
	// file (labels.go).
	labels map[string][]EnumLabel

	legal legalState // the catalogue for the state rules (states.go)

	rules func() (Rules, error) // templates/rules.json, read once
}

// New returns a Validator reading schemas from the schemas/ folder of assets
// (the embedded assets, or the folder given with --assets).
func New(assets fs.FS) *Validator {
	v := &Validator{assets: assets, schemas: map[string]*jsonschema.Schema{}, Registry: profile.NewRegistry(assets)}
	v.rules = sync.OnceValues(func() (Rules, error) {
		if _, err := fs.Stat(assets, RulesFile); errors.Is(err, fs.ErrNotExist) {
			return builtinRules(), nil // an asset tree without rules (tests)
		}
		return LoadRules(assets)
	})
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(loader{v})
	v.compiler = c
	return v
}

// loader reads schemas from the assets; it refuses every URL outside
// SchemaBase, so no schema is ever fetched from the network.
type loader struct{ v *Validator }

func (l loader) Load(url string) (any, error) {
	name, ok := strings.CutPrefix(url, SchemaBase)
	if !ok || !fs.ValidPath(name) || strings.Contains(name, "/") {
		err := fmt.Errorf("schema %s: only %s<name> can be loaded", url, SchemaBase)
		l.v.refused(&RefError{File: path.Join("schemas", l.v.compiling), Ref: url})
		return nil, err
	}
	data, err := fs.ReadFile(l.v.assets, path.Join("schemas", name))
	if err != nil {
		l.v.refused(err)
		return nil, err
	}
	doc, err := parseSchema(path.Join("schemas", name), data)
	if err != nil {
		l.v.refused(err)
		return nil, err
	}
	// Every reference is checked before the compiler follows any, so that
	// the error names the file that holds it.
	if err := l.v.checkRefs(path.Join("schemas", name), url, doc); err != nil {
		l.v.refused(err)
		return nil, err
	}
	l.v.docs.Store(url, doc)
	return doc, nil
}

// RefError is a schema whose reference leads outside mla's own schemas
// (an http, https or file URL, another $id base), or to a schema that the
// schemas folder does not have. It is the user's error: mla never loads a
// schema from anywhere else.
type RefError struct {
	File    string // schemas/x.schema.json
	Ref     string // as written
	Missing bool   // under SchemaBase, but no such file
}

func (e *RefError) Error() string {
	if e.Missing {
		return fmt.Sprintf("%s: %s names a schema that schemas/ does not have", e.File, e.Ref)
	}
	return fmt.Sprintf("%s: %s is outside %s", e.File, e.Ref, SchemaBase)
}

// SyntaxError is a schema file that is not JSON: the user's error.
type SyntaxError struct {
	File   string // schemas/x.schema.json
	Line   int
	Detail string // the decoder's words
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Detail)
}

// syntaxLine is the line of a decoding error in data: where the decoder
// stopped, or the last line when the text ended too soon.
func syntaxLine(data []byte, err error) int {
	off := len(data)
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset <= int64(len(data)) {
		off = int(se.Offset)
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// parseSchema reads the schema file name strictly (a repeated key is
// refused too), into the values jsonschema.UnmarshalJSON would give.
func parseSchema(name string, data []byte) (any, error) {
	doc, err := strictjson.Parse(data, strictjson.Options{})
	if err != nil {
		var se *strictjson.Error
		if errors.As(err, &se) {
			return nil, &SyntaxError{File: name, Line: se.Line, Detail: se.Detail()}
		}
		return nil, &SyntaxError{File: name, Line: syntaxLine(data, err), Detail: err.Error()}
	}
	return doc.Value, nil
}

// refused keeps the first reason a load failed: the compiler wraps the
// loader's error in a type that does not unwrap. Called under v.mu.
func (v *Validator) refused(err error) {
	if v.loadErr == nil {
		v.loadErr = err
	}
}

// metaSchemas are the $schema values the compiler knows without loading.
var metaSchemas = map[string]bool{
	"json-schema.org/draft/2020-12/schema": true,
	"json-schema.org/draft/2019-09/schema": true,
	"json-schema.org/draft-07/schema":      true,
	"json-schema.org/draft-06/schema":      true,
	"json-schema.org/draft-04/schema":      true,
}

// checkRefs checks every $ref and $dynamicRef of the schema document doc
// (file, at URL base), resolved against the $id in scope: each must stay in
// its document or lead to a file of schemas/ under SchemaBase. A $schema
// must name a draft the compiler knows without loading anything.
func (v *Validator) checkRefs(file, base string, doc any) error {
	b, err := neturl.Parse(base)
	if err != nil {
		return &RefError{File: file, Ref: base}
	}
	if v.walkRefs(file, b, doc, false) == nil {
		return nil
	}
	// Again in key order, so that of two bad references the same one is
	// always reported (the first walk, in map order, is the fast one).
	return v.walkRefs(file, b, doc, true)
}

func (v *Validator) walkRefs(file string, base *neturl.URL, doc any, sorted bool) error {
	switch d := doc.(type) {
	case []any:
		for _, x := range d {
			if err := v.walkRefs(file, base, x, sorted); err != nil {
				return err
			}
		}
	case map[string]any:
		if id, ok := d["$id"].(string); ok {
			// An $id only names the resource (the editor schemas have
			// their own); references resolve against it.
			u, err := neturl.Parse(id)
			if err != nil {
				return &RefError{File: file, Ref: id}
			}
			base = base.ResolveReference(u)
		}
		if ms, ok := d["$schema"].(string); ok {
			m := strings.TrimSuffix(ms, "#")
			m = strings.TrimPrefix(strings.TrimPrefix(m, "https://"), "http://")
			if !metaSchemas[m] {
				return &RefError{File: file, Ref: ms}
			}
		}
		for _, k := range []string{"$ref", "$dynamicRef"} {
			if r, ok := d[k].(string); ok {
				if err := v.underBase(file, base, r); err != nil {
					return err
				}
			}
		}
		if !sorted {
			for k, x := range d {
				if err := v.walkKey(file, base, k, x, sorted); err != nil {
					return err
				}
			}
			return nil
		}
		for _, k := range slices.Sorted(maps.Keys(d)) {
			if err := v.walkKey(file, base, k, d[k], sorted); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkKey walks the value x of the keyword k of a schema.
func (v *Validator) walkKey(file string, base *neturl.URL, k string, x any, sorted bool) error {
	switch k {
	case "const", "enum", "default", "examples":
		return nil // data, not schemas
	}
	return v.walkRefs(file, base, x, sorted)
}

// underBase checks the reference ref, resolved against base: it stays in
// the same document, or leads to a file of schemas/ under SchemaBase.
func (v *Validator) underBase(file string, base *neturl.URL, ref string) error {
	if strings.HasPrefix(ref, "#") {
		return nil // in the same document
	}
	u, err := neturl.Parse(ref)
	if err != nil {
		return &RefError{File: file, Ref: ref}
	}
	abs := *base.ResolveReference(u)
	abs.Fragment, abs.RawFragment = "", ""
	self := *base
	self.Fragment, self.RawFragment = "", ""
	if abs.String() == self.String() {
		return nil
	}
	name, ok := strings.CutPrefix(abs.String(), SchemaBase)
	if !ok || !fs.ValidPath(name) || strings.Contains(name, "/") {
		return &RefError{File: file, Ref: ref}
	}
	if _, err := fs.Stat(v.assets, path.Join("schemas", name)); err != nil {
		return &RefError{File: file, Ref: ref, Missing: true}
	}
	return nil
}

// Schema returns the compiled schema of a file in schemas/ ("us.schema.json").
// A schema that refers outside mla's own schemas gives a *RefError.
func (v *Validator) Schema(name string) (*jsonschema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.schemas[name]; ok {
		return s, nil
	}
	v.compiling, v.loadErr = name, nil
	s, err := v.compiler.Compile(SchemaBase + name)
	if err != nil {
		if v.loadErr != nil {
			err = v.loadErr
		}
		return nil, fmt.Errorf("compiling schemas/%s: %w", name, err)
	}
	v.schemas[name] = s
	return s, nil
}

// States returns the requested states of the registry, as upper-case
// ISO 3166-1 alpha-2 codes, sorted. A broken state is an error.
func (v *Validator) States() ([]string, error) {
	return v.Registry.Codes()
}

var wellFormedState = regexp.MustCompile(`^[A-Z]{2}$`)

// Validate checks f against the schema of its requested state and the
// rules. The error is only for internal failures (a schema that does not
// compile); everything wrong with the case file is a finding.
func (v *Validator) Validate(f *casefile.File) (*Report, error) {
	if f == nil {
		return nil, errors.New("validate: no case file")
	}
	rs, err := v.rules()
	if err != nil {
		return nil, err
	}
	r := &Report{FormatVersion: FormatVersion, Findings: []Finding{}, rules: rs}
	var pre []Finding
	schemaName := BaseSchema
	if obj, ok := f.Raw.(map[string]any); ok {
		if st, ok := obj["requested_state"].(string); ok {
			r.State = st
			if wellFormedState.MatchString(st) {
				p, _, err := v.Registry.Load(st)
				if err != nil && !errors.Is(err, profile.ErrUnknown) {
					// A broken asset is the user's to fix, not a finding.
					return nil, err
				}
				if err == nil {
					schemaName = p.Schema
				} else {
					states, err := v.States()
					if err != nil {
						return nil, err
					}
					pre = append(pre, Finding{
						Pointer: "/requested_state", Rule: "state.unsupported",
						Args: map[string]any{"Field": "/requested_state", "State": st, "Supported": listOf(states)},
					})
				}
			}
		}
	}
	sch, err := v.Schema(schemaName)
	if err != nil {
		return nil, err
	}
	var schemaFindings []Finding
	if err := sch.Validate(f.Raw); err != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			return nil, fmt.Errorf("validating %s: %w", f.Name, err)
		}
		schemaFindings = v.findings(ve)
	}
	if len(pre) > 0 {
		// The unsupported state is the one finding about requested_state.
		kept := schemaFindings[:0]
		for _, fd := range schemaFindings {
			if fd.Pointer != "/requested_state" {
				kept = append(kept, fd)
			}
		}
		schemaFindings = kept
	}
	all := append(pre, schemaFindings...)
	taken := map[string]bool{}
	for _, fd := range all {
		taken[fd.Pointer] = true
	}
	found := rules(f.Raw)
	found = append(found, v.stateRules(f.Raw, r.State)...)
	if v.Offences != nil {
		found = append(found, unknownOffences(f.Raw, v.Offences)...)
	}
	found = append(found, rs.declared(f.Raw)...)
	for _, fd := range found {
		if !taken[fd.Pointer] {
			all = append(all, fd)
		}
	}
	rs.apply(all)
	r.Findings = dedupe(all)
	sortFindings(f, r.Findings)
	r.Valid = r.Errors() == 0
	return r, nil
}

func listOf(ss []string) List {
	l := make(List, len(ss))
	for i, s := range ss {
		l[i] = s
	}
	return l
}

func dedupe(fs []Finding) []Finding {
	seen := map[[2]string]bool{}
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		k := [2]string{f.Pointer, f.Rule}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

// sortFindings orders findings as their fields appear in the file; a
// finding about a missing field comes right after its parent's own findings.
func sortFindings(f *casefile.File, fs []Finding) {
	type key struct {
		off     int
		missing bool
	}
	keys := make(map[string]key, len(fs))
	keyOf := func(ptr string) key {
		if k, ok := keys[ptr]; ok {
			return k
		}
		k := key{}
		p := ptr
		for {
			if off, ok := f.Offset(p); ok {
				k.off = off
				break
			}
			k.missing = true
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
		keys[ptr] = k
		return k
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := keyOf(fs[i].Pointer), keyOf(fs[j].Pointer)
		if a.off != b.off {
			return a.off < b.off
		}
		if a.missing != b.missing {
			return !a.missing
		}
		if fs[i].Pointer != fs[j].Pointer {
			return fs[i].Pointer < fs[j].Pointer
		}
		return fs[i].Rule < fs[j].Rule
	})
}

// Localize fills the Message of every finding in Chinese and English, and
// in each language of extra that is neither (the user's, such as "fr"). A
// message id or a Label missing from any of them is an error.
func Localize(r *Report, cat *i18n.Catalog, extra ...string) error {
	langs := []string{"zh", "en"}
	for _, l := range extra {
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		msg := make(map[string]string, len(langs))
		for _, lang := range langs {
			data, err := localArgs(f.Args, lang, cat)
			if err != nil {
				return fmt.Errorf("finding %s at %q: %w", f.Rule, f.Pointer, err)
			}
			s, err := cat.T(lang, f.ID, data)
			if err != nil {
				return fmt.Errorf("finding %s at %q: %w", f.Rule, f.Pointer, err)
			}
			if f.Also != "" {
				more, err := cat.T(lang, f.Also, data)
				if err != nil {
					return fmt.Errorf("finding %s at %q: %w", f.Rule, f.Pointer, err)
				}
				s += more
			}
			msg[lang] = s
		}
		f.Message = msg
	}
	return nil
}

func localArgs(args map[string]any, lang string, cat *i18n.Catalog) (map[string]any, error) {
	out := make(map[string]any, len(args))
	for k, a := range args {
		v, err := localArg(a, lang, cat)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

// Local is a message argument (a Label, a List of them, a text) in lang,
// as a finding's message shows it.
func Local(a any, lang string, cat *i18n.Catalog) (string, error) {
	v, err := localArg(a, lang, cat)
	return fmt.Sprint(v), err
}

func localArg(a any, lang string, cat *i18n.Catalog) (any, error) {
	switch a := a.(type) {
	case casefile.Text:
		// Legal data (offence names, notes on comparable offences) is kept
		// in Chinese and English, and in French only where a request to
		// Canada quotes it. A finding in French names such a value in
		// English rather than leaving a blank.
		for _, l := range []string{lang, "en", "zh"} {
			if s := a.In(l); s != "" {
				return s, nil
			}
		}
		return "", nil
	case Label:
		return cat.T(lang, string(a), nil)
	case Coded:
		// A state's labels are checked when it is loaded (checkLabels);
		// without its label a value is still named by its code.
		label, err := cat.T(lang, string(a.Label), nil)
		if err != nil {
			return a.Code, nil
		}
		return cat.T(lang, "finding.coded", map[string]any{"Code": a.Code, "Label": label})
	case List:
		sep, err := cat.T(lang, "finding.list.separator", nil)
		if err != nil {
			return nil, err
		}
		parts := make([]string, len(a))
		for i, e := range a {
			s, err := localArg(e, lang, cat)
			if err != nil {
				return nil, err
			}
			parts[i] = fmt.Sprint(s)
		}
		return strings.Join(parts, sep), nil
	}
	return a, nil
}
