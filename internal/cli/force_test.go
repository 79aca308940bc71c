package cli

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	mla "github.com/mla-dev/mla"
)

// userFolder fills root with what a case officer keeps beside a case:
// the case file (naming scans/E1.pdf as its evidence), the scan, notes, a
// folder of assets, a folder with a report.json of someone else's.
func userFolder(t *testing.T, root string) {
	t.Helper()
	data, err := os.ReadFile(repo("testdata/hostile/bom-utf8.json"))
	must(t, err)
	var c map[string]any
	must(t, json.Unmarshal([]byte(strings.TrimPrefix(string(data), "\ufeff")), &c))
	c["evidence"].([]any)[0].(map[string]any)["file"] = "scans/E1.pdf"
	data, err = json.MarshalIndent(c, "", "  ")
	must(t, err)
	files := map[string]string{
		"case.json":         string(data),
		"scans/E1.pdf":      "%PDF-1.4 the scan",
		"notes.txt":         "notes of the case officer",
		"myassets/README":   "assets of the central authority",
		"sub/keep.txt":      "kept",
		"other/report.json": `{"mine": true}`,
	}
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o700))
		must(t, os.WriteFile(p, []byte(text), 0o600))
	}
	// The case is major: its approved review is beside it.
	approve(t, filepath.Join(root, "case.json"))
}

// tree records every entry under root: its kind and content.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	must(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			out[rel] = "link:" + target
			return err
		case d.IsDir():
			out[rel] = "dir"
		default:
			data, err := os.ReadFile(p)
			out[rel] = "file:" + string(data)
			return err
		}
		return nil
	}))
	return out
}

// keptAll fails unless every entry of before is still under root, the
// same, and nothing but the entries under the folders in made appeared.
func keptAll(t *testing.T, root string, before map[string]string, made ...string) {
	t.Helper()
	after := tree(t, root)
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s: now %.50q, was %.50q", p, after[p], v)
		}
	}
next:
	for p := range after {
		if _, ok := before[p]; ok {
			continue
		}
		for _, m := range made {
			if p == m || strings.HasPrefix(p, m+string(filepath.Separator)) {
				continue next
			}
		}
		t.Errorf("%s appeared", p)
	}
}

// TestForceNeverLosesAFile: each way --out can name a place that holds
// the user's files. mla refuses with exit 2 and a message that names the
// folder, and every file is still there, byte for byte.
func TestForceNeverLosesAFile(t *testing.T) {
	tests := []struct {
		name string
		// prepare may add to root and returns the folder to run in and
		// the arguments.
		prepare func(t *testing.T, root string) (string, []string)
		id      string // message id of the refusal
		named   string // what the message must name besides the folder
	}{
		{"--out the current folder", func(t *testing.T, root string) (string, []string) {
			return root, []string{"generate", "case.json", "--out", ".", "--force"}
		}, "cli.out.refused.working_dir", ""},
		{"--out the current folder, spelt out", func(t *testing.T, root string) (string, []string) {
			return filepath.Join(root, "sub"), []string{"generate", "../case.json", "--out", filepath.Join(root, "sub"), "--force"}
		}, "cli.out.refused.working_dir", ""},
		{"--out the folder above", func(t *testing.T, root string) (string, []string) {
			return filepath.Join(root, "sub"), []string{"generate", "../case.json", "--out", "..", "--force"}
		}, "cli.out.refused.working_dir", ""},
		{"--out the case file", func(t *testing.T, root string) (string, []string) {
			return root, []string{"generate", "case.json", "--out", "case.json", "--force"}
		}, "cli.out.refused.not_folder", ""},
		{"--out the folder of an evidence file", func(t *testing.T, root string) (string, []string) {
			return root, []string{"generate", "case.json", "--out", "scans", "--force"}
		}, "cli.out.refused.holds_input", filepath.Join("scans", "E1.pdf")},
		{"--out the assets folder", func(t *testing.T, root string) (string, []string) {
			return root, []string{"generate", "case.json", "--assets", "myassets", "--out", "myassets", "--force"}
		}, "cli.out.refused.holds_input", "myassets"},
		{"--out the folder of the case, from elsewhere", func(t *testing.T, root string) (string, []string) {
			return filepath.Join(root, "sub"), []string{"generate", filepath.Join(root, "case.json"), "--out", root, "--force"}
		}, "cli.out.refused.working_dir", ""},
		{"--out a folder of the user's", func(t *testing.T, root string) (string, []string) {
			return root, []string{"generate", "case.json", "--out", "sub", "--force"}
		}, "cli.out.refused.not_output", "manifest.json"},
		{"--out a link to a folder", func(t *testing.T, root string) (string, []string) {
			if err := os.Symlink("sub", filepath.Join(root, "link")); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			return root, []string{"generate", "case.json", "--out", "link", "--force"}
		}, "cli.out.refused.not_folder", ""},
		{"--out a bundle beside the user's file", func(t *testing.T, root string) (string, []string) {
			if code, _, errs := run(t, nil, "generate", filepath.Join(root, "case.json"), "--out", filepath.Join(root, "out")); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			must(t, os.WriteFile(filepath.Join(root, "out", "draft-letter.docx"), []byte("mine"), 0o600))
			return root, []string{"generate", "case.json", "--out", "out", "--force"}
		}, "cli.out.refused.foreign", "draft-letter.docx"},
		{"--out a bundle whose worksheet was filled in", func(t *testing.T, root string) (string, []string) {
			if code, _, errs := run(t, nil, "generate", filepath.Join(root, "case.json"), "--out", filepath.Join(root, "out")); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			f, err := os.OpenFile(filepath.Join(root, "out", "report.xlsx"), os.O_APPEND|os.O_WRONLY, 0)
			must(t, err)
			_, err = f.WriteString("the reviewer's notes")
			must(t, err)
			must(t, f.Close())
			return root, []string{"generate", "case.json", "--out", "out", "--force"}
		}, "cli.out.refused.changed", "report.xlsx"},
		{"--out a bundle holding a link", func(t *testing.T, root string) (string, []string) {
			if code, _, errs := run(t, nil, "generate", filepath.Join(root, "case.json"), "--out", filepath.Join(root, "out")); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			must(t, os.Remove(filepath.Join(root, "out", "evidence.pdf")))
			if err := os.Symlink(filepath.Join("..", "notes.txt"), filepath.Join(root, "out", "evidence.pdf")); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			return root, []string{"generate", "case.json", "--out", "out", "--force"}
		}, "cli.out.refused.foreign", "evidence.pdf"},
		{"review --out the current folder", func(t *testing.T, root string) (string, []string) {
			return root, []string{"review", "case.json", "--out", ".", "--force"}
		}, "cli.out.refused.working_dir", ""},
		{"review --out a folder with someone else's report.json", func(t *testing.T, root string) (string, []string) {
			return root, []string{"review", "case.json", "--out", "other", "--force"}
		}, "cli.out.refused.not_output", "report.json"},
		{"review --out its own report beside the user's file", func(t *testing.T, root string) (string, []string) {
			if code, _, errs := run(t, nil, "review", filepath.Join(root, "case.json"), "--out", filepath.Join(root, "rev")); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			must(t, os.WriteFile(filepath.Join(root, "rev", "notes.txt"), []byte("mine"), 0o600))
			return root, []string{"review", "case.json", "--out", "rev", "--force"}
		}, "cli.out.refused.foreign", "notes.txt"},
		{"review --out a bundle", func(t *testing.T, root string) (string, []string) {
			if code, _, errs := run(t, nil, "generate", filepath.Join(root, "case.json"), "--out", filepath.Join(root, "out")); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			return root, []string{"review", "case.json", "--out", "out", "--force"}
		}, "cli.out.refused.foreign", "evidence.pdf"},
	}
	apps := map[string]*app{}
	for _, lang := range []string{"en", "zh", "fr"} {
		apps[lang] = &app{env: Env{Assets: mla.Assets()}, lang: lang}
		must(t, apps[lang].load())
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			userFolder(t, root)
			must(t, os.MkdirAll(filepath.Join(root, "sub"), 0o700))
			dir, args := tt.prepare(t, root)
			before := tree(t, root)
			t.Chdir(dir)
			out := args[slices.Index(args, "--out")+1]
			for lang, a := range apps {
				code, stdout, stderr := run(t, nil, append(args, "--lang", lang)...)
				if code != ExitUsage {
					t.Errorf("--lang %s: exit %d, want %d\n%s%s", lang, code, ExitUsage, stdout, stderr)
				}
				if want := a.t(tt.id, map[string]any{"Dir": out, "Name": tt.named}); !strings.Contains(stderr, want) {
					t.Errorf("--lang %s: stderr lacks %s %q:\n%s", lang, tt.id, want, stderr)
				}
			}
			keptAll(t, root, before)
		})
	}
}

// TestForceReplacesItsOwnOutput: what --force is for still works, for a
// bundle and for a review folder, and leaves nothing beside.
func TestForceReplacesItsOwnOutput(t *testing.T) {
	root := t.TempDir()
	userFolder(t, root)
	before := tree(t, root)
	t.Chdir(root)
	for _, args := range [][]string{
		{"generate", "case.json", "--out", "out"},
		{"generate", "case.json", "--out", "out", "--force", "--layout", "separate"},
		{"review", "case.json", "--out", "rev"},
		{"review", "case.json", "--out", "rev", "--force"},
	} {
		if code, _, errs := run(t, nil, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errs)
		}
	}
	keptAll(t, root, before, "out", "rev")
	if code, stdout, _ := run(t, nil, "verify", "out"); code != 0 {
		t.Errorf("the replaced bundle does not verify:\n%s", stdout)
	}
	entries, _ := os.ReadDir("rev")
	if len(entries) != 3 {
		t.Errorf("rev holds %d entries, want the 3 report files", len(entries))
	}
}

// TestForceBatchNames: a batch names each bundle by the case's reference;
// a reference that names the folder of the cases, --out itself or the
// folder above cannot make a bundle replace them.
func TestForceBatchNames(t *testing.T) {
	root := t.TempDir()
	cases := filepath.Join(root, "cases")
	must(t, os.Mkdir(cases, 0o700))
	for _, name := range []string{"reference-cases.json", "reference-dot.json", "reference-dot-dot.json"} {
		data, err := os.ReadFile(repo("testdata/hostile/" + name))
		must(t, err)
		must(t, os.WriteFile(filepath.Join(cases, name), data, 0o600))
		approve(t, filepath.Join(cases, name))
	}
	must(t, os.WriteFile(filepath.Join(root, "notes.txt"), []byte("mine"), 0o600))
	before := tree(t, root)
	t.Chdir(root)
	code, _, stderr := run(t, nil, "generate", "cases", "--out", ".", "--force", "--jobs", "1")
	if code != ExitUsage {
		t.Errorf("exit %d, want %d\n%s", code, ExitUsage, stderr)
	}
	if !strings.Contains(stderr, "reference-cases.json") || !strings.Contains(stderr, "2 of 3") {
		t.Errorf("the summary does not name the refused case:\n%s", stderr)
	}
	keptAll(t, root, before, "_", "_-2")
	for _, name := range []string{"_", "_-2"} {
		if _, err := os.Stat(filepath.Join(root, name, "manifest.json")); err != nil {
			t.Errorf("bundle %s: %v", name, err)
		}
	}
	// The same batch again: the bundles of the first run are mla's own,
	// and replaced; the folder of the cases still is not.
	before = tree(t, root)
	code, _, stderr = run(t, nil, "generate", "cases", "--out", ".", "--force", "--jobs", "1")
	if code != ExitUsage || !strings.Contains(stderr, "2 of 3") {
		t.Errorf("second run: exit %d\n%s", code, stderr)
	}
	keptAll(t, root, before, "_", "_-2")
	// A case whose reference names another case of the same batch given
	// by file, not by folder. The bundle "_" is mla's own: replaced.
	for p := range before {
		if p == "_" || strings.HasPrefix(p, "_"+string(filepath.Separator)) {
			delete(before, p)
		}
	}
	code, _, stderr = run(t, nil, "generate", "cases/reference-cases.json", "cases/reference-dot.json", "--out", ".", "--force")
	if code != ExitUsage || !strings.Contains(stderr, "1 of 2") {
		t.Errorf("cases by file: exit %d\n%s", code, stderr)
	}
	keptAll(t, root, before, "_", "_-2")
}

// TestOutputCannotBeWritten: an output folder that cannot be created is
// the user's to fix: exit 2, the folder and the reason named, never exit 3.
func TestOutputCannotBeWritten(t *testing.T) {
	root := t.TempDir()
	userFolder(t, root)
	before := tree(t, root)
	t.Chdir(root)
	outs := map[string]string{"notes.txt/out": "cli.out.reason.not_folder"}
	if runtime.GOOS == "linux" {
		outs["/proc/x"] = "cli.out.reason.not_found"
	}
	for _, lang := range []string{"en", "zh", "fr"} {
		a := &app{env: Env{Assets: mla.Assets()}, lang: lang}
		must(t, a.load())
		for out, reason := range outs {
			for _, cmd := range []string{"generate", "review"} {
				code, _, stderr := run(t, nil, cmd, "case.json", "--out", out, "--lang", lang)
				want := a.t("cli.out.write_failed", map[string]any{"Dir": out, "Reason": a.t(reason, nil)})
				if code != ExitUsage || !strings.Contains(stderr, want) {
					t.Errorf("%s --out %s --lang %s: exit %d, stderr %q; want %d and %q", cmd, out, lang, code, stderr, ExitUsage, want)
				}
			}
		}
	}
	keptAll(t, root, before)
}

// TestSummaryShowsCaseValuesAsCodePoints: a requested_state that holds a
// carriage return and terminal escapes cannot rewrite the summary line.
func TestSummaryShowsCaseValuesAsCodePoints(t *testing.T) {
	path := repo("testdata/hostile/state-terminal-escape.json")
	for _, args := range [][]string{
		{"validate", path},
		{"generate", path, "--out", filepath.Join(t.TempDir(), "out")},
		{"review", path, "--out", filepath.Join(t.TempDir(), "rev")},
	} {
		code, stdout, stderr := run(t, nil, args...)
		if code != ExitFindings {
			t.Errorf("%s: exit %d, want %d", args[0], code, ExitFindings)
		}
		if r, ok := terminalSafe(stdout + stderr); !ok {
			t.Errorf("%s: %U reaches the terminal:\n%q", args[0], r, stderr)
		}
		if out := stdout + stderr; !strings.Contains(out, "(US<U+000D><U+001B>[2K") || !strings.Contains(out, "1 error(s)") {
			t.Errorf("%s: the summary does not show the state as code points:\n%s", args[0], out)
		}
	}
}

// TestSheetOutNeverReplacesAnInput: translate export and i18n export write
// one workbook; even with --force they never write over the case file, a
// folder or a device, and a place that cannot be written is exit 2.
func TestSheetOutNeverReplacesAnInput(t *testing.T) {
	root := t.TempDir()
	userFolder(t, root)
	before := tree(t, root)
	t.Chdir(root)
	a := &app{env: Env{Assets: mla.Assets()}, lang: "en"}
	must(t, a.load())
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"translate", "export", "case.json", "--lang", "en", "--out", "case.json", "--force"},
			a.t("cli.out.refused.input_file", map[string]any{"File": "case.json"})},
		{[]string{"translate", "export", "case.json", "--lang", "en", "--out", "sub", "--force"},
			a.t("cli.out.refused.not_file", map[string]any{"File": "sub"})},
		{[]string{"i18n", "export", "--lang", "fr", "--out", "sub", "--force"},
			a.t("cli.out.refused.not_file", map[string]any{"File": "sub"})},
	}
	if runtime.GOOS != "windows" { // where the system's reason differs
		tests = append(tests, struct {
			args []string
			want string
		}{[]string{"translate", "export", "case.json", "--lang", "en", "--out", "notes.txt/case.xlsx"},
			a.t("cli.out.write_failed", map[string]any{"Dir": "notes.txt/case.xlsx", "Reason": a.t("cli.out.reason.not_folder", nil)})})
	}
	if runtime.GOOS != "windows" {
		tests = append(tests, struct {
			args []string
			want string
		}{[]string{"i18n", "export", "--lang", "fr", "--out", "/dev/null", "--force"},
			a.t("cli.out.refused.not_file", map[string]any{"File": "/dev/null"})})
	}
	for _, tt := range tests {
		code, _, stderr := run(t, nil, tt.args...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, ExitUsage, tt.want)
		}
	}
	keptAll(t, root, before)
	if fi, err := os.Lstat("/dev/null"); runtime.GOOS != "windows" && (err != nil || fi.Mode()&fs.ModeCharDevice == 0) {
		t.Errorf("/dev/null is no longer a device: %v %v", fi, err)
	}
}

// TestWriteReason: each reason a folder cannot be written has its own
// message; another is shown in the system's words.
func TestWriteReason(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows reports these with other error numbers")
	}
	a := &app{env: Env{Assets: mla.Assets()}, lang: "fr"}
	must(t, a.load())
	for _, tt := range []struct {
		err  error
		want string
	}{
		{syscall.EROFS, a.t("cli.out.reason.read_only", nil)},
		{syscall.EACCES, a.t("cli.out.reason.permission", nil)},
		{syscall.EPERM, a.t("cli.out.reason.permission", nil)},
		{syscall.ENOTDIR, a.t("cli.out.reason.not_folder", nil)},
		{syscall.ENOSPC, a.t("cli.out.reason.no_space", nil)},
		{syscall.ENOENT, a.t("cli.out.reason.not_found", nil)},
		{errors.New("disk on fire\x1b[2K"), a.t("cli.out.reason.other", map[string]any{"Detail": "disk on fire<U+001B>[2K"})},
	} {
		err := &fs.PathError{Op: "mkdir", Path: "/x", Err: tt.err}
		if got := a.writeReason(err); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.err, got, tt.want)
		}
	}
}

// TestBatchShowsFileNamesAsCodePoints: a batch reads every .json file of a
// folder, whatever its name holds; a name with terminal escapes reaches
// the terminal as code points, in the error and in the summary.
func TestBatchShowsFileNamesAsCodePoints(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "a\x1b[2K\r.json"), []byte("{bad"), 0o600))
	data, err := os.ReadFile(repo("testdata/hostile/state-terminal-escape.json"))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, "b.json"), data, 0o600))
	code, stdout, stderr := run(t, nil, "generate", dir, "--out", filepath.Join(t.TempDir(), "out"))
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if r, ok := terminalSafe(stdout + stderr); !ok {
		t.Errorf("%U reaches the terminal:\n%q", r, stderr)
	}
	if !strings.Contains(stderr, "a<U+001B>[2K<U+000D>.json") || !strings.Contains(stderr, "(US<U+000D><U+001B>[2K") {
		t.Errorf("the names are not shown as code points:\n%s", stderr)
	}
}
