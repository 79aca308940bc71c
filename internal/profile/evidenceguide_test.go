package profile

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	mla "github.com/mla-dev/mla"
)

// guideFS is the embedded assets with the general guidelines and the US
// ones replaced by files.
func guideFS(general, us string) fstest.MapFS {
	fsys := fstest.MapFS{}
	base := mla.Assets()
	for _, name := range []string{"templates/us/profile.json", "templates/us/request.json", "schemas/us.schema.json", "templates/assistance.json", CommonFacts} {
		data, err := readAll(base, name)
		if err == nil {
			fsys[name] = &fstest.MapFile{Data: data}
		}
	}
	if general != "" {
		fsys[GeneralGuide] = &fstest.MapFile{Data: []byte(general)}
	}
	if us != "" {
		fsys["templates/us/"+GuideFile] = &fstest.MapFile{Data: []byte(us)}
	}
	return fsys
}

// TestGuideLoads: a state's guideline replaces the general one of the same
// id in place and adds the others after; without either file there are
// none.
func TestGuideLoads(t *testing.T) {
	general := `{"items": [
	  {"id": "a", "requirement": "guide.a", "source": "S1", "confirmed": true, "severity": "warning", "applies_to": {"direction": "sent"}, "test": {"field": "x"}},
	  {"id": "b", "requirement": "guide.b", "source": "S2", "confirmed": true, "severity": "info", "applies_to": {"direction": "requested"}}]}`
	us := `{"items": [
	  {"id": "us.c", "requirement": "guide.c", "source": "S3", "confirmed": false, "check": "read S3", "severity": "info", "applies_to": {"direction": "sent"}},
	  {"id": "a", "requirement": "guide.a", "source": "S4", "confirmed": true, "severity": "warning", "applies_to": {"direction": "sent"}}]}`
	p, _, err := Load(guideFS(general, us), "US")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range p.Guide.Items {
		got = append(got, it.ID+":"+it.SourceText())
	}
	want := []string{"a:S4", "b:S2", "us.c:S3 (unconfirmed)"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("guidelines %v, want %v", got, want)
	}
	p, _, err = Load(guideFS("", ""), "US")
	if err != nil || p.Guide != nil {
		t.Errorf("no files: %v, %v", p.Guide, err)
	}
}

// TestGuideRefused: a guideline mla cannot use is an *AssetError naming
// the file, the field and why.
func TestGuideRefused(t *testing.T) {
	item := func(s string) string { return `{"items": [` + s + `]}` }
	for _, tt := range []struct{ doc, field string }{
		{item(`{"id": "a", "requirement": "guide.a", "source": "S", "confirmed": true, "severity": "error", "applies_to": {"direction": "sent"}}`), "/items/0/severity"},
		{item(`{"id": "a", "requirement": "guide.a", "source": "S", "confirmed": true, "severity": "info", "applies_to": {"direction": "both"}}`), "/items/0/applies_to/direction"},
		{item(`{"id": "a", "requirement": "guide.a", "source": "S", "confirmed": false, "severity": "info", "applies_to": {"direction": "sent"}}`), "/items/0/check"},
		{item(`{"id": "a", "requirement": "guide.a", "source": "", "confirmed": true, "severity": "info", "applies_to": {"direction": "sent"}}`), "/items/0/source"},
		{item(`{"id": "a", "requirement": "guide.a", "source": "S", "confirmed": true, "severity": "info", "applies_to": {"direction": "requested", "kinds": ["bank_record"]}}`), "/items/0/applies_to/kinds"},
		{item(`{"id": "a", "requirement": "guide.a", "source": "S", "confirmed": true, "severity": "info", "applies_to": {"direction": "sent"}, "test": {"field": "x", "equals": [{"y": 1}]}}`), "/items/0/test/equals/0"},
		{item(`{"id": "a", "requirement": "guide.a", "source": "S", "confirmed": true, "severity": "info", "applies_to": {"direction": "sent"}}, {"id": "a", "requirement": "guide.a", "source": "S", "confirmed": true, "severity": "info", "applies_to": {"direction": "sent"}}`), "/items/1/id"},
		{item(`{"id": "a", "requirement": "guide.a", "source": "S", "confirmed": true, "severity": "info", "applies_to": {"direction": "sent"}, "tset": {}}`), "/items/0/tset"},
	} {
		_, _, err := Load(guideFS("", tt.doc), "US")
		var ae *AssetError
		if !errors.As(err, &ae) || ae.File != "templates/us/"+GuideFile || ae.Field != tt.field {
			t.Errorf("%s: %v, want an asset error at %s", tt.doc, err, tt.field)
		}
	}
}

// TestGuideEvaluate: a test's field must be set, hold one of its values,
// and "$translation" is the request's language; a list passes when it
// holds one.
func TestGuideEvaluate(t *testing.T) {
	g := &EvidenceGuide{Items: []GuideItem{
		{ID: "t", AppliesTo: AppliesTo{Direction: Sent, Kinds: []string{"bank_record"}}, Test: &GuideTest{Field: "translations", Equals: []any{TranslationValue}}},
		{ID: "o", AppliesTo: AppliesTo{Direction: Sent, AssistanceTypes: []string{"freeze_seize"}}, Test: &GuideTest{Field: "authenticated", Equals: []any{true}}},
		{ID: "r", AppliesTo: AppliesTo{Direction: Requested, AssistanceTypes: []string{"testimony"}}, Test: &GuideTest{Field: "under_oath"}},
		{ID: "n", AppliesTo: AppliesTo{Direction: Requested, AssistanceTypes: []string{"testimony"}}},
	}}
	root := map[string]any{
		"evidence": []any{
			map[string]any{"id": "E1", "kind": "bank_record", "translations": []any{"zh", "fr"}},
			map[string]any{"id": "E2", "kind": "bank_record", "translations": []any{"en"}},
			map[string]any{"id": "E3", "kind": "legal_document", "authenticated": false},
		},
		"assistance": []any{
			map[string]any{"id": "A1", "type": "freeze_seize", "legal_documents": []any{"E3"}},
			map[string]any{"id": "A2", "type": "testimony", "under_oath": false},
		},
	}
	res := g.Evaluate(root, "fr")
	status := func(i int) string { return res[i].Status }
	if status(0) != GuideNotMet || len(res[0].Failed()) != 1 || res[0].Failed()[0].Field != "/evidence/1/translations" {
		t.Errorf("translations in fr: %+v", res[0])
	}
	if status(1) != GuideNotMet || res[1].Targets[0].ID != "E3" {
		t.Errorf("authenticated false: %+v", res[1])
	}
	if status(2) != GuideMet {
		t.Errorf("under_oath false is set: %+v", res[2])
	}
	if status(3) != GuideCheck {
		t.Errorf("no test: %+v", res[3])
	}
	res = g.Evaluate(map[string]any{}, "en")
	for _, r := range res {
		if r.Status != GuideNotApplicable {
			t.Errorf("%s on an empty case: %s", r.Item.ID, r.Status)
		}
	}
}

func readAll(fsys fs.FS, name string) ([]byte, error) { return fs.ReadFile(fsys, name) }
