package validate

import (
	"fmt"

	"github.com/mla-dev/mla/internal/profile"
)

// annexTranslations: each annex the case lists says whether it is
// translated into the language of the request's translation (ICJAL art.
// 10(2): the request and its supporting materials are made in Chinese with
// a translation into the requested state's official language).
//
//	annex.translation_missing   the annex does not say
//	annex.translation_none      it has none
//	annex.translation_language  it is translated into another language
func annexTranslations(root map[string]any, p *profile.Profile) []Finding {
	lang := translationLang(root, p)
	if lang == "" {
		return nil
	}
	want := Coded{Code: lang, Label: Label("language." + lang)}
	var out []Finding
	for i, it := range items(root, "annexes") {
		a := asMap(it)
		if a == nil {
			continue
		}
		ptr := fmt.Sprintf("/annexes/%d", i)
		t, _ := a["translation"].(map[string]any)
		got, hasLang := t["language"].(string)
		switch {
		case t["none"] == true:
			out = append(out, Finding{Pointer: ptr + "/translation", Rule: "annex.translation_none", Args: map[string]any{"Field": ptr, "Language": want}})
		case !hasLang:
			out = append(out, Finding{Pointer: ptr + "/translation", Rule: "annex.translation_missing", Args: map[string]any{"Field": ptr, "Language": want}})
		case langPattern(got) && got != lang:
			out = append(out, Finding{Pointer: ptr + "/translation/language", Rule: "annex.translation_language", Args: map[string]any{
				"Field": ptr, "Language": want, "Given": Coded{Code: got, Label: Label("language." + got)},
			}})
		}
	}
	return out
}
