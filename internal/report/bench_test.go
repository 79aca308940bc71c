package report

import "testing"

// BenchmarkCompose measures composing the review document of the case
// with ten defects; BenchmarkRender adds rendering report.json,
// report.xlsx and report.pdf as the command line does.
func BenchmarkCompose(b *testing.B) {
	in := review(b, "testdata/review/ten-defects.json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compose(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	in := review(b, "testdata/review/ten-defects.json")
	render(b, in) // load the fonts outside the loop
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		render(b, in)
	}
}
