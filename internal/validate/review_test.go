package validate

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mla-dev/mla/internal/profile"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func TestWithin(t *testing.T) {
	tests := []struct {
		ptr, pat string
		want     bool
	}{
		{"/case/facts", "/case/facts", true},
		{"/case/facts/en", "/case/facts", true},
		{"/case/factsheet", "/case/facts", false},
		{"/case", "/case/facts", false},
		{"/assistance/3/link/en", "/assistance/*/link", true},
		{"/assistance/3/purpose", "/assistance/*/link", false},
		{"/persons/0/name/en", "/**/en", true},
		{"/en", "/**/en", true},
		{"/persons/0/name/zh", "/**/en", false},
		{"/persons/0/name/en/x", "/**/en", true},
		{"/a~1b", "/a~1b", true},
		{"", "/case", false},
	}
	for _, tt := range tests {
		if got := within(tokens(tt.ptr), tokens(tt.pat)); got != tt.want {
			t.Errorf("within(%q, %q) = %v, want %v", tt.ptr, tt.pat, got, tt.want)
		}
	}
}

func usTemplate(t *testing.T) *profile.Template {
	t.Helper()
	_, tmpl, err := profile.Load(repo, "US")
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func TestSectionOf(t *testing.T) {
	tmpl := usTemplate(t)
	tests := []struct{ ptr, want string }{
		{"/requesting_authority/name/en", "authority"},
		{"/case/facts/en", "case"},
		{"/case/title", "case"},
		{"/persons/2/nationalities/0", "case"},
		{"/case/offences/0/id", "law"},
		{"/assistance/1/persons/0", "assistance"},
		{"/assets/0/value/currency", "assistance"},
		{"/assistance/2/link", "link"},
		{"/urgency/execute_by", "time_limit"},
		{"/assistance/0/procedure", "other"},
		{"/classification", "other"},
		{"/assurances/costs", "assurances"},
		{"/contact/phone", "contact"},
		{"/signatory/name", SectionClosing},
		{"/annexes/0/title", SectionClosing},
		{"/evidence/23", SectionEvidence},
		{"/date", SectionGeneral},
		{"/requested_state", SectionGeneral},
		{"", SectionGeneral},
	}
	for _, tt := range tests {
		if got := SectionOf(tmpl, tt.ptr); got != tt.want {
			t.Errorf("SectionOf(%q) = %q, want %q", tt.ptr, got, tt.want)
		}
	}
	if got := SectionOf(nil, "/case/facts"); got != SectionGeneral {
		t.Errorf("without a template: %q", got)
	}
	// Every section a finding can land in is listed, general first.
	secs := Sections(tmpl)
	if secs[0].ID != SectionGeneral || secs[len(secs)-1].ID != SectionEvidence || len(secs) != len(tmpl.Sections)+3 {
		t.Errorf("sections %v", secs)
	}
}

func TestLoadChecklist(t *testing.T) {
	general, err := LoadChecklist(repo, "")
	if err != nil {
		t.Fatal(err)
	}
	us, err := LoadChecklist(repo, "US")
	if err != nil {
		t.Fatal(err)
	}
	if len(general.Items) < 15 || len(us.Items) < len(general.Items) {
		t.Fatalf("%d general items, %d for the US", len(general.Items), len(us.Items))
	}
	// The US item with the id of a general one replaces it in place.
	for i, it := range general.Items {
		if it.ID == "translation" {
			if us.Items[i].ID != "translation" || us.Items[i].Requirement != "checklist.us.translation" {
				t.Errorf("US translation item %+v", us.Items[i])
			}
		}
	}
	if _, err := LoadChecklist(repo, "ZZ"); err != nil {
		t.Errorf("a state without its own checklist: %v", err)
	}

	base, _ := fs.ReadFile(repo, "templates/checklist.json")
	bad := []struct{ name, file, want string }{
		{"unknown field", `{"items": [{"id": "a", "requirement": "m", "source": "s", "rules": ["r"], "typo": 1}]}`, "typo"},
		{"no source", `{"items": [{"id": "a", "requirement": "m", "rules": ["r"]}]}`, "/items/0"},
		{"duplicate id", `{"items": [{"id": "a", "requirement": "m", "source": "s", "rules": ["r"]}, {"id": "a", "requirement": "m", "source": "s", "rules": ["r"]}]}`, "/items/1"},
		{"nothing bears on it", `{"items": [{"id": "a", "requirement": "m", "source": "s"}]}`, "/items/0"},
		{"relative pointer", `{"items": [{"id": "a", "requirement": "m", "source": "s", "pointers": ["case"]}]}`, "must start with /"},
	}
	for _, tt := range bad {
		fsys := fstest.MapFS{
			"templates/checklist.json":    {Data: base},
			"templates/xx/checklist.json": {Data: []byte(tt.file)},
		}
		_, err := LoadChecklist(fsys, "XX")
		if err == nil || !strings.Contains(err.Error(), "templates/xx/checklist.json") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one naming the file and %q", tt.name, err, tt.want)
		}
	}
}

// TestReviewStatus: a requirement is not met when an error bears on it, to
// check when only a warning or note does, met when nothing does, and not
// applicable when the case does not call for it.
func TestReviewStatus(t *testing.T) {
	v := New(repo)
	inst := minimal(t)
	delete(at(inst, "/assistance/0"), "link")                      // error: link
	at(inst, "/case/facts")["en"] = "Zhang San accepted 人民币500万元." // warning: translation
	at(inst, "/persons/0")["nationalities"] = []any{"XX"}          // error by rule: codes; and persons by pointer
	f := parse(t, "case.json", inst)
	r := validate(t, v, f)
	cat := reviewCatalog(t)
	if err := Localize(r, cat); err != nil {
		t.Fatal(err)
	}
	cl, err := LoadChecklist(repo, "US")
	if err != nil {
		t.Fatal(err)
	}
	if err := Review(r, f, usTemplate(t), cl, cat); err != nil {
		t.Fatal(err)
	}
	if r.Reference != "示监协〔2026〕1号" {
		t.Errorf("reference %q", r.Reference)
	}
	status := map[string]Requirement{}
	for _, q := range r.Checklist {
		status[q.ID] = q
		if q.Requirement["zh"] == "" || q.Requirement["en"] == "" || q.Source == "" {
			t.Errorf("%s: %+v", q.ID, q)
		}
	}
	for id, want := range map[string]string{
		"link": NotMet, "codes": NotMet, "persons": NotMet, "translation": ToCheck,
		"facts": ToCheck, "authority": Met, "assets": NotApplicable, "purpose": Met,
	} {
		if got := status[id].Status; got != want {
			t.Errorf("%s: %s, want %s (findings %v)", id, got, want, status[id].Findings)
		}
	}
	if refs := status["link"].Findings; len(refs) != 1 || refs[0] != (FindingRef{"schema.required", "/assistance/0/link"}) {
		t.Errorf("link findings %v", refs)
	}
	for _, f := range r.Findings {
		if f.Section == "" {
			t.Errorf("%s at %s has no section", f.Rule, f.Pointer)
		}
	}
	// A missing parent hides the field: /case gone means no facts.
	delete(inst, "case")
	f = parse(t, "case.json", inst)
	r = validate(t, v, f)
	if err := Localize(r, cat); err != nil {
		t.Fatal(err)
	}
	if err := Review(r, f, usTemplate(t), cl, cat); err != nil {
		t.Fatal(err)
	}
	for _, q := range r.Checklist {
		if (q.ID == "facts" || q.ID == "law" || q.ID == "nature") && q.Status != NotMet {
			t.Errorf("%s: %s without /case", q.ID, q.Status)
		}
	}
}

// TestChecklistMessages: every requirement of every checklist file has its
// text in Chinese and English.
func TestChecklistMessages(t *testing.T) {
	en := readLocale(t, "report.en.toml")
	zh := readLocale(t, "report.zh-Hans.toml")
	files, _ := fs.Glob(repo, "templates/*/checklist.json")
	files = append(files, "templates/checklist.json")
	for _, name := range files {
		items, err := readChecklist(repo, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if en[it.Requirement].Other == "" || zh[it.Requirement].Other == "" {
				t.Errorf("%s: %s: message %s missing", name, it.ID, it.Requirement)
			}
		}
	}
}

// TestChecklistFilesMatchTheirSchema validates every checklist file against
// schemas/checklist.schema.json, which editors use to complete them.
func TestChecklistFilesMatchTheirSchema(t *testing.T) {
	s := compileSchemaFile(t, "checklist.schema.json")
	files, _ := fs.Glob(repo, "templates/*/checklist.json")
	files = append(files, "templates/checklist.json")
	for _, name := range files {
		data, _ := fs.ReadFile(repo, name)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// And the schema can fail: an item without a source.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"items": [{"id": "a", "requirement": "b", "rules": ["c"]}]}`))
	if s.Validate(bad) == nil {
		t.Error("an item without a source passes the schema")
	}
}

// compileSchemaFile compiles schemas/NAME of the repository on its own, as
// an editor does with a file's "$schema".
func compileSchemaFile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, err := fs.ReadFile(repo, "schemas/"+name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
