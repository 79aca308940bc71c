package compose

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

type catalog struct{ c *offences.Catalog }

func (o catalog) Offence(id string) (Offence, bool) {
	e, ok := o.c.Offence(id)
	if !ok {
		return Offence{}, false
	}
	out := Offence{Citation: e.Citation, Charge: e.ChargeNames(), Text: e.Text.Joined(), Unofficial: true}
	if e.MaxPenalty != nil {
		out.MaxPenalty = casefile.Text{"zh": e.MaxPenalty.ZH, "en": e.MaxPenalty.EN}
	}
	return out, true
}

func input(t testing.TB, c *casefile.Case) Input {
	t.Helper()
	fsys := mla.Assets()
	cat, err := i18n.Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	p, tmpl, err := profile.Load(fsys, "US")
	if err != nil {
		t.Fatal(err)
	}
	oc, err := offences.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Case: c, Profile: p, Template: tmpl, Catalog: cat, Offences: catalog{oc}, Creator: "mla test"}
}

func example(t testing.TB) *casefile.Case {
	t.Helper()
	b, err := os.ReadFile("../../examples/us-embezzlement.json")
	if err != nil {
		t.Fatal(err)
	}
	var c casefile.Case
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// texts returns every text of a document, in order, in one language.
func texts(d *document.Document, trans bool) []string {
	pick := func(t document.Text) string {
		if trans {
			return t.Trans
		}
		return t.Orig
	}
	var out []string
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case document.Heading:
			out = append(out, pick(b.Text))
		case document.Paragraph:
			out = append(out, pick(b.Text))
		case document.List:
			for i, it := range b.Items {
				if b.Labels != nil {
					out = append(out, pick(b.Labels[i]))
				}
				out = append(out, pick(it))
			}
		case document.Fields:
			for _, f := range b.Items {
				out = append(out, pick(f.Label), pick(f.Value))
			}
		}
	}
	return out
}

func TestRequestSectionsFollowTheTemplate(t *testing.T) {
	in := input(t, example(t))
	d, err := Request(in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range d.Blocks {
		if h, ok := b.(document.Heading); ok && h.Level == 1 {
			got = append(got, h.Number)
		}
	}
	var want []string
	for _, s := range in.Template.Sections {
		want = append(want, s.ID) // the example meets every section's condition
	}
	want = append(want, "certification") // the annex the closing adds for the United States
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sections %v, want the template's %v", got, want)
	}
	zh := strings.Join(texts(d, false), "\n")
	en := strings.Join(texts(d, true), "\n")
	for _, want := range []string{"一、请求机关", "十二、联系人", "（一）林建华（犯罪嫌疑人）", "第三百八十二条", "2026年3月20日", "CNY 38,600,000"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese letter lacks %q", want)
		}
	}
	for _, want := range []string{"1. Requesting authority", "12. Contact", "(1) LIN Jianhua (suspect)", "Article 382", "20 March 2026", "unofficial translation"} {
		if !strings.Contains(en, want) {
			t.Errorf("English letter lacks %q", want)
		}
	}
	if strings.Contains(zh+en, "<no value>") || strings.Contains(zh+en, "[to be completed]") || strings.Contains(zh, "【待填写") {
		t.Error("the complete example leaves a placeholder empty")
	}
	if d.Meta.Date.Format("2006-01-02") != "2026-03-20" {
		t.Errorf("document date %v, want the case's", d.Meta.Date)
	}
}

func TestRequestMarksWhatIsMissing(t *testing.T) {
	c := example(t)
	c.Matter.Facts = casefile.Text{}
	c.Matter.Offences = append(c.Matter.Offences, casefile.Offence{ID: "CN-CL-999"})
	d, err := Request(input(t, c))
	if err != nil {
		t.Fatal(err)
	}
	zh := strings.Join(texts(d, false), "\n")
	if !strings.Contains(zh, "【待填写】") || !strings.Contains(zh, "CN-CL-999") {
		t.Error("a draft does not show the missing facts and the unknown offence")
	}
}

// TestDraftNamesMissingCodes: in a draft, a coded value, a date or a
// reference the case leaves empty is a placeholder naming the field, in
// both languages; outside a draft an empty code is still a fault.
func TestDraftNamesMissingCodes(t *testing.T) {
	c := example(t)
	c.Matter.Stage = ""
	c.Persons[0].Role = ""
	c.Date = ""
	c.Reference = ""
	c.Contact.Phone = ""
	c.Matter.Facts = casefile.Text{"zh": "事实"} // no translation
	in := input(t, c)
	in.Draft = true
	d, err := Request(in)
	if err != nil {
		t.Fatal(err)
	}
	zh := strings.Join(texts(d, false), "\n")
	en := strings.Join(texts(d, true), "\n")
	for _, want := range []string{"【待填写：诉讼阶段】", "【待填写：身份】", "【待填写：日期】", "【待填写：文号】"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese draft lacks %q", want)
		}
	}
	for _, want := range []string{"[to be completed: stage]", "[to be completed: role]", "[to be completed: date]", "[to be completed: phone]", "[to be completed]"} {
		if !strings.Contains(en, want) {
			t.Errorf("English draft lacks %q", want)
		}
	}
	in.Draft = false
	if _, err := Request(in); err == nil {
		t.Error("a request without a stage composes outside a draft")
	}
}

func TestRequestRejectsATranslationTheStateDoesNotTake(t *testing.T) {
	in := input(t, example(t))
	in.Translation = "fr"
	if _, err := Request(in); err == nil {
		t.Error("a French translation was accepted for the United States")
	}
}

func TestEvidenceList(t *testing.T) {
	c := example(t)
	d, err := EvidenceList(input(t, c))
	if err != nil {
		t.Fatal(err)
	}
	var tables []document.Table
	for _, b := range d.Blocks {
		if tb, ok := b.(document.Table); ok {
			tables = append(tables, tb)
		}
	}
	if len(tables) != 3 {
		t.Fatalf("%d tables, want evidence, persons and property", len(tables))
	}
	ev := tables[0]
	if len(ev.Rows) != len(c.Evidence) {
		t.Fatalf("%d evidence rows, want %d", len(ev.Rows), len(c.Evidence))
	}
	for i, row := range ev.Rows {
		if len(row) != len(ev.Columns) {
			t.Fatalf("row %d has %d cells for %d columns", i, len(row), len(ev.Columns))
		}
		if row[1] != c.Evidence[i].ID || row[5] != c.Evidence[i].Date {
			t.Errorf("row %d = %v", i, row)
		}
	}
	// E9 is relied on by A1 and A4, in that order.
	if got := ev.Rows[8][10]; got != "A1, A4" {
		t.Errorf("E9 used by %q, want \"A1, A4\"", got)
	}
	if d.Orientation != document.Landscape {
		t.Error("the evidence list is not landscape")
	}
}

func TestFormats(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{1, "一"}, {9, "九"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {23, "二十三"}, {99, "九十九"}, {100, "100"}} {
		if got := chineseNumeral(tt.n); got != tt.want {
			t.Errorf("chineseNumeral(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	for _, tt := range []struct {
		v    float64
		want string
	}{{38600000, "38,600,000"}, {999, "999"}, {1000, "1,000"}, {2350000.5, "2,350,000.5"}, {-1234, "-1,234"}} {
		if got := groupDigits(tt.v); got != tt.want {
			t.Errorf("groupDigits(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// TestLongDates: the French first of the month is "1er", from a message
// rather than a condition in the locale text.
func TestLongDates(t *testing.T) {
	cat, err := i18n.Load(mla.Assets(), "locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		trans, date, orig, want string
	}{
		{"fr", "2026-03-01", "2026年3月1日", "1er mars 2026"},
		{"fr", "2026-03-02", "2026年3月2日", "2 mars 2026"},
		{"en", "2026-03-01", "2026年3月1日", "1 March 2026"},
	} {
		w := &writer{loc: &i18n.Localizer{C: cat}, orig: "zh", trans: tt.trans}
		got := w.date(tt.date)
		if got.Orig != tt.orig || got.Trans != tt.want || w.loc.Err() != nil {
			t.Errorf("%s in %s: %q / %q (%v), want %q / %q", tt.date, tt.trans, got.Orig, got.Trans, w.loc.Err(), tt.orig, tt.want)
		}
	}
}

// TestClauseFlags: every flag a clause of templates/assistance.json may
// name is read from the item, false when unset and true when set.
func TestClauseFlags(t *testing.T) {
	set := &casefile.Assist{Certify: true, Content: true, UnderOath: true, VideoLink: true, Presence: true, Order: &casefile.Order{Final: true}}
	for _, f := range profile.ClauseFlags {
		if clauseFlag(&casefile.Assist{}, f) || !clauseFlag(set, f) {
			t.Errorf("flag %s is not read from the item", f)
		}
	}
}
