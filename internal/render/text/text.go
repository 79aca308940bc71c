// Package text renders a document.Document as plain text for a terminal,
// coloured with ANSI escapes when asked: the text form of the reviewer's
// report that `mla validate` prints. Like the PDF and XLSX renderers it
// knows nothing of cases; the composer has already made every value taken
// from a case safe to show (casefile.Visible).
//
// Each block is written on its own lines:
//
//	Heading    "== text ==", bold
//	Line       its spans on one line, each in its tone's colour
//	Paragraph  the text; Indented and Quote indent every line by four
//	           spaces, Quote and Small are dim
//	List       one item a line, after its label, "1." or "-"
//	Fields     "label: value", one a line
//	Table      the header and each row, cells separated by " | "
//	Signature  its non-empty parts, one a line
//	Spacer     an empty line
//	PageBreak  nothing
//
// A text whose translation differs from its original is written twice,
// the translation on the line after the original.
package text

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/document"
)

// Options of the text renderer.
type Options struct {
	// Colour writes ANSI colours and bold: set it only when the output is
	// a terminal that asked for them.
	Colour bool
}

// ANSI escapes of the tones.
const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	red    = "\x1b[1;31m"
	yellow = "\x1b[1;33m"
	cyan   = "\x1b[36m"
	dim    = "\x1b[2m"
)

var toneColour = map[document.Tone]string{
	document.Alert:   red,
	document.Caution: yellow,
	document.Notice:  cyan,
	document.Muted:   dim,
}

const indent = "    "

type renderer struct {
	w   *bufio.Writer
	opt Options
}

// Render writes doc to w as text.
func Render(w io.Writer, doc *document.Document, opt Options) error {
	if doc == nil {
		return fmt.Errorf("text: no document")
	}
	r := &renderer{w: bufio.NewWriter(w), opt: opt}
	for i, b := range doc.Blocks {
		if err := r.block(b); err != nil {
			return fmt.Errorf("text: block %d: %w", i+1, err)
		}
	}
	return r.w.Flush()
}

func (r *renderer) block(b document.Block) error {
	switch b := b.(type) {
	case document.Heading:
		r.heading(b)
	case *document.Heading:
		r.heading(*b)
	case document.Line:
		r.line(b)
	case *document.Line:
		r.line(*b)
	case document.Paragraph:
		r.paragraph(b)
	case *document.Paragraph:
		r.paragraph(*b)
	case document.List:
		r.list(b)
	case *document.List:
		r.list(*b)
	case document.Fields:
		r.fields(b)
	case *document.Fields:
		r.fields(*b)
	case document.Table:
		r.table(b)
	case *document.Table:
		r.table(*b)
	case document.Signature:
		r.signature(b)
	case *document.Signature:
		r.signature(*b)
	case document.Spacer, *document.Spacer:
		r.w.WriteString("\n")
	case document.PageBreak, *document.PageBreak, nil:
	default:
		return fmt.Errorf("unknown block type %T", b)
	}
	return nil
}

// paint wraps s in the colour code when colours are on.
func (r *renderer) paint(code, s string) string {
	if !r.opt.Colour || code == "" || s == "" {
		return s
	}
	return code + s + reset
}

// langs returns the texts of t to write: the original, and the
// translation when it says something else.
func langs(t document.Text) []string {
	if t.Trans == "" || t.Trans == t.Orig {
		return []string{t.Orig}
	}
	return []string{t.Orig, t.Trans}
}

func (r *renderer) heading(h document.Heading) {
	for _, s := range langs(h.Text) {
		r.w.WriteString(r.paint(bold, "== "+s+" ==") + "\n")
	}
}

func (r *renderer) line(l document.Line) {
	both := false
	for _, s := range l.Spans {
		both = both || len(langs(s.Text)) == 2
	}
	write := func(pick func(document.Text) string) {
		for _, s := range l.Spans {
			r.w.WriteString(r.paint(toneColour[s.Tone], pick(s.Text)))
		}
		r.w.WriteString("\n")
	}
	write(func(t document.Text) string { return t.Orig })
	if both {
		write(func(t document.Text) string {
			if t.Trans == "" {
				return t.Orig
			}
			return t.Trans
		})
	}
}

func (r *renderer) paragraph(p document.Paragraph) {
	pre, code := "", ""
	switch p.Style {
	case document.Indented:
		pre = indent
	case document.Quote:
		pre, code = indent, dim
	case document.Small:
		code = dim
	case document.Bold:
		code = bold
	}
	for _, s := range langs(p.Text) {
		for _, ln := range strings.Split(s, "\n") {
			r.w.WriteString(pre + r.paint(code, ln) + "\n")
		}
	}
}

func (r *renderer) list(l document.List) {
	for i, it := range l.Items {
		mark := "-"
		switch {
		case i < len(l.Labels):
			mark = l.Labels[i].Orig
		case l.Numbered:
			mark = strconv.Itoa(i+1) + "."
		}
		for _, s := range langs(it) {
			r.w.WriteString(mark + " " + s + "\n")
		}
	}
}

func (r *renderer) fields(f document.Fields) {
	for _, it := range f.Items {
		r.w.WriteString(it.Label.Orig + ": " + it.Value.Orig + "\n")
		lt, vt := it.Label.Trans, it.Value.Trans
		if lt == "" {
			lt = it.Label.Orig
		}
		if vt == "" {
			vt = it.Value.Orig
		}
		if lt != it.Label.Orig || vt != it.Value.Orig {
			r.w.WriteString(lt + ": " + vt + "\n")
		}
	}
}

func (r *renderer) table(t document.Table) {
	for _, s := range langs(t.Caption) {
		if s != "" {
			r.w.WriteString(r.paint(bold, s) + "\n")
		}
	}
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Header.Orig
	}
	r.w.WriteString(r.paint(bold, strings.Join(head, " | ")) + "\n")
	for _, row := range t.Rows {
		r.w.WriteString(strings.Join(row, " | ") + "\n")
	}
}

func (r *renderer) signature(s document.Signature) {
	for _, t := range []document.Text{s.Authority, s.Name, s.Title, s.Date, s.SealLabel} {
		for _, v := range langs(t) {
			if v != "" {
				r.w.WriteString(v + "\n")
			}
		}
	}
}
