package starter

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBuildFromSchema: the starter holds exactly the required fields, in
// the order the schema requires them, follows $ref, allOf and an overlay's
// requirements, writes a text in each language, numbers list items' ids,
// and leaves coded values, dates and numbers for the officer.
func TestBuildFromSchema(t *testing.T) {
	base := `{
  "type": "object", "required": ["version", "persons", "date", "case"],
  "properties": {
    "version": {"const": 1},
    "date": {"type": "string", "format": "date"},
    "notes": {"$dynamicRef": "#text"},
    "persons": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/person"}},
    "case": {"type": "object", "required": ["title"], "properties": {"title": {"$dynamicRef": "#text"}, "stage": {"enum": ["a", "b"]}}}
  },
  "$defs": {
    "text": {"$dynamicAnchor": "text", "type": "object", "required": ["zh"]},
    "person": {"type": "object", "required": ["id", "role", "age"], "properties": {"id": {"type": "string", "pattern": "^P[0-9]+$"}, "role": {"enum": ["x"]}, "age": {"type": "integer"}}}
  }
}`
	overlay := `{"allOf": [{"$ref": "case.schema.json"}], "properties": {"case": {"required": ["stage"]}}}`
	fsys := fstest.MapFS{"schemas/case.schema.json": {Data: []byte(base)}, "schemas/xx.schema.json": {Data: []byte(overlay)}}
	data, err := Build(fsys, Options{Schema: "xx.schema.json", Langs: []string{"zh", "es"}, Placeholder: func(ptr, lang string) string { return "【" + lang + ":" + ptr + "】" }})
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	order := []string{`"$schema"`, `"version": 1`, `"persons"`, `"date": ""`, `"case"`}
	last := -1
	for _, k := range order {
		i := strings.Index(s, k)
		if i <= last {
			t.Errorf("%s out of order or missing in\n%s", k, s)
		}
		last = i
	}
	var c map[string]any
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	p := c["persons"].([]any)[0].(map[string]any)
	if p["id"] != "P1" || p["role"] != "" || p["age"] != nil {
		t.Errorf("person %v", p)
	}
	cs := c["case"].(map[string]any)
	title := cs["title"].(map[string]any)
	if title["zh"] != "【zh:/case/title/zh】" || title["es"] != "【es:/case/title/es】" || cs["stage"] != "" {
		t.Errorf("case %v", cs)
	}
	if _, ok := c["notes"]; ok {
		t.Error("a field the schema does not require is in the starter")
	}
}
