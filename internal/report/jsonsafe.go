package report

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/mla-dev/mla/internal/casefile"
)

// EscapeInvisible writes the control and invisible characters that a case
// file may carry (casefile.Control and casefile.Invisible: bidirectional
// overrides, zero-width characters, variation selectors, …) as JSON
// escapes: the same JSON, but a terminal shows it as it is, not reordered.
// Outside strings the encoder writes only ASCII, so every such rune is
// inside a string; the encoder has already escaped tab, line feed and
// carriage return inside strings, so a line feed left is the indentation's.
func EscapeInvisible(b []byte) []byte {
	s := string(b)
	if !strings.ContainsFunc(s, invisible) {
		return b
	}
	var out strings.Builder
	for _, r := range s {
		if invisible(r) {
			if r > 0xFFFF {
				hi, lo := utf16.EncodeRune(r)
				fmt.Fprintf(&out, "\\u%04x\\u%04x", hi, lo)
				continue
			}
			fmt.Fprintf(&out, "\\u%04x", r)
			continue
		}
		out.WriteRune(r)
	}
	return []byte(out.String())
}

func invisible(r rune) bool { return casefile.Control(r) || casefile.Invisible(r) }
