package compose

import (
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
)

// TestPenaltyArticlesQuoted: a cited article that refers to another for its
// penalty brings that article's text and maximum penalty into the request
// (386 → 383, 385 → 386 → 383), each once; an article the case cites
// itself is not quoted twice, and one with its own penalty brings none.
func TestPenaltyArticlesQuoted(t *testing.T) {
	oc, err := offences.Load(mla.Assets())
	if err != nil {
		t.Fatal(err)
	}
	const text383 = "第三百八十三条 对犯贪污罪的"
	const head383 = "援引的处罚条文：《中华人民共和国刑法》第三百八十三条"
	tests := []struct {
		cited       []string
		want383     int // times the text of 383 is quoted
		wantHead    int // headings of quoted penalty articles
		wantEN383   bool
		wantText386 int
	}{
		{[]string{"CN-CL-386"}, 1, 1, true, 1},
		{[]string{"CN-CL-385"}, 1, 2, true, 1},
		{[]string{"CN-CL-385", "CN-CL-386"}, 1, 1, true, 1},
		{[]string{"CN-CL-382", "CN-CL-383"}, 1, 0, true, 0},
		{[]string{"CN-CL-388", "CN-CL-394"}, 1, 3, true, 1},
		{[]string{"CN-CL-191"}, 0, 0, false, 0},
	}
	for _, tt := range tests {
		c := example(t)
		c.Matter.Offences = nil
		for _, id := range tt.cited {
			c.Matter.Offences = append(c.Matter.Offences, casefile.Offence{ID: id})
		}
		in := input(t, c)
		in.Offences = Law{Lang: "en", Catalog: oc}
		d, err := Request(in)
		if err != nil {
			t.Fatal(err)
		}
		zh := strings.Join(texts(d, false), "\n")
		en := strings.Join(texts(d, true), "\n")
		if n := strings.Count(zh, text383); n != tt.want383 {
			t.Errorf("%v: text of art. 383 quoted %d times, want %d", tt.cited, n, tt.want383)
		}
		if n := strings.Count(zh, "援引的处罚条文："); n != tt.wantHead {
			t.Errorf("%v: %d penalty articles quoted, want %d", tt.cited, n, tt.wantHead)
		}
		if n := strings.Count(zh, "第三百八十六条 对犯受贿罪的"); n != tt.wantText386 {
			t.Errorf("%v: text of art. 386 quoted %d times, want %d", tt.cited, n, tt.wantText386)
		}
		if got := strings.Contains(en, "Article 383 Whoever commits the crime of embezzlement"); got != tt.wantEN383 {
			t.Errorf("%v: English text of art. 383 quoted: %t, want %t", tt.cited, got, tt.wantEN383)
		}
		if tt.cited[0] == "CN-CL-386" && !strings.Contains(zh, "《中华人民共和国刑法》第三百八十六条"+head383) {
			t.Errorf("%v: heading does not name the referring article:\n%s", tt.cited, zh)
		}
	}
}

// TestAuthorityFunctions: a request drafted by a supervisory commission
// explains what the commission is and cites the Supervision Law; one
// drafted by a procuratorate does not.
func TestAuthorityFunctions(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"东海省监察委员会（虚构示例）", true},
		{"东海市纪委监委", true},
		{"东海市人民检察院", false},
	} {
		c := example(t)
		c.RequestingAuthority.Name = casefile.Text{"zh": tt.name, "en": "X"}
		d, err := Request(input(t, c))
		if err != nil {
			t.Fatal(err)
		}
		zh := strings.Join(texts(d, false), "\n")
		en := strings.Join(texts(d, true), "\n")
		if got := strings.Contains(zh, "依照该法第三条和第十一条") && strings.Contains(zh, "国际刑事司法协助法》第六条"); got != tt.want {
			t.Errorf("%s: Chinese explains the supervisory commission: %t, want %t", tt.name, got, tt.want)
		}
		if got := strings.Contains(en, "Under Articles 3 and 11 of that Law"); got != tt.want {
			t.Errorf("%s: translation explains the supervisory commission: %t, want %t", tt.name, got, tt.want)
		}
	}
}

// TestAnnexTranslationListed: the list of annexes says of each annex its
// translation, or that it has none, and nothing when the case does not say.
func TestAnnexTranslationListed(t *testing.T) {
	c := example(t)
	c.Annexes = []casefile.Annex{
		{Title: casefile.Text{"zh": "甲件", "en": "Item A"}, Translation: &casefile.AnnexTranslation{Language: "en"}},
		{Title: casefile.Text{"zh": "乙件", "en": "Item B"}, Translation: &casefile.AnnexTranslation{None: true}},
		{Title: casefile.Text{"zh": "丙件", "en": "Item C"}},
	}
	d, err := Request(input(t, c))
	if err != nil {
		t.Fatal(err)
	}
	zh := strings.Join(texts(d, false), "\n")
	en := strings.Join(texts(d, true), "\n")
	for _, want := range []string{"甲件（附英文译文）", "乙件（无译文）", "丙件\n"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese annex list lacks %q", want)
		}
	}
	for _, want := range []string{"Item A (with its translation into English)", "Item B (no translation)", "Item C\n"} {
		if !strings.Contains(en, want) {
			t.Errorf("annex list lacks %q", want)
		}
	}
}

// TestVideoLinkTermsPrinted: testimony by video link prints the witness's
// rights and obligations, protection and allowances under their labels.
func TestVideoLinkTermsPrinted(t *testing.T) {
	c := example(t)
	found := false
	for i := range c.Assistance {
		a := &c.Assistance[i]
		if a.Type != "testimony" {
			continue
		}
		found = true
		a.VideoLink = true
		a.Rights = &casefile.Text{"zh": "权利甲", "en": "Rights A"}
		a.Protection = &casefile.Text{"zh": "保护乙", "en": "Protection B"}
		a.Allowances = &casefile.Text{"zh": "补助丙", "en": "Allowances C"}
	}
	if !found {
		t.Fatal("the example has no testimony")
	}
	d, err := Request(input(t, c))
	if err != nil {
		t.Fatal(err)
	}
	zh := strings.Join(texts(d, false), "\n")
	en := strings.Join(texts(d, true), "\n")
	for _, want := range []string{"证人的权利和义务\n权利甲", "对证人的保护措施\n保护乙", "对证人的补助\n补助丙"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese lacks %q", want)
		}
	}
	for _, want := range []string{"Rights and obligations of the witness\nRights A", "Protection of the witness\nProtection B", "Allowances\nAllowances C"} {
		if !strings.Contains(en, want) {
			t.Errorf("translation lacks %q", want)
		}
	}
}
