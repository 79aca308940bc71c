package pdf

import (
	"io"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

// BenchmarkRender measures a six-page bilingual letter (with French and
// symbol glyphs that need DejaVu), the same with the draft mark and with
// synthetic bold, and a 300-row landscape evidence table.
func BenchmarkRender(b *testing.B) {
	cases := []struct {
		name string
		doc  *document.Document
		opts Options
	}{
		{"letter", sampleDoc(document.Parallel, false), Options{}},
		{"letter-draft", sampleDoc(document.Parallel, true), Options{}},
		{"letter-synthetic-bold", sampleDoc(document.Parallel, false), Options{SyntheticBold: true}},
		{"table300", tableDoc(300), Options{}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := RenderWith(io.Discard, c.doc, c.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
