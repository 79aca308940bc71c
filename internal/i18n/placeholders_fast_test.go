package i18n

import "testing"

// TestOnlyFields: the cheap test that lets a message skip the template
// parser agrees with the parser: whatever it lets through, CheckTemplate's
// full check accepts too, and it lets none of the refused through.
func TestOnlyFields(t *testing.T) {
	for _, tt := range []struct {
		text string
		fast bool
	}{
		{"plain text", true},
		{"{{.Count}} errors in {{.File}}", true},
		{"{{.A1}}", true},
		{"{{ .Count }}", false},
		{"{{- .Count -}}", false},
		{"{{.Count | printf}}", false},
		{"{{call .F}}", false},
		{"{{/* c */}}", false},
		{"a }} b", false},
		{"{{.}}", false},
		{"{{.1a}}", false},
		{"{{.A.B}}", false},
		{"{{.A", false},
	} {
		if got := onlyFields(tt.text); got != tt.fast {
			t.Errorf("onlyFields(%q) = %v, want %v", tt.text, got, tt.fast)
		}
		if tt.fast {
			if _, err := Placeholders(tt.text); err != nil {
				t.Errorf("%q passes the cheap test but the parser refuses it: %v", tt.text, err)
			}
		}
	}
	if CheckTemplate("{{call .F}}") == nil || CheckTemplate("{{template `x`}}") == nil {
		t.Error("a refused action passes CheckTemplate")
	}
}
