package casefile

import (
	"fmt"
	"strings"
	"unicode"
)

// Control reports whether r is a character that has no place in the text
// of a request: a C0 or C1 control other than tab, line feed and carriage
// return (which texts use for layout), DEL, a bidirectional control that
// reorders what is shown (U+061C, U+200E, U+200F, U+202A–U+202E,
// U+2066–U+2069), the line and paragraph separators U+2028 and U+2029, or a
// Unicode noncharacter. Such a character either does not print or makes the
// printed text differ from the text in the file.
func Control(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || r >= 0x7F && r <= 0x9F:
		return true
	case r == 0x061C || r == 0x200E || r == 0x200F,
		r >= 0x202A && r <= 0x202E,
		r >= 0x2066 && r <= 0x2069,
		r == 0x2028 || r == 0x2029:
		return true
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return true
	}
	return false
}

// Invisible reports whether r is a character that Control does not cover
// and that prints as nothing: a format character (zero-width spaces and
// joiners, the soft hyphen, the word joiner, a byte-order mark inside a
// text), a variation selector (U+FE00–U+FE0F, U+E0100–U+E01EF: U+FE0F
// follows many emoji pasted from a phone), the combining grapheme joiner
// U+034F, or a blank that is a letter or symbol for Unicode but shows
// nothing: the braille pattern blank U+2800 and the Hangul fillers (U+115F,
// U+1160, U+3164, U+FFA0). Text pasted from word processors, web pages and
// chat programs carries them; they make two texts that look the same compare
// different, so a name in the request may not match the same name
// elsewhere.
func Invisible(r rune) bool {
	switch {
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF,
		r == 0x034F, r == 0x2800,
		r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0:
		return true
	}
	return !Control(r) && unicode.Is(unicode.Cf, r)
}

// Visible returns s with every control, invisible or non-graphic character
// written as its code point in angle brackets ("<U+001B>"), so that a value
// taken from a case file can be shown in a message and on a terminal as it
// is, without acting on the terminal or hiding in the text.
func Visible(s string) string {
	if strings.IndexFunc(s, hidden) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			fmt.Fprintf(&b, "<U+%04X>", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hidden(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || Control(r) || Invisible(r) ||
		r == unicode.ReplacementChar || !unicode.IsGraphic(r)
}
