package xlsx

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/mla-dev/mla/internal/document"
)

// maxSheetName is Excel's limit on a worksheet name, in UTF-16 code units.
const maxSheetName = 31

// reservedSheetNames are names Excel refuses for a worksheet, lower-cased:
// "History" belongs to its change-tracking feature.
var reservedSheetNames = []string{"history"}

// sheetNames returns one valid worksheet name per table, unique within the
// workbook. The name comes from Table.Sheet, or, when that is empty after
// cleaning, from the caption's original text, or else from the table's
// position (1, 2, ...), so no fallback wording has to live in Go code.
// Names that collide (Excel compares them without regard to case) get a
// suffix " (2)", " (3)", ... the way Excel names a copied sheet.
func sheetNames(tables []document.Table) []string {
	taken := make(map[string]bool, len(tables)+len(reservedSheetNames))
	for _, r := range reservedSheetNames {
		taken[r] = true
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		base := cleanSheetName(t.Sheet)
		if base == "" {
			base = cleanSheetName(t.Caption.Orig)
		}
		if base == "" {
			base = strconv.Itoa(i + 1)
		}
		name := base
		for n := 2; taken[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = trimSheetName(truncateUTF16(base, maxSheetName-utf16Len(suffix))) + suffix
		}
		taken[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// cleanSheetName makes s acceptable to Excel as a worksheet name: the
// characters Excel forbids ([ ] : * ? / \) and control characters become
// "_", and the result is cut to 31 UTF-16 units. An apostrophe becomes a
// typographic one (U+2019): Excel forbids it at either end, and excelize
// writes the autofilter's defined name without doubling it, which would
// leave a broken reference in the workbook.
func cleanSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r), unicode.IsControl(r):
			return '_'
		case r == '\'':
			return '\u2019'
		}
		return r
	}, s)
	return trimSheetName(truncateUTF16(trimSheetName(s), maxSheetName))
}

// trimSheetName drops surrounding white space, which Excel keeps but which
// makes two names look the same on their tabs.
func trimSheetName(s string) string { return strings.TrimSpace(s) }

// utf16Len is the length of s in UTF-16 code units, the unit of Excel's
// length limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// truncateUTF16 cuts s to at most max UTF-16 code units without splitting a
// character.
func truncateUTF16(s string, max int) string {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > max {
			return s[:i]
		}
	}
	return s
}
