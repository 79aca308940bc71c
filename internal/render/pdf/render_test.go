package pdf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/mla-dev/mla/internal/document"
)

// checker returns the path of an external tool that reads PDFs back. A
// missing tool skips the test on a developer's machine and fails it in CI
// (CI set), where the tools are part of the image.
func checker(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI (poppler-utils, qpdf): %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return p
}

func render(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, d); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

func writePDF(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(checker(t, name), args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("%s %v: %v\n%s", name, args, err, ee.Stderr)
		}
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// squash removes all white space: lines wrap and runs are split, so text
// is compared without it.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

type pdfInfo struct {
	pages int
	size  string
	title string
}

func info(t *testing.T, path string) pdfInfo {
	t.Helper()
	var in pdfInfo
	for _, l := range strings.Split(tool(t, "pdfinfo", "-enc", "UTF-8", path), "\n") {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "Pages":
			in.pages, _ = strconv.Atoi(v)
		case "Page size":
			in.size = v
		case "Title":
			in.title = v
		}
	}
	return in
}

// region is a horizontal band of the page, in millimetres from the top.
type region struct{ top, bottom float64 }

// pageText extracts the text of page k (from 1) in content-stream order,
// from a band of the page (nil: the whole page).
func pageText(t *testing.T, path string, k int, g geometry, band *region) string {
	t.Helper()
	args := []string{"-raw", "-enc", "UTF-8", "-f", strconv.Itoa(k), "-l", strconv.Itoa(k)}
	if band != nil {
		pt := func(mm float64) string { return strconv.Itoa(int(mm * 72 / 25.4)) }
		args = append(args, "-x", "0", "-y", pt(band.top), "-W", pt(g.pageW), "-H", pt(band.bottom-band.top))
	}
	return tool(t, "pdftotext", append(args, path, "-")...)
}

// The bands of a page: running header, text block, footer.
func bands(g geometry) (head, body, foot *region) {
	return &region{0, g.top - 4}, &region{g.top - 4, g.bodyBottom() + 1.5}, &region{g.bodyBottom() + 1.5, g.pageH}
}

// docTexts lists every text the document asks to draw in its body.
func docTexts(d *document.Document) []string { return d.BodyTexts() }

func TestRenderEndToEnd(t *testing.T) {
	tests := []struct {
		name             string
		layout           document.Layout
		minPages, maxPgs int
	}{
		{"parallel", document.Parallel, 4, 8},
		{"separate", document.Separate, 5, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleDoc(tt.layout, false)
			path := writePDF(t, render(t, d))
			tool(t, "qpdf", "--check", path)

			in := info(t, path)
			if in.size != "595.28 x 841.89 pts (A4)" {
				t.Errorf("page size %q, want A4 portrait", in.size)
			}
			if in.pages < tt.minPages || in.pages > tt.maxPgs {
				t.Errorf("%d pages, want %d to %d", in.pages, tt.minPages, tt.maxPgs)
			}
			if want := d.Meta.Title.Orig + " / " + d.Meta.Title.Trans; in.title != want {
				t.Errorf("title %q, want %q", in.title, want)
			}

			g := geometryFor(d.Orientation)
			head, body, foot := bands(g)
			var all strings.Builder
			for k := 1; k <= in.pages; k++ {
				all.WriteString(pageText(t, path, k, g, body))

				h := squash(pageText(t, path, k, g, head))
				f := squash(pageText(t, path, k, g, foot))
				zh := fmt.Sprintf("第%d页共%d页", k, in.pages)
				en := fmt.Sprintf("Page%dof%d", k, in.pages)
				switch {
				case tt.layout == document.Parallel:
					if !strings.Contains(f, zh+"/"+en) {
						t.Errorf("page %d footer %q lacks %q", k, f, zh+"/"+en)
					}
					if !strings.Contains(h, "GJ-2024-0317") || !strings.Contains(h, "内部文件/Restricted") {
						t.Errorf("page %d header %q", k, h)
					}
				case k == 1:
					if !strings.Contains(f, zh) || strings.Contains(f, en) || !strings.Contains(h, "内部文件") {
						t.Errorf("page 1 of separate: header %q footer %q, want Chinese only", h, f)
					}
				case k == in.pages:
					if !strings.Contains(f, en) || strings.Contains(f, zh) || !strings.Contains(h, "Restricted") {
						t.Errorf("last page of separate: header %q footer %q, want English only", h, f)
					}
				}
				if !strings.Contains(f, squash(d.FooterNote.Orig)) && !strings.Contains(f, squash(d.FooterNote.Trans)) {
					t.Errorf("page %d footer %q lacks the footer note", k, f)
				}
			}
			text := squash(all.String())
			for _, s := range docTexts(d) {
				if !strings.Contains(text, squash(s)) {
					t.Errorf("text missing from the PDF: %q", s)
				}
			}
			if tt.layout == document.Separate {
				// The translation starts on a page of its own, after the
				// whole original.
				orig, trans := squash(d.Blocks[len(d.Blocks)-1].(document.Fields).Items[2].Label.Orig), squash(d.Meta.Title.Trans)
				if i, j := strings.LastIndex(text, orig), strings.Index(text, trans); i < 0 || j < i {
					t.Errorf("translation title at %d, before the end of the original (%d)", j, i)
				}
			}
		})
	}
}

type outline struct {
	Title string    `json:"title"`
	Kids  []outline `json:"kids"`
	Page  int       `json:"destpageposfrom1"`
}

func outlines(t *testing.T, path string) []outline {
	t.Helper()
	var v struct {
		Outlines []outline `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(tool(t, "qpdf", "--json", "--json-key=outlines", path)), &v); err != nil {
		t.Fatal(err)
	}
	return v.Outlines
}

func TestRenderOutline(t *testing.T) {
	for _, layout := range []document.Layout{document.Parallel, document.Separate} {
		d := sampleDoc(layout, false)
		path := writePDF(t, render(t, d))
		var want [][2]string // title, children joined
		for pass := 0; pass < 1+int(layout); pass++ {
			var kids []string
			var title string
			for _, b := range d.Blocks {
				h, ok := b.(document.Heading)
				if !ok || !h.Outline {
					continue
				}
				s := h.Text.Orig
				if pass == 1 {
					s = h.Text.Trans
				}
				switch h.Level {
				case 0:
					title = s
				case 1:
					kids = append(kids, s)
				}
			}
			want = append(want, [2]string{title, strings.Join(kids, "|")})
		}
		got := outlines(t, path)
		if len(got) != len(want) {
			t.Fatalf("layout %d: %d top-level outline entries, want %d: %+v", layout, len(got), len(want), got)
		}
		for i, o := range got {
			var kids []string
			for _, k := range o.Kids {
				kids = append(kids, k.Title)
			}
			if o.Title != want[i][0] || strings.Join(kids, "|") != want[i][1] {
				t.Errorf("layout %d: outline %d = %q %q, want %q %q", layout, i, o.Title, kids, want[i][0], want[i][1])
			}
			// The level-2 heading sits under section 四.
			if layout == document.Parallel {
				for _, k := range o.Kids {
					if strings.HasPrefix(k.Title, "四、") && (len(k.Kids) != 1 || k.Kids[0].Title != "（一）执行请求时应遵循的程序") {
						t.Errorf("section 四 has kids %+v", k.Kids)
					}
				}
			}
		}
	}
}

func TestRenderDraftMark(t *testing.T) {
	for _, draft := range []bool{true, false} {
		d := sampleDoc(document.Parallel, draft)
		path := writePDF(t, render(t, d))
		in := info(t, path)
		for k := 1; k <= in.pages; k++ {
			got := strings.Contains(squash(pageText(t, path, k, geometryFor(d.Orientation), nil)), "草稿DRAFT")
			if got != draft {
				t.Errorf("draft=%v: page %d has the draft mark: %v", draft, k, got)
			}
		}
	}
}

// TestRenderDraftMarkVisible looks at the pixels: the mark must show on
// the page (grey where there is no text) without covering the text (the
// page still has black pixels inside the mark's band).
func TestRenderDraftMarkVisible(t *testing.T) {
	d := sampleDoc(document.Parallel, true)
	path := writePDF(t, render(t, d))
	plain := writePDF(t, render(t, sampleDoc(document.Parallel, false)))
	gray := func(p string) (light, dark int) {
		out := filepath.Join(t.TempDir(), "pg")
		tool(t, "pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "1", p, out)
		matches, _ := filepath.Glob(out + "*.pgm")
		if len(matches) != 1 {
			t.Fatalf("pdftoppm wrote %v", matches)
		}
		b, err := os.ReadFile(matches[0])
		if err != nil {
			t.Fatal(err)
		}
		// Binary PGM: header of three lines (P5, size, max), then pixels.
		for i, n := 0, 0; i < len(b); i++ {
			if b[i] == '\n' {
				n++
				if n == 3 {
					b = b[i+1:]
					break
				}
			}
		}
		for _, px := range b {
			switch {
			case px < 80:
				dark++
			case px > 150 && px < 240:
				light++
			}
		}
		return light, dark
	}
	ml, md := gray(path)
	pl, pd := gray(plain)
	if ml < pl+500 {
		t.Errorf("draft page has %d light-grey pixels, plain page %d: mark not visible", ml, pl)
	}
	if md < pd*9/10 {
		t.Errorf("draft page has %d dark pixels, plain page %d: the mark hides text", md, pd)
	}
}

func TestRenderDeterministic(t *testing.T) {
	for _, d := range []*document.Document{sampleDoc(document.Parallel, true), sampleDoc(document.Separate, false), tableDoc(40)} {
		a, b := render(t, d), render(t, d)
		if !bytes.Equal(a, b) {
			t.Fatalf("two renders of the same document differ (%d and %d bytes)", len(a), len(b))
		}
		if !bytes.Contains(a, []byte("(D:20240318093000)")) {
			t.Errorf("creation date is not the document's date")
		}
	}
}

// TestRenderConcurrent: renders share the parsed font coverage and fpdf's
// process state; run with -race.
func TestRenderConcurrent(t *testing.T) {
	d := sampleDoc(document.Separate, true)
	want := render(t, d)
	errs := make(chan error, 4)
	outs := make(chan []byte, 4)
	for i := 0; i < 4; i++ {
		go func() {
			var buf bytes.Buffer
			errs <- Render(&buf, d)
			outs <- buf.Bytes()
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(<-outs, want) {
			t.Error("a concurrent render differs from a serial one")
		}
	}
}

func TestRenderLandscapeTable(t *testing.T) {
	d := tableDoc(300)
	path := writePDF(t, render(t, d))
	tool(t, "qpdf", "--check", path)
	in := info(t, path)
	if in.size != "841.89 x 595.28 pts (A4)" {
		t.Errorf("page size %q, want A4 landscape", in.size)
	}
	if in.pages < 5 {
		t.Fatalf("%d pages for 300 rows", in.pages)
	}
	tbl := d.Blocks[1].(document.Table)
	seen := map[int]int{}
	id := regexp.MustCompile(`\bE(\d+)\b`)
	_, body, _ := bands(geometryFor(d.Orientation))
	for k := 1; k <= in.pages; k++ {
		raw := pageText(t, path, k, geometryFor(d.Orientation), body)
		text := squash(raw)
		for _, c := range tbl.Columns {
			if !strings.Contains(text, squash(c.Header.Orig)) || !strings.Contains(text, squash(c.Header.Trans)) {
				t.Errorf("page %d lacks the header %q / %q", k, c.Header.Orig, c.Header.Trans)
			}
		}
		for _, m := range id.FindAllStringSubmatch(raw, -1) {
			n, _ := strconv.Atoi(m[1])
			seen[n]++
		}
	}
	for i := 1; i <= 300; i++ {
		if seen[i] != 1 {
			t.Errorf("row E%d appears %d times", i, seen[i])
		}
	}
}

func TestRenderUndrawable(t *testing.T) {
	para := func(s string) *document.Document {
		d := sampleDoc(document.Parallel, false)
		d.Blocks = append(d.Blocks, document.Paragraph{Text: document.Text{Orig: s}})
		return d
	}
	tests := []struct {
		name string
		doc  *document.Document
		r    rune
	}{
		{"Ext G (no face) in a paragraph", para("申请人张\U00030000，男"), 0x30000},
		{"variation selector in a paragraph", para("申请人张\U000E0100，男"), 0xE0100},
		{"above BMP in a translation", func() *document.Document {
			d := sampleDoc(document.Separate, false)
			d.Blocks = append(d.Blocks, document.Heading{Level: 1, Text: document.Text{Orig: "一", Trans: "Emoji 😀"}})
			return d
		}(), 0x1F600},
		{"above BMP in a table cell", func() *document.Document {
			d := tableDoc(3)
			tb := d.Blocks[1].(document.Table)
			tb.Rows[2][1] = "\U0002FFF0野家"
			return d
		}(), 0x2FFF0},
		{"above BMP in the running header", func() *document.Document {
			d := sampleDoc(document.Parallel, false)
			d.HeaderRight = document.Same("\U00030000")
			return d
		}(), 0x30000},
		{"private use", para("x\uE000y"), 0xE000},
		{"control character", para("bell\a"), 0x07},
		{"NUL", para("a\x00b"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Render(&buf, tt.doc)
			var ge *GlyphError
			if !errors.As(err, &ge) {
				t.Fatalf("Render error = %v, want a GlyphError", err)
			}
			if ge.Rune != tt.r {
				t.Errorf("error names %U, want %U", ge.Rune, tt.r)
			}
			if want := fmt.Sprintf("%U", tt.r); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %s", err, want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written despite the error", buf.Len())
			}
		})
	}
}

func TestRenderMessageShape(t *testing.T) {
	err := Render(&bytes.Buffer{}, &document.Document{Blocks: []document.Block{
		document.Paragraph{Text: document.Same("吉野家 \U00030000野家")},
	}})
	if err == nil || !strings.HasPrefix(err.Error(), "U+30000 \U00030000 cannot be drawn") {
		t.Errorf("error = %v", err)
	}
}

// TestRenderMetadataBeyondBMP: metadata is not drawn, so a rune above
// U+FFFF is allowed there and must survive (fpdf's own UTF-16 conversion
// would garble it).
func TestRenderMetadataBeyondBMP(t *testing.T) {
	d := &document.Document{Meta: document.Meta{Title: document.Text{Orig: "张𠮷案", Trans: "Case"}, Date: sampleDate}}
	path := writePDF(t, render(t, d))
	if in := info(t, path); in.title != "张𠮷案 / Case" {
		t.Errorf("title %q", in.title)
	}
}

func TestRenderEmptyAndEdgeBlocks(t *testing.T) {
	d := &document.Document{
		// Too long to share a line: stacked above the rule.
		HeaderLeft:  document.Same("中华人民共和国某某省人民检察院关于王某某涉嫌受贿、洗钱一案请求美利坚合众国提供刑事司法协助"),
		HeaderRight: document.Same("Request for mutual legal assistance in the case of WANG Moumou"),
		Blocks: []document.Block{
			document.PageBreak{}, // on an empty page: no blank page
			document.Spacer{Height: 20},
			document.Paragraph{Text: document.Text{Orig: "第一行\r\n第二行\r第三行\t制表"}},
			document.Heading{Level: 5, Outline: true, Text: document.Same("Deep heading")},
			document.Table{Columns: []document.Column{{Header: document.Same("Only")}}},
			document.List{},
			document.Fields{},
			document.PageBreak{},
			document.PageBreak{}, // a second break in a row adds no blank page
			document.Paragraph{Text: document.Same("end")},
		}}
	path := writePDF(t, render(t, d))
	tool(t, "qpdf", "--check", path)
	if in := info(t, path); in.pages != 2 {
		t.Errorf("%d pages, want 2", in.pages)
	}
	text := pageText(t, path, 1, geometryFor(d.Orientation), nil)
	for _, want := range []string{"第一行\n第二行\n第三行 制表", "Deep heading", "Only"} {
		if !strings.Contains(text, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, text)
		}
	}
	head, _, _ := bands(geometryFor(d.Orientation))
	h := squash(pageText(t, path, 2, geometryFor(d.Orientation), head))
	if !strings.Contains(h, squash(d.HeaderLeft.Orig)) || !strings.Contains(h, squash(d.HeaderRight.Orig)) {
		t.Errorf("page 2 header %q lacks one of the long header texts", h)
	}
	// A bookmark's level cannot skip: level 5 after nothing becomes level 0.
	if o := outlines(t, path); len(o) != 1 || o[0].Title != "Deep heading" {
		t.Errorf("outlines %+v", o)
	}
}

func TestRenderTableRowTooWide(t *testing.T) {
	d := tableDoc(2)
	tb := d.Blocks[1].(document.Table)
	tb.Rows[1] = append(tb.Rows[1], "extra")
	d.Blocks[1] = tb
	if err := Render(&bytes.Buffer{}, d); err == nil || !strings.Contains(err.Error(), "row 2 has 7 cells for 6 columns") {
		t.Errorf("error = %v", err)
	}
}

func TestRenderNil(t *testing.T) {
	if err := Render(&bytes.Buffer{}, nil); err == nil {
		t.Error("nil document accepted")
	}
}

// TestFontsRegisteredOnDemand: DejaVu (and the bold weight) are embedded
// only when some text needs them.
func TestFontsRegisteredOnDemand(t *testing.T) {
	tests := []struct {
		name string
		doc  *document.Document
		want [numFaces]bool // noto, dejavu, noto bold, dejavu bold, fallback
	}{
		{"Chinese and English only", &document.Document{Blocks: []document.Block{
			document.Paragraph{Text: document.Text{Orig: "中文", Trans: "English, français"}}}},
			[numFaces]bool{true, false, false, false, false}},
		{"Y diaeresis in a heading", &document.Document{Blocks: []document.Block{
			document.Heading{Level: 1, Text: document.Same("L'HAŸ-LES-ROSES")}}},
			[numFaces]bool{false, false, true, true, false}},
		{"Ext B name in a heading", &document.Document{Blocks: []document.Block{
			document.Heading{Level: 1, Text: document.Same("张𠀀")}}},
			[numFaces]bool{false, false, true, false, true}},
		// A paragraph measures the hyphen it would draw after a word
		// broken inside, in the regular face.
		{"Ext B name in a paragraph", &document.Document{Blocks: []document.Block{
			document.Paragraph{Text: document.Same("𨭉")}}},
			[numFaces]bool{true, false, false, false, true}},
		{"ballot box in the footer", &document.Document{FooterNote: document.Same("☐ oui")},
			[numFaces]bool{true, true, false, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRenderer(tt.doc, Options{})
			if err := r.layout(); err != nil {
				t.Fatal(err)
			}
			if err := r.paint(); err != nil {
				t.Fatal(err)
			}
			if r.registered != tt.want {
				t.Errorf("registered %v, want %v", r.registered, tt.want)
			}
		})
	}
}

// TestRenderSyntheticBold: with Options.SyntheticBold no bold face is
// loaded, bold text is filled and stroked, and each page switches the
// stroke on itself (a page starts in fill-only mode, whatever the previous
// page ended in).
func TestRenderSyntheticBold(t *testing.T) {
	d := sampleDoc(document.Parallel, true)
	r := newRenderer(d, Options{SyntheticBold: true})
	if err := r.layout(); err != nil {
		t.Fatal(err)
	}
	if err := r.paint(); err != nil {
		t.Fatal(err)
	}
	if r.registered[2] || r.registered[3] {
		t.Errorf("bold faces registered: %v", r.registered)
	}

	var buf bytes.Buffer
	if err := RenderWith(&buf, d, Options{SyntheticBold: true}); err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, buf.Bytes())
	tool(t, "qpdf", "--check", path)
	text := squash(pageText(t, path, 1, geometryFor(d.Orientation), nil))
	if h := squash(d.Blocks[0].(document.Heading).Text.Orig); !strings.Contains(text, h) {
		t.Errorf("page 1 lacks the title %q", h)
	}

	// Headings only, no header or footer: every page ends in bold text.
	d = &document.Document{}
	for i := 0; i < 60; i++ {
		d.Blocks = append(d.Blocks, document.Heading{Level: 1, Text: document.Text{Orig: "标题", Trans: "Heading"}})
	}
	buf.Reset()
	if err := RenderWith(&buf, d, Options{SyntheticBold: true}); err != nil {
		t.Fatal(err)
	}
	qdf := filepath.Join(t.TempDir(), "out.qdf")
	tool(t, "qpdf", "--qdf", "--object-streams=disable", writePDF(t, buf.Bytes()), qdf)
	b, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	tr := regexp.MustCompile(`(?m)^([02]) Tr$`)
	pages := strings.Split(string(b), "%% Contents for page ")[1:]
	if len(pages) < 2 {
		t.Fatalf("%d pages, want several", len(pages))
	}
	for i, pg := range pages {
		m := tr.FindAllStringSubmatch(pg, -1)
		if len(m) == 0 || m[0][1] != "2" {
			t.Errorf("page %d: text rendering modes %v, want 2 Tr first", i+1, m)
		}
	}
}
