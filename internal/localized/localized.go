// Package localized holds the one type every layer shares for a text given
// in several languages: the Chinese original and its translations, keyed by
// language tag. A requested state whose language is Spanish or German is
// then a matter of data (its profile names the language, its schema
// requires it), not of a new struct field.
package localized

import "sort"

// Original is the language of the request's original: Chinese
// (ICJAL art. 10(2)).
const Original = "zh"

// Text is a localized text: language tag ("zh", "en", "fr", "es", …) to
// string. The zero value (nil) is an empty text.
type Text map[string]string

// In returns the text in lang, or "" when it has none.
func (t Text) In(lang string) string { return t[lang] }

// Langs returns the languages the text has a non-empty string in, the
// original first and the others sorted.
func (t Text) Langs() []string {
	var out []string
	for l, s := range t {
		if s != "" && l != Original {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	if t[Original] != "" {
		out = append([]string{Original}, out...)
	}
	return out
}
