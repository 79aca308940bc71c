package report

import (
	"fmt"
	"strings"

	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/fonts"
)

// printable replaces each character of s that the embedded fonts cannot
// draw with its code point in brackets ("[U+30000]"). A finding about such
// a character quotes it, and case text may hold it; the report must still
// print, and it names the character the same way in the PDF and the
// workbook.
func printable(s string) string {
	if len(fonts.Check(s)) == 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 0x20 && r < 0x80 || fonts.Drawable(r) {
			b.WriteRune(r)
			continue
		}
		fmt.Fprintf(&b, "[U+%04X]", r)
	}
	return b.String()
}

func printableText(t document.Text) document.Text {
	return document.Text{Orig: printable(t.Orig), Trans: printable(t.Trans)}
}

// makePrintable applies printable to every text of the blocks the review
// document uses.
func makePrintable(doc *document.Document) {
	doc.HeaderLeft = printableText(doc.HeaderLeft)
	doc.HeaderRight = printableText(doc.HeaderRight)
	doc.Meta.Subject = printableText(doc.Meta.Subject)
	doc.Meta.Keywords = printable(doc.Meta.Keywords)
	for i, b := range doc.Blocks {
		switch b := b.(type) {
		case document.Heading:
			b.Text = printableText(b.Text)
			doc.Blocks[i] = b
		case document.Paragraph:
			b.Text = printableText(b.Text)
			doc.Blocks[i] = b
		case document.Fields:
			items := make([]document.Field, len(b.Items))
			for j, f := range b.Items {
				items[j] = document.Field{Label: printableText(f.Label), Value: printableText(f.Value)}
			}
			doc.Blocks[i] = document.Fields{Items: items}
		case document.Table:
			rows := make([][]string, len(b.Rows))
			for j, r := range b.Rows {
				rows[j] = make([]string, len(r))
				for k, c := range r {
					rows[j][k] = printable(c)
				}
			}
			b.Rows = rows
			doc.Blocks[i] = b
		}
	}
}
