// Package schemadoc reads mla's JSON Schema files as plain documents, each
// once, and follows their references by file name and JSON Pointer: what
// the tools that work from the schemas (the starter case, the intake
// workbook, the editor-ready schema) need besides validation.
package schemadoc

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/mla-dev/mla/internal/strictjson"
)

// Docs reads the files of schemas/ in an asset tree, each once.
type Docs struct {
	fsys  fs.FS
	cache map[string]map[string]any
}

// New returns the schema documents of fsys.
func New(fsys fs.FS) *Docs {
	return &Docs{fsys: fsys, cache: map[string]map[string]any{}}
}

// Doc returns the parsed file schemas/name.
func (d *Docs) Doc(name string) (map[string]any, error) {
	if doc, ok := d.cache[name]; ok {
		return doc, nil
	}
	data, err := fs.ReadFile(d.fsys, path.Join("schemas", name))
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := strictjson.Decode(data, &doc, strictjson.Options{}); err != nil {
		return nil, fmt.Errorf("schemas/%s: %w", name, err)
	}
	d.cache[name] = doc
	return doc, nil
}

// unescape undoes the escaping of a JSON Pointer token (RFC 6901).
var unescape = strings.NewReplacer("~1", "/", "~0", "~")

// Resolve follows ref ("other.schema.json#/$defs/x", "#/$defs/x") from the
// schema file file, and returns the file it lands in and the schema there.
func (d *Docs) Resolve(file, ref string) (string, map[string]any, error) {
	target, frag, _ := strings.Cut(ref, "#")
	if target == "" {
		target = file
	}
	doc, err := d.Doc(target)
	if err != nil {
		return "", nil, err
	}
	var cur any = doc
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return "", nil, fmt.Errorf("%s: $ref %q does not resolve", file, ref)
		}
		cur = m[unescape.Replace(tok)]
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return "", nil, fmt.Errorf("%s: $ref %q does not resolve", file, ref)
	}
	return target, m, nil
}
