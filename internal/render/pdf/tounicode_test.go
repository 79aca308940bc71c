package pdf

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

// extDoc puts characters above U+FFFF (CJK Extension B) in a heading with a
// bookmark, a paragraph, a table cell and the running header, in both
// weights.
func extDoc() *document.Document {
	d := tableDoc(3)
	tb := d.Blocks[1].(document.Table)
	tb.Rows[2][1] = "𡒄野家"
	d.Blocks[1] = tb
	d.HeaderRight = document.Same("张𠀀案")
	d.Blocks = append(d.Blocks,
		document.Heading{Level: 1, Outline: true, Text: document.Text{Orig: "关于张𠀀、李𨭉", Trans: "Zhang 𠀀 and Li 𨭉"}},
		document.Paragraph{Text: document.Text{Orig: "被请求调查人：张𠀀，李𨭉（曾用名𡒄）。", Trans: "Persons: ZHANG 𠀀, LI 𨭉."}},
	)
	return d
}

// TestRenderAboveBMP: characters above U+FFFF are drawn with the fallback
// face, embedded as a tagged subset with a ToUnicode map, and come back
// from an independent text extractor as themselves, not as the private-use
// code points that draw them; the file stays well-formed.
func TestRenderAboveBMP(t *testing.T) {
	d := extDoc()
	b := render(t, d)
	if !bytes.Equal(b, render(t, d)) {
		t.Error("two renderings differ")
	}
	path := writePDF(t, b)
	if out := tool(t, "qpdf", "--check", path); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	text := tool(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, want := range []string{"张𠀀", "李𨭉", "𡒄野家", "曾用名𡒄", "ZHANG𠀀", "Zhang𠀀andLi𨭉"} {
		if !strings.Contains(squash(text), want) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	if strings.ContainsAny(text, "\uE000\uE001\uE002") {
		t.Error("pdftotext returned private-use code points")
	}
	fonts := tool(t, "pdffonts", path)
	line := regexp.MustCompile(`(?m)^[A-Z]{6}\+HanaMinB +CID TrueType +Identity-H +yes +yes +yes .*$`).FindString(fonts)
	if line == "" {
		t.Errorf("pdffonts shows no embedded, subset HanaMinB with a ToUnicode map:\n%s", fonts)
	}
	if strings.Count(fonts, "HanaMinB") != 1 {
		t.Errorf("the fallback face is embedded more than once:\n%s", fonts)
	}
	var titles []string
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			titles = append(titles, o.Title)
			walk(o.Kids)
		}
	}
	walk(outlines(t, path))
	found := false
	for _, s := range titles {
		found = found || strings.Contains(s, "关于张𠀀、李𨭉")
	}
	if !found {
		t.Errorf("no bookmark holds the heading with its characters above U+FFFF: %q", titles)
	}
}

// TestFixToUnicodeOffsets: after the rewrite every cross-reference entry
// still points at the start of its object.
func TestFixToUnicodeOffsets(t *testing.T) {
	b := render(t, extDoc())
	at, entries, _, err := readXref(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 10 || at <= entries[len(entries)-1] {
		t.Fatalf("%d entries, table at %d", len(entries), at)
	}
	for i, o := range entries {
		want := []byte(strconv.Itoa(i+1) + " 0 obj\n")
		if !bytes.HasPrefix(b[o:], want) {
			t.Errorf("entry %d points at %q", i+1, b[o:min(o+12, len(b))])
		}
	}
	if _, err := fixToUnicode(b, "nosuchfont", []rune("𠀀")); err == nil {
		t.Error("a font that is not in the file was rewritten")
	}
	if _, _, _, err := readXref(b[:len(b)-30]); err == nil {
		t.Error("a truncated file's cross-reference table was read")
	}
}

// TestCESU8: fpdf's conversion of a bookmark title gives the UTF-16 of the
// original string.
func TestCESU8(t *testing.T) {
	if s := cesu8("abc中"); s != "abc中" {
		t.Errorf("BMP text changed: %q", s)
	}
	got := []byte(cesu8("张𠀀"))
	want := []byte{0xE5, 0xBC, 0xA0, 0xED, 0xA1, 0x80, 0xED, 0xB0, 0x80} // 张, D840, DC00
	if !bytes.Equal(got, want) {
		t.Errorf("cesu8 = % X, want % X", got, want)
	}
}

// TestRenderAboveBMPOptions: compressed pages and synthetic bold keep the
// characters above U+FFFF and the rewritten text layer.
func TestRenderAboveBMPOptions(t *testing.T) {
	for _, opts := range []Options{{Compress: true}, {SyntheticBold: true}} {
		var buf bytes.Buffer
		if err := RenderWith(&buf, extDoc(), opts); err != nil {
			t.Fatalf("%+v: %v", opts, err)
		}
		path := writePDF(t, buf.Bytes())
		if out := tool(t, "qpdf", "--check", path); !strings.Contains(out, "No syntax or stream encoding errors") {
			t.Errorf("%+v: qpdf --check:\n%s", opts, out)
		}
		text := squash(tool(t, "pdftotext", "-enc", "UTF-8", path, "-"))
		if !strings.Contains(text, "张𠀀，李𨭉（曾用名𡒄）") {
			t.Errorf("%+v: pdftotext lacks the names", opts)
		}
	}
}
