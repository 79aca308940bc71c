package i18n

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestGoi18nMergeKeepsTranslations runs go-i18n's own tool, goi18n merge
// (the version go.mod names as a tool), over a copy of the repository's
// locale files, as a translator who uses it would: every translation must
// stay active, with the hash mla records, and goi18n must not take the
// configuration file for the messages of a language ("und").
func TestGoi18nMergeKeepsTranslations(t *testing.T) {
	if testing.Short() {
		t.Skip("builds goi18n")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("go is missing (CI is set): %v", err)
		}
		t.Skip("go is not on PATH")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	in, out := filepath.Join(t.TempDir(), "locales"), t.TempDir()
	if err := os.CopyFS(in, os.DirFS(filepath.Join(root, "locales"))); err != nil {
		t.Fatal(err)
	}
	// What a translator types: goi18n merge locales/*.toml.
	files, err := filepath.Glob(filepath.Join(in, "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("locale files: %v", err)
	}
	cmd := exec.Command(goCmd, append([]string{"tool", "goi18n", "merge", "-sourceLanguage", "en", "-outdir", out}, files...)...)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("goi18n merge: %v\n%s", err, b)
	}

	s, err := ReadSet(os.DirFS(root), "locales")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	// The group of each source message, to tell a pending translation.
	groupOf := map[string]string{}
	for _, f := range s.Files {
		if f.Tag == s.Config.Source {
			for _, m := range f.Messages {
				groupOf[m.ID] = f.Group
			}
		}
	}
	var got []string
	for _, e := range entries {
		tag, isTranslate := strings.CutPrefix(strings.TrimSuffix(e.Name(), ".toml"), "translate.")
		if !isTranslate {
			got = append(got, e.Name())
			continue
		}
		// goi18n lists what is left to translate: only messages of a
		// group whose translation languages.conf says is pending, never a
		// stale or lost one.
		data, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		left, err := ParseFile("translate."+tag+".toml", data)
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		for _, m := range left.Messages {
			if !s.Config.IsPending(groupOf[m.ID], tag) {
				t.Errorf("goi18n merge: %s %s is to translate (stale or missing), and not pending", tag, m.ID)
			}
		}
	}
	var want []string
	for _, tag := range s.Langs() {
		want = append(want, "active."+tag+".toml")
	}
	sort.Strings(want)
	// No file of a language "und".
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("goi18n merge wrote %q, want only %q and translate files", got, want)
	}

	for _, tag := range s.Langs() {
		if tag == s.Config.Source {
			continue
		}
		p := filepath.Join(out, "active."+tag+".toml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		merged, err := ParseFile("active."+tag+".toml", data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		n := 0
		for _, f := range s.Files {
			if f.Tag != tag {
				continue
			}
			for _, m := range f.Messages {
				n++
				gm := merged.Message(m.ID)
				if gm == nil {
					t.Errorf("%s %s: not active after goi18n merge", f.Path, m.ID)
					continue
				}
				// goi18n writes its own hash of the source message: mla's
				// must be the same.
				if gm.Hash != m.Hash {
					t.Errorf("%s %s: goi18n's source hash %s, mla's %s", f.Path, m.ID, gm.Hash, m.Hash)
				}
				for _, form := range m.FormNames() {
					if gm.Forms[form] != m.Forms[form] {
						t.Errorf("%s %s (%s): goi18n merge changed the text to %q", f.Path, m.ID, form, gm.Forms[form])
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("no messages in %s", tag)
		}
	}
}
