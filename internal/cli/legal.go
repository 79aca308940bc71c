package cli

import (
	"github.com/mla-dev/mla/internal/compose"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/validate"
)

// legalReview adds the reviewer's notes on the legal substance of the request
// (missing translations, dual criminality) and prepares the catalogue and
// its translation into the request's language for composing.
func (a *app) legalReview(c *checked, o checkOptions) error {
	if err := c.offences.TableError(c.profile.Code); err != nil {
		return err
	}
	chosen := ""
	if c.file.Case != nil {
		chosen = c.file.Case.Translation
	}
	lang, ok := c.profile.TranslationLanguage(o.translation, chosen)
	texts, err := profile.LoadOffenceTexts(a.fsys, lang)
	if err != nil {
		return err
	}
	statutes, err := profile.LoadStatuteTexts(a.fsys, c.profile.Code, lang)
	if err != nil {
		return err
	}
	c.law = compose.Law{Lang: lang, Catalog: c.offences, Texts: texts, Statutes: statutes}
	validate.StateReview{Profile: c.profile, Template: c.template, Offences: c.offences, Texts: texts, Lang: o.translation}.Add(c.report, c.file)
	// Not even a draft can be composed in a language the state does not
	// take; the report says why.
	c.translation, c.composable = lang, ok
	return nil
}
