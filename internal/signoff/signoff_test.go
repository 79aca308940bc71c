package signoff

import (
	"errors"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/validate"
)

const hash = "7787137cd5a513e5748ff7d2553aacadb3a1fba526138ccbc5afb41780e21206"

func TestParseRefuses(t *testing.T) {
	good := `{"format_version": 1, "reference": "R", "state": "NZ", "case_sha256": "` + hash + `", "reviewer": "王五", "date": "2026-05-02", "approved": false, "decisions": [{"id": "abcdefg", "rule": "r", "pointer": "/p", "decision": "accept"}]}`
	if _, err := Parse([]byte(good)); err != nil {
		t.Fatalf("a good review file: %v", err)
	}
	for _, tt := range []struct{ doc, field string }{
		{strings.Replace(good, `"accept"`, `"maybe"`, 1), "/decisions/0/decision"},
		{strings.Replace(good, `"2026-05-02"`, `"May 2"`, 1), "/date"},
		{strings.Replace(good, hash, "abc", 1), "/case_sha256"},
		{strings.Replace(good, `"王五"`, `" "`, 1), "/reviewer"},
		{strings.Replace(good, `"format_version": 1`, `"format_version": 2`, 1), "/format_version"},
		{strings.Replace(good, `[{"id"`, `[{"id": "abcdefg", "rule": "r", "pointer": "/p", "decision": "accept"}, {"id"`, 1), "/decisions/1/id"},
	} {
		_, err := Parse([]byte(tt.doc))
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Pointer != tt.field {
			t.Errorf("want a FieldError at %s, got %v", tt.field, err)
		}
	}
	for _, bad := range []string{good + "{}", strings.Replace(good, `"approved"`, `"approve"`, 1), "[]",
		strings.Replace(good, `"reviewer": "王五"`, `"reviewer": "王五", "reviewer": "张三"`, 1)} {
		if _, err := Parse([]byte(bad)); !errors.Is(err, ErrNotReview) {
			t.Errorf("%.40s…: got %v, want ErrNotReview", bad, err)
		}
	}
}

// TestApply: decisions are carried by id, a finding the review did not see
// is new, and the status follows the version and the decisions.
func TestApply(t *testing.T) {
	report := func() *validate.Report {
		return &validate.Report{CaseSHA256: hash, Findings: []validate.Finding{{Key: "aaaaaaa"}, {Key: "bbbbbbb"}}}
	}
	rec := &Record{CaseSHA256: hash, Reviewer: "王五", Date: "2026-05-02", Approved: true, Decisions: []Entry{
		{ID: "aaaaaaa", Decision: "accept"}, {ID: "bbbbbbb", Decision: "reject", Comment: "n/a"}, {ID: "zzzzzzz", Decision: "accept"},
	}}
	r := report()
	Apply(r, rec)
	if r.Review.Status != validate.StatusApproved || !r.Review.Current || len(r.Review.Stale) != 1 || r.Findings[1].Review.Comment != "n/a" {
		t.Errorf("all decided and approved: %+v, %+v", r.Review, r.Findings[1].Review)
	}
	rec.Decisions[1].Decision = "change"
	r = report()
	Apply(r, rec)
	if r.Review.Status != validate.StatusReviewed {
		t.Errorf("a finding needing a change: status %s, want reviewed", r.Review.Status)
	}
	r = report()
	r.Findings = append(r.Findings, validate.Finding{Key: "ccccccc"})
	Apply(r, rec)
	if r.Review.Status != validate.StatusDraft || !r.Findings[2].Review.New {
		t.Errorf("a new finding: status %s, new %v", r.Review.Status, r.Findings[2].Review)
	}
	r = report()
	r.CaseSHA256 = strings.Repeat("0", 64)
	Apply(r, rec)
	if r.Review.Current || r.Review.Status != validate.StatusDraft {
		t.Errorf("another version of the case: %+v", r.Review)
	}
}
