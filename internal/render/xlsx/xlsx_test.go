package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mla-dev/mla/internal/document"
)

// TestReadBack reads a rendered evidence list with openpyxl and checks every
// feature that excelize could drop without an error.
func TestReadBack(t *testing.T) {
	rb := readWithOpenpyxl(t, render(t, sampleDoc()), 50)

	if want := []string{"证据清单", "Persons"}; !slices.Equal(rb.Sheets, want) {
		t.Fatalf("sheets = %q, want %q (default sheet removed, document order)", rb.Sheets, want)
	}
	if rb.Active != 0 {
		t.Errorf("active sheet = %d, want 0", rb.Active)
	}

	p := rb.Props
	for _, c := range []struct{ name, got, want string }{
		{"title", p.Title, "证据清单 / Evidence list"},
		{"subject", p.Subject, "刑事司法协助请求 / Request for mutual legal assistance"},
		{"creator", p.Creator, "某市监察委员会"},
		{"keywords", p.Keywords, "MLA; UNCAC"},
		{"language", p.Language, "zh"},
		{"created", p.Created, "2024-03-15T00:00:00"},
		{"modified", p.Modified, "2024-03-15T00:00:00"},
	} {
		if c.got != c.want {
			t.Errorf("property %s = %q, want %q", c.name, c.got, c.want)
		}
	}

	s := rb.Sheet["证据清单"]
	if s.MaxRow != 6 || s.MaxColumn != 7 {
		t.Errorf("size = %d rows × %d columns, want 6 × 7", s.MaxRow, s.MaxColumn)
	}
	if s.FreezePanes != "A2" {
		t.Errorf("freeze_panes = %q, want A2", s.FreezePanes)
	}
	// excelize writes the filter range with absolute markers.
	if got := strings.ReplaceAll(s.AutoFilter, "$", ""); got != "A1:G6" {
		t.Errorf("auto_filter = %q, want A1:G6", s.AutoFilter)
	}
	if s.PrintTitleRows != "$1:$1" {
		t.Errorf("print_title_rows = %q, want $1:$1", s.PrintTitleRows)
	}
	if s.Orientation != "landscape" || s.PaperSize != paperA4 {
		t.Errorf("page = %s paper %d, want landscape A4 (%d)", s.Orientation, s.PaperSize, paperA4)
	}
	if !s.FitToPage || s.FitToWidth != 1 || s.FitToHeight != 0 {
		t.Errorf("fit = page %v, %d wide × %d tall; want one page wide, any number tall", s.FitToPage, s.FitToWidth, s.FitToHeight)
	}
	wantWidths := map[string]float64{"A": 8, "B": 40, "C": 12, "D": 8, "E": 14, "F": 20, "G": minColWidth}
	for col, w := range wantWidths {
		if s.Widths[col] != w {
			t.Errorf("width of %s = %v, want %v", col, s.Widths[col], w)
		}
	}
	if s.HeaderHeight < 2*lineHeight {
		t.Errorf("header height = %v, want room for two lines (≥ %v)", s.HeaderHeight, 2*lineHeight)
	}
	if got, want := s.OddHeader["center"], "附件一 证据清单\nAnnex 1 Evidence list"; got != want {
		t.Errorf("page header centre = %q, want the caption %q", got, want)
	}
	if got, want := s.OddFooter["right"], "第&P页 共&N页\nPage &P of &N"; got != want {
		t.Errorf("page footer right = %q, want %q", got, want)
	}
	// openpyxl keeps the codes escaped: "&&" is one literal "&".
	if got := s.OddFooter["left"]; got != "R&&D" {
		t.Errorf("page footer left = %q, want R&&D", got)
	}

	header := s.Rows[0]
	wantHeader := []string{"编号\nNo.", "证据名称\nDescription", "日期\nDate", "页数\nPages", "金额（元）\nAmount (CNY)", "来源\nSource", "备注"}
	for i, h := range header {
		if h.Value != wantHeader[i] {
			t.Errorf("header %d = %q, want %q", i, h.Value, wantHeader[i])
		}
		if !h.Bold || !h.Wrap || h.Fill != "FF"+headerFill || h.Border != "thin" {
			t.Errorf("header %d style: bold %v wrap %v fill %q border %q", i, h.Bold, h.Wrap, h.Fill, h.Border)
		}
	}

	type want struct {
		value    any
		dataType string
		pyType   string
		format   string
	}
	cells := []struct {
		ref  string
		want want
	}{
		{"B2", want{"银行流水\nBank statements", "s", "str", "General"}},
		{"C2", want{"2023-05-01T00:00:00", "d", "datetime", dateNumFmt}},
		{"D2", want{12.0, "n", "int", "0"}},
		{"E2", want{1234567.89, "n", "float", "General"}},
		{"B3", want{"Relevé bancaire — Société Générale", "s", "str", "General"}},
		{"C3", want{nil, "n", "NoneType", dateNumFmt}}, // empty date stays empty
		{"E3", want{-0.5, "n", "float", "General"}},
		{"B4", want{" leading space", "s", "str", "General"}},
		{"C4", want{"2024-02-30", "s", "str", "General"}}, // no such day: text
		{"D4", want{"007", "s", "str", "General"}},        // leading zeros: text
		{"E4", want{1000.0, "n", "int", "General"}},
		{"F4", want{"=1+1", "s", "str", "General"}},
		{"B5", want{"@SUM(A1)", "s", "str", "General"}},
		{"C5", want{"2024/01/02", "s", "str", "General"}},
		{"D5", want{"12345678901234567", "s", "str", "General"}}, // too long to be exact
		{"E5", want{"1,000", "s", "str", "General"}},
		{"F5", want{"+1", "s", "str", "General"}},
		{"G5", want{"-1", "s", "str", "General"}},
		{"B6", want{nil, "n", "NoneType", "General"}}, // short row: padded
	}
	for _, c := range cells {
		col, row := int(c.ref[0]-'A'), int(c.ref[1]-'1')
		got := s.Rows[row][col]
		if got.Value != c.want.value || got.DataType != c.want.dataType || got.PyType != c.want.pyType || got.NumberFormat != c.want.format {
			t.Errorf("%s = %#v (%s, %s, %q), want %#v (%s, %s, %q)", c.ref,
				got.Value, got.DataType, got.PyType, got.NumberFormat,
				c.want.value, c.want.dataType, c.want.pyType, c.want.format)
		}
		if got.Vertical != "top" || got.Border != "thin" {
			t.Errorf("%s alignment %q border %q, want top, thin", c.ref, got.Vertical, got.Border)
		}
	}
	if !s.Rows[1][1].Wrap {
		t.Error("text cell B2 is not wrapped")
	}

	persons := rb.Sheet["Persons"]
	if persons.MaxRow != 2 || persons.PrintTitleRows != "$1:$1" || persons.FreezePanes != "A2" {
		t.Errorf("second sheet: %d rows, print titles %q, freeze %q", persons.MaxRow, persons.PrintTitleRows, persons.FreezePanes)
	}
	if got := persons.Rows[1][0].Value; got != "张三" {
		t.Errorf("Persons!A2 = %q, want 张三", got)
	}
	if got := persons.OddHeader["center"]; got != "" {
		t.Errorf("second sheet has no caption, but its header centre is %q", got)
	}
}

// TestFormulaInjection renders values that a spreadsheet would take for a
// formula if they were written as one, in every kind of column.
func TestFormulaInjection(t *testing.T) {
	payloads := []string{"=1+1", "+1+1", "-1+1", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "\t=1+1", "\r\n=1+1"}
	kinds := []document.CellKind{document.KindText, document.KindDate, document.KindInteger, document.KindNumber}
	var cols []document.Column
	for _, k := range kinds {
		cols = append(cols, document.Column{Header: document.Same(strconv.Itoa(int(k))), Kind: k})
	}
	var rows [][]string
	for _, p := range payloads {
		rows = append(rows, []string{p, p, p, p})
	}
	doc := &document.Document{Blocks: []document.Block{document.Table{Sheet: "=A1", Columns: cols, Rows: rows}}}
	data := render(t, doc)

	for name, xml := range zipParts(t, data) {
		if strings.HasPrefix(name, "xl/worksheets/") && strings.Contains(xml, "<f>") {
			t.Errorf("%s holds a formula element", name)
		}
	}

	rb := readWithOpenpyxl(t, data, 50)
	s := rb.Sheet["=A1"]
	for r, p := range payloads {
		for c := range kinds {
			got := s.Rows[r+1][c]
			if got.DataType != "s" || got.Value != p {
				t.Errorf("row %d column %d = %#v (type %s), want the text %q", r+2, c+1, got.Value, got.DataType, p)
			}
		}
	}
}

// multiSheetDoc has enough sheets that excelize's map-ordered writing of
// streamed sheets shows up as different bytes between renders.
func multiSheetDoc() *document.Document {
	doc := sampleDoc()
	for i := range 6 {
		doc.Blocks = append(doc.Blocks, document.Table{
			Sheet:   fmt.Sprintf("S%d", i),
			Columns: evidenceColumns(),
			Rows:    [][]string{{"E1", "x", "2024-01-0" + strconv.Itoa(i+1), strconv.Itoa(i), "1.5", "", ""}},
		})
	}
	return doc
}

// TestDeterministic renders the same document repeatedly and wants the
// same bytes, with the document's date in place of any clock reading.
func TestDeterministic(t *testing.T) {
	doc := multiSheetDoc()
	first := render(t, doc)
	for i := range 10 {
		if again := render(t, doc); !bytes.Equal(first, again) {
			t.Fatalf("render %d differs from the first (%d and %d bytes)", i+2, len(first), len(again))
		}
	}

	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(docDate) {
			t.Errorf("%s is stamped %v, want the document date %v", f.Name, f.Modified, docDate)
		}
	}
	if !slices.IsSorted(names) || names[0] != "[Content_Types].xml" {
		t.Errorf("zip entries not sorted with [Content_Types].xml first: %q", names)
	}
	if n := len(names); n != 8+8 { // package parts + 8 worksheets
		t.Errorf("%d zip entries, want 16: %q", n, names)
	}

	// Another date gives other bytes: the date really comes from the document.
	doc.Meta.Date = docDate.AddDate(0, 0, 1)
	if bytes.Equal(first, render(t, doc)) {
		t.Error("a different document date gives the same bytes")
	}
}

// TestDocumentDate checks the stand-in for a document without a date.
func TestDocumentDate(t *testing.T) {
	if got := documentDate(time.Time{}); !got.Equal(zipEpoch) {
		t.Errorf("documentDate(zero) = %v, want %v", got, zipEpoch)
	}
	beijing := time.FixedZone("CST", 8*3600)
	if got := documentDate(time.Date(2024, 3, 15, 8, 0, 0, 0, beijing)); got.Format(w3cdtf) != "2024-03-15T00:00:00Z" {
		t.Errorf("documentDate in UTC+8 = %v, want 2024-03-15T00:00:00Z", got)
	}
	for _, d := range []time.Time{time.Date(1975, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if z := newSortedZip(io.Discard, d); !z.modified.Equal(zipEpoch) {
			t.Errorf("zip time for %v = %v, want %v", d, z.modified, zipEpoch)
		}
	}
}

// largeDoc is an evidence list of n rows.
func largeDoc(n int) *document.Document {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{
			"E" + strconv.Itoa(i+1),
			"银行账户交易记录 Relevé de compte " + strconv.Itoa(i),
			fmt.Sprintf("2023-%02d-%02d", i%12+1, i%28+1),
			strconv.Itoa(i % 500),
			strconv.Itoa(i) + ".25",
			"中国工商银行",
			"",
		}
	}
	doc := sampleDoc()
	doc.Blocks = []document.Block{document.Table{Sheet: "证据清单", Columns: evidenceColumns(), Rows: rows}}
	return doc
}

// TestLargeTable renders 10,000 rows and reads all of them back.
func TestLargeTable(t *testing.T) {
	data := render(t, largeDoc(10000))
	parts := zipParts(t, data)
	if !strings.Contains(parts["xl/worksheets/sheet1.xml"], `<dimension ref="A1:G10001">`) {
		t.Error("sheet dimension is not A1:G10001")
	}

	rb := readWithOpenpyxl(t, data, 3)
	s := rb.Sheet["证据清单"]
	if s.MaxRow != 10001 {
		t.Fatalf("max_row = %d, want 10001", s.MaxRow)
	}
	if got := strings.ReplaceAll(s.AutoFilter, "$", ""); got != "A1:G10001" {
		t.Errorf("auto_filter = %q, want A1:G10001", s.AutoFilter)
	}
	if s.FreezePanes != "A2" || s.PrintTitleRows != "$1:$1" {
		t.Errorf("freeze %q, print titles %q", s.FreezePanes, s.PrintTitleRows)
	}
	last := s.LastRow
	if last[0].Value != "E10000" || last[2].PyType != "datetime" || last[2].Value != "2023-04-04T00:00:00" || last[4].Value != 9999.25 {
		t.Errorf("last row = %v %v %v, want E10000, 2023-04-04, 9999.25", last[0].Value, last[2].Value, last[4].Value)
	}
}

// TestRenderErrors checks that a document that cannot be written whole is
// refused, and that nothing reaches the writer then.
func TestRenderErrors(t *testing.T) {
	long := strings.Repeat("证", maxCellChars+1)
	cols := []document.Column{{Header: document.Same("a")}, {Header: document.Same("b")}}
	tests := []struct {
		name string
		doc  *document.Document
		want error
	}{
		{"nil document", nil, ErrNoTables},
		{"no table", &document.Document{Blocks: []document.Block{document.Paragraph{}}}, ErrNoTables},
		{"no columns", docOf(document.Table{Sheet: "x"}), ErrTableShape},
		{"row too long", docOf(document.Table{Columns: cols, Rows: [][]string{{"1", "2", "3"}}}), ErrTableShape},
		{"cell too long", docOf(document.Table{Columns: cols, Rows: [][]string{{"1", long}}}), ErrCellTooLong},
		{"header too long", docOf(document.Table{Columns: []document.Column{{Header: document.Same(long)}}}), ErrCellTooLong},
		{"long text in a date column", docOf(document.Table{Columns: []document.Column{{Kind: document.KindDate}}, Rows: [][]string{{long}}}), ErrCellTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Render(&buf, tt.doc)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Render error = %v, want %v", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written despite the error", buf.Len())
			}
		})
	}

	// The longest text a cell holds still goes through, whole.
	most := strings.Repeat("a", maxCellChars)
	data := render(t, docOf(document.Table{Columns: cols, Rows: [][]string{{"1", most}}}))
	if !strings.Contains(zipParts(t, data)["xl/worksheets/sheet1.xml"], most+"<") {
		t.Error("a text of exactly 32,767 characters was not written whole")
	}
}

func docOf(tables ...document.Table) *document.Document {
	doc := &document.Document{}
	for _, t := range tables {
		doc.Blocks = append(doc.Blocks, t)
	}
	return doc
}

// zipParts returns the text of every part of an XLSX file.
func zipParts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip file: %v", err)
	}
	parts := make(map[string]string)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = string(b)
	}
	return parts
}

// BenchmarkRender10000 renders a 10,000-row evidence list.
func BenchmarkRender10000(b *testing.B) {
	doc := largeDoc(10000)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Render(&buf, doc); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
	b.ReportMetric(float64(size), "file-bytes")
}
