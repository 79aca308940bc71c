package i18n

import (
	"os"
	"testing"
)

// BenchmarkCheckRepository measures mla i18n check on the repository's
// locale files, reading included.
func BenchmarkCheckRepository(b *testing.B) {
	fsys := os.DirFS("../..")
	for b.Loop() {
		s, err := ReadSet(fsys, "locales")
		if err != nil {
			b.Fatal(err)
		}
		if ps := errorsOf(s.Check()); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}

// BenchmarkExportImportFrench measures the rows of a French export and
// their import without edits.
func BenchmarkExportImportFrench(b *testing.B) {
	s, err := ReadSet(os.DirFS("../.."), "locales")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		rows, err := s.Export("fr")
		if err != nil {
			b.Fatal(err)
		}
		if files, _, errs := s.Import("fr", importRows(rows), nil); len(files) > 0 || len(errs) > 0 {
			b.Fatal(files, errs)
		}
	}
}
