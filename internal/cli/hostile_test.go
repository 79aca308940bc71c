package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/casefile"
)

// hostileCase is one entry of testdata/hostile/cases.json.
type hostileCase struct {
	File string `json:"file"`
	// Exit is the exit status of validate (and of generate when it is not 0).
	Exit int `json:"exit"`
	// ID is the message id of a loading error (exit 2), or the rule of the
	// finding that must be reported (exit 0 or 1).
	ID string `json:"id"`
	// Pointer is the JSON Pointer the error or finding must name.
	Pointer *string           `json:"pointer"`
	Env     map[string]string `json:"env"`
	// DraftExit, when set, is the exit status of generate --draft.
	DraftExit *int   `json:"draft_exit"`
	Why       string `json:"why"`
}

func hostileCases(t *testing.T) []hostileCase {
	t.Helper()
	data, err := os.ReadFile(repo("testdata/hostile/cases.json"))
	must(t, err)
	var cases []hostileCase
	must(t, json.Unmarshal(data, &cases))
	if len(cases) < 40 {
		t.Fatalf("only %d hostile cases", len(cases))
	}
	return cases
}

// runEnv runs mla in-process with environment variables.
func runWithEnv(env map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	e := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Assets: mla.Assets(), Getenv: func(k string) string { return env[k] }}
	code := Run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

// terminalSafe reports the first character of s that could act on a
// terminal or hide in it: a control other than line feed, a direction
// control.
func terminalSafe(s string) (rune, bool) {
	for _, r := range s {
		if r == '\n' || r == utf8.RuneError {
			continue
		}
		if casefile.Control(r) || r == '\t' || r == '\r' {
			return r, false
		}
	}
	return 0, true
}

// TestHostileCorpus runs validate and generate (with and without --draft)
// on every file of testdata/hostile: each gives the exit status and names
// the message or rule and the pointer that cases.json lists, nothing
// panics or fails as a fault of mla (exit 3), nothing is written for a case
// that is refused, and no output carries a control character to the
// terminal.
func TestHostileCorpus(t *testing.T) {
	a := &app{env: Env{Assets: mla.Assets()}, lang: "en"}
	must(t, a.load())
	for _, tc := range hostileCases(t) {
		t.Run(tc.File, func(t *testing.T) {
			t.Parallel()
			if tc.Why == "" {
				t.Error("cases.json says not why the file is hostile")
			}
			path := repo("testdata/hostile/" + tc.File)
			outputs := ""
			check := func(what string, code int, stdout, stderr string) {
				t.Helper()
				outputs += stdout + stderr
				if code == ExitInternal || strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
					t.Errorf("%s: exit %d, a fault of mla:\n%s", what, code, stderr)
				}
			}

			code, stdout, stderr := runWithEnv(tc.Env, "validate", path, "--format", "json")
			check("validate", code, stdout, stderr)
			// A major case (most fixtures derive from the examples) is
			// not generated for issue without an approved review of it.
			major := false
			if code != tc.Exit {
				t.Fatalf("validate: exit %d, want %d\n%s%s", code, tc.Exit, stdout, stderr)
			}
			if tc.Exit == ExitUsage {
				if strings.HasPrefix(tc.ID, "load.") && !strings.Contains(stderr, filepath.Base(path)) {
					t.Errorf("the error does not name the file:\n%s", stderr)
				}
				if strings.HasPrefix(tc.ID, "load.") {
					lim, _ := a.limitsFrom(tc.Env)
					_, err := casefile.LoadFileLimits(path, nil, lim)
					var e *casefile.Error
					if !errors.As(err, &e) || e.MessageID != tc.ID || tc.Pointer != nil && e.Pointer != *tc.Pointer {
						t.Fatalf("load error %v, want %s at %v", err, tc.ID, tc.Pointer)
					}
					if want := a.t(e.MessageID, e.Args); !strings.Contains(stderr, want) {
						t.Errorf("stderr lacks the message %q:\n%s", want, stderr)
					}
				} else if !strings.Contains(stderr, a.t(tc.ID, map[string]any{"Value": tc.Env[MaxSizeEnv]})) {
					t.Errorf("stderr lacks message %s:\n%s", tc.ID, stderr)
				}
			} else {
				var r struct {
					Findings []struct{ Severity, Rule, Pointer string }
					Major    []json.RawMessage
				}
				must(t, json.Unmarshal([]byte(stdout), &r))
				major = len(r.Major) > 0
				found := tc.ID == ""
				for _, f := range r.Findings {
					if f.Rule == tc.ID && (tc.Pointer == nil || f.Pointer == *tc.Pointer) {
						found = true
					}
					if tc.Exit == 0 && f.Severity == "error" {
						t.Errorf("an error finding on a case that must pass: %+v", f)
					}
				}
				if !found {
					t.Errorf("no finding %s at %v in %s", tc.ID, tc.Pointer, stdout)
				}
			}
			for _, lang := range []string{"en", "zh"} {
				code, stdout, stderr := runWithEnv(tc.Env, "validate", path, "--lang", lang)
				check("validate text", code, stdout, stderr)
				if code != tc.Exit {
					t.Errorf("validate --lang %s: exit %d, want %d", lang, code, tc.Exit)
				}
			}

			out := filepath.Join(t.TempDir(), "bundle")
			code, stdout, stderr = runWithEnv(tc.Env, "generate", path, "--out", out)
			check("generate", code, stdout, stderr)
			want := tc.Exit
			if want == 0 && major {
				want = ExitFindings
			}
			if code != want {
				t.Errorf("generate: exit %d, want %d\n%s", code, want, stderr)
			}
			_, err := os.Stat(out)
			if want != 0 && !os.IsNotExist(err) {
				t.Error("generate wrote a bundle for a refused case")
			}
			if want != tc.Exit {
				// The major case's bundle, as a draft.
				code, stdout, stderr = runWithEnv(tc.Env, "generate", path, "--out", out, "--draft")
				check("generate --draft", code, stdout, stderr)
				if code != 0 {
					t.Errorf("generate --draft of a major case: exit %d\n%s", code, stderr)
				}
			}
			if tc.Exit == 0 {
				if code, stdout, _ := runWithEnv(nil, "verify", out); code != 0 {
					t.Errorf("the bundle does not verify:\n%s", stdout)
				}
			}

			if tc.DraftExit != nil {
				draft := filepath.Join(t.TempDir(), "draft")
				code, stdout, stderr = runWithEnv(tc.Env, "generate", path, "--out", draft, "--draft")
				check("generate --draft", code, stdout, stderr)
				if code != *tc.DraftExit {
					t.Errorf("generate --draft: exit %d, want %d\n%s", code, *tc.DraftExit, stderr)
				}
				if _, err := os.Stat(draft); (err == nil) != (code == 0) {
					t.Errorf("generate --draft: exit %d, bundle there: %v", code, err == nil)
				}
			}
			if r, ok := terminalSafe(outputs); !ok {
				t.Errorf("the output carries %U to the terminal", r)
			}
		})
	}
}

// TestHostileTextPrintsLiterally: text that looks like template, markup or
// format syntax comes out of the PDF exactly as it is in the case file.
func TestHostileTextPrintsLiterally(t *testing.T) {
	path := approvedCopy(t, repo("testdata/hostile/markup-and-templates.json"))
	f, err := casefile.LoadFile(path, nil)
	must(t, err)
	text := f.Case.Matter.Facts.In("en")
	if !strings.Contains(text, "{{.Reference}}") || !strings.Contains(text, "<b>") || !strings.Contains(text, "%s") {
		t.Fatalf("the fixture lost its markup: %q", text)
	}
	out := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", path, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, layout := range []string{"parallel", "separate"} {
		dir := out
		if layout == "separate" {
			dir = filepath.Join(t.TempDir(), "separate")
			if code, _, errs := run(t, nil, "generate", path, "--out", dir, "--layout", layout); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
		}
		got := pdfText(t, filepath.Join(dir, "request.pdf"))
		if !strings.Contains(squeeze(got), squeeze(text)) {
			t.Errorf("%s: the text is not printed as it is:\nwant %q\nin   %q", layout, text, got)
		}
		// Nothing was interpreted: no template output, no bold run, no
		// expanded variable.
		for _, bad := range []string{"<no value>", "%!", "/root", os.Getenv("HOME") + " "} {
			if bad != " " && strings.Contains(got, bad) && !strings.Contains(text, bad) {
				t.Errorf("%s: %q in the PDF", layout, bad)
			}
		}
	}
}

// TestHostileDecomposedNames: names typed with combining accents
// (e + U+0301) are printed as the composed letters, each accent on its
// letter: an independent reader of the request finds "José García" and
// "Nguyễn Văn" in NFC, and no combining accent left apart.
func TestHostileDecomposedNames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", approvedCopy(t, repo("testdata/hostile/decomposed-names.json")), "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	got := pdfText(t, filepath.Join(out, "request.pdf"))
	for _, want := range []string{"Jos\u00e9 Garc\u00eda", "Nguy\u1ec5n V\u0103n"} {
		if !strings.Contains(got, want) {
			t.Errorf("the request does not print %q in NFC:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "\u0301\u0302\u0303\u0306") {
		t.Errorf("the request prints a combining accent apart from its letter:\n%q", got)
	}
}

// TestHostileBlankLinesPrintCompact: 5000 blank lines in the facts print
// as one: the request has as many pages as the same case without them
// (pdfinfo), where it had 135 empty pages more.
func TestHostileBlankLinesPrintCompact(t *testing.T) {
	pages := func(file string) int {
		t.Helper()
		out := filepath.Join(t.TempDir(), "bundle")
		if code, _, errs := run(t, nil, "generate", approvedCopy(t, repo("testdata/hostile/"+file)), "--out", out); code != 0 {
			t.Fatalf("%s: exit %d: %s", file, code, errs)
		}
		info, err := exec.Command(checker(t, "pdfinfo"), filepath.Join(out, "request.pdf")).Output()
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo gives no page count:\n%s", info)
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}
	with, without := pages("blank-lines.json"), pages("zero-width-in-text.json")
	if with > without {
		t.Errorf("the request with 5000 blank lines has %d pages, without them %d", with, without)
	}
}

// TestHostileTooLongDraft: a text longer than a cell holds is refused by
// generate --draft too, with a localized message naming the pointer, the
// length and the limit, never exit 3.
func TestHostileTooLongDraft(t *testing.T) {
	out := filepath.Join(t.TempDir(), "draft")
	code, _, errs := run(t, nil, "generate", repo("testdata/hostile/evidence-title-too-long.json"), "--out", out, "--draft")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d: %s", code, ExitFindings, errs)
	}
	for _, want := range []string{"/evidence/0/title/en", "40001", strconv.Itoa(casefile.MaxText)} {
		if !strings.Contains(errs, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, errs)
		}
	}
}

// TestHostileLongTextsReviewed: the reviewer's report is written for a
// case with errors too, so whatever length a case's texts have, review and
// generate end with a finding (exit 1) or a bundle, never a fault: a title
// longer than a cell, a title whose two languages together are, a text
// with thousands of characters no font has (each quoted in the finding).
func TestHostileLongTextsReviewed(t *testing.T) {
	base, err := os.ReadFile(repo("testdata/hostile/zero-width-in-text.json"))
	must(t, err)
	const title = `"en": "Case of Zhang San, suspected of accepting bribes"`
	var pua strings.Builder
	for r := rune(0xE000); r < 0xE000+5000; r++ {
		pua.WriteRune(r)
	}
	tests := []struct {
		name, replace string
		want          int
	}{
		{"title longer than a cell", `"en": "` + strings.Repeat("C", 40_001) + `"`, ExitFindings},
		{"two languages longer than a cell", `"en": "` + strings.Repeat("C", 20_001) + `"`, ExitOK},
		{"5000 characters no font has", `"en": "` + pua.String() + `"`, ExitFindings},
	}
	// An evidence title and description of 20001 characters each: each
	// text fits a cell, the cell that prints them together does not.
	const evidence = `"en": "Decision to open an investigation"`
	joined := `"en": "` + strings.Repeat("T", 20_001) + `"}, "description": {"zh": "说明", "en": "` + strings.Repeat("D", 20_001) + `"`
	t.Run("title and description longer than their cell", func(t *testing.T) {
		s := strings.Replace(string(base), evidence, joined, 1)
		path := filepath.Join(t.TempDir(), "case.json")
		must(t, os.WriteFile(path, []byte(s), 0o600))
		code, stdout, _ := run(t, nil, "validate", path, "--format", "json")
		if code != ExitFindings || !strings.Contains(stdout, `"text.cell_too_long"`) || !strings.Contains(stdout, `"/evidence/0/title"`) {
			t.Errorf("validate: exit %d, want %d with text.cell_too_long at /evidence/0/title:\n%.2000s", code, ExitFindings, stdout)
		}
		for _, args := range [][]string{{"generate"}, {"generate", "--draft"}, {"review"}} {
			code, _, errs := run(t, nil, append(args, path, "--out", filepath.Join(t.TempDir(), "out"))...)
			if code != ExitFindings {
				t.Errorf("%v: exit %d, want %d:\n%s", args, code, ExitFindings, errs)
			}
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := strings.Replace(string(base), title, tt.replace, 1)
			if tt.want == ExitOK {
				s = strings.Replace(s, "张三涉嫌受贿案", strings.Repeat("案", 20_001), 1)
			}
			if !strings.Contains(s, strings.Repeat("C", 20_001)) && !strings.Contains(s, "\uE000") && !strings.ContainsRune(s, 0xE000) {
				t.Fatal("the fixture has no English title")
			}
			path := filepath.Join(t.TempDir(), "case.json")
			must(t, os.WriteFile(path, []byte(s), 0o600))
			approve(t, path)
			for _, cmd := range []string{"review", "generate"} {
				code, _, errs := run(t, nil, cmd, path, "--out", filepath.Join(t.TempDir(), cmd))
				if code != tt.want {
					t.Errorf("%s: exit %d, want %d:\n%s", cmd, code, tt.want, errs)
				}
			}
		})
	}
}
