package compose

import (
	"maps"
	"slices"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

// Comparable is an offence of the requested state comparable to a cited
// PRC offence, as the request sets it out to show dual criminality.
type Comparable struct {
	Citation    casefile.Text
	Description casefile.Text
	MaxPenalty  casefile.Text
	// AppliesWhen is the condition under which the provision matches, if any.
	AppliesWhen casefile.Text
	Confirmed   bool
	// Scope is what the provision needs of the case's facts to fit them.
	Scope offences.Scope
}

// Equivalence is what the offence tables say about one cited offence in one
// requested state.
type Equivalence struct {
	// SharedWith is the catalogue id whose assessment this one repeats (a
	// penalty article repeats its offence's), or "".
	SharedWith  string
	NoneKnown   bool
	Comparables []Comparable
}

// Equivalents looks up the comparable offences of a state.
type Equivalents interface {
	Equivalence(state, id string) (Equivalence, bool)
}

// Law adapts the offence catalogue, the tables of comparable offences and
// their translations to what the composer quotes. Texts and Statutes hold
// the language of a translation that the catalogue itself lacks (French).
type Law struct {
	// Lang is the language of the translation ("en", "fr", "es", …).
	Lang     string
	Catalog  *offences.Catalog
	Texts    *profile.OffenceTexts
	Statutes *profile.StatuteTexts
}

// Offence implements Offences.
func (l Law) Offence(id string) (Offence, bool) {
	if l.Catalog == nil {
		return Offence{}, false
	}
	o, ok := l.Catalog.Offence(id)
	if !ok {
		return Offence{}, false
	}
	// Copies: the catalogue is shared by every case of a batch.
	out := Offence{
		Citation:     maps.Clone(o.Citation),
		Charge:       o.ChargeNames(),
		Text:         o.Text.Joined(),
		Unofficial:   o.Text.Translation != "",
		DeathPenalty: o.DeathPenalty,
		PenaltyBy:    slices.Clone(o.PenaltyBy),
	}
	if o.MaxPenalty != nil {
		out.MaxPenalty = casefile.Text{"zh": o.MaxPenalty.ZH, "en": o.MaxPenalty.EN}
	}
	// The catalogue is in Chinese and English; another translation
	// language comes from its own file (templates/offences.<lang>.json).
	if l.Texts != nil {
		if t, ok := l.Texts.Offences[id]; ok {
			lang := l.Texts.Language
			out.Citation = with(out.Citation, lang, t.Citation)
			out.Charge = with(out.Charge, lang, strings.Join(t.Charges, "; "))
			out.Text = with(out.Text, lang, strings.Join(t.Text, "\n"))
			if t.MaxPenalty != "" || out.MaxPenalty != nil {
				out.MaxPenalty = with(out.MaxPenalty, lang, t.MaxPenalty)
			}
		}
	}
	return out, true
}

// with returns a copy of t with its text in lang set to s.
func with(t casefile.Text, lang, s string) casefile.Text {
	out := maps.Clone(t)
	if out == nil {
		out = casefile.Text{}
	}
	out[lang] = s
	return out
}

// Equivalence implements Equivalents.
func (l Law) Equivalence(state, id string) (Equivalence, bool) {
	if l.Catalog == nil {
		return Equivalence{}, false
	}
	a, ok := l.Catalog.Assessment(state, id)
	if !ok {
		return Equivalence{}, false
	}
	out := Equivalence{SharedWith: a.SharedWith, NoneKnown: a.NoneKnown}
	for _, e := range a.Equivalents {
		c := Comparable{
			// The Chinese original names a foreign provision in Chinese;
			// every translation cites it as the requested state does.
			Citation:    casefile.Text{"zh": e.CitationZH, "en": e.Citation},
			Description: maps.Clone(e.Description),
			Confirmed:   e.Confirmed() && (e.MaxPenalty == nil || e.MaxPenalty.Source.Confirmed),
			Scope:       e.Scope,
		}
		if e.MaxPenalty != nil {
			c.MaxPenalty = casefile.Text{"zh": e.MaxPenalty.ZH, "en": e.MaxPenalty.EN}
		}
		if e.AppliesWhen != nil {
			c.AppliesWhen = maps.Clone(*e.AppliesWhen)
		}
		if l.Lang != "" {
			c.Citation[l.Lang] = e.Citation
		}
		// The table is in English; another language comes from the
		// state's own file (templates/<cc>/equivalents.<lang>.json).
		if st := l.Statutes; st != nil {
			lang := st.Language
			if t, ok := st.Statutes[e.Statute]; ok {
				c.Description = with(c.Description, lang, t.Description)
				if t.MaxPenalty != "" || c.MaxPenalty != nil {
					c.MaxPenalty = with(c.MaxPenalty, lang, t.MaxPenalty)
				}
			}
			if f, ok := st.Citations[e.Citation]; ok {
				c.Citation[lang] = f
			}
			if w, ok := st.AppliesWhen[id+" "+e.Statute]; ok {
				c.AppliesWhen = with(c.AppliesWhen, lang, w)
			}
		}
		out.Comparables = append(out.Comparables, c)
	}
	return out, true
}
