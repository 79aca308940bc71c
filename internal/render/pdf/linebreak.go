package pdf

import (
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
)

// The line breaker is ours because fpdf's MultiCell and SplitText treat every
// Han character as a space and drop the character at each automatic break.
// It works on runes with their widths already measured (each in the font
// that will draw it), so it knows nothing of fonts or of fpdf; a rune above
// the BMP is just a rune to it.
//
// Where a line may break comes from the Unicode line-breaking algorithm
// (UAX #14, rivo/uniseg): between words, after spaces, hyphens and slashes,
// between ideographs, never inside a word, a number ("2,350,000", "12.5"), a
// date written with hyphens or an identifier ("date.after_request"). On top
// of it come the Chinese rules (no line starts with closing punctuation and
// none ends with an opening one) and the rules of case text that UAX #14
// does not know: a number stays with the Chinese unit or measure word next to
// it ("2026年3月20日", "共24项", "〔2026〕7号"), a currency code with its
// amount ("USD 2,350,000"), and a foreign name written with a middle dot
// ("丹尼尔·惠特菲尔德") is not broken. A word wider than the line is the only
// thing broken elsewhere, and then with a visible hyphen.

// span is one line of a broken text, as rune indices into the text.
// Lines cover the text without gap or overlap: the next line starts at end.
// The spaces between drawEnd and end are the spaces at which the line was
// broken; they are part of the text but are not drawn.
type span struct {
	start, drawEnd, end int
	// width is the width of the drawn part, runes [start, drawEnd), plus
	// the hyphen when there is one.
	width float64
	// hyphen is set when the line ends inside a word that was too wide for
	// the line: a hyphen is drawn after it.
	hyphen bool
}

// breakMode chooses the break opportunities.
type breakMode uint8

const (
	breakNormal breakMode = iota
	// breakPhrase allows a break between two Chinese characters only at a
	// phrase boundary (after 的, 之, 及, 与, 和, 关于, and at punctuation),
	// for titles.
	breakPhrase
	// breakNever keeps the text on one line (dates, numbers, identifiers
	// in a table), unless it is wider than the line on its own.
	breakNever
	// breakCode breaks a code or path only at its separators: after ".",
	// "_", "-" or a space, and before "/" (document.HintCode).
	breakCode
)

// breakRunes breaks rs (widths ws, same length) into lines no wider than
// first (the first line) and rest (the other lines). A line is wider only
// when it holds a single glyph that is wider than the line on its own.
// rs must not contain '\n': the caller splits hard line breaks first.
func breakRunes(rs []rune, ws []float64, first, rest float64) []span {
	return breakRunesWith(rs, ws, breakOpportunities(rs, breakNormal), first, rest, 0)
}

// breakRunesWith breaks at the opportunities opps (opps[i]: a line may start
// at rs[i]); hyW is the width of the hyphen drawn after a word broken
// because it is wider than the line.
func breakRunesWith(rs []rune, ws []float64, opps []bool, first, rest, hyW float64) []span {
	n := len(rs)
	if n == 0 {
		return []span{{}}
	}
	var lines []span
	start := 0
	for start < n {
		limit := rest
		if start == 0 {
			limit = first
		}
		w := 0.0
		lastBreak := -1
		end := n
		hyphen := false
		for j := start; j < n; j++ {
			if j > start && opps[j] {
				lastBreak = j
			}
			// Spaces never overflow a line: the ones that end it hang in the
			// margin and are not drawn.
			if rs[j] != ' ' && j > start && w+ws[j] > limit+eps {
				if lastBreak > start {
					end = lastBreak
				} else {
					end, hyphen = hardBreak(rs, ws, start, j, limit, hyW)
				}
				break
			}
			w += ws[j]
		}
		// A wrapped line never starts with a space (a break always follows
		// the whole run of spaces), so only the first line can show leading
		// spaces, which are then deliberate indentation.
		drawEnd := end
		for drawEnd > start && rs[drawEnd-1] == ' ' {
			drawEnd--
		}
		width := 0.0
		for k := start; k < drawEnd; k++ {
			width += ws[k]
		}
		if hyphen {
			width += hyW
		}
		lines = append(lines, span{start: start, drawEnd: drawEnd, end: end, width: width, hyphen: hyphen})
		start = end
	}
	return lines
}

// hardBreak chooses where to cut a run that has no break opportunity and
// overflows at j: the last place at or before j where a line may start
// without breaking the punctuation rules (not at a space, not before
// closing punctuation, not after an opening one, not before a combining
// mark), keeping at least one rune on the line. Inside a word the cut moves
// back until the hyphen fits too, and is marked to draw one. When there is
// no such place (a run of punctuation longer than the line), it cuts at j.
func hardBreak(rs []rune, ws []float64, start, j int, limit, hyW float64) (int, bool) {
	w := 0.0
	for k := start; k < j; k++ {
		w += ws[k]
	}
	for end := j; end > start; end-- {
		if end < j {
			w -= ws[end]
		}
		if rs[end] == ' ' || noBreakBefore(rs[end]) || unicode.Is(unicode.M, rs[end]) {
			continue
		}
		k := end - 1
		for k > start && rs[k] == ' ' {
			k--
		}
		if noBreakAfter(rs[k]) {
			continue
		}
		inWord := hyphenates(rs, end)
		if inWord && hyW > 0 && w+hyW > limit+eps && end-1 > start {
			continue
		}
		return end, inWord
	}
	return j, false
}

// hyphenates reports whether a word cut before rs[end] shows a hyphen:
// between two letters of a word without digits. A code or a hash is cut
// without one, as a hyphen would read as part of it.
func hyphenates(rs []rune, end int) bool {
	if !unicode.IsLetter(rs[end-1]) || !unicode.IsLetter(rs[end]) || isCJK(rs[end-1]) || isCJK(rs[end]) {
		return false
	}
	for i := end; i < len(rs) && rs[i] != ' '; i++ {
		if isDigit(rs[i]) {
			return false
		}
	}
	for i := end - 1; i >= 0 && rs[i] != ' '; i-- {
		if isDigit(rs[i]) {
			return false
		}
	}
	return true
}

// breakOpportunities returns, for each rune of rs, whether a line may start
// at it. opps[0] is false.
func breakOpportunities(rs []rune, mode breakMode) []bool {
	opps := make([]bool, len(rs))
	if len(rs) < 2 || mode == breakNever {
		return opps
	}
	if mode == breakCode {
		for i := 1; i < len(rs); i++ {
			switch {
			case rs[i] == '/' && rs[i-1] != '/':
				opps[i] = true
			case rs[i] != ' ' && strings.ContainsRune("._- ", rs[i-1]):
				opps[i] = true
			}
		}
		return opps
	}
	// UAX #14 through uniseg, which works on UTF-8: map the segments' byte
	// ends back to rune indices.
	s := string(rs)
	state := -1
	i := 0
	for len(s) > 0 {
		var seg string
		seg, s, _, state = uniseg.FirstLineSegmentInString(s, state)
		for range seg {
			i++
		}
		if i < len(rs) {
			opps[i] = true
		}
	}
	for i := 1; i < len(rs); i++ {
		if !opps[i] && (rs[i] == '“' || rs[i] == '‘') && isCJK(rs[i-1]) {
			// UAX #14 (before 15.1) never breaks before a quotation mark;
			// Chinese text does, before an opening one.
			opps[i] = true
		}
		if opps[i] && !allowBreak(rs, i, mode) {
			opps[i] = false
		}
	}
	glueNames(rs, opps)
	return opps
}

// allowBreak applies our rules to a break that UAX #14 allows before rs[i].
func allowBreak(rs []rune, i int, mode breakMode) bool {
	r := rs[i]
	if r == ' ' || noBreakBefore(r) {
		return false
	}
	// What precedes the break, before the spaces it follows.
	k := i - 1
	for k > 0 && rs[k] == ' ' {
		k--
	}
	prev := rs[k]
	if noBreakAfter(prev) {
		return false
	}
	spaced := k < i-1
	if !spaced && prev == '/' && (k == 0 || rs[k-1] == ' ') {
		// A slash that opens a word ("/requested_state", a path) stays
		// with it.
		return false
	}
	if !spaced {
		// A number and the Chinese unit, measure word or bracket around it.
		if isDigit(prev) && (isHan(r) || isCloseBracket(r)) || isDigit(r) && (isCloseBracket(prev) || numberPrefix(prev)) {
			return false
		}
		// A chain of numbers and units: "2026年3月20日", "3小时20分".
		if isDigit(r) && isHan(prev) && k > 0 && isDigit(rs[k-1]) {
			return false
		}
	} else if isDigit(r) && k >= 2 && isCurrencyCode(rs[k-2:k+1]) && (k == 2 || !isWordRune(rs[k-3])) {
		// "USD 2,350,000"
		return false
	}
	if mode == breakPhrase && !spaced && isHan(prev) && isHan(r) {
		return phraseEnd(rs, k)
	}
	return true
}

// phraseEnd reports whether a title may break after rs[k], a Han character:
// after the particles that close a phrase of a Chinese title.
func phraseEnd(rs []rune, k int) bool {
	switch rs[k] {
	case '的', '之', '及', '与', '和', '或':
		return true
	case '于':
		return k > 0 && rs[k-1] == '关'
	}
	return false
}

// nameSide is how far a foreign name written with a middle dot is assumed
// to reach on either side of its first and last dots, in characters, where
// nothing else tells where the name begins or ends.
const nameSide = 5

// glueNames removes the break opportunities inside foreign names written
// with a middle dot ("丹尼尔·惠特菲尔德"): between the dots, and up to
// nameSide characters of the same script before the first dot and after
// the last.
func glueNames(rs []rune, opps []bool) {
	for i := 0; i < len(rs); i++ {
		if !isNameDot(rs[i]) || i == 0 || i == len(rs)-1 {
			continue
		}
		// The chain of name parts joined by dots.
		j := i
		for {
			k := j + 1
			for k < len(rs) && isNameRune(rs[k]) {
				k++
			}
			if k < len(rs)-1 && isNameDot(rs[k]) && k > j+1 {
				j = k
				continue
			}
			// rs[i..k) from the first dot to the end of the last part.
			for m := i + 1; m < k && m-j <= nameSide+1; m++ {
				opps[m] = false
			}
			for m := i; m > 0 && isNameRune(rs[m-1]) && i-m < nameSide; m-- {
				opps[m] = false
			}
			i = k - 1
			break
		}
	}
}

func isNameDot(r rune) bool { return r == '·' || r == '・' || r == '‧' || r == '•' }

func isNameRune(r rune) bool { return isHan(r) || unicode.IsLetter(r) }

// numberPrefix lists the characters that open a Chinese count or ordinal
// ("第3项", "共24项", "约230万").
func numberPrefix(r rune) bool {
	return r == '第' || r == '共' || r == '约' || r == '计' || r == '逾'
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func isCloseBracket(r rune) bool {
	switch r {
	case '〕', '）', '】', '］', ')', ']':
		return true
	}
	return false
}

// isCurrencyCode reports an ISO 4217 code (three capital letters) or a
// currency sign with letters (US$, C$, A$, NZ$, RMB, ¥).
func isCurrencyCode(rs []rune) bool {
	if len(rs) != 3 {
		return false
	}
	n := 0
	for _, r := range rs {
		switch {
		case r >= 'A' && r <= 'Z':
			n++
		case r == '$' || r == '¥' || r == '€' || r == '£':
			n += 3
		}
	}
	return n >= 3 && (rs[2] == '$' || rs[2] >= 'A' && rs[2] <= 'Z' || rs[2] == '¥' || rs[2] == '€' || rs[2] == '£')
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0xC0 && r < 0x2000 && unicode.IsLetter(r)
}

// isCJK reports full-width runes: Han ideographs, CJK symbols and
// punctuation, kana, Hangul and full-width forms.
func isCJK(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF: // radicals, CJK punctuation, kana, Ext-A, unified ideographs
		return true
	case r >= 0xAC00 && r <= 0xD7AF: // Hangul syllables
		return true
	case r >= 0xF900 && r <= 0xFAFF: // compatibility ideographs
		return true
	case r >= 0xFE30 && r <= 0xFE4F: // CJK compatibility forms
		return true
	case r >= 0xFF00 && r <= 0xFFEF: // full-width and half-width forms
		return true
	case r >= 0x20000 && r <= 0x3FFFF: // supplementary ideographic planes
		return true
	}
	return false
}

// noBreakBefore lists what must not start a line: closing punctuation and
// marks that belong to the word before them (Chinese 避头 rules, plus the
// Western equivalents and the no-break spaces French puts before « ; : ! ? »).
func noBreakBefore(r rune) bool {
	switch r {
	case '，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '】', '〉', '〕', '〗', '〙', '〛',
		'”', '’', '］', '｝', '％', '．', '…', '—', '～', '·', '・', '々', 'ー',
		',', '.', ';', ':', '?', '!', ')', ']', '}', '%', '»', '›',
		'\u00A0', '\u202F', '\u2060':
		return true
	}
	return false
}

// noBreakAfter lists what must not end a line: opening punctuation and
// no-break spaces (Chinese 避尾 rules and their Western equivalents).
func noBreakAfter(r rune) bool {
	switch r {
	case '（', '《', '「', '『', '【', '〈', '〔', '〖', '〘', '〚', '“', '‘', '［', '｛',
		'(', '[', '{', '«', '‹',
		'\u00A0', '\u202F', '\u2060':
		return true
	}
	return false
}
