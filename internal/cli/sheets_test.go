package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// patchSheet rewrites the worksheet XML of the workbook at file with f,
// as a hostile or careless program could write it.
func patchSheet(t *testing.T, file string, f func(sheet string) string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	found := false
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if e.Name == "xl/worksheets/sheet1.xml" {
			data, found = []byte(f(string(data))), true
		}
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(data)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatal("the workbook has no xl/worksheets/sheet1.xml")
	}
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// rowOf returns the row number whose column A holds key, in sheet XML.
func rowOf(t *testing.T, sheet, key string) string {
	t.Helper()
	m := regexp.MustCompile(`<c r="A(\d+)"[^>]*><is><t[^>]*>` + regexp.QuoteMeta(key) + `</t>`).FindStringSubmatch(sheet)
	if m == nil {
		t.Fatalf("no row for %s", key)
	}
	return m[1]
}

// setCell replaces cell ref of sheet XML with the raw cell XML c.
func setCell(t *testing.T, sheet, ref, c string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
	if !re.MatchString(sheet) {
		t.Fatalf("no cell %s", ref)
	}
	return re.ReplaceAllLiteralString(sheet, c)
}

// appendRows adds rows at the end of the sheet data.
func appendRows(sheet, rows string) string {
	return strings.Replace(sheet, "</sheetData>", rows+"</sheetData>", 1)
}

// A cell that is not text is refused with the cell named, never written
// into the case as its raw value; nothing right of the header is ignored.
func TestTranslateImportRefusesTypedCells(t *testing.T) {
	tests := []struct {
		name, cell, want string
	}{
		{"date", `<c r="C%s" s="0"><v>45390</v></c>`, "a number or a date"},
		{"error", `<c r="C%s" t="e"><v>#REF!</v></c>`, "an error value"},
		{"boolean", `<c r="C%s" t="b"><v>1</v></c>`, "a TRUE/FALSE value"},
		{"formula", `<c r="C%s" t="str"><f>B2</f><v>x</v></c>`, "a formula"},
		{"NUL escape", `<c r="C%s" t="inlineStr"><is><t>a_x0000_b</t></is></c>`, "a control character (U+0000)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := caseCopy(t)
			xlsx := exportCase(t, p, "en")
			var cell string
			patchSheet(t, xlsx, func(s string) string {
				r := rowOf(t, s, "/case/title")
				cell = "C" + r
				return setCell(t, s, cell, fmt.Sprintf(tt.cell, r))
			})
			code, _, errs := run(t, nil, "translate", "import", p, xlsx)
			if code != ExitFindings || !strings.Contains(errs, "cell "+cell+": "+tt.want) {
				t.Errorf("exit %d, want %d naming cell %s (%s):\n%s", code, ExitFindings, cell, tt.want, errs)
			}
			unchanged(t, p)
		})
	}
}

// unchanged fails unless the case file at p is still the example.
func unchanged(t *testing.T, p string) {
	t.Helper()
	got, _ := os.ReadFile(p)
	want, _ := os.ReadFile(repo(example))
	if !bytes.Equal(got, want) {
		t.Error("the case file changed")
	}
}

// The workbook of the report: one extra cell at XFD1048576 made the
// import pad a million rows to 16,384 columns (18 GB in 5 minutes).
func TestTranslateImportRefusesCellOutsideHeader(t *testing.T) {
	p := caseCopy(t)
	xlsx := exportCase(t, p, "en")
	patchSheet(t, xlsx, func(s string) string {
		return appendRows(s, `<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>`)
	})
	if fi, _ := os.Stat(xlsx); fi.Size() > 64<<10 {
		t.Fatalf("the workbook has %d bytes", fi.Size())
	}
	code, _, errs := run(t, nil, "translate", "import", p, xlsx)
	if code != ExitFindings || !strings.Contains(errs, "cell XFD1048576: a value right of the last column") {
		t.Errorf("exit %d:\n%s", code, errs)
	}
	unchanged(t, p)
}

// A sheet of many bad rows lists 50 of them and counts the rest.
func TestImportListsFiftyBadRows(t *testing.T) {
	p := caseCopy(t)
	xlsx := exportCase(t, p, "en")
	patchSheet(t, xlsx, func(s string) string {
		var rows strings.Builder
		for r := 5000; r < 5120; r++ {
			fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>/nope/%d</t></is></c><c r="G%d" t="inlineStr"><is><t>0000000000000000</t></is></c></row>`, r, r, r, r)
		}
		return appendRows(s, rows.String())
	})
	code, _, errs := run(t, nil, "translate", "import", p, xlsx)
	if n := strings.Count(errs, ", row "); code != ExitFindings || n != 50 || !strings.Contains(errs, "… and 70 more") ||
		!strings.Contains(errs, "120 row(s) refused") {
		t.Errorf("exit %d, %d rows listed:\n%s", code, n, errs)
	}

	xlsx = exportCase(t, p, "en")
	patchSheet(t, xlsx, func(s string) string {
		var rows strings.Builder
		for r := 5000; r < 5120; r++ {
			fmt.Fprintf(&rows, `<row r="%d"><c r="C%d" t="b"><v>1</v></c></row>`, r, r)
		}
		return appendRows(s, rows.String())
	})
	code, _, errs = run(t, nil, "translate", "import", p, xlsx)
	if n := strings.Count(errs, ", cell "); code != ExitFindings || n != 50 || !strings.Contains(errs, "… and 70 more") ||
		!strings.Contains(errs, "120 cell(s) refused") {
		t.Errorf("exit %d, %d cells listed:\n%s", code, n, errs)
	}
}

// A text over the cell limit is refused naming its JSON Pointer.
func TestTranslateExportNamesTooLongText(t *testing.T) {
	b, err := os.ReadFile(repo(example))
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	c["case"].(map[string]any)["facts"].(map[string]any)["en"] = strings.Repeat("fact ", 7000)
	b, _ = json.Marshal(c)
	p := filepath.Join(t.TempDir(), "case.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, nil, "translate", "export", p, "--lang", "en", "--out", filepath.Join(t.TempDir(), "x.xlsx"))
	if code != ExitUsage || !strings.Contains(errs, "/case/facts (en): 35000 characters, more than the 32767") {
		t.Errorf("exit %d:\n%s", code, errs)
	}
}

// Template code in a translator's cell is refused by i18n import: it
// could hang generate, grow without bound, or hide the official title.
func TestI18nImportRefusesTemplateCode(t *testing.T) {
	for _, text := range []string{
		"{{range 3000000000}}{{end}}{{.CaseTitle}}",
		"{{range 200000000}}AAAAAAAAAA{{end}}{{.CaseTitle}}",
		"{{if false}}{{.CaseTitle}}{{end}}l'affaire XYZ",
	} {
		dir := assetsWithLocales(t)
		xlsx := filepath.Join(t.TempDir(), "fr.xlsx")
		if code, _, errs := run(t, nil, "i18n", "export", "--lang", "fr", "--out", xlsx, "--assets", dir); code != 0 {
			t.Fatalf("export: exit %d\n%s", code, errs)
		}
		patchSheet(t, xlsx, func(s string) string {
			r := rowOf(t, s, "request.title")
			return setCell(t, s, "F"+r, `<c r="F`+r+`" t="inlineStr"><is><t>`+text+`</t></is></c>`)
		})
		code, _, errs := run(t, nil, "i18n", "import", "--assets", dir, xlsx)
		if code != ExitFindings || !strings.Contains(errs, "(request.title, other): it holds {{") {
			t.Errorf("%s: exit %d\n%s", text, code, errs)
		}
		sameAsRepository(t, dir)
	}
}

// A locale file with template code: i18n check names it, and generate
// refuses it as a user error (exit 2) naming file, message and language,
// without running it.
func TestLocaleTemplateCodeRefused(t *testing.T) {
	for _, text := range []string{
		"{{range 3000000000}}{{end}}{{.CaseTitle}}",
		"{{call .CaseTitle}}",
		`{{define \"x\"}}{{template \"x\"}}{{end}}{{template \"x\"}}{{.CaseTitle}}`,
		"{{/* hidden */}}{{.CaseTitle}}",
	} {
		dir := assetsWithLocales(t)
		plant(t, dir, "request.zh-Hans.toml", `other = "关于{{.CaseTitle}}的刑事司法协助请求书"`, `other = "`+text+`"`)
		file := filepath.Join(dir, "locales", "request.zh-Hans.toml")
		code, out, _ := run(t, nil, "i18n", "check", "--assets", dir)
		if code != ExitFindings || !strings.Contains(out, "ERROR "+file+" request.title") || !strings.Contains(out, "which mla would run") {
			t.Errorf("%s: i18n check: exit %d\n%s", text, code, out)
		}
		code, _, errs := run(t, nil, "generate", repo(example), "--out", filepath.Join(t.TempDir(), "b"), "--assets", dir)
		if code != ExitUsage || !strings.Contains(errs, file+", message request.title (zh-Hans)") {
			t.Errorf("%s: generate: exit %d\n%s", text, code, errs)
		}
	}
}

// i18n import reads the same way: a cell at XFD3000 grew it to 951 MB.
func TestI18nImportRefusesCellOutsideHeader(t *testing.T) {
	dir := assetsWithLocales(t)
	xlsx := filepath.Join(t.TempDir(), "fr.xlsx")
	if code, _, errs := run(t, nil, "i18n", "export", "--lang", "fr", "--out", xlsx, "--assets", dir); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	patchSheet(t, xlsx, func(s string) string {
		return appendRows(s, `<row r="3000"><c r="XFD3000" t="inlineStr"><is><t>x</t></is></c></row>`)
	})
	code, _, errs := run(t, nil, "i18n", "import", "--assets", dir, xlsx)
	if code != ExitFindings || !strings.Contains(errs, "cell XFD3000: a value right of the last column") {
		t.Errorf("exit %d:\n%s", code, errs)
	}
	sameAsRepository(t, dir)
}
