package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Decode reads data as one JSON document into v, a pointer, refusing what
// Parse refuses, and also, unless o.AllowUnknown, a member that v has no
// field for, and a value of the wrong JSON type. The first problem in the
// document's order is returned, as an *Error.
func Decode(data []byte, v any, o Options) error {
	d, err := Parse(data, o)
	if err != nil {
		return err
	}
	return d.Decode(v, o)
}

// Decode decodes the parsed document into v (see the function Decode).
func (d *Doc) Decode(v any, o Options) error {
	if !o.AllowUnknown {
		var unknown []string
		d.unknown(d.Value, "", reflect.TypeOf(v), &unknown)
		if len(unknown) > 0 {
			first := unknown[0]
			for _, p := range unknown[1:] {
				if d.spans[p].key < d.spans[first].key {
					first = p
				}
			}
			e := &Error{Kind: KindUnknownField, Pointer: first, Key: lastToken(first)}
			off, _ := d.keyOffset(first)
			return e.at(d.data, off)
		}
	}
	data := d.data
	if d.Changed {
		// Decode the values as Options.String left them.
		var err error
		if data, err = json.Marshal(d.Value); err != nil {
			return &Error{Kind: KindInvalid, Err: err}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if !o.AllowUnknown {
		dec.DisallowUnknownFields() // found above; kept as a safeguard
	}
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && !d.Changed {
		ptr := d.at(int(te.Offset) - 1)
		e := &Error{Kind: KindWrongType, Pointer: ptr, Want: te.Type.String(), Err: err}
		return e.at(d.data, d.spans[ptr].start)
	}
	e := &Error{Kind: KindInvalid, Err: err}
	if errors.As(err, &te) {
		e.Kind, e.Want = KindWrongType, te.Type.String()
		e.Pointer = "/" + strings.ReplaceAll(te.Field, ".", "/")
	}
	if s, ok := d.spans[e.Pointer]; ok {
		return e.at(d.data, s.start)
	}
	return e.at(d.data, 0)
}

// at returns the pointer of the innermost value written over the byte
// offset off.
func (d *Doc) at(off int) string {
	best, depth := "", -1
	for p, s := range d.spans {
		if s.start <= off && off < s.end {
			if n := strings.Count(p, "/"); n > depth || n == depth && p < best {
				best, depth = p, n
			}
		}
	}
	return best
}

func lastToken(ptr string) string {
	tok := ptr[strings.LastIndexByte(ptr, '/')+1:]
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// unknown appends to out the pointer of every member of v (at ptr) that
// the Go type t has no field for, as encoding/json matches them.
func (d *Doc) unknown(v any, ptr string, t reflect.Type, out *[]string) {
	for t != nil && t.Kind() == reflect.Pointer {
		if t.Implements(jsonUnmarshaler) {
			return // the type reads itself
		}
		t = t.Elem()
	}
	if t == nil || reflect.PointerTo(t).Implements(jsonUnmarshaler) || t.Implements(jsonUnmarshaler) {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		switch t.Kind() {
		case reflect.Struct:
			fields := fieldsOf(t)
			for k, item := range x {
				member := ptr + "/" + EscapePointer(k)
				ft, ok := fields.lookup(k)
				if !ok {
					*out = append(*out, member)
					continue
				}
				d.unknown(item, member, ft, out)
			}
		case reflect.Map:
			if reflect.PointerTo(t.Key()).Implements(textUnmarshaler) && t.Key().Kind() != reflect.String {
				return
			}
			for k, item := range x {
				d.unknown(item, ptr+"/"+EscapePointer(k), t.Elem(), out)
			}
		}
	case []any:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, item := range x {
				d.unknown(item, ptr+"/"+strconv.Itoa(i), t.Elem(), out)
			}
		}
	}
}

// fields are the JSON names of a struct type's fields and their types.
type fields struct {
	names map[string]reflect.Type
	order []string
}

// lookup finds the field of a key as encoding/json does: its exact name
// first, then a name that differs only in case.
func (f fields) lookup(key string) (reflect.Type, bool) {
	if t, ok := f.names[key]; ok {
		return t, true
	}
	for _, n := range f.order {
		if strings.EqualFold(n, key) {
			return f.names[n], true
		}
	}
	return nil, false
}

// fieldsOf lists the fields encoding/json decodes into a struct type:
// exported fields under their tag's name (or their own), not those tagged
// "-", with the fields of embedded structs without a tag promoted. (Where
// two embedded structs give the same name, encoding/json keeps neither;
// both are accepted here, and encoding/json then reports the member.)
func fieldsOf(t reflect.Type) fields {
	f := fields{names: map[string]reflect.Type{}}
	var walk func(t reflect.Type, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, seen map[reflect.Type]bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			ft := sf.Type
			if sf.Anonymous && name == "" {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct {
					walk(et, seen)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if _, ok := f.names[name]; !ok {
				f.order = append(f.order, name)
			}
			f.names[name] = ft
		}
	}
	walk(t, map[reflect.Type]bool{})
	sort.Strings(f.order)
	return f
}
