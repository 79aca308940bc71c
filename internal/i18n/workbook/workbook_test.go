package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func book(t *testing.T, fill func(f *excelize.File)) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return &b
}

var cols = []Column{{Header: "id"}, {Header: "text"}, {Header: "n", Number: true}}

func read(t *testing.T, b *bytes.Buffer, want []Column) (*Sheet, error) {
	t.Helper()
	bk, err := Open(b)
	if err != nil {
		return nil, err
	}
	return bk.Read(want)
}

func TestRead(t *testing.T) {
	b := book(t, func(f *excelize.File) {
		_ = f.SetSheetName("Sheet1", "fr")
		_ = f.SetSheetRow("fr", "A1", &[]any{"id", "text", "n"})
		_ = f.SetSheetRow("fr", "A2", &[]any{"a", " leading space"})
		_ = f.SetSheetRow("fr", "A4", &[]any{"b", "line\nbreak_x005F_x0041_", 1.5})
		_, _ = f.NewSheet("other")
		_ = f.SetSheetRow("other", "A1", &[]any{"not read"})
	})
	s, err := read(t, b, cols)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "fr" || len(s.Rows) != 2 {
		t.Fatalf("sheet %q with %d rows", s.Name, len(s.Rows))
	}
	r := s.Rows[1]
	if s.Rows[0].Num != 2 || r.Num != 4 || len(r.Cells) != 3 {
		t.Errorf("rows %+v", s.Rows)
	}
	if s.Rows[0].Cell(1) != " leading space" || r.Cell(1) != "line\nbreak_x0041_" || r.Cell(2) != "1.5" || s.Rows[0].Cell(2) != "" || r.Cell(9) != "" {
		t.Errorf("cells %+v", s.Rows)
	}
}

func TestHeader(t *testing.T) {
	b := book(t, func(f *excelize.File) {
		_ = f.SetSheetRow("Sheet1", "A1", &[]any{"id", "txt", "n"})
	})
	var he *HeaderError
	if _, err := read(t, b, cols); !errors.As(err, &he) || he.Column != "B" || he.Got != "txt" {
		t.Errorf("a changed header: %v", err)
	}
	b = book(t, func(f *excelize.File) {
		_ = f.SetSheetRow("Sheet1", "A1", &[]any{"id", "text"})
	})
	if _, err := read(t, b, cols); !errors.As(err, &he) || he.Column != "C" {
		t.Errorf("a missing column: %v", err)
	}
	b = book(t, func(f *excelize.File) {
		_ = f.SetSheetRow("Sheet1", "A2", &[]any{"id", "text", "n"})
	})
	if _, err := read(t, b, cols); !errors.As(err, &he) || he.Column != "A" {
		t.Errorf("the header on row 2: %v", err)
	}
}

func TestReadRefuses(t *testing.T) {
	var many bytes.Buffer
	z := zip.NewWriter(&many)
	for i := range 2000 {
		_, _ = z.Create(fmt.Sprintf("p%d", i))
	}
	_ = z.Close()
	var le *LimitError
	if _, err := Open(&many); !errors.As(err, &le) || le.Kind != "parts" {
		t.Errorf("a package of 2,000 files: %v", err)
	}
	if _, err := Open(strings.NewReader("id,text\na,b\n")); err == nil {
		t.Error("a CSV file was read as a workbook")
	}
	empty := book(t, func(*excelize.File) {})
	if _, err := read(t, empty, cols); !errors.Is(err, ErrEmpty) {
		t.Errorf("an empty workbook: %v", err)
	}
}

// TestTypedCells: a cell that is not text is never read as its raw value.
func TestTypedCells(t *testing.T) {
	tests := []struct {
		name string
		set  func(f *excelize.File)
		cell string
		kind string
	}{
		{"date", func(f *excelize.File) {
			_ = f.SetCellValue("Sheet1", "B2", 45390)
			st, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			_ = f.SetCellStyle("Sheet1", "B2", "B2", st)
		}, "B2", "number"},
		{"number in a text column", func(f *excelize.File) { _ = f.SetCellValue("Sheet1", "B2", 12) }, "B2", "number"},
		{"boolean", func(f *excelize.File) { _ = f.SetCellValue("Sheet1", "B2", true) }, "B2", "boolean"},
		{"formula", func(f *excelize.File) { _ = f.SetCellFormula("Sheet1", "B2", "A2&\"x\"") }, "B2", "formula"},
		{"beyond the header", func(f *excelize.File) { _ = f.SetCellValue("Sheet1", "D2", "x") }, "D2", "beyond"},
		{"too long", func(f *excelize.File) { _ = f.SetCellValue("Sheet1", "B2", strings.Repeat("文", 32767)) }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := book(t, func(f *excelize.File) {
				_ = f.SetSheetRow("Sheet1", "A1", &[]any{"id", "text", "n"})
				_ = f.SetCellValue("Sheet1", "A2", "a")
				tt.set(f)
			})
			_, err := read(t, b, cols)
			if tt.kind == "" {
				if err != nil {
					t.Errorf("a cell at the limit: %v", err)
				}
				return
			}
			var ce *CellErrors
			if !errors.As(err, &ce) || ce.List[0].Cell != tt.cell || ce.List[0].Kind != tt.kind {
				t.Errorf("got %v, want %s at %s", err, tt.kind, tt.cell)
			}
		})
	}
}

// rawBook is a workbook whose worksheet XML is given.
func rawBook(t *testing.T, sheetData string, sst string) *bytes.Buffer {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	add := func(name, body string) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	add("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="fr" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	add("xl/sharedStrings.xml", sst)
	add("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>`+sheetData+`</sheetData></worksheet>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return &b
}

const header = `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>text</t></is></c><c r="C1" t="inlineStr"><is><t>n</t></is></c></row>`

// TestHostileSheets: what a 26 KB file can claim does not decide what is
// allocated, and every refusal names the cell.
func TestHostileSheets(t *testing.T) {
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2147483647" uniqueCount="2147483647"><si><t>x</t></si><si><r><t>a</t></r><r><t>_x001B_</t></r></si></sst>`
	var many strings.Builder
	for r := 2; r < 2000; r++ {
		fmt.Fprintf(&many, `<row r="%d"><c r="XFD%d" t="s"><v>0</v></c></row>`, r, r)
	}
	tests := []struct {
		name, rows, want string
	}{
		{"cell at XFD1048576", `<row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row>`, "XFD1048576"},
		{"error value", `<row r="2"><c r="B2" t="e"><v>#REF!</v></c></row>`, "B2: error"},
		{"boolean", `<row r="2"><c r="B2" t="b"><v>1</v></c></row>`, "B2: boolean"},
		{"date type", `<row r="2"><c r="B2" t="d"><v>2024-04-08</v></c></row>`, "B2: date"},
		{"NUL escape in a shared string", `<row r="2"><c r="B2" t="inlineStr"><is><t>a_x0000_</t></is></c></row>`, "B2: control U+0000"},
		{"ESC escape", `<row r="2"><c r="B2" t="s"><v>1</v></c></row>`, "B2: control U+001B"},
		{"surrogate escape", `<row r="2"><c r="B2" t="inlineStr"><is><t>_xD800_</t></is></c></row>`, "B2: control U+D800"},
		{"shared string out of range", `<row r="2"><c r="B2" t="s"><v>7</v></c></row>`, "shared string"},
		{"rows out of order", `<row r="3"/><row r="2"/>`, "bad row number"},
		{"a thousand bad rows", many.String(), "1998 bad cell(s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(t, rawBook(t, header+tt.rows, sst), cols)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
			var ce *CellErrors
			if errors.As(err, &ce) && len(ce.List) > maxErrors {
				t.Errorf("%d cells listed", len(ce.List))
			}
		})
	}
}

// TestHostileMemory reads a workbook of a few kilobytes that claims a
// million rows of 16,384 columns (and holds one cell at XFD1048576), and a
// shared strings table that claims two billion items: the heap must stay
// under 64 MB.
func TestHostileMemory(t *testing.T) {
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2147483647" uniqueCount="2147483647"><si><t>x</t></si></sst>`
	var rows strings.Builder
	for r := 2; r < 400; r++ {
		fmt.Fprintf(&rows, `<row r="%d" spans="1:16384"><c r="A%d" t="s"><v>0</v></c></row>`, r, r)
	}
	rows.WriteString(`<row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row>`)
	b := rawBook(t, header+rows.String(), sst)
	if b.Len() > 32<<10 {
		t.Fatalf("the workbook has %d bytes", b.Len())
	}
	peak := measure(func() {
		if _, err := read(t, b, cols); err == nil || !strings.Contains(err.Error(), "XFD1048576") {
			t.Errorf("got %v", err)
		}
	})
	if peak > 64<<20 {
		t.Errorf("reading took %d MB of heap, want under 64", peak>>20)
	}
	t.Logf("peak heap growth %.1f MB", float64(peak)/(1<<20))
}

// measure returns the largest growth of the heap seen while f runs,
// sampled every 100µs and at the end. The collector runs often (GOGC=10),
// so that the heap is close to what is live: garbage is the collector's
// choice of pace, and depends on what else the process holds.
func measure(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := heap()
	done, peakc := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			peak = max(peak, heap())
			select {
			case <-done:
				peakc <- peak
				return
			case <-tick.C:
			}
		}
	}()
	f()
	end := heap()
	close(done)
	peak := max(<-peakc, end)
	if peak < base {
		return 0
	}
	return peak - base
}

// TestHostileParts: parts that unpack to much more than they weigh are
// refused without being held: a text of 40 MB in one element, elements
// nested a million deep, a shared string longer than a cell.
func TestHostileParts(t *testing.T) {
	sst := func(body string) string {
		return `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + body + `</sst>`
	}
	one := `<row r="2"><c r="B2" t="s"><v>0</v></c></row>`
	tests := []struct {
		name, rows, sst, want string
	}{
		{"40 MB of shared strings", one, sst(strings.Repeat(`<si><t>`+strings.Repeat("a", 1000)+`</t></si>`, 40<<10)), "unpacks to more than"},
		{"two million shared strings", one, sst(strings.Repeat(`<si/>`, 2<<20)), "more than 1048576 cells"},
		{"a 20 MB shared string", one, sst(`<si><t>` + strings.Repeat("a", 20<<20) + `</t></si>`), "longer than"},
		{"a 20 MB inline string", `<row r="2"><c r="B2" t="inlineStr"><is><t>` + strings.Repeat("a", 20<<20) + `</t></is></c></row>`, sst(""), "longer than"},
		{"deep nesting", `<row r="2"><c r="B2" t="inlineStr"><is>` + strings.Repeat("<r>", 1<<20) + `</is></c></row>`, sst(""), "nested"},
		{"deep nesting of shared strings", one, sst(`<si>` + strings.Repeat("<r>", 1<<20)), "nested"},
		{"a shared string longer than a cell", one, sst(`<si><t>` + strings.Repeat("a", 40000) + `</t></si>`), "B2: too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := rawBook(t, header+tt.rows, tt.sst)
			var err error
			alloc := measure(func() { _, err = read(t, b, cols) })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
			if alloc > 64<<20 {
				t.Errorf("reading took %d MB of heap, want under 64", alloc>>20)
			}
			t.Logf("peak heap growth %.1f MB", float64(alloc)/(1<<20))
		})
	}
}

// FuzzRead: no workbook makes Read panic, and what it returns keeps the
// header's width.
func FuzzRead(f *testing.F) {
	sst := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>`
	for _, rows := range []string{
		"",
		`<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2"><v>3</v></c></row>`,
		`<row r="2"><c r="B2" t="inlineStr"><is><r><t>a_x005F_b</t></r><rPh><t>p</t></rPh></is></c></row>`,
		`<row><c t="b"><v>1</v></c></row><row><c><f>A1</f></c></row>`,
	} {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for name, body := range map[string]string{
			"xl/workbook.xml":            `<workbook><sheets><sheet name="fr" r:id="rId1" xmlns:r="r"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
			"xl/sharedStrings.xml":       sst,
			"xl/worksheets/sheet1.xml":   `<worksheet><sheetData>` + header + rows + `</sheetData></worksheet>`,
		} {
			w, _ := z.Create(name)
			_, _ = w.Write([]byte(body))
		}
		_ = z.Close()
		f.Add(b.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		bk, err := Open(bytes.NewReader(data))
		if err != nil {
			return
		}
		s, err := bk.Read(cols)
		if err != nil {
			return
		}
		for _, r := range s.Rows {
			if len(r.Cells) != len(cols) || r.Num < 2 {
				t.Fatalf("row %+v", r)
			}
		}
	})
}

// Sheets lists the worksheets in the workbook's order; Header reads the
// selected sheet's first row, however wide.
func TestSheetsAndHeader(t *testing.T) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "b"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("a"); err != nil {
		t.Fatal(err)
	}
	for i, v := range []string{"x", "", "z"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellValue("a", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := Open(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Sheets(); !reflect.DeepEqual(got, []string{"b", "a"}) {
		t.Errorf("Sheets = %q", got)
	}
	if err := b.Select("a"); err != nil {
		t.Fatal(err)
	}
	h, err := b.Header(10)
	if err != nil || !reflect.DeepEqual(h, []string{"x", "", "z"}) {
		t.Errorf("Header = %q, %v", h, err)
	}
}
