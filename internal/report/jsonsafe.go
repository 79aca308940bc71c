package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
)

// EscapeInvisible writes format and control characters (bidirectional
// overrides, zero-width characters) that a case file may carry as JSON
// escapes: the same JSON, but a terminal shows it as it is, not reordered.
// Outside strings the encoder writes only ASCII, so every such rune is
// inside a string.
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

func invisible(r rune) bool {
	return r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029')
}
