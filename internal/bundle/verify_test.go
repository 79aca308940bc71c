package bundle

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// fixture is a case file with one evidence file, and a bundle generated
// from it.
type fixture struct {
	caseDir, caseFile, evidence, out string
	fingerprint                      string
}

// replaceOutput writes data as the output name of the bundle in dir and
// rewrites the manifest to match, as someone who swaps a file and covers
// the swap would.
func replaceOutput(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	must(t, os.WriteFile(filepath.Join(dir, name), data, 0o600))
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	must(t, err)
	m, err := DecodeManifest(raw)
	must(t, err)
	for i, f := range m.Files {
		if f.Name == name {
			m.Files[i] = Hash(name, data)
		}
	}
	must(t, os.WriteFile(filepath.Join(dir, ManifestName), m.Encode(), 0o600))
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	root := t.TempDir()
	fx := fixture{caseDir: filepath.Join(root, "cases")}
	fx.caseFile = filepath.Join(fx.caseDir, "case.json")
	fx.evidence = filepath.Join(fx.caseDir, "scans", "E1.pdf")
	fx.out = filepath.Join(root, "out", "bundle")
	must(t, os.MkdirAll(filepath.Dir(fx.evidence), 0o700))
	caseData := []byte(`{"evidence": [{"id": "E1", "file": "scans/E1.pdf"}]}`)
	must(t, os.WriteFile(fx.caseFile, caseData, 0o600))
	must(t, os.WriteFile(fx.evidence, []byte("abc"), 0o600))
	ce := Hash("", caseData)
	in := Manifest{
		MLAVersion: "0.1.0", State: "US", Reference: "R1", Options: RenderOptions{Layout: "parallel", Translation: "en"}, AssetsSHA256: hexA,
		Case:     CaseEntry{Name: "case.json", Path: "../../cases/case.json", Folder: "../../cases", Size: ce.Size, SHA256: ce.SHA256},
		Evidence: []EvidenceEntry{{ID: "E1", Pointer: "/evidence/0", File: "scans/E1.pdf", Size: 3, SHA256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}},
	}
	// The fingerprint covers the inputs only, so the PDFs can print it.
	m, err := NewManifest(in, nil)
	must(t, err)
	fx.fingerprint = m.Fingerprint.SHA256
	footer := "材料指纹 / Bundle fingerprint " + fx.fingerprint
	files := []File{
		{"request.pdf", testPDF([][]string{{"请求书", footer}, {"Request", footer}}, false, false)},
		{"evidence.pdf", testPDF([][]string{{"证据清单", footer}}, true, false)},
		{"evidence.xlsx", []byte("PK xlsx")},
	}
	m, err = NewManifest(in, files)
	must(t, err)
	files = append(files, File{ManifestName, m.Encode()})
	must(t, Write(fx.out, files, false))
	return fx
}

// statuses returns "role:name=status" for every check that is not ok.
func statuses(r *Result) []string {
	var out []string
	for _, c := range r.Checks {
		if c.Status != StatusOK {
			name := c.Name
			if c.Role == RoleFingerprint {
				name = ""
			}
			out = append(out, string(c.Role)+":"+name+"="+string(c.Status))
		}
	}
	return out
}

func TestVerifyFreshBundle(t *testing.T) {
	fx := newFixture(t)
	r, err := Verify(fx.out, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || len(statuses(r)) != 0 {
		t.Fatalf("a fresh bundle does not verify: %v", statuses(r))
	}
	roles := map[Role]int{}
	for _, c := range r.Checks {
		roles[c.Role]++
	}
	if roles[RoleManifest] != 1 || roles[RoleOutput] != 3 || roles[RoleCase] != 1 || roles[RoleEvidence] != 1 || roles[RoleFingerprint] != 1 {
		t.Errorf("checks by role %v", roles)
	}
	if r, _ := Verify(fx.out, VerifyOptions{CaseFile: fx.caseFile}); !r.OK() {
		t.Errorf("with the case file given: %v", statuses(r))
	}
}

// TestVerifyEveryChangedByte flips bytes in every file of the bundle, and
// in the case and evidence files, one at a time: verification must fail and
// name that file.
func TestVerifyEveryChangedByte(t *testing.T) {
	fx := newFixture(t)
	targets := map[string]string{"case:case.json": fx.caseFile, "evidence:scans/E1.pdf": fx.evidence}
	entries, _ := os.ReadDir(fx.out)
	for _, e := range entries {
		role := "output"
		if e.Name() == ManifestName {
			role = "manifest"
		}
		targets[role+":"+e.Name()] = filepath.Join(fx.out, e.Name())
	}
	if len(targets) != 6 {
		t.Fatalf("targets %v", targets)
	}
	for name, path := range targets {
		orig, err := os.ReadFile(path)
		must(t, err)
		positions := []int{0, len(orig) / 2, len(orig) - 1}
		if strings.HasPrefix(name, "manifest:") {
			positions = positions[:0]
			for i := range orig {
				positions = append(positions, i)
			}
		}
		for _, i := range positions {
			c := append([]byte(nil), orig...)
			c[i] ^= 0x01
			must(t, os.WriteFile(path, c, 0o600))
			r, err := Verify(fx.out, VerifyOptions{})
			must(t, err)
			got := statuses(r)
			if r.OK() || len(got) == 0 || !strings.HasPrefix(got[0], name+"=") {
				t.Errorf("%s, byte %d changed: %v; want %s first", name, i, got, name)
			}
		}
		must(t, os.WriteFile(path, orig, 0o600))
	}
	if r, _ := Verify(fx.out, VerifyOptions{}); !r.OK() {
		t.Fatalf("restored bundle: %v", statuses(r))
	}
}

func TestVerifyFindsEachProblem(t *testing.T) {
	tests := []struct {
		name string
		do   func(t *testing.T, fx fixture) VerifyOptions
		want string // statuses joined
		ok   bool
	}{
		{"output missing", func(t *testing.T, fx fixture) VerifyOptions {
			must(t, os.Remove(filepath.Join(fx.out, "evidence.pdf")))
			return VerifyOptions{}
		}, "output:evidence.pdf=missing", false},
		{"extra file", func(t *testing.T, fx fixture) VerifyOptions {
			must(t, os.WriteFile(filepath.Join(fx.out, "notes.txt"), nil, 0o600))
			return VerifyOptions{}
		}, "output:notes.txt=extra", false},
		{"output replaced by a link to the same bytes", func(t *testing.T, fx fixture) VerifyOptions {
			p := filepath.Join(fx.out, "request.pdf")
			c := filepath.Join(t.TempDir(), "copy.pdf")
			data, _ := os.ReadFile(p)
			must(t, os.WriteFile(c, data, 0o600))
			must(t, os.Remove(p))
			must(t, os.Symlink(c, p))
			return VerifyOptions{}
		}, "output:request.pdf=changed", false},
		{"manifest missing", func(t *testing.T, fx fixture) VerifyOptions {
			must(t, os.Remove(filepath.Join(fx.out, ManifestName)))
			return VerifyOptions{}
		}, "manifest:manifest.json=missing output:evidence.pdf=unchecked output:evidence.xlsx=unchecked output:request.pdf=unchecked", false},
		{"case file moved away: not checked", func(t *testing.T, fx fixture) VerifyOptions {
			must(t, os.Rename(fx.caseDir, fx.caseDir+".moved"))
			return VerifyOptions{}
		}, "case:case.json=unchecked evidence:scans/E1.pdf=unchecked fingerprint:=unchecked", true},
		{"case file moved and given", func(t *testing.T, fx fixture) VerifyOptions {
			must(t, os.Rename(fx.caseDir, fx.caseDir+".moved"))
			return VerifyOptions{CaseFile: filepath.Join(fx.caseDir+".moved", "case.json")}
		}, "", true},
		{"case file given but missing", func(t *testing.T, fx fixture) VerifyOptions {
			return VerifyOptions{CaseFile: filepath.Join(fx.caseDir, "other.json")}
		}, "case:case.json=missing evidence:scans/E1.pdf=ok fingerprint:=unchecked", false},
		{"evidence file missing", func(t *testing.T, fx fixture) VerifyOptions {
			must(t, os.Remove(fx.evidence))
			return VerifyOptions{}
		}, "evidence:scans/E1.pdf=unchecked", true},
		{"evidence file missing, case given", func(t *testing.T, fx fixture) VerifyOptions {
			must(t, os.Remove(fx.evidence))
			return VerifyOptions{CaseFile: fx.caseFile}
		}, "evidence:scans/E1.pdf=missing", false},
		{"evidence file replaced by a link out of the folder", func(t *testing.T, fx fixture) VerifyOptions {
			c := filepath.Join(t.TempDir(), "E1.pdf")
			must(t, os.WriteFile(c, []byte("abc"), 0o600))
			must(t, os.Remove(fx.evidence))
			must(t, os.Symlink(c, fx.evidence))
			return VerifyOptions{}
		}, "evidence:scans/E1.pdf=changed", false},
		{"a PDF of another bundle, manifest rewritten", func(t *testing.T, fx fixture) VerifyOptions {
			other := strings.Repeat("e", 64)
			replaceOutput(t, fx.out, "request.pdf", testPDF([][]string{{"请求书", "材料指纹 " + other}}, false, false))
			return VerifyOptions{CaseFile: fx.caseFile}
		}, "printed_fingerprint:request.pdf=changed", false},
		{"a PDF that prints no fingerprint on its second page, manifest rewritten", func(t *testing.T, fx fixture) VerifyOptions {
			replaceOutput(t, fx.out, "evidence.pdf", testPDF([][]string{{"材料指纹 " + fx.fingerprint}, {"no footer"}}, false, false))
			return VerifyOptions{}
		}, "printed_fingerprint:evidence.pdf=changed", false},
		{"not a PDF, manifest rewritten", func(t *testing.T, fx fixture) VerifyOptions {
			replaceOutput(t, fx.out, "evidence.pdf", []byte("%PDF-1.3 but nothing else"))
			return VerifyOptions{}
		}, "printed_fingerprint:evidence.pdf=changed", false},
		{"made with this version and assets", func(t *testing.T, fx fixture) VerifyOptions {
			return VerifyOptions{Version: "0.1.0", AssetsSHA256: hexA}
		}, "", true},
		{"made with other assets", func(t *testing.T, fx fixture) VerifyOptions {
			return VerifyOptions{Version: "0.1.0", AssetsSHA256: strings.Repeat("b", 64)}
		}, "assets:0.1.0=unchecked", true},
		{"made by another version", func(t *testing.T, fx fixture) VerifyOptions {
			return VerifyOptions{Version: "0.2.0", AssetsSHA256: hexA}
		}, "assets:0.1.0=unchecked", true},
		{"evidence file changed", func(t *testing.T, fx fixture) VerifyOptions {
			must(t, os.WriteFile(fx.evidence, []byte("abd"), 0o600))
			return VerifyOptions{}
		}, "evidence:scans/E1.pdf=changed fingerprint:=changed", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if runtime.GOOS == "windows" && strings.Contains(tt.name, "link") {
				t.Skip("needs symbolic links")
			}
			fx := newFixture(t)
			o := tt.do(t, fx)
			r, err := Verify(fx.out, o)
			must(t, err)
			got := strings.Join(statuses(r), " ")
			if tt.name == "case file given but missing" {
				// The evidence is still found relative to the given path's folder.
				got = strings.Join(statuses(r), " ")
			}
			if got != strings.ReplaceAll(tt.want, " evidence:scans/E1.pdf=ok", "") || r.OK() != tt.ok {
				t.Errorf("got %q ok=%v, want %q ok=%v", got, r.OK(), tt.want, tt.ok)
			}
		})
	}
}

func TestVerifyRefuses(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x")
	must(t, os.WriteFile(file, nil, 0o600))
	if _, err := Verify(file, VerifyOptions{}); err != ErrNotDir {
		t.Errorf("a file: %v", err)
	}
	if _, err := Verify(filepath.Join(t.TempDir(), "none"), VerifyOptions{}); !os.IsNotExist(err) {
		t.Errorf("nothing there: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestVerifyPrintedFingerprintSaysWhichPages(t *testing.T) {
	fx := newFixture(t)
	other := strings.Repeat("e", 64)
	footer := "材料指纹 " + fx.fingerprint
	replaceOutput(t, fx.out, "request.pdf", testPDF([][]string{{footer}, {"材料指纹 " + other}, {"材料指纹 " + other}, {footer}, {"none"}}, false, false))
	r, err := Verify(fx.out, VerifyOptions{CaseFile: fx.caseFile})
	must(t, err)
	for _, c := range r.Checks {
		if c.Role != RolePrinted || c.Name != "request.pdf" {
			continue
		}
		if c.Reason != ReasonPrintedOther || c.Actual != other || !slices.Equal(c.Pages, []int{2, 3, 5}) {
			t.Errorf("got reason %q, printed %q, pages %v; want printed_other, %s, [2 3 5]", c.Reason, c.Actual, c.Pages, other)
		}
		return
	}
	t.Fatal("no check of the fingerprint printed on request.pdf")
}

// TestVerifyReviewFile: a bundle generated with a review file records it;
// verify checks it where the manifest says it was (or beside --case), and
// a changed review file fails both its own check and the fingerprint.
func TestVerifyReviewFile(t *testing.T) {
	root := t.TempDir()
	caseFile := filepath.Join(root, "cases", "case.json")
	reviewFile := filepath.Join(root, "cases", "case.review.json")
	out := filepath.Join(root, "out")
	must(t, os.MkdirAll(filepath.Dir(caseFile), 0o700))
	caseData, reviewData := []byte(`{"reference": "R1"}`), []byte(`{"approved": true}`)
	must(t, os.WriteFile(caseFile, caseData, 0o600))
	must(t, os.WriteFile(reviewFile, reviewData, 0o600))
	ce, re := Hash("", caseData), Hash("", reviewData)
	in := Manifest{
		MLAVersion: "0.1.0", State: "US", Reference: "R1", Options: RenderOptions{Layout: "parallel", Translation: "en"}, AssetsSHA256: hexA,
		Case:   CaseEntry{Name: "case.json", Path: "../cases/case.json", Folder: "../cases", Size: ce.Size, SHA256: ce.SHA256},
		Review: &ReviewEntry{Name: "case.review.json", Path: "../cases/case.review.json", Size: re.Size, SHA256: re.SHA256},
	}
	m, err := NewManifest(in, []File{{"evidence.xlsx", []byte("PK")}})
	must(t, err)
	must(t, Write(out, []File{{"evidence.xlsx", []byte("PK")}, {ManifestName, m.Encode()}}, false))

	r, err := Verify(out, VerifyOptions{})
	must(t, err)
	if !r.OK() || !slices.ContainsFunc(r.Checks, func(c Check) bool { return c.Role == RoleReview && c.Status == StatusOK }) {
		t.Fatalf("fresh bundle: %v", statuses(r))
	}
	// Another review of the case would print another status: the
	// fingerprint no longer matches.
	must(t, os.WriteFile(reviewFile, []byte(`{"approved": false}`), 0o600))
	r, _ = Verify(out, VerifyOptions{})
	if got := strings.Join(statuses(r), " "); got != "review:case.review.json=changed fingerprint:=changed" {
		t.Errorf("changed review file: %s", got)
	}
	r, _ = Verify(out, VerifyOptions{CaseFile: caseFile, ReviewFile: reviewFile})
	if got := strings.Join(statuses(r), " "); got != "review:case.review.json=changed fingerprint:=changed" {
		t.Errorf("changed review file, --case: %s", got)
	}
	// Gone: not checked, unless the case was given (then it must be there).
	must(t, os.Remove(reviewFile))
	r, _ = Verify(out, VerifyOptions{})
	if got := strings.Join(statuses(r), " "); !r.OK() || got != "review:case.review.json=unchecked" {
		t.Errorf("review file gone: ok %v, %s", r.OK(), got)
	}
	r, _ = Verify(out, VerifyOptions{CaseFile: caseFile, ReviewFile: reviewFile})
	if got := strings.Join(statuses(r), " "); r.OK() || got != "review:case.review.json=missing" {
		t.Errorf("review file gone, --case: ok %v, %s", r.OK(), got)
	}
}
