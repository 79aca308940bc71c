package profile

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
)

// TestEveryStateLoads loads each state's profile and template from the
// embedded assets and checks what a maintainer can get wrong: facts without
// a source, unconfirmed facts without a note on what to check, and
// template messages missing in a language the state takes.
func TestEveryStateLoads(t *testing.T) {
	fsys := mla.Assets()
	states, err := NewRegistry(fsys).Codes()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(states, ",") != "AU,CA,NZ,US" {
		t.Fatalf("states %v", states)
	}
	cat, err := i18n.Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range states {
		t.Run(code, func(t *testing.T) {
			p, tmpl, err := Load(fsys, code)
			if err != nil {
				t.Fatal(err)
			}
			for id, f := range p.Facts {
				if f.Source == "" {
					t.Errorf("fact %s has no source", id)
				}
				if (!f.Confirmed || len(f.UnconfirmedLanguages) > 0) && f.Check.In("en") == "" {
					t.Errorf("fact %s is not confirmed but says nothing on what to check", id)
				}
				// What to check is read by the officer and the reviewer,
				// in mla's languages.
				for _, lang := range []string{"zh", "en", "fr"} {
					if !f.Check.IsZero() && f.Check.Text.In(lang) == "" {
						t.Errorf("fact %s: what to check is not in %s", id, lang)
					}
				}
				for _, lang := range append([]string{"zh"}, p.TranslationLanguages...) {
					if f.Value.In(lang) == "" {
						t.Errorf("fact %s has no %s value", id, lang)
					}
				}
			}
			if _, ok := p.Facts["uncac_43_2"]; !ok {
				t.Error("the common facts were not merged")
			}
			ids := []string{}
			for _, s := range tmpl.Sections {
				ids = append(ids, s.Heading)
				if s.Source == "" {
					t.Errorf("section %s has no legal source", s.ID)
				}
			}
			for _, cl := range tmpl.Clauses {
				ids = append(ids, cl...)
			}
			for _, l := range tmpl.Labels {
				ids = append(ids, l)
			}
			for _, cs := range tmpl.TypeClauses {
				for _, c := range cs {
					ids = append(ids, c.Message)
				}
			}
			for _, f := range tmpl.CertificationForms {
				ids = append(ids, f.Message, f.Message+".title")
			}
			for _, lang := range append([]string{"zh"}, p.TranslationLanguages...) {
				for _, id := range ids {
					if _, err := cat.T(lang, id, map[string]any{"Persons": "X"}); err != nil {
						t.Errorf("%s: %v", lang, err)
					}
				}
			}
		})
	}
}

// TestTypeClauses: the standard clauses of each type come from
// templates/assistance.json, with every state's template; a clause that
// depends on a flag mla does not know is refused, naming the field.
func TestTypeClauses(t *testing.T) {
	_, tmpl, err := Load(mla.Assets(), "NZ")
	if err != nil {
		t.Fatal(err)
	}
	if got := tmpl.TypeClauses["testimony"]; len(got) != 4 || got[1] != (TypeClause{Message: "assistance.not_under_oath", Unless: "under_oath"}) {
		t.Errorf("testimony clauses: %+v", got)
	}
	if _, ok := tmpl.TypeClauses["*"]; !ok {
		t.Error("no clauses for the types not listed")
	}
	files := fstest.MapFS{AssistanceFile: {Data: []byte(`{"types": {"records": {"clauses": [{"message": "a.b", "if": "sworn"}]}}}`)}}
	for _, name := range []string{"templates/us/profile.json", "templates/us/request.json", "templates/common.json", "schemas/us.schema.json"} {
		data, err := fs.ReadFile(mla.Assets(), name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	_, _, err = Load(files, "US")
	if err == nil || !strings.Contains(err.Error(), AssistanceFile) || !strings.Contains(err.Error(), "/types/records/clauses/0/if") {
		t.Errorf("unknown flag: %v", err)
	}
}

func TestCommonFactsAndChecks(t *testing.T) {
	profile := `{"code":"XX","name":{"zh":"甲","en":"X"},"short_name":{"zh":"甲","en":"X"},"translation_languages":["en"],"schema":"xx.schema.json",
	  "facts":{"own":{"value":{"zh":"自有","en":"own"},"source":"s","confirmed":true},
	           "shared":{"value":{"zh":"本国","en":"state's"},"source":"s","confirmed":true}}}`
	common := `{"facts":{"shared":{"value":{"zh":"共同","en":"common"},"source":"c","confirmed":true},
	  "extra":{"value":{"zh":"额外","en":"extra"},"source":"c","confirmed":false,"check":"x"}}}`
	cases := []struct {
		name, template, wantErr string
	}{
		{"good", `{"sections":[{"id":"a","heading":"h","source":"s","content":["facts"],"when":"assets"}],"labels":{"grounds":"g"},"relies_on":["extra"]}`, ""},
		{"unknown condition", `{"sections":[{"id":"a","heading":"h","source":"s","content":[],"when":"asset"}]}`, `/sections/0/when: bad_value: "asset"`},
		{"unknown label", `{"sections":[],"labels":{"ground":"g"}}`, `"ground"`},
		{"fact not in profile", `{"sections":[],"relies_on":["nope"]}`, `"nope"`},
		{"unknown field", `{"sections":[],"relise_on":[]}`, "relise_on"},
		{"repeated field", `{"sections":[],"sections":[]}`, "/sections: duplicate_key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"templates/xx/profile.json": {Data: []byte(profile)},
				"templates/xx/request.json": {Data: []byte(c.template)},
				"templates/common.json":     {Data: []byte(common)},
				"schemas/xx.schema.json":    {Data: []byte(`{}`)},
			}
			p, _, err := Load(fsys, "XX")
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one naming %s", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Fact("shared").Value.In("en") != "state's" || p.Fact("extra").Value.In("en") != "extra" || p.Fact("own").Value.In("en") != "own" {
				t.Errorf("facts after merging: %+v", p.Facts)
			}
		})
	}
}

func TestConfirmedIn(t *testing.T) {
	cases := []struct {
		f    Fact
		lang string
		want bool
	}{
		{Fact{Confirmed: true}, "fr", true},
		{Fact{Confirmed: false}, "en", false},
		{Fact{Confirmed: true, UnconfirmedLanguages: []string{"fr"}}, "fr", false},
		{Fact{Confirmed: true, UnconfirmedLanguages: []string{"fr"}}, "en", true},
	}
	for _, c := range cases {
		if got := c.f.ConfirmedIn(c.lang); got != c.want {
			t.Errorf("%+v in %s: %v", c.f, c.lang, got)
		}
	}
}

// TestFrenchOffenceTexts: the French catalogue holds every entry of the
// catalogue, paragraph for paragraph, and the Canadian table's French every
// statute, citation and condition the table uses.
func TestFrenchOffenceTexts(t *testing.T) {
	fsys := mla.Assets()
	cat, err := offences.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := LoadOffenceTexts(fsys, "fr")
	if err != nil || fr == nil {
		t.Fatalf("French catalogue: %v", err)
	}
	for _, o := range cat.Offences() {
		f, ok := fr.Offences[o.ID]
		if !ok {
			t.Errorf("%s has no French text", o.ID)
			continue
		}
		if len(f.Text) != len(o.Text.ZH) || len(f.Charges) != len(o.Charges) {
			t.Errorf("%s: %d paragraphs and %d charges in French, %d and %d in Chinese", o.ID, len(f.Text), len(f.Charges), len(o.Text.ZH), len(o.Charges))
		}
		if !strings.HasPrefix(f.Text[0], "Article "+o.Article.Number+" ") && !strings.HasPrefix(f.Text[0], "Article "+strings.TrimPrefix(o.ID, "CN-CL-")+" ") {
			t.Errorf("%s: French text starts %q", o.ID, f.Text[0][:20])
		}
		if (o.MaxPenalty != nil) != (f.MaxPenalty != "") {
			t.Errorf("%s: maximum penalty in one language only", o.ID)
		}
	}
	if len(fr.Offences) != len(cat.Offences()) {
		t.Errorf("French catalogue has %d entries, the catalogue %d", len(fr.Offences), len(cat.Offences()))
	}
	if none, err := LoadOffenceTexts(fsys, "de"); none != nil || err != nil {
		t.Errorf("German: %v %v, want nothing", none, err)
	}

	st, err := LoadStatuteTexts(fsys, "CA", "fr")
	if err != nil || st == nil {
		t.Fatalf("Canadian French table: %v", err)
	}
	var table struct {
		Statutes map[string]struct {
			Citation   string          `json:"citation"`
			MaxPenalty json.RawMessage `json:"max_penalty"`
		} `json:"statutes"`
	}
	data, _ := fs.ReadFile(fsys, "templates/ca/equivalents.json")
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatal(err)
	}
	for key, s := range table.Statutes {
		f, ok := st.Statutes[key]
		if !ok || f.Description == "" {
			t.Errorf("statute %s has no French description", key)
		}
		if (len(s.MaxPenalty) > 0) != (f.MaxPenalty != "") {
			t.Errorf("statute %s: maximum penalty in one language only", key)
		}
	}
	for _, o := range cat.Offences() {
		a, ok := cat.Assessment("CA", o.ID)
		if !ok {
			continue
		}
		for _, e := range a.Equivalents {
			if _, ok := st.Citations[e.Citation]; !ok {
				t.Errorf("%s: citation %q has no French", o.ID, e.Citation)
			}
			if e.AppliesWhen != nil {
				if _, ok := st.AppliesWhen[o.ID+" "+e.Statute]; !ok && a.SharedWith == "" {
					t.Errorf("%s %s: condition has no French", o.ID, e.Statute)
				}
			}
		}
	}
}

func TestNote(t *testing.T) {
	var f Fact
	if err := json.Unmarshal([]byte(`{"value": {"en": "x"}, "source": "s", "check": "Read art. 1."}`), &f); err != nil {
		t.Fatal(err)
	}
	if f.Check.In("zh") != "Read art. 1." || f.Check.Text.In("zh") != "" {
		t.Errorf("a string is English: %v", f.Check.Text)
	}
	if err := json.Unmarshal([]byte(`{"value": {"en": "x"}, "source": "s", "check": {"zh": "阅读第一条。", "en": "Read art. 1."}}`), &f); err != nil {
		t.Fatal(err)
	}
	if f.Check.In("zh") != "阅读第一条。" || f.Check.In("fr") != "Read art. 1." {
		t.Errorf("by language: %v", f.Check.Text)
	}
	if err := json.Unmarshal([]byte(`{"check": 3}`), &f); err == nil {
		t.Error("a number was taken for a note")
	}
	b, err := json.Marshal(Fact{Value: map[string]string{"en": "x"}})
	if err != nil || strings.Contains(string(b), "check") {
		t.Errorf("an empty note is written: %s, %v", b, err)
	}
}
