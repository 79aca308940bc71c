package validate

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/profile"
)

// fitFacts gives the first person a kind of official and the first cited
// offence an amount in US dollars (0: none), the facts the fit of the
// United States' comparable offences turns on.
func fitFacts(m map[string]any, official string, usd float64) {
	if official != "" {
		m["persons"].([]any)[0].(map[string]any)["official"] = official
	}
	if usd > 0 {
		off := m["case"].(map[string]any)["offences"].([]any)[0].(map[string]any)
		off["amount"] = map[string]any{"amount": usd, "currency": "USD"}
	}
}

// TestReviewComparableFit: a comparable offence the case's facts rule out
// is reported as left out, one they do not allow to check is reported for
// the reviewer, and one that fits is not reported.
func TestReviewComparableFit(t *testing.T) {
	cases := []struct {
		name     string
		ids      []string
		official string
		usd      float64
		want     []rp
		cites    string // a citation the first finding names
		notCites string // a citation it must not name
	}{
		{"bribe taken by a public official, amount over § 666's threshold", []string{"CN-CL-385"}, "public_official", 50_000,
			[]rp{{"dual_criminality.unconfirmed", "/case/offences/0/id"}, {"dual_criminality.unfit", "/case/offences/0/id"}}, "§ 1352", "§ 201(b)"},
		{"amount under § 666's threshold", []string{"CN-CL-384"}, "public_official", 4_000,
			[]rp{{"dual_criminality.unfit", "/case/offences/0/id"}, {"dual_criminality.weak", "/case/offences/0/id"}}, "§ 666", "§ 641"},
		{"no amount in dollars, no kind of official", []string{"CN-CL-384"}, "", 0,
			[]rp{{"dual_criminality.fit_unchecked", "/case/offences/0/id"}, {"dual_criminality.weak", "/case/offences/0/id"}}, "§ 666", "§ 641"},
		{"no comparable offence fits: none known", []string{"CN-CL-393"}, "public_official", 50_000,
			[]rp{{"dual_criminality.none_known", "/case/offences/0/id"}, {"dual_criminality.unfit", "/case/offences/0/id"}}, "FCPA", ""},
		{"everything fits", []string{"CN-CL-384"}, "public_official", 50_000,
			[]rp{{"dual_criminality.weak", "/case/offences/0/id"}}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := review(t, edit(t, "schemas/testdata/us/valid/minimal.json", func(m map[string]any) {
				cite(c.ids...)(m)
				fitFacts(m, c.official, c.usd)
			}), nil, "", nil)
			got := []rp{}
			for _, f := range r.Findings {
				if strings.HasPrefix(f.Rule, "dual_criminality.") {
					got = append(got, rp{f.Rule, f.Pointer})
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			if c.cites == "" {
				return
			}
			f := r.Findings[0]
			for _, g := range r.Findings {
				if g.Rule == "dual_criminality.unfit" || g.Rule == "dual_criminality.fit_unchecked" {
					f = g
					break
				}
			}
			if f.Severity != Info || !strings.Contains(f.Message["en"], c.cites) || (c.notCites != "" && strings.Contains(f.Message["en"], c.notCites)) {
				t.Errorf("%s: %s %q", f.Rule, f.Severity, f.Message["en"])
			}
			if f.Source != "templates/us/equivalents.json" {
				t.Errorf("source %q", f.Source)
			}
		})
	}
}

// TestReviewOffenceTextOnly: a state that asks for no comparable offences
// (Australia) is sent none, so none is reported as unfit or unconfirmed;
// a weak match is still a warning.
func TestReviewOffenceTextOnly(t *testing.T) {
	facts := map[string]profile.Fact{profile.OffenceTextOnly: {
		Value: casefile.Text{"zh": "无需指明对应罪名", "en": "no need to identify an equivalent offence"}, Source: "test", Confirmed: true,
	}}
	f := edit(t, "schemas/testdata/us/valid/minimal.json", func(m map[string]any) {
		cite("CN-CL-384", "CN-CL-191")(m)
		fitFacts(m, "public_official", 4_000)
	})
	got := []rp{}
	for _, fd := range review(t, f, facts, "", nil).Findings {
		if strings.HasPrefix(fd.Rule, "dual_criminality.") {
			got = append(got, rp{fd.Rule, fd.Pointer})
		}
	}
	want := []rp{{"dual_criminality.weak", "/case/offences/0/id"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
