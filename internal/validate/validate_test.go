package validate

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

// repo is the repository root: the assets as the --assets flag would give
// them.
var repo = os.DirFS(filepath.Join("..", ".."))

// catalog loads only the findings locale files, so that other locale files
// being edited cannot break these tests.
func catalog(t testing.TB) *i18n.Catalog {
	return catalogOf(t, "findings.en.toml", "findings.zh-Hans.toml", "legal.en.toml", "legal.zh-Hans.toml", "integrity.en.toml", "integrity.zh-Hans.toml", "provisions.en.toml", "provisions.zh-Hans.toml", "restraint.en.toml", "restraint.zh-Hans.toml", "evidenceguide.en.toml", "evidenceguide.zh-Hans.toml")
}

// catalogOf loads the named locale files of the repository, and no other.
func catalogOf(t testing.TB, names ...string) *i18n.Catalog {
	t.Helper()
	m := fstest.MapFS{}
	for _, name := range names {
		data, err := fs.ReadFile(repo, "locales/"+name)
		if err != nil {
			t.Fatal(err)
		}
		m["locales/"+name] = &fstest.MapFile{Data: data}
	}
	cat, err := i18n.Load(m, "locales")
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func load(t testing.TB, name string) *casefile.File {
	t.Helper()
	data, err := fs.ReadFile(repo, name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := casefile.Parse(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func parse(t testing.TB, name string, v any) *casefile.File {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	f, err := casefile.Parse(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func validate(t testing.TB, v *Validator, f *casefile.File) *Report {
	t.Helper()
	r, err := v.Validate(f)
	if err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	return r
}

type rp struct{ Rule, Pointer string }

func rulesAt(r *Report) []rp {
	out := []rp{}
	for _, f := range r.Findings {
		out = append(out, rp{f.Rule, f.Pointer})
	}
	return out
}

func TestEverySchemaCompiles(t *testing.T) {
	v := New(repo)
	entries, err := fs.Glob(repo, "schemas/*.schema.json")
	if err != nil || len(entries) < 2 {
		t.Fatalf("schemas: %v %v", entries, err)
	}
	for _, e := range entries {
		if _, err := v.Schema(path.Base(e)); err != nil {
			t.Errorf("%s: %v", e, err)
		}
	}
}

// TestFixtures checks every fixture under schemas/testdata/<cc>/: a valid one
// gives no finding at all, an invalid one exactly the findings (rule and
// pointer) listed in its .want file, and nothing else.
func TestFixtures(t *testing.T) {
	v := New(repo)
	cat := catalog(t)
	valid, _ := fs.Glob(repo, "schemas/testdata/*/valid/*.json")
	invalid, _ := fs.Glob(repo, "schemas/testdata/*/invalid/*.json")
	if len(valid) < 2 || len(invalid) < 10 {
		t.Fatalf("too few fixtures: %d valid, %d invalid", len(valid), len(invalid))
	}
	for _, name := range valid {
		t.Run(name, func(t *testing.T) {
			r := validate(t, v, load(t, name))
			if len(r.Findings) != 0 || !r.Valid {
				t.Errorf("want no findings, got %v", rulesAt(r))
			}
		})
	}
	for _, name := range invalid {
		t.Run(name, func(t *testing.T) {
			want := readWant(t, strings.TrimSuffix(name, ".json")+".want")
			r := validate(t, v, load(t, name))
			if got := rulesAt(r); !reflect.DeepEqual(got, want) {
				t.Errorf("findings:\n got %v\nwant %v", got, want)
			}
			if err := Localize(r, cat); err != nil {
				t.Fatal(err)
			}
			for _, f := range r.Findings {
				for _, lang := range []string{"zh", "en"} {
					if f.Message[lang] == "" || strings.Contains(f.Message[lang], "finding.") {
						t.Errorf("%s message %q", lang, f.Message[lang])
					}
				}
				if f.Source == "" {
					t.Errorf("%s at %s has no source", f.Rule, f.Pointer)
				}
			}
			if r.Valid != (r.Errors() == 0) {
				t.Errorf("Valid = %v with %d errors", r.Valid, r.Errors())
			}
		})
	}
}

func readWant(t *testing.T, name string) []rp {
	t.Helper()
	f, err := repo.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []rp
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rule, ptr, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		if !ok {
			t.Fatalf("%s: bad line %q", name, sc.Text())
		}
		out = append(out, rp{rule, ptr})
	}
	return out
}

// TestRepoInvalidCases checks the case files the command's end-to-end tests
// use: each gives an error at the pointer in its .pointer file.
func TestRepoInvalidCases(t *testing.T) {
	v := New(repo)
	names, _ := fs.Glob(repo, "testdata/invalid/*.json")
	if len(names) < 3 {
		t.Fatalf("want at least 3 invalid case files, got %d", len(names))
	}
	for _, name := range names {
		data, err := fs.ReadFile(repo, strings.TrimSuffix(name, ".json")+".pointer")
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSpace(string(data))
		r := validate(t, v, load(t, name))
		if r.Valid || len(r.Findings) != 1 || r.Findings[0].Pointer != want {
			t.Errorf("%s: want one error at %s, got %v", name, want, rulesAt(r))
		}
	}
}

func TestExampleIsValid(t *testing.T) {
	v := New(repo)
	r := validate(t, v, load(t, "examples/us-embezzlement.json"))
	if len(r.Findings) != 0 {
		t.Errorf("examples/us-embezzlement.json: %v", rulesAt(r))
	}
}

// walkTexts calls fn with the pointer of every localized text.
func walkTexts(v any, ptr string, fn func(ptr string)) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["zh"]; ok && isText(v) {
			fn(ptr)
			return
		}
		for k, x := range v {
			walkTexts(x, ptr+"/"+k, fn)
		}
	case []any:
		for i, x := range v {
			walkTexts(x, ptr+"/"+itoa(i), fn)
		}
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func delAt(v any, ptr string) {
	toks := strings.Split(ptr[1:], "/")
	for _, t := range toks[:len(toks)-1] {
		switch c := v.(type) {
		case map[string]any:
			v = c[t]
		case []any:
			var i int
			_ = json.Unmarshal([]byte(t), &i)
			v = c[i]
		}
	}
	delete(v.(map[string]any), toks[len(toks)-1])
}

// TestEnglishRequiredEverywhere removes the English of each localized text
// of the richest fixture in turn: each must give exactly one finding, at that
// text's "en", with the overlay's message and source.
func TestEnglishRequiredEverywhere(t *testing.T) {
	v := New(repo)
	base := load(t, "schemas/testdata/us/valid/full.json")
	var ptrs []string
	walkTexts(base.Raw, "", func(p string) { ptrs = append(ptrs, p) })
	if len(ptrs) < 60 {
		t.Fatalf("only %d texts found", len(ptrs))
	}
	for _, p := range ptrs {
		var inst any
		_ = json.Unmarshal(base.Bytes, &inst)
		delAt(inst, p+"/en")
		r := validate(t, v, parse(t, "no-en.json", inst))
		want := []rp{{"schema.required", p + "/en"}}
		if got := rulesAt(r); !reflect.DeepEqual(got, want) {
			t.Errorf("without %s/en: got %v", p, got)
			continue
		}
		if f := r.Findings[0]; f.ID != "finding.text.en_missing" || f.Source != "ICJAL art. 10(2)" {
			t.Errorf("%s/en: id %s source %q", p, f.ID, f.Source)
		}
	}
}

func TestUndrawableNamesCodePoint(t *testing.T) {
	v := New(repo)
	r := validate(t, v, load(t, "schemas/testdata/us/invalid/rare-character-name.json"))
	if err := Localize(r, catalog(t)); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 {
		t.Fatalf("got %v", rulesAt(r))
	}
	f := r.Findings[0]
	if f.Pointer != "/persons/0/name/zh" || f.Rule != "text.undrawable" || f.Severity != Error {
		t.Fatalf("got %+v", f)
	}
	for _, lang := range []string{"zh", "en"} {
		if m := f.Message[lang]; !strings.Contains(m, "U+30000 \U00030000") || !strings.Contains(m, "/persons/0/name/zh") {
			t.Errorf("%s: %q", lang, m)
		}
	}
}

func TestUnsupportedStateListsSupported(t *testing.T) {
	v := New(repo)
	f := load(t, "schemas/testdata/us/invalid/unsupported-state.json")
	r := validate(t, v, f)
	if err := Localize(r, catalog(t)); err != nil {
		t.Fatal(err)
	}
	if r.State != "FR" || len(r.Findings) != 1 {
		t.Fatalf("state %q findings %v", r.State, rulesAt(r))
	}
	for _, lang := range []string{"zh", "en"} {
		if m := r.Findings[0].Message[lang]; !strings.Contains(m, "FR") || !strings.Contains(m, "US") {
			t.Errorf("%s: %q", lang, m)
		}
	}
	// The base schema alone does not require English.
	var inst map[string]any
	_ = json.Unmarshal(f.Bytes, &inst)
	delAt(inst, "/case/facts/en")
	if got := rulesAt(validate(t, v, parse(t, "fr.json", inst))); !reflect.DeepEqual(got, []rp{{"state.unsupported", "/requested_state"}}) {
		t.Errorf("got %v", got)
	}
}

// TestFindingDetails checks the message ids, arguments and sources chosen
// for some findings, and that findings come in the order of the document.
func TestFindingDetails(t *testing.T) {
	v := New(repo)
	cat := catalog(t)
	tests := []struct {
		fixture string
		id      string
		source  string
		args    map[string]any
		en      string // substring of the English message
	}{
		{"missing-facts", "finding.case.facts_missing", "UNCAC art. 46(15)(c); ICJAL art. 13(2)", map[string]any{"Field": "/case/facts"}, "Missing the facts (/case/facts)."},
		{"misspelt-field", "finding.schema.unknown_property_suggest", "mla", map[string]any{"Name": "fatcs", "Suggestion": "facts"}, `did you mean "facts"`},
		{"misspelt-language", "finding.schema.unknown_property_suggest", "mla", map[string]any{"Suggestion": "en"}, `"EN"`},
		{"unknown-assistance-type", "finding.schema.enum", "UNCAC art. 46(3)", map[string]any{"Got": `"bank_records"`}, `"records"`},
		{"invalid-date", "finding.date.invalid", "mla", map[string]any{"Got": `"2026-02-30"`}, "YYYY-MM-DD"},
		{"date-as-number", "finding.schema.type", "mla", map[string]any{"Got": Label("finding.type.number")}, "must be a text in double quotes, but it is a number"},
		{"text-as-string", "finding.text.not_object", "UNCAC art. 46(15)(c); ICJAL art. 13(2)", nil, `{"zh": "…", "en": "…"}`},
		{"records-without-institution", "finding.assistance.institution_missing", "ICJAL art. 26(5)", nil, "Name the bank"},
		{"records-without-scope", "finding.assistance.records_scope_missing", "ICJAL art. 26(4), (5)", nil, "accounts or record_types"},
		{"zero-amount", "finding.schema.exclusive_minimum", "mla", map[string]any{"Got": "0", "Want": "0"}, "greater than 0"},
		{"version-2", "finding.case.version", "mla", nil, `"version": 1`},
		{"dangling-person-ref", "finding.ref.unresolved", "UNCAC art. 46(15)(e); ICJAL art. 13(2)", map[string]any{"ID": "P9"}, "not in the list of persons (/persons)"},
		{"offence-after-request", "finding.date.after_request", "mla", map[string]any{"Date": "2026-04-01"}, "after the date of the request (2026-03-20)"},
		{"urgent-without-reason", "finding.urgency.reason_missing", "UNCAC art. 46(24)", nil, "reasons are given"},
		{"lowercase-state", "finding.country.invalid", "mla", nil, `"us" is not a country code`},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			r := validate(t, v, load(t, "schemas/testdata/us/invalid/"+tt.fixture+".json"))
			if len(r.Findings) != 1 {
				t.Fatalf("got %v", rulesAt(r))
			}
			f := r.Findings[0]
			if f.ID != tt.id || f.Source != tt.source {
				t.Errorf("id %s source %q, want %s %q", f.ID, f.Source, tt.id, tt.source)
			}
			for k, want := range tt.args {
				if got := f.Args[k]; got != want {
					t.Errorf("arg %s = %#v, want %#v", k, got, want)
				}
			}
			if err := Localize(r, cat); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Findings[0].Message["en"], tt.en) {
				t.Errorf("en %q does not contain %q", r.Findings[0].Message["en"], tt.en)
			}
		})
	}
}

func TestFindingsInDocumentOrder(t *testing.T) {
	v := New(repo)
	data, err := fs.ReadFile(repo, "schemas/testdata/us/valid/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	// Text edits keep the file's key order, which is not alphabetical.
	doc := string(data)
	for _, e := range [][2]string{
		{`"date": "2026-03-20"`, `"date": "2026-3-20"`},
		{`"facts":`, `"fact":`},
		{`"zh": "张三",`, "\"zh\": \"张\U00030000\","},
		{`"type": "locate_identify"`, `"type": "bank"`},
		{`"en": "To establish where the suspect is."`, `"EN": "To establish where the suspect is."`},
		{`"title": {
      "zh": "示例省监察委员会主任"`, `"titel": {
      "zh": "示例省监察委员会主任"`},
	} {
		if strings.Count(doc, e[0]) != 1 {
			t.Fatalf("%q is not unique", e[0])
		}
		doc = strings.Replace(doc, e[0], e[1], 1)
	}
	f, err := casefile.Parse("many.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []rp{
		{"schema.format", "/date"},
		{"schema.unknown_property", "/case/fact"},
		{"text.undrawable", "/persons/0/name/zh"},
		{"schema.enum", "/assistance/0/type"},
		{"schema.unknown_property", "/assistance/0/purpose/EN"},
		{"schema.unknown_property", "/signatory/titel"},
	}
	if got := rulesAt(validate(t, v, f)); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n %v\nwant\n %v", got, want)
	}
}

// TestHalfValidNeverCrashes feeds shapes a case officer could produce and
// asserts the validator reports them rather than failing.
func TestHalfValidNeverCrashes(t *testing.T) {
	v := New(repo)
	for _, doc := range []string{
		`[]`, `"x"`, `null`, `{}`, `{"requested_state": 1}`, `{"requested_state": "US"}`,
		`{"requested_state": "US", "persons": [1, {"id": 2}], "assistance": [{"type": "service_of_documents", "persons": ["P1", 3]}]}`,
		`{"requested_state": "US", "persons": {"id": "P1"}, "assets": [{"owner": "P1"}], "date": "2026-01-01", "urgency": {"execute_by": 5}}`,
		`{"requested_state": "US", "case": {"period": {"from": "x", "to": []}, "offences": [null]}}`,
	} {
		f, err := casefile.Parse("x.json", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		r := validate(t, v, f)
		if r.Valid || len(r.Findings) == 0 {
			t.Errorf("%s: no findings", doc)
		}
		if err := Localize(r, catalog(t)); err != nil {
			t.Errorf("%s: %v", doc, err)
		}
	}
}

func TestRulesOnWellFormedParts(t *testing.T) {
	v := New(repo)
	f := load(t, "schemas/testdata/us/valid/minimal.json")
	var inst map[string]any
	_ = json.Unmarshal(f.Bytes, &inst)
	inst["persons"].([]any)[0].(map[string]any)["name"].(map[string]any)["en"] = "张三"
	r := validate(t, v, parse(t, "untranslated.json", inst))
	if got := rulesAt(r); !reflect.DeepEqual(got, []rp{{"text.untranslated", "/persons/0/name/en"}}) {
		t.Fatalf("got %v", got)
	}
	if !r.Valid || r.Findings[0].Severity != Warning {
		t.Errorf("an untranslated text is a warning: %+v", r)
	}
	// A dangling reference is not reported while the target list itself
	// is broken: the list's own finding is the root cause.
	inst["persons"].([]any)[0].(map[string]any)["id"] = "p1"
	got := rulesAt(validate(t, v, parse(t, "bad-id.json", inst)))
	want := []rp{{"schema.pattern", "/persons/0/id"}, {"text.untranslated", "/persons/0/name/en"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestLocalize(t *testing.T) {
	cat := catalog(t)
	r := &Report{Findings: []Finding{{
		Rule: "schema.enum", Pointer: "/x", ID: "finding.schema.enum",
		Args: map[string]any{"Field": "/x", "Got": `"a"`, "Allowed": List{`"b"`, `"c"`}},
	}}}
	if err := Localize(r, cat); err != nil {
		t.Fatal(err)
	}
	if m := r.Findings[0].Message; !strings.Contains(m["zh"], `"b"、"c"`) || !strings.Contains(m["en"], `"b", "c"`) {
		t.Errorf("messages %q", m)
	}
	for _, bad := range []Finding{
		{ID: "finding.no_such_message", Args: map[string]any{}},
		{ID: "finding.schema.type", Args: map[string]any{"Field": "/x", "Got": Label("finding.type.nothing"), "Want": List{}}},
		{ID: "finding.schema.required", Args: map[string]any{}}, // placeholder without value
	} {
		if err := Localize(&Report{Findings: []Finding{bad}}, cat); err == nil {
			t.Errorf("%s: want an error", bad.ID)
		} else if bad.ID == "finding.no_such_message" && !errors.Is(err, i18n.ErrMissing) {
			t.Errorf("%v does not wrap ErrMissing", err)
		}
	}
}

// TestReportJSON pins the public JSON shape of a report.
func TestReportJSON(t *testing.T) {
	r := &Report{FormatVersion: FormatVersion, Valid: false, State: "US", Findings: []Finding{{
		Key: "k3m7q2a", Severity: Error, Pointer: "/case/facts", Rule: "schema.required",
		Message: map[string]string{"zh": "z", "en": "e"}, Source: "UNCAC art. 46(15)(c)", ID: "x", Args: map[string]any{"A": 1},
	}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"format_version":1,"valid":false,"state":"US","findings":[{"id":"k3m7q2a","severity":"error","pointer":"/case/facts","rule":"schema.required","message":{"en":"e","zh":"z"},"source":"UNCAC art. 46(15)(c)"}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	empty, _ := json.Marshal(validate(t, New(repo), load(t, "schemas/testdata/us/valid/minimal.json")))
	if !strings.Contains(string(empty), `"findings":[]`) {
		t.Errorf("no findings must be [], got %s", empty)
	}
}

// TestUnevaluatedCascadeSuppressed uses an overlay written the other way
// (allOf + unevaluatedProperties: false): one missing field must still give
// one finding, not one per property of the base.
func TestUnevaluatedCascadeSuppressed(t *testing.T) {
	base, _ := fs.ReadFile(repo, "schemas/case.schema.json")
	m := fstest.MapFS{
		"schemas/case.schema.json": {Data: base},
		"schemas/zz.schema.json": {Data: []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema",
			"$id": "https://mla.invalid/schemas/v1/zz.schema.json",
			"allOf": [{"$ref": "case.schema.json"}], "unevaluatedProperties": false}`)},
		"templates/zz/profile.json": {Data: []byte(`{"code": "ZZ", "name": {"zh": "甲", "en": "Z"}, "short_name": {"zh": "甲", "en": "Z"},
			"translation_languages": ["en"], "schema": "zz.schema.json"}`)},
		"templates/zz/request.json": {Data: []byte(`{"sections": []}`)},
	}
	v := New(m)
	f := load(t, "schemas/testdata/us/invalid/missing-facts.json")
	var inst map[string]any
	_ = json.Unmarshal(f.Bytes, &inst)
	inst["requested_state"] = "ZZ"
	// The bare template does not explain the supervisory commission that
	// drafts the case: a finding of its own, not of the cascade.
	want := []rp{{"schema.required", "/case/facts"}, {"authority.functions_missing", "/requesting_authority/name"}}
	if got := rulesAt(validate(t, v, parse(t, "zz.json", inst))); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
	states, err := v.States()
	if err != nil || !reflect.DeepEqual(states, []string{"ZZ"}) {
		t.Errorf("States() = %v, %v", states, err)
	}
}

func TestLoaderRefusesOtherURLs(t *testing.T) {
	m := fstest.MapFS{
		"schemas/case.schema.json": {Data: []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema",
			"$id": "https://mla.invalid/schemas/v1/case.schema.json", "$ref": "https://example.com/evil.json"}`)},
	}
	f, _ := casefile.Parse("x.json", []byte(`{}`))
	_, err := New(m).Validate(f)
	var re *RefError
	if !errors.As(err, &re) || re.File != "schemas/case.schema.json" || re.Ref != "https://example.com/evil.json" || re.Missing {
		t.Errorf("want a refusal of the reference in schemas/case.schema.json, got %v", err)
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

type tomlMessage struct {
	Description string `toml:"description"`
	Other       string `toml:"other"`
}

// readLocale reads and merges locale files; an id in two of them is an
// error.
func readLocale(t *testing.T, names ...string) map[string]tomlMessage {
	t.Helper()
	all := map[string]tomlMessage{}
	for _, name := range names {
		data, err := fs.ReadFile(repo, "locales/"+name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]tomlMessage
		if err := toml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id, msg := range m {
			if _, dup := all[id]; dup {
				t.Errorf("%s: %s is also in another locale file", name, id)
			}
			all[id] = msg
		}
	}
	return all
}

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return out
}

// TestLocaleFiles checks that both findings files hold the same ids with the
// same placeholders and a description, that every message id the schemas and
// this code use exists, and that the Chinese is Chinese.
func TestLocaleFiles(t *testing.T) {
	en := readLocale(t, "findings.en.toml", "report.en.toml")
	zh := readLocale(t, "findings.zh-Hans.toml", "report.zh-Hans.toml")
	// Findings on legal substance and state requirements live in their own
	// files, and so do those on characters, lengths and evidence files.
	for id, m := range readLocale(t, "legal.en.toml") {
		en[id] = m
	}
	for id, m := range readLocale(t, "legal.zh-Hans.toml") {
		zh[id] = m
	}
	for id, m := range readLocale(t, "integrity.en.toml") {
		if strings.HasPrefix(id, "finding.") {
			en[id] = m
		}
	}
	for id, m := range readLocale(t, "integrity.zh-Hans.toml") {
		if strings.HasPrefix(id, "finding.") {
			zh[id] = m
		}
	}
	// The evidence guidelines' findings live with the guidelines.
	for id, m := range readLocale(t, "evidenceguide.en.toml") {
		if strings.HasPrefix(id, "finding.") {
			en[id] = m
		}
	}
	for id, m := range readLocale(t, "evidenceguide.zh-Hans.toml") {
		if strings.HasPrefix(id, "finding.") {
			zh[id] = m
		}
	}
	// finding.coded only arranges a code and its label: no words of its own.
	compareLocales(t, en, zh, func(e, z string) bool {
		return len(placeholders(z)) > 0 && !hasHan(z) && z != "{{.Code}}（{{.Label}}）"
	})

	used := map[string]bool{}
	// Message ids in the schemas' annotations.
	schemas, _ := fs.Glob(repo, "schemas/*.schema.json")
	for _, s := range schemas {
		data, _ := fs.ReadFile(repo, s)
		for _, m := range regexp.MustCompile(`"x-(?:type-)?message":\s*"([^"]+)"`).FindAllSubmatch(data, -1) {
			used[string(m[1])] = true
		}
	}
	// Message ids written out in the Go code of validate and casefile.
	lit := regexp.MustCompile(`"((?:finding|load)\.[a-z0-9_.]*[a-z0-9_])"`)
	for _, dir := range []string{".", filepath.Join("..", "casefile")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			data, _ := os.ReadFile(file)
			for _, m := range lit.FindAllSubmatch(data, -1) {
				used[string(m[1])] = true
			}
		}
	}
	// Ids built from parts.
	for _, k := range []casefile.Kind{casefile.KindNotFound, casefile.KindPermission, casefile.KindIsDir, casefile.KindUnreadable,
		casefile.KindTooLarge, casefile.KindEmpty, casefile.KindEncoding, casefile.KindInvalidUTF8, casefile.KindSyntax, casefile.KindDuplicateKey} {
		used["load."+string(k)] = true
	}
	for _, typ := range []string{"object", "array", "string", "number", "integer", "boolean", "null"} {
		used["finding.type."+typ] = true
	}
	used["finding.lang.en"], used["finding.lang.fr"] = true, true
	if len(used) < 80 {
		t.Fatalf("only %d ids found: the scan is broken", len(used))
	}
	for id := range used {
		if _, ok := en[id]; !ok && !strings.HasSuffix(id, ".") {
			t.Errorf("%s is used but not in the locale files", id)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, name := range []string{"schemas/testdata/us/valid/full.json", "examples/us-embezzlement.json"} {
		b.Run(path.Base(name), func(b *testing.B) {
			v := New(repo)
			f := load(b, name)
			if _, err := v.Validate(f); err != nil { // compile outside the loop
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := v.Validate(f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func readJSON(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := fs.ReadFile(repo, name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// TestSchemaConventions checks the rules schemas follow: every property is
// described (the description is the field's help); every required property
// names its source; enums are oneOf of const + description; an overlay
// declares no property the base lacks.
func TestSchemaConventions(t *testing.T) {
	base := readJSON(t, "schemas/case.schema.json")
	var walk func(n any, path string, inThen bool)
	walk = func(n any, path string, inThen bool) {
		switch n := n.(type) {
		case map[string]any:
			if _, ok := n["enum"]; ok {
				t.Errorf("%s: use oneOf of const + description, not enum", path)
			}
			if one, ok := n["oneOf"].([]any); ok {
				for i, b := range one {
					bm, _ := b.(map[string]any)
					if _, ok := bm["const"]; !ok || bm["description"] == nil {
						t.Errorf("%s/oneOf/%d: want const and description", path, i)
					}
				}
			}
			props, _ := n["properties"].(map[string]any)
			if !inThen {
				for name, p := range props {
					if pm, _ := p.(map[string]any); pm["description"] == nil {
						t.Errorf("%s/properties/%s: no description", path, name)
					}
				}
				for _, r := range asSlice(n["required"]) {
					pm, _ := props[r.(string)].(map[string]any)
					if pm["x-source"] == nil && n["x-source"] == nil {
						t.Errorf("%s: required %s has no x-source", path, r)
					}
				}
				if props != nil && n["additionalProperties"] != false {
					t.Errorf("%s: object is not closed", path)
				}
			}
			for k, v := range n {
				walk(v, path+"/"+k, inThen || k == "then" || k == "if" || k == "anyOf")
			}
		case []any:
			for i, v := range n {
				walk(v, path+"/"+itoa(i), inThen)
			}
		}
	}
	walk(base, "", false)

	baseProps := base["properties"].(map[string]any)
	overlays, _ := fs.Glob(repo, "schemas/[a-z][a-z].schema.json")
	if len(overlays) == 0 {
		t.Fatal("no overlay")
	}
	for _, o := range overlays {
		m := readJSON(t, o)
		props, _ := m["properties"].(map[string]any)
		for name := range props {
			if _, ok := baseProps[name]; !ok {
				t.Errorf("%s declares %s, which the base lacks", o, name)
			}
		}
		if m["unevaluatedProperties"] != nil || m["additionalProperties"] != nil {
			t.Errorf("%s: overlays add constraints only", o)
		}
	}
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

// TestConcurrentUse validates several states' cases at once (run with -race).
func TestConcurrentUse(t *testing.T) {
	v := New(repo)
	files := []*casefile.File{
		load(t, "schemas/testdata/us/valid/full.json"),
		load(t, "schemas/testdata/us/invalid/unsupported-state.json"),
		load(t, "schemas/testdata/us/invalid/missing-facts.json"),
	}
	done := make(chan int, 12)
	for i := 0; i < cap(done); i++ {
		go func() {
			r, err := v.Validate(files[i%len(files)])
			if err != nil {
				t.Error(err)
			}
			done <- len(r.Findings)
		}()
	}
	for i := 0; i < cap(done); i++ {
		<-done
	}
}

// TestLoadErrorsLocalize renders every kind of loading error in both
// languages, as the command line does.
func TestLoadErrorsLocalize(t *testing.T) {
	cat := catalog(t)
	inputs := []string{"", "\xFF\xFE{\x00", "{\"a\": \"\xd5\xc5\"}", `{"a": 1,}`, "{\"a\" 1\n \"b\": 2}", `{"a":`, `{} x`,
		"{\"a\"：1}", `{'a': 1}`, "{\"a\": \"x\ny\"}", `{"a": tru}`, `{"a": 1, "a": 2}`}
	seen := map[string]bool{}
	for _, in := range inputs {
		_, err := casefile.Parse("case.json", []byte(in))
		var e *casefile.Error
		if !errors.As(err, &e) {
			t.Fatalf("%q: %v", in, err)
		}
		seen[e.MessageID] = true
		for _, lang := range []string{"zh", "en"} {
			s, err := cat.T(lang, e.MessageID, e.Args)
			if err != nil || !strings.Contains(s, "case.json") {
				t.Errorf("%s in %s: %q %v", e.MessageID, lang, s, err)
			}
		}
	}
	if len(seen) != len(inputs)-1 {
		t.Errorf("expected distinct message ids, got %v", seen)
	}
	for _, k := range []casefile.Kind{casefile.KindNotFound, casefile.KindPermission, casefile.KindIsDir, casefile.KindUnreadable, casefile.KindTooLarge} {
		args := map[string]any{"File": "case.json", "Limit": "16 MiB"}
		for _, lang := range []string{"zh", "en"} {
			if _, err := cat.T(lang, "load."+string(k), args); err != nil {
				t.Errorf("%s: %v", k, err)
			}
		}
	}
}

func TestOffenceCatalogue(t *testing.T) {
	cat, err := offences.Load(repo)
	if err != nil {
		t.Fatalf("offence catalogue: %v", err)
	}
	v := New(repo)
	v.Offences = cat
	for _, name := range []string{"schemas/testdata/us/valid/minimal.json", "schemas/testdata/us/valid/full.json", "examples/us-embezzlement.json"} {
		if r := validate(t, v, load(t, name)); len(r.Findings) != 0 {
			t.Errorf("%s: %v", name, rulesAt(r))
		}
	}
	f := load(t, "schemas/testdata/us/valid/minimal.json")
	var inst map[string]any
	_ = json.Unmarshal(f.Bytes, &inst)
	inst["case"].(map[string]any)["offences"].([]any)[0].(map[string]any)["id"] = "CN-CL-999"
	r := validate(t, v, parse(t, "999.json", inst))
	if got := rulesAt(r); !reflect.DeepEqual(got, []rp{{"offence.unknown", "/case/offences/0/id"}}) {
		t.Fatalf("got %v", got)
	}
	if err := Localize(r, catalog(t)); err != nil {
		t.Fatal(err)
	}
}

func TestAddUnconfirmed(t *testing.T) {
	p := &profile.Profile{Facts: map[string]profile.Fact{
		"treaty.in_force": {Value: casefile.Text{"zh": "2001年3月8日", "en": "8 March 2001"}, Source: "US–PRC Agreement (unconfirmed)", Check: profile.Note{Text: casefile.Text{"en": "Check the date."}}},
		"treaty.signed":   {Value: casefile.Text{"zh": "2000年6月19日", "en": "19 June 2000"}, Source: "FACTS", Confirmed: true},
	}}
	tpl := &profile.Template{Relies: []string{"treaty.signed", "treaty.in_force", "treaty.in_force", "no.such.fact"}}
	r := validate(t, New(repo), load(t, "schemas/testdata/us/valid/minimal.json"))
	AddUnconfirmed(r, p, tpl)
	AddUnconfirmed(r, p, tpl)
	if got := rulesAt(r); !reflect.DeepEqual(got, []rp{{"profile.unconfirmed", "/requested_state"}}) || !r.Valid {
		t.Fatalf("got %v, valid %v", got, r.Valid)
	}
	if err := Localize(r, catalog(t)); err != nil {
		t.Fatal(err)
	}
	m := r.Findings[0].Message
	if !strings.Contains(m["zh"], "2001年3月8日") || !strings.Contains(m["en"], "8 March 2001") || r.Findings[0].Severity != Info {
		t.Errorf("%+v", r.Findings[0])
	}
}

// compareLocales checks that the English and Chinese messages hold the same
// ids, each with a description and a text, the same placeholders, no
// Chinese in the English, and Chinese where notChinese does not excuse it.
func compareLocales(t *testing.T, en, zh map[string]tomlMessage, notChinese func(e, z string) bool) {
	t.Helper()
	for id, e := range en {
		z, ok := zh[id]
		if !ok {
			t.Errorf("%s: missing in zh-Hans", id)
			continue
		}
		if e.Description == "" || z.Description == "" || e.Other == "" || z.Other == "" {
			t.Errorf("%s: empty description or text", id)
		}
		if !reflect.DeepEqual(placeholders(e.Other), placeholders(z.Other)) {
			t.Errorf("%s: placeholders differ: %v / %v", id, placeholders(e.Other), placeholders(z.Other))
		}
		if hasHan(e.Other) {
			t.Errorf("%s: Chinese in the English text", id)
		}
		if notChinese(e.Other, z.Other) {
			t.Errorf("%s: the Chinese text has no Chinese", id)
		}
	}
	for id := range zh {
		if _, ok := en[id]; !ok {
			t.Errorf("%s: missing in en", id)
		}
	}
}

// TestSchemaReferences checks every kind of reference of a schema: only
// the same document and files of schemas/ under SchemaBase are followed.
func TestSchemaReferences(t *testing.T) {
	tests := []struct {
		ref     string
		ok      bool
		missing bool
	}{
		{"#/$defs/x", true, false},
		{"other.schema.json", true, false},
		{"https://mla.invalid/schemas/v1/other.schema.json#/$defs/x", true, false},
		{"nothing.schema.json", false, true},
		{"http://example.com/x.json", false, false},
		{"https://example.com/x.json", false, false},
		{"file:///etc/passwd", false, false},
		{"../v2/other.schema.json", false, false},
		{"sub/other.schema.json", false, false},
	}
	for _, tt := range tests {
		m := fstest.MapFS{
			"schemas/case.schema.json": {Data: []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema",
				"$id": "https://mla.invalid/schemas/v1/case.schema.json", "$defs": {"x": {"type": "object"}},
				"properties": {"a": {"$ref": ` + strconv.Quote(tt.ref) + `}}}`)},
			"schemas/other.schema.json": {Data: []byte(`{"$id": "https://mla.invalid/schemas/v1/other.schema.json", "$defs": {"x": true}}`)},
		}
		_, err := New(m).Schema(BaseSchema)
		var re *RefError
		switch {
		case tt.ok && err != nil:
			t.Errorf("%s: %v", tt.ref, err)
		case !tt.ok && (!errors.As(err, &re) || re.Ref != tt.ref || re.Missing != tt.missing || re.File != "schemas/case.schema.json"):
			t.Errorf("%s: got %v, want a RefError (missing %v)", tt.ref, err, tt.missing)
		}
	}
}

// TestSchemaReferencesReportedInOrder: of two bad references, the one
// first in key order is reported, every time.
func TestSchemaReferencesReportedInOrder(t *testing.T) {
	m := fstest.MapFS{"schemas/case.schema.json": {Data: []byte(`{"$id": "https://mla.invalid/schemas/v1/case.schema.json",
		"properties": {"z": {"$ref": "http://example.com/z.json"}, "a": {"$ref": "http://example.com/a.json"}, "m": {"$ref": "file:///m.json"}}}`)}}
	for i := 0; i < 20; i++ {
		_, err := New(m).Schema(BaseSchema)
		var re *RefError
		if !errors.As(err, &re) || re.Ref != "http://example.com/a.json" {
			t.Fatalf("got %v, want the reference of property a", err)
		}
	}
}
