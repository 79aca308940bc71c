//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAssetsRefused runs validate and generate with an --assets folder
// that holds something mla must not read: each is refused with exit 2 and
// a message naming the file, in every language, and nothing hangs.
func TestAssetsRefused(t *testing.T) {
	profile, err := os.ReadFile(repo("templates/us/profile.json"))
	mustDo(t, err)
	outside := filepath.Join(t.TempDir(), "outside.json")
	mustDo(t, os.WriteFile(outside, profile, 0o600))
	deep := strings.Repeat("[", 2_000_000)

	tests := []struct {
		name  string
		setup func(dir string) // makes the bad file
		file  string           // the file the message names, under dir
		want  map[string]string
	}{
		{"pipe", func(dir string) {
			mustDo(t, syscall.Mkfifo(filepath.Join(dir, "templates", "us", "profile.json"), 0o600))
		}, "templates/us/profile.json", map[string]string{"en": "is not a regular file", "zh": "不是普通文件", "fr": "n’est pas un fichier ordinaire"}},
		{"link to /dev/zero", func(dir string) {
			mustDo(t, os.Symlink("/dev/zero", filepath.Join(dir, "locales", "cli.en.toml")))
		}, "locales/cli.en.toml", map[string]string{"en": "leads out of the --assets folder", "zh": "指向 --assets 文件夹之外", "fr": "qui sort du dossier --assets"}},
		{"link out of the folder", func(dir string) {
			mustDo(t, os.Symlink(outside, filepath.Join(dir, "templates", "us", "profile.json")))
		}, "templates/us/profile.json", map[string]string{"en": "leads out of the --assets folder", "zh": "指向 --assets 文件夹之外", "fr": "qui sort du dossier --assets"}},
		{"relative link out of the folder", func(dir string) {
			rel, err := filepath.Rel(filepath.Join(dir, "templates", "us"), outside)
			mustDo(t, err)
			mustDo(t, os.Symlink(rel, filepath.Join(dir, "templates", "us", "profile.json")))
		}, "templates/us/profile.json", map[string]string{"en": "leads out of the --assets folder"}},
		{"link to a folder", func(dir string) {
			mustDo(t, os.Symlink("us", filepath.Join(dir, "templates", "xx")))
		}, "templates/xx", map[string]string{"en": "is a symbolic link to a folder", "zh": "指向文件夹的符号链接", "fr": "lien symbolique vers un dossier"}},
		{"link out of the folder to a folder", func(dir string) {
			mustDo(t, os.Symlink(filepath.Dir(outside), filepath.Join(dir, "templates", "xx")))
		}, "templates/xx", map[string]string{"en": "leads out of the --assets folder"}},
		{"broken link", func(dir string) {
			mustDo(t, os.Symlink("nothing.json", filepath.Join(dir, "templates", "us", "profile.json")))
		}, "templates/us/profile.json", map[string]string{"en": "cannot be read", "zh": "无法读取", "fr": "impossible de lire"}},
		{"deep TOML", func(dir string) {
			mustDo(t, os.WriteFile(filepath.Join(dir, "locales", "cli.en.toml"), []byte("# deep\n\nx = "+deep), 0o600))
		}, "locales/cli.en.toml", map[string]string{"en": ", line 3: nested more than 64 levels", "zh": "第 3 行：嵌套超过 64 层", "fr": ", ligne 3\u00a0: imbrication de plus de 64 niveaux"}},
		{"deep TOML dotted key", func(dir string) {
			mustDo(t, os.WriteFile(filepath.Join(dir, "locales", "languages.conf"), []byte("[pending]\n"+strings.Repeat("a.", 100)+"b = 1\n"), 0o600))
		}, "locales/languages.conf", map[string]string{"en": ", line 2: nested more than 64 levels"}},
		{"deep JSON profile", func(dir string) {
			mustDo(t, os.WriteFile(filepath.Join(dir, "templates", "us", "profile.json"), []byte(deep), 0o600))
		}, "templates/us/profile.json", map[string]string{"en": ", line 1: nested more than 64 levels"}},
		{"deep JSON schema", func(dir string) {
			mustDo(t, os.WriteFile(filepath.Join(dir, "schemas", "us.schema.json"), []byte("{\n\"a\": "+deep), 0o600))
		}, "schemas/us.schema.json", map[string]string{"en": ", line 2: nested more than 64 levels"}},
		{"deep JSON offences", func(dir string) {
			mustDo(t, os.WriteFile(filepath.Join(dir, "templates", "offences.json"), []byte(`{"s": "[[[[", "a": `+deep), 0o600))
		}, "templates/offences.json", map[string]string{"en": ", line 1: nested more than 64 levels"}},
		{"too large", func(dir string) {
			mustDo(t, os.WriteFile(filepath.Join(dir, "templates", "us", "equivalents.json"), make([]byte, maxAssetFile+1), 0o600))
		}, "templates/us/equivalents.json", map[string]string{"en": "is larger than 4 MiB"}},
	}
	kase := repo("examples/us-embezzlement.json")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := assetsDir(t, map[string]string{"templates/us/request.json": "{}"})
			mustDo(t, os.MkdirAll(filepath.Join(dir, "locales"), 0o700))
			mustDo(t, os.MkdirAll(filepath.Join(dir, "schemas"), 0o700))
			tt.setup(dir)
			file := filepath.Join(dir, filepath.FromSlash(tt.file))
			for lang, want := range tt.want {
				for _, args := range [][]string{
					{"validate", kase},
					{"generate", kase, "--out", filepath.Join(t.TempDir(), "out")},
				} {
					args = append(args, "--assets", dir, "--lang", lang)
					start := time.Now()
					code, errs := runGuarded(t, args...)
					if code != ExitUsage || !strings.Contains(errs, file) || !strings.Contains(errs, want) {
						t.Errorf("mla %s: exit %d, want 2 and a message naming %s with %q:\n%s", args[0], code, file, want, errs)
					}
					t.Logf("%s --lang %s: refused in %v", args[0], lang, time.Since(start))
				}
			}
		})
	}
}

// TestAssetsIgnoreUnused: files mla does not read (a pipe beside the
// folders, a pipe among the schema fixtures, notes) are never opened and
// do not change the digest.
func TestAssetsIgnoreUnused(t *testing.T) {
	dir := assetsDir(t, map[string]string{"README.txt": "notes", "templates/us/notes.txt": "notes"})
	mustDo(t, os.MkdirAll(filepath.Join(dir, "schemas", "testdata"), 0o700))
	mustDo(t, os.MkdirAll(filepath.Join(dir, "locales"), 0o700))
	mustDo(t, syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o600))
	mustDo(t, syscall.Mkfifo(filepath.Join(dir, "schemas", "testdata", "x.json"), 0o600))
	mustDo(t, syscall.Mkfifo(filepath.Join(dir, "locales", "notes.txt"), 0o600))
	mustDo(t, os.Symlink("/dev/zero", filepath.Join(dir, "schemas", "zero")))
	mustDo(t, os.Symlink("/dev/zero", filepath.Join(dir, "templates", "us", "zero")))
	mustDo(t, os.Symlink(t.TempDir(), filepath.Join(dir, "schemas", "elsewhere")))
	kase := repo("examples/us-embezzlement.json")
	out := filepath.Join(t.TempDir(), "with")
	if code, errs := runGuarded(t, "generate", kase, "--out", out, "--assets", dir); code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	plain := filepath.Join(t.TempDir(), "without")
	if code, errs := runGuarded(t, "generate", kase, "--out", plain); code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, errs)
	}
	a, b := readManifest(t, out), readManifest(t, plain)
	if a.AssetsSHA256 != b.AssetsSHA256 || a.Fingerprint.SHA256 != b.Fingerprint.SHA256 {
		t.Errorf("unused files changed the assets digest: %s, want %s", a.AssetsSHA256, b.AssetsSHA256)
	}
}
