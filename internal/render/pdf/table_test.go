package pdf

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

// laidOut lays d out and returns the renderer with its pages.
func laidOut(t testing.TB, d *document.Document) *renderer {
	t.Helper()
	r := newRenderer(d, Options{})
	if err := r.layout(); err != nil {
		t.Fatal(err)
	}
	return r
}

// pageOf returns the index of the first page that draws a run containing
// s, or -1.
func pageOf(r *renderer, s string) int {
	for i, pg := range r.pages {
		for _, o := range pg.ops {
			if o.kind == opText && strings.Contains(o.s, s) {
				return i
			}
		}
	}
	return -1
}

func assetsDoc(rows int) *document.Document {
	d := &document.Document{Langs: [2]string{"zh", "en"}, Orientation: document.Landscape}
	t := document.Table{Columns: []document.Column{
		{Header: document.Text{Orig: "序号", Trans: "No."}, Kind: document.KindInteger},
		{Header: document.Text{Orig: "编号", Trans: "ID"}, Hint: document.HintID},
		{Header: document.Text{Orig: "描述", Trans: "Description"}},
		{Header: document.Text{Orig: "取得日期", Trans: "Acquired"}, Kind: document.KindDate},
		{Header: document.Text{Orig: "估计价值", Trans: "Estimated value"}, Hint: document.HintAmount},
		{Header: document.Text{Orig: "备注", Trans: "Comment"}},
	}}
	for i := 0; i < rows; i++ {
		t.Rows = append(t.Rows, []string{
			fmt.Sprint(i + 1), fmt.Sprintf("S%d", i+1),
			"独栋住宅一处，四居室，建筑面积约280平方米 / A detached four-bedroom house of about 280 square metres, bought in October 2023 from a Documentary credit Institution",
			"2023-10-18", "USD 2,350,000", "",
		})
	}
	d.Blocks = []document.Block{t}
	return d
}

// TestColumnWidths: widths come from the content; a column without values
// is as narrow as its header's longest word; dates and amounts fit whole;
// prose takes the room left.
func TestColumnWidths(t *testing.T) {
	d := assetsDoc(12)
	r := newRenderer(d, Options{})
	tb := d.Blocks[0].(document.Table)
	flows := make([]colFlow, len(tb.Columns))
	for i, c := range tb.Columns {
		flows[i] = flowOf(c)
	}
	W := r.g.textW()
	ws, st, _, _ := r.columnWidths(tb, flows, W)
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	if math.Abs(sum-W) > 1e-6 {
		t.Errorf("widths add up to %v, want %v", sum, W)
	}
	need := func(s string, style tstyle) float64 { return r.width(s, style) + 2*cellPadX }
	if w := ws[3]; w+eps < need("2023-10-18", st) {
		t.Errorf("date column %v mm, the date needs %v", w, need("2023-10-18", st))
	}
	if w := ws[4]; w+eps < need("USD 2,350,000", st) {
		t.Errorf("amount column %v mm, the amount needs %v", w, need("USD 2,350,000", st))
	}
	if w, min := ws[5], need("Comment", styTHead[1]); w+eps < min || w > min+10 {
		t.Errorf("empty column %v mm, want about its header's word, %v", w, min)
	}
	for i, w := range ws {
		if i != 2 && w >= ws[2] {
			t.Errorf("column %d (%v mm) is not narrower than the prose column (%v mm)", i, w, ws[2])
		}
	}

	// Laid out: dates and amounts are drawn whole, amounts flush right.
	r = laidOut(t, d)
	x := r.g.left
	for _, w := range ws[:4] {
		x += w
	}
	right := x + ws[4] - cellPadX
	found := 0
	for _, pg := range r.pages {
		for _, o := range pg.ops {
			if o.kind != opText {
				continue
			}
			if strings.HasPrefix(o.s, "2023-") && o.s != "2023-10-18" || strings.HasPrefix(o.s, "USD") && o.s != "USD 2,350,000" {
				t.Errorf("value broken: %q", o.s)
			}
			if o.s == "USD 2,350,000" {
				found++
				if end := o.x + r.width(o.s, tstyle{size: o.size}); math.Abs(end-right) > 0.01 {
					t.Errorf("amount ends at %v, the column's right edge is %v", end, right)
				}
			}
		}
	}
	if found != 12 {
		t.Errorf("%d amounts drawn whole, want 12", found)
	}
}

// TestColumnsLayout: in the Columns layout a paragraph's original and
// translation start at the same height, side by side.
func TestColumnsLayout(t *testing.T) {
	d := &document.Document{Langs: [2]string{"zh", "en"}, Layout: document.Columns, Blocks: []document.Block{
		document.Heading{Level: 1, Text: document.Text{Orig: "一、请求机关", Trans: "1. Requesting authority"}},
		document.Paragraph{Text: document.Text{
			Orig:  strings.Repeat("本请求由本案办案机关东川省监察委员会提出。", 6),
			Trans: strings.Repeat("This request is made by the Supervisory Commission of Dongchuan Province. ", 6)}},
	}}
	r := laidOut(t, d)
	first := func(prefix string) op {
		for _, o := range r.pages[0].ops {
			if o.kind == opText && strings.HasPrefix(o.s, prefix) {
				return o
			}
		}
		t.Fatalf("%q not drawn", prefix)
		return op{}
	}
	half := r.g.left + r.g.textW()/2
	for _, pair := range [][2]string{{"一、", "1. "}, {"本请求", "This request"}} {
		a, b := first(pair[0]), first(pair[1])
		if a.x >= half || b.x < half {
			t.Errorf("%q at x %v and %q at x %v: want the original left of %v and the translation right of it", pair[0], a.x, pair[1], b.x, half)
		}
		if math.Abs(a.y-b.y) > 1.5 {
			t.Errorf("%q on baseline %v, %q on %v: want the same line", pair[0], a.y, pair[1], b.y)
		}
	}
}

// filler is n paragraphs of body text.
func filler(n int) []document.Block {
	var bs []document.Block
	for i := 0; i < n; i++ {
		bs = append(bs, document.Paragraph{Text: document.Text{
			Orig: strings.Repeat("经查，犯罪嫌疑人利用职务便利，侵吞公款。", 3), Trans: "The suspect embezzled public funds."}})
	}
	return bs
}

// TestKeepTogether: wherever the page ends, the signature keeps the
// paragraph before it, a heading stays with the table after it, and the
// reference printed at the head of the letter is not repeated in the
// running header of page 1.
func TestKeepTogether(t *testing.T) {
	for n := 0; n < 24; n++ {
		d := &document.Document{Langs: [2]string{"zh", "en"}, HeaderLeft: document.Same("REF-7"), BodyHasHeaderLeft: true}
		d.Blocks = append(filler(n),
			document.Paragraph{Text: document.Text{Orig: "此致敬礼。", Trans: "With thanks."}},
			document.Spacer{Height: 6},
			document.Signature{Authority: document.Text{Orig: "东川省监察委员会", Trans: "Supervisory Commission"}, Date: document.Same("2026-03-20"), SealLabel: document.Text{Orig: "（盖章）", Trans: "(Seal)"}},
		)
		d.Blocks = append(d.Blocks, filler(n%5)...)
		d.Blocks = append(d.Blocks, document.Heading{Level: 1, Text: document.Text{Orig: "涉案财物", Trans: "Property"}}, assetsDoc(3).Blocks[0])
		r := laidOut(t, d)
		if p, q := pageOf(r, "此致敬礼"), pageOf(r, "东川省监察委员会"); p != q {
			t.Errorf("%d paragraphs: the last paragraph is on page %d, the signature on page %d", n, p+1, q+1)
		}
		if p, q := pageOf(r, "涉案财物"), pageOf(r, "估计价值"); p != q {
			t.Errorf("%d paragraphs: the heading is on page %d, its table on page %d", n, p+1, q+1)
		}
		for i, pg := range r.pages {
			has := false
			for _, o := range pg.ops {
				has = has || o.kind == opText && o.s == "REF-7"
			}
			if has != (i > 0) {
				t.Errorf("%d paragraphs: page %d prints the reference in its header: %v", n, i+1, has)
			}
		}
	}
}

// BenchmarkColumnWidths measures the table layout of a 300-row table.
func BenchmarkColumnWidths(b *testing.B) {
	d := tableDoc(300)
	tb := d.Blocks[1].(document.Table)
	flows := make([]colFlow, len(tb.Columns))
	for i, c := range tb.Columns {
		flows[i] = flowOf(c)
	}
	r := newRenderer(d, Options{})
	b.ReportAllocs()
	for b.Loop() {
		r.columnWidths(tb, flows, r.g.textW())
	}
}

// TestMergeTranslations: a column marked as the translation of the one
// before it is drawn in it, below the original, when the table is too wide.
func TestMergeTranslations(t *testing.T) {
	tb := document.Table{
		Columns: []document.Column{
			{Header: document.Text{Orig: "编号", Trans: "ID"}, Hint: document.HintID},
			{Header: document.Text{Orig: "描述（中文）", Trans: "Description (Chinese)"}},
			{Header: document.Text{Orig: "描述（译文）", Trans: "Description (English)"}, Translates: true},
			{Header: document.Text{Orig: "价值", Trans: "Value"}, Hint: document.HintAmount},
		},
		Rows: [][]string{{"S1", "住宅", "House", "USD 1"}, {"S2", "", "Account", "USD 2"}},
	}
	m, ok := mergeTranslations(tb)
	if !ok || len(m.Columns) != 3 {
		t.Fatalf("merged into %d columns (%v), want 3", len(m.Columns), ok)
	}
	if h := m.Columns[1].Header; h.Orig != "描述（中文）\n描述（译文）" || h.Trans != "Description (Chinese)\nDescription (English)" {
		t.Errorf("merged header %q", h)
	}
	want := [][]string{{"S1", "住宅\nHouse", "USD 1"}, {"S2", "Account", "USD 2"}}
	for i := range want {
		if strings.Join(m.Rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, m.Rows[i], want[i])
		}
	}
	if len(tb.Columns) != 4 || tb.Rows[0][1] != "住宅" {
		t.Error("the table given was changed")
	}
	if _, ok := mergeTranslations(document.Table{Columns: tb.Columns[:2]}); ok {
		t.Error("a table without translation columns was merged")
	}
}

// TestColumnMinWidth: a column to write in by hand keeps the room it asks
// for, although it has no values and the table is crowded; without it, the
// same column is as narrow as its header.
func TestColumnMinWidth(t *testing.T) {
	for _, min := range []float64{0, 40} {
		d := assetsDoc(30)
		tb := d.Blocks[0].(document.Table)
		tb.Columns[5].MinWidth = min
		r := newRenderer(d, Options{})
		flows := make([]colFlow, len(tb.Columns))
		for i, c := range tb.Columns {
			flows[i] = flowOf(c)
		}
		ws, _, _, _ := r.columnWidths(tb, flows, r.g.textW())
		if min > 0 && ws[5]+eps < min {
			t.Errorf("comment column %.1f mm, asked for at least %v", ws[5], min)
		}
		if min == 0 && ws[5] >= 40 {
			t.Errorf("comment column without a minimum is %.1f mm: the test no longer tells the minimum apart", ws[5])
		}
	}
}

// TestCodeBreaks: a rule id or a JSON Pointer breaks only at its
// separators, never inside a word.
func TestCodeBreaks(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"dual_criminality.no_table", "dual_|criminality.|no_|table"},
		{"/persons/0/name/en", "/persons|/0|/name|/en"},
		{"text.chinese-in-translation", "text.|chinese-|in-|translation"},
		{"recognisable", "recognisable"},
	} {
		rs := []rune(tt.in)
		opps := breakOpportunities(rs, breakCode)
		var b strings.Builder
		for i, r := range rs {
			if opps[i] {
				b.WriteByte('|')
			}
			b.WriteRune(r)
		}
		if b.String() != tt.want {
			t.Errorf("%q breaks as %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}
