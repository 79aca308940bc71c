package schemadoc

import (
	"testing"
	"testing/fstest"
)

func TestResolve(t *testing.T) {
	d := New(fstest.MapFS{
		"schemas/a.schema.json": {Data: []byte(`{"$defs": {"x/y": {"type": "string"}}}`)},
		"schemas/b.schema.json": {Data: []byte(`{"allOf": [{"$ref": "a.schema.json"}], "$defs": {"z": {"type": "number"}}}`)},
	})
	if f, s, err := d.Resolve("b.schema.json", "a.schema.json#/$defs/x~1y"); err != nil || f != "a.schema.json" || s["type"] != "string" {
		t.Errorf("across files: %s %v %v", f, s, err)
	}
	if f, s, err := d.Resolve("b.schema.json", "#/$defs/z"); err != nil || f != "b.schema.json" || s["type"] != "number" {
		t.Errorf("within a file: %s %v %v", f, s, err)
	}
	if _, _, err := d.Resolve("b.schema.json", "#/$defs/none"); err == nil {
		t.Error("a reference to nothing resolves")
	}
	if _, err := d.Doc("c.schema.json"); err == nil {
		t.Error("a missing file reads")
	}
}
