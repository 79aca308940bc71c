package xlsx

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mla-dev/mla/internal/document"
)

// maxHeaderFooter is Excel's limit on a page header or footer, in UTF-16
// units, codes included.
const maxHeaderFooter = 255

// headerFooter returns the printed page header and footer of a worksheet,
// in the codes of Excel's header language (&L, &C, &R sections, &P page, &N
// pages): the document's left and right header (reference number,
// classification), the draft mark and the table's caption in the centre,
// the footer note and the page counter below. It returns nil when the document has none of them. A
// header that is too long in both languages is tried in the original only,
// then left out, since Excel refuses the whole workbook part otherwise.
func headerFooter(doc *document.Document, caption document.Text) *excelize.HeaderFooterOptions {
	var hf excelize.HeaderFooterOptions
	for _, bilingual := range []bool{true, false} {
		text := func(t document.Text) string {
			if !bilingual {
				t.Trans = ""
			}
			return escapeHF(joinText(t, "\n"))
		}
		center := text(caption)
		if mark := text(doc.DraftMark); doc.Draft && mark != "" {
			// &B switches bold on and off.
			center = strings.TrimSuffix("&B"+mark+"&B\n"+center, "\n")
		}
		head := sections(text(doc.HeaderLeft), center, text(doc.HeaderRight))
		label := text(doc.PageLabel)
		// {pages} first: "{page}" is a prefix of it.
		label = strings.ReplaceAll(label, "{pages}", "&N")
		label = strings.ReplaceAll(label, "{page}", "&P")
		foot := sections(text(doc.FooterNote), "", label)
		if hf.OddHeader == "" && utf16Len(head) <= maxHeaderFooter {
			hf.OddHeader = head
		}
		if hf.OddFooter == "" && utf16Len(foot) <= maxHeaderFooter {
			hf.OddFooter = foot
		}
	}
	if hf.OddHeader == "" && hf.OddFooter == "" {
		return nil
	}
	return &hf
}

// sections joins the left, centre and right sections of a header or
// footer, leaving out the empty ones.
func sections(left, center, right string) string {
	var b strings.Builder
	for i, s := range []string{left, center, right} {
		if s != "" {
			b.WriteString([]string{"&L", "&C", "&R"}[i])
			b.WriteString(s)
		}
	}
	return b.String()
}

// escapeHF keeps text literal in a header or footer, where "&" starts a
// code.
func escapeHF(s string) string { return strings.ReplaceAll(s, "&", "&&") }
