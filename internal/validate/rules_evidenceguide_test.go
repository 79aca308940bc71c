package validate

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// guideCase is a case whose evidence and assistance items meet every
// machine-checked evidence guideline of the four states; each test below
// breaks one field of it.
const guideCase = `{
  "translation": "en",
  "evidence": [
    {"id": "E1", "kind": "bank_record", "translations": ["en"], "certified": true},
    {"id": "E2", "kind": "legal_document", "translations": ["en"], "authenticated": true},
    {"id": "E3", "kind": "electronic_data", "translations": ["en"], "chain_of_custody": true},
    {"id": "E4", "kind": "witness_statement", "translations": ["en"], "form": "interview_record"},
    {"id": "E5", "kind": "photograph"}
  ],
  "assistance": [
    {"id": "A1", "type": "records", "certification": true, "evidence": ["E1"]},
    {"id": "A2", "type": "testimony", "under_oath": true},
    {"id": "A3", "type": "freeze_seize", "legal_documents": ["E2"], "evidence": ["E4"]}
  ]
}`

// TestEvidenceGuideRules: every machine-checked guideline of each state
// fires on the item that fails it, at the field it tests, with its source,
// and none fires on a case that meets them all.
func TestEvidenceGuideRules(t *testing.T) {
	v := New(repo)
	tests := []struct {
		state, ptr string
		value      any // the field's new value; nil removes it
		want       []rp
	}{
		{"US", "", nil, nil},
		{"CA", "", nil, nil},
		{"AU", "", nil, nil},
		{"NZ", "", nil, nil},
		// translation, every state; the language is the request's.
		{"US", "/evidence/0/translations", nil, []rp{{"evidence.guideline", "/evidence/0/translations"}}},
		{"NZ", "/evidence/3/translations", []any{"fr"}, []rp{{"evidence.guideline", "/evidence/3/translations"}}},
		// order_authenticated, every state (AU, NZ: their own source).
		{"US", "/evidence/1/authenticated", false, []rp{{"evidence.guideline", "/evidence/1/authenticated"}}},
		{"CA", "/evidence/1/authenticated", nil, []rp{{"evidence.guideline", "/evidence/1/authenticated"}}},
		{"AU", "/evidence/1/authenticated", nil, []rp{{"evidence.guideline", "/evidence/1/authenticated"}}},
		{"NZ", "/evidence/1/authenticated", nil, []rp{{"evidence.guideline", "/evidence/1/authenticated"}}},
		// US
		{"US", "/assistance/0/certification", nil, []rp{{"evidence.guideline_note", "/assistance/0/certification"}}},
		{"US", "/assistance/1/under_oath", false, []rp{{"evidence.guideline_note", "/assistance/1/under_oath"}}},
		{"US", "/evidence/0/certified", nil, []rp{{"evidence.guideline_note", "/evidence/0/certified"}}},
		{"US", "/evidence/2/chain_of_custody", nil, []rp{{"evidence.guideline_note", "/evidence/2/chain_of_custody"}}},
		// CA
		{"CA", "/assistance/0/certification", false, []rp{{"evidence.guideline_note", "/assistance/0/certification"}}},
		{"CA", "/evidence/3/form", nil, []rp{{"evidence.guideline_note", "/evidence/3/form"}}},
		// AU: under_oath must be stated, false is an answer.
		{"AU", "/evidence/3/form", nil, []rp{{"evidence.guideline_note", "/evidence/3/form"}}},
		{"AU", "/assistance/1/under_oath", nil, []rp{{"evidence.guideline_note", "/assistance/1/under_oath"}}},
		{"AU", "/assistance/1/under_oath", false, nil},
		// NZ
		{"NZ", "/evidence/3/form", "", []rp{{"evidence.guideline_note", "/evidence/3/form"}}},
		// A state's guideline does not apply to another's requests.
		{"NZ", "/evidence/0/certified", nil, nil},
		{"US", "/evidence/3/form", nil, nil},
	}
	for _, tt := range tests {
		p := v.stateProfile(tt.state)
		if p == nil || p.Guide == nil {
			t.Fatalf("no guidelines for %s", tt.state)
		}
		var root map[string]any
		if err := json.Unmarshal([]byte(guideCase), &root); err != nil {
			t.Fatal(err)
		}
		if tt.ptr != "" {
			set(root, tt.ptr, tt.value)
		}
		var got []rp
		for _, f := range evidenceGuideRules(root, p, "en") {
			got = append(got, rp{f.Rule, f.Pointer})
			if f.Source == "" || f.Args["Guideline"] == nil || f.Args["Item"] == "" {
				t.Errorf("%s %s: incomplete finding %+v", tt.state, f.Rule, f)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %s=%v: %v, want %v", tt.state, tt.ptr, tt.value, got, tt.want)
		}
	}
}

// set sets (nil: removes) the member at ptr, /list/i/field, of root.
func set(root map[string]any, ptr string, v any) {
	parts := strings.Split(ptr, "/")[1:]
	var cur any = root
	for _, p := range parts[:len(parts)-1] {
		switch x := cur.(type) {
		case map[string]any:
			cur = x[p]
		case []any:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			cur = x[i]
		}
	}
	m := cur.(map[string]any)
	if v == nil {
		delete(m, parts[len(parts)-1])
	} else {
		m[parts[len(parts)-1]] = v
	}
}

// TestEvidenceGuideSourcesMarked: a finding of an unconfirmed guideline
// says so in its source, and a confirmed one does not.
func TestEvidenceGuideSourcesMarked(t *testing.T) {
	v := New(repo)
	for _, st := range []string{"US", "CA", "AU", "NZ"} {
		for _, it := range v.stateProfile(st).Guide.Items {
			marked := strings.Contains(it.SourceText(), "(unconfirmed)")
			if marked == it.Confirmed {
				t.Errorf("%s %s: confirmed %v, source %q", st, it.ID, it.Confirmed, it.SourceText())
			}
		}
	}
}

// TestEvidenceGuideFiles: every guideline file matches
// schemas/evidence-guide.schema.json, each guideline's text is in every
// language, and each test names a field the case schema has.
func TestEvidenceGuideFiles(t *testing.T) {
	s := compileSchemaFile(t, "evidence-guide.schema.json")
	files, _ := fs.Glob(repo, "templates/*/evidence-guide.json")
	files = append(files, "templates/evidence-guide.json")
	if len(files) < 5 {
		t.Fatalf("guideline files: %v", files)
	}
	msgs := map[string]map[string]struct{ Other string }{}
	for _, lang := range []string{"en", "zh-Hans", "fr"} {
		data, err := fs.ReadFile(repo, "locales/evidenceguide."+lang+".toml")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]struct{ Other string }{}
		if err := toml.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		msgs[lang] = m
	}
	caseSchema, _ := fs.ReadFile(repo, "schemas/case.schema.json")
	for _, name := range files {
		data, _ := fs.ReadFile(repo, name)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		var f struct {
			Items []struct {
				ID, Requirement string
				Test            *struct{ Field string }
			}
		}
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		for _, it := range f.Items {
			for lang, m := range msgs {
				if m[it.Requirement].Other == "" {
					t.Errorf("%s: %s: message %s missing in %s", name, it.ID, it.Requirement, lang)
				}
			}
			if it.Test != nil && !bytes.Contains(caseSchema, []byte(`"`+it.Test.Field+`": {`)) {
				t.Errorf("%s: %s tests %q, which the case schema does not have", name, it.ID, it.Test.Field)
			}
		}
	}
	// And the schema can fail: an unconfirmed guideline without a check.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"items": [{"id": "a", "requirement": "b", "source": "c", "confirmed": false, "severity": "info", "applies_to": {"direction": "sent"}}]}`))
	if s.Validate(bad) == nil {
		t.Error("an unconfirmed guideline without a check passes the schema")
	}
}

// TestEvidenceGuideManyItems: past perGuideline items failing one
// guideline, one finding counts the rest and names at most namedMore of
// them, in every language.
func TestEvidenceGuideManyItems(t *testing.T) {
	v := New(repo)
	p := v.stateProfile("US")
	var ev []any
	for i := range 300 {
		ev = append(ev, map[string]any{"id": "E" + strconv.Itoa(i+1), "kind": "photograph"})
	}
	ev = append(ev, map[string]any{"id": "X", "kind": "bank_record", "translations": []any{"en"}, "certified": true})
	for i := range 12 {
		ev = append(ev, map[string]any{"id": "B" + strconv.Itoa(i+1), "kind": "bank_record", "translations": []any{"en"}})
	}
	fs := evidenceGuideRules(map[string]any{"evidence": ev}, p, "en")
	if len(fs) != perGuideline+1 {
		t.Fatalf("%d findings, want %d", len(fs), perGuideline+1)
	}
	last := fs[perGuideline]
	if last.ID != "finding.evidence.guideline_more" || last.Pointer != "/evidence/306/certified" || last.Args["Count"] != 7 {
		t.Errorf("the counting finding: %+v", last)
	}
	r := &Report{Findings: fs}
	r.meta().apply(r.Findings)
	if err := Localize(r, catalog(t)); err != nil {
		t.Fatal(err)
	}
	if m := r.Findings[perGuideline].Message; !strings.Contains(m["en"], "7 more items") || !strings.Contains(m["en"], "B6, B7") || !strings.Contains(m["zh"], "另有 7 项") {
		t.Errorf("message %v", m)
	}
	if r.Findings[0].Severity != Info {
		t.Errorf("a guideline of severity info gave %s", r.Findings[0].Severity)
	}
}
