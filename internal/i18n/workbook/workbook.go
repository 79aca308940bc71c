// Package workbook reads back the spreadsheets that mla exports for
// translators (mla i18n export, mla translate export), after a translator
// has edited them in any spreadsheet program.
//
// It reads the XLSX package itself (archive/zip and encoding/xml, as a
// stream) rather than through excelize: excelize's reader unpacks every part
// into memory (or a temporary file), pads rows to the last column used,
// and hands out cell values without their types, and its GetCellType loads
// the whole worksheet. A workbook comes from outside, so the reader here
// holds no more than the header's width per row, ignores the sheet's own
// claims about its size (<dimension>, the shared strings' count), refuses a
// value beyond the header's columns, and stops at fixed limits of rows,
// cells and text. A 26 KB file with one cell at XFD1048576 is refused in a
// few milliseconds and megabytes.
package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Limits on what Read accepts. An export of every message of mla is under
// a megabyte and 2,000 rows; an export of a 16 MiB case file (the case
// loader's limit) holds each text twice.
const (
	// MaxFileBytes is the size of the workbook file.
	MaxFileBytes = 32 << 20
	// MaxRows is the number of rows below the header.
	MaxRows = 200_000
	// MaxCells is the number of cell elements the worksheet may hold,
	// empty ones included.
	MaxCells = 4_000_000
	// MaxTextBytes is the text of all the cells read, added up (a shared
	// string counts each time a cell uses it).
	MaxTextBytes = 48 << 20
	// MaxCellChars is what a spreadsheet cell holds, in UTF-16 units as
	// Excel counts them.
	MaxCellChars = 32767
	// maxSharedBytes and maxSheetBytes bound what the shared strings and
	// the worksheet unpack to; the worksheet is read as a stream.
	maxSharedBytes = 32 << 20
	maxSheetBytes  = 256 << 20
	maxSmallPart   = 4 << 20 // workbook.xml and its relationships
	// maxErrors is how many bad cells Read reports one by one.
	maxErrors = 50
)

// Column is a column the caller expects: its header text, and whether it
// holds numbers (character counts) rather than text.
type Column struct {
	Header string
	Number bool
	// Bool accepts a TRUE/FALSE cell, read as "true" or "false".
	Bool bool
}

// Row is one row below the header that has a value in it.
type Row struct {
	Num   int      // 1-based row number in the sheet
	Cells []string // as many as the header has columns
}

// Cell returns the text of column c (0-based), or "".
func (r Row) Cell(c int) string {
	if c < len(r.Cells) {
		return r.Cells[c]
	}
	return ""
}

// Sheet is the first worksheet of a workbook: its name and the rows below
// its header that hold anything.
type Sheet struct {
	Name string
	Rows []Row
}

// Book is an opened workbook whose first worksheet has not been read yet:
// the caller learns its name (the language) before it knows the columns.
type Book struct {
	Name      string // the worksheet Read reads: the first, or the one Select chose
	zr        *zip.Reader
	sheetPath string
	sstPath   string
	parts     map[string]string // worksheet name -> part
	names     []string          // the worksheets' names, in the workbook's order
	header    []string          // the header row, when Header reads it
	onlyHead  bool
}

// Sheets returns the names of the workbook's worksheets, in its order.
func (b *Book) Sheets() []string { return append([]string(nil), b.names...) }

// Header returns the text of the selected worksheet's first row, at most
// width cells (a value beyond them is an error, as in Read). Cells of
// another type than text are refused as in Read.
func (b *Book) Header(width int) ([]string, error) {
	want := make([]Column, width)
	b.onlyHead, b.header = true, nil
	defer func() { b.onlyHead = false }()
	if _, err := b.Read(want); err != nil && err != errHeaderRead {
		return nil, err
	}
	h := b.header
	for len(h) > 0 && h[len(h)-1] == "" {
		h = h[:len(h)-1]
	}
	return h, nil
}

var errHeaderRead = errors.New("header read")

// Select makes Read read the worksheet called name instead of the first.
// A workbook without it gives an error wrapping ErrNoSheet.
func (b *Book) Select(name string) error {
	p, ok := b.parts[name]
	if !ok {
		return fmt.Errorf("%w: %q", ErrNoSheet, name)
	}
	b.Name, b.sheetPath = name, p
	return nil
}

// ErrNoSheet means the workbook has no worksheet of the name asked for.
var ErrNoSheet = errors.New("the workbook has no such worksheet")

// ErrEmpty means the workbook's first worksheet has no rows.
var ErrEmpty = errors.New("the worksheet is empty")

// LimitError is a workbook over one of the limits. Kind is "file",
// "rows", "cells", "text" or "part" (a part of the package that unpacks to
// more than its limit); Part names it.
type LimitError struct {
	Kind  string
	Limit int64
	Part  string
}

func (e *LimitError) Error() string {
	if e.Kind == "text" && e.Part != "" {
		return fmt.Sprintf("%s has a text or tag longer than %d bytes", e.Part, e.Limit)
	}
	if e.Part != "" {
		return fmt.Sprintf("%s unpacks to more than %d bytes", e.Part, e.Limit)
	}
	return fmt.Sprintf("more than %d %s", e.Limit, e.Kind)
}

// CellError is a cell Read refuses. Kind is "beyond" (a value right of
// the header's last column), "formula", "boolean", "error", "date",
// "number" (in a text column), "control" (a control character, Char names
// it as U+XXXX) or "too_long" (Chars over MaxCellChars).
type CellError struct {
	Cell  string // "C5"
	Row   int
	Kind  string
	Char  string
	Chars int
}

func (e CellError) Error() string {
	return fmt.Sprintf("cell %s: %s %s", e.Cell, e.Kind, e.Char)
}

// CellErrors lists the first bad cells of a sheet (at most 50), and how
// many more there were.
type CellErrors struct {
	List []CellError
	More int
}

func (e *CellErrors) Error() string {
	return fmt.Sprintf("%d bad cell(s), first %v", len(e.List)+e.More, e.List[0])
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

// Open reads the workbook r (at most MaxFileBytes) and finds its first
// worksheet.
func Open(r io.Reader) (*Book, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, &LimitError{Kind: "file", Limit: MaxFileBytes}
	}
	if n, ok := zipEntries(data); ok && n > maxParts {
		return nil, &LimitError{Kind: "parts", Limit: maxParts}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not an XLSX file: %w", err)
	}
	b := &Book{zr: zr}
	wb, err := b.small("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	var w struct {
		Sheets []struct {
			Name string     `xml:"name,attr"`
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(wb, &w); err != nil {
		return nil, fmt.Errorf("xl/workbook.xml: %w", err)
	}
	if len(w.Sheets) == 0 {
		return nil, ErrEmpty
	}
	b.Name = w.Sheets[0].Name
	rids := make([]string, len(w.Sheets))
	for i, s := range w.Sheets {
		for _, a := range s.Attr {
			if a.Name.Local == "id" {
				rids[i] = a.Value
			}
		}
	}
	rid := rids[0]
	rels, err := b.small("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	var rs struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(rels, &rs); err != nil {
		return nil, fmt.Errorf("xl/_rels/workbook.xml.rels: %w", err)
	}
	target := func(t string) string {
		if strings.HasPrefix(t, "/") {
			return strings.TrimPrefix(path.Clean(t), "/")
		}
		return path.Join("xl", t)
	}
	b.parts = map[string]string{}
	for _, r := range rs.Rel {
		switch {
		case r.ID == rid:
			b.sheetPath = target(r.Target)
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			b.sstPath = target(r.Target)
		}
		for i, id := range rids {
			if id != "" && r.ID == id {
				b.parts[w.Sheets[i].Name] = target(r.Target)
			}
		}
	}
	if b.sheetPath == "" {
		return nil, fmt.Errorf("xl/workbook.xml: the first worksheet %q has no part", b.Name)
	}
	for _, sh := range w.Sheets {
		if _, ok := b.parts[sh.Name]; ok && !slices.Contains(b.names, sh.Name) {
			b.names = append(b.names, sh.Name)
		}
	}
	return b, nil
}

// maxParts is the most files the package may hold: a workbook that mla
// exported has about ten, one saved by a spreadsheet program a few more.
const maxParts = 1000

// zipEntries reads the number of files from the end of central directory
// record of a ZIP file, before the reader makes a record for each of
// them. A ZIP64 file says 0xFFFF there, over the limit. ok is false when
// no such record is found (the ZIP reader then says why).
func zipEntries(data []byte) (n int, ok bool) {
	start := max(0, len(data)-(22+65535))
	i := bytes.LastIndex(data[start:], []byte("PK\x05\x06"))
	if i < 0 || start+i+12 > len(data) {
		return 0, false
	}
	i += start
	return int(data[i+10]) | int(data[i+11])<<8, true
}

// file returns the part at name, or nil.
func (b *Book) file(name string) *zip.File {
	for _, f := range b.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// open opens the part at name, unpacking at most limit bytes.
func (b *Book) open(name string, limit int64) (io.ReadCloser, error) {
	f := b.file(name)
	if f == nil {
		return nil, fmt.Errorf("the workbook has no %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &limited{rc: rc, left: limit, name: name, limit: limit}, nil
}

// maxRun is the longest stretch of a part without a "<": the text of a
// cell is at most maxRawCell bytes, a tag with its attributes far less.
// The XML decoder holds a text or a tag whole, so a longer one is refused
// before it is read.
const maxRun = maxRawCell + 64<<10

// maxDepth is the deepest nesting of elements a worksheet or a shared
// strings table has (a few levels); the XML decoder keeps a stack of
// them.
const maxDepth = 32

// small reads a small part whole.
func (b *Book) small(name string) ([]byte, error) {
	rc, err := b.open(name, maxSmallPart)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// limited fails a read past its limit instead of ending quietly, so a
// part that is too long is never taken for a shorter one.
type limited struct {
	rc          io.ReadCloser
	left, limit int64
	name        string
	run         int // bytes since the last "<"
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.rc.Read(one[:]); n > 0 {
			return 0, &LimitError{Kind: "part", Limit: l.limit, Part: l.name}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	for _, c := range p[:n] {
		if c == '<' {
			l.run = 0
		} else if l.run++; l.run > maxRun {
			return 0, &LimitError{Kind: "text", Limit: maxRun, Part: l.name}
		}
	}
	return n, err
}

func (l *limited) Close() error { return l.rc.Close() }

// maxSharedItems is the most items a shared strings table may hold.
const maxSharedItems = 1 << 20

// sharedStrings reads the shared string table. Its count attributes are
// not believed: the table is as long as the items it holds, at most
// maxSharedItems.
func (b *Book) sharedStrings() (out []string, long map[int]bool, err error) {
	long = map[int]bool{}
	if b.sstPath == "" || b.file(b.sstPath) == nil {
		return nil, long, nil
	}
	rc, err := b.open(b.sstPath, maxSharedBytes)
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var cur []byte // reused: each item is allocated once, at its size
	over, depth := false, 0
	depthPh := 0 // inside <rPh> (phonetic hints), whose text is not the cell's
	inT := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, long, nil
		}
		if err != nil {
			return nil, nil, partErr(b.sstPath, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDepth {
				return nil, nil, fmt.Errorf("%s: elements nested more than %d deep", b.sstPath, maxDepth)
			}
			switch t.Name.Local {
			case "si":
				cur = cur[:0]
			case "rPh":
				depthPh++
			case "t":
				inT = depthPh == 0
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "si":
				if len(out) >= maxSharedItems {
					return nil, nil, &LimitError{Kind: "cells", Limit: maxSharedItems}
				}
				out = append(out, string(cur))
				if over {
					long[len(out)-1], over = true, false
				}
			case "rPh":
				depthPh--
			case "t":
				inT = false
			}
		case xml.CharData:
			switch {
			case !inT:
			case len(cur)+len(t) > maxRawCell:
				over = true // too long for a cell: not kept
			default:
				cur = append(cur, t...)
			}
		}
	}
}

func partErr(name string, err error) error {
	var le *LimitError
	if errors.As(err, &le) {
		return le
	}
	return fmt.Errorf("%s: %w", name, err)
}

// rawCell is a cell as the worksheet stores it.
type rawCell struct {
	ref, typ   string
	v, inline  []byte // reused from cell to cell
	hasV, hasF bool
	hasIS      bool
	over       bool // longer than any cell may be
}

// maxRawCell is the most bytes a cell's XML text can take: MaxCellChars
// characters each written as an _xHHHH_ escape.
const maxRawCell = 7 * MaxCellChars

// Read reads the first worksheet: its first row must be want's headers
// (else a *HeaderError), and the rows below it are read as wide as want.
// It refuses, as *CellErrors, a value right of the last column, a
// formula, a boolean, an error value, a date, a number in a text column,
// a control character (also written as an _xHHHH_ escape) and a text over
// MaxCellChars; as *LimitError a sheet over the limits.
func (b *Book) Read(want []Column) (*Sheet, error) {
	sst, long, err := b.sharedStrings()
	if err != nil {
		return nil, err
	}
	rc, err := b.open(b.sheetPath, maxSheetBytes)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	width := len(want)
	s := &Sheet{Name: b.Name}
	var bad CellErrors
	fail := func(e CellError) {
		if len(bad.List) < maxErrors {
			bad.List = append(bad.List, e)
		} else {
			bad.More++
		}
	}
	var (
		rowNum, lastRow int
		inRow           bool
		cells           []string
		nonEmpty        bool
		header          = true
		sawHeader       bool
		col             int
		c               *rawCell // the cell being read, or nil
		cell            rawCell
		text            int64
		ncells          int
		inV, inF, inIS  bool
		inT, depthPh    int
		depth           int
	)
	endRow := func() error {
		if header {
			header, sawHeader = false, true
			if b.onlyHead {
				b.header = cells
				return errHeaderRead
			}
			for i, w := range want {
				if got := cells[i]; got != w.Header {
					return &HeaderError{Column: colName(i), Got: got, Want: w.Header}
				}
			}
			return nil
		}
		if nonEmpty {
			if len(s.Rows) >= MaxRows {
				return &LimitError{Kind: "rows", Limit: MaxRows}
			}
			s.Rows = append(s.Rows, Row{Num: rowNum, Cells: cells})
		}
		return nil
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, partErr(b.sheetPath, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDepth {
				return nil, fmt.Errorf("%s: elements nested more than %d deep", b.sheetPath, maxDepth)
			}
			switch t.Name.Local {
			case "row":
				n := lastRow + 1
				if r := attr(t, "r"); r != "" {
					n, err = strconv.Atoi(r)
					if err != nil || n <= lastRow || n > 1048576 {
						return nil, fmt.Errorf("%s: bad row number %q", b.sheetPath, r)
					}
				}
				rowNum, lastRow = n, n
				if header && n != 1 {
					// The header is the sheet's first row, and it is empty.
					return nil, &HeaderError{Column: "A", Got: "", Want: firstHeader(want)}
				}
				inRow, cells, nonEmpty, col = true, nil, false, 0
			case "c":
				ncells++
				if ncells > MaxCells {
					return nil, &LimitError{Kind: "cells", Limit: MaxCells}
				}
				cell.ref, cell.typ = attr(t, "r"), attr(t, "t")
				cell.v, cell.inline = cell.v[:0], cell.inline[:0]
				cell.hasV, cell.hasF, cell.hasIS, cell.over = false, false, false, false
				c = &cell
			case "v":
				inV = c != nil
				if inV {
					c.hasV = true
				}
			case "f":
				inF = c != nil
				if inF {
					c.hasF = true
				}
			case "is":
				inIS = c != nil
				if inIS {
					c.hasIS = true
				}
			case "rPh":
				depthPh++
			case "t":
				if inIS && depthPh == 0 {
					inT++
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "row":
				if !inRow {
					break
				}
				if cells == nil {
					cells = make([]string, width)
				}
				if err := endRow(); err != nil {
					return nil, err
				}
				inRow, cells = false, nil
			case "c":
				if c == nil || !inRow {
					c = nil
					break
				}
				col++
				if c.ref != "" {
					cc, rr, ok := parseRef(c.ref)
					if !ok || rr != rowNum || cc < col {
						return nil, fmt.Errorf("%s: bad cell reference %q in row %d", b.sheetPath, c.ref, rowNum)
					}
					col = cc
				}
				ref := colName(col-1) + strconv.Itoa(rowNum)
				val, kind := c.value(sst)
				over := c.over || c.typ == "s" && kind == "" && long[c.index()]
				c = nil
				if kind == "" && val == "" {
					break // a cell with a style and no value
				}
				if col > width {
					fail(CellError{Cell: ref, Row: rowNum, Kind: "beyond"})
					continue
				}
				nonEmpty = true
				switch {
				case kind == "number" && want[col-1].Number:
				case kind == "boolean" && want[col-1].Bool && (val == "1" || val == "0"):
					val = strconv.FormatBool(val == "1")
				case kind == "bad_string":
					return nil, fmt.Errorf("%s: cell %s names shared string %q, which the workbook does not have", b.sheetPath, ref, val)
				case kind != "":
					fail(CellError{Cell: ref, Row: rowNum, Kind: kind})
					continue
				}
				text += int64(len(val))
				if text > MaxTextBytes {
					return nil, &LimitError{Kind: "text", Limit: MaxTextBytes}
				}
				val, bad := unescape(val)
				if n := utf16Len(val); n > MaxCellChars || over {
					fail(CellError{Cell: ref, Row: rowNum, Kind: "too_long", Chars: max(n, MaxCellChars+1)})
					continue
				}
				if r, ok := control(val); ok || bad >= 0 {
					if bad >= 0 {
						r = bad
					}
					fail(CellError{Cell: ref, Row: rowNum, Kind: "control", Char: fmt.Sprintf("U+%04X", r)})
					continue
				}
				if cells == nil {
					cells = make([]string, width)
				}
				cells[col-1] = val
			case "v":
				inV = false
			case "f":
				inF = false
			case "is":
				inIS = false
			case "rPh":
				depthPh--
			case "t":
				if inT > 0 {
					inT--
				}
			}
		case xml.CharData:
			switch {
			case c == nil:
			case len(c.v)+len(c.inline)+len(t) > maxRawCell:
				c.over = true // too long for a cell: not kept
			case inV:
				c.v = append(c.v, t...)
			case inIS && inT > 0:
				c.inline = append(c.inline, t...)
			}
		}
	}
	if !sawHeader {
		return nil, ErrEmpty
	}
	if len(bad.List) > 0 {
		return nil, &bad
	}
	return s, nil
}

func firstHeader(want []Column) string {
	if len(want) == 0 {
		return ""
	}
	return want[0].Header
}

// value returns the cell's text, or a kind that Read refuses or converts:
// "number", "boolean", "error", "date", "formula"; "bad_string" for a
// shared string index the table does not have.
func (c *rawCell) value(sst []string) (string, string) {
	if c.hasF {
		return "", "formula"
	}
	v := string(c.v)
	switch c.typ {
	case "s":
		if !c.hasV {
			return "", ""
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(sst) {
			return v, "bad_string"
		}
		return sst[i], ""
	case "inlineStr":
		return string(c.inline), ""
	case "str":
		return v, ""
	case "b":
		return strings.TrimSpace(v), "boolean"
	case "e":
		return "", "error"
	case "d":
		return "", "date"
	}
	if !c.hasV || v == "" {
		return "", ""
	}
	return v, "number"
}

// index is the shared string index of a cell of type "s".
func (c *rawCell) index() int {
	i, _ := strconv.Atoi(strings.TrimSpace(string(c.v)))
	return i
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// parseRef splits a cell reference "AB12" into its column (1-based) and row.
func parseRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || col > 16384 {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > 1048576 || ref[i] == '+' || ref[i] == '0' {
		return 0, 0, false
	}
	return col, row, true
}

// colName returns the letters of column i (0-based).
func colName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// unescape decodes the _xHHHH_ escapes that spreadsheet programs write
// for characters XML cannot hold (_x005F_ is the underscore itself). bad
// is the first escape of a UTF-16 surrogate, which no text may hold, or -1.
func unescape(s string) (out string, bad rune) {
	bad = -1
	if !strings.Contains(s, "_x") {
		return s, bad
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				r := rune(n)
				if utf16.IsSurrogate(r) && bad < 0 {
					bad = r
				}
				b.WriteRune(r)
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String(), bad
}

// control returns the first control character of s: C0 but tab, line feed
// and carriage return, DEL and C1.
func control(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			return r, true
		}
	}
	return 0, false
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
