package cli

import (
	"slices"

	"github.com/mla-dev/mla/internal/compose"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/validate"
)

// legalReview adds the reviewer's notes on the legal substance of the request
// (missing translations, dual criminality) and prepares the catalogue and
// its translation into the request's language for composing.
func (a *app) legalReview(c *checked) error {
	if err := c.offences.TableError(c.profile.Code); err != nil {
		return err
	}
	lang := a.translation
	if lang == "" && c.file.Case != nil {
		lang = c.file.Case.Translation
	}
	if lang == "" {
		lang = c.profile.TranslationLanguages[0]
	}
	texts, err := profile.LoadOffenceTexts(a.fsys, lang)
	if err != nil {
		return err
	}
	statutes, err := profile.LoadStatuteTexts(a.fsys, c.profile.Code, lang)
	if err != nil {
		return err
	}
	c.law = compose.Law{Catalog: c.offences, Texts: texts, Statutes: statutes}
	validate.StateReview{Profile: c.profile, Template: c.template, Offences: c.offences, Texts: texts, Lang: a.translation}.Add(c.report, c.file)
	if !slices.Contains(c.profile.TranslationLanguages, lang) {
		// Not even a draft can be composed in a language the state does
		// not take; the report says why.
		c.profile, c.template = nil, nil
	}
	return nil
}
