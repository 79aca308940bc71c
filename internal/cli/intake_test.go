package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fillIntake writes into the workbook in (saved as out, with openpyxl as
// an officer's spreadsheet program would) the rows of the spec file: by
// sheet, one object per row from row 3, by the column's field (row 1).
func fillIntake(t *testing.T, in, out, spec string) {
	t.Helper()
	py := checker(t, "python3-openpyxl")
	script := `import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for path in sys.argv[3:]:
    spec = json.load(open(path, encoding="utf-8"))
    for sheet, rows in spec.items():
        ws = wb[sheet]
        keys = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
        for i, row in enumerate(rows):
            for k, v in row.items():
                ws.cell(3 + i, keys[k]).value = v
wb.save(sys.argv[2])
`
	args := append([]string{"-c", script, in, out}, strings.Split(spec, ",")...)
	if b, err := exec.Command(py, args...).CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, b)
	}
}

// TestIntakeOfficerCanada plays a Chinese case officer for Canada: a
// template, the workbook filled with what its starred columns ask, import,
// validate; then what validate asked for (the fields the state requires
// only for some kinds of assistance), import, validate clean, generate.
// Two validate rounds. One yes/no column gets a TRUE cell, as Excel makes
// of a typed TRUE.
func TestIntakeOfficerCanada(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "intake.xlsx")
	if code, _, errs := run(t, nil, "intake", "template", "ca", "--out", tmpl, "--lang", "zh"); code != 0 {
		t.Fatalf("template: %d %s", code, errs)
	}
	r1, r2 := filepath.Join("testdata", "intake", "ca-round1.json"), filepath.Join("testdata", "intake", "ca-round2.json")
	// Round 1.
	f1, c1 := filepath.Join(dir, "f1.xlsx"), filepath.Join(dir, "c1.json")
	fillIntake(t, tmpl, f1, r1)
	if code, _, errs := run(t, nil, "intake", "import", f1, "--out", c1, "--lang", "zh"); code != 0 {
		t.Fatalf("import 1: %d %s", code, errs)
	}
	code, out, _ := run(t, nil, "validate", c1, "--lang", "zh")
	if code != ExitFindings || !strings.Contains(out, "/assistance/0/institution") || !strings.Contains(out, "/assurances/confidentiality_reasons") {
		t.Fatalf("validate 1: %d\n%s", code, out)
	}
	// Round 2.
	f2, c2 := filepath.Join(dir, "f2.xlsx"), filepath.Join(dir, "c2.json")
	fillIntake(t, tmpl, f2, r1+","+r2)
	if code, _, errs := run(t, nil, "intake", "import", f2, "--out", c2, "--lang", "zh"); code != 0 {
		t.Fatalf("import 2: %d %s", code, errs)
	}
	if code, out, _ := run(t, nil, "validate", c2, "--lang", "zh"); code != 0 || !strings.Contains(out, "错误 0 项") {
		t.Fatalf("validate 2: %d\n%s", code, out)
	}
	// A major case waits for the experts' approval of this version.
	if code, _, errs := run(t, nil, "generate", c2, "--out", filepath.Join(dir, "bundle"), "--lang", "zh"); code != ExitFindings || !strings.Contains(errs, "重大案件") || !strings.Contains(errs, "mla review import") {
		t.Fatalf("generate before the review: %d %s", code, errs)
	}
	approve(t, c2)
	if code, _, errs := run(t, nil, "generate", c2, "--out", filepath.Join(dir, "bundle"), "--lang", "zh"); code != 0 {
		t.Fatalf("generate: %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "bundle", "request.pdf")); err != nil {
		t.Fatal(err)
	}
}

// TestIntakeImportErrors: a renamed column, a word in a number column and
// a sheet mla did not write are each reported with the sheet, the cell and
// (for a value) the JSON Pointer, and no case is written.
func TestIntakeImportErrors(t *testing.T) {
	py := checker(t, "python3-openpyxl")
	dir := t.TempDir()
	wb := filepath.Join(dir, "e.xlsx")
	if code, _, errs := run(t, nil, "intake", "export", repo("examples/ca-bribery-fr.json"), "--out", wb); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	script := `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["evidence"]
for c in range(1, ws.max_column + 1):
    if ws.cell(1, c).value == "pages":
        ws.cell(3, c).value = "two"
ws = wb["persons"]
ws.cell(1, 2).value = "rôle"
wb.create_sheet("notes")["A1"] = "x"
wb.save(sys.argv[2])
`
	if b, err := exec.Command(py, "-c", script, wb, bad).CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, b)
	}
	out := filepath.Join(dir, "c.json")
	code, _, errs := run(t, nil, "intake", "import", bad, "--out", out, "--lang", "en")
	if code != ExitUsage {
		t.Fatalf("import: %d %s", code, errs)
	}
	for _, want := range []string{`sheet "evidence", cell `, "(/evidence/0/pages)", `"two" is not a number`, `sheet "persons", cell B1: "rôle"`, `sheet "notes"`} {
		if !strings.Contains(errs, want) {
			t.Errorf("missing %q in:\n%s", want, errs)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a case was written")
	}
}

// TestIntakeLibreOffice: a workbook re-saved by LibreOffice imports to the
// same case.
func TestIntakeLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		// .ci/run installs it (libreoffice-calc-nogui).
		if os.Getenv("CI") != "" {
			t.Fatalf("soffice is missing (CI is set): %v", err)
		}
		t.Skip("soffice is not installed")
	}
	dir := t.TempDir()
	src := repo("examples/ca-bribery-fr.json")
	wb := filepath.Join(dir, "e.xlsx")
	if code, _, errs := run(t, nil, "intake", "export", src, "--out", wb); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	conv := filepath.Join(dir, "lo")
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "xlsx", "--outdir", conv, wb)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	out := filepath.Join(dir, "c.json")
	if code, _, errs := run(t, nil, "intake", "import", filepath.Join(conv, "e.xlsx"), "--out", out); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	var a, b map[string]any
	for f, v := range map[string]*map[string]any{src: &a, out: &b} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("the case changed through LibreOffice")
	}
}
