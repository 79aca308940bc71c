package offences

import (
	"reflect"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

func TestFitOf(t *testing.T) {
	aud10m := Scope{Threshold: &Amount{Amount: 10_000_000, Currency: "AUD"}}
	act := Scope{Region: "AU-ACT"}
	judges := Scope{Officials: []OfficialKind{OfficialJudicial, OfficialLegislator}}
	cases := []struct {
		name       string
		scope      Scope
		facts      Facts
		unfit, unk []Misfit
	}{
		{"no scope fits anything", Scope{}, Facts{}, nil, nil},
		{"A$4.2M under an A$10M threshold", aud10m, Facts{Amounts: []Amount{{4_200_000, "AUD"}, {27_500_000, "CNY"}}}, []Misfit{MisfitThreshold}, nil},
		{"A$12M over an A$10M threshold", aud10m, Facts{Amounts: []Amount{{4_200_000, "AUD"}, {12_000_000, "aud"}}}, nil, nil},
		{"no amount in the threshold's currency", aud10m, Facts{Amounts: []Amount{{99_000_000, "CNY"}}}, nil, []Misfit{MisfitThreshold}},
		{"ACT law for a matter in NSW", act, Facts{Regions: []string{"AU-NSW"}}, []Misfit{MisfitRegion}, nil},
		{"ACT law for a matter partly in the ACT", act, Facts{Regions: []string{"AU-NSW", "AU-ACT"}}, nil, nil},
		{"no region given", act, Facts{}, nil, []Misfit{MisfitRegion}},
		{"judges and MPs for a department head", judges, Facts{Officials: []OfficialKind{OfficialPublic}}, []Misfit{MisfitOfficial}, nil},
		{"judges and MPs for a judge", judges, Facts{Officials: []OfficialKind{OfficialPublic, OfficialJudicial}}, nil, nil},
		{"no kind of official given", judges, Facts{}, nil, []Misfit{MisfitOfficial}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := FitOf(c.scope, c.facts)
			if !reflect.DeepEqual(got.Unfit, c.unfit) || !reflect.DeepEqual(got.Unchecked, c.unk) {
				t.Errorf("got unfit %v unchecked %v, want %v %v", got.Unfit, got.Unchecked, c.unfit, c.unk)
			}
			if got.Fits() != (len(c.unfit) == 0) {
				t.Errorf("Fits() = %t", got.Fits())
			}
		})
	}
}

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
	want := Facts{
		Amounts:   []Amount{{4_200_000, "AUD"}, {3_100_000, "AUD"}},
		Regions:   []string{"AU-NSW", "AU-VIC"},
		Officials: []OfficialKind{OfficialPublic}, // "none" says nothing of the official bribed
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
	aud10m := Scope{Threshold: &Amount{Amount: 10_000_000, Currency: "AUD"}}
	judges := Scope{Officials: []OfficialKind{OfficialJudicial}}
	bribe, laundering, taking := c.Matter.Offences[0], c.Matter.Offences[1], c.Matter.Offences[2]
	// The bribe of A$50,000 is judged on its own amount, not on the
	// A$12M laundered under another offence.
	if FitOf(aud10m, OffenceFacts(c, "AU", bribe)).Fits() {
		t.Error("an A$10M offence fits a bribe of A$50,000")
	}
	if !FitOf(aud10m, OffenceFacts(c, "AU", laundering)).Fits() {
		t.Error("an A$10M offence does not fit A$12M laundered")
	}
	// The briber (none) says nothing: the case's officials count.
	if !FitOf(judges, OffenceFacts(c, "AU", bribe)).Fits() {
		t.Error("the judge of the case does not count for the bribe given")
	}
	// The launderer is a public official: a judges' offence does not fit.
	if FitOf(judges, OffenceFacts(c, "AU", laundering)).Fits() {
		t.Error("a judges' offence fits a public official's laundering")
	}
	if !FitOf(judges, OffenceFacts(c, "AU", taking)).Fits() {
		t.Error("a judges' offence does not fit a judge's bribe")
	}
	// No amount of its own: the case's amounts.
	if got := OffenceFacts(c, "AU", taking).Amounts; len(got) != 3 {
		t.Errorf("amounts of an offence without its own: %v", got)
	}
}

// TestTablesCheckScope: a table's scope data is checked as it loads.
func TestTablesCheckScope(t *testing.T) {
	c := &checker{file: "templates/au/equivalents.json"}
	checkScope(c, "/statutes/x", "AU", statuteJSON{
		Threshold: &Amount{Amount: 0, Currency: "A$"},
		Region:    "NZ-AUK",
		Officials: []OfficialKind{"judge", OfficialNone},
	})
	var codes []string
	for _, p := range c.problems {
		codes = append(codes, p.Code)
	}
	want := []string{"equivalents.bad_threshold", "equivalents.bad_currency", "equivalents.bad_region", "equivalents.bad_official", "equivalents.bad_official"}
	if !reflect.DeepEqual(codes, want) {
		t.Errorf("got %v, want %v", codes, want)
	}
	c = &checker{file: "templates/au/equivalents.json"}
	checkScope(c, "/statutes/x", "AU", statuteJSON{Threshold: &Amount{Amount: 1, Currency: "AUD"}, Region: "AU-NSW", Officials: []OfficialKind{OfficialPublic}})
	if len(c.problems) != 0 {
		t.Errorf("a good scope: %v", c.problems)
	}
}
