// Package casefacts gathers the facts of a case that decide whether a
// requested State's comparable offence fits it (offences.Facts): the
// amounts, the regions of the requested State the case touches and the
// kinds of official its persons were. It joins the case loader and the
// offence catalogue, which know nothing of each other.
package casefacts

import (
	"slices"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
)

// CaseFacts gathers the facts of a case that bear on the fit of the
// requested State's comparable offences: the amounts of its offences and
// the values of its assets; the regions of the requested State (state is
// its ISO 3166-1 code) where its assets are or its persons live; the kinds
// of official its persons were (an official bribed who is not a person of
// the case is not known to it).
func CaseFacts(c *casefile.Case, state string) offences.Facts {
	var f offences.Facts
	if c == nil {
		return f
	}
	for _, o := range c.Matter.Offences {
		if o.Amount != nil {
			f.Amounts = append(f.Amounts, offences.Amount{Amount: o.Amount.Amount, Currency: o.Amount.Currency})
		}
	}
	region := func(country, r string) {
		if r != "" && strings.EqualFold(country, state) && !slices.Contains(f.Regions, r) {
			f.Regions = append(f.Regions, r)
		}
	}
	for _, a := range c.Assets {
		if a.Value != nil {
			f.Amounts = append(f.Amounts, offences.Amount{Amount: a.Value.Amount, Currency: a.Value.Currency})
		}
		region(a.Country, a.Region)
	}
	for _, p := range c.Persons {
		for _, ad := range p.Addresses {
			region(ad.Country, ad.Region)
		}
		// A person who was no official (a briber) says nothing of the
		// official the offence concerns.
		if k := offences.OfficialKind(p.Official); k != "" && k != offences.OfficialNone && !slices.Contains(f.Officials, k) {
			f.Officials = append(f.Officials, k)
		}
	}
	return f
}

// OffenceFacts narrows the case's facts to one of its offences: a
// threshold in the currency of the offence's own amount is judged on that
// amount (the sum laundered, not the value of one flat), in another
// currency on the case's amounts; the kinds of official are those of the
// offence's persons when one of them has a kind, else the case's (the
// official bribed need not be the person charged with giving the bribe).
func OffenceFacts(c *casefile.Case, state string, o casefile.Offence) offences.Facts {
	f := CaseFacts(c, state)
	if c == nil {
		return f
	}
	if o.Amount != nil {
		own := offences.Amount{Amount: o.Amount.Amount, Currency: o.Amount.Currency}
		amounts := []offences.Amount{own}
		for _, a := range f.Amounts {
			if !strings.EqualFold(a.Currency, own.Currency) {
				amounts = append(amounts, a)
			}
		}
		f.Amounts = amounts
	}
	var kinds []offences.OfficialKind
	for _, p := range c.Persons {
		k := offences.OfficialKind(p.Official)
		if slices.Contains(o.Persons, p.ID) && k != "" && k != offences.OfficialNone && !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) > 0 {
		f.Officials = kinds
	}
	return f
}
