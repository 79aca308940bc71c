package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/i18n"
)

// assetsWithLocales makes an --assets folder holding a copy of the
// repository's locale files, and returns it.
func assetsWithLocales(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	dst := filepath.Join(dir, "locales")
	if err := os.Mkdir(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(repo("locales/*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("locale files: %v", err)
	}
	files = append(files, repo("locales/"+i18n.ConfigName))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sameAsRepository fails unless dir/locales holds exactly the
// repository's locale files, byte for byte.
func sameAsRepository(t *testing.T, dir string) {
	t.Helper()
	got, _ := filepath.Glob(filepath.Join(dir, "locales", "*"))
	want, _ := filepath.Glob(repo("locales/*"))
	if len(got) != len(want) {
		t.Errorf("%d files in locales, want %d: %v", len(got), len(want), got)
	}
	for _, w := range want {
		a, _ := os.ReadFile(w)
		b, err := os.ReadFile(filepath.Join(dir, "locales", filepath.Base(w)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s changed (%v)", filepath.Base(w), err)
		}
	}
}

// plant rewrites a locale file of an --assets folder.
func plant(t *testing.T, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, "locales", name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sheet is what openpyxl reads from a workbook.
type sheet struct {
	Sheets []string `json:"sheets"`
	Freeze string   `json:"freeze"`
	Filter string   `json:"filter"`
	Rows   [][]any  `json:"rows"`
}

// cell returns a cell as text ("" for an empty one, digits for a number).
func (s *sheet) cell(r, c int) string {
	if r >= len(s.Rows) || c >= len(s.Rows[r]) || s.Rows[r][c] == nil {
		return ""
	}
	switch v := s.Rows[r][c].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(s.Rows[r][c])
}

// row returns the first row whose first columns are key.
func (s *sheet) row(key ...string) int {
	for r := 1; r < len(s.Rows); r++ {
		ok := true
		for i, k := range key {
			ok = ok && s.cell(r, i) == k
		}
		if ok {
			return r
		}
	}
	return -1
}

// readBack reads a workbook with openpyxl, independent of excelize.
func readBack(t *testing.T, file string) *sheet {
	t.Helper()
	py := checker(t, "python3-openpyxl")
	out, err := exec.Command(py, "testdata/sheet.py", "dump", file).Output()
	if err != nil {
		t.Fatalf("openpyxl cannot read %s: %v", file, err)
	}
	var s sheet
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// editSheet edits a workbook with openpyxl, as a translator's spreadsheet
// program would, and saves it.
func editSheet(t *testing.T, file string, edits ...map[string]any) {
	t.Helper()
	py := checker(t, "python3-openpyxl")
	if edits == nil {
		edits = []map[string]any{}
	}
	b, _ := json.Marshal(edits)
	if out, err := exec.Command(py, "testdata/sheet.py", "edit", file, string(b)).CombinedOutput(); err != nil {
		t.Fatalf("editing %s: %v\n%s", file, err, out)
	}
}

func TestI18nCheckRepository(t *testing.T) {
	code, out, errs := run(t, nil, "i18n", "check")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "0 error(s)") {
		t.Errorf("summary: %s", errs)
	}
}

func TestI18nCheckCatchesPlantedProblems(t *testing.T) {
	tests := []struct {
		name          string
		file          string
		old, new      string
		wantFile, id  string
		wantInMessage string
	}{
		{"missing id", "cli.zh-Hans.toml", "[\"cli.flag.format\"]", "[\"cli.flag.formats\"]",
			"cli.zh-Hans.toml", "cli.flag.format", "cli.en.toml"},
		{"misspelt placeholder", "findings.zh-Hans.toml", "{{.File}} 第 {{.Line}} 行", "{{.Flie}} 第 {{.Line}} 行",
			"findings.zh-Hans.toml", "load.duplicate_key", "{{.Flie}}"},
		{"stale translation", "cli.en.toml", "replace an earlier output of mla", "replace an earlier output of mla, if any",
			"cli.zh-Hans.toml", "cli.flag.force", "stale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := assetsWithLocales(t)
			plant(t, dir, tt.file, tt.old, tt.new)
			code, out, _ := run(t, nil, "i18n", "check", "--assets", dir)
			if code != ExitFindings {
				t.Fatalf("exit %d, want %d\n%s", code, ExitFindings, out)
			}
			want := filepath.Join(dir, "locales", tt.wantFile) + " " + tt.id
			found := false
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "ERROR "+want) && strings.Contains(line, tt.wantInMessage) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error line for %s mentioning %q:\n%s", want, tt.wantInMessage, out)
			}
		})
	}
}

func TestI18nExportImportIsByteIdentical(t *testing.T) {
	for _, lang := range []string{"zh-Hans", "fr"} {
		t.Run(lang, func(t *testing.T) {
			dir := assetsWithLocales(t)
			xlsx := filepath.Join(t.TempDir(), lang+".xlsx")
			if code, _, errs := run(t, nil, "i18n", "export", "--lang", lang, "--out", xlsx, "--assets", dir); code != 0 {
				t.Fatalf("export: exit %d\n%s", code, errs)
			}
			s := readBack(t, xlsx)
			if len(s.Sheets) != 1 || s.Sheets[0] != lang || s.Freeze != "A2" || strings.ReplaceAll(s.Filter, "$", "") != "A1:K"+strconv.Itoa(len(s.Rows)) {
				t.Errorf("sheets %v, frozen at %q, filter %q", s.Sheets, s.Freeze, s.Filter)
			}
			if s.cell(0, 0) != "消息标识\nMessage id" || !strings.Contains(s.cell(0, 5), "("+lang+")") {
				t.Errorf("headers %v", s.Rows[0])
			}
			// A plural message has a row per plural form of the language.
			r := s.row("request.annex.evidence_list", "other")
			if r < 0 || s.cell(r, 4) != "List of evidence ({{.Count}} items)" || s.cell(r, 7) != "{{.Count}}" {
				t.Fatalf("row of request.annex.evidence_list: %v", s.Rows[max(r, 0)])
			}
			if lang == "fr" && (s.cell(r-2, 1) != "one" || s.cell(r-1, 1) != "many" || s.cell(r-2, 4) != "List of evidence ({{.Count}} item)") {
				t.Errorf("French plural rows: %v %v", s.Rows[r-2], s.Rows[r-1])
			}
			if lang == "zh-Hans" && (s.cell(r-1, 0) == "request.annex.evidence_list" || s.cell(r, 6) != "done") {
				t.Errorf("Chinese plural rows: %v %v", s.Rows[r-1], s.Rows[r])
			}
			// The leading space of a text survives the trip.
			if p := s.row("request.annex.pages", "other"); s.cell(p, 4) != " ({{.Count}} pages)" {
				t.Errorf("source of request.annex.pages = %q", s.cell(p, 4))
			}

			code, _, errs := run(t, nil, "i18n", "import", "--assets", dir, xlsx)
			if code != 0 {
				t.Fatalf("import: exit %d\n%s", code, errs)
			}
			sameAsRepository(t, dir)

			// Saved again by another program, still no change.
			editSheet(t, xlsx)
			if code, _, errs := run(t, nil, "i18n", "import", "--assets", dir, xlsx); code != 0 {
				t.Fatalf("import after openpyxl saved it: exit %d\n%s", code, errs)
			}
			sameAsRepository(t, dir)
		})
	}
}

func TestI18nImportRefusesBrokenPlaceholder(t *testing.T) {
	dir := assetsWithLocales(t)
	xlsx := filepath.Join(t.TempDir(), "zh.xlsx")
	if code, _, errs := run(t, nil, "i18n", "export", "--lang", "zh", "--out", xlsx, "--assets", dir); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	s := readBack(t, xlsx)
	r := s.row("cli.generate.exists")
	editSheet(t, xlsx,
		map[string]any{"match": map[string]string{"A": "cli.generate.exists"}, "set": map[string]string{"F": "{{.Dri}} 已存在"}},
		map[string]any{"match": map[string]string{"A": "cli.flag.out"}, "set": map[string]string{"F": "输出目录"}},
	)
	code, _, errs := run(t, nil, "i18n", "import", "--assets", dir, xlsx)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\n%s", code, ExitFindings, errs)
	}
	wantRow := "row " + strconv.Itoa(r+1) + " (cli.generate.exists, other)"
	if !strings.Contains(errs, wantRow) || !strings.Contains(errs, "{{.Dri}}") {
		t.Errorf("stderr does not name %s and {{.Dri}}:\n%s", wantRow, errs)
	}
	sameAsRepository(t, dir) // the good edit was not written either
}

func TestI18nImportRefusesMovedColumns(t *testing.T) {
	dir := assetsWithLocales(t)
	xlsx := filepath.Join(t.TempDir(), "zh.xlsx")
	if code, _, errs := run(t, nil, "i18n", "export", "--lang", "zh", "--out", xlsx, "--assets", dir); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	editSheet(t, xlsx, map[string]any{"delete_column": "C"})
	code, _, errs := run(t, nil, "i18n", "import", "--assets", dir, xlsx)
	if code != ExitUsage || !strings.Contains(errs, "column C") {
		t.Errorf("exit %d, want %d naming column C:\n%s", code, ExitUsage, errs)
	}
	sameAsRepository(t, dir)
}

// An edited clause imported from the spreadsheet is in the next request.
func TestI18nEditedClauseShowsInRequest(t *testing.T) {
	dir := assetsWithLocales(t)
	xlsx := filepath.Join(t.TempDir(), "zh.xlsx")
	if code, _, errs := run(t, nil, "i18n", "export", "--lang", "zh-Hans", "--out", xlsx, "--assets", dir); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	const edited = "本案所适用之法律条文（译者修订）"
	editSheet(t, xlsx, map[string]any{"match": map[string]string{"A": "request.heading.law"}, "set": map[string]string{"F": edited}})
	code, _, errs := run(t, nil, "i18n", "import", "--assets", dir, xlsx)
	if code != 0 || !strings.Contains(errs, "request.zh-Hans.toml") {
		t.Fatalf("import: exit %d\n%s", code, errs)
	}
	if code, out, _ := run(t, nil, "i18n", "check", "--assets", dir); code != 0 {
		t.Fatalf("check after the import: exit %d\n%s", code, out)
	}
	out := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", repo(example), "--out", out, "--assets", dir); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, errs)
	}
	text := squeeze(pdfText(t, filepath.Join(out, "request.pdf")))
	if !strings.Contains(text, edited) {
		t.Errorf("request.pdf does not show the edited heading %q", edited)
	}
	if strings.Contains(text, "本案适用的法律规定") {
		t.Error("request.pdf still shows the old heading")
	}
}

// A new language is added by dropping a file into --assets DIR/locales.
func TestI18nNewLanguage(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "locales"), 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(repo("locales/cli.en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	en, err := i18n.ParseFile("locales/cli.en.toml", src)
	if err != nil {
		t.Fatal(err)
	}
	sm := en.Message("cli.root.short")
	de := "# mla messages (cli) in German.\n\n" +
		"[\"cli.root.short\"]\ndescription = \"" + sm.Description + "\"\n" +
		"hash = \"" + i18n.SourceHash(sm) + "\"\n" +
		"other = \"Rechtshilfeersuchen aus Falldateien erstellen\"\n"
	if err := os.WriteFile(filepath.Join(dir, "locales", "cli.de.toml"), []byte(de), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("check lists what German lacks, with file and id", func(t *testing.T) {
		code, out, _ := run(t, nil, "i18n", "check", "--assets", dir)
		if code != ExitFindings {
			t.Fatalf("exit %d\n%s", code, out)
		}
		for _, want := range []string{
			"ERROR " + filepath.Join(dir, "locales", "cli.de.toml") + " cli.flag.lang: ",
			"ERROR " + filepath.Join(dir, "locales", "findings.de.toml") + ": ",
			"ERROR " + filepath.Join(dir, "locales", "request.de.toml") + ": ",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("no line %q in:\n%s", want, out)
			}
		}
		if strings.Contains(out, "cli.root.short") {
			t.Errorf("the translated, stamped message is reported:\n%s", out)
		}
	})

	t.Run("a pending translation passes the check", func(t *testing.T) {
		conf := pendingConf(t, "de")
		p := filepath.Join(dir, "locales", "languages.conf")
		if err := os.WriteFile(p, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(p)
		code, out, errs := run(t, nil, "i18n", "check", "--assets", dir)
		if code != 0 || !strings.Contains(out, "NOTE "+filepath.Join(dir, "locales", "cli.de.toml")+" cli.flag.lang: ") {
			t.Errorf("exit %d\n%s%s", code, out, errs)
		}
	})

	t.Run("export and import", func(t *testing.T) {
		xlsx := filepath.Join(t.TempDir(), "de.xlsx")
		code, _, errs := run(t, nil, "i18n", "export", "--lang", "de", "--out", xlsx, "--assets", dir)
		if code != 0 {
			t.Fatalf("export: exit %d\n%s", code, errs)
		}
		s := readBack(t, xlsx)
		if s.Sheets[0] != "de" {
			t.Errorf("sheet %v", s.Sheets)
		}
		if r := s.row("cli.root.short"); r < 0 || s.cell(r, 6) != "done" || s.cell(r, 8) != "cli.de.toml" {
			t.Errorf("cli.root.short row: %v", s.Rows[max(r, 0)])
		}
		if r := s.row("cli.flag.lang"); r < 0 || s.cell(r, 6) != "missing" || s.cell(r, 5) != "" {
			t.Errorf("cli.flag.lang row: %v", s.Rows[max(r, 0)])
		}
		editSheet(t, xlsx, map[string]any{"match": map[string]string{"A": "finding.list.separator"}, "set": map[string]string{"F": ", "}})
		code, _, errs = run(t, nil, "i18n", "import", "--assets", dir, xlsx)
		if code != 0 {
			t.Fatalf("import: exit %d\n%s", code, errs)
		}
		b, err := os.ReadFile(filepath.Join(dir, "locales", "findings.de.toml"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "# ") || !strings.Contains(string(b), "[\"finding.list.separator\"]\ndescription = ") ||
			!strings.HasSuffix(string(b), "other = \", \"\n") {
			t.Errorf("findings.de.toml:\n%s", b)
		}
	})
}

// pendingConf returns the repository's languages.conf with lang added as a
// pending translation of every group, so that the translations the
// repository itself lists as pending stay pending.
func pendingConf(t *testing.T, lang string) string {
	t.Helper()
	set, err := i18n.ReadSet(os.DirFS(repo(".")), "locales")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "source = %q\nreference = %q\n\n[pending]\n", set.Config.Source, set.Config.Reference)
	for _, g := range set.Groups() {
		var list []string
		for _, l := range append(append([]string(nil), set.Config.Pending[g]...), lang) {
			list = append(list, strconv.Quote(l))
		}
		fmt.Fprintf(&b, "%s = [%s]\n", g, strings.Join(list, ", "))
	}
	return b.String()
}

func TestI18nUsage(t *testing.T) {
	dir := assetsWithLocales(t)
	xlsx := filepath.Join(t.TempDir(), "x.xlsx")
	if err := os.WriteFile(xlsx, []byte("exists"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"source language", []string{"i18n", "export", "--lang", "en", "--out", "-"}, ExitUsage, "source language"},
		{"not a tag", []string{"i18n", "export", "--lang", "f r", "--out", "-"}, ExitUsage, "f r"},
		{"no plural rule", []string{"i18n", "export", "--lang", "tlh", "--out", "-"}, ExitUsage, "tlh"},
		{"output exists", []string{"i18n", "export", "--lang", "fr", "--out", xlsx}, ExitUsage, "--force"},
		{"not a workbook", []string{"i18n", "import", "--assets", dir, xlsx}, ExitUsage, xlsx},
		{"stamp the source", []string{"i18n", "stamp", "--lang", "en", "--assets", dir}, ExitUsage, "source language"},
		{"stamp an unknown id", []string{"i18n", "stamp", "--lang", "zh", "--assets", dir, "no.such.id"}, ExitUsage, "no.such.id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d (want %d), stderr:\n%s", code, tt.code, errs)
			}
		})
	}
	sameAsRepository(t, dir)
}

func TestI18nExportToStdoutIsDeterministic(t *testing.T) {
	_, a, _ := run(t, nil, "i18n", "export", "--lang", "fr", "--out", "-")
	_, b, _ := run(t, nil, "i18n", "export", "--lang", "fr", "--out", "-")
	if len(a) < 1000 || a != b || !strings.HasPrefix(a, "PK") {
		t.Errorf("two exports differ or are not workbooks (%d and %d bytes)", len(a), len(b))
	}
}

func TestLangIsTarget(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"i18n", "export", "--lang", "fr"}, true},
		{[]string{"--lang", "zh", "i18n", "export", "--lang", "fr"}, true},
		{[]string{"--assets", "i18n", "translate", "export"}, true},
		{[]string{"translate", "export", "case.json", "--lang", "en"}, true},
		{[]string{"i18n", "stamp", "--lang", "zh"}, true},
		{[]string{"i18n", "check", "--lang", "zh"}, false},
		{[]string{"i18n", "import", "fr.xlsx", "--lang", "zh"}, false},
		{[]string{"translate", "import", "c.json", "c.xlsx"}, false},
		{[]string{"validate", "i18n", "export"}, false},
		{[]string{"--", "i18n", "export"}, false},
	}
	for _, tt := range tests {
		if got := langIsTarget(tt.args); got != tt.want {
			t.Errorf("langIsTarget(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
	// The message language then comes from the environment.
	lang, _, _ := prescan([]string{"i18n", "export", "--lang", "fr"}, func(k string) string {
		return map[string]string{"LANG": "zh_CN.UTF-8"}[k]
	}, nil)
	if lang != "zh" {
		t.Errorf("message language %q, want zh from LANG", lang)
	}
}

// French is a language of mla's messages: every command's help, and the
// findings of validate.
func TestFrenchMessages(t *testing.T) {
	for _, p := range commandPaths(t, "fr") {
		args := append(append([]string{}, p...), "--help")
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Assets: mla.Assets(),
			Getenv: func(k string) string { return map[string]string{"MLA_LANG": "fr"}[k] }}
		if code := Run(context.Background(), args, env); code != 0 {
			t.Errorf("mla %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
		}
		if s := out.String(); strings.Contains(s, "<no value>") || strings.Contains(s, "cli.") || strings.Contains(s, "i18n.") {
			t.Errorf("mla %s: help shows a message id or an empty placeholder:\n%s", strings.Join(args, " "), s)
		}
	}

	for _, f := range []string{"missing-facts", "dangling-person-ref", "misspelt-field", "blank-english"} {
		code, out, errs := run(t, nil, "validate", "--lang", "fr", repo("schemas/testdata/us/invalid/"+f+".json"))
		if code != ExitFindings {
			t.Errorf("%s: exit %d\n%s", f, code, errs)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "    ") && strings.TrimSpace(line) == "" {
				t.Errorf("%s: a finding has no French message:\n%s", f, out)
			}
		}
		if !strings.Contains(out, "erreur(s)") {
			t.Errorf("%s: summary not in French:\n%s", f, out)
		}
	}
	code, out, _ := run(t, nil, "validate", "--lang", "fr", repo("schemas/testdata/us/invalid/missing-facts.json"))
	if code != ExitFindings || !strings.Contains(out, "Les faits manquent (/case/facts)") {
		t.Errorf("validate --lang fr:\n%s", out)
	}
}

// Without --assets, import and stamp write into ./locales, starting from
// the files there over the built-in ones.
func TestI18nImportIntoCurrentFolder(t *testing.T) {
	py := checker(t, "python3-openpyxl")
	sheetPy, err := filepath.Abs("testdata/sheet.py")
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(repo("locales/cli.zh-Hans.toml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, errs := run(t, nil, "i18n", "export", "--lang", "zh", "--out", "zh.xlsx"); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	edit := `[{"match": {"A": "cli.flag.force"}, "set": {"F": "覆盖已有的输出文件夹"}}]`
	if out, err := exec.Command(py, sheetPy, "edit", "zh.xlsx", edit).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if code, _, errs := run(t, nil, "i18n", "import", "zh.xlsx"); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, errs)
	}
	entries, _ := os.ReadDir("locales")
	if len(entries) != 1 || entries[0].Name() != "cli.zh-Hans.toml" {
		t.Fatalf("./locales holds %v, want only cli.zh-Hans.toml", entries)
	}
	got, _ := os.ReadFile("locales/cli.zh-Hans.toml")
	// Its source did not change, so neither does its hash: one line.
	if d := lineDiffCount(old, got); d != 1 || !strings.Contains(string(got), "\nother = \"覆盖已有的输出文件夹\"\n") {
		t.Errorf("%d lines differ from the built-in file, want 1 (the text)", d)
	}
	// Imported again, the file in ./locales is where it starts from.
	if code, _, errs := run(t, nil, "i18n", "import", "zh.xlsx"); code != 0 || !strings.Contains(errs, "nothing to change") {
		t.Errorf("second import: exit %d\n%s", code, errs)
	}
}

// TestWriteLocalesLeavesAChangedFile: i18n import and stamp replace a
// locale file only if it still holds what they read, keeping its
// permissions, and create one only if none appeared meanwhile.
func TestWriteLocalesLeavesAChangedFile(t *testing.T) {
	src, root := t.TempDir(), t.TempDir()
	for _, d := range []string{src, root} {
		mustDo(t, os.Mkdir(filepath.Join(d, "locales"), 0o755))
	}
	orig, err := fs.ReadFile(mla.Assets(), "locales/cli.fr.toml")
	mustDo(t, err)
	mustDo(t, os.WriteFile(filepath.Join(root, "locales", "cli.fr.toml"), orig, 0o640))
	mustDo(t, os.WriteFile(filepath.Join(src, "locales", "cli.en.toml"), []byte("[\"a.b\"]\ndescription = \"d\"\nother = \"x\"\n"), 0o644))
	a := &app{env: Env{Assets: mla.Assets(), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, lang: "en"}
	mustDo(t, a.load())
	write := func(dir, name string) error {
		s, err := i18n.ReadSet(os.DirFS(dir), localesDir)
		mustDo(t, err)
		for _, f := range s.Files {
			if f.Path == "locales/"+name {
				f.Header = append(f.Header, "# edited")
				return a.writeLocales(root, s, []*i18n.File{f}, "i18n.stamp.done", 1)
			}
		}
		t.Fatalf("%s not read", name)
		return nil
	}
	p := filepath.Join(root, "locales", "cli.fr.toml")

	// Unchanged since read: replaced, permissions kept.
	mustDo(t, write(root, "cli.fr.toml"))
	if b, _ := os.ReadFile(p); !strings.Contains(string(b), "# edited") {
		t.Error("the locale file was not written")
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode().Perm())
	}

	// Changed between the read and the write: left as it is, exit 2.
	s, err := i18n.ReadSet(os.DirFS(root), localesDir)
	mustDo(t, err)
	mustDo(t, os.WriteFile(p, []byte("# the translator's own\n"), 0o640))
	err = a.writeLocales(root, s, s.Files, "i18n.stamp.done", 1)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != ExitUsage || !strings.Contains(ee.msg, "changed while mla was working on it") {
		t.Errorf("changed file: %v, want exit 2 saying it changed", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "# the translator's own\n" {
		t.Errorf("the changed file was overwritten (%d bytes)", len(b))
	}

	// Read from elsewhere (the built-in files), none on disk: created;
	// one that appeared meanwhile is left as it is.
	q := filepath.Join(root, "locales", "cli.en.toml")
	mustDo(t, write(src, "cli.en.toml"))
	if _, err := os.Stat(q); err != nil {
		t.Fatalf("a new locale file was not created: %v", err)
	}
	mustDo(t, os.WriteFile(q, []byte("# theirs\n"), 0o644))
	if err := write(src, "cli.en.toml"); !errors.As(err, &ee) || ee.code != ExitUsage {
		t.Errorf("a file that appeared: %v, want exit 2", err)
	}
	if b, _ := os.ReadFile(q); string(b) != "# theirs\n" {
		t.Errorf("a file that appeared was overwritten (%d bytes)", len(b))
	}
}
