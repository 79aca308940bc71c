package intake

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sep separates a coded value from its label in a cell ("investigation —
// 调查"); import keeps what is before it.
const Sep = " — "

// Choice is one value of a drop-down and its label.
type Choice struct{ Value, Label string }

// Options of Write.
type Options struct {
	// Label returns the label of a coded value (message id: the schema's
	// x-label prefix, ".", the value) in the officer's language.
	Label func(id string) (string, bool)
	// Header returns the officer's name of a field (its property name),
	// or "".
	Header func(field string) string
	// Describe returns a field's description (the schema's, English) in
	// the officer's language, for the header's comment. Nil: English.
	Describe func(en string) string
	// Choices are drop-downs the schema does not hold as an enum (the
	// offence catalogue), by sheet name, "/" and column key ("offences/id").
	Choices map[string][]Choice
	// Template sizes each small nested list to Groups columns groups
	// rather than to the case.
	Groups int
	// Seed are values of the case sheet's row in a template, by column
	// key ("$schema"); the case's fixed values (a schema's const) are
	// filled in by themselves.
	Seed map[string]any
}

// TemplateRows is how many rows of a list a template numbers.
const TemplateRows = 30

// Unheld is a field of a case that the workbook cannot hold.
type Unheld struct{ Ptr, Why string }

// Write returns the workbook of the case c (nil: an empty template) and
// the fields of c it cannot hold, if any (then the workbook is not
// written).
func Write(s *Schema, c map[string]any, o Options) (*excelize.File, []Unheld, error) {
	sizes := map[string]int{}
	if c != nil {
		sizes = s.Sizes(c)
		if u := s.Unheld(c); len(u) > 0 {
			return nil, u, nil
		}
	}
	sheets := s.Sheets(func(g string) int {
		if c == nil {
			return max(o.Groups, 1)
		}
		return max(sizes[g], 1)
	})
	f := excelize.NewFile()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Protection: &excelize.Protection{Locked: true}})
	if err != nil {
		return nil, nil, err
	}
	req, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFE699"}}, Protection: &excelize.Protection{Locked: true}})
	if err != nil {
		return nil, nil, err
	}
	// Text cells are formatted as text (@), so that a spreadsheet keeps
	// an account number's leading zeros and does not turn "1-2" into a date.
	open, err := f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Protection: &excelize.Protection{Locked: false}})
	if err != nil {
		return nil, nil, err
	}
	openNum, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}, Protection: &excelize.Protection{Locked: false}})
	if err != nil {
		return nil, nil, err
	}
	locked, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: true}})
	if err != nil {
		return nil, nil, err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Protection: &excelize.Protection{Locked: false}})
	if err != nil {
		return nil, nil, err
	}
	var lists [][]Choice // the drop-downs' values, one column each of the sheet lists
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Name); err != nil {
				return nil, nil, err
			}
		} else if _, err := f.NewSheet(sh.Name); err != nil {
			return nil, nil, err
		}
		var rows []map[string]any
		switch {
		case c == nil && sh.Ptr == "":
			seed := map[string]any{}
			for _, col := range sh.Cols {
				if col.node.constant != nil {
					set(seed, col.Key, col.node.constant)
				}
			}
			for k, v := range o.Seed {
				seed[k] = v
			}
			rows = []map[string]any{seed}
		case c == nil:
			// A template's lists come with their ids, locked: the
			// officer fills rows, import leaves out a row with only its id.
			for _, col := range sh.Cols {
				if col.idPrefix != "" {
					for i := 1; i <= TemplateRows; i++ {
						rows = append(rows, map[string]any{col.Key: col.idPrefix + strconv.Itoa(i)})
					}
				}
			}
		case sh.Ptr == "":
			rows = []map[string]any{c}
		default:
			for _, it := range anyList(lookup(c, sh.Ptr)) {
				m, _ := it.(map[string]any)
				rows = append(rows, m)
			}
		}
		last := 3 + max(len(rows), 1) + 50
		if sh.Ptr == "" {
			last = 3
		}
		for j, col := range sh.Cols {
			name, _ := excelize.ColumnNumberToName(j + 1)
			if err := f.SetColWidth(sh.Name, name, name, 24); err != nil {
				return nil, nil, err
			}
			st := open
			switch {
			case col.node.format == "date":
				st = date
			case numeric(col.node):
				st = openNum
			}
			if err := f.SetCellStyle(sh.Name, name+"3", fmt.Sprintf("%s%d", name, last), st); err != nil {
				return nil, nil, err
			}
			if err := f.SetCellValue(sh.Name, name+"1", col.Key); err != nil {
				return nil, nil, err
			}
			label := col.Key
			if o.Header != nil {
				if h := o.Header(col.field); h != "" && h != col.field {
					label = h + "\n" + col.Key
				}
			}
			hs := head
			if col.Required {
				label, hs = "* "+label, req
			}
			if err := f.SetCellValue(sh.Name, name+"2", label); err != nil {
				return nil, nil, err
			}
			if err := f.SetCellStyle(sh.Name, name+"1", name+"2", hs); err != nil {
				return nil, nil, err
			}
			d := col.Desc()
			if o.Describe != nil && d != "" {
				d = o.Describe(d)
			}
			if d != "" {
				if err := f.AddComment(sh.Name, excelize.Comment{Cell: name + "2", Author: "mla", Text: d}); err != nil {
					return nil, nil, err
				}
			}
			choices := o.Choices[sh.Name+"/"+col.Key]
			if choices == nil && col.node.kind == kScalar {
				choices = enumChoices(col.node, o)
				if col.node.is("boolean") {
					choices = []Choice{{"true", ""}, {"false", ""}}
				}
			}
			if len(choices) > 0 {
				lists = append(lists, choices)
				ln, _ := excelize.ColumnNumberToName(len(lists))
				dv := excelize.NewDataValidation(true)
				dv.SetSqref(fmt.Sprintf("%s3:%s%d", name, name, last))
				dv.SetSqrefDropList(fmt.Sprintf("%s!$%s$1:$%s$%d", ListsSheet, ln, ln, len(choices)))
				if err := f.AddDataValidation(sh.Name, dv); err != nil {
					return nil, nil, err
				}
			}
			for r, m := range rows {
				v, ok := get(m, col.Key)
				if !ok {
					continue
				}
				cell := fmt.Sprintf("%s%d", name, r+3)
				cv, err := toCell(v, col, o)
				if err != nil {
					return nil, nil, err
				}
				if err := f.SetCellValue(sh.Name, cell, cv); err != nil {
					return nil, nil, err
				}
				if col.idPrefix != "" {
					if err := f.SetCellStyle(sh.Name, cell, cell, locked); err != nil {
						return nil, nil, err
					}
				}
			}
		}
		if err := f.SetRowVisible(sh.Name, 1, false); err != nil {
			return nil, nil, err
		}
		if err := f.SetPanes(sh.Name, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
			return nil, nil, err
		}
		if err := f.ProtectSheet(sh.Name, &excelize.SheetProtectionOptions{FormatCells: true, FormatColumns: true, FormatRows: true, InsertRows: true, DeleteRows: true, SelectLockedCells: true, SelectUnlockedCells: true, Sort: true, AutoFilter: true}); err != nil {
			return nil, nil, err
		}
	}
	if len(lists) > 0 {
		if _, err := f.NewSheet(ListsSheet); err != nil {
			return nil, nil, err
		}
		for j, l := range lists {
			for k, ch := range l {
				cell, _ := excelize.CoordinatesToCellName(j+1, k+1)
				if err := f.SetCellValue(ListsSheet, cell, cellChoice(ch)); err != nil {
					return nil, nil, err
				}
			}
		}
		if err := f.SetSheetVisible(ListsSheet, false); err != nil {
			return nil, nil, err
		}
	}
	f.SetActiveSheet(0)
	return f, nil, nil
}

func cellChoice(c Choice) string {
	if c.Label == "" || c.Label == c.Value {
		return c.Value
	}
	return c.Value + Sep + c.Label
}

func enumChoices(n *node, o Options) []Choice {
	var out []Choice
	for _, e := range n.enum {
		ch := Choice{Value: e}
		if n.label != "" && o.Label != nil {
			ch.Label, _ = o.Label(n.label + "." + e)
		}
		out = append(out, ch)
	}
	return out
}

// get returns the value at key (groups counted from 1) in m.
func get(m map[string]any, key string) (any, bool) {
	var cur any = m
	for _, t := range strings.Split(key, "/") {
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[t]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 1 || i > len(x) {
				return nil, false
			}
			cur = x[i-1]
		default:
			return nil, false
		}
	}
	return cur, true
}

func toCell(v any, col Column, o Options) (any, error) {
	switch x := v.(type) {
	case string:
		if col.node.format == "date" {
			if t, err := time.Parse("2006-01-02", x); err == nil {
				return t, nil
			}
		}
		if col.node.kind == kScalar && len(col.node.enum) > 0 {
			for _, ch := range enumChoices(col.node, o) {
				if ch.Value == x {
					return cellChoice(ch), nil
				}
			}
		}
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64, json.Number:
		return x, nil
	case []any:
		parts := make([]string, 0, len(x))
		for _, y := range x {
			parts = append(parts, fmt.Sprint(y))
		}
		return strings.Join(parts, ", "), nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("%s: a %T", col.Key, v)
}

// Unheld lists the fields of c that the workbook cannot hold: fields the
// schema does not know, values of another type than the schema's, list
// entries that hold ", " (the cell's separator).
func (s *Schema) Unheld(c map[string]any) []Unheld {
	var out []Unheld
	var walk func(v any, n *node, ptr string, top bool)
	walk = func(v any, n *node, ptr string, top bool) {
		switch n.kind {
		case kText:
			m, ok := v.(map[string]any)
			if !ok {
				out = append(out, Unheld{ptr, "type"})
				return
			}
			for _, k := range sortedKeys(m) {
				if _, ok := m[k].(string); !ok || !contains(s.langs, k) {
					out = append(out, Unheld{ptr + "/" + k, "language"})
				}
			}
		case kObject:
			m, ok := v.(map[string]any)
			if !ok {
				out = append(out, Unheld{ptr, "type"})
				return
			}
			for _, k := range sortedKeys(m) {
				if top && k == "$schema" {
					continue
				}
				cn, ok := n.props[k]
				if !ok {
					out = append(out, Unheld{ptr + "/" + k, "unknown"})
					continue
				}
				walk(m[k], cn, ptr+"/"+k, false)
			}
		case kArray:
			l, ok := v.([]any)
			if !ok {
				out = append(out, Unheld{ptr, "type"})
				return
			}
			for i, x := range l {
				p := ptr + "/" + strconv.Itoa(i)
				if n.items.kind == kScalar {
					str := fmt.Sprint(x)
					if _, isObj := x.(map[string]any); isObj || strings.Contains(str, ",") || str != strings.TrimSpace(str) || str == "" {
						out = append(out, Unheld{p, "separator"})
					}
					continue
				}
				walk(x, n.items, p, false)
			}
		default:
			switch v.(type) {
			case map[string]any, []any:
				out = append(out, Unheld{ptr, "type"})
			}
		}
	}
	walk(c, s.root, "", true)
	return out
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
