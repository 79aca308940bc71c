// Package starter builds a starter case for a requested state from the
// state's JSON Schema: every field the schema requires, and nothing else,
// each holding a placeholder the officer replaces. Free text gets a
// placeholder that names its own JSON Pointer (validate reports it as
// text.placeholder until it is replaced); a coded value, a date or a
// number is left empty or null, so that the schema's own finding lists
// what it may be. The starter therefore validates with one finding per
// placeholder.
package starter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/mla-dev/mla/internal/schemadoc"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// Options of Build.
type Options struct {
	// Schema is the state's schema file name in schemas/ ("ca.schema.json").
	Schema string
	// Langs are the languages of every localized text: "zh" and the
	// translation language the state takes.
	Langs []string
	// Placeholder returns the placeholder of a free-text field at ptr in
	// language lang ("zh", or a translation language).
	Placeholder func(ptr, lang string) string
	// Set gives values that the schema does not require but that keep a
	// starter free of findings other than its placeholders, by pointer (the
	// first assistance item lists the first evidence item, so that the
	// item is not unused).
	Set map[string]any
}

// Build returns the starter case, encoded as indented JSON with the fields
// in the order the schema requires them, and $schema first.
func Build(fsys fs.FS, o Options) ([]byte, error) {
	b := &builder{docs: schemadoc.New(fsys), o: o}
	root, err := b.docs.Doc(o.Schema)
	if err != nil {
		return nil, err
	}
	b.text = o.Langs
	if len(b.text) == 0 {
		b.text = b.textDef(o.Schema, root)
	}
	v, err := b.value(o.Schema, root, "", 0)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(ordered)
	if !ok {
		return nil, fmt.Errorf("%s: the root is not an object", o.Schema)
	}
	obj = append(ordered{{"$schema", o.Schema}}, obj...)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(obj); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ordered is a JSON object that keeps its members' order.
type ordered []member

type member struct {
	k string
	v any
}

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

type builder struct {
	docs *schemadoc.Docs
	o    Options
	// text is the localized text type as the state's schema has it: the
	// languages it requires.
	text []string
}

// textDef returns the languages the state's localized text requires: the
// base's and its overlay's (the $dynamicAnchor "text" definition).
func (b *builder) textDef(file string, root map[string]any) []string {
	langs := []string{"zh"}
	var visit func(file string, s map[string]any, depth int)
	visit = func(file string, s map[string]any, depth int) {
		if depth > 8 {
			return
		}
		for _, r := range strList(s["required"]) {
			if !slices.Contains(langs, r) {
				langs = append(langs, r)
			}
		}
		if ref, ok := s["$ref"].(string); ok {
			if f, t, err := b.docs.Resolve(file, ref); err == nil {
				visit(f, t, depth+1)
			}
		}
	}
	if defs, ok := root["$defs"].(map[string]any); ok {
		if t, ok := defs["text"].(map[string]any); ok {
			visit(file, t, 0)
		}
	}
	return langs
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

// merged is a schema with its $ref and allOf folded in: what the starter
// needs of it.
type merged struct {
	types    []string
	required []string
	props    map[string][]propRef
	items    *propRef
	minItems int
	constant any
	hasConst bool
	enum     bool
	format   string
	pattern  string
	text     bool
}

type propRef struct {
	file string
	s    map[string]any
}

func (b *builder) merge(file string, s map[string]any, m *merged, depth int) error {
	if depth > 16 {
		return fmt.Errorf("%s: references nest too deep", file)
	}
	if r, ok := s["$dynamicRef"].(string); ok && strings.HasSuffix(r, "#text") {
		m.text = true
		return nil
	}
	if r, ok := s["$ref"].(string); ok {
		f, t, err := b.docs.Resolve(file, r)
		if err != nil {
			return err
		}
		if err := b.merge(f, t, m, depth+1); err != nil {
			return err
		}
	}
	for _, sub := range anyList(s["allOf"]) {
		if sm, ok := sub.(map[string]any); ok {
			if err := b.merge(file, sm, m, depth+1); err != nil {
				return err
			}
		}
	}
	switch t := s["type"].(type) {
	case string:
		m.types = append(m.types, t)
	case []any:
		m.types = append(m.types, strList(t)...)
	}
	for _, r := range strList(s["required"]) {
		if !slices.Contains(m.required, r) {
			m.required = append(m.required, r)
		}
	}
	if p, ok := s["properties"].(map[string]any); ok {
		if m.props == nil {
			m.props = map[string][]propRef{}
		}
		// Every schema that speaks of a property counts: the base
		// describes it, an overlay adds what it requires of it.
		for k, v := range p {
			if vm, ok := v.(map[string]any); ok {
				m.props[k] = append(m.props[k], propRef{file, vm})
			}
		}
	}
	if it, ok := s["items"].(map[string]any); ok && m.items == nil {
		m.items = &propRef{file, it}
	}
	if n, ok := s["minItems"].(float64); ok && int(n) > m.minItems {
		m.minItems = int(n)
	}
	if c, ok := s["const"]; ok {
		m.constant, m.hasConst = c, true
	}
	if _, ok := s["enum"]; ok {
		m.enum = true
	}
	if f, ok := s["format"].(string); ok {
		m.format = f
	}
	if p, ok := s["pattern"].(string); ok {
		m.pattern = p
	}
	return nil
}

func anyList(v any) []any { l, _ := v.([]any); return l }

// ids gives the items of the lists whose items have an id of that form.
var ids = map[string]string{"persons": "P", "assistance": "A", "assets": "S", "evidence": "E", "annexes": "N"}

func (b *builder) value(file string, s map[string]any, ptr string, depth int) (any, error) {
	return b.values([]propRef{{file, s}}, ptr, depth)
}

// values is the starter value of a field that all the schemas ps describe.
func (b *builder) values(ps []propRef, ptr string, depth int) (any, error) {
	var m merged
	for _, p := range ps {
		if err := b.merge(p.file, p.s, &m, depth); err != nil {
			return nil, err
		}
	}
	switch {
	case m.hasConst:
		return m.constant, nil
	case m.enum:
		return "", nil // the schema's finding lists the values
	case m.text:
		t := ordered{}
		for _, l := range b.text {
			t = append(t, member{l, b.o.Placeholder(ptr+"/"+l, l)})
		}
		return t, nil
	}
	switch {
	case slices.Contains(m.types, "object") || m.props != nil:
		obj := ordered{}
		for _, k := range m.required {
			ps, ok := m.props[k]
			if !ok {
				continue
			}
			v, err := b.values(ps, ptr+"/"+k, depth+1)
			if err != nil {
				return nil, err
			}
			obj = append(obj, member{k, v})
		}
		for k := range m.props {
			if v, ok := b.o.Set[ptr+"/"+k]; ok && !slices.Contains(m.required, k) {
				obj = append(obj, member{k, v})
			}
		}
		return obj, nil
	case slices.Contains(m.types, "array"):
		n := max(m.minItems, 0)
		out := make([]any, 0, n)
		for i := 0; i < n && m.items != nil; i++ {
			v, err := b.value(m.items.file, m.items.s, ptr+"/"+strconv.Itoa(i), depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case slices.Contains(m.types, "string"):
		if strings.HasSuffix(ptr, "/id") {
			list := strings.Split(ptr, "/")
			if len(list) >= 4 {
				if prefix, ok := ids[list[len(list)-3]]; ok {
					n, _ := strconv.Atoi(list[len(list)-2])
					return prefix + strconv.Itoa(n+1), nil
				}
			}
		}
		if m.enum || m.format != "" || m.pattern != "" {
			return "", nil // the schema's finding lists what it may be
		}
		return b.o.Placeholder(ptr, "zh"), nil
	}
	return nil, nil // a number, a boolean: the officer decides
}
