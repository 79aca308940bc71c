// Package intake turns a state's case schema into a workbook that a case
// officer fills in a spreadsheet program, and reads it back into a case.
// Everything comes from the schema at run time: the sheets, their columns,
// their help, their drop-downs and which columns are required.
//
// A workbook has one sheet per list of the case (persons, offences,
// assistance, assets, evidence, annexes, …: every array of objects that is
// not inside another array) and a sheet "case" for everything else, on one
// row. Row 1 of each sheet (hidden) holds each column's path inside the
// sheet's items, so that import does not depend on the header's wording;
// row 2 holds the bilingual header; data start on row 3.
package intake

import (
	"fmt"
	"github.com/mla-dev/mla/internal/schemadoc"
	"slices"
	"sort"
	"strings"
)

// kind of a schema node.
type kind int

const (
	kScalar kind = iota
	kText
	kObject
	kArray
)

// node is a schema with its $ref, $dynamicRef and allOf folded in.
type node struct {
	kind     kind
	types    []string
	enum     []string
	label    string // x-label prefix of the enum's labels
	format   string
	pattern  string
	constant any
	desc     string
	required []string
	keys     []string
	props    map[string]*node
	items    *node
}

func (n *node) is(t string) bool { return slices.Contains(n.types, t) }

type walker struct {
	docs *schemadoc.Docs
}

type src struct {
	file string
	s    map[string]any
}

// build folds the schemas ps into one node.
func (w *walker) build(ps []src, depth int) (*node, error) {
	if depth > 24 {
		return nil, fmt.Errorf("schema nests too deep")
	}
	n := &node{}
	var props map[string][]src
	var items []src
	var fold func(file string, s map[string]any, d int) error
	fold = func(file string, s map[string]any, d int) error {
		if d > 16 {
			return fmt.Errorf("%s: references nest too deep", file)
		}
		if n.desc == "" {
			n.desc, _ = s["description"].(string)
		}
		if r, ok := s["$dynamicRef"].(string); ok && strings.HasSuffix(r, "#text") {
			n.kind = kText
			return nil
		}
		if r, ok := s["$ref"].(string); ok {
			f, t, err := w.docs.Resolve(file, r)
			if err != nil {
				return err
			}
			if err := fold(f, t, d+1); err != nil {
				return err
			}
		}
		for _, sub := range anyList(s["allOf"]) {
			if sm, ok := sub.(map[string]any); ok {
				if err := fold(file, sm, d+1); err != nil {
					return err
				}
			}
		}
		switch t := s["type"].(type) {
		case string:
			n.types = append(n.types, t)
		case []any:
			n.types = append(n.types, strList(t)...)
		}
		for _, r := range strList(s["required"]) {
			if !slices.Contains(n.required, r) {
				n.required = append(n.required, r)
			}
		}
		if p, ok := s["properties"].(map[string]any); ok {
			if props == nil {
				props = map[string][]src{}
			}
			for k, v := range p {
				if vm, ok := v.(map[string]any); ok {
					props[k] = append(props[k], src{file, vm})
				}
			}
		}
		if it, ok := s["items"].(map[string]any); ok {
			items = append(items, src{file, it})
		}
		for _, e := range anyList(s["enum"]) {
			if es, ok := e.(string); ok && !slices.Contains(n.enum, es) {
				n.enum = append(n.enum, es)
			}
		}
		for _, b := range anyList(s["oneOf"]) {
			if bm, ok := b.(map[string]any); ok {
				if c, ok := bm["const"].(string); ok && !slices.Contains(n.enum, c) {
					n.enum = append(n.enum, c)
				}
			}
		}
		if c, ok := s["const"]; ok {
			n.constant = c
		}
		if l, ok := s["x-label"].(string); ok {
			n.label = l
		}
		if f, ok := s["format"].(string); ok {
			n.format = f
		}
		if f, ok := s["pattern"].(string); ok {
			n.pattern = f
		}
		return nil
	}
	for _, p := range ps {
		if err := fold(p.file, p.s, depth); err != nil {
			return nil, err
		}
	}
	if n.kind == kText {
		return n, nil
	}
	switch {
	case props != nil || n.is("object"):
		n.kind = kObject
		n.props = map[string]*node{}
		// Required fields first, in the schema's order, then the others
		// alphabetically: the JSON object's key order is not kept.
		var rest []string
		for k := range props {
			if !slices.Contains(n.required, k) {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		for _, k := range append(slices.Clone(n.required), rest...) {
			ps, ok := props[k]
			if !ok {
				continue
			}
			c, err := w.build(ps, depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k)
			n.props[k] = c
		}
	case n.is("array"):
		n.kind = kArray
		if len(items) > 0 {
			c, err := w.build(items, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = c
		} else {
			n.items = &node{types: []string{"string"}}
		}
	}
	return n, nil
}

func strList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func anyList(v any) []any { l, _ := v.([]any); return l }
