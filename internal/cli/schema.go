package cli

import (
	"context"
	"encoding/json"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/spf13/cobra"
)

func (a *app) newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "schema CC",
		Short:   a.t("cli.schema.short", nil),
		Long:    a.t("cli.schema.long", nil),
		Example: a.t("cli.schema.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runSchema(cmd.Context(), args[0])
		},
	}
}

// runSchema prints the effective schema of a state as one compound schema
// document (JSON Schema 2020-12 §9.3): the state's overlay, with every
// schema it refers to embedded under $defs by its own $id, so that an
// editor can use the printed file alone.
func (a *app) runSchema(_ context.Context, code string) error {
	name := "schemas/" + strings.ToLower(code) + ".schema.json"
	top, err := readSchema(a.fsys, name)
	if err != nil {
		return a.fail(ExitUsage, "cli.schema.unknown", map[string]any{"Code": code})
	}
	defs, _ := top["$defs"].(map[string]any)
	if defs == nil {
		defs = map[string]any{}
	}
	entries, err := fs.ReadDir(a.fsys, "schemas")
	if err != nil {
		return a.internal(err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, ".schema.json") && "schemas/"+n != name && mentions(a.fsys, name, n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		s, err := readSchema(a.fsys, path.Join("schemas", n))
		if err != nil {
			return a.internal(err)
		}
		id, _ := s["$id"].(string)
		if id == "" {
			continue
		}
		delete(s, "$schema")
		defs[id] = s
	}
	top["$defs"] = defs
	if err := writeJSON(a.env.Stdout, top); err != nil {
		return a.internal(err)
	}
	return nil
}

// mentions reports whether the schema file top refers to other by name.
func mentions(fsys fs.FS, top, other string) bool {
	b, err := fs.ReadFile(fsys, top)
	return err == nil && strings.Contains(string(b), other)
}

func readSchema(fsys fs.FS, name string) (map[string]any, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}
