package i18n

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		text string
		want string // space-separated; "error" for a parse error
	}{
		{"plain text", ""},
		{"{{.File}}, line {{.Line}}", "{{.File}} {{.Line}}"},
		{"{{.File}} and {{.File}} again", "{{.File}}"},
		{"Page {page} of {pages}", "{pages} {page}"},
		{"{{.A.B}} and {{- .C -}} trimmed", "{{.A.B}} {{.C}}"},
		{"{{.File}", "error"},
		{"{{.File}} {{end}}", "error"},
		{"{x} then {{.Y}}", "{x} {{.Y}}"},
		{"全角｛page｝不是记号", ""},
	}
	for _, tt := range tests {
		got, err := Placeholders(tt.text)
		var ae *ActionError
		if errors.As(err, &ae) {
			t.Errorf("Placeholders(%q): %v, want no action error", tt.text, err)
		}
		if tt.want == "error" {
			if err == nil {
				t.Errorf("Placeholders(%q) = %v, want an error", tt.text, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("Placeholders(%q): %v", tt.text, err)
			continue
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("Placeholders(%q) = %q, want %q", tt.text, strings.Join(got, " "), tt.want)
		}
	}
}

// TestActionsRefused: a message holds text and {{.Field}} only. Each of
// these passed the placeholder check before, and each could hang, grow
// without bound or hide text when mla fills the message.
func TestActionsRefused(t *testing.T) {
	for _, text := range []string{
		"{{range 3000000000}}{{end}}{{.CaseTitle}}",
		"{{range 200000000}}AAAAAAAAAA{{end}}",
		"{{if false}}{{.CaseTitle}}{{end}}l'affaire XYZ",
		"{{if .Draft}}DRAFT{{else}}{{.Other}}{{end}}",
		"{{with .A}}{{.}}{{end}}",
		"{{define \"x\"}}{{template \"x\"}}{{end}}{{template \"x\"}}",
		"{{block \"b\" .}}{{.X}}{{end}}",
		"{{template \"message\" .}}",
		"{{call .F}}",
		"{{.Count | printf \"%d\"}}",
		"{{printf \"%d\" .Count}}",
		"{{len .List}}",
		"{{$x := .A}}{{$x}}",
		"{{.}}",
		"{{\"literal\"}}",
		"{{/* a comment */}}{{.A}}",
		"{{break}}",
	} {
		err := CheckTemplate(text)
		var ae *ActionError
		if !errors.As(err, &ae) && !strings.Contains(fmt.Sprint(err), "break") {
			t.Errorf("CheckTemplate(%q) = %v, want an action error", text, err)
		}
	}
}

// TestCatalogRefusesActions: the catalog refuses a locale file whose
// message holds template code, in the canonical layout and in any other
// TOML, naming the file, the message and the language; other languages
// still load.
func TestCatalogRefusesActions(t *testing.T) {
	for name, body := range map[string]string{
		"canonical":  "[\"request.title\"]\nother = \"{{range 3000000000}}{{end}}{{.CaseTitle}}\"\n",
		"other TOML": "# a comment\n[request]\ntitle = \"x\"\n[\"ok\"]\nother = '''{{call .F}}'''\n",
		"delimiters": "[\"request.title\"]\nleftDelim = \"<<\"\nrightDelim = \">>\"\nother = \"<<range 3>><<end>>\"\n",
	} {
		fsys := fstest.MapFS{
			"locales/request.fr.toml": {Data: []byte(body)},
			"locales/request.en.toml": {Data: []byte("[\"request.title\"]\nother = \"Title {{.CaseTitle}}\"\n")},
		}
		cat, err := Load(fsys, "locales")
		if err != nil {
			t.Fatal(err)
		}
		_, err = cat.T("fr", "request.title", map[string]any{"CaseTitle": "x"})
		var me *MessageError
		if !errors.As(err, &me) || me.File != "locales/request.fr.toml" || me.Lang != "fr" || me.ID == "" {
			t.Errorf("%s: %v", name, err)
		}
		if s, err := cat.T("en", "request.title", map[string]any{"CaseTitle": "x"}); err != nil || s != "Title x" {
			t.Errorf("%s: English: %q, %v", name, s, err)
		}
	}
}
