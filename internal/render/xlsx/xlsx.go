// Package xlsx writes the tables of a document as an XLSX workbook, one
// worksheet per table, in the order the document holds them. It is how the
// evidence list and the review report reach a spreadsheet; the PDF renderer
// draws the same tables, so the two outputs cannot disagree.
//
// Every worksheet has a bilingual header row that stays in view and repeats
// on every printed page, an autofilter, typed cells (dates, integers,
// numbers), and an A4 landscape page setup one page wide. Text is always
// stored as text: a value such as "=1+1" can never become a formula. The
// same document always gives the same bytes.
package xlsx

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mla-dev/mla/internal/document"
)

var (
	// ErrNoTables means the document has no table to write; a workbook
	// needs at least one worksheet.
	ErrNoTables = errors.New("xlsx: the document has no table")
	// ErrCellTooLong means a text is longer than the 32,767 characters an
	// Excel cell holds. excelize would cut it silently; Render refuses it.
	ErrCellTooLong = errors.New("xlsx: text longer than a cell can hold")
	// ErrTableShape means a table cannot be laid out: no columns, a row
	// with more cells than columns, or more rows or columns than a
	// worksheet has.
	ErrTableShape = errors.New("xlsx: table cannot be laid out")
	// ErrChoices means a column's choices cannot be a drop-down list: a
	// choice is empty or holds a comma, or the list is longer than 255
	// characters.
	ErrChoices = errors.New("xlsx: column choices cannot be a drop-down list")
)

const (
	// Column widths, in Excel's character units, are kept within these
	// bounds so that a bad width neither hides a column nor pushes the
	// others off the printed page.
	minColWidth = 6.0
	maxColWidth = 80.0
	// lineHeight is the height in points of one line of the default
	// 11-point font; headerPadding leaves room above and below the text.
	lineHeight    = 15.0
	headerPadding = 4.0
	maxRowHeight  = 409.0 // Excel's limit
	maxRows       = 1048576
	maxColumns    = 16384

	paperA4     = 9 // excelize's paper size index for A4
	dateNumFmt  = "yyyy-mm-dd"
	integerFmt  = 1 // built-in number format "0": no exponent for long integers
	borderColor = "A6A6A6"
	headerFill  = "DDEBF7"
	// w3cdtf is the date form of the document properties.
	w3cdtf = "2006-01-02T15:04:05Z"
)

// Render writes every Table of doc as a worksheet, in order, to w. The
// first worksheet is the active one. The workbook is built in memory and
// written at the end, so a document that Render refuses leaves w untouched.
func Render(w io.Writer, doc *document.Document) (err error) {
	tables := tablesOf(doc)
	if len(tables) == 0 {
		return ErrNoTables
	}
	for _, t := range tables {
		if err := checkShape(t); err != nil {
			return err
		}
		if err := checkChoices(t); err != nil {
			return err
		}
	}

	f := excelize.NewFile()
	defer func() {
		// Close removes the temporary files of large streamed sheets.
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	date := documentDate(doc.Meta.Date)
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newSortedZip(w, date) })

	// All worksheets exist before any is streamed: SetActiveSheet visits
	// every sheet, and a sheet that has been flushed must not be touched.
	// The new workbook's own sheet becomes the first one, so there is no
	// default sheet left to delete.
	names := sheetNames(tables)
	if err := f.SetSheetName(f.GetSheetName(0), names[0]); err != nil {
		return err
	}
	for _, name := range names[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)

	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, t := range tables {
		if err := writeSheet(f, names[i], t, st, headerFooter(doc, t.Caption)); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", names[i], err)
		}
	}
	if err := setProperties(f, doc, date); err != nil {
		return err
	}
	return f.Write(w)
}

// tablesOf returns the tables of doc in document order.
func tablesOf(doc *document.Document) []document.Table {
	if doc == nil {
		return nil
	}
	var tables []document.Table
	for _, b := range doc.Blocks {
		switch t := b.(type) {
		case document.Table:
			tables = append(tables, t)
		case *document.Table:
			if t != nil {
				tables = append(tables, *t)
			}
		}
	}
	return tables
}

// checkShape refuses a table that would lose cells or not fit a worksheet.
func checkShape(t document.Table) error {
	switch {
	case len(t.Columns) == 0:
		return fmt.Errorf("%w: %q has no columns", ErrTableShape, t.Sheet)
	case len(t.Columns) > maxColumns:
		return fmt.Errorf("%w: %q has %d columns, a worksheet %d", ErrTableShape, t.Sheet, len(t.Columns), maxColumns)
	case len(t.Rows)+1 > maxRows:
		return fmt.Errorf("%w: %q has %d rows, a worksheet %d with the header", ErrTableShape, t.Sheet, len(t.Rows), maxRows)
	}
	for i, r := range t.Rows {
		if len(r) > len(t.Columns) {
			return fmt.Errorf("%w: %q row %d has %d cells for %d columns", ErrTableShape, t.Sheet, i+1, len(r), len(t.Columns))
		}
	}
	return nil
}

// styles holds the style ids of the cells Render writes.
type styles struct {
	header, text, date, integer, number int
}

// newStyles registers the cell styles. Every data cell is top-aligned, so
// a row whose text wraps over several lines still reads across, and has a
// thin border, so the printed list reads as a table.
func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: borderColor, Style: 1},
		{Type: "top", Color: borderColor, Style: 1},
		{Type: "right", Color: borderColor, Style: 1},
		{Type: "bottom", Color: borderColor, Style: 1},
	}
	top := &excelize.Alignment{Vertical: "top"}
	date := dateNumFmt
	defs := []*excelize.Style{
		{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Border:    border,
		},
		{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border},
		{Alignment: top, Border: border, CustomNumFmt: &date},
		{Alignment: top, Border: border, NumFmt: integerFmt},
		{Alignment: top, Border: border},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return styles{}, err
		}
		ids[i] = id
	}
	return styles{header: ids[0], text: ids[1], date: ids[2], integer: ids[3], number: ids[4]}, nil
}

// cellStyle is the style of a data cell of kind; a value kept as text
// because it did not fit its kind is styled as text.
func (st styles) cellStyle(kind document.CellKind, text bool) int {
	switch {
	case text:
		return st.text
	case kind == document.KindDate:
		return st.date
	case kind == document.KindInteger:
		return st.integer
	case kind == document.KindNumber:
		return st.number
	}
	return st.text
}

// writeSheet writes table t to the worksheet name. The order of the calls
// matters: excelize's stream writer emits the sheet properties and the
// dimension when it is created, the view and column widths at the first
// row, and the rest at Flush. Sheet properties set after NewStreamWriter
// and a filter set after Flush are dropped without an error (the readback
// tests catch both); panes and widths after the first row are refused.
func writeSheet(f *excelize.File, name string, t document.Table, st styles, hf *excelize.HeaderFooterOptions) error {
	last, err := excelize.CoordinatesToCellName(len(t.Columns), len(t.Rows)+1)
	if err != nil {
		return err
	}
	used := "A1:" + last

	// AutoFilter goes first because it replaces the sheet properties that
	// SetSheetProps fills in.
	if err := f.AutoFilter(name, used, nil); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	size, orientation, wide, tall := paperA4, "landscape", 1, 0 // tall 0: as many pages as needed
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	if hf != nil {
		if err := f.SetHeaderFooter(name, hf); err != nil {
			return err
		}
	}
	// Without the dimension, readers that trust it (openpyxl's read-only
	// mode) see a one-cell sheet.
	if err := f.SetSheetDimension(name, used); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: quoteSheetName(name) + "!$1:$1",
		Scope:    name,
	}); err != nil {
		return err
	}
	// Drop-down lists, like the filter, must exist before the stream
	// writer is created, or they are dropped.
	if err := addChoices(f, name, t); err != nil {
		return err
	}

	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	// excelize puts each new column before those it already has; going
	// from the last column to the first leaves <cols> in the ascending
	// order the file format requires.
	for i := len(t.Columns) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(t.Columns[i])); err != nil {
			return err
		}
	}

	// The stream writer takes *Cell values; one reused row of cells keeps
	// a 10,000-row table from allocating a cell per value.
	cells := make([]excelize.Cell, len(t.Columns))
	row := make([]any, len(t.Columns))
	for i := range row {
		row[i] = &cells[i]
	}

	for i, c := range t.Columns {
		h := headerText(c.Header)
		if err := checkLength(h, name, i+1, 1); err != nil {
			return err
		}
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", row, excelize.RowOpts{Height: headerHeight(t.Columns)}); err != nil {
		return err
	}

	for r, data := range t.Rows {
		for i, c := range t.Columns {
			var s string
			if i < len(data) {
				s = data[i]
			}
			v, text := cellValue(c.Kind, s)
			if text {
				if err := checkLength(s, name, i+1, r+2); err != nil {
					return err
				}
			}
			cells[i] = excelize.Cell{StyleID: st.cellStyle(c.Kind, text), Value: v}
		}
		ref, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// CellTooLongError is a text longer than a cell holds; it is
// ErrCellTooLong for errors.Is. Sheet and Cell ("D2") say where.
type CellTooLongError struct {
	Sheet, Cell   string
	Length, Limit int // in UTF-16 units, as Excel counts
}

func (e *CellTooLongError) Error() string {
	return fmt.Sprintf("%v: cell %s of %q has %d characters, a cell holds %d", ErrCellTooLong, e.Cell, e.Sheet, e.Length, e.Limit)
}

// Is makes the error ErrCellTooLong.
func (e *CellTooLongError) Is(target error) bool { return target == ErrCellTooLong }

// checkLength refuses a text that excelize would cut to fit a cell.
func checkLength(s, sheet string, col, row int) error {
	// A UTF-8 string never has fewer bytes than UTF-16 units, so most
	// texts are cleared without counting.
	if len(s) <= maxCellChars || utf16Len(s) <= maxCellChars {
		return nil
	}
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return &CellTooLongError{Sheet: sheet, Cell: ref, Length: utf16Len(s), Limit: maxCellChars}
}

// quoteSheetName quotes a worksheet name for use in a formula reference.
func quoteSheetName(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// joinText puts the original and, when there is one that differs from it,
// the translation in one string, separated by sep.
func joinText(t document.Text, sep string) string {
	if t.Trans == "" || t.Trans == t.Orig {
		return t.Orig
	}
	if t.Orig == "" {
		return t.Trans
	}
	return t.Orig + sep + t.Trans
}

// headerText is a column header: the original above its translation.
func headerText(t document.Text) string { return joinText(t, "\n") }

// columnWidth is the column's width in Excel units. A column without a
// width is made as wide as the longest line of its header.
func columnWidth(c document.Column) float64 {
	w := c.Width
	if !(w > 0) { // also catches NaN
		for _, line := range strings.Split(headerText(c.Header), "\n") {
			w = math.Max(w, float64(document.DisplayWidth(line)+2))
		}
	}
	return math.Min(math.Max(w, minColWidth), maxColWidth)
}

// headerHeight is the height of the header row in points, for the most
// lines any header needs at its column's width. Spreadsheet programs do not
// grow a row to fit wrapped text when it is set by a file, so without it a
// bilingual header would show its first line only.
func headerHeight(cols []document.Column) float64 {
	lines := 1
	for _, c := range cols {
		usable := math.Max(columnWidth(c)-1, 1)
		n := 0
		for _, line := range strings.Split(headerText(c.Header), "\n") {
			n += max(1, int(math.Ceil(float64(document.DisplayWidth(line))/usable)))
		}
		lines = max(lines, n)
	}
	return math.Min(float64(lines)*lineHeight+headerPadding, maxRowHeight)
}

// documentDate is the time stamped on the workbook's properties and zip
// entries: the document's date, or, when it has none, the earliest time a
// zip entry can carry, never the clock.
func documentDate(d time.Time) time.Time {
	if d.IsZero() {
		return zipEpoch
	}
	return d.UTC()
}

// setProperties fills the workbook's core and application properties.
// OOXML's dc:creator is what Excel shows as the author, so it takes
// Meta.Author; Meta.Creator names the producing program, which is the
// application property.
func setProperties(f *excelize.File, doc *document.Document, date time.Time) error {
	m := doc.Meta
	author := m.Author
	if author == "" {
		author = m.Creator
	}
	stamp := date.Format(w3cdtf)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          joinText(m.Title, " / "),
		Subject:        joinText(m.Subject, " / "),
		Creator:        author,
		LastModifiedBy: author,
		Keywords:       m.Keywords,
		Language:       doc.Langs[0],
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return err
	}
	if m.Creator == "" {
		return nil
	}
	return f.SetAppProps(&excelize.AppProperties{Application: m.Creator})
}
