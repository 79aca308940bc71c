package text

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

func doc(blocks ...document.Block) *document.Document {
	return &document.Document{Langs: [2]string{"en", ""}, Blocks: blocks}
}

func render(t *testing.T, d *document.Document, colour bool) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, d, Options{Colour: colour}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// finding is a block sequence like the one report.Findings composes.
var finding = doc(
	document.Heading{Level: 1, Text: document.Same("Evidence list")},
	document.Line{Spans: []document.Span{
		{Text: document.Same("ERROR"), Tone: document.Alert},
		{Text: document.Same(" /evidence/0 ")},
		{Text: document.Same("[evidence.id]"), Tone: document.Muted},
	}},
	document.Paragraph{Style: document.Indented, Text: document.Same("first line\nsecond line")},
	document.Paragraph{Style: document.Quote, Text: document.Same("source: mla")},
	document.Spacer{},
	document.Paragraph{Text: document.Same("1 error")},
)

func TestPlain(t *testing.T) {
	got := render(t, finding, false)
	want := "== Evidence list ==\n" +
		"ERROR /evidence/0 [evidence.id]\n" +
		"    first line\n    second line\n" +
		"    source: mla\n" +
		"\n" +
		"1 error\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestColour(t *testing.T) {
	got := render(t, finding, true)
	for _, want := range []string{
		"\x1b[1m== Evidence list ==\x1b[0m\n",
		"\x1b[1;31mERROR\x1b[0m /evidence/0 \x1b[2m[evidence.id]\x1b[0m\n",
		"    \x1b[2msource: mla\x1b[0m\n",
		"\n1 error\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%q", want, got)
		}
	}
	for tone, code := range map[document.Tone]string{document.Caution: "\x1b[1;33m", document.Notice: "\x1b[36m"} {
		s := render(t, doc(document.Line{Spans: []document.Span{{Text: document.Same("X"), Tone: tone}}}), true)
		if s != code+"X\x1b[0m\n" {
			t.Errorf("tone %d: %q", tone, s)
		}
	}
}

// TestTranslation: a text with a translation is written in both
// languages, the translation on the next line; one without, once.
func TestTranslation(t *testing.T) {
	got := render(t, doc(
		document.Heading{Text: document.Text{Orig: "证据", Trans: "Evidence"}},
		document.Paragraph{Text: document.Text{Orig: "同", Trans: "同"}},
		document.Fields{Items: []document.Field{{Label: document.Text{Orig: "编号", Trans: "Reference"}, Value: document.Same("R-1")}}},
		document.List{Items: []document.Text{document.Same("a"), document.Same("b")}, Numbered: true},
		document.Table{Columns: []document.Column{{Header: document.Same("No.")}, {Header: document.Same("Item")}}, Rows: [][]string{{"1", "x"}}},
		document.PageBreak{},
	), false)
	want := "== 证据 ==\n== Evidence ==\n同\n编号: R-1\nReference: R-1\n1. a\n2. b\nNo. | Item\n1 | x\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

type odd struct{ document.Spacer }

func TestUnknownBlock(t *testing.T) {
	if err := Render(&bytes.Buffer{}, doc(odd{}), Options{}); err == nil {
		t.Error("an unknown block renders")
	}
}
