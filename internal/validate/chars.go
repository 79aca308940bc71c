package validate

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/fonts"
)

// Characters that do not belong in the text of a request. Every string
// value of the case is checked (keys are checked by the loader):
//
//	rule              severity  what
//	text.control      error     C0/C1 controls, DEL, bidirectional controls, U+2028/U+2029,
//	                            noncharacters (casefile.Control): they do not print, or
//	                            print the text in another order than the file holds it
//	text.invisible    warning   zero-width and other format characters (casefile.Invisible)
//	text.replacement  warning   U+FFFD, left by a conversion that could not read a character
//	text.combining    error     a combining mark left after NFC (the loader composes every
//	                            letter and accent that Unicode has as one character): the
//	                            renderer does not position marks, so it prints over the
//	                            next letter, and the name printed is not the name in the file
//
// Tab, line feed and carriage return are layout and allowed. A control
// character is reported here and not also as text.undrawable, nor is a
// mark no font draws reported as text.combining.
func characters(ptr string, s string) []Finding {
	var control, invisible List
	replacement := false
	seen := map[rune]bool{}
	for _, r := range s {
		if r < 0x7F && r >= 0x20 || r == '\t' || r == '\n' || r == '\r' || seen[r] {
			continue
		}
		seen[r] = true
		switch {
		case casefile.Control(r):
			control = append(control, runeText(r))
		case casefile.Invisible(r):
			invisible = append(invisible, runeText(r))
		case r == unicode.ReplacementChar:
			replacement = true
		}
	}
	var out []Finding
	add := func(rule string, chars List) {
		args := map[string]any{"Field": display(ptr)}
		if chars != nil {
			args["Chars"] = shown(chars)
			args["Count"] = len(chars)
		}
		out = append(out, Finding{Pointer: ptr, Rule: rule, Args: args})
	}
	if control != nil {
		add("text.control", control)
	}
	if invisible != nil {
		add("text.invisible", invisible)
	}
	if replacement {
		add("text.replacement", nil)
	}
	if marks := combining(s); marks != nil {
		add("text.combining", marks)
	}
	return out
}

// combining lists the different letters of s that carry a combining mark
// (a nonspacing or enclosing mark the fonts draw, and not a variation
// selector or other invisible character), each with the marks' code
// points: "Q́ (U+0301)". Texts are in NFC, so each is a letter and accent
// that Unicode has no single character for.
func combining(s string) List {
	var out List
	var seen map[string]bool
	base := 0 // start of the current letter
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isMark(r) {
			base = i
			i += n
			continue
		}
		var cps []string
		end := i
		for end < len(s) {
			m, k := utf8.DecodeRuneInString(s[end:])
			if !isMark(m) {
				break
			}
			if !casefile.Invisible(m) && fonts.Drawable(m) {
				cps = append(cps, fmt.Sprintf("U+%04X", m))
			}
			end += k
		}
		cluster := s[base:end]
		i = end
		if cps == nil || seen[cluster] {
			continue
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[cluster] = true
		out = append(out, casefile.Visible(cluster)+" ("+strings.Join(cps, " ")+")")
	}
	return out
}

func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Me) }

// maxCharsShown is how many characters a finding about characters quotes;
// its Count says how many there are. A text can hold thousands of different
// ones, and the message must still fit a cell of the reviewer's workbook.
const maxCharsShown = 20

// shown is chars cut to maxCharsShown, with "…" for the rest.
func shown(chars List) List {
	if len(chars) <= maxCharsShown {
		return chars
	}
	return append(chars[:maxCharsShown:maxCharsShown], "…")
}

// maxBlankLines is how many blank lines in a row a multi-line text may hold
// before text.blank_lines warns: one separates paragraphs, two are a
// habit; more are a paste gone wrong.
const maxBlankLines = 2

// singleLineTexts are the localized texts of the format
// (schemas/case.schema.json) that hold one line: the names of persons,
// authorities and officers, titles (of the case, of evidence, of annexes,
// of the contact and the signatory), addresses and places, institutions
// and courts. They are printed in a line of the request or in one cell of
// a table. Every other localized text (facts, descriptions, reasons,
// questions, …) may hold several lines. A string that is not in a
// localized text (an id, a code, a date, the reference, a number, another
// name) is always one line.
var singleLineTexts = map[string]bool{
	"name": true, "title": true, "address": true, "competent_authority": true,
	"institution": true, "court": true, "holder": true, "location": true,
	"place_of_birth": true, "occupation": true,
}

// singleLine reports whether the string at ptr must hold one line.
func singleLine(ptr string, inText bool) bool {
	toks := strings.Split(ptr, "/")
	if n := len(toks); inText && n >= 3 {
		return singleLineTexts[toks[n-2]]
	}
	return true
}

// layout reports what is wrong with the shape of a text, as opposed to
// its characters:
//
//	rule               severity  what
//	text.too_long      error     longer than casefile.MaxText: it would not fit a spreadsheet cell
//	text.line_break    error     CR or LF in a one-line field (singleLine): the line breaks in the
//	                             printed request, and the field is no longer one value
//	text.blank_lines   warning   more than maxBlankLines blank lines in a row (the renderer prints
//	                             one of them)
//	text.mixed_script  warning   a word mixing Latin letters with Cyrillic or Greek ones: a
//	                             letter that looks Latin and is not (Cyrillic а for a), so the
//	                             name does not match the same name typed elsewhere
func layout(ptr, s string, inText bool) []Finding {
	var out []Finding
	add := func(rule string, args map[string]any) {
		args["Field"] = display(ptr)
		out = append(out, Finding{Pointer: ptr, Rule: rule, Args: args})
	}
	if len(s) > casefile.MaxText { // bytes >= UTF-16 units: most texts stop here
		if n := casefile.TextLength(s); n > casefile.MaxText {
			add("text.too_long", map[string]any{"Length": n, "Limit": casefile.MaxText})
		}
	}
	if singleLine(ptr, inText) {
		if i := strings.IndexAny(s, "\r\n"); i >= 0 {
			add("text.line_break", map[string]any{"Char": runeText(rune(s[i]))})
		}
	} else if n := blankRun(s); n > maxBlankLines {
		add("text.blank_lines", map[string]any{"Count": n, "Limit": maxBlankLines})
	}
	if word, chars := mixedScript(s); chars != nil {
		add("text.mixed_script", map[string]any{"Word": word, "Chars": shown(chars), "Count": len(chars)})
	}
	return out
}

// blankRun returns the length of the longest run of blank lines (lines of
// nothing but white space) in s; CR LF and a lone CR end a line as LF does,
// as the renderer reads them.
func blankRun(s string) int {
	if !strings.ContainsAny(s, "\r\n") {
		return 0
	}
	longest, run, start := 0, 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '\n' && s[i] != '\r' {
			continue
		}
		line := s[start:i]
		if i < len(s) && s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		start = i + 1
		if strings.TrimSpace(line) == "" {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// maxWordShown is how many characters of a word a text.mixed_script
// message quotes.
const maxWordShown = 40

// mixedScript finds the first word of s (a run of letters and marks) that
// mixes Latin letters with Cyrillic or Greek ones, and returns it with the
// letters of the script it has fewer of: in "Zhаng" (Cyrillic а) the
// Cyrillic letter. A word wholly in Cyrillic or Greek is not reported: a
// Russian or Greek name may be written so.
func mixedScript(s string) (string, List) {
	wordStart := -1
	var latin, other int
	check := func(word string) (string, List) {
		if latin == 0 || other == 0 {
			return "", nil
		}
		var chars List
		seen := map[rune]bool{}
		for _, r := range word {
			if seen[r] {
				continue
			}
			isLatin := unicode.Is(unicode.Latin, r)
			isOther := unicode.In(r, unicode.Cyrillic, unicode.Greek)
			if latin > other && isOther || latin <= other && isLatin {
				seen[r] = true
				chars = append(chars, runeText(r))
			}
		}
		if utf8.RuneCountInString(word) > maxWordShown {
			word = string([]rune(word)[:maxWordShown]) + "…"
		}
		return word, chars
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			if wordStart < 0 {
				wordStart, latin, other = i, 0, 0
			}
			switch {
			case unicode.Is(unicode.Latin, r):
				latin++
			case unicode.In(r, unicode.Cyrillic, unicode.Greek):
				other++
			}
			continue
		}
		if wordStart >= 0 {
			if w, chars := check(s[wordStart:i]); chars != nil {
				return w, chars
			}
			wordStart = -1
		}
	}
	if wordStart >= 0 {
		return check(s[wordStart:])
	}
	return "", nil
}

// Unprintable finds the first string in the case v (in a stable order)
// that holds a control character or a character no embedded font can draw,
// and returns its JSON Pointer and the character. Even a draft cannot be
// printed with such a string in it.
func Unprintable(v any) (ptr string, r rune, ok bool) {
	return unprintable(v, "")
}

func unprintable(v any, ptr string) (string, rune, bool) {
	switch x := v.(type) {
	case string:
		for _, r := range x {
			if casefile.Control(r) {
				return ptr, r, true
			}
		}
		if p := fonts.Check(x); len(p) > 0 {
			return ptr, p[0].Rune, true
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, r, ok := unprintable(x[k], ptr+"/"+casefile.EscapePointer(k)); ok {
				return p, r, ok
			}
		}
	case []any:
		for i, e := range x {
			if p, r, ok := unprintable(e, ptr+"/"+strconv.Itoa(i)); ok {
				return p, r, ok
			}
		}
	}
	return "", 0, false
}
