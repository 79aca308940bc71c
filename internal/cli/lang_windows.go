//go:build windows

package cli

import "golang.org/x/sys/windows"

// uiLanguage returns the first of the user's preferred Windows display
// languages as a tag ("zh-CN"), or "".
func uiLanguage() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}
