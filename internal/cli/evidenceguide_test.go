package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAssetsEvidenceGuide: a state's evidence guidelines under --assets are
// checked like the built-in ones (a failed test is a warning with the
// guideline's source, printed in the evidence list); a guideline mla cannot
// use is the user's error (exit 2) naming the file and the field.
func TestAssetsEvidenceGuide(t *testing.T) {
	own := `{"items": [{"id": "us.photo_source", "requirement": "guide.translation", "source": "Test Guide s 1",
	  "confirmed": true, "severity": "warning", "applies_to": {"direction": "sent", "kinds": ["photograph"]},
	  "test": {"field": "certified", "equals": [true]}}]}`
	dir := assetsDir(t, map[string]string{"templates/us/evidence-guide.json": own})
	kase := repo("examples/us-embezzlement.json")
	code, out, errs := run(t, nil, "validate", kase, "--assets", dir)
	// E21 is the example's one photograph.
	if code != 0 || !strings.Contains(out+errs, "/evidence/20/certified [evidence.guideline]") || !strings.Contains(out+errs, "Test Guide s 1") {
		t.Errorf("own guideline: exit %d\n%s%s", code, out, errs)
	}
	outDir := filepath.Join(t.TempDir(), "out")
	// The new guideline's finding is one the example's approved review did
	// not decide: the major case is generated as a draft.
	if code, _, errs := run(t, nil, "generate", kase, "--assets", dir, "--out", outDir, "--draft"); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, errs)
	}
	ev := pdfBody(t, filepath.Join(outDir, "evidence.pdf"))
	if !strings.Contains(squeeze(ev), squeeze("Test Guide s 1")) || !strings.Contains(squeeze(ev), squeeze("E21 ✗")) {
		t.Errorf("evidence.pdf lacks the guideline or its failed item:\n%s", ev)
	}

	bad := strings.Replace(own, `"warning"`, `"error"`, 1)
	dir = assetsDir(t, map[string]string{"templates/us/evidence-guide.json": bad})
	file := filepath.Join(dir, "templates", "us", "evidence-guide.json")
	code, errs = runGuarded(t, "validate", kase, "--assets", dir)
	if code != ExitUsage || !strings.Contains(errs, file) || !strings.Contains(errs, "/items/0/severity") {
		t.Errorf("bad guideline: exit %d, want 2 naming %s /items/0/severity:\n%s", code, file, errs)
	}
}
