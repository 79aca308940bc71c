package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	mla "github.com/mla-dev/mla"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/sign"
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
// the examples, all major cases, generate without --draft. A scenario
// example expected to have errors has none. After an edit
// of an example (or of a rule that changes its findings), rewrite them:
//
//	go test ./internal/cli -run TestExampleReviews -update
func TestExampleReviews(t *testing.T) {
	for _, ex := range exampleCases(t) {
		t.Run(filepath.Base(ex), func(t *testing.T) {
			if e := expected(t, ex); e != nil && e.Exit != 0 {
				// A scenario example with errors is never issued: a
				// reviewer cannot approve it, and it has no review file.
				if _, err := os.Stat(signoff.PathFor(ex)); err == nil {
					t.Fatalf("%s has errors, yet a review file", ex)
				}
				return
			}
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

// TestBatchLeavesReviewsOut: a folder of cases holds their review files
// beside them; a batch generates the cases, not the reviews. A file named
// like a review whose case is not in the folder is still taken as a case
// (and refused as one if it is not).
func TestBatchLeavesReviewsOut(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.json", "a.review.json", "b.json", "x.review.json"} {
		mustDo(t, os.WriteFile(filepath.Join(dir, n), []byte("{}"), 0o600))
	}
	a := &app{env: Env{Assets: mla.Assets()}, lang: "en"}
	mustDo(t, a.load())
	got, err := a.expand([]string{dir})
	mustDo(t, err)
	var names []string
	for _, p := range got {
		names = append(names, filepath.Base(p))
	}
	if strings.Join(names, " ") != "a.json b.json x.review.json" {
		t.Errorf("cases of the folder: %v", names)
	}
}

// TestMajorRefusal: a major case without a review, with the review of
// another version and with a review that does not approve it is refused
// (exit 1) with the reason, the criteria and the command that records the
// approval, in each language; nothing is written; --draft is not refused.
func TestMajorRefusal(t *testing.T) {
	dir := t.TempDir()
	kase := filepath.Join(dir, "case.json")
	raw, err := os.ReadFile(repo(example))
	mustDo(t, err)
	mustDo(t, os.WriteFile(kase, raw, 0o600))
	out := filepath.Join(dir, "out")
	gen := func(lang string, extra ...string) (int, string) {
		code, _, errs := run(t, nil, append([]string{"generate", kase, "--out", out, "--lang", lang}, extra...)...)
		return code, errs
	}
	for lang, want := range map[string][]string{
		"en": {"not generated", "major", "/case/offences/0/id", "No review is recorded", "mla review import " + kase},
		"zh": {"未生成", "重大案件", "/case/offences/0/id", "尚未记录审核", "mla review import " + kase},
		"fr": {"rien n’a été produit", "majeure", "/case/offences/0/id", "Aucun examen", "mla review import " + kase},
	} {
		code, errs := gen(lang)
		for _, w := range want {
			if !strings.Contains(errs, w) {
				t.Errorf("--lang %s: the refusal lacks %q:\n%s", lang, w, errs)
			}
		}
		if code != ExitFindings {
			t.Errorf("--lang %s: exit %d", lang, code)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a refused case wrote its bundle")
	}
	// Approved, then the case changes by one byte: the approval is of
	// another version.
	approve(t, kase)
	mustDo(t, os.WriteFile(kase, append(raw, '\n'), 0o600))
	if code, errs := gen("en"); code != ExitFindings || !strings.Contains(errs, "another version") {
		t.Errorf("approval of another version: exit %d\n%s", code, errs)
	}
	// This version reviewed, but not approved.
	approve(t, kase)
	rec, err := signoff.Parse(mustRead(t, signoff.PathFor(kase)))
	mustDo(t, err)
	rec.Approved = false
	data, err := signoff.Marshal(rec)
	mustDo(t, err)
	mustDo(t, os.WriteFile(signoff.PathFor(kase), data, 0o600))
	if code, errs := gen("en"); code != ExitFindings || !strings.Contains(errs, "does not approve") || !strings.Contains(errs, "Reviewed") {
		t.Errorf("reviewed, not approved: exit %d\n%s", code, errs)
	}
	if code, errs := gen("en", "--draft"); code != 0 {
		t.Errorf("--draft: exit %d\n%s", code, errs)
	}
}

// TestReviewIsAnInputOfTheBundle: the review file read with the case is
// recorded in the manifest and covered by the fingerprint (the status the
// pages print depends on it): another review, or none, gives another
// fingerprint; the key generate --sign signs with does too.
func TestReviewIsAnInputOfTheBundle(t *testing.T) {
	a := benchAppT(t)
	kase := approvedCopy(t, repo(example))
	o := &generateOptions{layout: "parallel", out: filepath.Join(filepath.Dir(kase), "out")}
	manifest := func() bundle.Manifest {
		t.Helper()
		c, err := a.check(kase, checkOptions{})
		mustDo(t, err)
		m, err := a.fingerprint(c, o)
		mustDo(t, err)
		return m
	}
	approved := manifest()
	if approved.Review == nil || approved.Review.Path != "../"+filepath.Base(signoff.PathFor(kase)) || approved.Review.SHA256 != sum(mustRead(t, signoff.PathFor(kase))) {
		t.Fatalf("manifest review %+v", approved.Review)
	}
	rec, err := signoff.Parse(mustRead(t, signoff.PathFor(kase)))
	mustDo(t, err)
	rec.Reviewer = "另一位审核专家（虚构）"
	data, err := signoff.Marshal(rec)
	mustDo(t, err)
	mustDo(t, os.WriteFile(signoff.PathFor(kase), data, 0o600))
	other := manifest()
	mustDo(t, os.Remove(signoff.PathFor(kase)))
	none := manifest()
	if none.Review != nil || approved.Fingerprint.SHA256 == other.Fingerprint.SHA256 || other.Fingerprint.SHA256 == none.Fingerprint.SHA256 || approved.Fingerprint.SHA256 == none.Fingerprint.SHA256 {
		t.Errorf("fingerprints: approved %s, another review %s, none %s (review %+v)", approved.Fingerprint.SHA256, other.Fingerprint.SHA256, none.Fingerprint.SHA256, none.Review)
	}
	if slices.Contains(none.Fingerprint.Covers, "review.sha256") || slices.Contains(none.Fingerprint.Covers, "signing_key") {
		t.Errorf("an unreviewed, unsigned bundle covers %v", none.Fingerprint.Covers)
	}
	k, err := sign.NewKey("")
	mustDo(t, err)
	priv, err := sign.PrivateKey(k.Private, "")
	mustDo(t, err)
	o.signKey = &priv
	signed := manifest()
	if signed.SigningKey != k.ID || signed.Fingerprint.SHA256 == none.Fingerprint.SHA256 || !slices.Contains(signed.Fingerprint.Covers, "signing_key") {
		t.Errorf("signed: key %q (want %s), fingerprint %s, covers %v", signed.SigningKey, k.ID, signed.Fingerprint.SHA256, signed.Fingerprint.Covers)
	}
}
