package intake

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mla-dev/mla/internal/i18n/workbook"
)

// Problem is a cell, column or sheet that import cannot take. ID is the
// locale message that says so; Args its arguments (Sheet, Cell, Ptr,
// Value, Kind).
type Problem struct {
	ID   string
	Args map[string]any
}

// maxCols is the widest sheet import reads.
const maxCols = 2000

// Import reads the workbook r back into a case. It returns the problems
// found (then the case is not to be used), or an error when r is not a
// workbook it can read at all.
func Import(s *Schema, r io.Reader) (map[string]any, []Problem, error) {
	book, err := workbook.Open(r)
	if err != nil {
		return nil, nil, err
	}
	sheets := s.Sheets(func(string) int { return 1 })
	byName := map[string]*Sheet{}
	for _, sh := range sheets {
		byName[sh.Name] = sh
	}
	var probs []Problem
	c := map[string]any{}
	for _, name := range book.Sheets() {
		if name == ListsSheet {
			continue
		}
		sh, ok := byName[name]
		if !ok {
			probs = append(probs, Problem{"intake.unknown_sheet", map[string]any{"Sheet": name}})
			continue
		}
		if err := book.Select(name); err != nil {
			return nil, nil, err
		}
		head, err := book.Header(maxCols)
		if errors.Is(err, workbook.ErrEmpty) {
			continue
		}
		if err != nil {
			probs = append(probs, cellProblems(name, err)...)
			continue
		}
		cols := make([]*Column, len(head))
		want := make([]workbook.Column, len(head))
		for i, key := range head {
			col := s.column(sh, key)
			if col == nil {
				cn, _ := excelize.ColumnNumberToName(i + 1)
				probs = append(probs, Problem{"intake.unknown_column", map[string]any{"Sheet": name, "Cell": cn + "1", "Value": key}})
				continue
			}
			cols[i] = col
			want[i] = workbook.Column{Header: key, Number: numeric(col.node), Bool: col.node.kind == kScalar && col.node.is("boolean")}
		}
		data, err := book.Read(want)
		if err != nil {
			probs = append(probs, cellProblems(name, err)...)
			continue
		}
		var items []any
		for _, row := range data.Rows {
			if row.Num < 3 {
				continue // the header
			}
			item := map[string]any{}
			idx := len(items)
			ptrOf := func(key string) string {
				if sh.Ptr == "" {
					return "/" + zeroBased(key)
				}
				return sh.Ptr + "/" + strconv.Itoa(idx) + "/" + zeroBased(key)
			}
			for i, col := range cols {
				v := strings.TrimSpace(row.Cell(i))
				if col == nil || v == "" {
					continue
				}
				cn, _ := excelize.ColumnNumberToName(i + 1)
				cell := cn + strconv.Itoa(row.Num)
				val, id := convert(col, v)
				if id != "" {
					probs = append(probs, Problem{id, map[string]any{"Sheet": name, "Cell": cell, "Ptr": ptrOf(col.Key), "Value": v}})
					continue
				}
				set(item, col.Key, val)
			}
			if len(item) == 0 || len(item) == 1 && idOnly(cols, item) {
				continue // an empty row, or a template's numbered one
			}
			if sh.Ptr == "" && row.Num > 3 {
				probs = append(probs, Problem{"intake.case_rows", map[string]any{"Sheet": name, "Cell": "A" + strconv.Itoa(row.Num)}})
				continue
			}
			items = append(items, compact(item))
		}
		if sh.Ptr == "" {
			if len(items) > 0 {
				for k, v := range items[0].(map[string]any) {
					c[k] = merge(c[k], v)
				}
			}
			continue
		}
		if len(items) > 0 {
			setPtr(c, sh.Ptr, items)
		}
	}
	return c, probs, nil
}

// column finds the column of sheet sh whose key is key, numbered groups
// of any size included.
func (s *Schema) column(sh *Sheet, key string) *Column {
	generic := numbers(key)
	if generic == "" {
		return nil
	}
	var cols []Column
	if sh.Ptr == "" {
		cols = s.Sheets(func(string) int { return 1 })[0].Cols
	} else {
		probe := &Sheet{Name: sh.Name}
		s.flatten(probe, sh.item, "", "", false, func(string) int { return 1 })
		cols = probe.Cols
	}
	for _, c := range cols {
		if numbers(c.Key) == generic {
			c.Key = key
			return &c
		}
	}
	return nil
}

// numbers replaces each group number of key by 1 ("addresses/3/country"
// -> "addresses/1/country"), or gives "" for a number below 1.
func numbers(key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			if n < 1 || strconv.Itoa(n) != p {
				return ""
			}
			parts[i] = "1"
		}
	}
	return strings.Join(parts, "/")
}

// zeroBased turns a column key's group numbers into JSON Pointer indexes.
func zeroBased(key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			parts[i] = strconv.Itoa(n - 1)
		}
	}
	return strings.Join(parts, "/")
}

// numeric reports whether a column may hold number cells: a number, a
// date, or a value of no declared type (a const).
func numeric(n *node) bool {
	return n.kind == kScalar && (n.is("number") || n.is("integer") || n.format == "date" || len(n.types) == 0)
}

// excelEpoch is day 0 of Excel's 1900 date system, as programs count it
// after its 1900 leap-year bug.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// convert turns a cell's text into the column's JSON value, or names the
// problem.
func convert(col *Column, v string) (any, string) {
	n := col.node
	switch {
	case n.kind == kText:
		return v, ""
	case n.kind == kArray:
		var out []any
		for _, p := range strings.Split(v, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if n.items.is("number") || n.items.is("integer") {
				f, err := strconv.ParseFloat(p, 64)
				if err != nil {
					return nil, "intake.bad_number"
				}
				out = append(out, f)
				continue
			}
			out = append(out, code(n.items, p))
		}
		return out, ""
	case n.format == "date":
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			if f < 1 || f > 2958465 || f != math.Trunc(f) {
				return nil, "intake.bad_date"
			}
			return excelEpoch.AddDate(0, 0, int(f)).Format("2006-01-02"), ""
		}
		return v, ""
	case n.is("integer") || n.is("number") || len(n.types) == 0 && isNumber(v):
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || n.is("integer") && !n.is("number") && f != math.Trunc(f) {
			return nil, "intake.bad_number"
		}
		return f, ""
	case n.is("boolean"):
		b, _, _ := strings.Cut(v, Sep)
		switch strings.ToLower(strings.TrimSpace(b)) {
		case "true", "1", "yes", "是", "oui", "vrai":
			return true, ""
		case "false", "0", "no", "否", "non", "faux":
			return false, ""
		}
		return nil, "intake.bad_boolean"
	}
	return code(n, v), ""
}

// code keeps the coded value of a drop-down's "value — label".
func code(n *node, v string) string {
	if b, _, ok := strings.Cut(v, Sep); ok {
		return strings.TrimSpace(b)
	}
	return v
}

// set stores v at key (groups counted from 1) in m; lists are maps by
// index until compact.
func set(m map[string]any, key string, v any) {
	parts := strings.Split(key, "/")
	cur := m
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	cur[parts[len(parts)-1]] = v
}

// compact turns the maps whose keys are all group numbers into lists, in
// their numbers' order, leaving out empty groups.
func compact(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for k, x := range m {
		m[k] = compact(x)
	}
	if len(m) == 0 {
		return m
	}
	nums := make([]int, 0, len(m))
	for k := range m {
		n, err := strconv.Atoi(k)
		if err != nil {
			return m
		}
		nums = append(nums, n)
	}
	sort.Ints(nums)
	out := make([]any, 0, len(nums))
	for _, n := range nums {
		out = append(out, m[strconv.Itoa(n)])
	}
	return out
}

func merge(a, b any) any {
	am, ok1 := a.(map[string]any)
	bm, ok2 := b.(map[string]any)
	if !ok1 || !ok2 {
		return b
	}
	for k, v := range bm {
		am[k] = merge(am[k], v)
	}
	return am
}

// setPtr stores v at the JSON Pointer ptr in c, making the objects on the
// way.
func setPtr(c map[string]any, ptr string, v any) { set(c, strings.TrimPrefix(ptr, "/"), v) }

// cellProblems turns the reader's error into problems.
func cellProblems(sheet string, err error) []Problem {
	var ce *workbook.CellErrors
	if errors.As(err, &ce) {
		var out []Problem
		for _, e := range ce.List {
			out = append(out, Problem{"intake.bad_cell", map[string]any{"Sheet": sheet, "Cell": e.Cell, "Kind": e.Kind}})
		}
		return out
	}
	var he *workbook.HeaderError
	if errors.As(err, &he) {
		return []Problem{{"intake.unknown_column", map[string]any{"Sheet": sheet, "Cell": he.Column + "1", "Value": he.Got}}}
	}
	return []Problem{{"intake.unreadable_sheet", map[string]any{"Sheet": sheet, "Err": err.Error()}}}
}

func isNumber(v string) bool {
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

// PeekProblems turns an error of Peek about the case sheet's cells into
// problems, or gives nil.
func PeekProblems(err error) []Problem {
	var ce *workbook.CellErrors
	if errors.As(err, &ce) {
		return cellProblems(CaseSheet, err)
	}
	return nil
}

// Peek reads the requested state and the translation language from the
// case sheet of the workbook r: they decide the columns Import expects.
func Peek(r io.Reader) (state, lang string, err error) {
	book, err := workbook.Open(r)
	if err != nil {
		return "", "", err
	}
	if err := book.Select(CaseSheet); err != nil {
		return "", "", err
	}
	head, err := book.Header(maxCols)
	if err != nil {
		return "", "", err
	}
	want := make([]workbook.Column, len(head))
	for i, h := range head {
		want[i] = workbook.Column{Header: h, Number: true, Bool: true}
	}
	data, err := book.Read(want)
	if err != nil {
		return "", "", err
	}
	for _, row := range data.Rows {
		if row.Num != 3 {
			continue
		}
		for i, h := range head {
			switch h {
			case "requested_state":
				state, _, _ = strings.Cut(strings.TrimSpace(row.Cell(i)), Sep)
			case "translation":
				lang, _, _ = strings.Cut(strings.TrimSpace(row.Cell(i)), Sep)
			}
		}
	}
	return strings.TrimSpace(state), strings.TrimSpace(lang), nil
}

// Encode returns the case as indented JSON, $schema first (the keys of
// an object in alphabetical order).
func Encode(c map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// idOnly reports whether the one value of item is its id.
func idOnly(cols []*Column, item map[string]any) bool {
	for _, c := range cols {
		if c != nil && c.idPrefix != "" {
			_, ok := item[c.Key]
			return ok
		}
	}
	return false
}
