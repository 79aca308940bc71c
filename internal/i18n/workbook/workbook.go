// Package workbook reads back the spreadsheets that mla exports for
// translators (mla i18n export, mla translate export), after a translator
// has edited them in any spreadsheet program.
package workbook

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Limits on what Read unpacks, so that a hostile file cannot fill memory
// or disk: an export of every message of mla is well under a megabyte.
const (
	unzipLimit    = 256 << 20
	unzipXMLLimit = 64 << 20
)

// Sheet is the first worksheet of a workbook: its name and the text of its
// cells, row by row, each row as wide as the widest.
type Sheet struct {
	Name string
	Rows [][]string
}

// ErrEmpty means the workbook's first worksheet has no rows.
var ErrEmpty = errors.New("the worksheet is empty")

// Read reads the first worksheet of the workbook r. Cells are read as they
// are stored, not as a number format shows them.
func Read(r io.Reader) (*Sheet, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipXMLLimit})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) == 0 {
		return nil, ErrEmpty
	}
	rows, err := f.GetRows(names[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrEmpty
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	for i, r := range rows {
		for len(r) < width {
			r = append(r, "")
		}
		rows[i] = r
	}
	return &Sheet{Name: names[0], Rows: rows}, nil
}

// HeaderError is a header row that is not the one mla exported: a column
// was inserted, moved or deleted, so the cells cannot be trusted to be
// what their position says.
type HeaderError struct {
	Column    string // "C"
	Got, Want string
}

func (e *HeaderError) Error() string {
	return fmt.Sprintf("column %s is %q, want %q", e.Column, e.Got, e.Want)
}

// CheckHeader compares the first row with want, cell by cell.
func (s *Sheet) CheckHeader(want []string) error {
	head := s.Rows[0]
	for i, w := range want {
		var got string
		if i < len(head) {
			got = head[i]
		}
		if got != w {
			col, _ := excelize.ColumnNumberToName(i + 1)
			return &HeaderError{Column: col, Got: got, Want: w}
		}
	}
	return nil
}

// Cell returns the cell of row r (0-based, the header is row 0) in column
// c (0-based), or "".
func (s *Sheet) Cell(r, c int) string {
	if r < len(s.Rows) && c < len(s.Rows[r]) {
		return s.Rows[r][c]
	}
	return ""
}
