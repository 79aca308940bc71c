package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/xuri/excelize/v2"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/edschema"
	"github.com/mla-dev/mla/internal/i18n"
)

// schemaDescriptions returns every description of the four states'
// editor schemas (English), each with the first place it is found at.
func schemaDescriptions(t *testing.T) map[string]string {
	t.Helper()
	a := &app{env: Env{Assets: mla.Assets()}, lang: "en"}
	mustDo(t, a.load())
	v, _, err := a.validator()
	mustDo(t, err)
	codes, err := v.Registry.Codes()
	mustDo(t, err)
	out := map[string]string{}
	var walk func(x any, ptr, key, code string)
	walk = func(x any, ptr, key, code string) {
		switch x := x.(type) {
		case map[string]any:
			if d, ok := x["description"].(string); ok && key != "properties" && ptr != "" {
				if _, seen := out[d]; !seen {
					out[d] = code + " " + ptr
				}
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(x[k], ptr+"/"+k, k, code)
			}
		case []any:
			for i, y := range x {
				walk(y, ptr+"/"+strconv.Itoa(i), key, code)
			}
		}
	}
	for _, c := range codes {
		p, _, err := v.Registry.Load(c)
		mustDo(t, err)
		doc, err := edschema.Build(a.fsys, p.Schema, edschema.Options{})
		mustDo(t, err)
		walk(doc, "", "", c)
	}
	return out
}

// TestSchemaDescriptionsLocale: locales/schema.en.toml holds every
// description of the case schemas, as mla schema shows them, so that
// translators translate them like any other message (go test -run
// TestSchemaDescriptionsLocale -update rewrites it after a schema change);
// and mla schema CC --lang zh shows the Chinese ones.
func TestSchemaDescriptionsLocale(t *testing.T) {
	descs := schemaDescriptions(t)
	if len(descs) < 100 {
		t.Fatalf("only %d descriptions", len(descs))
	}
	keys := make([]string, 0, len(descs))
	for d := range descs {
		if strings.Contains(d, "{{") {
			t.Errorf("a description holds a template action: %q", d)
		}
		keys = append(keys, d)
	}
	sort.Slice(keys, func(i, j int) bool {
		return descs[keys[i]] < descs[keys[j]] || (descs[keys[i]] == descs[keys[j]] && keys[i] < keys[j])
	})
	f := &i18n.File{Path: "locales/schema.en.toml", Group: "schema", Tag: "en",
		Header: []string{"# Descriptions of the case file's fields, as mla schema shows them to editors (English).",
			"# Written by go test ./internal/cli -run TestSchemaDescriptionsLocale -update from schemas/; do not edit."}}
	for _, d := range keys {
		f.Messages = append(f.Messages, &i18n.Message{ID: schemaDescID(d),
			Description: "Description of a field of the case file, shown in editors (mla schema): " + descs[d] + ".",
			Forms:       map[string]string{"other": d}})
	}
	want := f.Encode()
	path := repo("locales/schema.en.toml")
	if *update {
		mustDo(t, os.WriteFile(path, want, 0o644))
	}
	got, err := os.ReadFile(path)
	mustDo(t, err)
	if !bytes.Equal(got, want) {
		t.Errorf("locales/schema.en.toml is not the schemas' descriptions: run go test ./internal/cli -run TestSchemaDescriptionsLocale -update, then translate the new messages")
	}
}

// TestSchemaDescriptionsTranslated: a description that has a Chinese
// translation is shown in Chinese by mla schema --lang zh, with its legal
// source named in Chinese; English keeps the schemas' own text.
func TestSchemaDescriptionsTranslated(t *testing.T) {
	a := &app{env: Env{Assets: mla.Assets()}, lang: "zh"}
	mustDo(t, a.load())
	const en = "A postal address."
	zh, err := a.cat.Strict("zh", schemaDescID(en), nil)
	if err != nil {
		t.Skip("no Chinese description of an address yet")
	}
	_, out, errs := run(t, nil, "schema", "ca", "--lang", "zh")
	if !strings.Contains(out, `"description": "`+zh+`"`) || strings.Contains(out, `"description": "`+en+`"`) {
		t.Errorf("mla schema ca --lang zh does not describe an address in Chinese (%s)\n%s", zh, errs)
	}
	if strings.Contains(out, "*source: ") || !strings.Contains(out, "*依据：") {
		t.Error("mla schema ca --lang zh names sources in English")
	}
	// Chinese is complete: no description without a Chinese character.
	for _, code := range []string{"us", "ca", "au", "nz"} {
		_, out, _ := run(t, nil, "schema", code, "--lang", "zh")
		var doc any
		mustDo(t, json.Unmarshal([]byte(out), &doc))
		var walk func(x any, key string)
		walk = func(x any, key string) {
			switch x := x.(type) {
			case map[string]any:
				if d, ok := x["description"].(string); ok && key != "properties" && !hasHan(d) {
					t.Errorf("mla schema %s --lang zh: an English description: %q", code, d)
				}
				for k, y := range x {
					walk(y, k)
				}
			case []any:
				for _, y := range x {
					walk(y, key)
				}
			}
		}
		walk(doc, "")
	}
	_, out, _ = run(t, nil, "schema", "ca", "--lang", "en")
	if !strings.Contains(out, `"description": "`+en+`"`) || !strings.Contains(out, "*source: ") {
		t.Error("mla schema ca --lang en does not keep the English descriptions")
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestIntakeCommentsInChinese: the field help of the intake workbook (the
// header cells' comments) is in the officer's language.
func TestIntakeCommentsInChinese(t *testing.T) {
	out := filepath.Join(t.TempDir(), "intake.xlsx")
	if code, _, errs := run(t, nil, "intake", "template", "ca", "--lang", "zh", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, err := excelize.OpenFile(out)
	mustDo(t, err)
	defer f.Close()
	n := 0
	for _, sh := range f.GetSheetList() {
		comments, err := f.GetComments(sh)
		mustDo(t, err)
		for _, c := range comments {
			n++
			text := c.Text
			for _, p := range c.Paragraph {
				text += p.Text
			}
			if !hasHan(text) {
				t.Errorf("%s!%s: the field help is not in Chinese: %q", sh, c.Cell, text)
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d comments", n)
	}
}
