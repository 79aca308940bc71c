package translate

import (
	"os"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

// BenchmarkImportExample measures an import of every translation of the
// example case, each edited, written back in place and loaded again.
func BenchmarkImportExample(b *testing.B) {
	data, err := os.ReadFile("../../examples/us-embezzlement.json")
	if err != nil {
		b.Fatal(err)
	}
	f, err := casefile.Parse("example.json", data)
	if err != nil {
		b.Fatal(err)
	}
	rows := Export(f, "en")
	for i := range rows {
		rows[i].Row = i + 2
		rows[i].Translation += " (revised)"
	}
	for b.Loop() {
		_, n, errs, err := Import(f, "en", rows)
		if err != nil || len(errs) > 0 || n != len(rows) {
			b.Fatal(n, errs, err)
		}
	}
}
