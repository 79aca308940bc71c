package intake

import (
	"github.com/mla-dev/mla/internal/schemadoc"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

// CaseSheet is the name of the sheet that holds the case's own fields.
const CaseSheet = "case"

// ListsSheet is the hidden sheet that holds the drop-downs' values.
const ListsSheet = "lists"

// Sheet is one sheet of the workbook.
type Sheet struct {
	Name string
	// Ptr is the JSON Pointer of the list the sheet's rows are items of
	// ("/persons", "/case/offences"), or "" for the case sheet, whose one
	// row is the case itself.
	Ptr  string
	Cols []Column
	item *node
}

// Column is one column of a sheet.
type Column struct {
	// Key is the column's path inside the row's object, with numbered
	// groups counted from 1 ("name/zh", "addresses/1/country").
	Key      string
	Required bool
	node     *node // the leaf: a scalar, a text, or an array of scalars
	lang     string
	field    string // the property name the column is named after
	idPrefix string
}

// Desc is the schema's description of the column's field (English).
func (c Column) Desc() string { return c.node.desc }

// Schema is a state's case schema, folded for the workbook.
type Schema struct {
	root  *node
	langs []string
}

// Load folds the schema file name (in schemas/ of fsys). langs are the
// languages of every localized text: "zh" and the state's translation
// language.
func Load(fsys fs.FS, name string, langs []string) (*Schema, error) {
	w := &walker{docs: schemadoc.New(fsys)}
	d, err := w.docs.Doc(name)
	if err != nil {
		return nil, err
	}
	root, err := w.build([]src{{name, d}}, 0)
	if err != nil {
		return nil, err
	}
	return &Schema{root: root, langs: langs}, nil
}

// listOf reports whether n is a list that gets its own sheet: an array of
// objects.
func listOf(n *node) bool {
	return n != nil && n.kind == kArray && n.items != nil && n.items.kind == kObject
}

// Sheets lays out the workbook. groups gives how many numbered column
// groups a small nested list gets, by its generic path (sheet name, "/",
// the path inside the item with "#" for each group number).
func (s *Schema) Sheets(groups func(g string) int) []*Sheet {
	cs := &Sheet{Name: CaseSheet, item: s.root}
	sheets := []*Sheet{cs}
	seen := map[string]bool{CaseSheet: true, ListsSheet: true}
	add := func(name, ptr string, n *node) {
		if seen[name] {
			name = strings.ReplaceAll(strings.TrimPrefix(ptr, "/"), "/", ".")
		}
		seen[name] = true
		sh := &Sheet{Name: name, Ptr: ptr, item: n.items}
		s.flatten(sh, n.items, "", "", true, groups)
		sheets = append(sheets, sh)
	}
	for _, k := range s.root.keys {
		n := s.root.props[k]
		req := contains(s.root.required, k)
		switch {
		case listOf(n):
			add(k, "/"+k, n)
		case n.kind == kObject:
			// A top-level object's own lists (the case's offences) get
			// sheets; its other fields go on the case sheet.
			for _, k2 := range n.keys {
				if c := n.props[k2]; listOf(c) {
					add(k2, "/"+k+"/"+k2, c)
				} else {
					s.flatten(cs, c, k+"/"+k2, k+"/"+k2, req && contains(n.required, k2), groups)
				}
			}
		default:
			s.flatten(cs, n, k, k, req, groups)
		}
	}
	return sheets
}

var idPattern = regexp.MustCompile(`^\^([A-Z]+)\[0-9\]\+\$$`)

func (s *Schema) flatten(sh *Sheet, n *node, key, generic string, req bool, groups func(string) int) {
	field := key
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		field = key[i+1:]
	}
	join := func(a, b string) string {
		if a == "" {
			return b
		}
		return a + "/" + b
	}
	switch n.kind {
	case kText:
		for _, l := range s.langs {
			sh.Cols = append(sh.Cols, Column{Key: join(key, l), Required: req, node: n, lang: l, field: field})
		}
	case kObject:
		for _, k := range n.keys {
			s.flatten(sh, n.props[k], join(key, k), join(generic, k), req && contains(n.required, k), groups)
		}
	case kArray:
		if n.items.kind == kScalar {
			sh.Cols = append(sh.Cols, Column{Key: key, Required: req, node: n, field: field})
			return
		}
		g := groups(sh.Name + "/" + generic)
		for i := 1; i <= g; i++ {
			s.flatten(sh, n.items, join(key, strconv.Itoa(i)), join(generic, "#"), req && i == 1, groups)
		}
	default:
		c := Column{Key: key, Required: req, node: n, field: field}
		if m := idPattern.FindStringSubmatch(n.pattern); m != nil && key == "id" {
			c.idPrefix = m[1]
		}
		sh.Cols = append(sh.Cols, c)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Sizes counts, in the case c, the largest number of items of each small
// nested list, by the generic path Sheets' groups takes.
func (s *Schema) Sizes(c map[string]any) map[string]int {
	out := map[string]int{}
	var walk func(sheet string, v any, n *node, generic string)
	walk = func(sheet string, v any, n *node, generic string) {
		switch n.kind {
		case kObject:
			m, _ := v.(map[string]any)
			for _, k := range n.keys {
				if x, ok := m[k]; ok {
					g := k
					if generic != "" {
						g = generic + "/" + k
					}
					walk(sheet, x, n.props[k], g)
				}
			}
		case kArray:
			l, _ := v.([]any)
			if n.items.kind == kScalar {
				return
			}
			key := sheet + "/" + generic
			out[key] = max(out[key], len(l))
			for _, x := range l {
				walk(sheet, x, n.items, generic+"/#")
			}
		}
	}
	for _, sh := range s.Sheets(func(string) int { return 0 }) {
		if sh.Ptr == "" {
			continue
		}
		for _, it := range anyList(lookup(c, sh.Ptr)) {
			walk(sh.Name, it, sh.item, "")
		}
	}
	// The case sheet's own nested lists.
	for _, k := range s.root.keys {
		n := s.root.props[k]
		if listOf(n) {
			continue
		}
		if n.kind == kObject {
			m, _ := c[k].(map[string]any)
			for _, k2 := range n.keys {
				if x, ok := m[k2]; ok && !listOf(n.props[k2]) {
					walk(CaseSheet, x, n.props[k2], k+"/"+k2)
				}
			}
			continue
		}
		if x, ok := c[k]; ok {
			walk(CaseSheet, x, n, k)
		}
	}
	return out
}

func lookup(c map[string]any, ptr string) any {
	var cur any = c
	for _, t := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		m, _ := cur.(map[string]any)
		cur = m[t]
	}
	return cur
}
