package cli

import (
	"testing"

	mla "github.com/mla-dev/mla"
)

// BenchmarkValidateExample measures validate on the example in-process
// (load, schema, rules, localization).
func BenchmarkValidateExample(b *testing.B) {
	a := benchApp(b)
	for b.Loop() {
		if _, err := a.check(repo(example)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateExample measures a whole generate of the example:
// validate, compose, render the two PDFs and the workbook, hash.
func BenchmarkGenerateExample(b *testing.B) {
	a := benchApp(b)
	o := &generateOptions{layout: "parallel"}
	for b.Loop() {
		c, err := a.check(repo(example))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.render(c, 0, o); err != nil {
			b.Fatal(err)
		}
	}
}

func benchApp(b *testing.B) *app {
	b.Helper()
	a := &app{env: Env{Assets: mla.Assets()}, lang: "en"}
	if err := a.load(); err != nil {
		b.Fatal(err)
	}
	return a
}
