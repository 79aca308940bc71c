package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/validate"
)

// TestBrokenProfileUnderAssets: a profile or template under --assets that
// mla cannot use is the user's error, exit 2, naming the file, its line and
// the field, in the language asked for; validate used to skip it (exit 0)
// and generate to call it an internal error.
func TestBrokenProfileUnderAssets(t *testing.T) {
	good, err := fs.ReadFile(mla.Assets(), "templates/us/profile.json")
	mustDo(t, err)
	tmpl, err := fs.ReadFile(mla.Assets(), "templates/us/request.json")
	mustDo(t, err)
	line := func(data []byte, s string) int {
		return 1 + bytes.Count(data[:bytes.Index(data, []byte(s))], []byte("\n"))
	}
	misspelt := strings.Replace(string(good), `"translation_languages"`, `"translation_langauges"`, 1)
	wrongType := strings.Replace(string(good), `"code": "US"`, `"code": 5`, 1)
	repeated := strings.Replace(string(good), `"code": "US"`, `"code": "US", "code": "US"`, 1)
	noSchema := strings.Replace(string(good), `"us.schema.json"`, `"uz.schema.json"`, 1)
	badWhen := strings.Replace(string(tmpl), `"when": "`, `"when": "x`, 1)
	cases := []struct {
		name, file, data, field string
		line                    int
		zh                      string
	}{
		{"unknown field", "templates/us/profile.json", misspelt, "/translation_langauges", line(good, `"translation_languages"`), "mla 不认识字段"},
		{"wrong type", "templates/us/profile.json", wrongType, "/code", line(good, `"code"`), "的值类型错误"},
		{"repeated field", "templates/us/profile.json", repeated, "/code", line(good, `"code"`), "在同一对象中出现了两次"},
		{"schema not there", "templates/us/profile.json", noSchema, "/schema", line(good, `"schema"`), "schemas/uz.schema.json"},
		{"unknown condition", "templates/us/request.json", badWhen, "/when", line(tmpl, `"when": "`), "的值无法使用"},
	}
	if !strings.Contains(string(tmpl), `"when": "`) {
		t.Fatal("the US template has no section condition any more: change the test")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := assetsDir(t, map[string]string{c.file: c.data})
			file := filepath.Join(dir, filepath.FromSlash(c.file))
			for _, cmd := range [][]string{
				{"validate", repo("examples/us-embezzlement.json")},
				{"generate", repo("examples/us-embezzlement.json"), "--out", filepath.Join(t.TempDir(), "b")},
				{"countries"},
			} {
				code, _, errs := run(t, nil, append(cmd, "--assets", dir, "--lang", "zh")...)
				where := file + " 第 " + strconv.Itoa(c.line) + " 行"
				if code != ExitUsage || !strings.Contains(errs, where) || !strings.Contains(errs, c.field) || !strings.Contains(errs, c.zh) {
					t.Errorf("%s: exit %d, want 2 naming %q, %s and %q:\n%s", cmd[0], code, where, c.field, c.zh, errs)
				}
			}
		})
	}
}

// TestSchemaWithoutProfile: the registry of states is the profiles with
// their schemas; a state's schema without a profile is an asset error for
// countries and validate alike (they used to disagree).
func TestSchemaWithoutProfile(t *testing.T) {
	xx, err := os.ReadFile(filepath.Join("testdata", "fictional", "schemas", "xx.schema.json"))
	mustDo(t, err)
	dir := assetsDir(t, map[string]string{"schemas/zz.schema.json": strings.ReplaceAll(string(xx), "xx.schema.json", "zz.schema.json")})
	kase := `{"format_version": 1, "requested_state": "ZZ"}`
	for _, cmd := range [][]string{{"countries"}, {"validate", "-"}} {
		code, _, errs := run(t, strings.NewReader(kase), append(cmd, "--assets", dir)...)
		if code != ExitUsage || !strings.Contains(errs, "zz.schema.json") || !strings.Contains(errs, "templates/zz/profile.json") {
			t.Errorf("%s: exit %d, want 2 naming the schema and the missing profile:\n%s", cmd[0], code, errs)
		}
	}
}

// TestLabelMissingUnderAssets: a locale file that leaves out the label of a
// schema's enumeration value is refused when the state is loaded (exit 2,
// naming the schema, the value and the message), even by validate and
// whether or not the case uses the value: generate used to exit 3 on a case
// that did.
func TestLabelMissingUnderAssets(t *testing.T) {
	zh, err := fs.ReadFile(mla.Assets(), "locales/request.zh-Hans.toml")
	mustDo(t, err)
	i := bytes.Index(zh, []byte(`["sex.unknown"]`))
	j := bytes.Index(zh[i:], []byte("\n\n"))
	if i < 0 || j < 0 {
		t.Fatal("sex.unknown is not in locales/request.zh-Hans.toml any more: change the test")
	}
	dir := assetsDir(t, map[string]string{"locales/request.zh-Hans.toml": string(zh[:i]) + string(zh[i+j+2:])})
	code, _, errs := run(t, nil, "validate", repo("examples/us-embezzlement.json"), "--assets", dir)
	for _, want := range []string{"schemas/case.schema.json", "/$defs/person/properties/sex", "unknown", "sex.unknown", "zh"} {
		if code != ExitUsage || !strings.Contains(errs, want) {
			t.Errorf("exit %d, want 2 naming %q:\n%s", code, want, errs)
		}
	}
}

// TestBrokenEquivalentsUnderAssets: a table of comparable offences that is
// not JSON is the user's error (exit 2, naming the file), not exit 3.
func TestBrokenEquivalentsUnderAssets(t *testing.T) {
	dir := assetsDir(t, map[string]string{"templates/us/equivalents.json": `{"state": "US",`})
	code, _, errs := run(t, nil, "validate", repo("examples/us-embezzlement.json"), "--assets", dir, "--lang", "zh")
	if code != ExitUsage || !strings.Contains(errs, filepath.Join(dir, "templates", "us", "equivalents.json")) || !strings.Contains(errs, "罪名数据有 1 个问题") {
		t.Errorf("exit %d, want 2 naming the file in Chinese:\n%s", code, errs)
	}
}

// TestBuiltInStatesComplete walks the built-in assets: every state of the
// registry has a schema, a profile, a template, a checklist, an example and
// invalid fixtures, and every labelled value of every schema has its label
// in every language of the locale files.
func TestBuiltInStatesComplete(t *testing.T) {
	assets := mla.Assets()
	reg := profile.NewRegistry(assets)
	codes, err := reg.Codes()
	if err != nil || len(codes) < 4 {
		t.Fatalf("states %v: %v", codes, err)
	}
	examples := exampleCases(t)
	for _, cc := range codes {
		p, tmpl, err := reg.Load(cc)
		if err != nil || tmpl == nil {
			t.Errorf("%s: %v", cc, err)
			continue
		}
		if _, err := fs.Stat(assets, path.Join("schemas", p.Schema)); err != nil {
			t.Errorf("%s: schema: %v", cc, err)
		}
		if _, err := validate.LoadChecklist(assets, cc); err != nil {
			t.Errorf("%s: checklist: %v", cc, err)
		}
		lc := strings.ToLower(cc)
		found := false
		for _, e := range examples {
			found = found || strings.HasPrefix(filepath.Base(e), lc+"-")
		}
		if !found {
			t.Errorf("%s: no example in examples/ (%s-….json)", cc, lc)
		}
		if inv, _ := filepath.Glob(repo(filepath.Join("schemas", "testdata", lc, "invalid", "*.json"))); len(inv) == 0 {
			t.Errorf("%s: no invalid fixtures in schemas/testdata/%s/invalid", cc, lc)
		}
	}
	a := &app{env: Env{Assets: assets, Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, lang: "en"}
	mustDo(t, a.load())
	v := validate.New(assets)
	schemas, err := fs.Glob(assets, "schemas/*.schema.json")
	mustDo(t, err)
	labelled := 0
	for _, s := range schemas {
		labels, err := v.Labels(path.Base(s))
		mustDo(t, err)
		labelled += len(labels)
		for _, l := range labels {
			for _, lang := range a.cat.Languages() {
				if _, err := a.cat.T(lang, l.ID, nil); err != nil {
					t.Errorf("%s %s: value %q has no label %s in %s: %v", l.File, l.Pointer, l.Value, l.ID, lang, err)
				}
			}
		}
	}
	if labelled < 30 {
		t.Errorf("only %d labelled values: has x-label gone from the schemas?", labelled)
	}
}

// TestBrokenSchemaUnderAssets: a schema under --assets that is not JSON, or
// that repeats a key (which JSON readers resolve differently), is the
// user's error: exit 2 naming the file and the line, in Chinese under
// --lang zh.
func TestBrokenSchemaUnderAssets(t *testing.T) {
	good, err := fs.ReadFile(mla.Assets(), "schemas/us.schema.json")
	mustDo(t, err)
	const title = `"title": "mla case file`
	if !bytes.Contains(good, []byte(title)) {
		t.Fatal("the US schema has no title any more: change the test")
	}
	at := 1 + bytes.Count(good[:bytes.Index(good, []byte(title))], []byte("\n"))
	for name, data := range map[string]string{
		"trailing comma": strings.Replace(string(good), title, `"x": 1,}, `+title, 1),
		"repeated key":   strings.Replace(string(good), title, `"title": "again", `+title, 1),
	} {
		t.Run(name, func(t *testing.T) {
			dir := assetsDir(t, map[string]string{"schemas/us.schema.json": data})
			code, _, errs := run(t, nil, "validate", repo("examples/us-embezzlement.json"), "--assets", dir, "--lang", "zh")
			where := filepath.Join(dir, "schemas", "us.schema.json") + " 第 " + strconv.Itoa(at) + " 行"
			if code != ExitUsage || !strings.Contains(errs, where) || !strings.Contains(errs, "不是有效的 JSON") {
				t.Errorf("exit %d, want 2 naming %q:\n%s", code, where, errs)
			}
		})
	}
}
