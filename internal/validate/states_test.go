package validate

import (
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

// overlay reads top first, then the repository: a test changes one file of
// the assets without copying the rest.
type overlay struct{ top fstest.MapFS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return repo.Open(name)
}

// withFacts returns the assets with the US profile given extra facts.
func withFacts(t *testing.T, facts map[string]profile.Fact) fs.FS {
	t.Helper()
	data, err := fs.ReadFile(repo, "templates/us/profile.json")
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	fm := p["facts"].(map[string]any)
	for id, f := range facts {
		fm[id] = f
	}
	out, _ := json.Marshal(p)
	return overlay{fstest.MapFS{"templates/us/profile.json": {Data: out}}}
}

// edit loads a fixture, changes it and parses it again.
func edit(t *testing.T, name string, change func(map[string]any)) *casefile.File {
	t.Helper()
	var inst map[string]any
	if err := json.Unmarshal(load(t, name).Bytes, &inst); err != nil {
		t.Fatal(err)
	}
	change(inst)
	return parse(t, "edited.json", inst)
}

func objAt(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		m = m[k].(map[string]any)
	}
	return m
}

func TestSentencingCommitment(t *testing.T) {
	required := map[string]profile.Fact{profile.RequireSentencingAssurance: {
		Value: casefile.Text{"zh": "要求", "en": "required"}, Source: "Mutual Assistance in Criminal Matters Act 1987 (Cth) s 8(1A)",
	}}
	cases := []struct {
		name   string
		facts  map[string]profile.Fact
		change func(map[string]any)
		want   []rp
	}{
		{"state does not require it", nil, func(map[string]any) {}, []rp{}},
		{"required, missing", required, func(map[string]any) {},
			[]rp{{"assurance.sentencing_missing", "/assurances/sentencing"}}},
		{"required, given", required, func(m map[string]any) {
			objAt(m, "assurances")["sentencing"] = map[string]any{"persons": []any{"P1"}}
		}, []rp{}},
		{"required, a person left out", required, func(m map[string]any) {
			m["persons"] = append(m["persons"].([]any), map[string]any{"id": "P2", "role": "suspect", "name": map[string]any{"zh": "李四", "en": "LI Si"}})
			off := m["case"].(map[string]any)["offences"].([]any)[0].(map[string]any)
			off["persons"] = []any{"P1", "P2"}
			objAt(m, "assurances")["sentencing"] = map[string]any{"persons": []any{"P1"}}
		}, []rp{{"assurance.sentencing_incomplete", "/assurances/sentencing/persons"}}},
		{"required, offence cannot carry death", required, func(m map[string]any) {
			m["case"].(map[string]any)["offences"].([]any)[0].(map[string]any)["id"] = "CN-CL-164"
		}, []rp{}},
		{"required, persons empty", required, func(m map[string]any) {
			objAt(m, "assurances")["sentencing"] = map[string]any{"persons": []any{}}
		}, []rp{{"schema.min_items", "/assurances/sentencing/persons"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := New(withFacts(t, c.facts))
			r := validate(t, v, edit(t, "schemas/testdata/us/valid/minimal.json", c.change))
			if got := rulesAt(r); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for _, f := range r.Findings {
				if strings.HasPrefix(f.Rule, "assurance.") && (!strings.Contains(f.Source, "ICJAL art. 11") || !strings.Contains(f.Source, "s 8(1A)")) {
					t.Errorf("%s: source %q must cite ICJAL art. 11 and the state's rule", f.Rule, f.Source)
				}
			}
			if err := Localize(r, catalog(t)); err != nil {
				t.Fatal(err)
			}
			for _, f := range r.Findings {
				if f.Rule == "assurance.sentencing_missing" && !strings.Contains(f.Message["en"], "Article 385") {
					t.Errorf("message does not name the offence: %q", f.Message["en"])
				}
			}
		})
	}
}

func TestReciprocityWithoutTreaty(t *testing.T) {
	facts := map[string]profile.Fact{profile.RequireReciprocity: {Value: casefile.Text{"zh": "无条约", "en": "no treaty"}, Source: "no MLA treaty"}}
	v := New(withFacts(t, facts))
	r := validate(t, v, load(t, "schemas/testdata/us/valid/minimal.json"))
	if got := rulesAt(r); !reflect.DeepEqual(got, []rp{{"assurance.reciprocity_missing", "/assurances/reciprocity"}}) {
		t.Fatalf("got %v", got)
	}
	r = validate(t, v, edit(t, "schemas/testdata/us/valid/minimal.json", func(m map[string]any) { objAt(m, "assurances")["reciprocity"] = true }))
	if len(r.Findings) != 0 {
		t.Fatalf("got %v", rulesAt(r))
	}
}

func TestTranslationChoice(t *testing.T) {
	v := New(repo)
	r := validate(t, v, edit(t, "schemas/testdata/us/valid/minimal.json", func(m map[string]any) { m["translation"] = "fr" }))
	if got := rulesAt(r); !reflect.DeepEqual(got, []rp{{"translation.unsupported", "/translation"}}) {
		t.Fatalf("got %v", got)
	}
}

func review(t *testing.T, f *casefile.File, facts map[string]profile.Fact, lang string, texts *profile.OffenceTexts) *Report {
	t.Helper()
	v := New(repo)
	cat, err := offences.Load(repo)
	if err != nil {
		t.Fatal(err)
	}
	v.Offences = cat
	r := validate(t, v, f)
	p, _, err := profile.Load(repo, "US")
	if err != nil {
		t.Fatal(err)
	}
	for id, fc := range facts {
		p.Facts[id] = fc
	}
	StateReview{Profile: p, Offences: cat, Texts: texts, Lang: lang}.Add(r, f)
	if err := Localize(r, catalog(t)); err != nil {
		t.Fatal(err)
	}
	return r
}

// noApproval is the review note on a case (the minimal fixture) that gives
// no reference of the competent authority's approval.
var noApproval = rp{"authority.approval_missing", "/requesting_authority/approval"}

func cite(ids ...string) func(map[string]any) {
	return func(m map[string]any) {
		var offs []any
		for _, id := range ids {
			offs = append(offs, map[string]any{"id": id, "persons": []any{"P1"}})
		}
		m["case"].(map[string]any)["offences"] = offs
	}
}

// TestReviewDualCriminality: the offence tables' assessment of each cited
// offence becomes a note for the reviewer.
func TestReviewDualCriminality(t *testing.T) {
	cases := []struct {
		name string
		ids  []string
		want []rp
	}{
		{"clear match, confirmed", []string{"CN-CL-382", "CN-CL-383"}, []rp{noApproval}},
		{"weak match", []string{"CN-CL-384"}, []rp{{"dual_criminality.weak", "/case/offences/0/id"}, noApproval}},
		{"no counterpart", []string{"CN-CL-395"}, []rp{{"dual_criminality.none_known", "/case/offences/0/id"}, noApproval}},
		{"counterparts not confirmed", []string{"CN-CL-191"}, []rp{{"dual_criminality.unconfirmed", "/case/offences/0/id"}, noApproval}},
		{"penalty article assessed with its offence", []string{"CN-CL-385", "CN-CL-386"}, []rp{{"dual_criminality.unconfirmed", "/case/offences/0/id"}, {"dual_criminality.unfit", "/case/offences/0/id"}, noApproval}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := review(t, edit(t, "schemas/testdata/us/valid/minimal.json", func(m map[string]any) {
				cite(c.ids...)(m)
				fitFacts(m, "public_official", 50_000)
			}), nil, "", nil)
			var got []rp
			for _, f := range r.Findings {
				if f.Rule != "profile.unconfirmed" {
					got = append(got, rp{f.Rule, f.Pointer})
				}
			}
			if got == nil {
				got = []rp{}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for _, f := range r.Findings {
				if f.Rule == "dual_criminality.weak" && f.Severity != Warning {
					t.Errorf("weak match is %s, want warning", f.Severity)
				}
				if f.Rule == "dual_criminality.unconfirmed" && (f.Severity != Info || !strings.Contains(f.Message["en"], "18 U.S.C.")) {
					t.Errorf("unconfirmed: %s %q", f.Severity, f.Message["en"])
				}
				// The reviewer has the published sources, not the
				// maintainers' research notes.
				for _, s := range []string{f.Source, f.Message["en"], f.Message["zh"]} {
					if strings.Contains(s, "OFFENCES.md") || strings.Contains(s, "FACTS.md") {
						t.Errorf("%s cites a research note: %q", f.Rule, s)
					}
				}
			}
		})
	}
}

func TestReviewSearchPunishability(t *testing.T) {
	search := func(m map[string]any) {
		cite("CN-CL-395")(m)
		m["assistance"] = append(m["assistance"].([]any), map[string]any{
			"id": "A2", "type": "search_seizure",
			"description": map[string]any{"zh": "搜查。", "en": "Search."}, "purpose": map[string]any{"zh": "用途。", "en": "Purpose."},
			"link": map[string]any{"zh": "关联。", "en": "Link."}, "place": map[string]any{"zh": "某地。", "en": "A place."},
			"items": []any{map[string]any{"zh": "账簿", "en": "Books"}}, "grounds": map[string]any{"zh": "依据。", "en": "Grounds."},
		})
	}
	r := review(t, edit(t, "schemas/testdata/us/valid/minimal.json", search), nil, "", nil)
	found := false
	for _, f := range r.Findings {
		if f.Rule == "search.punishability" {
			found = true
			if f.Pointer != "/assistance/1/type" || !strings.Contains(f.Source, "3512(e)") || !strings.Contains(f.Message["en"], "Article 395") {
				t.Errorf("%+v", f)
			}
		}
	}
	if !found {
		t.Errorf("no search.punishability finding: %v", rulesAt(r))
	}
}

func TestReviewTranslation(t *testing.T) {
	// A state that takes French: every text but the facts lacks it, and
	// without a French catalogue article 385 cannot be quoted.
	f := edit(t, "schemas/testdata/us/valid/minimal.json", func(m map[string]any) {
		objAt(m, "case", "facts")["fr"] = "Les faits."
	})
	p, _, _ := profile.Load(repo, "US")
	p.TranslationLanguages = []string{"en", "fr"}
	v := New(repo)
	cat, _ := offences.Load(repo)
	v.Offences = cat
	r := validate(t, v, f)
	StateReview{Profile: p, Offences: cat, Lang: "fr"}.Add(r, f)
	counts := map[string]int{}
	for _, fd := range r.Findings {
		counts[fd.Rule]++
		if fd.Rule == "translation.missing" && !strings.HasSuffix(fd.Pointer, "/fr") {
			t.Errorf("translation.missing at %s", fd.Pointer)
		}
		if fd.Pointer == "/case/facts/fr" {
			t.Errorf("the facts have French: %+v", fd)
		}
	}
	if counts["translation.missing"] < 10 || counts["offence.translation_missing"] != 1 || r.Valid {
		t.Errorf("counts %v, valid %v", counts, r.Valid)
	}
	// In English, nothing is missing.
	r = validate(t, v, f)
	StateReview{Profile: p, Offences: cat, Lang: "en"}.Add(r, f)
	for _, fd := range r.Findings {
		if fd.Severity == Error {
			t.Errorf("in English: %+v", fd)
		}
	}
}

func TestReviewWithoutTable(t *testing.T) {
	v := New(repo)
	cat, _ := offences.Load(repo)
	f := load(t, "schemas/testdata/us/valid/minimal.json")
	r := validate(t, v, f)
	p, _, _ := profile.Load(repo, "US")
	p.Code = "XX"
	StateReview{Profile: p, Offences: cat}.Add(r, f)
	var got []rp
	for _, fd := range r.Findings {
		if fd.Rule != "profile.unconfirmed" {
			got = append(got, rp{fd.Rule, fd.Pointer})
		}
	}
	if !reflect.DeepEqual(got, []rp{noApproval, {"dual_criminality.no_table", "/case/offences"}}) {
		t.Fatalf("got %v", got)
	}
}
