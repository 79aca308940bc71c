package validate

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// TestRestraintRules: freezing at the investigation stage on a freezing
// decision alone is an error for Canada and a warning for the United
// States, and neither once a court's order, an application pending before
// a court or a charge is named; an order sent to New Zealand as a plain
// copy (or a copy of no stated kind) is an error, a sealed or
// authenticated one is not; a search whose newest supporting fact is more
// than the state's months old is a warning, a recent one is not.
func TestRestraintRules(t *testing.T) {
	v := New(repo)
	freeze := `{"id": "A1", "type": "freeze_seize"%s}`
	order := `, "order": {"court": {"zh": "法院"}, "date": "2026-01-05", "final": false%s}`
	search := `{"date": "2026-03-20", "evidence": [{"id": "E1", "date": "2024-06-03"}, {"id": "E2", "date": "2023-01-01"}, {"id": "E3"}],
		"assistance": [{"id": "A5", "type": "search_seizure", "evidence": ["E1", "E2", "E3"]%s}]}`
	caseOf := func(stage, item string) string {
		return `{"date": "2026-03-20", "case": {"stage": "` + stage + `"}, "assistance": [` + item + `]}`
	}
	tests := []struct {
		name, state, doc string
		want             []rp
	}{
		{"CA investigation, decision alone", "CA", caseOf("investigation", fmt.Sprintf(freeze, "")), []rp{{"freeze.court_basis", "/assistance/0/order"}}},
		{"CA court order", "CA", caseOf("investigation", fmt.Sprintf(freeze, fmt.Sprintf(order, `, "copy": "plain"`))), nil},
		{"CA confiscation application", "CA", caseOf("investigation", fmt.Sprintf(freeze, `, "confiscation_application": {"court": {"zh": "法院"}, "date": "2026-02-01"}`)), nil},
		{"CA person charged", "CA", caseOf("prosecution", fmt.Sprintf(freeze, "")), nil},
		{"CA records item", "CA", caseOf("investigation", `{"id": "A1", "type": "records"}`), nil},
		{"US investigation, decision alone", "US", caseOf("investigation", fmt.Sprintf(freeze, "")), []rp{{"freeze.forfeiture_basis", "/assistance/0/order"}}},
		{"US investigation with grounds", "US", caseOf("investigation", fmt.Sprintf(freeze, `, "grounds": {"zh": "依据"}`)), nil},
		{"CA grounds are not a court order", "CA", caseOf("investigation", fmt.Sprintf(freeze, `, "grounds": {"zh": "依据"}`)), []rp{{"freeze.court_basis", "/assistance/0/order"}}},
		{"US trial", "US", caseOf("trial", fmt.Sprintf(freeze, "")), nil},
		{"AU has neither requirement", "AU", caseOf("investigation", fmt.Sprintf(freeze, "")), nil},
		{"NZ plain copy", "NZ", caseOf("trial", fmt.Sprintf(freeze, fmt.Sprintf(order, `, "copy": "plain"`))), []rp{{"order.copy_not_authenticated", "/assistance/0/order/copy"}}},
		{"NZ copy not stated", "NZ", caseOf("trial", fmt.Sprintf(freeze, fmt.Sprintf(order, ""))), []rp{{"order.copy_not_authenticated", "/assistance/0/order/copy"}}},
		{"NZ authenticated copy", "NZ", caseOf("trial", fmt.Sprintf(freeze, fmt.Sprintf(order, `, "copy": "authenticated"`))), nil},
		{"NZ sealed copy", "NZ", caseOf("trial", fmt.Sprintf(freeze, fmt.Sprintf(order, `, "copy": "sealed"`))), nil},
		{"CA plain copy is not NZ's rule", "CA", caseOf("trial", fmt.Sprintf(freeze, fmt.Sprintf(order, `, "copy": "plain"`))), nil},
		{"US stale grounds", "US", fmt.Sprintf(search, ""), []rp{{"search.stale_grounds", "/assistance/0/grounds"}}},
		{"US current grounds_date", "US", fmt.Sprintf(search, `, "grounds_date": "2026-01-10"`), nil},
		{"US grounds_date stale", "US", fmt.Sprintf(search, `, "grounds_date": "2025-03-19"`), []rp{{"search.stale_grounds", "/assistance/0/grounds"}}},
		{"US grounds_date exactly 12 months", "US", fmt.Sprintf(search, `, "grounds_date": "2025-03-20"`), nil},
		{"US no dated evidence", "US", `{"date": "2026-03-20", "assistance": [{"id": "A5", "type": "search_seizure", "evidence": ["E9"]}]}`, nil},
		{"grounds_date after the request", "US", fmt.Sprintf(search, `, "grounds_date": "2026-04-01"`), []rp{{"date.after_request", "/assistance/0/grounds_date"}}},
		{"AU stale grounds", "AU", fmt.Sprintf(search, ""), []rp{{"search.stale_grounds", "/assistance/0/grounds"}}},
	}
	for _, tt := range tests {
		p := v.stateProfile(tt.state)
		if p == nil {
			t.Fatalf("no profile for %s", tt.state)
		}
		var root map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &root); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []rp
		for _, f := range restraintRules(root, p) {
			got = append(got, rp{f.Rule, f.Pointer})
			if f.Rule != "date.after_request" && f.Source == "" {
				t.Errorf("%s: %s has no source", tt.name, f.Rule)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRestraintSeverities: through Validate, each rule takes its severity
// and the source of the state's fact, and its message is localized.
func TestRestraintSeverities(t *testing.T) {
	v := New(repo)
	want := map[string]Severity{
		"freeze.court_basis": Error, "freeze.forfeiture_basis": Warning,
		"order.copy_not_authenticated": Error, "search.stale_grounds": Warning,
	}
	rs, err := v.rules()
	if err != nil {
		t.Fatal(err)
	}
	for id, sev := range want {
		m, ok := rs[id]
		if !ok || m.Severity != sev || m.SourceFrom != "fact" {
			t.Errorf("%s: %+v, want severity %s from the fact", id, m, sev)
		}
	}
	p := v.stateProfile("CA")
	fs := courtBasis(map[string]any{"case": map[string]any{"stage": "investigation"},
		"assistance": []any{map[string]any{"id": "A4", "type": "confiscate_return"}}}, p)
	rs.apply(fs)
	if len(fs) != 1 || fs[0].Severity != Error || fs[0].Source != p.Facts["requirement.restraint_court_basis"].Source {
		t.Fatalf("%+v", fs)
	}
}
