package offences

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Problem is one thing wrong in a data file: where it is and what to fix.
type Problem struct {
	File    string // path in the asset file system, e.g. templates/us/equivalents.json
	Pointer string // JSON Pointer to the value, "" for the whole file
	Code    string // stable id of the kind of problem, e.g. "offences.duplicate_id"
	Detail  string // what is wrong and how to fix it, for the maintainer
}

func (p Problem) String() string {
	loc := p.File
	if p.Pointer != "" {
		loc += " " + p.Pointer
	}
	return fmt.Sprintf("%s: %s (%s)", loc, p.Detail, p.Code)
}

// LoadError lists every problem Load found.
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the offence data has %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// pointer builds a JSON Pointer from reference tokens.
func pointer(tokens ...any) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		switch v := t.(type) {
		case int:
			b.WriteString(strconv.Itoa(v))
		case string:
			b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(v))
		default:
			panic(fmt.Sprintf("pointer token of type %T", t))
		}
	}
	return b.String()
}

// decode parses a data file strictly: unknown fields, duplicate object keys
// (encoding/json would silently keep the last) and trailing data are
// problems, not surprises.
func decode(file string, data []byte, v any) []Problem {
	if p := duplicateKeys(data); p != "" {
		return []Problem{{File: file, Pointer: p, Code: "data.duplicate_key",
			Detail: "this key appears twice in the same object; remove or rename one"}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return []Problem{{File: file, Code: "data.invalid_json", Detail: describeJSONError(data, err)}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return []Problem{{File: file, Code: "data.invalid_json", Detail: "unexpected data after the top-level object"}}
	}
	return nil
}

func describeJSONError(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return fmt.Sprintf("not valid JSON at line %d, column %d: %v", line, col, err)
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		return fmt.Sprintf("wrong type at line %d, column %d: field %q must be %s, not %s", line, col, typ.Field, typ.Type, typ.Value)
	}
	return err.Error() // unknown field: the message names it
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// duplicateKeys returns the JSON Pointer of the first object key that occurs
// twice in its object, or "" if there is none (or the JSON is malformed; the
// decoder reports that).
func duplicateKeys(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		index  int
		key    string // the current member's key in an object
		path   []any
	}
	var stack []*frame
	expectKey := func() bool {
		return len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].key == ""
	}
	// valueDone advances the parent after a complete value.
	valueDone := func() {
		if len(stack) == 0 {
			return
		}
		f := stack[len(stack)-1]
		if f.object {
			f.key = ""
		} else {
			f.index++
		}
	}
	childPath := func() []any {
		if len(stack) == 0 {
			return nil
		}
		f := stack[len(stack)-1]
		p := append([]any{}, f.path...)
		if f.object {
			return append(p, f.key)
		}
		return append(p, f.index)
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if expectKey() {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				valueDone()
				continue
			}
			k := tok.(string)
			f := stack[len(stack)-1]
			if f.keys[k] {
				return pointer(append(append([]any{}, f.path...), k)...)
			}
			f.keys[k] = true
			f.key = k
			continue
		}
		switch d := tok.(type) {
		case json.Delim:
			switch d {
			case '{':
				stack = append(stack, &frame{object: true, keys: map[string]bool{}, path: childPath()})
			case '[':
				stack = append(stack, &frame{path: childPath()})
			case ']':
				stack = stack[:len(stack)-1]
				valueDone()
			}
		default:
			valueDone()
		}
	}
}
