package offences

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mla-dev/mla"
)

// repo is the repository root: the asset tree as a checkout has it.
var repo = os.DirFS("../..")

func load(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(repo)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// articles lists every article the catalogue must hold, with the heading
// OFFENCES.md §4 gives it.
var articles = []struct {
	id, heading string
	kind        Kind
}{
	{"CN-CL-93", "第九十三条", KindDefinition},
	{"CN-CL-163", "第一百六十三条", KindOffence},
	{"CN-CL-164", "第一百六十四条", KindOffence},
	{"CN-CL-191", "第一百九十一条", KindOffence},
	{"CN-CL-382", "第三百八十二条", KindOffence},
	{"CN-CL-383", "第三百八十三条", KindPenalty},
	{"CN-CL-384", "第三百八十四条", KindOffence},
	{"CN-CL-385", "第三百八十五条", KindOffence},
	{"CN-CL-386", "第三百八十六条", KindPenalty},
	{"CN-CL-387", "第三百八十七条", KindOffence},
	{"CN-CL-388", "第三百八十八条", KindOffence},
	{"CN-CL-388-1", "第三百八十八条之一", KindOffence},
	{"CN-CL-389", "第三百八十九条", KindOffence},
	{"CN-CL-390", "第三百九十条", KindPenalty},
	{"CN-CL-390-1", "第三百九十条之一", KindOffence},
	{"CN-CL-391", "第三百九十一条", KindOffence},
	{"CN-CL-392", "第三百九十二条", KindOffence},
	{"CN-CL-393", "第三百九十三条", KindOffence},
	{"CN-CL-394", "第三百九十四条", KindOffence},
	{"CN-CL-395", "第三百九十五条", KindOffence},
	{"CN-CL-396", "第三百九十六条", KindOffence},
}

func TestCatalogHasEveryArticle(t *testing.T) {
	c := load(t)
	if got, want := len(c.Offences()), len(articles); got != want {
		t.Errorf("catalogue has %d entries, want %d", got, want)
	}
	for _, a := range articles {
		o, ok := c.Offence(a.id)
		if !ok {
			t.Errorf("%s missing", a.id)
			continue
		}
		if o.Kind != a.kind {
			t.Errorf("%s: kind %q, want %q", a.id, o.Kind, a.kind)
		}
		if !strings.HasPrefix(o.Text.ZH[0], a.heading+" ") {
			t.Errorf("%s: Chinese text starts %q, want the heading %q", a.id, firstRunes(o.Text.ZH[0], 12), a.heading)
		}
		if o.Text.Translation == "" || !strings.Contains(o.Text.Translation, "unofficial") {
			t.Errorf("%s: translation status %q does not say the English is unofficial", a.id, o.Text.Translation)
		}
		if o.Punishable() && (o.MaxPenalty == nil || len(o.Charges) == 0) {
			t.Errorf("%s: offence without charge or maximum penalty", a.id)
		}
	}
	if _, ok := c.Offence("CN-CL-999"); ok {
		t.Error("Offence found an id that is not catalogued")
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// OFFENCES.md §2.1: death is possible only for 贪污罪 (382/383) and 受贿罪
// (385/386, and 388), plus art. 394 cases punished as 贪污.
func TestDeathPenalty(t *testing.T) {
	want := map[string]bool{
		"CN-CL-93": false, "CN-CL-163": false, "CN-CL-164": false, "CN-CL-191": false,
		"CN-CL-382": true, "CN-CL-383": true, "CN-CL-384": false, "CN-CL-385": true,
		"CN-CL-386": true, "CN-CL-387": false, "CN-CL-388": true, "CN-CL-388-1": false,
		"CN-CL-389": false, "CN-CL-390": false, "CN-CL-390-1": false, "CN-CL-391": false,
		"CN-CL-392": false, "CN-CL-393": false, "CN-CL-394": true, "CN-CL-395": false,
		"CN-CL-396": false,
	}
	c := load(t)
	for _, o := range c.Offences() {
		w, ok := want[o.ID]
		if !ok {
			t.Errorf("%s: not in the death-penalty table of this test; add it", o.ID)
			continue
		}
		if o.DeathPenalty != w {
			t.Errorf("%s: death_penalty = %t, want %t", o.ID, o.DeathPenalty, w)
		}
		if o.DeathPenalty && (o.DeathPenaltyNote == nil || !strings.Contains(o.DeathPenaltyNote.In("zh"), "第三百八十三条")) {
			t.Errorf("%s: the death-penalty note must explain the route to art. 383", o.ID)
		}
	}
}

func TestChargeNamesAndJoinedText(t *testing.T) {
	c := load(t)
	o, _ := c.Offence("CN-CL-395")
	if got := o.ChargeNames(); got.In("zh") != "巨额财产来源不明罪、隐瞒境外存款罪" || !strings.Contains(got.In("en"), "; ") {
		t.Errorf("ChargeNames() = %+v", got)
	}
	j := o.Text.Joined()
	if strings.Count(j.In("zh"), "\n") != 1 || strings.Count(j.In("en"), "\n") != 1 || !strings.HasPrefix(j.In("en"), "Article 395 ") {
		t.Errorf("Joined() = %+v", j)
	}
}

func TestThresholds(t *testing.T) {
	c := load(t)
	for _, id := range []string{"CN-CL-383", "CN-CL-386"} {
		o, _ := c.Offence(id)
		if o.Thresholds == nil || len(o.Thresholds.Tiers) != 3 {
			t.Fatalf("%s: want the three S3 tiers", id)
		}
		tiers := o.Thresholds.Tiers
		if tiers[0].From != 30000 || *tiers[0].Below != 200000 || tiers[1].From != 200000 || tiers[2].From != 3000000 {
			t.Errorf("%s: tiers %+v differ from S3 arts. 1–3", id, tiers)
		}
		if !o.Thresholds.Source.Confirmed {
			t.Errorf("%s: S3 arts. 1–3 are marked V", id)
		}
	}
	o, _ := c.Offence("CN-CL-388-1")
	if o.Thresholds == nil || o.Thresholds.Source.Confirmed {
		t.Error("CN-CL-388-1: thresholds rest on S3 art. 10, which OFFENCES.md §0 does not list as read; they must be unconfirmed")
	}
}

var states = []string{"AU", "CA", "NZ", "US"}

func TestEveryTableCoversEveryOffence(t *testing.T) {
	c := load(t)
	if got := c.States(); !reflect.DeepEqual(got, states) {
		t.Fatalf("States() = %v, want %v", got, states)
	}
	for _, s := range states {
		if len(c.Basis(s)) == 0 {
			t.Errorf("%s: no dual-criminality basis", s)
		}
		for _, o := range c.Offences() {
			a, ok := c.Assessment(s, o.ID)
			if !o.Punishable() {
				if ok {
					t.Errorf("%s %s: a definition has an assessment", s, o.ID)
				}
				continue
			}
			if !ok {
				t.Errorf("%s %s: no assessment", s, o.ID)
				continue
			}
			if len(a.Equivalents) == 0 && !(a.NoneKnown && a.WeakReason != nil) {
				t.Errorf("%s %s: no equivalents and no explicit none_known with a reason", s, o.ID)
			}
			for _, e := range a.Equivalents {
				if e.Citation == "" || e.Description.In("zh") == "" || e.Description.In("en") == "" {
					t.Errorf("%s %s: equivalent %q lacks a citation or description", s, o.ID, e.Statute)
				}
				if e.Confirmed() != (e.Source.Mark == MarkVerified || e.Source.ConfirmedBy != "") {
					t.Errorf("%s %s %s: confirmed does not follow the mark", s, o.ID, e.Statute)
				}
			}
		}
	}
	if c.Equivalents("FR", "CN-CL-382") != nil || c.Equivalents("US", "CN-CL-999") != nil {
		t.Error("Equivalents returned data for an unknown State or offence")
	}
}

func TestPenaltyArticlesShareTheOffenceAssessment(t *testing.T) {
	c := load(t)
	for _, s := range states {
		for penalty, offence := range map[string]string{"CN-CL-383": "CN-CL-382", "CN-CL-386": "CN-CL-385", "CN-CL-390": "CN-CL-389"} {
			a, _ := c.Assessment(strings.ToLower(s), penalty)
			if a.SharedWith != offence || a.OffenceID != penalty {
				t.Errorf("%s %s: SharedWith %q OffenceID %q", s, penalty, a.SharedWith, a.OffenceID)
			}
			if !reflect.DeepEqual(c.Equivalents(s, penalty), c.Equivalents(s, offence)) {
				t.Errorf("%s: %s and %s have different equivalents", s, penalty, offence)
			}
		}
	}
}

// OFFENCES.md §5.6: medium or higher risk, or no known equivalent, is weak.
// TestPenaltyArticles: an article that refers to another for its penalty
// brings that article, and the one it refers to in turn, each once; an
// article with its own penalty brings none.
func TestPenaltyArticles(t *testing.T) {
	c := load(t)
	for id, want := range map[string][]string{
		"CN-CL-386": {"CN-CL-383"},
		"CN-CL-385": {"CN-CL-386", "CN-CL-383"},
		"CN-CL-388": {"CN-CL-386", "CN-CL-383"},
		"CN-CL-394": {"CN-CL-382", "CN-CL-383"},
		"CN-CL-382": {"CN-CL-383"},
		"CN-CL-389": {"CN-CL-390"},
		"CN-CL-383": nil,
		"CN-CL-191": nil,
		"CN-CL-999": nil,
	} {
		var got []string
		for _, o := range c.PenaltyArticles(id) {
			got = append(got, o.ID)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("PenaltyArticles(%s) = %v, want %v", id, got, want)
		}
	}
	// Every article whose first paragraph sets no penalty of its own but
	// sends the offence to another article's ("依照本法第…条的规定处罚",
	// "以受贿论处") records it. A reference for some offenders only, next
	// to the article's own penalty (393), is not a penalty_by.
	for _, o := range c.Offences() {
		if len(o.Text.ZH) == 0 {
			continue
		}
		first := o.Text.ZH[0]
		refers := strings.Contains(first, "的规定处罚") || strings.Contains(first, "的规定定罪处罚") || strings.Contains(first, "以受贿论处")
		if refers && !strings.Contains(first, "有期徒刑") {
			if len(o.PenaltyBy) == 0 {
				t.Errorf("%s refers to another article for its penalty but has no penalty_by", o.ID)
			}
		}
	}
}

func TestWeakFlags(t *testing.T) {
	weakEverywhere := []string{"CN-CL-384", "CN-CL-387", "CN-CL-394", "CN-CL-395", "CN-CL-396"}
	weakInUSAndAU := []string{"CN-CL-388-1", "CN-CL-390-1"}
	c := load(t)
	for _, s := range states {
		for _, o := range c.Offences() {
			if !o.Punishable() {
				continue
			}
			a, _ := c.Assessment(s, o.ID)
			want := contains(weakEverywhere, o.ID) || (contains(weakInUSAndAU, o.ID) && (s == "US" || s == "AU"))
			if a.Weak != want {
				t.Errorf("%s %s: weak = %t, want %t", s, o.ID, a.Weak, want)
			}
		}
	}
	// Influence peddling has no known equivalent in the United States.
	if a, _ := c.Assessment("US", "CN-CL-388-1"); !a.NoneKnown || a.Risk != RiskHigh {
		t.Errorf("US CN-CL-388-1: %+v", a)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestParagraphSpecificEquivalents(t *testing.T) {
	c := load(t)
	// Art. 164(2) (foreign bribery) maps to the FCPA, not to honest-services fraud.
	for _, e := range c.Equivalents("US", "CN-CL-164") {
		if strings.HasPrefix(e.Citation, "FCPA") != reflect.DeepEqual(e.Paragraphs, []int{2}) {
			t.Errorf("US 164: %s paragraphs %v", e.Citation, e.Paragraphs)
		}
	}
	// A match may pinpoint a subsection.
	var cites []string
	for _, e := range c.Equivalents("US", "CN-CL-385") {
		cites = append(cites, e.Citation)
	}
	if !contains(cites, "18 U.S.C. § 201(b)(2)") {
		t.Errorf("US 385 citations %v lack § 201(b)(2)", cites)
	}
}

func TestEmbeddedAssetsLoad(t *testing.T) {
	emb, err := Load(mla.Assets())
	if err != nil {
		t.Fatal(err)
	}
	disk := load(t)
	if !reflect.DeepEqual(emb.Offences(), disk.Offences()) || !reflect.DeepEqual(emb.Equivalents("NZ", "CN-CL-389"), disk.Equivalents("NZ", "CN-CL-389")) {
		t.Error("the embedded data differ from the files on disk")
	}
}

// mutate copies the data files into memory, applies edit to the decoded
// JSON of one of them and returns the file system.
func mutate(t *testing.T, file string, edit func(doc map[string]any)) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	paths, _ := fs.Glob(repo, TablePattern)
	for _, p := range append(paths, CatalogPath) {
		data, err := fs.ReadFile(repo, p)
		if err != nil {
			t.Fatal(err)
		}
		if p == file {
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			edit(doc)
			if data, err = json.Marshal(doc); err != nil {
				t.Fatal(err)
			}
		}
		m[p] = &fstest.MapFile{Data: data}
	}
	return m
}

func entry(doc map[string]any, i int) map[string]any {
	return doc["offences"].([]any)[i].(map[string]any)
}

func assessment(doc map[string]any, id string) map[string]any {
	return doc["offences"].(map[string]any)[id].(map[string]any)
}

func TestLoadRejects(t *testing.T) {
	const us = "templates/us/equivalents.json"
	cases := []struct {
		name, file, code, pointer string
		edit                      func(doc map[string]any)
	}{
		{"duplicate id", CatalogPath, "offences.duplicate_id", "/offences/21/id", func(d map[string]any) {
			d["offences"] = append(d["offences"].([]any), entry(d, 4))
		}},
		{"empty Chinese text", CatalogPath, "offences.empty_text", "/offences/4/text/zh/1", func(d map[string]any) {
			entry(d, 4)["text"].(map[string]any)["zh"].([]any)[1] = ""
		}},
		{"heading not at the start of the text", CatalogPath, "offences.text_heading", "/offences/4/text/zh/0", func(d map[string]any) {
			zh := entry(d, 4)["text"].(map[string]any)["zh"].([]any)
			zh[0] = strings.TrimPrefix(zh[0].(string), "第三百八十二条 ")
		}},
		{"id does not match the article", CatalogPath, "offences.id_mismatch", "/offences/4/id", func(d map[string]any) {
			entry(d, 4)["id"] = "CN-CL-381"
		}},
		{"Chinese heading does not match the number", CatalogPath, "offences.heading_mismatch", "/offences/11/article/zh", func(d map[string]any) {
			entry(d, 11)["article"].(map[string]any)["zh"] = "第三百八十八条之二"
		}},
		{"death penalty flag disagrees with the penalty", CatalogPath, "offences.death_penalty_mismatch", "/offences/10/death_penalty", func(d map[string]any) {
			entry(d, 10)["death_penalty"] = false
		}},
		{"confirmed without a V mark", CatalogPath, "source.unconfirmed", "/offences/11/thresholds/source/confirmed", func(d map[string]any) {
			entry(d, 11)["thresholds"].(map[string]any)["source"].(map[string]any)["confirmed"] = true
		}},
		{"penalty relation not mirrored", CatalogPath, "offences.relation_not_mirrored", "/offences/5/related/0", func(d map[string]any) {
			delete(entry(d, 4), "related")
		}},
		{"penalty fixed by an unknown article", CatalogPath, "offences.unknown_ref", "/offences/8/penalty_by/0", func(d map[string]any) {
			entry(d, 8)["penalty_by"] = []any{"CN-CL-999"}
		}},
		{"penalty fixed by a definition", CatalogPath, "offences.penalty_by_definition", "/offences/4/penalty_by/0", func(d map[string]any) {
			entry(d, 4)["penalty_by"] = []any{"CN-CL-93"}
		}},
		{"penalty references in a circle", CatalogPath, "offences.penalty_by_cycle", "/offences/5/penalty_by/0", func(d map[string]any) {
			entry(d, 5)["penalty_by"] = []any{"CN-CL-386"}
		}},
		{"unknown offence in a table", us, "equivalents.unknown_offence", "/offences/CN-CL-999", func(d map[string]any) {
			d["offences"].(map[string]any)["CN-CL-999"] = map[string]any{"same_as": "CN-CL-382"}
		}},
		{"offence missing from a table", us, "equivalents.missing_offence", "/offences/CN-CL-396", func(d map[string]any) {
			delete(d["offences"].(map[string]any), "CN-CL-396")
		}},
		{"definition in a table", us, "equivalents.not_an_offence", "/offences/CN-CL-93", func(d map[string]any) {
			d["offences"].(map[string]any)["CN-CL-93"] = map[string]any{"same_as": "CN-CL-382"}
		}},
		{"same_as chain", us, "equivalents.same_as_chain", "/offences/CN-CL-383/same_as", func(d map[string]any) {
			d["offences"].(map[string]any)["CN-CL-383"] = map[string]any{"same_as": "CN-CL-386"}
		}},
		{"empty equivalents without none_known", us, "equivalents.empty", "/offences/CN-CL-391/equivalents", func(d map[string]any) {
			assessment(d, "CN-CL-391")["equivalents"] = []any{}
		}},
		{"unknown statute", us, "equivalents.unknown_statute", "/offences/CN-CL-392/equivalents/0/statute", func(d map[string]any) {
			assessment(d, "CN-CL-392")["equivalents"] = []any{map[string]any{"statute": "usc-18-9999"}}
		}},
		{"weak contradicts the risk", us, "equivalents.weak_risk", "/offences/CN-CL-384/weak", func(d map[string]any) {
			a := assessment(d, "CN-CL-384")
			a["weak"] = false
			delete(a, "weak_reason")
		}},
		{"paragraph the article does not have", us, "equivalents.bad_paragraph", "/offences/CN-CL-163/equivalents/0/paragraphs", func(d map[string]any) {
			assessment(d, "CN-CL-163")["equivalents"].([]any)[0].(map[string]any)["paragraphs"] = []any{2}
		}},
		{"statute without its Chinese citation", us, "equivalents.empty_citation", "/statutes/usc-18-641/citation_zh", func(d map[string]any) {
			delete(d["statutes"].(map[string]any)["usc-18-641"].(map[string]any), "citation_zh")
		}},
		{"provision without its Chinese citation", us, "equivalents.provision_zh", "/offences/CN-CL-385/equivalents/0/provision_zh", func(d map[string]any) {
			delete(assessment(d, "CN-CL-385")["equivalents"].([]any)[0].(map[string]any), "provision_zh")
		}},
		{"threshold in no currency", us, "equivalents.bad_currency", "/statutes/usc-18-666/threshold/currency", func(d map[string]any) {
			d["statutes"].(map[string]any)["usc-18-666"].(map[string]any)["threshold"] = map[string]any{"amount": 5000, "currency": "$"}
		}},
		{"state does not match the folder", us, "equivalents.state_mismatch", "/state", func(d map[string]any) {
			d["state"] = "CA"
		}},
		{"unknown field", us, "data.invalid_json", "/remarks", func(d map[string]any) {
			d["remarks"] = "x"
		}},
	}
	// Control: the files re-encoded without an edit still load.
	if _, err := Load(mutate(t, us, func(map[string]any) {})); err != nil {
		t.Fatalf("re-encoded files do not load: %v", err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(mutate(t, tc.file, tc.edit))
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load error = %v, want a *LoadError", err)
			}
			for _, p := range le.Problems {
				if p.File == tc.file && p.Code == tc.code && p.Pointer == tc.pointer {
					return
				}
			}
			t.Errorf("no %s problem at %s %s; got:\n%v", tc.code, tc.file, tc.pointer, err)
		})
	}
}

func TestLoadRejectsDuplicateKeys(t *testing.T) {
	const nz = "templates/nz/equivalents.json"
	m := mutate(t, nz, func(map[string]any) {})
	data, _ := fs.ReadFile(repo, nz)
	// Repeat a key inside the offences object: encoding/json would keep the last silently.
	dup := strings.Replace(string(data), `"CN-CL-383": {`, `"CN-CL-382": {"same_as": "CN-CL-385"}, "CN-CL-383": {`, 1)
	m[nz] = &fstest.MapFile{Data: []byte(dup)}
	_, err := Load(m)
	var le *LoadError
	if !errors.As(err, &le) || le.Problems[0].Code != "data.duplicate_key" || le.Problems[0].Pointer != "/offences/CN-CL-382" {
		t.Fatalf("got %v, want a duplicate_key problem at /offences/CN-CL-382", err)
	}
}

func TestChineseNumeral(t *testing.T) {
	for n, want := range map[int]string{
		1: "一", 10: "十", 15: "十五", 20: "二十", 93: "九十三", 100: "一百", 105: "一百零五",
		110: "一百一十", 163: "一百六十三", 390: "三百九十", 388: "三百八十八",
	} {
		if got := chineseNumeral(n); got != want {
			t.Errorf("chineseNumeral(%d) = %q, want %q", n, got, want)
		}
	}
}
