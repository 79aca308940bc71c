package compose

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/fonts"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

// inputFor builds the input the command line builds: the state's profile
// and template, the catalogue with its translation into the case's
// translation language.
func inputFor(t testing.TB, c *casefile.Case) Input {
	t.Helper()
	fsys := mla.Assets()
	cat, err := i18n.Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	p, tmpl, err := profile.Load(fsys, c.RequestedState)
	if err != nil {
		t.Fatal(err)
	}
	oc, err := offences.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	lang := c.Translation
	if lang == "" {
		lang = p.TranslationLanguages[0]
	}
	texts, err := profile.LoadOffenceTexts(fsys, lang)
	if err != nil {
		t.Fatal(err)
	}
	st, err := profile.LoadStatuteTexts(fsys, p.Code, lang)
	if err != nil {
		t.Fatal(err)
	}
	law := Law{Catalog: oc, Texts: texts, Statutes: st}
	return Input{Case: c, Profile: p, Template: tmpl, Catalog: cat, Offences: law, Equivalents: law, Creator: "mla test"}
}

func loadCase(t testing.TB, name string) *casefile.Case {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	var c casefile.Case
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

func letter(t testing.TB, in Input) (zh, tr string) {
	t.Helper()
	d, err := Request(in)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(texts(d, false), "\n"), strings.Join(texts(d, true), "\n")
}

func wantAll(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// TestEveryAssistanceTypeHasItsSubsection composes each type's valid
// fixture and looks for the details that type must state, in both
// languages.
func TestEveryAssistanceTypeHasItsSubsection(t *testing.T) {
	cases := []struct {
		file   string
		zh, en []string
	}{
		{"type-service-of-documents.json", []string{"送达文书", "传唤通知书", "受送达人有权委托律师", "送达证明"}, []string{"Service of documents", "Summons", "The recipient may instruct a lawyer", "proof of service"}},
		{"type-testimony.json", []string{"获取证言", "你是否认识张三？", "宣誓"}, []string{"Taking of testimony", "Do you know Zhang San?", "under oath or affirmation"}},
		{"type-records.json", []string{"示例银行", "000111222333", "2020年1月1日"}, []string{"Example Bank, N.A.", "Accounts", "1 January 2020"}},
		{"type-stored-communications.json", []string{"服务提供者", "zhang.san@example.invalid", "仅请求调取注册信息和通信记录", "相当理由"}, []string{"Service provider", "Accounts or identifiers", "Only subscriber and traffic data", "Probable cause", "2703"}},
		{"type-search-seizure.json", []string{"账簿", "相当理由", "一年以上监禁"}, []string{"Account books", "Probable cause", "more than one year", "3512(e)"}},
		{"type-locate-identify.json", []string{"查找", "张三"}, []string{"Locating", "ZHANG San"}},
		{"type-freeze-seize.json", []string{"权属证明", "开户资料显示账户由张三开立", "E2 冻结决定书", "利害关系人", "示例银行"}, []string{"Proof of title", "Legal documents attached", "E2 Freezing decision", "protection of interested parties", "Financial institution"}},
		{"type-confiscate-return.json", []string{"示例市中级人民法院", "已经发生法律效力", "没收、返还的理由", "对第三人的通知及正当程序"}, []string{"Example City Intermediate People's Court", "the confiscation order on which this request rests is final", "Grounds for confiscation and return", "Notice to third parties and due process"}},
		{"type-transfer-in-custody.json", []string{"移送", "书面商定"}, []string{"Transfer of a person in custody", "agreed in writing"}},
		{"type-expert-evaluation.json", []string{"需要鉴定的对象", "电子设备"}, []string{"Objects to be examined", "Electronic devices"}},
		{"type-other.json", []string{"用途A1"}, []string{"Purpose of A1"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			zh, en := letter(t, inputFor(t, loadCase(t, "schemas/testdata/us/valid/"+c.file)))
			wantAll(t, "Chinese", zh, append(c.zh, "用途A1。", "关联A1。")...)
			wantAll(t, "English", en, append(c.en, "Purpose of A1.", "Link of A1.")...)
		})
	}
}

func TestDualCriminalitySection(t *testing.T) {
	c := loadCase(t, "examples/us-embezzlement.json")
	zh, en := letter(t, inputFor(t, c))
	wantAll(t, "English", en,
		"whenever dual criminality is considered a requirement, it shall be deemed fulfilled",
		"18 U.S.C. § 641", "Maximum penalty: 10 years' imprisonment", "18 U.S.C. § 1956", "Further observations of the requesting side",
		c.Matter.DualCriminality.In("en")[:60])
	wantAll(t, "Chinese", zh, "第四十三条第二款", "《美国法典》第18编第666条", "请求方的补充说明")
	// The Chinese original names foreign provisions in Chinese.
	if strings.Contains(zh, "U.S.C.") {
		t.Error("the Chinese original cites a provision as 18 U.S.C.")
	}
	// Article 383 fixes the penalty of article 382: the dual criminality
	// section sets out the conduct once, under article 382.
	dual := en[strings.Index(en, "5. Dual criminality"):strings.Index(en, "6. Assistance requested")]
	if strings.Contains(dual, "Article 383") || !strings.Contains(dual, "Article 382") {
		t.Errorf("dual criminality section:\n%s", dual)
	}
}

func TestAssuranceOnSentencing(t *testing.T) {
	c := loadCase(t, "examples/us-embezzlement.json")
	c.Assurances.Sentencing = &casefile.Sentencing{Persons: []string{"P1"}}
	zh, en := letter(t, inputFor(t, c))
	wantAll(t, "English", en, "The assurance on the sentencing of LIN Jianhua is given in the document of assurances annexed to this request", "decided by the Supreme People's Court and given by the Ministry of Foreign Affairs", "Supreme People's Procuratorate")
	wantAll(t, "Chinese", zh, "对林建华量刑的保证，见本请求所附保证书", "由最高人民法院决定，由中华人民共和国外交部作出")
	if strings.Contains(en, "undertakes") || strings.Contains(zh, "中华人民共和国承诺") {
		t.Error("the request commits the State in the drafting organ's voice")
	}
	c.Assurances.Sentencing.GivenBy = "liaison_authority"
	_, en = letter(t, inputFor(t, c))
	wantAll(t, "English", en, "given by the Ministry of Justice of the People's Republic of China")
}

func TestAssetRecoverySection(t *testing.T) {
	c := loadCase(t, "examples/us-embezzlement.json")
	in := inputFor(t, c)
	zh, en := letter(t, in)
	wantAll(t, "English", en, "Return and sharing of property", "article 57 of the United Nations Convention against Corruption", "deduct reasonable expenses", "article 49")
	wantAll(t, "Chinese", zh, "第五十七条第四款", "第四十九条")
	if strings.Contains(en, "also governed by") {
		t.Error("the United States has no sharing agreement, yet the letter cites one")
	}
	in.Profile.Facts["asset_sharing_agreement"] = profile.Fact{Value: casefile.Text{"zh": "《某协定》", "en": "Some Agreement"}, Confirmed: true}
	_, en = letter(t, in)
	wantAll(t, "English", en, "also governed by the Some Agreement")
	// A case without property has no such section.
	c.Assets, c.AssetRecovery = nil, nil
	var keep []casefile.Assist
	for _, a := range c.Assistance {
		if a.Type != "freeze_seize" {
			keep = append(keep, a)
		}
	}
	c.Assistance = keep
	_, en = letter(t, inputFor(t, c))
	if strings.Contains(en, "Return and sharing of property") {
		t.Error("the section is printed for a case without property")
	}
}

func TestUrgentOnFirstPage(t *testing.T) {
	c := loadCase(t, "examples/us-embezzlement.json")
	d, err := Request(inputFor(t, c))
	if err != nil {
		t.Fatal(err)
	}
	// Everything before the first section heading is the first page.
	var first []string
	for _, b := range d.Blocks {
		if h, ok := b.(document.Heading); ok && h.Level == 1 {
			break
		}
		if p, ok := b.(document.Paragraph); ok {
			first = append(first, p.Text.Orig, p.Text.Trans)
		}
	}
	wantAll(t, "first page", strings.Join(first, "\n"), "紧急：请于2026年6月30日前执行", "URGENT: execution requested by 30 June 2026")
	c.Urgency.Level = "normal"
	d, _ = Request(inputFor(t, c))
	for _, s := range texts(d, true) {
		if strings.Contains(s, "URGENT") {
			t.Error("a normal request is marked urgent")
		}
	}
}

// TestDraftMarksUnconfirmedFacts: a draft shows which facts are not yet
// confirmed; the final request does not.
func TestDraftMarksUnconfirmedFacts(t *testing.T) {
	in := inputFor(t, loadCase(t, "examples/us-embezzlement.json"))
	_, en := letter(t, in)
	if strings.Contains(en, "[to be confirmed]") {
		t.Error("a final request carries the unconfirmed mark")
	}
	in.Draft = true
	zh, en := letter(t, in)
	wantAll(t, "draft", en, "in force since 8 March 2001 [to be confirmed]", "Article 4 of the Agreement [to be confirmed]")
	wantAll(t, "draft", zh, "2001年3月8日生效 【待核实】")
}

// TestTemplatesRelyOnEveryFactTheyState composes every example and checks
// that each profile fact the letter states is listed in the template's
// relies_on, so that an unconfirmed one reaches the reviewer.
func TestTemplatesRelyOnEveryFactTheyState(t *testing.T) {
	names, _ := fs.Glob(os.DirFS(filepath.Join("..", "..")), "examples/*.json")
	// The approved review beside each example is not a case file.
	names = slices.DeleteFunc(names, func(n string) bool { return strings.HasSuffix(n, ".review.json") })
	if len(names) == 0 {
		t.Fatal("no examples")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			in := inputFor(t, loadCase(t, name))
			k, err := request(in)
			if err != nil {
				t.Fatal(err)
			}
			var used []string
			for id := range k.used {
				used = append(used, id)
			}
			sort.Strings(used)
			for _, id := range used {
				if !contains(in.Template.Relies, id) {
					t.Errorf("%s states fact %q, which relies_on does not list", in.Profile.Dir, id)
				}
			}
		})
	}
}

// TestFrenchRequestHasNoEnglish composes the Canadian example translated
// into French and looks on the translation side for English: any English
// message of the locale files, or common English words.
func TestFrenchRequestHasNoEnglish(t *testing.T) {
	c := loadCase(t, "examples/ca-bribery-fr.json")
	if c.Translation != "fr" {
		t.Fatalf("the Canadian example is translated into %q, want fr", c.Translation)
	}
	in := inputFor(t, c)
	docs := map[string]func(Input) (*document.Document, error){"request": Request, "evidence list": EvidenceList}
	english := englishMessages(t)
	words := regexp.MustCompile(`(?i)\b(the|and|of|with|shall|this|that|is|are|which|annex|request|from|for)\b`)
	for name, compose := range docs {
		d, err := compose(in)
		if err != nil {
			t.Fatal(err)
		}
		var tr []string
		tr = append(tr, d.HeaderLeft.Trans, d.HeaderRight.Trans, d.PageLabel.Trans, d.Meta.Title.Trans)
		tr = append(tr, texts(d, true)...)
		for _, b := range d.Blocks {
			if tb, ok := b.(document.Table); ok {
				for _, col := range tb.Columns {
					tr = append(tr, col.Header.Trans)
				}
			}
		}
		all := strings.Join(tr, "\n")
		if m := words.FindAllString(all, 5); len(m) > 0 {
			i := strings.Index(all, m[0])
			t.Errorf("%s: English words %v on the French side, first near %q", name, m, all[max(0, i-60):min(len(all), i+60)])
		}
		for _, e := range english {
			if strings.Contains(all, e) {
				t.Errorf("%s: English message %q on the French side", name, e)
			}
		}
	}
}

// englishMessages returns the fixed parts (between template fields) of the
// English request messages that are long enough to be telling.
func englishMessages(t *testing.T) []string {
	t.Helper()
	var out []string
	field := regexp.MustCompile(`\{\{[^}]*\}\}|\{[a-z]+\}`)
	for _, name := range []string{"request.en.toml", "states.en.toml"} {
		data, err := fs.ReadFile(mla.Assets(), "locales/"+name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]struct{ Other, One string }
		if _, err := toml.Decode(string(data), &m); err != nil {
			t.Fatal(err)
		}
		for _, msg := range m {
			for _, part := range field.Split(msg.Other, -1) {
				if part = strings.TrimSpace(part); len(part) >= 16 {
					out = append(out, part)
				}
			}
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d English fragments", len(out))
	}
	return out
}

// TestFrenchIsDrawable: every character of the French messages and legal
// texts is in the embedded fonts (a missing glyph would print as a box).
func TestFrenchIsDrawable(t *testing.T) {
	fsys := mla.Assets()
	for _, name := range []string{"locales/request.fr.toml", "locales/states.fr.toml", "templates/offences.fr.json", "templates/ca/equivalents.fr.json", "templates/ca/profile.json", "templates/common.json"} {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		if probs := fonts.Check(string(data)); len(probs) > 0 {
			t.Errorf("%s: %d characters no font draws, first %U", name, len(probs), probs[0].Rune)
		}
	}
}

func TestPropertyNoItemActsOnIsListed(t *testing.T) {
	c := loadCase(t, "examples/us-embezzlement.json")
	c.Assets = append(c.Assets, casefile.Asset{ID: "S9", Type: "vehicle",
		Description: casefile.Text{"zh": "轿车一辆。", "en": "A car."}, Location: casefile.Text{"zh": "欧文市", "en": "Irvine"}, Country: "US",
		Link: casefile.Text{"zh": "以贪污款购买。", "en": "Bought with embezzled money."}})
	zh, en := letter(t, inputFor(t, c))
	wantAll(t, "English", en, "Other property concerned", "Property S9: vehicle", "A car.", "Bought with embezzled money.")
	wantAll(t, "Chinese", zh, "其他涉案财物", "轿车一辆。")
	_, en = letter(t, inputFor(t, loadCase(t, "examples/us-embezzlement.json")))
	if strings.Contains(en, "Other property concerned") {
		t.Error("every asset of the example is acted on, yet the letter lists other property")
	}
}
