package validate

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// annLabel, on a property whose values are an enumeration (oneOf of const,
// or enum), names the prefix of the locale messages that label its values
// in documents: "stage" labels "trial" with message stage.trial.
const annLabel = "x-label"

// EnumLabel is one value of an enumeration that documents print by its label.
type EnumLabel struct {
	File    string // schemas/case.schema.json
	Pointer string // JSON Pointer of the enumeration in the schema
	Value   string
	ID      string // locale message id of the label
}

// LabelError is a value of a schema's enumeration whose label (a locale
// message) is missing in a language: an asset to complete, found when the
// state is loaded rather than when a document prints the value.
type LabelError struct {
	EnumLabel
	Lang string
}

func (e *LabelError) Error() string {
	return fmt.Sprintf("%s %s: value %q has no label %s in %s", e.File, e.Pointer, e.Value, e.ID, e.Lang)
}

// Labels returns the labelled enumeration values of the schema file name
// (in schemas/), read once per Validator.
func (v *Validator) Labels(name string) ([]EnumLabel, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if l, ok := v.labels[name]; ok {
		return l, nil
	}
	file := path.Join("schemas", name)
	data, err := fs.ReadFile(v.assets, file)
	if err != nil {
		return nil, err
	}
	doc, err := parseSchema(file, data)
	if err != nil {
		return nil, err
	}
	var out []EnumLabel
	walkLabels(file, "", doc, &out)
	if v.labels == nil {
		v.labels = map[string][]EnumLabel{}
	}
	v.labels[name] = out
	return out, nil
}

func walkLabels(file, ptr string, x any, out *[]EnumLabel) {
	switch x := x.(type) {
	case map[string]any:
		if prefix, ok := x[annLabel].(string); ok {
			for _, val := range enumValues(x) {
				*out = append(*out, EnumLabel{File: file, Pointer: ptr, Value: val, ID: prefix + "." + val})
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the first missing label is always the same one
		for _, k := range keys {
			walkLabels(file, ptr+"/"+strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"), x[k], out)
		}
	case []any:
		for i, c := range x {
			walkLabels(file, ptr+"/"+strconv.Itoa(i), c, out)
		}
	}
}

// enumValues are the string values of an enumeration: enum, or oneOf/anyOf
// of const.
func enumValues(s map[string]any) []string {
	var out []string
	if e, ok := s["enum"].([]any); ok {
		for _, x := range e {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		branches, _ := s[k].([]any)
		for _, b := range branches {
			if c, ok := b.(map[string]any)["const"].(string); ok {
				out = append(out, c)
			}
		}
	}
	return out
}
