package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

// subsetDocs are documents that use all four faces between them, page
// labels running into two digits, the draft mark and synthetic bold.
func subsetDocs() []struct {
	name string
	doc  *document.Document
	opts Options
} {
	return []struct {
		name string
		doc  *document.Document
		opts Options
	}{
		{"parallel draft", sampleDoc(document.Parallel, true), Options{}},
		{"separate", sampleDoc(document.Separate, false), Options{}},
		{"synthetic bold", sampleDoc(document.Parallel, false), Options{SyntheticBold: true}},
		{"table", tableDoc(160), Options{}},
	}
}

// renderFullFonts renders d as RenderWith does, except that fpdf is given
// the full faces: registered first under the same names, they are the ones
// fpdf keeps, and the subsets that paint adds are ignored.
func renderFullFonts(t *testing.T, d *document.Document, opts Options) []byte {
	t.Helper()
	r := newRenderer(d, opts)
	if err := r.layout(); err != nil {
		t.Fatal(err)
	}
	var used [4]bool
	for _, g := range r.glyphs {
		used[g.face] = true
	}
	for i, u := range used {
		if u {
			f := faceID(i)
			r.pdf.AddUTF8FontFromBytes(f.face().Family, f.style(), f.face().Data)
		}
	}
	if err := r.paint(); err != nil {
		t.Fatal(err)
	}
	// The full face answers for a character the document does not draw;
	// a subset would give its default width.
	p, err := faceID(0).face().Font()
	if err != nil {
		t.Fatal(err)
	}
	if _, drawn := r.glyphs[glyphKey{'~', false}]; drawn {
		t.Fatal("the check character is drawn; choose another")
	}
	r.pdf.SetFont(faceID(0).face().Family, "", 10)
	if got, want := r.pdf.GetStringSymbolWidth("~"), p.PDFWidth('~'); got != want || want == p.Advance(0) {
		t.Fatalf("fpdf measures ~ as %d (full face: %d, .notdef: %d): the full face was not used", got, want, p.Advance(0))
	}
	var buf bytes.Buffer
	if err := r.pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSubsetLooksLikeFullFont renders each document with subset fonts (as
// Render does) and with the full fonts, and compares what a reader gets:
// the text, the position and size of every word, and the pixels of every
// page.
func TestSubsetLooksLikeFullFont(t *testing.T) {
	for _, tt := range subsetDocs() {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := RenderWith(&buf, tt.doc, tt.opts); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			sub, full := filepath.Join(dir, "sub.pdf"), filepath.Join(dir, "full.pdf")
			if err := os.WriteFile(sub, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			fb := renderFullFonts(t, tt.doc, tt.opts)
			if err := os.WriteFile(full, fb, 0o600); err != nil {
				t.Fatal(err)
			}
			if len(buf.Bytes()) >= len(fb)+1024 {
				t.Errorf("subset PDF %d bytes, full-font PDF %d", len(buf.Bytes()), len(fb))
			}
			tool(t, "qpdf", "--check", sub)
			if tt.name == "table" {
				if n := info(t, sub).pages; n < 10 {
					t.Fatalf("%d pages; the test needs two-digit page numbers", n)
				}
			}
			text := tool(t, "pdftotext", "-raw", "-enc", "UTF-8", sub, "-")
			if want := tool(t, "pdftotext", "-raw", "-enc", "UTF-8", full, "-"); text != want {
				t.Errorf("text differs:\n%s\nwith the full fonts:\n%s", text, want)
			}
			if h := tt.doc.Blocks[0].(document.Heading).Text.Orig; !strings.Contains(squash(text), squash(h)) {
				t.Errorf("title %q missing", h)
			}
			// Word boxes, from the widths in the PDF's font dictionaries.
			box := func(p string) string {
				return tool(t, "pdftotext", "-bbox", "-enc", "UTF-8", p, "-")
			}
			if a, b := box(sub), box(full); a != b {
				t.Errorf("word boxes differ:\n%s", firstDiff(a, b))
			}
			// Pixels: the same outlines, hinting and positions.
			raster := func(p, prefix string) []string {
				tool(t, "pdftoppm", "-r", "40", "-gray", p, filepath.Join(dir, prefix))
				m, err := filepath.Glob(filepath.Join(dir, prefix+"*.pgm"))
				if err != nil {
					t.Fatal(err)
				}
				slices.Sort(m)
				return m
			}
			ps, pf := raster(sub, "s"), raster(full, "f")
			if len(ps) != len(pf) || len(ps) == 0 {
				t.Fatalf("%d pages with subsets, %d with full fonts", len(ps), len(pf))
			}
			for i := range ps {
				a, err1 := os.ReadFile(ps[i])
				b, err2 := os.ReadFile(pf[i])
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("page %d looks different with the subset fonts", i+1)
				}
			}
		})
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return la[i] + "\n" + lb[i]
		}
	}
	return "(one is longer)"
}

// TestEmbeddedRunesCoverDrawnText: the subsets are built from the runes
// measured during layout; every rune drawn, page numbers and the draft
// mark included, must be among them, in the face that draws it.
func TestEmbeddedRunesCoverDrawnText(t *testing.T) {
	for _, tt := range subsetDocs() {
		t.Run(tt.name, func(t *testing.T) {
			r := newRenderer(tt.doc, tt.opts)
			if err := r.layout(); err != nil {
				t.Fatal(err)
			}
			if err := r.paint(); err != nil {
				t.Fatal(err)
			}
			embedded := map[faceID]map[rune]bool{}
			for k, g := range r.glyphs {
				if embedded[g.face] == nil {
					embedded[g.face] = map[rune]bool{}
				}
				embedded[g.face][k.r] = true
			}
			var texts []op
			for _, pg := range r.pages {
				for _, o := range pg.ops {
					if o.kind == opText {
						texts = append(texts, o)
					}
				}
			}
			if m := r.layoutMark(); m != nil {
				for _, rn := range m.l.runs {
					texts = append(texts, op{face: rn.face, s: rn.s})
				}
			}
			digits := 0
			for _, o := range texts {
				if !r.registered[o.face] {
					t.Errorf("%q is drawn in face %d, which is not registered", o.s, o.face)
				}
				for _, c := range o.s {
					if !embedded[o.face][c] {
						t.Errorf("%q drawn in face %d, not in its subset", c, o.face)
					}
					if c >= '0' && c <= '9' {
						digits++
					}
				}
			}
			if digits == 0 {
				t.Error("no digit drawn; the page labels are missing")
			}
		})
	}
}
