package signoff

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/mla-dev/mla/internal/i18n/workbook"
)

// Layout is what the report.xlsx of this version of mla holds, as the
// report composer writes it: the sheet of findings with its headers and
// the columns the reviewer fills in, and the summary sheet with the label
// of the case's SHA-256.
type Layout struct {
	FindingsSheet string
	Headers       []string
	Numbers       []bool // the columns of numbers (the row number)
	IDCol         int
	DecisionCol   int
	CommentCol    int
	// Choices maps each text of the decision drop-down (and each decision
	// code) to its decision.
	Choices map[string]string

	SummarySheet   string
	SummaryHeaders []string
	HashLabel      string
}

// Filled is a decision read from a workbook, with its place.
type Filled struct {
	Row      int // 1-based row of the sheet
	ID       string
	Decision string
	Comment  string
}

// CellError is a cell of the reviewer's workbook that cannot be read back:
// Problem is "decision" (not one of the drop-down's choices), "id" (a row
// with a decision but no id) or "duplicate" (an id decided twice).
type CellError struct {
	Sheet   string
	Cell    string // A1-style
	Problem string
	Value   string
}

func (e *CellError) Error() string {
	return fmt.Sprintf("%s!%s: %s %q", e.Sheet, e.Cell, e.Problem, e.Value)
}

// ErrNoHash means the summary sheet does not give the case's SHA-256: the
// workbook is not a report of mla's review.
var ErrNoHash = errors.New("the workbook does not say which case it reviews")

// ReadWorkbook reads the decisions and comments a reviewer entered in a
// report.xlsx, and the SHA-256 of the case it was made for. Rows without
// a decision or comment are left out; a comment without a decision is an
// error, as is a decision that is not one of the choices.
func ReadWorkbook(r io.Reader, l Layout) (hash string, out []Filled, err error) {
	data, err := io.ReadAll(io.LimitReader(r, workbook.MaxFileBytes+1))
	if err != nil {
		return "", nil, err
	}
	open := func(sheet string) (*workbook.Book, error) {
		b, err := workbook.Open(strings.NewReader(string(data)))
		if err != nil {
			return nil, err
		}
		return b, b.Select(sheet)
	}
	b, err := open(l.SummarySheet)
	if err != nil {
		return "", nil, err
	}
	sum, err := b.Read(columns(l.SummaryHeaders))
	if err != nil {
		return "", nil, err
	}
	for _, row := range sum.Rows {
		if row.Cell(0) == l.HashLabel {
			hash = strings.TrimSpace(row.Cell(1))
		}
	}
	if !sha256Hex.MatchString(hash) {
		return "", nil, ErrNoHash
	}
	b, err = open(l.FindingsSheet)
	if err != nil {
		return "", nil, err
	}
	cols := columns(l.Headers)
	for i := range cols {
		cols[i].Number = i < len(l.Numbers) && l.Numbers[i]
	}
	sh, err := b.Read(cols)
	if err != nil {
		return "", nil, err
	}
	seen := map[string]bool{}
	for _, row := range sh.Rows {
		id := strings.TrimSpace(row.Cell(l.IDCol))
		choice := strings.TrimSpace(row.Cell(l.DecisionCol))
		comment := strings.TrimSpace(row.Cell(l.CommentCol))
		if choice == "" && comment == "" {
			continue
		}
		cell := func(col int) string { return fmt.Sprintf("%s%d", colName(col), row.Num) }
		d, ok := l.Choices[strings.ToLower(choice)]
		if choice == "" {
			d, ok = "", true // a comment alone: the caller says what is missing
		}
		switch {
		case !ok:
			return "", nil, &CellError{sh.Name, cell(l.DecisionCol), "decision", choice}
		case id == "":
			return "", nil, &CellError{sh.Name, cell(l.IDCol), "id", id}
		case seen[id]:
			return "", nil, &CellError{sh.Name, cell(l.IDCol), "duplicate", id}
		}
		seen[id] = true
		out = append(out, Filled{Row: row.Num, ID: id, Decision: d, Comment: comment})
	}
	return hash, out, nil
}

func columns(headers []string) []workbook.Column {
	out := make([]workbook.Column, len(headers))
	for i, h := range headers {
		out[i] = workbook.Column{Header: h}
	}
	return out
}

// colName is the spreadsheet name of the 0-based column i: A, …, Z, AA.
func colName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
