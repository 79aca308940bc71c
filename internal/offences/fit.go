package offences

import (
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
