package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/render/pdf"
	"github.com/mla-dev/mla/internal/render/xlsx"
	"github.com/mla-dev/mla/internal/validate"
)

// repo is the repository root: the assets as --assets would give them.
var repo = os.DirFS(filepath.Join("..", ".."))

// review runs what `mla review` runs on a case file of the repository and
// returns the report's input.
func review(t testing.TB, name string) Input {
	t.Helper()
	data, err := fs.ReadFile(repo, name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := casefile.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load(repo, "locales")
	if err != nil {
		t.Fatal(err)
	}
	offs, err := offences.Load(repo)
	if err != nil {
		t.Fatal(err)
	}
	v := validate.New(repo)
	v.Offences = offs
	r, err := v.Validate(f)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Report: r, File: f, Catalog: cat, Creator: "mla test"}
	if p, tmpl, err := profile.Load(repo, r.State); err == nil {
		in.Profile, in.Template = p, tmpl
		validate.AddUnconfirmed(r, p, tmpl)
	}
	if err := validate.Localize(r, cat); err != nil {
		t.Fatal(err)
	}
	cl, err := validate.LoadChecklist(repo, r.State)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Review(r, f, in.Template, cl, cat); err != nil {
		t.Fatal(err)
	}
	return in
}

type want struct{ severity, rule, pointer string }

func readWant(t *testing.T, name string) []want {
	t.Helper()
	data, err := fs.ReadFile(repo, name)
	if err != nil {
		t.Fatal(err)
	}
	var out []want
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("%s: bad line %q", name, line)
		}
		out = append(out, want{f[0], f[1], f[2]})
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestTenDefects: the example with ten planted defects of different kinds
// gives exactly those ten findings, each with a legal source and its
// message in both languages, and no other finding.
func TestTenDefects(t *testing.T) {
	in := review(t, "testdata/review/ten-defects.json")
	wants := readWant(t, "testdata/review/ten-defects.want")
	if len(wants) != 10 {
		t.Fatalf("the fixture plants %d defects, want 10", len(wants))
	}
	// Notes on the unconfirmed legal facts the request relies on come with
	// every request to the United States; they are not defects of the case.
	var got []validate.Finding
	for _, f := range in.Report.Findings {
		if f.Severity == validate.Info && (f.Rule == "profile.unconfirmed" || f.Rule == "dual_criminality.unconfirmed") {
			continue
		}
		got = append(got, f)
	}
	if len(got) != len(wants) {
		t.Errorf("%d findings, want %d", len(got), len(wants))
	}
	rules := map[string]bool{}
	for i := range min(len(got), len(wants)) {
		g, w := got[i], wants[i]
		if string(g.Severity) != w.severity || g.Rule != w.rule || g.Pointer != w.pointer {
			t.Errorf("finding %d: %s %s %s, want %s %s %s", i+1, g.Severity, g.Rule, g.Pointer, w.severity, w.rule, w.pointer)
		}
		if g.Source == "" {
			t.Errorf("%s at %s has no source", g.Rule, g.Pointer)
		}
		if !hasHan(g.Message["zh"]) || g.Message["en"] == "" || hasHan(strings.ReplaceAll(g.Message["en"], "无固定职业", "")) && g.Rule != "text.undrawable" {
			t.Errorf("%s at %s: messages %q", g.Rule, g.Pointer, g.Message)
		}
		if g.Section == "" {
			t.Errorf("%s at %s has no section", g.Rule, g.Pointer)
		}
		rules[g.Rule] = true
	}
	if len(rules) != 10 {
		t.Errorf("the defects are of %d kinds, want 10", len(rules))
	}
	if in.Report.Valid {
		t.Error("a case with errors is valid")
	}
}

// TestExamplesHaveNoError: every example validates without an error, and
// its checklist has nothing unmet, except what a scenario example declares
// in examples/expect/<name>.json: its errors, and the requirements they
// leave unmet.
func TestExamplesHaveNoError(t *testing.T) {
	names, _ := fs.Glob(repo, "examples/*.json")
	// The approved review beside each example is not a case file.
	names = slices.DeleteFunc(names, func(n string) bool { return strings.HasSuffix(n, ".review.json") })
	if len(names) == 0 {
		t.Fatal("no examples")
	}
	for _, name := range names {
		declared := map[string]bool{}
		if raw, err := fs.ReadFile(repo, "examples/expect/"+filepath.Base(name)); err == nil {
			var e struct{ Findings []string }
			if err := json.Unmarshal(raw, &e); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, id := range e.Findings {
				declared[id] = true
			}
		}
		in := review(t, name)
		for _, f := range in.Report.Findings {
			if f.Severity == validate.Error && !declared[f.Rule] {
				t.Errorf("%s: %s at %s: %s", name, f.Rule, f.Pointer, f.Message["en"])
			}
		}
		if len(in.Report.Checklist) < 15 {
			t.Errorf("%s: checklist of %d items", name, len(in.Report.Checklist))
		}
		for _, q := range in.Report.Checklist {
			if q.Status != validate.NotMet {
				continue
			}
			explained := false
			for _, ref := range q.Findings {
				explained = explained || declared[ref.Rule]
			}
			if !explained {
				t.Errorf("%s: requirement %s not met", name, q.ID)
			}
		}
	}
}

// render composes the report and renders it as the command line does:
// report.json, and report.xlsx and report.pdf by the renderers.
func render(t testing.TB, in Input) map[string][]byte {
	t.Helper()
	js, err := JSON(in.Report)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Compose(in)
	if err != nil {
		t.Fatal(err)
	}
	var x, p bytes.Buffer
	if err := xlsx.Render(&x, doc); err != nil {
		t.Fatal(err)
	}
	if err := pdf.Render(&p, doc); err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{JSONName: js, XLSXName: x.Bytes(), PDFName: p.Bytes()}
}

func TestDeterministic(t *testing.T) {
	in := review(t, "testdata/review/ten-defects.json")
	a, b := render(t, in), render(t, review(t, "testdata/review/ten-defects.json"))
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// TestJSONShape: report.json is the documented shape, version 1.
func TestJSONShape(t *testing.T) {
	in := review(t, "testdata/review/ten-defects.json")
	var m map[string]any
	if err := json.Unmarshal(render(t, in)[JSONName], &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"format_version", "valid", "state", "reference", "findings", "checklist"} {
		if _, ok := m[k]; !ok {
			t.Errorf("report.json has no %q", k)
		}
	}
	if m["format_version"] != float64(validate.FormatVersion) || m["valid"] != false || m["state"] != "US" {
		t.Errorf("head %v %v %v", m["format_version"], m["valid"], m["state"])
	}
	f0 := m["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"severity", "pointer", "rule", "message", "source", "section"} {
		if _, ok := f0[k]; !ok {
			t.Errorf("a finding has no %q: %v", k, f0)
		}
	}
	c0 := m["checklist"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "requirement", "source", "status"} {
		if _, ok := c0[k]; !ok {
			t.Errorf("a checklist item has no %q: %v", k, c0)
		}
	}
}

// checker returns an external reader's path: skipped when missing, a
// failure when CI is set.
func checker(t *testing.T, name string, args ...string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil && len(args) > 0 {
		err = exec.Command(p, args...).Run()
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing (CI is set): %v", name, err)
		}
		t.Skipf("%s is missing: %v", name, err)
	}
	return p
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestPDFCarriesEveryFinding reads report.pdf back with pdftotext: every
// finding's pointer, rule, source and both messages, every requirement of
// the checklist and the case reference are in its text.
func TestPDFCarriesEveryFinding(t *testing.T) {
	in := review(t, "testdata/review/ten-defects.json")
	out := render(t, in)
	path := filepath.Join(t.TempDir(), PDFName)
	if err := os.WriteFile(path, out[PDFName], 0o600); err != nil {
		t.Fatal(err)
	}
	raw, err := exec.Command(checker(t, "pdftotext"), "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := squeeze(string(raw))
	must := []string{in.Report.Reference, "刑事司法协助请求审核报告", "Reviewreportontherequestformutuallegalassistance", "审核专家", "Reviewer"}
	for _, f := range in.Report.Findings {
		must = append(must, f.Pointer, f.Source, printable(f.Message["zh"]), printable(f.Message["en"]))
	}
	for _, q := range in.Report.Checklist {
		must = append(must, q.Requirement["zh"], q.Requirement["en"])
	}
	for _, s := range must {
		// Long rule ids and pointers break inside narrow cells; a
		// message is a paragraph of its own. A row taller than what is
		// left of a page goes on over the next one, so the end of one cell
		// may follow the other cells' first parts and the page header:
		// such a text is looked for in order, with the rest of its row
		// allowed in between.
		if want := squeeze(s); !strings.Contains(text, want) && !inOrder(text, want, 4000) {
			t.Errorf("report.pdf does not carry %q", s)
		}
	}
	if q := checker(t, "qpdf"); q != "" {
		if out, err := exec.Command(q, "--check", path).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}

// readback is what testdata/readback.py prints.
type readback struct {
	Sheets []string `json:"sheets"`
	Sheet  map[string]struct {
		Rows        [][]any `json:"rows"`
		Validations []struct {
			Sqref    string `json:"sqref"`
			Type     string `json:"type"`
			Formula1 string `json:"formula1"`
		} `json:"validations"`
	} `json:"sheet"`
}

// TestXLSXReadsBack reads report.xlsx back with openpyxl: a row per
// finding, a row per requirement, the drop-down list on the decision
// column, and a summary sheet.
func TestXLSXReadsBack(t *testing.T) {
	py := checker(t, "/usr/bin/python3", "-c", "import openpyxl")
	in := review(t, "testdata/review/ten-defects.json")
	out := render(t, in)
	path := filepath.Join(t.TempDir(), XLSXName)
	if err := os.WriteFile(path, out[XLSXName], 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := exec.Command(py, filepath.Join("testdata", "readback.py"), path).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var rb readback
	if err := json.Unmarshal(data, &rb); err != nil {
		t.Fatal(err)
	}
	if strings.Join(rb.Sheets, ",") != "Findings,Checklist,Summary" {
		t.Fatalf("sheets %v", rb.Sheets)
	}
	fs := rb.Sheet["Findings"]
	if len(fs.Rows) != len(in.Report.Findings)+1 {
		t.Fatalf("findings sheet has %d rows for %d findings", len(fs.Rows), len(in.Report.Findings))
	}
	head := fs.Rows[0]
	col := map[string]int{}
	for i, h := range head {
		s, _ := h.(string)
		col[strings.SplitN(s, "\n", 2)[len(strings.SplitN(s, "\n", 2))-1]] = i
	}
	for _, h := range []string{"Severity", "Section of the request", "Field (JSON Pointer)", "Rule", "Finding (Chinese)", "Finding (English)", "Source", "Decision", "Comment"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("no column %q in %v", h, head)
		}
	}
	// Several notes may share a rule and a pointer (unconfirmed facts of the
	// requested state): the English message tells them apart.
	byKey := map[string][]any{}
	for _, r := range fs.Rows[1:] {
		en, _ := r[col["Finding (English)"]].(string)
		byKey[r[col["Rule"]].(string)+" "+r[col["Field (JSON Pointer)"]].(string)+" "+en] = r
	}
	for _, f := range in.Report.Findings {
		r, ok := byKey[f.Rule+" "+f.Pointer+" "+printable(f.Message["en"])]
		if !ok {
			t.Errorf("no row for %s at %s", f.Rule, f.Pointer)
			continue
		}
		if r[col["Finding (Chinese)"]] != printable(f.Message["zh"]) || r[col["Finding (English)"]] != printable(f.Message["en"]) || r[col["Source"]] != f.Source {
			t.Errorf("row for %s at %s: %v", f.Rule, f.Pointer, r)
		}
		if r[col["Decision"]] != nil || r[col["Comment"]] != nil {
			t.Errorf("decision and comment must be empty: %v", r)
		}
	}
	dv := fs.Validations
	letter := string(rune('A' + col["Decision"]))
	if len(dv) != 1 || dv[0].Type != "list" || dv[0].Sqref != fmt.Sprintf("%s2:%s%d", letter, letter, len(in.Report.Findings)+1) ||
		!strings.Contains(dv[0].Formula1, "同意 / Accept") || !strings.Contains(dv[0].Formula1, "需修改 / Needs change") {
		t.Errorf("decision drop-down %+v", dv)
	}
	cs := rb.Sheet["Checklist"]
	if len(cs.Rows) != len(in.Report.Checklist)+1 {
		t.Errorf("checklist sheet has %d rows for %d requirements", len(cs.Rows), len(in.Report.Checklist))
	}
	for i, q := range in.Report.Checklist {
		if i+1 >= len(cs.Rows) {
			break
		}
		r := cs.Rows[i+1]
		if r[1] != q.Requirement["zh"] || r[2] != q.Requirement["en"] || r[3] != q.Source || !strings.Contains(r[4].(string), statusLabel[q.Status]) {
			t.Errorf("checklist row %d: %v, want %s %s", i+1, r, q.ID, q.Status)
		}
	}
	ss := rb.Sheet["Summary"]
	if len(ss.Rows) < 8 || !strings.Contains(ss.Rows[1][1].(string), in.Report.Reference) {
		t.Errorf("summary sheet %v", ss.Rows)
	}
}

var statusLabel = map[string]string{validate.Met: "Met", validate.NotMet: "Not met", validate.ToCheck: "To check", validate.NotApplicable: "Not applicable"}

// TestPrintable: a character the fonts cannot draw is named by its code
// point, so the PDF can be drawn; one the fallback face draws is kept.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"王𰀀":     "王[U+30000]",
		"王𠀀𨭉":    "王𠀀𨭉", // CJK Extension B: the fallback face draws it
		"plain":  "plain",
		"林建华":    "林建华",
		"a\x07b": "a[U+0007]b",
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// inOrder reports whether the runes of want appear in text in order,
// within a span of len(want)+slack runes from the first.
func inOrder(text, want string, slack int) bool {
	tr, wr := []rune(text), []rune(want)
	if len(wr) == 0 {
		return true
	}
	for start := range tr {
		if tr[start] != wr[0] {
			continue
		}
		j := 0
		for i := start; i < len(tr) && i-start <= len(wr)+slack && j < len(wr); i++ {
			if tr[i] == wr[j] {
				j++
			}
		}
		if j == len(wr) {
			return true
		}
	}
	return false
}

func TestInOrder(t *testing.T) {
	for _, tt := range []struct {
		text, want string
		ok         bool
	}{
		{"abcdef", "bcd", true},
		{"ab-HEADER-cd", "abcd", true},
		{"abdc", "abcd", false},
		{"ab" + strings.Repeat("x", 50) + "cd", "abcd", false},
	} {
		if got := inOrder(tt.text, tt.want, 20); got != tt.ok {
			t.Errorf("inOrder(%q, %q) = %v, want %v", tt.text, tt.want, got, tt.ok)
		}
	}
}
