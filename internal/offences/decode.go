package offences

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/strictjson"
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
	err := strictjson.Decode(data, v, strictjson.Options{})
	if err == nil {
		return nil
	}
	var se *strictjson.Error
	if !errors.As(err, &se) {
		return []Problem{{File: file, Code: "data.invalid_json", Detail: err.Error()}}
	}
	switch se.Kind {
	case strictjson.KindDuplicateKey:
		return []Problem{{File: file, Pointer: se.Pointer + "/" + strictjson.EscapePointer(se.Key), Code: "data.duplicate_key",
			Detail: fmt.Sprintf("this key appears twice in the same object (line %d, and line %d before); remove or rename one", se.Line, se.FirstLine)}}
	case strictjson.KindSyntax, strictjson.KindTrailing:
		return []Problem{{File: file, Code: "data.invalid_json", Detail: fmt.Sprintf("not valid JSON at line %d, column %d: %s", se.Line, se.Column, se.Detail())}}
	case strictjson.KindUnknownField:
		return []Problem{{File: file, Pointer: se.Pointer, Code: "data.invalid_json", Detail: fmt.Sprintf("unknown field %q at line %d, column %d; correct its name or remove it", se.Key, se.Line, se.Column)}}
	case strictjson.KindWrongType:
		return []Problem{{File: file, Pointer: se.Pointer, Code: "data.invalid_json", Detail: fmt.Sprintf("wrong type at line %d, column %d: must be %s", se.Line, se.Column, se.Want)}}
	}
	return []Problem{{File: file, Pointer: se.Pointer, Code: "data.invalid_json", Detail: se.Error()}}
}
