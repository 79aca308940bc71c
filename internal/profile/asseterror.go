package profile

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/mla-dev/mla/internal/strictjson"
)

// Problems an AssetError names; each is a locale message
// cli.error.assets.<problem>.
const (
	ProblemSyntax       = "syntax"        // not valid JSON
	ProblemUnknownField = "unknown_field" // a field mla does not know (a misspelling)
	ProblemWrongType    = "wrong_type"    // a value of the wrong JSON type
	ProblemDuplicateKey = "duplicate_key" // an object repeats a key (Field is the key's pointer)
	ProblemBadValue     = "bad_value"     // a value mla cannot use (Detail says why)
	ProblemNoSchema     = "no_schema"     // a profile's schema is not in schemas/
	ProblemNoProfile    = "no_profile"    // a state's schema has no profile
)

// AssetError is an asset file (a profile, a template, ...) that mla cannot
// use: the user's file, not a fault of mla. File is its path in the assets
// (templates/us/profile.json), Line the line of the problem (0 if unknown),
// Field the JSON Pointer of the field.
type AssetError struct {
	File    string
	Line    int
	Field   string
	Problem string
	// Want is the expected type (ProblemWrongType) or file (ProblemNoSchema,
	// ProblemNoProfile); Detail says why a value is refused (ProblemBadValue).
	Want   string
	Detail string
}

func (e *AssetError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Field != "" {
		s += " " + e.Field
	}
	s += ": " + e.Problem
	if e.Want != "" {
		s += " (" + e.Want + ")"
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// decodeError describes why data, the file name, did not decode (err
// comes from strictjson).
func decodeError(name string, data []byte, err error) *AssetError {
	var se *strictjson.Error
	if !errors.As(err, &se) {
		return &AssetError{File: name, Line: lineAt(data, int64(len(data))), Problem: ProblemSyntax, Detail: err.Error()}
	}
	switch se.Kind {
	case strictjson.KindWrongType:
		return &AssetError{File: name, Line: se.Line, Field: se.Pointer, Problem: ProblemWrongType, Want: se.Want}
	case strictjson.KindUnknownField:
		return &AssetError{File: name, Line: se.Line, Field: se.Pointer, Problem: ProblemUnknownField}
	case strictjson.KindDuplicateKey:
		return &AssetError{File: name, Line: se.Line, Field: se.Pointer + "/" + strictjson.EscapePointer(se.Key), Problem: ProblemDuplicateKey}
	}
	return &AssetError{File: name, Line: se.Line, Problem: ProblemSyntax, Detail: se.Detail()}
}

// lineAt is the 1-based line of the byte offset off of data.
func lineAt(data []byte, off int64) int {
	if off < 0 || off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// fieldLine is the line where the key of field first appears in data, or 0.
func fieldLine(data []byte, key string) int {
	if i := bytes.Index(data, []byte(`"`+key+`"`)); i >= 0 {
		return lineAt(data, int64(i))
	}
	return 0
}
