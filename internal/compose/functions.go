package compose

import (
	"github.com/mla-dev/mla/internal/casefacts"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
)

// authorityFunctions explains, when the drafting organ is a supervisory
// commission, what such a commission is and that its investigation of
// duty crimes is the investigation of a criminal matter within the
// instrument's scope (UNCAC art. 46(15)(b): the functions of the authority
// conducting the investigation; Supervision Law arts. 3, 11; ICJAL art. 6).
// A foreign central authority that knows only police, prosecutors and
// courts would otherwise ask whether the request concerns a criminal
// matter at all.
func (k *composer) authorityFunctions() {
	if !SupervisoryOrgan(k.c.RequestingAuthority.Name.In("zh")) {
		return
	}
	k.add(document.Paragraph{Text: k.msgT("request.authority.supervisory", map[string]any{
		"Authority":  k.c.RequestingAuthority.Name,
		"Instrument": k.factT("instrument"),
	})})
}

// SupervisoryOrgan reports whether the Chinese name of a drafting organ
// names a supervisory commission (监察委员会, 监委).
func SupervisoryOrgan(zh string) bool { return casefacts.OrganKind(zh) == casefacts.Supervisory }

// annexTranslation is what the annex list says of an annex's translation
// (ICJAL art. 10(2)): its language, or that it has none; nothing when the
// case does not say (the validation reports it).
func (k *composer) annexTranslation(a casefile.Annex) (document.Text, bool) {
	t := a.Translation
	switch {
	case t == nil:
		return document.Text{}, false
	case t.None:
		return k.msg("request.annex.untranslated", nil), true
	}
	return k.msgT("request.annex.translated", map[string]any{"Language": k.languageName(t.Language)}), true
}

// languageName names a language in the document's two languages by its
// label (language.en), or by its code where no label exists.
func (k *composer) languageName(code string) bilingual {
	name := func(lang string) string {
		if s, err := k.loc.C.T(lang, "language."+code, nil); err == nil {
			return s
		}
		return code
	}
	return bilingual{k.orig: name(k.orig), k.trans: name(k.trans)}
}
