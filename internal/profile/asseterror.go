package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Problems an AssetError names; each is a locale message
// cli.error.assets.<problem>.
const (
	ProblemSyntax       = "syntax"        // not valid JSON
	ProblemUnknownField = "unknown_field" // a field mla does not know (a misspelling)
	ProblemWrongType    = "wrong_type"    // a value of the wrong JSON type
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

// decodeError describes why data, the file name, did not decode.
func decodeError(name string, data []byte, err error) *AssetError {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &AssetError{File: name, Line: lineAt(data, se.Offset), Problem: ProblemSyntax, Detail: err.Error()}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &AssetError{File: name, Line: lineAt(data, te.Offset), Field: pointer(te.Field), Problem: ProblemWrongType, Want: te.Type.String()}
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field = strings.Trim(field, `"`)
		line := 0
		if i := bytes.Index(data, []byte(`"`+field+`"`)); i >= 0 {
			line = lineAt(data, int64(i))
		}
		return &AssetError{File: name, Line: line, Field: "/" + field, Problem: ProblemUnknownField}
	}
	if errors.Is(err, errTrailing) {
		return &AssetError{File: name, Problem: ProblemSyntax, Detail: err.Error()}
	}
	return &AssetError{File: name, Line: lineAt(data, int64(len(data))), Problem: ProblemSyntax, Detail: err.Error()}
}

var errTrailing = errors.New("data after the JSON value")

// lineAt is the 1-based line of the byte offset off of data.
func lineAt(data []byte, off int64) int {
	if off < 0 || off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// pointer turns encoding/json's dotted field path into a JSON Pointer.
func pointer(field string) string {
	if field == "" {
		return ""
	}
	return "/" + strings.ReplaceAll(field, ".", "/")
}

// fieldLine is the line where the key of field first appears in data, or 0.
func fieldLine(data []byte, key string) int {
	if i := bytes.Index(data, []byte(`"`+key+`"`)); i >= 0 {
		return lineAt(data, int64(i))
	}
	return 0
}
