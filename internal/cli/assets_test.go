package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runGuarded is run, failing the test instead of hanging when mla does not
// return: the guard is not a timing assertion, only a way to report a hang.
func runGuarded(t *testing.T, args ...string) (int, string) {
	t.Helper()
	type result struct {
		code      int
		out, errs string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errs := run(t, nil, args...)
		done <- result{code, out, errs}
	}()
	select {
	case r := <-done:
		return r.code, r.errs
	case <-time.After(2 * time.Minute):
		t.Fatalf("mla %s did not return", strings.Join(args, " "))
		return 0, ""
	}
}

// assetsDir returns a new --assets folder holding the given files
// (slash paths), with their folders.
func assetsDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestAssetsSchemaReference: a schema under --assets that refers to the
// network, a file or a missing schema is the user's error, naming the
// schema and the reference; nothing is fetched.
func TestAssetsSchemaReference(t *testing.T) {
	us, err := os.ReadFile(repo("schemas/us.schema.json"))
	mustDo(t, err)
	if !strings.Contains(string(us), `"$ref": "case.schema.json"`) {
		t.Fatal(`schemas/us.schema.json no longer refers to "case.schema.json"`)
	}
	tests := []struct {
		ref  string
		want map[string]string
	}{
		{"http://example.com/case.schema.json", map[string]string{"en": "leads outside mla's schemas", "zh": "之外", "fr": "sort des schémas de mla"}},
		{"https://example.com/case.schema.json", map[string]string{"en": "leads outside mla's schemas"}},
		{"file:///etc/passwd", map[string]string{"en": "leads outside mla's schemas"}},
		{"nothing.schema.json", map[string]string{"en": "names a schema that the schemas folder does not have", "zh": "不存在", "fr": "absent du dossier schemas"}},
	}
	kase := repo("examples/us-embezzlement.json")
	for _, tt := range tests {
		dir := assetsDir(t, map[string]string{
			"schemas/us.schema.json": strings.Replace(string(us), `"$ref": "case.schema.json"`, `"$ref": "`+tt.ref+`"`, 1),
		})
		file := filepath.Join(dir, "schemas", "us.schema.json")
		for lang, want := range tt.want {
			for _, cmd := range []string{"validate", "generate"} {
				args := []string{cmd, kase, "--assets", dir, "--lang", lang}
				if cmd == "generate" {
					args = append(args, "--out", filepath.Join(t.TempDir(), "out"))
				}
				code, errs := runGuarded(t, args...)
				if code != ExitUsage || !strings.Contains(errs, file) || !strings.Contains(errs, tt.ref) || !strings.Contains(errs, want) {
					t.Errorf("%s, %s --lang %s: exit %d, want 2 naming %s and %s with %q:\n%s", tt.ref, cmd, lang, code, file, tt.ref, want, errs)
				}
			}
		}
	}
}

// TestAssetsNoFolder: --assets naming nothing, or a file, is a usage error
// in the user's language.
func TestAssetsNoFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file.txt")
	mustDo(t, os.WriteFile(file, []byte("x"), 0o600))
	for _, p := range []string{filepath.Join(t.TempDir(), "missing"), file} {
		for lang, want := range map[string]string{"en": "there is no folder at this path", "zh": "此路径下没有文件夹", "fr": "aucun dossier à cet emplacement"} {
			code, errs := runGuarded(t, "validate", repo("examples/us-embezzlement.json"), "--assets", p, "--lang", lang)
			if code != ExitUsage || !strings.Contains(errs, p) || !strings.Contains(errs, want) {
				t.Errorf("--assets %s --lang %s: exit %d, want 2 with %q:\n%s", p, lang, code, want, errs)
			}
		}
	}
}

// TestAssetsSchemaSyntax: a schema under --assets that is not JSON is the
// user's error, naming the file and the line, not a fault of mla.
func TestAssetsSchemaSyntax(t *testing.T) {
	dir := assetsDir(t, map[string]string{"schemas/us.schema.json": "{\n  \"a\": 1,\n  \"b\": }\n"})
	file := filepath.Join(dir, "schemas", "us.schema.json")
	for lang, want := range map[string]string{"en": ", line 3: the schema is not valid JSON", "zh": "第 3 行：该模式不是有效的 JSON", "fr": ", ligne 3\u00a0: le schéma n’est pas du JSON valide"} {
		code, errs := runGuarded(t, "validate", repo("examples/us-embezzlement.json"), "--assets", dir, "--lang", lang)
		if code != ExitUsage || !strings.Contains(errs, file) || !strings.Contains(errs, want) {
			t.Errorf("--lang %s: exit %d, want 2 with %q:\n%s", lang, code, want, errs)
		}
	}
}

// TestAssetsRulesEntry: a rule of templates/rules.json under --assets with
// a severity mla does not know is the user's error, naming the file, the
// line and the field, in every command that checks a case.
func TestAssetsRulesEntry(t *testing.T) {
	rules := "{\n  \"rules\": {\n    \"text.invisible\": {\n      \"source\": \"mla\",\n      \"severity\": \"grave\",\n      \"messages\": [\"finding.text.invisible\"]\n    }\n  }\n}\n"
	dir := assetsDir(t, map[string]string{"templates/rules.json": rules})
	file := filepath.Join(dir, "templates", "rules.json")
	want := map[string]string{
		"en": ", line 5, field /rules/text.invisible/severity: this rule entry cannot be used",
		"zh": "第 5 行，字段 /rules/text.invisible/severity：该规则条目无法使用",
		"fr": ", ligne 5, champ /rules/text.invisible/severity\u00a0: cette règle est inutilisable",
	}
	for lang, w := range want {
		for _, cmd := range [][]string{{"validate"}, {"review", "--out", filepath.Join(t.TempDir(), "r")}, {"generate", "--out", filepath.Join(t.TempDir(), "out")}} {
			args := append(cmd, repo("examples/us-embezzlement.json"), "--assets", dir, "--lang", lang)
			code, errs := runGuarded(t, args...)
			if code != ExitUsage || !strings.Contains(errs, file) || !strings.Contains(errs, w) {
				t.Errorf("%s --lang %s: exit %d, want 2 with %q:\n%s", cmd[0], lang, code, w, errs)
			}
		}
	}
}

// TestAssetsTooMany: more used files than the limit are refused, naming
// the file where the limit was passed.
func TestAssetsTooMany(t *testing.T) {
	files := map[string]string{}
	for i := 0; i <= maxAssetFiles; i++ {
		files[fmt.Sprintf("templates/zz/f%04d.json", i)] = "{}"
	}
	dir := assetsDir(t, files)
	code, errs := runGuarded(t, "validate", repo("examples/us-embezzlement.json"), "--assets", dir)
	want := filepath.Join(dir, "templates", "zz", fmt.Sprintf("f%04d.json", maxAssetFiles))
	if code != ExitUsage || !strings.Contains(errs, want) || !strings.Contains(errs, "exceed 2000 files") {
		t.Errorf("exit %d, want 2 naming %s:\n%s", code, want, errs)
	}
}
