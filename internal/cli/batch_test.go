package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBatch: a folder of cases gives one bundle per good case, named by its
// reference; a bad case does not stop the others, and the summary and the
// exit code say which failed.
func TestBatch(t *testing.T) {
	in := t.TempDir()
	src, err := os.ReadFile(repo(example))
	if err != nil {
		t.Fatal(err)
	}
	ref := "东监协〔2026〕7号"
	for i, r := range []string{"A/1", "B:2"} {
		s := strings.Replace(string(src), ref, ref+r, 1)
		p := filepath.Join(in, []string{"a.json", "b.json"}[i])
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		approve(t, p)
	}
	bad, _ := os.ReadFile(repo("testdata/invalid/missing-facts.json"))
	if err := os.WriteFile(filepath.Join(in, "c.json"), bad, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, errs := run(t, nil, "generate", in, "--out", out, "--jobs", "2")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\n%s", code, ExitFindings, errs)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if _, err := os.Stat(filepath.Join(out, e.Name(), "request.pdf")); err != nil {
			t.Errorf("%s has no request.pdf", e.Name())
		}
	}
	// Path separators and characters Windows forbids become "_".
	if want := ref + "A_1," + ref + "B_2"; strings.Join(names, ",") != want {
		t.Errorf("bundles %v, want %s", names, want)
	}
	if !strings.Contains(errs, "c.json") || !strings.Contains(errs, "2 of 3") {
		t.Errorf("summary does not name the failure and the counts:\n%s", errs)
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"东监协〔2026〕7号":   "东监协〔2026〕7号",
		"a/b\\c:d*e?f":  "a_b_c_d_e_f",
		" ..x.. ":       "x",
		"":              "_",
		"tab\there":     "tab_here",
		".":             "_",
		"..":            "_",
		"\u202egnp.exe": "_gnp.exe", // a right-to-left override
		"a\u200bb":      "a_b",      // a zero-width space
		"\x1b[2Kx":      "_[2Kx",
		"NUL":           "_NUL", // a device on Windows
		"con.2026":      "_con.2026",
		"Lpt1 .x":       "_Lpt1 .x",
		"CONTRACT":      "CONTRACT",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}
