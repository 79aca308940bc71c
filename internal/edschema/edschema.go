// Package edschema writes a requested state's schema as one self-contained
// document that editors can use alone: VS Code's JSON language service and
// Ajv resolve neither $dynamicRef nor a reference to another file by name.
// The state's overlay and the base schema are folded into one document;
// every "$dynamicRef": "#text" becomes a "$ref" to the state's own text
// type; references to the base by file name become local; enumeration
// values get their labels (markdownEnumDescriptions) and every description
// a markdownDescription with its legal source; the lists of the case offer
// a snippet of a new item.
package edschema

import (
	"fmt"
	"github.com/mla-dev/mla/internal/schemadoc"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Base is the base schema every state's overlay applies.
const Base = "case.schema.json"

// Options of Build.
type Options struct {
	// Label returns the label of a coded value in the user's language
	// (the locale message id is the schema's x-label prefix, ".", the
	// value), and whether there is one.
	Label func(id string) (string, bool)
	// Snippets are new items of the case's lists, by the list's property
	// name (persons, assistance, evidence, …), offered by editors as
	// completions.
	Snippets map[string]any
	// Title and Description replace the overlay's, in the user's language.
	Title, Description string
	// Describe returns a description of the schemas (English) in the
	// user's language, or as it is when there is no translation. Nil:
	// English.
	Describe func(en string) string
	// Source returns the line that names a field's legal source in a
	// markdownDescription. Nil: "*Source:* " and the source.
	Source func(source string) string
}

// Build returns the self-contained schema of the overlay file overlay (in
// schemas/ of fsys).
func Build(fsys fs.FS, overlay string, o Options) (map[string]any, error) {
	docs := schemadoc.New(fsys)
	base, err := docs.Doc(Base)
	if err != nil {
		return nil, err
	}
	top, err := docs.Doc(overlay)
	if err != nil {
		return nil, err
	}
	defs, _ := base["$defs"].(map[string]any)
	if defs == nil {
		return nil, fmt.Errorf("%s has no $defs", Base)
	}
	out := map[string]any{}
	for k, v := range base {
		switch k {
		case "$id", "$defs", "$comment":
		default:
			out[k] = v
		}
	}
	out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	newDefs := map[string]any{}
	for k, v := range defs {
		newDefs[k] = v
	}
	// The text type: the overlay's own, which may refer to the base's.
	baseText, _ := defs["text"].(map[string]any)
	delete(baseText, "$dynamicAnchor")
	newDefs["text"] = baseText
	if odefs, ok := top["$defs"].(map[string]any); ok {
		for k, v := range odefs {
			vm, _ := v.(map[string]any)
			if k == "text" && vm != nil {
				delete(vm, "$dynamicAnchor")
				if ref, _ := vm["$ref"].(string); ref == Base+"#/$defs/text" {
					newDefs["baseText"] = baseText
					vm["$ref"] = "#/$defs/baseText"
				}
				newDefs["text"] = vm
				continue
			}
			name := k
			if _, clash := newDefs[name]; clash {
				name = strings.TrimSuffix(path.Base(overlay), ".schema.json") + "_" + k
			}
			newDefs[name] = v
		}
	}
	out["$defs"] = newDefs
	// The overlay's own constraints apply beside the base's.
	extra := map[string]any{}
	for k, v := range top {
		switch k {
		case "$schema", "$id", "$defs", "title", "description", "$comment":
		case "allOf":
			var rest []any
			for _, x := range v.([]any) {
				if m, ok := x.(map[string]any); ok && m["$ref"] == Base {
					continue
				}
				rest = append(rest, x)
			}
			if len(rest) > 0 {
				extra["allOf"] = rest
			}
		default:
			extra[k] = v
		}
	}
	if len(extra) > 0 {
		all, _ := out["allOf"].([]any)
		out["allOf"] = append(all, extra)
	}
	for _, k := range []string{"title", "description"} {
		if v, ok := top[k]; ok {
			out[k] = v
		}
	}
	if o.Title != "" {
		out["title"] = o.Title
	}
	if o.Description != "" {
		out["description"] = o.Description
	}
	rewrite(out, o, "")
	for list, item := range o.Snippets {
		props, _ := out["properties"].(map[string]any)
		p, _ := props[list].(map[string]any)
		if p == nil {
			continue
		}
		if items, ok := p["items"].(map[string]any); ok {
			items["defaultSnippets"] = []any{map[string]any{"label": list, "body": item}}
		}
	}
	return out, nil
}

// rewrite makes every reference local and adds the editors' annotations.
func rewrite(v any, o Options, key string) {
	switch x := v.(type) {
	case map[string]any:
		if r, ok := x["$dynamicRef"].(string); ok && strings.HasSuffix(r, "#text") {
			delete(x, "$dynamicRef")
			x["$ref"] = "#/$defs/text"
		}
		if r, ok := x["$ref"].(string); ok && strings.HasPrefix(r, Base+"#") {
			x["$ref"] = strings.TrimPrefix(r, Base)
		}
		if d, ok := x["description"].(string); ok && key != "properties" {
			if o.Describe != nil {
				d = o.Describe(d)
				x["description"] = d
			}
		}
		// A coded value's branch may have its label already (labels, from
		// the enumeration above it): keep it.
		if d, ok := x["description"].(string); ok && key != "properties" && x["markdownDescription"] == nil {
			md := d
			if s, ok := x["x-source"].(string); ok && s != "" && s != "mla" {
				if o.Source != nil {
					md += "\n\n" + o.Source(s)
				} else {
					md += "\n\n*Source:* " + s
				}
			}
			x["markdownDescription"] = md
		}
		if prefix, ok := x["x-label"].(string); ok && o.Label != nil {
			labels(x, prefix, o)
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			rewrite(x[k], o, k)
		}
	case []any:
		for _, y := range x {
			rewrite(y, o, key)
		}
	}
}

// labels gives an enumeration its values' labels: as the markdownDescription
// of each oneOf branch, and as markdownEnumDescriptions beside an enum.
func labels(x map[string]any, prefix string, o Options) {
	for _, b := range anyList(x["oneOf"]) {
		bm, _ := b.(map[string]any)
		if c, ok := bm["const"].(string); ok {
			if l, ok := o.Label(prefix + "." + c); ok {
				bm["markdownDescription"] = "**" + l + "**"
				if d, ok := bm["description"].(string); ok {
					if o.Describe != nil {
						d = o.Describe(d)
						bm["description"] = d
					}
					bm["markdownDescription"] = "**" + l + "**: " + d
				}
			}
		}
	}
	if enum := anyList(x["enum"]); len(enum) > 0 {
		var descs []any
		for _, e := range enum {
			s, _ := e.(string)
			l, _ := o.Label(prefix + "." + s)
			descs = append(descs, l)
		}
		x["markdownEnumDescriptions"] = descs
	}
}

func anyList(v any) []any { l, _ := v.([]any); return l }
