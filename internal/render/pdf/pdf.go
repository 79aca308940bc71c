// Package pdf draws a document.Document as an A4 PDF laid out like a Chinese
// official letter (GB/T 9704 margins, running header, page counter).
//
// Layouts. Parallel draws each block in the original, then in the
// translation (dark grey, slightly smaller): a heading's two lines, a
// paragraph then its translation, each list item then its translation;
// field labels and values carry their translation on the line below.
// Separate draws the whole document in the original, then, from a new page,
// the whole document again in the translation, both halves in the same
// black type. Tables are the same in both halves (cells are plain strings)
// and their header cells always show both languages.
//
// Missing translations. A text whose Trans is empty (or equal to Orig) is
// drawn once in Parallel. In Separate every text is drawn in both halves,
// the translation half falling back to Orig when Trans is empty, so each
// half is complete on its own and no character of the input is left out.
// The running header and the page label are "original / translation" in
// Parallel and in the language of the half in Separate; page numbers run
// through the whole file.
//
// Rendering runs in two phases. Layout measures every text with the fonts
// that will draw it, breaks lines (with our own breaker: fpdf's loses a
// Chinese character at every automatic break), paginates, and records what
// to draw on each page. Painting then hands the recorded operations to
// fpdf, header, footer and draft mark included. As the page count is known
// by then, "{pages}" is replaced with the real count before the label is
// measured and centred. fpdf's alias mechanism (AliasNbPages) does work with
// UTF-8 fonts, but it centres the label on the alias's width and rewrites
// the alias wherever it occurs, case text included.
//
// Fonts. Layout measures with our own reading of the fonts (the widths fpdf
// would find in them). Painting then gives fpdf, for each face that draws
// something, not the full face but a subset holding only the glyphs drawn:
// fpdf parses every font it is given whole, which for a 10 MB CJK face
// cost more than all the rest of the rendering.
//
// Every rune is checked during layout, before fpdf sees it: fpdf crashes on
// a rune above U+FFFF and draws an empty box for a rune its font lacks.
// Runes above U+FFFF that the fallback face has are drawn through
// private-use code points, mapped back in the text layer (tounicode.go);
// any other rune no face has makes Render fail with a *GlyphError.
//
// Text is printed literally: "\r\n" and "\r" become line breaks, "\n"
// breaks the line, a tab is one space, a run of blank lines prints as one,
// and nothing else is interpreted.
// Vertical space (a Spacer, space above a heading) is dropped at the top of
// a page, and a PageBreak on a page with nothing on it is ignored, so no
// page is left blank.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/go-pdf/fpdf"

	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/fonts"
)

// GlyphError reports a character that the embedded fonts cannot draw.
// Validation should have reported it as a finding; the renderer is the last
// guard and refuses to draw a box or drop the character.
type GlyphError struct {
	Rune rune
	// Text is the text the rune was found in.
	Text string
}

func (e *GlyphError) Error() string {
	show := ""
	if unicode.IsGraphic(e.Rune) {
		show = " " + string(e.Rune)
	}
	return fmt.Sprintf("%U%s cannot be drawn (in %q)", e.Rune, show, excerpt(e.Text, 40))
}

func excerpt(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

// Options adjust rendering. The zero value is what Render uses.
type Options struct {
	// SyntheticBold draws bold text with the regular font, filled and
	// stroked, instead of loading the bold font. Every face fpdf embeds
	// costs a few milliseconds however few glyphs it holds (fpdf keeps and
	// hashes a width table of the whole BMP per font), so sparing the bold
	// faces saves a sixth or so of a letter's run time, for batch runs
	// where speed matters more than the finest typography.
	SyntheticBold bool
	// Compress deflates the pages' content streams (the embedded fonts are
	// always compressed). The PDF library starts a new compressor for
	// every page, which costs more than all else on a long document: the
	// 1,477-page evidence list of the 10,000-item reference case renders
	// in 2.0 s uncompressed (19.5 MB) and 3.7 s compressed (4.9 MB); a
	// 30-page letter is about 40% larger uncompressed.
	Compress bool
	// Progress, when not nil, is called after each page is drawn with the
	// number of pages drawn and in all (a long evidence list takes
	// seconds). It does not change the output.
	Progress func(page, pages int)
}

// Render draws doc as a PDF to w. The output depends only on doc: the same
// document gives the same bytes. It returns a *GlyphError for a character
// that cannot be drawn, and never writes anything to w when it fails.
// Documents may be rendered from several goroutines at once.
func Render(w io.Writer, doc *document.Document) error {
	return RenderWith(w, doc, Options{})
}

// RenderWith is Render with options.
func RenderWith(w io.Writer, doc *document.Document, opts Options) (err error) {
	if doc == nil {
		return errors.New("pdf: nil document")
	}
	if err := fonts.Err(); err != nil {
		return fmt.Errorf("pdf: embedded fonts: %w", err)
	}
	// fpdf panics on some inputs it should reject (see package doc); the
	// checks in layout should make this unreachable.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("pdf: internal error in the PDF library: %v", p)
		}
	}()
	r := newRenderer(doc, opts)
	if err := r.layout(); err != nil {
		return err
	}
	if err := r.paint(); err != nil {
		return err
	}
	if !r.registered[fallbackFace] {
		if err := r.pdf.Output(w); err != nil {
			return fmt.Errorf("pdf: %w", err)
		}
		return nil
	}
	var buf bytes.Buffer
	if err := r.pdf.Output(&buf); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	out, err := fixToUnicode(buf.Bytes(), fonts.Fallback().Family, r.puaRunes())
	if err != nil {
		return err
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// faceID identifies a registered font: chain index + 2 for bold, or
// fallbackFace, the one face of both weights for characters above U+FFFF.
type faceID uint8

const fallbackFace faceID = 4

// numFaces is the number of faceIDs.
const numFaces = 5

func newFaceID(chainIdx int, bold bool) faceID {
	switch {
	case chainIdx == fonts.FallbackIndex:
		return fallbackFace
	case bold:
		return faceID(chainIdx + 2)
	}
	return faceID(chainIdx)
}

func (f faceID) bold() bool { return f >= 2 && f != fallbackFace }
func (f faceID) face() fonts.Face {
	if f == fallbackFace {
		return fonts.Fallback()
	}
	return fonts.Chain(f.bold())[int(f)%2]
}
func (f faceID) style() string {
	if f.bold() {
		return "B"
	}
	return ""
}

type glyphKey struct {
	r    rune
	bold bool
}

type glyph struct {
	face  faceID
	units int // advance width in 1/1000 em
}

type renderer struct {
	pdf  *fpdf.Fpdf
	doc  *document.Document
	opts Options
	g    geometry

	fonts      [numFaces]*fonts.Font // by faceID, parsed when first needed
	registered [numFaces]bool
	glyphs     map[glyphKey]glyph
	// pua maps each character above U+FFFF to the private-use code point
	// that draws it in the fallback face's subset (see embedFonts).
	pua map[rune]rune
	err error // first error met during layout

	pages []*page
	pg    *page
	y     float64
	pass  int // 0: the original (or both languages, in Parallel); 1: the translation pass of Separate
	// lastOutline is the outline level of the previous bookmark of the pass,
	// to keep levels from skipping (fpdf builds a broken tree otherwise).
	lastOutline int
	// head is where the last heading was drawn, so that a table that must
	// start on the next page can take its heading along.
	head headMark
	// squeeze scales the space between blocks (1, or less to save a
	// nearly empty last page); nearlyEmpty says a half ended on one.
	squeeze     float64
	nearlyEmpty bool
	// opps keeps the break opportunities of the texts of the table being
	// laid out; nil outside tables.
	opps map[oppsKey][]bool
}

// headMark records a heading's place: its page, its first operation and
// top, and the number of operations on the page after it.
type headMark struct {
	pg        *page
	op, end   int
	top, next float64
}

func newRenderer(doc *document.Document, opts Options) *renderer {
	orient := "P"
	if doc.Orientation == document.Landscape {
		orient = "L"
	}
	p := fpdf.New(orient, "mm", "A4", "")
	p.SetAutoPageBreak(false, 0) // we paginate ourselves
	p.SetMargins(0, 0, 0)
	p.SetCatalogSort(true)
	p.SetCompression(opts.Compress)
	d := doc.Meta.Date
	if d.IsZero() {
		// fpdf would use the clock for a zero date; a fixed date keeps
		// the output reproducible.
		d = time.Unix(0, 0).UTC()
	}
	p.SetCreationDate(d)
	p.SetModificationDate(d)
	setInfo(p, doc)
	return &renderer{
		pdf:    p,
		doc:    doc,
		opts:   opts,
		g:      geometryFor(doc.Orientation),
		glyphs: make(map[glyphKey]glyph, 512),
	}
}

// setInfo fills the document information dictionary. Strings are encoded
// here as UTF-16 with surrogate pairs, because fpdf's own conversion handles
// only the BMP.
func setInfo(p *fpdf.Fpdf, doc *document.Document) {
	m := doc.Meta
	if s := joinPair(m.Title); s != "" {
		p.SetTitle(pdfText(s), false)
	}
	if s := joinPair(m.Subject); s != "" {
		p.SetSubject(pdfText(s), false)
	}
	if m.Author != "" {
		p.SetAuthor(pdfText(m.Author), false)
	}
	if m.Keywords != "" {
		p.SetKeywords(pdfText(m.Keywords), false)
	}
	if m.Creator != "" {
		p.SetCreator(pdfText(m.Creator), false)
	}
	if isLangTag(doc.Langs[0]) {
		p.SetLang(doc.Langs[0])
	}
}

// joinPair gives "original / translation" for one-line contexts (metadata,
// running header, page label), or the original alone when there is no
// distinct translation.
func joinPair(t document.Text) string {
	o, tr := oneLine(t.Orig), oneLine(t.Trans)
	switch {
	case tr == "" || tr == o:
		return o
	case o == "":
		return tr
	}
	return o + " / " + tr
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// pdfText encodes s as a PDF text string: UTF-16BE with a byte order mark.
func pdfText(s string) string {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xFE, 0xFF
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return string(b)
}

// isLangTag accepts a BCP 47 tag's characters only: fpdf writes /Lang
// without escaping.
func isLangTag(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// fail records the first layout error; layout goes on with zero widths so
// that callers need not check at every step.
func (r *renderer) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// font returns face f parsed for measuring and subsetting.
func (r *renderer) font(f faceID) (*fonts.Font, error) {
	if r.fonts[f] == nil {
		face := f.face()
		p, err := face.Font()
		if err != nil {
			return nil, fmt.Errorf("pdf: font %s %s: %w", face.Family, f.style(), err)
		}
		r.fonts[f] = p
	}
	return r.fonts[f], nil
}

// embedFonts registers with fpdf, for each face that draws something, a
// subset of the face holding just the glyphs of the runes it draws. Every
// drawn run was measured through glyphOf, page labels (with their numbers
// filled in) and the draft mark included, so r.glyphs knows them all.
// Parsing a full CJK face, as fpdf does with what it is given, would cost
// more than the rest of the rendering together.
func (r *renderer) embedFonts() error {
	var runes [numFaces][]rune
	for k, g := range r.glyphs {
		runes[g.face] = append(runes[g.face], k.r)
	}
	for i, rs := range runes {
		if len(rs) > 0 {
			if err := r.register(faceID(i), rs); err != nil {
				return err
			}
		}
	}
	return nil
}

// register loads the subset of face f that draws runes into fpdf.
func (r *renderer) register(f faceID, runes []rune) error {
	face := f.face()
	p, err := r.font(f)
	if err != nil {
		return err
	}
	var sub []byte
	if f == fallbackFace {
		// fpdf reads only a font's BMP character map: each character
		// above U+FFFF is drawn through a private-use code point, which
		// the text layer maps back (fixToUnicode).
		var pua []rune
		sub, pua, err = p.SubsetPUA(runes)
		r.pua = make(map[rune]rune, len(pua))
		for i, c := range pua {
			r.pua[c] = fonts.PUAFirst + rune(i)
		}
	} else {
		sub, err = p.Subset(runes)
	}
	if err != nil {
		return fmt.Errorf("pdf: subsetting font %s %s: %w", face.Family, f.style(), err)
	}
	r.pdf.AddUTF8FontFromBytes(face.Family, f.style(), sub)
	// A failed load is silent until the font is selected.
	r.pdf.SetFont(face.Family, f.style(), 10)
	if r.pdf.Err() {
		return fmt.Errorf("pdf: loading font %s %s: %w", face.Family, f.style(), r.pdf.Error())
	}
	r.registered[f] = true
	return nil
}

// glyphOf returns the face that draws rn and its advance width, or ok=false
// (and records a GlyphError) when no face can. The width is the one fpdf
// would find in the full face, so a subset lays out exactly as the full
// font would.
func (r *renderer) glyphOf(rn rune, bold bool, text string) (glyph, bool) {
	k := glyphKey{rn, bold}
	if g, ok := r.glyphs[k]; ok {
		return g, true
	}
	weight := bold && !r.opts.SyntheticBold
	idx := fonts.FaceFor(rn, weight)
	if idx < 0 || rn == 0 || idx == fonts.FallbackIndex && rn <= 0xFFFF {
		r.fail(&GlyphError{Rune: rn, Text: text})
		return glyph{}, false
	}
	f := newFaceID(idx, weight)
	p, err := r.font(f)
	if err != nil {
		r.fail(err)
		return glyph{}, false
	}
	g := glyph{face: f, units: p.PDFWidth(rn)}
	r.glyphs[k] = g
	return g, true
}

// normalize turns CR LF and lone CR into LF and tabs into spaces; LF is a
// line break. Nothing else in case text is interpreted, except that a run
// of blank lines prints as one (collapseBlankLines).
func normalize(s string) string {
	if strings.ContainsAny(s, "\r\t") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		s = strings.ReplaceAll(s, "\t", " ")
	}
	if strings.Contains(s, "\n") {
		s = collapseBlankLines(s)
	}
	return s
}

// collapseBlankLines keeps one blank line (a line of nothing but white
// space) of each run of them. A blank line separates paragraphs; more say
// nothing, and a text pasted with thousands of them would otherwise print
// as as many empty pages. The validator warns about such runs
// (text.blank_lines), so the case file can be mended; here every text,
// whatever path it takes into a document, prints compactly.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			blank = 0
			out = append(out, l)
			continue
		}
		if blank++; blank == 1 {
			out = append(out, "")
		}
	}
	return strings.Join(out, "\n")
}
