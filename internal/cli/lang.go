package cli

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/mla-dev/mla/internal/i18n"
)

// The language of mla's messages is the first of:
//
//  1. --lang (except where --lang names a translation's language, see
//     langIsTarget), then MLA_LANG: the user's explicit choice; a language
//     without messages is a usage error;
//  2. LC_ALL, LC_MESSAGES, LANG, in POSIX order: the first one that is set
//     and not empty decides, even when it is "C" or "POSIX" (English);
//  3. on Windows, the user's interface language;
//  4. English.
//
// A language from 2 or 3 that has no messages gives English, silently:
// the system speaks it, the user did not ask mla for it.

// posixLangVars are the environment variables that name the messages'
// locale, in the order POSIX gives them precedence.
var posixLangVars = []string{"LC_ALL", "LC_MESSAGES", "LANG"}

// systemLang returns the language the environment asks for, as a short
// code, and "" when nothing does. uiLang is the operating system's user
// interface language (Windows), or nil.
func systemLang(getenv func(string) string, uiLang func() string) string {
	if getenv != nil {
		for _, k := range posixLangVars {
			if v := getenv(k); v != "" {
				return localeLang(v)
			}
		}
	}
	if uiLang != nil {
		if v := uiLang(); v != "" {
			return localeLang(v)
		}
	}
	return ""
}

// localeLang maps a POSIX locale name (zh_CN.UTF-8, fr_CA@euro, C, POSIX)
// or a BCP 47 tag (zh-Hans-CN, fr-CA, as Windows names its languages) to
// the short code of mla's messages: zh, fr, en, or the language's base
// code (de). Every Chinese locale gives zh, simplified Chinese, which is
// the only Chinese mla has: zh_TW and zh_HK too, whose readers read it
// better than English. C and POSIX, and a name that is not a language,
// give English.
func localeLang(s string) string {
	if l, ok := localeBase(s); ok {
		return l
	}
	return "en"
}

// localeBase is localeLang for names that are a language; ok is false for
// any other.
func localeBase(s string) (lang string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i] // the codeset or modifier
	}
	if s == "" || s == "C" || s == "POSIX" {
		return "en", true
	}
	tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return "", false
	}
	base, conf := tag.Base()
	if conf == language.No {
		return "", false
	}
	return i18n.Short(i18n.Tag(base.String())), true
}
