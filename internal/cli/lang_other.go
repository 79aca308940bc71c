//go:build !windows

package cli

// uiLanguage is the operating system's interface language where the
// environment does not name one: only Windows has such a setting apart
// from LC_ALL, LC_MESSAGES and LANG.
func uiLanguage() string { return "" }
