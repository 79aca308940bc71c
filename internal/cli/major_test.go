package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mla-dev/mla/internal/signoff"
)

// exampleReviewer is the fictional expert whose approval of each example
// is committed beside it (examples/<name>.review.json).
const exampleReviewer = "示例审核专家（虚构）/ Example Reviewer (fictional)"

// exampleCases are the case files of examples/, without the review files
// beside them.
func exampleCases(t testing.TB) []string {
	t.Helper()
	all, err := filepath.Glob(repo("examples/*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range all {
		if !strings.HasSuffix(p, ".review.json") {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Fatal("no examples")
	}
	return out
}

// acceptAll plays a reviewer who accepts every finding of a report.xlsx:
// the Decision cell of each row of the Findings sheet is set to the
// drop-down's "accept", and the workbook is saved as out.
func acceptAll(t *testing.T, in, out string) {
	t.Helper()
	f, err := excelize.OpenFile(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Findings")
	if err != nil || len(rows) == 0 {
		t.Fatalf("Findings sheet: %v", err)
	}
	col := -1
	for i, h := range rows[0] {
		if strings.Contains(h, "Decision") {
			col = i + 1
		}
	}
	if col < 0 {
		t.Fatalf("no Decision column in %q", rows[0])
	}
	for r := 2; r <= len(rows); r++ {
		cell, _ := excelize.CoordinatesToCellName(col, r)
		mustDo(t, f.SetCellStr("Findings", cell, "同意 / Accept"))
	}
	mustDo(t, f.SaveAs(out))
}

// approvedReview runs the reviewer's flow on a copy of the case file src
// (review, every finding accepted in report.xlsx, review import
// --approve, dated the day of the request) and returns the review file it
// records.
func approvedReview(t *testing.T, src string) []byte {
	t.Helper()
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var head struct {
		Date string `json:"date"`
	}
	mustDo(t, json.Unmarshal(raw, &head))
	dir := t.TempDir()
	kase := filepath.Join(dir, filepath.Base(src))
	mustDo(t, os.WriteFile(kase, raw, 0o600))
	rv := filepath.Join(dir, "review")
	if code, _, errs := run(t, nil, "review", kase, "--out", rv); code != 0 {
		t.Fatalf("review %s: exit %d\n%s", src, code, errs)
	}
	filled := filepath.Join(dir, "filled.xlsx")
	acceptAll(t, filepath.Join(rv, "report.xlsx"), filled)
	if code, _, errs := run(t, nil, "review", "import", kase, filled, "--reviewer", exampleReviewer, "--date", head.Date, "--approve"); code != 0 {
		t.Fatalf("review import %s: exit %d\n%s", src, code, errs)
	}
	b, err := os.ReadFile(signoff.PathFor(kase))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExampleReviews checks that each example has beside it the approved
// review of its current version that the reviewer's flow records, so that
// the examples, all major cases, generate without --draft. After an edit
// of an example (or of a rule that changes its findings), rewrite them:
//
//	go test ./internal/cli -run TestExampleReviews -update
func TestExampleReviews(t *testing.T) {
	for _, ex := range exampleCases(t) {
		t.Run(filepath.Base(ex), func(t *testing.T) {
			want := approvedReview(t, ex)
			path := signoff.PathFor(ex)
			if *update {
				mustDo(t, os.WriteFile(path, want, 0o644))
				return
			}
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s is not the approved review of the example as it is now (%v); rewrite it with\n\tgo test ./internal/cli -run TestExampleReviews -update\nwant:\n%s", path, err, want)
			}
			rec, err := signoff.Parse(got)
			if err != nil || !rec.Approved || len(rec.Decisions) == 0 {
				t.Fatalf("%s: %v %+v", path, err, rec)
			}
		})
	}
}

// approve records beside the case file at path an approved review of its
// current version, every finding accepted, as review import --approve
// would: for tests that derive a major case from an example and generate
// it for issue. extra are more arguments of validate (--assets DIR).
func approve(t *testing.T, path string, extra ...string) {
	t.Helper()
	code, stdout, errs := run(t, nil, append([]string{"validate", path, "--format", "json"}, extra...)...)
	if code == ExitUsage || code == ExitInternal {
		t.Fatalf("validate %s: exit %d\n%s", path, code, errs)
	}
	var r struct {
		Reference  string `json:"reference"`
		State      string `json:"state"`
		CaseSHA256 string `json:"case_sha256"`
		Findings   []struct {
			ID      string `json:"id"`
			Rule    string `json:"rule"`
			Pointer string `json:"pointer"`
		} `json:"findings"`
	}
	mustDo(t, json.Unmarshal([]byte(stdout), &r))
	rec := &signoff.Record{
		FormatVersion: signoff.FormatVersion, Reference: r.Reference, State: r.State, CaseSHA256: r.CaseSHA256,
		Reviewer: "测试审核专家（虚构）", Date: "2026-01-02", Approved: true, Decisions: []signoff.Entry{},
	}
	for _, f := range r.Findings {
		rec.Decisions = append(rec.Decisions, signoff.Entry{ID: f.ID, Rule: f.Rule, Pointer: f.Pointer, Decision: "accept"})
	}
	data, err := signoff.Marshal(rec)
	mustDo(t, err)
	mustDo(t, os.WriteFile(signoff.PathFor(path), data, 0o600))
}

// approvedCopy copies the case file src into a new folder, records an
// approved review of it there (approve) and returns the copy's path.
func approvedCopy(t *testing.T, src string, extra ...string) string {
	t.Helper()
	raw, err := os.ReadFile(src)
	mustDo(t, err)
	p := filepath.Join(t.TempDir(), filepath.Base(src))
	mustDo(t, os.WriteFile(p, raw, 0o600))
	approve(t, p, extra...)
	return p
}
