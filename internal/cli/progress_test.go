package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/benchcase"
)

// runTerminal runs mla in-process as if standard error were a terminal
// (terminal true) or a file, without colour, and returns the exit code
// and both streams.
func runTerminal(t *testing.T, terminal bool, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Assets: mla.Assets(), Getenv: getenv, Terminal: terminal}
	code := Run(context.Background(), args, env)
	return code, out.String(), errb.String()
}

// scaledCase writes the example scaled to n evidence items into dir.
func scaledCase(t *testing.T, dir string, n int) string {
	t.Helper()
	data, err := os.ReadFile(repo(example))
	if err != nil {
		t.Fatal(err)
	}
	big, err := benchcase.Scale(data, n, 0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "large.json")
	if err := os.WriteFile(path, big, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestProgress: a case of more than progressMin items shows a progress
// line on a terminal, rewritten with carriage returns and blanked out
// before the report, so that the rest of the output is what it is
// without a terminal; never without a terminal, never with --format json,
// never for a small case.
func TestProgress(t *testing.T) {
	dir := t.TempDir()
	large := scaledCase(t, dir, progressMin+1000)
	approve(t, large)
	out := filepath.Join(dir, "out")

	tests := []struct {
		name  string
		args  []string
		shown []string // what the progress line says at some point
	}{
		{"validate", []string{"validate", large, "--lang", "en"}, []string{"\rChecking 6,000 evidence items…"}},
		{"validate fr", []string{"validate", large, "--lang", "fr"}, []string{"\rVérification de 6\u202f000 éléments de preuve…"}},
		{"generate", []string{"generate", large, "--lang", "en", "--out", out}, []string{"\rChecking 6,000 evidence items…", "\rComposing the request", "\rWriting evidence.pdf: page ", "\rWriting " + out + "…"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.RemoveAll(out)
			plainCode, plainOut, plainErr := runTerminal(t, false, tt.args...)
			os.RemoveAll(out)
			code, stdout, stderr := runTerminal(t, true, tt.args...)
			if code != plainCode || stdout != plainOut {
				t.Fatalf("on a terminal: exit %d and stdout\n%s\nwithout: exit %d and stdout\n%s", code, stdout, plainCode, plainOut)
			}
			if strings.Contains(plainErr, "\r") {
				t.Errorf("without a terminal, stderr holds a progress line:\n%q", plainErr)
			}
			shown, ok := strings.CutSuffix(stderr, plainErr)
			if !ok {
				t.Fatalf("on a terminal, stderr does not end with what it is without one:\n%q\nwant suffix\n%q", stderr, plainErr)
			}
			for _, s := range tt.shown {
				if !strings.Contains(shown, s) {
					t.Errorf("progress does not show %q:\n%q", s, shown)
				}
			}
			// The line is blanked out: the last thing before the report is
			// a carriage return after spaces.
			if !strings.HasSuffix(shown, " \r") {
				t.Errorf("progress line not blanked out before the report:\n%q", shown)
			}
		})
	}

	t.Run("json", func(t *testing.T) {
		_, stdout, stderr := runTerminal(t, true, "validate", large, "--format", "json")
		if stderr != "" || strings.Contains(stdout, "\r") {
			t.Errorf("--format json on a terminal shows progress:\nstderr %q", stderr)
		}
	})
	t.Run("small case", func(t *testing.T) {
		_, _, stderr := runTerminal(t, true, "validate", repo(example))
		if strings.Contains(stderr, "\r") {
			t.Errorf("a small case shows progress:\n%q", stderr)
		}
	})
}
