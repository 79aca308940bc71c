package cli

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGenerateNameAboveBMP: a suspect whose name holds CJK Extension B
// characters (U+20000 𠀀, U+28B49 𨭉, U+21484 𡒄) can be asked about. The
// case generates; the request and evidence list give the characters back
// to an independent text extractor; the fallback face is embedded as a
// subset.
func TestGenerateNameAboveBMP(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", approvedCopy(t, repo("testdata/hostile/name-above-bmp.json")), "--out", out); code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	request := filepath.Join(out, "request.pdf")
	text := squeeze(pdfText(t, request))
	for _, want := range []string{"张𠀀𨭉", "曾用名张𡒄"} {
		if !strings.Contains(text, want) {
			t.Errorf("request.pdf: pdftotext lacks %q", want)
		}
	}
	if strings.ContainsFunc(text, func(r rune) bool { return r >= 0xE000 && r <= 0xF8FF }) {
		t.Error("request.pdf: pdftotext returned private-use characters")
	}
	fonts, err := exec.Command(checker(t, "pdffonts"), request).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^[A-Z]{6}\+HanaMinB +CID TrueType +Identity-H +yes +yes +yes `).Match(fonts) {
		t.Errorf("request.pdf: no embedded subset of the fallback face:\n%s", fonts)
	}
}
