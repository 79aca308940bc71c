package validate

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
)

func TestMajorCriteria(t *testing.T) {
	criteria, err := LoadMajor(repo)
	if err != nil || len(criteria) != 3 {
		t.Fatalf("LoadMajor: %d criteria, %v", len(criteria), err)
	}
	cat, err := offences.Open(repo)
	if err != nil {
		t.Fatal(err)
	}
	money := func(a float64, cur string) *casefile.Money { return &casefile.Money{Amount: a, Currency: cur} }
	laundering := casefile.Offence{ID: "CN-CL-191", Amount: money(50_000_000, "CNY")}
	tests := []struct {
		name string
		c    casefile.Case
		want []string
	}{
		{"laundering only, small assets", casefile.Case{
			Matter: casefile.Matter{Offences: []casefile.Offence{laundering}},
			Assets: []casefile.Asset{{ID: "S1", Value: money(400_000, "USD")}},
		}, nil},
		{"bribery under 386, punished under 383, RMB 5 million", casefile.Case{
			Matter: casefile.Matter{Offences: []casefile.Offence{{ID: "CN-CL-386", Amount: money(5_000_000, "CNY")}}},
		}, []string{"death_penalty_offence", "particularly_huge_amount"}},
		{"bribery under 386, RMB 1 million", casefile.Case{
			Matter: casefile.Matter{Offences: []casefile.Offence{laundering, {ID: "CN-CL-386", Amount: money(1_000_000, "CNY")}}},
		}, []string{"death_penalty_offence"}},
		{"assets adding up in one currency", casefile.Case{
			Matter: casefile.Matter{Offences: []casefile.Offence{laundering}},
			Assets: []casefile.Asset{{ID: "S1", Value: money(1_000_000, "USD")}, {ID: "S2", Value: money(500_000, "USD")}},
		}, []string{"asset_recovery"}},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range Major(&tt.c, cat, criteria) {
			got = append(got, m.Criterion)
			if m.Source == "" || m.Pointer == "" {
				t.Errorf("%s: %s has no source or place", tt.name, m.Criterion)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: major by %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: major by %v, want %v", tt.name, got, tt.want)
			}
		}
	}
}

func TestLoadMajorRefusesBadCriteria(t *testing.T) {
	for _, tt := range []struct{ doc, field string }{
		{`{"criteria": [{"id": "x", "kind": "big", "source": "s", "confirmed": false}]}`, "/criteria/0/kind"},
		{`{"criteria": [{"id": "x", "kind": "assets_at_least", "source": "s", "confirmed": false}]}`, "/criteria/0/at_least"},
		{`{"criteria": [{"id": "x", "kind": "death_penalty_offence", "source": "", "confirmed": false}]}`, "/criteria/0/source"},
		{`{"criteria": [{"id": "x", "kind": "death_penalty_offence", "source": "s", "confirmed": false, "extra": 1}]}`, "/criteria/0/extra"},
		{`{"criteria": [{"id": "x", "kind": "death_penalty_offence", "source": "s", "source": "t", "confirmed": false}]}`, "/criteria/0/source"},
	} {
		_, err := LoadMajor(fstest.MapFS{MajorFile: {Data: []byte(tt.doc)}})
		var re *RulesError
		if !errors.As(err, &re) || re.File != MajorFile || re.Field != tt.field {
			t.Errorf("%s: got %v, want a RulesError at %q", tt.doc, err, tt.field)
		}
	}
}
