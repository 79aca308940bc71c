package pdf

// The line breaker is ours because fpdf's MultiCell and SplitText treat every
// Han character as a space and drop the character at each automatic break.
// It works on runes with their widths already measured (each in the font
// that will draw it), so it knows nothing of fonts or of fpdf.

// span is one line of a broken text, as rune indices into the text.
// Lines cover the text without gap or overlap: the next line starts at end.
// The spaces between drawEnd and end are the spaces at which the line was
// broken; they are part of the text but are not drawn.
type span struct {
	start, drawEnd, end int
	// width is the width of the drawn part, runes [start, drawEnd).
	width float64
}

// breakRunes breaks rs (widths ws, same length) into lines no wider than
// first (the first line) and rest (the other lines). A line is wider only
// when it holds a single glyph that is wider than the line on its own.
// rs must not contain '\n': the caller splits hard line breaks first.
func breakRunes(rs []rune, ws []float64, first, rest float64) []span {
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
		for j := start; j < n; j++ {
			if j > start && canBreakBefore(rs, j) {
				lastBreak = j
			}
			// Spaces never overflow a line: the ones that end it hang in the
			// margin and are not drawn.
			if rs[j] != ' ' && j > start && w+ws[j] > limit {
				if lastBreak > start {
					end = lastBreak
				} else {
					end = hardBreak(rs, start, j)
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
		lines = append(lines, span{start: start, drawEnd: drawEnd, end: end, width: width})
		start = end
	}
	return lines
}

// hardBreak chooses where to cut a run that has no break opportunity and
// overflows at j: the last place at or before j where a line may start
// without breaking the punctuation rules (not at a space, not before
// closing punctuation, not after an opening one), keeping at least one rune
// on the line. When there is none (a run of punctuation longer than the
// line), it cuts at j.
func hardBreak(rs []rune, start, j int) int {
	for end := j; end > start; end-- {
		if rs[end] == ' ' || noBreakBefore(rs[end]) {
			continue
		}
		k := end - 1
		for k > start && rs[k] == ' ' {
			k--
		}
		if noBreakAfter(rs[k]) {
			continue
		}
		return end
	}
	return j
}

// canBreakBefore reports whether a line may start at rs[i] (i > 0).
func canBreakBefore(rs []rune, i int) bool {
	r, prev := rs[i], rs[i-1]
	if r == ' ' {
		return false // spaces stay at the end of the line they follow
	}
	if noBreakBefore(r) {
		return false
	}
	if prev == ' ' {
		// A break after spaces, unless what precedes the spaces is an
		// opening mark (French "« mot »" is written with spaces inside).
		k := i - 1
		for k > 0 && rs[k] == ' ' {
			k--
		}
		return rs[k] == ' ' || !noBreakAfter(rs[k])
	}
	if noBreakAfter(prev) {
		return false
	}
	if isCJK(prev) || isCJK(r) {
		return true
	}
	// Inside a hyphenated word ("Jean-Pierre", "well-known").
	if prev == '-' && i >= 2 && isWordRune(rs[i-2]) && isWordRune(r) {
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0xC0 && r < 0x2000
}

// isCJK reports runes between which a line may break without a space:
// Han ideographs, CJK symbols and punctuation, kana, Hangul and full-width
// forms.
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
