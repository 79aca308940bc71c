package xlsx

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mla-dev/mla/internal/document"
)

// maxCellChars is Excel's limit on the text of one cell, in UTF-16 units.
// excelize cuts longer text silently, so Render refuses it instead.
const maxCellChars = 32767

// maxExactDigits is the number of significant decimal digits that Excel
// stores and shows exactly. A longer number (an account or card number
// typed in a numeric column) would be rounded, so it is kept as text.
const maxExactDigits = 15

var (
	// Only plain decimal notation counts as a number: strconv also accepts
	// "Inf", "NaN", hexadecimal and underscores, which a case file does not
	// mean as numbers.
	integerSyntax = regexp.MustCompile(`^[+-]?[0-9]+$`)
	numberSyntax  = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
)

// dateLayout is the only date form the document model carries.
const dateLayout = "2006-01-02"

// cellValue returns what the stream writer should store for s in a column
// of the given kind, and whether it is stored as text. A value that does
// not fit the kind is kept as text rather than dropped, so the reader sees
// exactly what the case file said. Text is always stored as a string value,
// never as a formula: excelize writes it as an inline string, so "=1+1"
// stays four characters.
func cellValue(kind document.CellKind, s string) (v any, text bool) {
	if s == "" {
		return nil, kind == document.KindText
	}
	switch kind {
	case document.KindDate:
		if d, ok := parseDate(s); ok {
			return d, false
		}
	case document.KindInteger:
		if n, ok := parseInteger(s); ok {
			return n, false
		}
	case document.KindNumber:
		if f, ok := parseNumber(s); ok {
			return f, false
		}
	}
	return s, true
}

// parseDate reads a YYYY-MM-DD date. Dates before 1900 are refused because
// Excel's date serials start on 1900-01-01.
func parseDate(s string) (time.Time, bool) {
	d, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil || d.Year() < 1900 {
		return time.Time{}, false
	}
	return d, true
}

// parseInteger reads a decimal integer that Excel can hold exactly. Leading
// zeros ("007") mark an identifier, not a quantity, and are kept as text.
func parseInteger(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if !integerSyntax.MatchString(s) {
		return 0, false
	}
	digits := strings.TrimLeft(s, "+-")
	if len(digits) > 1 && digits[0] == '0' || len(digits) > maxExactDigits {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// parseNumber reads a decimal number that Excel can hold exactly.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if !numberSyntax.MatchString(s) {
		return 0, false
	}
	mantissa := strings.TrimLeft(s, "+-")
	if i := strings.IndexAny(mantissa, "eE"); i >= 0 {
		mantissa = mantissa[:i]
	}
	if len(mantissa) > 1 && mantissa[0] == '0' && mantissa[1] != '.' {
		return 0, false
	}
	if significantDigits(mantissa) > maxExactDigits {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// significantDigits counts the digits of a decimal mantissa ("0012.3400")
// that carry value: leading zeros and trailing zeros after the point don't.
func significantDigits(m string) int {
	if strings.Contains(m, ".") {
		m = strings.TrimRight(m, "0")
	}
	m = strings.TrimLeft(strings.Replace(m, ".", "", 1), "0")
	return len(m)
}
