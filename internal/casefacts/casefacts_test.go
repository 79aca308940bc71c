package casefacts

import (
	"reflect"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
)

func TestCaseFacts(t *testing.T) {
	c := &casefile.Case{
		Matter: casefile.Matter{Offences: []casefile.Offence{{ID: "CN-CL-191", Amount: &casefile.Money{Amount: 4_200_000, Currency: "AUD"}}, {ID: "CN-CL-385"}}},
		Assets: []casefile.Asset{
			{ID: "S1", Country: "AU", Region: "AU-NSW", Value: &casefile.Money{Amount: 3_100_000, Currency: "AUD"}},
			{ID: "S2", Country: "NZ", Region: "NZ-AUK"}, // not in the requested state
		},
		Persons: []casefile.Person{
			{ID: "P1", Official: "public_official", Addresses: []casefile.Address{{Country: "AU", Region: "AU-NSW"}}},
			{ID: "P2", Official: "none", Addresses: []casefile.Address{{Country: "AU", Region: "AU-VIC"}}},
			{ID: "P3"},
		},
	}
	got := CaseFacts(c, "AU")
	want := offences.Facts{
		Amounts:   []offences.Amount{{Amount: 4_200_000, Currency: "AUD"}, {Amount: 3_100_000, Currency: "AUD"}},
		Regions:   []string{"AU-NSW", "AU-VIC"},
		Officials: []offences.OfficialKind{offences.OfficialPublic}, // "none" says nothing of the official bribed
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestOffenceFacts: an offence's own amount and persons come before the
// case's.
func TestOffenceFacts(t *testing.T) {
	c := &casefile.Case{
		Matter: casefile.Matter{Offences: []casefile.Offence{
			{ID: "CN-CL-389", Persons: []string{"P2"}, Amount: &casefile.Money{Amount: 50_000, Currency: "AUD"}},
			{ID: "CN-CL-191", Persons: []string{"P3"}, Amount: &casefile.Money{Amount: 12_000_000, Currency: "AUD"}},
			{ID: "CN-CL-385", Persons: []string{"P1"}},
		}},
		Assets: []casefile.Asset{{ID: "S1", Country: "AU", Value: &casefile.Money{Amount: 900_000, Currency: "NZD"}}},
		Persons: []casefile.Person{
			{ID: "P1", Official: "judicial_officer"},
			{ID: "P2", Official: "none"},
			{ID: "P3", Official: "public_official"},
		},
	}
	aud10m := offences.Scope{Threshold: &offences.Amount{Amount: 10_000_000, Currency: "AUD"}}
	judges := offences.Scope{Officials: []offences.OfficialKind{offences.OfficialJudicial}}
	bribe, laundering, taking := c.Matter.Offences[0], c.Matter.Offences[1], c.Matter.Offences[2]
	// The bribe of A$50,000 is judged on its own amount, not on the
	// A$12M laundered under another offence.
	if offences.FitOf(aud10m, OffenceFacts(c, "AU", bribe)).Fits() {
		t.Error("an A$10M offence fits a bribe of A$50,000")
	}
	if !offences.FitOf(aud10m, OffenceFacts(c, "AU", laundering)).Fits() {
		t.Error("an A$10M offence does not fit A$12M laundered")
	}
	// The briber (none) says nothing: the case's officials count.
	if !offences.FitOf(judges, OffenceFacts(c, "AU", bribe)).Fits() {
		t.Error("the judge of the case does not count for the bribe given")
	}
	// The launderer is a public official: a judges' offence does not fit.
	if offences.FitOf(judges, OffenceFacts(c, "AU", laundering)).Fits() {
		t.Error("a judges' offence fits a public official's laundering")
	}
	if !offences.FitOf(judges, OffenceFacts(c, "AU", taking)).Fits() {
		t.Error("a judges' offence does not fit a judge's bribe")
	}
	// No amount of its own: the case's amounts.
	if got := OffenceFacts(c, "AU", taking).Amounts; len(got) != 3 {
		t.Errorf("amounts of an offence without its own: %v", got)
	}
}
