package offences

import (
	"github.com/mla-dev/mla/internal/casefile"

	"slices"
	"strings"
)

// Amount is a sum of money in an ISO 4217 currency.
type Amount struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

// OfficialKind is the kind of official an offence of the requested State
// covers, or the kind of official a person of the case is.
type OfficialKind string

// The kinds of official the tables and the case file name.
const (
	OfficialJudicial       OfficialKind = "judicial_officer"
	OfficialLegislator     OfficialKind = "legislator"
	OfficialMinister       OfficialKind = "minister"
	OfficialLawEnforcement OfficialKind = "law_enforcement"
	OfficialPublic         OfficialKind = "public_official"
	OfficialForeign        OfficialKind = "foreign_public_official"
	OfficialNone           OfficialKind = "none"
)

// OfficialKinds lists the kinds in the order the schemas give them.
var OfficialKinds = []OfficialKind{OfficialJudicial, OfficialLegislator, OfficialMinister, OfficialLawEnforcement, OfficialPublic, OfficialForeign, OfficialNone}

// Scope is what a provision needs of the facts for it to be a comparable
// offence of this case: a value at or above a threshold, conduct or
// property in one state or territory of a federation, or a kind of
// official. The zero Scope fits any case.
type Scope struct {
	Threshold *Amount        // the least value of money or property the provision covers
	Region    string         // ISO 3166-2 code of the state or territory whose law it is; "" for national law
	Officials []OfficialKind // the kinds of official it covers; nil for any
}

// Facts are what a case says that bears on the fit of a comparable
// offence: its amounts, the regions of the requested State where its
// property or persons are, and the kinds of official its persons were.
type Facts struct {
	Amounts   []Amount
	Regions   []string
	Officials []OfficialKind
}

// Misfit names the part of a provision's scope that the case's facts
// do not meet, or could not be checked against.
type Misfit string

const (
	MisfitThreshold Misfit = "threshold"
	MisfitRegion    Misfit = "region"
	MisfitOfficial  Misfit = "official"
)

// Fit is how a provision fits a case: Unfit lists what rules it out,
// Unchecked what the case's facts do not allow to check.
type Fit struct {
	Unfit     []Misfit
	Unchecked []Misfit
}

// Fits reports whether nothing rules the provision out.
func (f Fit) Fits() bool { return len(f.Unfit) == 0 }

// FitOf checks a provision's scope against the case's facts. An amount is
// compared only with amounts in the threshold's currency (no exchange
// rate is assumed); with none, the threshold is unchecked.
func FitOf(s Scope, f Facts) Fit {
	var out Fit
	if t := s.Threshold; t != nil {
		largest, any := 0.0, false
		for _, a := range f.Amounts {
			if strings.EqualFold(a.Currency, t.Currency) {
				largest, any = max(largest, a.Amount), true
			}
		}
		switch {
		case !any:
			out.Unchecked = append(out.Unchecked, MisfitThreshold)
		case largest < t.Amount:
			out.Unfit = append(out.Unfit, MisfitThreshold)
		}
	}
	if s.Region != "" {
		switch {
		case len(f.Regions) == 0:
			out.Unchecked = append(out.Unchecked, MisfitRegion)
		case !slices.ContainsFunc(f.Regions, func(r string) bool { return strings.EqualFold(r, s.Region) }):
			out.Unfit = append(out.Unfit, MisfitRegion)
		}
	}
	if len(s.Officials) > 0 {
		switch {
		case len(f.Officials) == 0:
			out.Unchecked = append(out.Unchecked, MisfitOfficial)
		case !slices.ContainsFunc(f.Officials, func(k OfficialKind) bool { return slices.Contains(s.Officials, k) }):
			out.Unfit = append(out.Unfit, MisfitOfficial)
		}
	}
	return out
}

// CaseFacts gathers the facts of a case that bear on the fit of the
// requested State's comparable offences: the amounts of its offences and
// the values of its assets; the regions of the requested State (state is
// its ISO 3166-1 code) where its assets are or its persons live; the kinds
// of official its persons were (an official bribed who is not a person of
// the case is not known to it).
func CaseFacts(c *casefile.Case, state string) Facts {
	var f Facts
	if c == nil {
		return f
	}
	for _, o := range c.Matter.Offences {
		if o.Amount != nil {
			f.Amounts = append(f.Amounts, Amount{Amount: o.Amount.Amount, Currency: o.Amount.Currency})
		}
	}
	region := func(country, r string) {
		if r != "" && strings.EqualFold(country, state) && !slices.Contains(f.Regions, r) {
			f.Regions = append(f.Regions, r)
		}
	}
	for _, a := range c.Assets {
		if a.Value != nil {
			f.Amounts = append(f.Amounts, Amount{Amount: a.Value.Amount, Currency: a.Value.Currency})
		}
		region(a.Country, a.Region)
	}
	for _, p := range c.Persons {
		for _, ad := range p.Addresses {
			region(ad.Country, ad.Region)
		}
		// A person who was no official (a briber) says nothing of the
		// official the offence concerns.
		if k := OfficialKind(p.Official); k != "" && k != OfficialNone && !slices.Contains(f.Officials, k) {
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
func OffenceFacts(c *casefile.Case, state string, o casefile.Offence) Facts {
	f := CaseFacts(c, state)
	if c == nil {
		return f
	}
	if o.Amount != nil {
		own := Amount{Amount: o.Amount.Amount, Currency: o.Amount.Currency}
		amounts := []Amount{own}
		for _, a := range f.Amounts {
			if !strings.EqualFold(a.Currency, own.Currency) {
				amounts = append(amounts, a)
			}
		}
		f.Amounts = amounts
	}
	var kinds []OfficialKind
	for _, p := range c.Persons {
		k := OfficialKind(p.Official)
		if slices.Contains(o.Persons, p.ID) && k != "" && k != OfficialNone && !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) > 0 {
		f.Officials = kinds
	}
	return f
}
