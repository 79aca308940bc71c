package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
)

const tenDefects = "testdata/review/ten-defects.json"

// warningsOnly writes the example with one warning and no error (Chinese
// left in an English text) and returns its path.
func warningsOnly(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(repo(example))
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	p := c["persons"].([]any)[1].(map[string]any)
	p["occupation"].(map[string]any)["en"] = "No regular occupation (无固定职业)"
	data, _ := json.MarshalIndent(c, "", "  ")
	path := filepath.Join(t.TempDir(), "warning.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	approve(t, path) // the case is major
	return path
}

func TestReviewWritesTheReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "review")
	code, _, stderr := run(t, nil, "review", repo(tenDefects), "--out", out)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d (the case has errors)\n%s", code, ExitFindings, stderr)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if fi, _ := e.Info(); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", e.Name(), fi.Mode().Perm())
		}
	}
	if strings.Join(names, " ") != "report.json report.pdf report.xlsx" {
		t.Errorf("review wrote %v", names)
	}
	// report.json is byte for byte what validate --format json prints.
	js, _ := os.ReadFile(filepath.Join(out, "report.json"))
	_, stdout, _ := run(t, nil, "validate", "--format", "json", repo(tenDefects))
	if stdout != string(js) {
		t.Error("report.json differs from validate --format json")
	}
	if !strings.Contains(stderr, "report.json, report.xlsx, report.pdf") {
		t.Errorf("stderr does not say what was written: %s", stderr)
	}
	// An existing report is kept without --force.
	if code, _, _ := run(t, nil, "review", repo(tenDefects), "--out", out); code != ExitUsage {
		t.Errorf("second review without --force: exit %d", code)
	}
	if code, _, _ := run(t, nil, "review", repo(tenDefects), "--out", out, "--force", "--fail-on", "none"); code != ExitOK {
		t.Errorf("review --force --fail-on none: exit %d", code)
	}
}

func TestFailOn(t *testing.T) {
	warn := warningsOnly(t)
	tests := []struct {
		cmd    string
		file   string
		failOn string
		want   int
	}{
		// The example is clean but for notes on unconfirmed legal facts.
		{"validate", repo(example), "warning", ExitOK},
		{"validate", repo(example), "info", ExitFindings},
		{"validate", warn, "", ExitOK},
		{"validate", warn, "error", ExitOK},
		{"validate", warn, "warning", ExitFindings},
		{"validate", warn, "info", ExitFindings},
		{"validate", repo(tenDefects), "none", ExitOK},
		{"validate", repo(tenDefects), "error", ExitFindings},
		{"validate", warn, "fatal", ExitUsage},
		{"review", warn, "", ExitOK},
		{"review", warn, "warning", ExitFindings},
		{"review", repo(tenDefects), "none", ExitOK},
		{"generate", warn, "", ExitOK},
		{"generate", warn, "warning", ExitFindings},
		{"generate", warn, "none", ExitOK},
	}
	for _, tt := range tests {
		name := tt.cmd + " " + filepath.Base(tt.file) + " --fail-on " + tt.failOn
		t.Run(name, func(t *testing.T) {
			args := []string{tt.cmd, tt.file}
			out := filepath.Join(t.TempDir(), "out")
			if tt.cmd != "validate" {
				args = append(args, "--out", out)
			}
			if tt.failOn != "" {
				args = append(args, "--fail-on", tt.failOn)
			}
			code, _, stderr := run(t, nil, args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d\n%s", code, tt.want, stderr)
			}
			if tt.cmd == "generate" {
				_, err := os.Stat(filepath.Join(out, "request.pdf"))
				if written := err == nil; written != (code == ExitOK) {
					t.Errorf("bundle written %v with exit %d", written, code)
				}
				if code == ExitFindings && !strings.Contains(stderr, "--fail-on") {
					t.Errorf("refusal does not name --fail-on: %s", stderr)
				}
			}
		})
	}
}

// runEnv runs mla with a custom environment.
func runEnv(t *testing.T, terminal bool, getenv func(string) string, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Assets: mla.Assets(), Getenv: getenv, Terminal: terminal}
	code := Run(context.Background(), args, env)
	return code, out.String()
}

// TestValidateTextGroupedBySection: the text form lists the findings under
// the headings of the request's sections, in the request's order, and
// colours them only on a terminal.
func TestValidateTextGroupedBySection(t *testing.T) {
	none := func(string) string { return "" }
	_, plain := runEnv(t, false, none, "validate", repo(tenDefects))
	headings := []string{
		"== Nature of the case, persons concerned and facts ==",
		"== Assistance requested and its purpose ==",
		"== Link between the assistance requested and the case ==",
		"== Desired time limit for execution ==",
		"== Evidence list ==",
	}
	last := -1
	for _, h := range headings {
		i := strings.Index(plain, h)
		if i < 0 || i < last {
			t.Errorf("heading %q missing or out of order in\n%s", h, plain)
		}
		last = i
	}
	// Each finding sits under its section's heading.
	link := strings.Index(plain, "/assistance/2/link")
	if link < strings.Index(plain, headings[2]) || link > strings.Index(plain, headings[3]) {
		t.Errorf("/assistance/2/link is not under %q", headings[2])
	}
	if strings.Contains(plain, "\x1b[") {
		t.Error("colour codes without a terminal")
	}
	_, coloured := runEnv(t, true, none, "validate", repo(tenDefects))
	if !strings.Contains(coloured, "\x1b[1;31mERROR\x1b[0m") || !strings.Contains(coloured, "\x1b[1;33mWARNING\x1b[0m") {
		t.Errorf("no colour on a terminal:\n%q", coloured[:min(len(coloured), 300)])
	}
	noColor := func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}
	if _, s := runEnv(t, true, noColor, "validate", repo(tenDefects)); strings.Contains(s, "\x1b[") {
		t.Error("colour despite NO_COLOR")
	}
	// In Chinese, the headings are the Chinese section headings.
	_, zh := runEnv(t, false, none, "validate", "--lang", "zh", repo(tenDefects))
	if !strings.Contains(zh, "== 证据清单 ==") || !strings.Contains(zh, "错误") {
		t.Errorf("Chinese text output:\n%s", zh)
	}
}
