package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

// FuzzValidate: for any case file that loads, validation and the evidence
// file checks never fail or panic, every finding names a rule, a message of
// the locale files in both languages and a pointer into the file (or a
// field missing from an object that is in it), and the report is valid
// exactly when no finding is an error.
func FuzzValidate(f *testing.F) {
	root := filepath.Join("..", "..")
	for _, glob := range []string{"examples/*.json", "schemas/testdata/*/*/*.json", "testdata/invalid/*.json", "testdata/hostile/*.json"} {
		names, _ := filepath.Glob(filepath.Join(root, glob))
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	v := New(repo)
	cat := catalog(f)
	base := f.TempDir()
	if err := os.WriteFile(filepath.Join(base, "E1.pdf"), []byte("abc"), 0o600); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := casefile.Parse("fuzz.json", data)
		if err != nil {
			return
		}
		r, err := v.Validate(cf)
		if err != nil {
			t.Fatalf("Validate: %v", err)
		}
		for _, e := range CheckFiles(r, cf, base) {
			if e.SHA256 != sumABC {
				t.Fatalf("hashed %+v", e)
			}
		}
		if err := Localize(r, cat); err != nil {
			t.Fatalf("Localize: %v", err)
		}
		errs := 0
		for _, fd := range r.Findings {
			if fd.Severity == Error {
				errs++
			}
			if fd.Rule == "" || fd.Message["zh"] == "" || fd.Message["en"] == "" || strings.Contains(fd.Message["en"], "<no value>") {
				t.Fatalf("finding %+v", fd)
			}
			if fd.Pointer == "" {
				continue
			}
			parent := fd.Pointer[:strings.LastIndexByte(fd.Pointer, '/')]
			if _, ok := cf.Offset(fd.Pointer); !ok {
				if _, ok := cf.Offset(parent); !ok && parent != "" {
					t.Fatalf("finding at %q: neither it nor its parent is in the file", fd.Pointer)
				}
			}
		}
		if r.Valid != (errs == 0) {
			t.Fatalf("valid %v with %d errors", r.Valid, errs)
		}
	})
}
