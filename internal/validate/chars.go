package validate

import (
	"unicode"

	"github.com/mla-dev/mla/internal/casefile"
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
//
// Tab, line feed and carriage return are layout and allowed. A control
// character is reported here and not also as text.undrawable.
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
	add := func(sev Severity, rule string, chars List) {
		args := map[string]any{"Field": display(ptr)}
		if chars != nil {
			args["Chars"] = chars
			args["Count"] = len(chars)
		}
		out = append(out, Finding{Severity: sev, Pointer: ptr, Rule: rule, ID: "finding." + rule, Source: "mla", Args: args})
	}
	if control != nil {
		add(Error, "text.control", control)
	}
	if invisible != nil {
		add(Warning, "text.invisible", invisible)
	}
	if replacement {
		add(Warning, "text.replacement", nil)
	}
	return out
}
