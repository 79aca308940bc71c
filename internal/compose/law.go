package compose

import (
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
	out := Offence{
		Citation:     o.Citation,
		Charge:       o.ChargeNames(),
		Text:         o.Text.Joined(),
		Unofficial:   o.Text.Translation != "",
		DeathPenalty: o.DeathPenalty,
	}
	if o.MaxPenalty != nil {
		out.MaxPenalty = casefile.Text{ZH: o.MaxPenalty.ZH, EN: o.MaxPenalty.EN}
	}
	if l.Texts != nil && l.Texts.Language == "fr" {
		if t, ok := l.Texts.Offences[id]; ok {
			out.Citation.FR = t.Citation
			out.Charge.FR = strings.Join(t.Charges, "; ")
			out.Text.FR = strings.Join(t.Text, "\n")
			out.MaxPenalty.FR = t.MaxPenalty
		}
	}
	return out, true
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
			Citation:    casefile.Text{ZH: e.Citation, EN: e.Citation, FR: e.Citation},
			Description: e.Description,
			Confirmed:   e.Confirmed() && (e.MaxPenalty == nil || e.MaxPenalty.Source.Confirmed),
		}
		if e.MaxPenalty != nil {
			c.MaxPenalty = casefile.Text{ZH: e.MaxPenalty.ZH, EN: e.MaxPenalty.EN}
		}
		if e.AppliesWhen != nil {
			c.AppliesWhen = *e.AppliesWhen
		}
		if st := l.Statutes; st != nil && st.Language == "fr" {
			if t, ok := st.Statutes[e.Statute]; ok {
				c.Description.FR = t.Description
				c.MaxPenalty.FR = t.MaxPenalty
			}
			if f, ok := st.Citations[e.Citation]; ok {
				c.Citation.FR = f
			}
			if w, ok := st.AppliesWhen[id+" "+e.Statute]; ok {
				c.AppliesWhen.FR = w
			}
		}
		out.Comparables = append(out.Comparables, c)
	}
	return out, true
}
