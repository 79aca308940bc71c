package offences

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, err := fs.ReadFile(repo, "schemas/"+name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("compiling %s: %v", name, err)
	}
	return s
}

func instance(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDataFilesValidateAgainstSchemas(t *testing.T) {
	files := map[string][]string{"offences.schema.json": {CatalogPath}}
	tables, _ := fs.Glob(repo, TablePattern)
	if len(tables) != 4 {
		t.Fatalf("found %d equivalents tables, want 4", len(tables))
	}
	files["equivalents.schema.json"] = tables
	for schema, paths := range files {
		s := compileSchema(t, schema)
		for _, p := range paths {
			data, err := fs.ReadFile(repo, p)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(instance(t, data)); err != nil {
				t.Errorf("%s does not validate against %s: %v", p, schema, err)
			}
		}
	}
}

// Each case breaks a valid file in one way the schema must catch.
func TestSchemasRejectInvalidData(t *testing.T) {
	cases := []struct {
		name, schema, file string
		edit               func(doc map[string]any)
	}{
		{"translation status missing", "offences.schema.json", CatalogPath, func(d map[string]any) {
			delete(entry(d, 4)["text"].(map[string]any), "translation")
		}},
		{"unknown property", "offences.schema.json", CatalogPath, func(d map[string]any) {
			entry(d, 4)["summary"] = "x"
		}},
		{"death penalty without a note", "offences.schema.json", CatalogPath, func(d map[string]any) {
			delete(entry(d, 4), "death_penalty_note")
		}},
		{"confirmed P fact without confirmed_by", "offences.schema.json", CatalogPath, func(d map[string]any) {
			entry(d, 11)["thresholds"].(map[string]any)["source"].(map[string]any)["confirmed"] = true
		}},
		{"V fact not confirmed", "offences.schema.json", CatalogPath, func(d map[string]any) {
			entry(d, 4)["source"].(map[string]any)["confirmed"] = false
		}},
		{"definition with a penalty", "offences.schema.json", CatalogPath, func(d map[string]any) {
			entry(d, 0)["max_penalty"] = entry(d, 4)["max_penalty"]
		}},
		{"fixed-term without max_years", "offences.schema.json", CatalogPath, func(d map[string]any) {
			delete(entry(d, 2)["max_penalty"].(map[string]any), "max_years")
		}},
		{"bad id", "offences.schema.json", CatalogPath, func(d map[string]any) {
			entry(d, 4)["id"] = "CL-382"
		}},
		{"same_as with other fields", "equivalents.schema.json", "templates/us/equivalents.json", func(d map[string]any) {
			assessment(d, "CN-CL-383")["weak"] = false
		}},
		{"none_known with equivalents", "equivalents.schema.json", "templates/au/equivalents.json", func(d map[string]any) {
			assessment(d, "CN-CL-395")["equivalents"] = assessment(d, "CN-CL-382")["equivalents"]
		}},
		{"weak without a reason", "equivalents.schema.json", "templates/ca/equivalents.json", func(d map[string]any) {
			delete(assessment(d, "CN-CL-384"), "weak_reason")
		}},
		{"key that is not a catalogue id", "equivalents.schema.json", "templates/nz/equivalents.json", func(d map[string]any) {
			d["offences"].(map[string]any)["382"] = map[string]any{"same_as": "CN-CL-382"}
		}},
		{"lower-case state", "equivalents.schema.json", "templates/nz/equivalents.json", func(d map[string]any) {
			d["state"] = "nz"
		}},
	}
	// Control: the files re-encoded without an edit still validate, so each
	// failure below comes from its edit.
	for _, tc := range cases {
		data, _ := fs.ReadFile(mutate(t, tc.file, func(map[string]any) {}), tc.file)
		if err := compileSchema(t, tc.schema).Validate(instance(t, data)); err != nil {
			t.Fatalf("%s re-encoded without an edit does not validate: %v", tc.file, err)
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data, err := fs.ReadFile(mutate(t, tc.file, tc.edit), tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if err := compileSchema(t, tc.schema).Validate(instance(t, data)); err == nil {
				t.Error("the schema accepted the broken file")
			}
		})
	}
}

// Every property a schema defines has a description (it doubles as help for
// the lawyers who edit the files).
func TestSchemaPropertiesAreDescribed(t *testing.T) {
	for _, name := range []string{"offences.schema.json", "equivalents.schema.json"} {
		data, err := fs.ReadFile(repo, "schemas/"+name)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		var walk func(v any, path []string)
		walk = func(v any, path []string) {
			switch v := v.(type) {
			case map[string]any:
				if props, ok := v["properties"].(map[string]any); ok && !conditional(path) {
					for k, p := range props {
						if _, ok := p.(map[string]any)["description"]; !ok {
							t.Errorf("%s: %s/properties/%s has no description", name, strings.Join(path, "/"), k)
						}
					}
					if v["additionalProperties"] != false {
						t.Errorf("%s: %s allows additional properties", name, strings.Join(path, "/"))
					}
				}
				for k, c := range v {
					walk(c, append(path, k))
				}
			case []any:
				for _, c := range v {
					walk(c, append(path, "[]"))
				}
			}
		}
		walk(doc, nil)
	}
}

// conditional reports whether a path is inside an if/then/else/not branch,
// whose "properties" constrain values the schema defines elsewhere.
func conditional(path []string) bool {
	for _, p := range path {
		switch p {
		case "if", "then", "else", "not":
			return true
		}
	}
	return false
}
