package i18n

import (
	"os"
	"strings"
	"testing"
)

// frenchSpacing returns the first place where text breaks the French rule
// the locale files follow: a no-break space (U+00A0) before « : ; ! ? » and
// after «. It reports an ordinary space there, which lets the line break
// between the word and its sign, and a sign of ; ! ? » or « glued to the
// word. A colon glued to what precedes it is left alone: URLs, times and
// JSON Pointers have one.
func frenchSpacing(text string) (at int, ok bool) {
	rs := []rune(text)
	for i, r := range rs {
		var before, after rune
		if i > 0 {
			before = rs[i-1]
		}
		if i+1 < len(rs) {
			after = rs[i+1]
		}
		switch r {
		case ':':
			if before == ' ' {
				return i, false
			}
		case ';', '!', '?', '»':
			if i > 0 && before != '\u00a0' && before != '\u202f' {
				return i, false
			}
		case '«':
			if after != '\u00a0' && after != '\u202f' {
				return i, false
			}
		}
	}
	return 0, true
}

func TestFrenchSpacing(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
	}{
		{"valeur\u00a0: {{.Got}}\u00a0; voir «\u00a0pièce\u00a0»\u00a0!", true},
		{"https://example.org/a, 12:30, /case/facts", true},
		{"{{.Field}} : vide", false},
		{"vaut {{.Got}} ; il doit", false},
		{"vaut {{.Got}}; il doit", false},
		{"vouliez-vous dire ?", false},
		{"le champ « nom\u00a0»", false},
		{"le champ «\u00a0nom »", false},
		{"le champ «nom»", false},
		{"12,50\u202f€\u202f!", true},
	}
	for _, tt := range tests {
		if _, ok := frenchSpacing(tt.text); ok != tt.ok {
			t.Errorf("frenchSpacing(%q) = %v, want %v", tt.text, ok, tt.ok)
		}
	}
}

// The repository's French texts put a no-break space where French
// typography wants one.
func TestRepositoryFrenchSpacing(t *testing.T) {
	s, err := ReadSet(os.DirFS("../.."), "locales")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range s.Files {
		if f.Tag != "fr" {
			continue
		}
		for _, m := range f.Messages {
			for _, form := range m.FormNames() {
				text := m.Forms[form]
				n++
				if at, ok := frenchSpacing(text); !ok {
					rs := []rune(text)
					from, to := max(at-20, 0), min(at+20, len(rs))
					t.Errorf("%s %s (%s): no no-break space at %q", f.Path, m.ID, form, strings.ReplaceAll(string(rs[from:to]), "\u00a0", "⍽"))
				}
			}
		}
	}
	if n == 0 {
		t.Error("no French text found")
	}
}
