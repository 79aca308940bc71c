package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/mla-dev/mla/internal/bundle"
)

const example = "examples/us-embezzlement.json"

var bundleFiles = []string{"evidence.pdf", "evidence.xlsx", "manifest.json", "report.json", "report.pdf", "report.xlsx", "request.pdf", "transmittal.pdf"}

// generate writes the example bundle into a new folder and returns it.
func generate(t *testing.T, extra ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "bundle")
	args := append([]string{"generate", repo(example), "--out", out}, extra...)
	code, _, errs := run(t, nil, args...)
	if code != 0 {
		t.Fatalf("mla %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

// localized collects every localized text of a case file, keyed by its
// JSON Pointer: each object with a "zh" member is one.
func localized(v any, ptr string, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["zh"].(string); ok {
			for lang, s := range x {
				if s, ok := s.(string); ok {
					out[ptr+"/"+lang] = s
				}
			}
			return
		}
		for k, c := range x {
			localized(c, ptr+"/"+k, out)
		}
	case []any:
		for i, c := range x {
			localized(c, fmt.Sprintf("%s/%d", ptr, i), out)
		}
	}
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func pdfText(t *testing.T, file string) string {
	t.Helper()
	// -raw keeps the content stream's order (each block, each table cell
	// whole) and does not join hyphenated words.
	out, err := exec.Command(checker(t, "pdftotext"), "-raw", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	return string(out)
}

// pdfBody is the text of a PDF without its running header and footer,
// which pdftotext puts in the middle of a paragraph that runs on to the
// next page: a line found on every page, and the page counter.
func pdfBody(t *testing.T, file string) string {
	t.Helper()
	return withoutFurniture(pdfText(t, file))
}

func TestGenerateExampleBundle(t *testing.T) {
	out := generate(t)
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", e.Name(), fi.Mode().Perm())
		}
	}
	if strings.Join(names, " ") != strings.Join(bundleFiles, " ") {
		t.Fatalf("bundle holds %v, want %v", names, bundleFiles)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o700 {
		t.Errorf("bundle folder mode %v, want 0700", fi.Mode().Perm())
	}

	raw, err := os.ReadFile(repo(example))
	if err != nil {
		t.Fatal(err)
	}
	var c any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	localized(c, "", texts)
	if len(texts) < 100 {
		t.Fatalf("found only %d localized texts in the example", len(texts))
	}

	t.Run("every text of the case is in the PDFs", func(t *testing.T) {
		req := squeeze(withoutFurniture(pdfText(t, filepath.Join(out, "request.pdf"))))
		ev := squeeze(withoutFurniture(pdfText(t, filepath.Join(out, "evidence.pdf"))))
		var ptrs []string
		for p := range texts {
			ptrs = append(ptrs, p)
		}
		sort.Strings(ptrs)
		for _, p := range ptrs {
			// Evidence items are listed in the evidence list, the annex of
			// the letter; everything else is in the letter itself.
			got, where := req, "request.pdf"
			if strings.HasPrefix(p, "/evidence/") {
				got, where = ev, "evidence.pdf"
			}
			// A text of several paragraphs is printed paragraph by
			// paragraph, each followed by its translation.
			for _, para := range strings.Split(texts[p], "\n") {
				if want := squeeze(para); !strings.Contains(got, want) {
					t.Errorf("%s: text of %s is missing: %q", where, p, para)
				}
			}
		}
	})

	t.Run("qpdf finds no structural error", func(t *testing.T) {
		q := checker(t, "qpdf")
		for _, f := range []string{"request.pdf", "evidence.pdf"} {
			if b, err := exec.Command(q, "--check", filepath.Join(out, f)).CombinedOutput(); err != nil {
				t.Errorf("qpdf --check %s: %v\n%s", f, err, b)
			}
		}
	})

	t.Run("pdfinfo sees A4 pages and a title", func(t *testing.T) {
		info, err := exec.Command(checker(t, "pdfinfo"), filepath.Join(out, "request.pdf")).Output()
		if err != nil {
			t.Fatal(err)
		}
		s := string(info)
		for _, want := range []string{"(A4)", "Title:", "林建华"} {
			if !strings.Contains(s, want) {
				t.Errorf("pdfinfo output lacks %q:\n%s", want, s)
			}
		}
	})

	t.Run("openpyxl reads one row per evidence item", func(t *testing.T) {
		py := checker(t, "python3-openpyxl")
		script := `import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
print(json.dumps({"sheets": wb.sheetnames, "ids": [r[1] for r in rows], "freeze": ws.freeze_panes,
  "date": str(ws.cell(2, 6).value), "fmt": ws.cell(2, 6).number_format}))`
		b, err := exec.Command(py, "-c", script, filepath.Join(out, "evidence.xlsx")).Output()
		if err != nil {
			t.Fatalf("openpyxl: %v", err)
		}
		var got struct {
			Sheets []string
			IDs    []string
			Freeze string
			Date   string
			Fmt    string
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		var want []string
		for _, e := range c.(map[string]any)["evidence"].([]any) {
			want = append(want, e.(map[string]any)["id"].(string))
		}
		if strings.Join(got.IDs, ",") != strings.Join(want, ",") {
			t.Errorf("evidence rows %v, want %v", got.IDs, want)
		}
		if len(got.Sheets) != 4 {
			t.Errorf("sheets %v, want evidence, persons, property and guidelines", got.Sheets)
		}
		if got.Freeze != "A2" || got.Fmt != "yyyy-mm-dd" || !strings.HasPrefix(got.Date, "2024-04-08") {
			t.Errorf("freeze %q, date %q in format %q; want A2, 2024-04-08, yyyy-mm-dd", got.Freeze, got.Date, got.Fmt)
		}
	})

	t.Run("manifest hashes match", func(t *testing.T) {
		var m bundle.Manifest
		b, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m.Case.SHA256 != sum(raw) || m.Case.Name != filepath.Base(example) {
			t.Errorf("manifest case entry %+v does not match the case file", m.Case)
		}
		if len(m.Files) != len(bundleFiles)-1 || m.MLAVersion != Version || m.State != "US" {
			t.Errorf("manifest %+v", m)
		}
		for _, f := range m.Files {
			data, err := os.ReadFile(filepath.Join(out, f.Name))
			if err != nil || sum(data) != f.SHA256 || int64(len(data)) != f.Size {
				t.Errorf("%s: manifest says %s (%d bytes), file is %s (%d bytes)", f.Name, f.SHA256, f.Size, sum(data), len(data))
			}
		}
	})

	t.Run("a second run is byte-identical", func(t *testing.T) {
		again := generate(t)
		for _, f := range bundleFiles {
			a, _ := os.ReadFile(filepath.Join(out, f))
			b, _ := os.ReadFile(filepath.Join(again, f))
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs between two runs", f)
			}
		}
	})
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestGenerateLayoutsAndDraft(t *testing.T) {
	parallel := pdfText(t, filepath.Join(generate(t), "request.pdf"))
	separate := pdfText(t, filepath.Join(generate(t, "--layout", "separate"), "request.pdf"))
	// In the separate layout the whole Chinese letter comes first: its last
	// Chinese heading precedes the first English heading.
	zh, en := "联系人", "Requesting authority"
	if i, j := strings.Index(separate, zh), strings.Index(separate, en); i < 0 || j < 0 || i > j {
		t.Errorf("separate layout: %q at %d, %q at %d; want the Chinese letter first", zh, i, en, j)
	}
	if i, j := strings.Index(parallel, zh), strings.Index(parallel, en); i < 0 || j < 0 || i < j {
		t.Errorf("parallel layout: %q at %d, %q at %d; want the English heading right after the first Chinese one", zh, i, en, j)
	}
	draft := pdfText(t, filepath.Join(generate(t, "--draft"), "request.pdf"))
	pages := strings.Split(strings.TrimRight(draft, "\f"), "\f")
	for i, p := range pages {
		if !strings.Contains(p, "草稿") || !strings.Contains(p, "DRAFT") {
			t.Errorf("draft page %d lacks the draft mark", i+1)
		}
	}
	if strings.Contains(parallel, "DRAFT") {
		t.Error("a final request carries the draft mark")
	}
	if n := len(pages); !strings.Contains(draft, fmt.Sprintf("Page %d of %d", n, n)) || !strings.Contains(draft, fmt.Sprintf("第 %d 页 共 %d 页", n, n)) {
		t.Errorf("last page footer missing or wrong page count %d", n)
	}
}

func TestGenerateKeepsExistingBundle(t *testing.T) {
	out := generate(t)
	marker := filepath.Join(out, "request.pdf")
	if err := os.WriteFile(marker, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A file changed since mla wrote it is the user's work: kept, and
	// --force is no help.
	for _, force := range []string{"--force=false", "--force"} {
		code, _, errs := run(t, nil, "generate", repo(example), "--out", out, force)
		if code != ExitUsage || !strings.Contains(errs, "request.pdf") {
			t.Errorf("%s over a changed file: exit %d, stderr %q", force, code, errs)
		}
		if b, _ := os.ReadFile(marker); string(b) != "mine" {
			t.Errorf("%s replaced a file changed since mla wrote it", force)
		}
	}
	// An unchanged bundle is kept without --force, with a hint to use it,
	// and replaced with it.
	must(t, os.RemoveAll(out))
	if code, _, errs := run(t, nil, "generate", repo(example), "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	before, err := os.ReadFile(marker)
	must(t, err)
	code, _, errs := run(t, nil, "generate", repo(example), "--out", out, "--layout", "separate")
	if code != ExitUsage || !strings.Contains(errs, "--force") {
		t.Errorf("exit %d, stderr %q; want %d and a hint to use --force", code, errs, ExitUsage)
	}
	if b, _ := os.ReadFile(marker); !bytes.Equal(b, before) {
		t.Error("an existing bundle was overwritten without --force")
	}
	if code, _, errs := run(t, nil, "generate", repo(example), "--out", out, "--force", "--layout", "separate"); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(marker); bytes.Equal(b, before) {
		t.Error("--force did not replace the bundle")
	}
}

func TestValidateExample(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		code, out, errs := run(t, nil, "validate", repo(example), "--lang", lang, "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s%s", code, out, errs)
		}
		var r struct {
			Valid    bool   `json:"valid"`
			State    string `json:"state"`
			Findings []struct {
				Severity string            `json:"severity"`
				Message  map[string]string `json:"message"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if !r.Valid || r.State != "US" {
			t.Errorf("valid %v, state %q", r.Valid, r.State)
		}
		for _, f := range r.Findings {
			if f.Severity == "error" {
				t.Errorf("error finding on the example: %v", f.Message)
			}
			if f.Message["zh"] == "" || f.Message["en"] == "" {
				t.Errorf("finding without both languages: %v", f.Message)
			}
		}
	}
}

// TestInvalidFixtures runs every case in testdata/invalid: each must exit 1
// and name the pointer its .pointer file gives, in validate and generate.
func TestInvalidFixtures(t *testing.T) {
	files, _ := filepath.Glob(repo("testdata/invalid/*.json"))
	if len(files) < 3 {
		t.Fatalf("want at least three invalid fixtures, found %d", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".pointer")
			if err != nil {
				t.Fatal(err)
			}
			ptr := strings.TrimSpace(string(p))
			code, out, _ := run(t, nil, "validate", f)
			if code != ExitFindings || !strings.Contains(out, ptr) {
				t.Errorf("validate: exit %d, want %d naming %s:\n%s", code, ExitFindings, ptr, out)
			}
			dir := filepath.Join(t.TempDir(), "out")
			code, _, errs := run(t, nil, "generate", f, "--out", dir)
			if code != ExitFindings || !strings.Contains(errs, ptr) {
				t.Errorf("generate: exit %d, want %d naming %s:\n%s", code, ExitFindings, ptr, errs)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Error("generate wrote output for an invalid case")
			}
		})
	}
}

func TestMalformedJSON(t *testing.T) {
	code, _, errs := run(t, strings.NewReader("{\n  \"version\": 1,\n  \"reference\" \"x\"\n}"), "validate", "-")
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	for _, want := range []string{"-", "3"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q: %s", want, errs)
		}
	}
}

func TestCountriesAndSchema(t *testing.T) {
	code, out, _ := run(t, nil, "countries", "--format", "json")
	if code != 0 || !strings.Contains(out, `"code": "US"`) {
		t.Errorf("countries: exit %d:\n%s", code, out)
	}
	code, out, _ = run(t, nil, "countries", "us", "--lang", "zh")
	if code != 0 || !strings.Contains(out, "美利坚合众国") || !strings.Contains(out, "未核实") {
		t.Errorf("countries us: exit %d:\n%s", code, out)
	}
	code, out, _ = run(t, nil, "countries", "--lang", "fr")
	if code != 0 || !strings.Contains(out, "United States of America") || !strings.Contains(out, "Canada") {
		t.Errorf("countries --lang fr shows blank names: exit %d:\n%s", code, out)
	}
	code, out, _ = run(t, nil, "schema", "us")
	var s map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &s) != nil {
		t.Fatalf("schema us: exit %d:\n%.300s", code, out)
	}
	defs, _ := s["$defs"].(map[string]any)
	if _, ok := defs["person"]; !ok || strings.Contains(out, "$dynamicRef") {
		t.Error("schema us does not fold the base schema into one document")
	}
}
