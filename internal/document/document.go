// Package document holds the document model that sits between composing and
// rendering. A Document is a sequence of blocks; every text in it is carried
// in two languages: the original (Chinese) and its translation. Renderers
// know nothing of cases or states, and composers know nothing of PDF or XLSX.
package document

import (
	"time"

	"golang.org/x/text/width"
)

// Text is one piece of text in the document's two languages.
// Trans may be empty when a text has no translation (a number, a code),
// in which case renderers draw Orig once.
type Text struct {
	Orig  string
	Trans string
}

// Same returns a Text whose original and translation are the same string,
// for values that are not translated (numbers, codes, account numbers).
func Same(s string) Text { return Text{Orig: s} }

// Layout says how a renderer arranges the two languages.
type Layout int

const (
	// Parallel draws every block in the original, then in the translation.
	Parallel Layout = iota
	// Separate draws the whole document in the original, then, from a new
	// page, the whole document in the translation.
	Separate
	// Columns draws the original and the translation side by side, block
	// by block, each pair aligned at its top: the layout translators and
	// reviewers compare best in. Tables, which carry both languages in
	// their own columns, and the title stay as in Parallel.
	Columns
)

// Orientation of the page.
type Orientation int

const (
	Portrait Orientation = iota
	Landscape
)

// Document is a composed document, ready to render.
type Document struct {
	// Langs are the BCP 47 tags of the original and the translation,
	// for example {"zh", "en"}.
	Langs       [2]string
	Layout      Layout
	Orientation Orientation
	Meta        Meta

	// HeaderLeft and HeaderRight are printed at the top of every page
	// (for example the reference number and the classification).
	HeaderLeft, HeaderRight Text
	// BodyHasHeaderLeft says that the first page of the body states
	// HeaderLeft itself (a letter's reference number): it is then not
	// repeated in the running header of that page.
	BodyHasHeaderLeft bool
	// PageLabel is the footer's page counter; "{page}" and "{pages}" are
	// replaced by the page number and the page count.
	PageLabel Text
	// FooterNote is printed at the bottom left of every page (may be empty).
	FooterNote Text
	// Draft, when set, stamps DraftMark across every page.
	Draft     bool
	DraftMark Text

	Blocks []Block
}

// Meta is the document's metadata (PDF Info dictionary, XLSX properties).
type Meta struct {
	Title    Text
	Subject  Text
	Author   string
	Keywords string
	Creator  string
	// Date is the document's date; it comes from the case, never the clock,
	// so that outputs are reproducible.
	Date time.Time
}

// Block is one element of a document.
type Block interface{ block() }

// Heading starts a section. Level 0 is the document title, 1 a numbered
// section, 2 a subsection. Outline adds a bookmark.
type Heading struct {
	Level   int
	Number  string // "一、" / "1." style numbering is part of Text; Number is the outline key
	Text    Text
	Outline bool
}

// Style of a paragraph.
type Style int

const (
	Normal Style = iota
	Bold
	Centered
	RightAligned
	Small
	Indented
	Quote // statutory text, treaty text: indented, smaller
)

// Paragraph is a run of text that the renderer wraps.
type Paragraph struct {
	Text  Text
	Style Style
}

// List is a list of items; Labels, when set, has one label per item
// (for example "（一）" / "(a)"); otherwise items are bulleted or numbered.
type List struct {
	Items    []Text
	Labels   []Text
	Numbered bool
}

// Field is a labelled value ("地址 / Address: …").
type Field struct {
	Label Text
	Value Text
}

// Fields is a block of labelled values drawn as a two-column grid without
// rules (addressee block, contact block).
type Fields struct {
	Items []Field
}

// CellKind tells the renderers how to format and store a cell.
type CellKind int

const (
	KindText CellKind = iota
	KindDate          // YYYY-MM-DD; stored as a date in XLSX
	KindInteger
	KindNumber
)

// CellHint tells a renderer that lays a table out on a page of fixed width
// more about a text column's values than its kind says.
type CellHint int

const (
	HintNone CellHint = iota
	// HintID marks identifiers and codes (item ids, account numbers, rule
	// names): never wrapped.
	HintID
	// HintAmount marks amounts of money ("USD 2,350,000"): never wrapped,
	// right-aligned.
	HintAmount
	// HintCode marks dotted codes and paths (rule ids such as
	// "dual_criminality.no_table", JSON Pointers): wrapped only after a
	// ".", "_" or "-" or before a "/", never inside a word.
	HintCode
)

// Column of a table.
type Column struct {
	Header Text
	// Width is the approximate width in characters in XLSX. The PDF
	// renderer sizes columns from their content.
	Width float64
	Kind  CellKind
	Hint  CellHint
	// Translates marks a column that holds the translation of the column
	// before it: a renderer short of width may draw it in that column,
	// below the original.
	Translates bool
	// MinWidth, when set, is the least width in millimetres a renderer of
	// fixed page width gives the column: room for a person to write in by
	// hand (a reviewer's decision and comment on a printed report).
	MinWidth float64
	// Choices, when set, are the values a person filling in the column
	// picks from (a reviewer's decision): the XLSX renderer gives the
	// column's cells a drop-down list of them. A choice holds no comma,
	// and all of them together, with a comma between each, at most 255
	// characters, the limit of a list typed into a spreadsheet.
	Choices []string
}

// Table is a grid with a header row. Cells are plain strings: a table that
// must show both languages has a column per language.
type Table struct {
	// Sheet is the name of the worksheet the XLSX renderer writes the table to.
	Sheet   string
	Caption Text
	Columns []Column
	Rows    [][]string
}

// Signature is the signature and seal block at the end of a letter.
type Signature struct {
	Authority Text // the signing authority
	Name      Text // the signatory
	Title     Text // the signatory's function
	Date      Text
	SealLabel Text // "（盖章）" / "(Seal)"
}

// Tone sets a piece of text apart where a renderer has the means to (the
// colours of a terminal): the severity of a finding, a secondary detail.
// Renderers without them draw every tone alike.
type Tone int

const (
	Plain   Tone = iota
	Alert        // an error
	Caution      // a warning
	Notice       // a note
	Muted        // secondary: an identifier, a source
)

// Span is a piece of a Line in one tone.
type Span struct {
	Text Text
	Tone Tone
}

// Line is one line of text made of spans in different tones (a finding's
// severity, pointer and rule). The text renderer keeps it on one line; the
// other renderers draw it as a paragraph.
type Line struct {
	Spans []Span
}

// Text returns the line's spans joined, in both languages.
func (l Line) Text() Text {
	var t Text
	for _, s := range l.Spans {
		t.Orig += s.Text.Orig
		t.Trans += s.Text.Trans
	}
	return t
}

// PageBreak starts a new page.
type PageBreak struct{}

// Spacer adds vertical space, in millimetres.
type Spacer struct{ Height float64 }

func (Heading) block()   {}
func (Paragraph) block() {}
func (List) block()      {}
func (Fields) block()    {}
func (Table) block()     {}
func (Signature) block() {}
func (Line) block()      {}
func (PageBreak) block() {}
func (Spacer) block()    {}

// BodyTexts returns every string the blocks of the document ask to draw, in
// order, both languages of each text (empty ones included): what a reader
// of the rendered document must find in it.
func (d *Document) BodyTexts() []string {
	var out []string
	add := func(ts ...Text) {
		for _, t := range ts {
			out = append(out, t.Orig, t.Trans)
		}
	}
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case Heading:
			add(b.Text)
		case Paragraph:
			add(b.Text)
		case List:
			add(b.Items...)
			add(b.Labels...)
		case Fields:
			for _, f := range b.Items {
				add(f.Label, f.Value)
			}
		case Table:
			add(b.Caption)
			for _, c := range b.Columns {
				add(c.Header)
			}
			for _, r := range b.Rows {
				out = append(out, r...)
			}
		case Signature:
			add(b.Authority, b.Name, b.Title, b.Date, b.SealLabel)
		case Line:
			for _, s := range b.Spans {
				add(s.Text)
			}
		}
	}
	return out
}

// Texts returns BodyTexts with the running header and footer, the draft
// mark and the metadata first.
func (d *Document) Texts() []string {
	var out []string
	for _, t := range []Text{d.HeaderLeft, d.HeaderRight, d.PageLabel, d.FooterNote, d.DraftMark, d.Meta.Title, d.Meta.Subject} {
		out = append(out, t.Orig, t.Trans)
	}
	return append(out, d.BodyTexts()...)
}

// DisplayWidth counts the columns s takes in a fixed grid (a terminal, a
// spreadsheet's width units): two for East Asian wide and full-width
// characters, one for the others.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
