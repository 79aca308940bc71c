package validate

import (
	"encoding/json"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

// TestStateChecklistItems: each state's own checklist items are decided
// by the case's data, not ticked by default: met where the case holds
// what they require, not met where it does not, to check where they are
// left to the reviewer, not applicable where the case does not call for
// them.
func TestStateChecklistItems(t *testing.T) {
	cat := reviewCatalog(t)
	tests := []struct {
		state, item, doc, want string
	}{
		{"AU", "au.offence_text", `{}`, ToCheck},
		{"AU", "au.death_penalty_assurance", `{"assurances": {"sentencing": {"given_by": "spc"}}}`, Met},
		{"AU", "au.death_penalty_assurance", `{"assurances": {}}`, NotMet},
		{"AU", "au.prior_contact", `{"prior_contact": {"aware": false}}`, Met},
		{"AU", "au.prior_contact", `{}`, NotMet},
		{"NZ", "nz.s26_certificate", `{"case": {"stage": "investigation"}}`, ToCheck},
		{"NZ", "nz.s26_certificate", `{"case": {}}`, NotMet},
		{"NZ", "nz.authenticated_copies", `{"assistance": [{"type": "records"}]}`, NotApplicable},
		{"NZ", "nz.authenticated_copies", `{"assistance": [{"type": "confiscate_return", "order": {"court": "x", "date": "2026-01-01"}}]}`, NotMet},
		{"NZ", "nz.authenticated_copies", `{"assistance": [{"type": "confiscate_return", "order": {"court": "x", "date": "2026-01-01", "copy": "plain"}}]}`, NotMet},
		{"NZ", "nz.authenticated_copies", `{"assistance": [{"type": "confiscate_return", "order": {"court": "x", "date": "2026-01-01", "copy": "authenticated"}}]}`, Met},
		{"NZ", "nz.authenticated_copies", `{"assistance": [{"type": "confiscate_return", "order": {"court": "x"}}]}`, NotMet},
		{"CA", "ca.reasonable_grounds", `{"assistance": [{"type": "records"}]}`, NotApplicable},
		{"CA", "ca.reasonable_grounds", `{"assistance": [{"type": "search_seizure", "grounds": "x"}]}`, Met},
		{"CA", "ca.reasonable_grounds", `{"assistance": [{"type": "search_seizure"}]}`, NotMet},
		{"CA", "ca.restraint_court_order", `{"assistance": [{"type": "freeze_seize", "order": {"court": "x"}}]}`, Met},
		{"CA", "ca.restraint_court_order", `{"assistance": [{"type": "records"}]}`, NotApplicable},
		{"US", "us.probable_cause", `{"assistance": [{"type": "search_seizure", "grounds": "x"}]}`, ToCheck},
		{"US", "us.probable_cause", `{"assistance": [{"type": "search_seizure"}]}`, NotMet},
		{"US", "us.probable_cause", `{"assistance": [{"type": "testimony"}]}`, NotApplicable},
		{"US", "us.3512e", `{"assistance": [{"type": "search_seizure"}]}`, ToCheck},
		{"US", "us.3512e", `{"assistance": [{"type": "records"}]}`, NotApplicable},
		{"US", "us.2467", `{"assistance": [{"type": "confiscate_return", "order": {"court": "x"}}]}`, Met},
		{"US", "us.2467", `{"assistance": [{"type": "records"}]}`, NotApplicable},
	}
	for _, tt := range tests {
		cl, err := LoadChecklist(repo, tt.state)
		if err != nil {
			t.Fatal(err)
		}
		var raw any
		if err := json.Unmarshal([]byte(tt.doc), &raw); err != nil {
			t.Fatal(err)
		}
		r := &Report{State: tt.state}
		if err := Review(r, &casefile.File{Raw: raw}, nil, cl, cat); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, q := range r.Checklist {
			if q.ID == tt.item {
				got = q.Status
			}
		}
		if got != tt.want {
			t.Errorf("%s %s on %s: %q, want %q", tt.state, tt.item, tt.doc, got, tt.want)
		}
	}
}

// TestRestraintItemsNotMetOnAnError: the restraint items of Canada and the
// United States, checked by the rules freeze.court_basis and
// freeze.forfeiture_basis, are not met once an error finding bears on the
// order a freezing or confiscation rests on, and to check on a warning of
// their rule.
func TestRestraintItemsNotMetOnAnError(t *testing.T) {
	cat := reviewCatalog(t)
	raw := map[string]any{"assistance": []any{map[string]any{"type": "freeze_seize"}}}
	for state, item := range map[string]string{"CA": "ca.restraint_court_order", "US": "us.2467"} {
		cl, err := LoadChecklist(repo, state)
		if err != nil {
			t.Fatal(err)
		}
		r := &Report{State: state, Findings: []Finding{{Rule: "x.order", Pointer: "/assistance/0/order", Severity: Error}}}
		if err := Review(r, &casefile.File{Raw: raw}, nil, cl, cat); err != nil {
			t.Fatal(err)
		}
		for _, q := range r.Checklist {
			if q.ID == item && q.Status != NotMet {
				t.Errorf("%s: %s, want %s", item, q.Status, NotMet)
			}
		}
	}
}

func TestRestraintItemsFollowTheirRules(t *testing.T) {
	cat := reviewCatalog(t)
	raw := map[string]any{"assistance": []any{map[string]any{"type": "freeze_seize"}}}
	for _, tt := range []struct {
		state, item, rule string
		sev               Severity
		want              string
	}{
		{"CA", "ca.restraint_court_order", "freeze.court_basis", Error, NotMet},
		{"US", "us.2467", "freeze.forfeiture_basis", Warning, ToCheck},
		{"US", "us.probable_cause", "search.stale_grounds", Warning, ToCheck},
	} {
		cl, err := LoadChecklist(repo, tt.state)
		if err != nil {
			t.Fatal(err)
		}
		r := &Report{State: tt.state, Findings: []Finding{{Rule: tt.rule, Pointer: "/assistance/0/x", Severity: tt.sev}}}
		raw := raw
		if tt.item == "us.probable_cause" {
			raw = map[string]any{"assistance": []any{map[string]any{"type": "search_seizure", "grounds": "x"}}}
		}
		if err := Review(r, &casefile.File{Raw: raw}, nil, cl, cat); err != nil {
			t.Fatal(err)
		}
		for _, q := range r.Checklist {
			if q.ID == tt.item && q.Status != tt.want {
				t.Errorf("%s with %s: %s, want %s", tt.item, tt.rule, q.Status, tt.want)
			}
		}
	}
}
