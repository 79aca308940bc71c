package offences

import (
	"reflect"
	"testing"
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
