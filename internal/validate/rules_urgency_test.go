package validate

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestUrgencyRules: an urgent request to Australia without a limitation
// date is a finding; one to Canada carries the reminder to confirm in
// writing; a request that is not urgent, or a state without either
// requirement, gives neither.
func TestUrgencyRules(t *testing.T) {
	v := New(repo)
	tests := []struct {
		state, doc string
		want       []rp
	}{
		{"AU", `{"urgency": {"level": "urgent", "execute_by": "2027-01-01", "reason": {"zh": "x"}}}`,
			[]rp{{"urgency.limitation_date", "/urgency/limitation_date"}}},
		{"AU", `{"urgency": {"level": "urgent", "limitation_date": "2027-03-01"}}`, nil},
		{"AU", `{"urgency": {"level": "normal"}}`, nil},
		{"CA", `{"urgency": {"level": "urgent"}}`, []rp{{"urgency.confirm_in_writing", "/urgency/level"}}},
		{"CA", `{"urgency": {"level": "normal"}}`, nil},
		{"US", `{"urgency": {"level": "urgent"}}`, nil},
		{"NZ", `{}`, nil},
	}
	for _, tt := range tests {
		p := v.stateProfile(tt.state)
		if p == nil {
			t.Fatalf("no profile for %s", tt.state)
		}
		var root map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &root); err != nil {
			t.Fatal(err)
		}
		fs := urgencyRules(root, p)
		var got []rp
		for _, f := range fs {
			got = append(got, rp{f.Rule, f.Pointer})
			if f.Source == "" {
				t.Errorf("%s %s: no source", tt.state, f.Rule)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %s: %v, want %v", tt.state, tt.doc, got, tt.want)
		}
	}
}
