package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// caseCopy copies the example case into a new folder with mode 0640 and
// returns its path.
func caseCopy(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(repo(example))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "case.json")
	if err := os.WriteFile(p, b, 0o640); err != nil {
		t.Fatal(err)
	}
	return p
}

func exportCase(t *testing.T, casePath, lang string) string {
	t.Helper()
	xlsx := filepath.Join(t.TempDir(), "case-"+lang+".xlsx")
	code, _, errs := run(t, nil, "translate", "export", casePath, "--lang", lang, "--out", xlsx)
	if code != 0 {
		t.Fatalf("translate export: exit %d\n%s", code, errs)
	}
	return xlsx
}

func TestTranslateRoundTripIsByteIdentical(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			p := caseCopy(t)
			xlsx := exportCase(t, p, lang)
			s := readBack(t, xlsx)
			if s.Sheets[0] != lang || s.Freeze != "A2" || s.Filter == "" {
				t.Errorf("sheet %v, frozen %q, filter %q", s.Sheets, s.Freeze, s.Filter)
			}
			if s.cell(0, 0) != "JSON 指针\nJSON Pointer" || !strings.Contains(s.cell(0, 2), "("+lang+")") {
				t.Errorf("headers %v", s.Rows[0])
			}
			r := s.row("/case/facts")
			if r < 0 {
				t.Fatal("no row for /case/facts")
			}
			orig := s.cell(r, 1)
			if utf8.RuneCountInString(orig) < 100 {
				t.Errorf("/case/facts original: %q", orig)
			}
			if s.cell(r, 3) != strconv.Itoa(utf8.RuneCountInString(orig)) {
				t.Errorf("character count %q for a text of %d characters", s.cell(r, 3), utf8.RuneCountInString(orig))
			}
			wantStatus := "done"
			if lang == "fr" {
				wantStatus = "missing"
			}
			if s.cell(r, 5) != wantStatus {
				t.Errorf("status %q, want %s", s.cell(r, 5), wantStatus)
			}

			code, _, errs := run(t, nil, "translate", "import", p, xlsx)
			if code != 0 {
				t.Fatalf("import: exit %d\n%s", code, errs)
			}
			editSheet(t, xlsx) // saved again by another program
			if code, _, errs := run(t, nil, "translate", "import", p, xlsx); code != 0 {
				t.Fatalf("import after openpyxl saved it: exit %d\n%s", code, errs)
			}
			got, _ := os.ReadFile(p)
			want, _ := os.ReadFile(repo(example))
			if !bytes.Equal(got, want) {
				t.Error("the case file changed")
			}
		})
	}
}

// An edited translation changes that value and nothing else, and is in the
// next generated request.
func TestTranslateEditShowsInRequest(t *testing.T) {
	p := caseCopy(t)
	xlsx := exportCase(t, p, "en")
	const edited = "Edited by the translator: the facts, \"quoted\", on two\nlines."
	editSheet(t, xlsx, map[string]any{"match": map[string]string{"A": "/case/title"}, "set": map[string]string{"C": "Corrected title of the case (fictional example)"}},
		map[string]any{"match": map[string]string{"A": "/case/summary"}, "set": map[string]string{"C": edited}})
	code, _, errs := run(t, nil, "translate", "import", p, xlsx)
	if code != 0 || !strings.Contains(errs, "2 translation(s)") {
		t.Fatalf("import: exit %d\n%s", code, errs)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode().Perm())
	}
	got, _ := os.ReadFile(p)
	old, _ := os.ReadFile(repo(example))
	// Outside the two values, the bytes are the old ones.
	for _, v := range []string{`"Corrected title of the case (fictional example)"`, `"Edited by the translator: the facts, \"quoted\", on two\nlines."`} {
		if !bytes.Contains(got, []byte(v)) {
			t.Errorf("the case file does not hold %s", v)
		}
	}
	if d := lineDiffCount(old, got); d != 2 {
		t.Errorf("%d lines changed, want 2", d)
	}
	if code, out, _ := run(t, nil, "validate", p); code != 0 {
		t.Fatalf("the edited case does not validate:\n%s", out)
	}
	out := filepath.Join(t.TempDir(), "bundle")
	approve(t, p)
	if code, _, errs := run(t, nil, "generate", p, "--out", out); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, errs)
	}
	text := squeeze(pdfText(t, filepath.Join(out, "request.pdf")))
	for _, want := range []string{"Correctedtitleofthecase", squeeze(strings.Split(edited, "\n")[0])} {
		if !strings.Contains(text, want) {
			t.Errorf("request.pdf does not show %q", want)
		}
	}
}

func lineDiffCount(a, b []byte) int {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	if len(la) != len(lb) {
		return -1
	}
	n := 0
	for i := range la {
		if la[i] != lb[i] {
			n++
		}
	}
	return n
}

func TestTranslateImportRefuses(t *testing.T) {
	p := caseCopy(t)
	xlsx := exportCase(t, p, "en")
	s := readBack(t, xlsx)
	r := s.row("/persons/0/name")
	editSheet(t, xlsx,
		map[string]any{"match": map[string]string{"A": "/persons/0/name"}, "set": map[string]string{"B": "林建华改", "C": "LIN Jianhua (new)"}},
		map[string]any{"match": map[string]string{"A": "/case/title"}, "set": map[string]string{"C": "A good edit"}})
	code, _, errs := run(t, nil, "translate", "import", p, xlsx)
	want := "row " + strconv.Itoa(r+1) + " (/persons/0/name)"
	if code != ExitFindings || !strings.Contains(errs, want) {
		t.Errorf("exit %d, want %d naming %s:\n%s", code, ExitFindings, want, errs)
	}
	got, _ := os.ReadFile(p)
	old, _ := os.ReadFile(repo(example))
	if !bytes.Equal(got, old) {
		t.Error("the case file was written although a row was refused")
	}
}

func TestTranslateUsage(t *testing.T) {
	p := caseCopy(t)
	xlsx := exportCase(t, p, "en")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"language the format lacks", []string{"translate", "export", p, "--lang", "de", "--out", "-"}, ExitUsage, "en, fr"},
		{"Chinese is the original", []string{"translate", "export", p, "--lang", "zh", "--out", "-"}, ExitUsage, "en, fr"},
		{"case from standard input", []string{"translate", "import", "-", xlsx}, ExitUsage, "-"},
		{"case that does not exist", []string{"translate", "import", p + ".nope", xlsx}, ExitUsage, "case.json.nope"},
		{"output exists", []string{"translate", "export", p, "--lang", "en", "--out", xlsx}, ExitUsage, "--force"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d (want %d), stderr:\n%s", code, tt.code, errs)
			}
		})
	}
	// Standard input holds the case for an export.
	b, _ := os.ReadFile(p)
	code, out, errs := run(t, bytes.NewReader(b), "translate", "export", "-", "--lang", "en", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "PK") {
		t.Errorf("export from standard input: exit %d\n%s", code, errs)
	}
}
