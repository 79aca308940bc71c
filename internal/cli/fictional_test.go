package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFictionalStateFromAssets adds a requested state that mla has never
// heard of, from a folder given with --assets (its schema, profile and
// template only, no Go code), and generates a bundle for it.
func TestFictionalStateFromAssets(t *testing.T) {
	assets := filepath.Join("testdata", "fictional")
	kase := filepath.Join(assets, "case.json")

	code, out, errs := run(t, nil, "countries", "--assets", assets)
	if code != 0 || !strings.Contains(out, "XX") || !strings.Contains(out, "Republic of Examplia") || !strings.Contains(out, "US") {
		t.Fatalf("countries: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, nil, "validate", kase, "--assets", assets)
	if code != 0 || !strings.Contains(out, "dual_criminality.no_table") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
	// The state has no treaty with China: its profile says so, and the
	// request must then promise reciprocity (ICJAL art. 13).
	dir := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", kase, "--assets", assets, "--out", dir); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, errs)
	}
	req := squeeze(pdfBody(t, filepath.Join(dir, "request.pdf")))
	for _, want := range []string{"MinistryofJusticeofExamplia(fictional)", "示例共和国司法部（虚构）", "also a criminal offence under the law of the requested State", "similarassistanceincomparablecases"} {
		if !strings.Contains(req, want) && !strings.Contains(req, squeeze(want)) {
			t.Errorf("request.pdf lacks %q", want)
		}
	}
	// Its own checklist item reaches the reviewer's report.
	rdir := filepath.Join(t.TempDir(), "review")
	if code, _, errs := run(t, nil, "review", kase, "--assets", assets, "--out", rdir); code != 0 {
		t.Fatalf("review: exit %d\n%s", code, errs)
	}
	rep, err := os.ReadFile(filepath.Join(rdir, "report.json"))
	if err != nil || !strings.Contains(string(rep), `"examplia_translation"`) || !strings.Contains(string(rep), "Examplia Mutual Assistance Act s. 7 (fictional)") {
		t.Errorf("report.json lacks the state's checklist item (%v)", err)
	}
	// Without the embedded assets it would be an unknown state.
	if code, out, _ := run(t, nil, "validate", kase); code != ExitFindings || !strings.Contains(out, "state.unsupported") {
		t.Errorf("without --assets: exit %d\n%s", code, out)
	}
}
