package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/bundle"
)

// caseWithFiles copies the example into a new folder with two evidence
// files beside it, named by items E1 (with its SHA-256 stated) and E3, and
// returns the case file's path and the two files' digests.
func caseWithFiles(t *testing.T, edit func(items []any)) (string, [2]string) {
	t.Helper()
	dir := t.TempDir()
	raw, err := os.ReadFile(repo(example))
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	files := [2][]byte{[]byte("%PDF-1.4 scan of E1\n"), []byte("scan of E3, page 1\n")}
	sums := [2]string{sum(files[0]), sum(files[1])}
	must(t, os.MkdirAll(filepath.Join(dir, "证据"), 0o700))
	must(t, os.WriteFile(filepath.Join(dir, "证据", "E1 立案决定书.pdf"), files[0], 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "E3.txt"), files[1], 0o600))
	items := c["evidence"].([]any)
	items[0].(map[string]any)["file"] = "证据/E1 立案决定书.pdf"
	items[0].(map[string]any)["sha256"] = sums[0]
	items[2].(map[string]any)["file"] = "E3.txt"
	if edit != nil {
		edit(items)
	}
	data, _ := json.MarshalIndent(c, "", "  ")
	path := filepath.Join(dir, "case.json")
	must(t, os.WriteFile(path, data, 0o600))
	approve(t, path) // the case is major
	return path, sums
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readManifest(t *testing.T, dir string) bundle.Manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, bundle.ManifestName))
	must(t, err)
	m, err := bundle.DecodeManifest(data)
	must(t, err)
	return *m
}

func TestGenerateWithEvidenceFiles(t *testing.T) {
	path, sums := caseWithFiles(t, nil)
	out := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", path, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	m := readManifest(t, out)
	if len(m.Evidence) != 2 || m.Evidence[0].SHA256 != sums[0] || m.Evidence[1].SHA256 != sums[1] ||
		m.Evidence[0].Pointer != "/evidence/0" || m.Evidence[1].ID != "E3" || m.Evidence[0].File != "证据/E1 立案决定书.pdf" {
		t.Errorf("manifest evidence %+v", m.Evidence)
	}
	if got, _ := filepath.Abs(filepath.Join(out, filepath.FromSlash(m.Case.Path))); got != path {
		t.Errorf("case path %q leads to %s, want %s", m.Case.Path, got, path)
	}

	t.Run("the evidence list shows each file and its SHA-256", func(t *testing.T) {
		ev := squeeze(pdfText(t, filepath.Join(out, "evidence.pdf")))
		for _, want := range []string{sums[0], sums[1], squeeze("证据/E1 立案决定书.pdf"), "SHA-256"} {
			if !strings.Contains(ev, want) {
				t.Errorf("evidence.pdf lacks %s", want)
			}
		}
		py := checker(t, "python3-openpyxl")
		script := `import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
head = [c.value for c in ws[1]]
col = next(i for i, h in enumerate(head) if h and "SHA-256" in h)
print(json.dumps([ws.cell(r, col + 1).value for r in range(2, 5)]))`
		b, err := exec.Command(py, "-c", script, filepath.Join(out, "evidence.xlsx")).Output()
		if err != nil {
			t.Fatalf("openpyxl: %v", err)
		}
		var got []*string
		must(t, json.Unmarshal(b, &got))
		if len(got) != 3 || got[0] == nil || *got[0] != sums[0] || got[1] != nil && *got[1] != "" || got[2] == nil || *got[2] != sums[1] {
			t.Errorf("SHA-256 column %s", b)
		}
	})

	t.Run("every PDF page shows the fingerprint", func(t *testing.T) {
		for _, f := range []string{"request.pdf", "evidence.pdf", "report.pdf"} {
			pages := strings.Split(strings.TrimRight(pdfText(t, filepath.Join(out, f)), "\f"), "\f")
			if len(pages) < 2 {
				t.Fatalf("%s: %d pages", f, len(pages))
			}
			for i, p := range pages {
				if !strings.Contains(squeeze(p), m.Fingerprint.SHA256) {
					t.Errorf("%s page %d lacks the fingerprint %s", f, i+1, m.Fingerprint.SHA256)
				}
			}
		}
	})

	t.Run("verify passes on the fresh bundle", func(t *testing.T) {
		code, stdout, errs := run(t, nil, "verify", out)
		if code != 0 {
			t.Fatalf("exit %d:\n%s%s", code, stdout, errs)
		}
		for _, want := range []string{"ok", "request.pdf", "E1", "E3", m.Fingerprint.SHA256} {
			if !strings.Contains(stdout, want) {
				t.Errorf("output lacks %q:\n%s", want, stdout)
			}
		}
	})
}

// TestVerifyFailsForAnyChangedByte flips one byte at a time in every file
// of a fresh bundle, and in the case and evidence files: verify must exit 1
// and name that file.
func TestVerifyFailsForAnyChangedByte(t *testing.T) {
	path, _ := caseWithFiles(t, nil)
	out := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", path, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	targets := map[string]string{
		filepath.Join(filepath.Dir(path), "E3.txt"): "E3",
		path: "case.json",
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != len(bundleFiles) {
		t.Fatalf("bundle holds %d files", len(entries))
	}
	for _, e := range entries {
		targets[filepath.Join(out, e.Name())] = e.Name()
	}
	for file, name := range targets {
		orig, err := os.ReadFile(file)
		must(t, err)
		// First, last, and a spread of positions between.
		positions := []int{0, len(orig) - 1}
		for i := 1; i < 16; i++ {
			positions = append(positions, i*len(orig)/16)
		}
		for _, i := range positions {
			c := append([]byte(nil), orig...)
			c[i] ^= 0x20
			must(t, os.WriteFile(file, c, 0o600))
			code, stdout, _ := run(t, nil, "verify", out, "--format", "json")
			var got verifyJSON
			must(t, json.Unmarshal([]byte(stdout), &got))
			var first *bundle.Check
			for k := range got.Checks {
				if got.Checks[k].Status.Failed() {
					first = &got.Checks[k]
					break
				}
			}
			if code != ExitFindings || got.OK || first == nil || first.Name != name && first.ID != name {
				t.Errorf("%s, byte %d of %d changed: exit %d, first problem %+v", name, i, len(orig), code, first)
			}
		}
		must(t, os.WriteFile(file, orig, 0o600))
	}
	code, stdout, _ := run(t, nil, "verify", out, "--lang", "zh")
	if code != 0 || !strings.Contains(stdout, "核验通过") {
		t.Errorf("restored bundle: exit %d\n%s", code, stdout)
	}
	// The text output names the file and says changed, in both languages.
	f := filepath.Join(out, "evidence.xlsx")
	orig, _ := os.ReadFile(f)
	must(t, os.WriteFile(f, append(orig, 0), 0o600))
	for lang, status := range map[string]string{"en": "CHANGED", "zh": "已改动"} {
		code, stdout, _ := run(t, nil, "verify", out, "--lang", lang)
		line := ""
		for _, l := range strings.Split(stdout, "\n") {
			if strings.Contains(l, "evidence.xlsx") {
				line = l
			}
		}
		if code != ExitFindings || !strings.HasPrefix(line, status) {
			t.Errorf("%s: exit %d, line %q", lang, code, line)
		}
	}
}

func TestEvidenceFileFindings(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.pdf")
	must(t, os.WriteFile(outside, []byte("secret"), 0o600))
	tests := []struct {
		name    string
		edit    func(items []any)
		rule    string
		pointer string
	}{
		{"stated digest differs", func(items []any) { items[0].(map[string]any)["sha256"] = strings.Repeat("0", 64) }, "evidence.sha256_mismatch", "/evidence/0/sha256"},
		{"parent folder", func(items []any) { items[1].(map[string]any)["file"] = "../secret.pdf" }, "evidence.file_outside", "/evidence/1/file"},
		{"absolute path", func(items []any) { items[1].(map[string]any)["file"] = outside }, "evidence.file_outside", "/evidence/1/file"},
		{"missing", func(items []any) { items[1].(map[string]any)["file"] = "E2.pdf" }, "evidence.file_missing", "/evidence/1/file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, _ := caseWithFiles(t, tt.edit)
			code, stdout, _ := run(t, nil, "validate", path, "--format", "json")
			if code != ExitFindings || !strings.Contains(stdout, `"rule": "`+tt.rule+`"`) || !strings.Contains(stdout, `"pointer": "`+tt.pointer+`"`) {
				t.Errorf("validate: exit %d\n%s", code, stdout)
			}
			out := filepath.Join(t.TempDir(), "bundle")
			code, _, errs := run(t, nil, "generate", path, "--out", out)
			if code != ExitFindings || !strings.Contains(errs, tt.pointer) {
				t.Errorf("generate: exit %d\n%s", code, errs)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("generate wrote a bundle")
			}
		})
	}
	t.Run("symbolic link out of the folder", func(t *testing.T) {
		path, _ := caseWithFiles(t, func(items []any) { items[1].(map[string]any)["file"] = "link.pdf" })
		if err := os.Symlink(outside, filepath.Join(filepath.Dir(path), "link.pdf")); err != nil {
			t.Skip(err)
		}
		code, stdout, _ := run(t, nil, "validate", path, "--format", "json")
		if code != ExitFindings || !strings.Contains(stdout, `"rule": "evidence.file_link_outside"`) {
			t.Errorf("exit %d\n%s", code, stdout)
		}
	})
}

// TestCaseFromStandardInput: evidence files are then relative to the
// current folder, and verify cannot find the case unless given --case.
func TestCaseFromStandardInput(t *testing.T) {
	path, _ := caseWithFiles(t, nil)
	t.Chdir(filepath.Dir(path))
	data, _ := os.ReadFile(path)
	out := filepath.Join(t.TempDir(), "bundle")
	// A major case read from standard input has no review beside it: only
	// its draft is generated.
	if code, _, errs := run(t, strings.NewReader(string(data)), "generate", "-", "--out", out); code != ExitFindings || !strings.Contains(errs, "standard input") {
		t.Fatalf("a major case from standard input: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, strings.NewReader(string(data)), "generate", "-", "--out", out, "--draft"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	m := readManifest(t, out)
	if m.Case.Name != "-" || m.Case.Path != "" || len(m.Evidence) != 2 || m.Case.SHA256 != sum(data) {
		t.Errorf("manifest case %+v, %d evidence files", m.Case, len(m.Evidence))
	}
	code, stdout, _ := run(t, nil, "verify", out)
	if code != 0 || !strings.Contains(stdout, "standard input") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, nil, "verify", out, "--case", path, "--format", "json")
	if code != 0 || strings.Contains(stdout, `"unchecked"`) {
		t.Errorf("--case: exit %d\n%s", code, stdout)
	}
}

func TestVerifyUsage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x")
	must(t, os.WriteFile(file, nil, 0o600))
	for _, args := range [][]string{{"verify", file}, {"verify", filepath.Join(t.TempDir(), "none")}, {"verify"}, {"verify", t.TempDir(), "--format", "xml"}} {
		if code, _, errs := run(t, nil, args...); code != ExitUsage || errs == "" {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	// An empty folder is no bundle: manifest.json is missing.
	code, stdout, _ := run(t, nil, "verify", t.TempDir())
	if code != ExitFindings || !strings.Contains(stdout, "MISSING") || !strings.Contains(stdout, "manifest.json") {
		t.Errorf("empty folder: exit %d\n%s", code, stdout)
	}
}

// TestVerifyMessages: every status and reason verify can report has its
// message in both languages.
func TestVerifyMessages(t *testing.T) {
	a := &app{env: Env{Assets: mla.Assets()}, lang: "en"}
	must(t, a.load())
	var ids []string
	for _, s := range []bundle.Status{bundle.StatusOK, bundle.StatusChanged, bundle.StatusMissing, bundle.StatusExtra, bundle.StatusUnreadable, bundle.StatusUnchecked} {
		ids = append(ids, "verify.status."+string(s))
	}
	for _, r := range []bundle.Reason{bundle.ReasonNotRegular, bundle.ReasonManifestMissing, bundle.ReasonManifestInvalid, bundle.ReasonManifestSeal,
		bundle.ReasonNotFound, bundle.ReasonStdin, bundle.ReasonOutside, bundle.ReasonNotListed, bundle.ReasonNoManifest,
		bundle.ReasonPrintedOther, bundle.ReasonPrintedNone, bundle.ReasonNotPDF, bundle.ReasonOtherVersion, bundle.ReasonOtherAssets} {
		ids = append(ids, "verify.detail."+string(r))
	}
	for _, b := range []bundle.Basis{bundle.BasisInputs, bundle.BasisPartial, bundle.BasisRecords} {
		ids = append(ids, "verify.detail.fingerprint_"+string(b))
	}
	ids = append(ids, "verify.what.printed", "verify.what.assets", "verify.detail.printed_ok", "verify.detail.assets_ok")
	for _, id := range ids {
		for _, lang := range []string{"en", "zh"} {
			data := map[string]any{"Name": "request.pdf", "Version": "0.1.0", "Current": "0.2.0", "Pages": "1–3", "Actual": "ab"}
			if s, err := a.cat.T(lang, id, data); err != nil || s == "" {
				t.Errorf("%s in %s: %q %v", id, lang, s, err)
			}
		}
	}
}

// TestVerifyPDFOfAnotherCase swaps the request of another case's bundle
// into a bundle and rewrites the manifest to match: the digests then agree,
// but the pages print the other bundle's fingerprint.
func TestVerifyPDFOfAnotherCase(t *testing.T) {
	root := t.TempDir()
	us, au := filepath.Join(root, "us"), filepath.Join(root, "au")
	for _, g := range [][]string{{repo(example), us, "--compress"}, {repo("examples/au-bribery.json"), au}} {
		if code, _, errs := run(t, nil, append([]string{"generate", g[0], "--out", g[1]}, g[2:]...)...); code != 0 {
			t.Fatalf("generate %s: exit %d: %s", g[0], code, errs)
		}
	}
	t.Run("deflated pages are read", func(t *testing.T) {
		code, out, _ := run(t, nil, "verify", us, "--case", repo(example), "--lang", "zh")
		if code != 0 || !strings.Contains(out, "request.pdf 各页所印材料指纹") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	data, err := os.ReadFile(filepath.Join(au, "request.pdf"))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(us, "request.pdf"), data, 0o600))
	m := readManifest(t, us)
	for i, f := range m.Files {
		if f.Name == "request.pdf" {
			m.Files[i] = bundle.Hash(f.Name, data)
		}
	}
	must(t, os.WriteFile(filepath.Join(us, bundle.ManifestName), m.Encode(), 0o600))
	other := readManifest(t, au).Fingerprint.SHA256
	code, out, _ := run(t, nil, "verify", us, "--case", repo(example))
	if code != 1 {
		t.Errorf("exit %d, want 1:\n%s", code, out)
	}
	for _, want := range []string{"fingerprint printed on the pages of request.pdf: page(s) 1–", "print another fingerprint, " + other} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestVerifySaysWhatItChecked: without the case file the fingerprint is
// not said to match it.
func TestVerifySaysWhatItChecked(t *testing.T) {
	dir := t.TempDir()
	raw, err := os.ReadFile(repo(example))
	must(t, err)
	path := filepath.Join(dir, "case.json")
	must(t, os.WriteFile(path, raw, 0o600))
	approve(t, path)
	out := filepath.Join(dir, "bundle")
	if code, _, errs := run(t, nil, "generate", path, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, text, _ := run(t, nil, "verify", out)
	if code != 0 || !strings.Contains(text, "recomputed from the case file and the evidence files as they are now") ||
		!strings.Contains(text, "the schemas, templates and locale files are those of this mla") {
		t.Errorf("with the case file: exit %d\n%s", code, text)
	}
	must(t, os.Rename(path, path+".moved"))
	code, text, _ = run(t, nil, "verify", out)
	if code != 0 || !strings.Contains(text, "the case file was not checked: recomputed from what manifest.json records only") ||
		strings.Contains(text, "recomputed from the case file") {
		t.Errorf("without the case file: exit %d\n%s", code, text)
	}
}
