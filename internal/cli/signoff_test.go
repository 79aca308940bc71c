package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/signoff"
)

// fillReport has openpyxl (as a reviewer's spreadsheet program would)
// write decisions into the Findings sheet of a report.xlsx: each entry of
// cells is "row,column,value" with 1-based row and column.
func fillReport(t *testing.T, in, out string, cells ...string) {
	t.Helper()
	py := checker(t, "python3-openpyxl")
	script := `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Findings"]
for spec in sys.argv[3:]:
    r, c, v = spec.split(",", 2)
    ws.cell(int(r), int(c)).value = v
wb.save(sys.argv[2])
`
	args := append([]string{"-c", script, in, out}, cells...)
	if b, err := exec.Command(py, args...).CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, b)
	}
}

type reportView struct {
	CaseSHA256 string `json:"case_sha256"`
	Review     *struct {
		Status  string `json:"status"`
		Current bool   `json:"current"`
	} `json:"review"`
	Findings []struct {
		ID     string `json:"id"`
		Rule   string `json:"rule"`
		Review *struct {
			Decision string `json:"decision"`
			Comment  string `json:"comment"`
			New      bool   `json:"new"`
		} `json:"review"`
	} `json:"findings"`
}

func readReport(t *testing.T, dir string) reportView {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r reportView
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestReviewerSignOff plays the reviewer: review, decisions entered in the
// workbook, import, a second version of the case, review again.
func TestReviewerSignOff(t *testing.T) {
	dir := t.TempDir()
	kase := filepath.Join(dir, "case.json")
	raw, err := os.ReadFile(repo("examples/nz-confiscation.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(kase, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	rv := filepath.Join(dir, "rv1")
	if code, _, errs := run(t, nil, "review", kase, "--out", rv); code != 0 {
		t.Fatalf("review: exit %d\n%s", code, errs)
	}
	first := readReport(t, rv)
	n := len(first.Findings)
	if n < 2 || first.Review != nil || len(first.CaseSHA256) != 64 {
		t.Fatalf("first report: %d findings, review %v, case hash %q", n, first.Review, first.CaseSHA256)
	}
	// Columns: No., ID, …, Decision (10), Comment (11).
	var cells []string
	for i := 0; i < n; i++ {
		cells = append(cells, strconv.Itoa(i+2)+",10,同意 / Accept")
	}
	cells = append(cells, "2,11,已核对原文")
	filled := filepath.Join(dir, "filled.xlsx")
	fillReport(t, filepath.Join(rv, "report.xlsx"), filled, cells...)

	code, _, errs := run(t, nil, "review", "import", kase, filled, "--reviewer", "王五", "--date", "2026-05-02", "--lang", "zh")
	if code != 0 {
		t.Fatalf("review import: exit %d\n%s", code, errs)
	}
	rec, err := os.ReadFile(signoff.PathFor(kase))
	if err != nil {
		t.Fatal(err)
	}
	r, err := signoff.Parse(rec)
	if err != nil || len(r.Decisions) != n || r.CaseSHA256 != first.CaseSHA256 || r.Reviewer != "王五" || r.Decisions[0].Comment != "已核对原文" {
		t.Fatalf("review file %v: %s", err, rec)
	}
	// Importing again is refused without --force, and a file that is not a
	// review is never replaced, --force or not.
	if code, _, errs := run(t, nil, "review", "import", kase, filled, "--reviewer", "王五", "--lang", "zh"); code != ExitUsage || !strings.Contains(errs, "--force") {
		t.Errorf("second import: exit %d\n%s", code, errs)
	}
	mine := filepath.Join(dir, "notes.json")
	if err := os.WriteFile(mine, []byte(`{"mine": true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, nil, "review", "import", kase, filled, "--reviewer", "王五", "--out", mine, "--force", "--lang", "zh"); code != ExitUsage || !strings.Contains(errs, "不是 mla 的审核记录文件") {
		t.Errorf("import over a file of the user's: exit %d\n%s", code, errs)
	}
	if b, _ := os.ReadFile(mine); string(b) != `{"mine": true}` {
		t.Errorf("the user's file was changed: %s", b)
	}

	// The next report carries every decision: reviewed, and the comment.
	rv2 := filepath.Join(dir, "rv2")
	if code, _, errs := run(t, nil, "review", kase, "--out", rv2); code != 0 {
		t.Fatalf("review 2: exit %d\n%s", code, errs)
	}
	second := readReport(t, rv2)
	if second.Review == nil || second.Review.Status != "reviewed" || !second.Review.Current {
		t.Fatalf("second report's review: %+v", second.Review)
	}
	for i, f := range second.Findings {
		if f.Review == nil || f.Review.Decision != "accept" || f.ID != first.Findings[i].ID {
			t.Errorf("finding %s: review %+v", f.ID, f.Review)
		}
	}

	// A second version of the case with one more defect: the old decisions
	// hold by id, the new finding shows as new, the request is a draft
	// again, and the old workbook no longer fits the case.
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	facts := c["case"].(map[string]any)["facts"].(map[string]any)
	facts["en"] = facts["zh"]
	b, _ := json.MarshalIndent(c, "", "  ")
	if err := os.WriteFile(kase, b, 0o600); err != nil {
		t.Fatal(err)
	}
	rv3 := filepath.Join(dir, "rv3")
	run(t, nil, "review", kase, "--out", rv3)
	third := readReport(t, rv3)
	kept, fresh := 0, 0
	for _, f := range third.Findings {
		switch {
		case f.Review != nil && f.Review.New:
			fresh++
		case f.Review != nil && f.Review.Decision == "accept":
			kept++
		}
	}
	if fresh == 0 || kept != n || third.Review == nil || third.Review.Status != "draft" || third.Review.Current {
		t.Errorf("third report: %d kept, %d new, review %+v", kept, fresh, third.Review)
	}
	code, _, errs = run(t, nil, "review", "import", kase, filled, "--reviewer", "王五", "--force", "--lang", "zh")
	if code != ExitUsage || !strings.Contains(errs, "另一版本案卷") {
		t.Errorf("import of the old workbook: exit %d\n%s", code, errs)
	}
}

// TestReviewImportRefusesBadRows: a decision that is not one of the
// choices, and one on a finding the case does not have, each name the
// sheet and cell or row.
func TestReviewImportRefusesBadRows(t *testing.T) {
	dir := t.TempDir()
	kase := filepath.Join(dir, "case.json")
	raw, _ := os.ReadFile(repo("examples/nz-confiscation.json"))
	if err := os.WriteFile(kase, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	rv := filepath.Join(dir, "rv")
	run(t, nil, "review", kase, "--out", rv)
	for _, tt := range []struct {
		cells []string
		want  string
	}{
		{[]string{"2,10,也许"}, "单元格 J2"},
		{[]string{"2,2,zzzzzzz", "2,10,同意 / Accept"}, "案卷已没有发现 zzzzzzz"},
		{[]string{"3,11,仅有意见"}, "第 3 行"},
	} {
		bad := filepath.Join(dir, "bad.xlsx")
		fillReport(t, filepath.Join(rv, "report.xlsx"), bad, tt.cells...)
		code, _, errs := run(t, nil, "review", "import", kase, bad, "--reviewer", "王五", "--lang", "zh")
		if code != ExitUsage || !strings.Contains(errs, tt.want) || !strings.Contains(errs, "Findings") {
			t.Errorf("%v: exit %d, want %q\n%s", tt.cells, code, tt.want, errs)
		}
		if _, err := os.Stat(signoff.PathFor(kase)); err == nil {
			t.Fatalf("%v: a review file was written", tt.cells)
		}
	}
}

// TestDiffVersions: diff names the changed text by the person's id and the
// finding that the change brought, and exits 1; the same case twice exits 0.
func TestDiffVersions(t *testing.T) {
	dir := t.TempDir()
	old := repo("examples/nz-confiscation.json")
	raw, _ := os.ReadFile(old)
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	facts := c["case"].(map[string]any)["facts"].(map[string]any)
	facts["en"] = facts["zh"] // text.untranslated appears
	b, _ := json.Marshal(c)
	newer := filepath.Join(dir, "v2.json")
	if err := os.WriteFile(newer, b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, nil, "diff", old, newer, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("diff: exit %d\n%s", code, errs)
	}
	var res struct {
		Changes []struct {
			Op, Pointer string
		}
		Findings []struct {
			Op, ID string
			New    *struct{ Rule string }
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 1 || res.Changes[0].Op != "changed" || res.Changes[0].Pointer != "/case/facts/en" {
		t.Errorf("changes %+v", res.Changes)
	}
	found := false
	for _, f := range res.Findings {
		found = found || f.Op == "added" && f.New != nil && f.New.Rule == "text.untranslated" && len(f.ID) == 7
	}
	if !found {
		t.Errorf("findings %+v lack the text.untranslated that appeared", res.Findings)
	}
	if code, out, _ := run(t, nil, "diff", old, old, "--lang", "zh"); code != 0 || !strings.Contains(out, "均无差别") {
		t.Errorf("diff of a case with itself: exit %d\n%s", code, out)
	}
}

// TestTransmittal: the bundle carries the liaison authority's covering
// letter: from the PRC's central authority under the treaty (the
// Ministry of Justice), to the requested State's, naming the drafting
// organ and the competent authority that approved the request, listing
// what it transmits, and signed by the central authority, not by the
// drafting organ; its reference comes from the case when given.
func TestTransmittal(t *testing.T) {
	raw, err := os.ReadFile(repo("examples/au-bribery.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"", "司发函〔2026〕88号"} {
		dir := t.TempDir()
		kase := filepath.Join(dir, "case.json")
		if ref != "" {
			c["transmittal"] = map[string]any{"reference": ref, "date": "2026-02-20"}
		}
		b, _ := json.Marshal(c)
		if err := os.WriteFile(kase, b, 0o600); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "bundle")
		approve(t, kase)
		if code, _, errs := run(t, nil, "generate", kase, "--out", out); code != 0 {
			t.Fatalf("generate: exit %d\n%s", code, errs)
		}
		text := squeeze(pdfBody(t, filepath.Join(out, "transmittal.pdf")))
		for _, want := range []string{"中华人民共和国司法部作为", "兹转递西岭省监察委员会", "该请求已经国家监察委员会审核同意", "Attorney-General", "证据清单", "transmitsherewith"} {
			if !strings.Contains(text, squeeze(want)) {
				t.Errorf("transmittal.pdf lacks %q", want)
			}
		}
		i := strings.LastIndex(text, squeeze("（盖章）"))
		if i < 0 || !strings.Contains(text[max(0, i-400):i], "中华人民共和国司法部") || strings.Contains(text[max(0, i-400):i], "西岭省监察委员会") {
			t.Errorf("the signature block is not the Ministry of Justice's alone:\n%s", text[max(0, i-400):max(0, i)])
		}
		if ref != "" && (!strings.Contains(text, ref) || !strings.Contains(text, "2026年2月20日")) {
			t.Errorf("the reference and date of the case's transmittal are not printed")
		}
		if ref == "" && !strings.Contains(text, squeeze("编号：【待填写】")) {
			t.Errorf("a transmittal without its reference does not show the gap")
		}
		if code, out, errs := run(t, nil, "verify", out); code != 0 || !strings.Contains(out, "transmittal.pdf") {
			t.Errorf("verify: exit %d\n%s%s", code, out, errs)
		}
	}
}

// TestNoStateCommitmentInTheRequest: the request, signed by the
// case-handling organ, commits the State to nothing in its own voice; the
// assurances are a document of their own, for the Ministry of Foreign
// Affairs on the Supreme People's Court's decision, and the request lists
// it as an annex.
func TestNoStateCommitmentInTheRequest(t *testing.T) {
	banned := []string{"中华人民共和国承诺", "中华人民共和国确认", "中华人民共和国在类似情况下将", "请求方同意", "undertakes that", "The People's Republic of China confirms", "will provide the requested State with similar assistance", "The requesting side agrees"}
	for _, ex := range []string{"au-bribery", "nz-confiscation", "us-embezzlement", "ca-bribery-fr"} {
		out := filepath.Join(t.TempDir(), ex)
		if code, _, errs := run(t, nil, "generate", repo("examples/"+ex+".json"), "--out", out); code != 0 {
			t.Fatalf("%s: exit %d\n%s", ex, code, errs)
		}
		req := squeeze(pdfBody(t, filepath.Join(out, "request.pdf")))
		for _, b := range banned {
			if strings.Contains(req, squeeze(b)) {
				t.Errorf("%s: request.pdf commits the State in the drafting organ's voice: %q", ex, b)
			}
		}
		_, err := os.Stat(filepath.Join(out, "assurances.pdf"))
		needs := ex == "au-bribery" || ex == "nz-confiscation"
		if needs != (err == nil) {
			t.Errorf("%s: assurances.pdf present %v, want %v", ex, err == nil, needs)
		}
		if !needs {
			continue
		}
		as := squeeze(pdfBody(t, filepath.Join(out, "assurances.pdf")))
		for _, want := range []string{"中华人民共和国外交部根据最高人民法院的决定", "不判处死刑", "willnotbesentencedtodeath", "受本保证的约束"} {
			if !strings.Contains(as, squeeze(want)) {
				t.Errorf("%s: assurances.pdf lacks %q", ex, want)
			}
		}
		if !strings.Contains(req, "保证书") {
			t.Errorf("%s: the request does not list the assurances among its annexes", ex)
		}
	}
}

// TestReviewImportAfterLibreOffice: a reviewer's workbook re-saved by
// LibreOffice (as an office user would) still imports, with its decisions.
func TestReviewImportAfterLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("soffice is missing (CI is set): %v", err)
		}
		t.Skip("soffice is not installed")
	}
	dir := t.TempDir()
	kase := filepath.Join(dir, "case.json")
	raw, _ := os.ReadFile(repo("examples/nz-confiscation.json"))
	if err := os.WriteFile(kase, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	rv := filepath.Join(dir, "rv")
	if code, _, errs := run(t, nil, "review", kase, "--out", rv); code != 0 {
		t.Fatalf("review: exit %d\n%s", code, errs)
	}
	filled := filepath.Join(dir, "filled.xlsx")
	fillReport(t, filepath.Join(rv, "report.xlsx"), filled, "2,10,不同意 / Reject", "2,11,不适用于本案", "3,10,需修改 / Needs change")
	conv := filepath.Join(dir, "lo")
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "xlsx", "--outdir", conv, filled)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	if code, _, errs := run(t, nil, "review", "import", kase, filepath.Join(conv, "filled.xlsx"), "--reviewer", "王五", "--lang", "zh"); code != 0 {
		t.Fatalf("import of the re-saved workbook: exit %d\n%s", code, errs)
	}
	data, err := os.ReadFile(signoff.PathFor(kase))
	if err != nil {
		t.Fatal(err)
	}
	r, err := signoff.Parse(data)
	if err != nil || len(r.Decisions) != 2 || r.Decisions[0].Decision != "reject" || r.Decisions[0].Comment != "不适用于本案" || r.Decisions[1].Decision != "change" {
		t.Errorf("decisions after LibreOffice: %v %+v", err, r)
	}
}
