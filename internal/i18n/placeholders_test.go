package i18n

import (
	"strings"
	"testing"
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
		{"{{if .Draft}}DRAFT {{.Mark}}{{else}}{{.Other}}{{end}}", "{{.Draft}} {{.Mark}} {{.Other}}"},
		{"{{range .Items}}{{.Name}}{{end}}", "{{.Items}} {{.Name}}"},
		{"{{.A.B}} {{len .List}}", "{{.A.B}} {{.List}}"},
		{"{{printf \"%d\" .Count}}", "{{.Count}}"},
		{"{{.File}", "error"},
		{"{{.File}} {{end}}", "error"},
		{"JSON {\"a\": 1} and {{ \"{x}\" }}", ""},
		{"{x} then {{.Y}}", "{x} {{.Y}}"},
		{"全角｛page｝不是记号", ""},
	}
	for _, tt := range tests {
		got, err := Placeholders(tt.text)
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
