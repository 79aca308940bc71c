// Package signoff is the expert reviewer's sign-off on a case: the
// decisions read back from the report.xlsx the reviewer filled in (one per
// finding, matched by the finding's stable id), recorded in a review file
// beside the case, and carried into the next report of the case, so that a
// finding already decided shows its decision and a new one shows as new.
package signoff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/mla-dev/mla/internal/strictjson"
	"github.com/mla-dev/mla/internal/validate"
)

// FormatVersion is the version of the review file's shape.
const FormatVersion = 1

// Record is a review file: who reviewed which version of which case, when,
// and what they decided on each finding.
type Record struct {
	FormatVersion int    `json:"format_version"`
	Reference     string `json:"reference"`
	State         string `json:"state"`
	CaseSHA256    string `json:"case_sha256"`
	Reviewer      string `json:"reviewer"`
	Date          string `json:"date"`
	// Approved is the reviewer's approval of this version of the case as
	// a whole (review import --approve).
	Approved  bool    `json:"approved"`
	Decisions []Entry `json:"decisions"`
}

// Entry is the decision on one finding. Rule and Pointer say what the
// finding was, for a person reading the file.
type Entry struct {
	ID       string `json:"id"`
	Rule     string `json:"rule"`
	Pointer  string `json:"pointer"`
	Decision string `json:"decision"`
	Comment  string `json:"comment,omitempty"`
}

// PathFor is the review file of the case file at casePath: beside it, its
// name with ".review.json" for ".json" (au-bribery.review.json), so that
// several cases of one folder keep their own reviews.
func PathFor(casePath string) string {
	base := strings.TrimSuffix(casePath, filepath.Ext(casePath))
	return base + ".review.json"
}

// Errors of Parse.
var (
	ErrNotReview = errors.New("not an mla review file")
	ErrBadField  = errors.New("a field of the review file is wrong")
)

var (
	sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)
	isoDate   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// FieldError names the field of a review file that is wrong.
type FieldError struct {
	Pointer string
	Value   string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: %q", e.Pointer, e.Value)
}

func (e *FieldError) Unwrap() error { return ErrBadField }

// Parse reads a review file strictly: unknown fields, a repeated key, a
// second value or a value of the wrong form are errors (*FieldError for a field, an error
// wrapping ErrNotReview for the rest).
func Parse(data []byte) (*Record, error) {
	var r Record
	if err := strictjson.Decode(data, &r, strictjson.Options{}); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotReview, err)
	}
	if r.FormatVersion != FormatVersion {
		return nil, &FieldError{"/format_version", fmt.Sprint(r.FormatVersion)}
	}
	if !sha256Hex.MatchString(r.CaseSHA256) {
		return nil, &FieldError{"/case_sha256", r.CaseSHA256}
	}
	if !isoDate.MatchString(r.Date) {
		return nil, &FieldError{"/date", r.Date}
	}
	if strings.TrimSpace(r.Reviewer) == "" {
		return nil, &FieldError{"/reviewer", r.Reviewer}
	}
	seen := map[string]bool{}
	for i, e := range r.Decisions {
		p := fmt.Sprintf("/decisions/%d", i)
		if e.ID == "" || seen[e.ID] {
			return nil, &FieldError{p + "/id", e.ID}
		}
		seen[e.ID] = true
		if !slices.Contains(validate.Decisions, e.Decision) {
			return nil, &FieldError{p + "/decision", e.Decision}
		}
	}
	return &r, nil
}

// Marshal encodes a review file: indented, with a final newline.
func Marshal(r *Record) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Apply carries the recorded review into the report of a version of the
// case whose SHA-256 is r.CaseSHA256: each finding the review decided
// shows the decision, each other finding shows as new, and the report says
// the request's status.
func Apply(r *validate.Report, rec *Record) {
	byID := make(map[string]Entry, len(rec.Decisions))
	for _, e := range rec.Decisions {
		byID[e.ID] = e
	}
	present := map[string]bool{}
	decided, change := 0, false
	for i := range r.Findings {
		f := &r.Findings[i]
		present[f.Key] = true
		if e, ok := byID[f.Key]; ok {
			f.Review = &validate.Verdict{Decision: e.Decision, Comment: e.Comment}
			decided++
			change = change || e.Decision == "change"
		} else {
			f.Review = &validate.Verdict{New: true}
		}
	}
	st := &validate.ReviewState{
		Reviewer: rec.Reviewer, Date: rec.Date, CaseSHA256: rec.CaseSHA256,
		Current: rec.CaseSHA256 == r.CaseSHA256, Status: validate.StatusDraft,
	}
	for _, e := range rec.Decisions {
		if !present[e.ID] {
			st.Stale = append(st.Stale, e.ID)
		}
	}
	if st.Current && decided == len(r.Findings) {
		st.Status = validate.StatusReviewed
		if rec.Approved && !change {
			st.Status = validate.StatusApproved
		}
	}
	r.Review = st
}
