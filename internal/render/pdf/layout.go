package pdf

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/document"
)

// opKind is the kind of a recorded drawing operation.
type opKind uint8

const (
	opText     opKind = iota
	opLine            // (x, y) to (x2, y2), width lw
	opFill            // rectangle at (x, y), size (x2, y2)
	opCircle          // centre (x, y), radius x2, width lw
	opBookmark        // outline entry s at level, pointing at y
)

// op is one drawing operation recorded by layout and replayed by paint.
type op struct {
	kind   opKind
	x, y   float64 // text: left end of the baseline
	x2, y2 float64
	lw     float64
	gray   int
	face   faceID
	size   float64
	s      string
	level  int
	fake   bool // synthetic bold
}

// page is a laid-out page.
type page struct {
	ops  []op
	pass int  // which pass of Separate the page belongs to (its header and footer follow it)
	body bool // something has been drawn in the text block
}

const eps = 1e-6

func (r *renderer) newPage() {
	r.pg = &page{pass: r.pass}
	r.pages = append(r.pages, r.pg)
	r.y = r.g.top
}

func (r *renderer) room() float64  { return r.g.bodyBottom() - r.y }
func (r *renderer) bodyH() float64 { return r.g.bodyBottom() - r.g.top }

// keepRoom moves to a new page when h does not fit below the current
// position but would fit on an empty page.
func (r *renderer) keepRoom(h float64) {
	if r.pg.body && h > r.room()+eps && h <= r.bodyH() {
		r.newPage()
	}
}

// space adds vertical space; space at the top of a page is dropped, as a
// word processor does.
func (r *renderer) space(h float64) {
	if r.pg.body {
		r.y += r.vs(h)
	}
}

// vs scales a vertical space between blocks by the renderer's squeeze.
func (r *renderer) vs(h float64) float64 { return h * r.squeeze }

func (r *renderer) add(o op) { r.pg.ops = append(r.pg.ops, o) }

// emitLine records the runs of l, with the top of its line box at top.
func (r *renderer) emitLine(l line, x, top float64) {
	sizeMM := l.st.size * ptToMM
	// Centre the ideographic em box (about 0.88 em above the baseline and
	// 0.12 em below) in the line box.
	base := top + l.st.lineH()/2 + 0.38*sizeMM
	cx := x + l.x
	for _, rn := range l.runs {
		r.add(op{kind: opText, x: cx, y: base, face: rn.face, size: l.st.size, gray: l.st.gray, s: rn.s, fake: l.st.bold && !rn.face.bold()})
		cx += rn.w
	}
}

// cell is a box of lines side by side with others in a row.
type cell struct {
	x, w  float64
	lines []line
}

// keepShare: a row kept on one page (a table row) that is taller than this
// share of a page may start at the foot of one and go on on the next,
// rather than leave the foot empty.
const keepShare = 0.4

type rowOpts struct {
	padTop, padBottom float64
	// keep holds the row on one page when it fits on one.
	keep bool
	// reserve is the height that after draws at the top of a new page.
	reserve float64
	// before is called before a page break, with the bottom of what was drawn;
	// after at the top of the new page (a table redraws its header).
	before func(bottom float64)
	after  func()
}

func (r *renderer) pageBreak(o rowOpts) {
	if o.before != nil {
		o.before(r.y)
	}
	r.newPage()
	if o.after != nil {
		o.after()
	}
}

// row draws cells side by side from the current position, breaking pages
// between lines where needed, and leaves the position below the row.
func (r *renderer) row(cells []cell, o rowOpts) {
	h, first := 0.0, 0.0
	for _, c := range cells {
		h = math.Max(h, linesHeight(c.lines))
		if len(c.lines) > 0 {
			first = math.Max(first, c.lines[0].st.lineH())
		}
	}
	if r.pg.body {
		full := o.padTop + h + o.padBottom
		switch {
		case full <= r.room()+eps:
		case o.keep && full <= keepShare*(r.bodyH()-o.reserve):
			r.pageBreak(o)
		case o.padTop+first+o.padBottom > r.room()+eps:
			r.pageBreak(o)
		case orphan(cells, r.room()-o.padTop-o.padBottom):
			// No single orphan line at the foot of a page.
			r.pageBreak(o)
		}
	}
	next := make([]int, len(cells))
	for {
		top := r.y
		avail := r.room() - o.padTop - o.padBottom
		used, done := 0.0, true
		for ci, c := range cells {
			yy := 0.0
			k := next[ci]
			for k < len(c.lines) {
				lh := c.lines[k].st.lineH()
				// On an empty page the first line goes in whatever its
				// height, or the loop would never end.
				if yy+lh > avail+eps && !(k == next[ci] && !r.pg.body) {
					break
				}
				r.emitLine(c.lines[k], c.x, top+o.padTop+yy)
				yy += c.lines[k].height()
				k++
			}
			next[ci] = k
			if k < len(c.lines) {
				done = false
			}
			used = math.Max(used, yy)
		}
		r.pg.body = true
		r.y = top + o.padTop + used + o.padBottom
		if done {
			return
		}
		r.pageBreak(o)
	}
}

// orphan reports whether a cell of three lines or more would leave a single
// line in height h.
func orphan(cells []cell, h float64) bool {
	for _, c := range cells {
		if len(c.lines) >= 3 && fitting(c.lines, h) < 2 {
			return true
		}
	}
	return false
}

// fitting counts the lines of ls that fit in height h.
func fitting(ls []line, h float64) int {
	y := 0.0
	for i, l := range ls {
		if y+l.st.lineH() > h+eps {
			return i
		}
		y += l.height()
	}
	return len(ls)
}

// pick returns the texts of t to draw in the current pass: in Parallel the
// original and its translation (empty when there is none or it is the same
// string); in Separate the text of the pass, falling back to the other
// language when it is empty, so each half of the document is complete on
// its own and no character of the input is left out.
func (r *renderer) pick(t document.Text) (main, second string) {
	if r.doc.Layout == document.Separate {
		if r.pass == 0 && t.Orig != "" || t.Trans == "" {
			return t.Orig, ""
		}
		return t.Trans, ""
	}
	if t.Orig == "" {
		return t.Trans, ""
	}
	if t.Trans == t.Orig {
		return t.Orig, ""
	}
	return t.Orig, t.Trans
}

// pickLine is pick for one-line places (running header, page label).
func (r *renderer) pickLine(t document.Text, pass int) string {
	if r.doc.Layout == document.Separate {
		if pass == 0 && t.Orig != "" || t.Trans == "" {
			return oneLine(t.Orig)
		}
		return oneLine(t.Trans)
	}
	return joinPair(t)
}

// pair lays out a text and its translation one under the other, gap apart.
func (r *renderer) pair(main, second string, st [2]tstyle, width, indent float64, al align, gap float64) []line {
	return r.pairMode(main, second, st, width, indent, al, gap, breakNormal)
}

// pairMode is pair with the break opportunities of mode.
func (r *renderer) pairMode(main, second string, st [2]tstyle, width, indent float64, al align, gap float64, mode breakMode) []line {
	ls := r.linesMode(main, st[0], width, indent, al, mode)
	ls2 := r.linesMode(second, st[1], width, 0, al, mode)
	if len(ls) > 0 && len(ls2) > 0 {
		withGap(ls, gap)
	}
	return append(ls, ls2...)
}

// colGutter is the space between the original and the translation in the
// Columns layout.
const colGutter = 6

// sideBySide reports whether a text and its translation go in two columns:
// in the Columns layout, when there is a translation to show.
func (r *renderer) sideBySide(second string) bool {
	return r.doc.Layout == document.Columns && second != ""
}

// twoColumns lays main and second out side by side in the box [x, x+W):
// the original at the left, the translation at the right, both from the
// same top.
func (r *renderer) twoColumns(main, second string, st [2]tstyle, x, W, indent float64, al align) []cell {
	cw := (W - colGutter) / 2
	return []cell{
		{x: x, w: cw, lines: r.lines(main, st[0], cw, indent, al)},
		{x: x + cw + colGutter, w: cw, lines: r.lines(second, st[1], cw, 0, al)},
	}
}

func cellsHeight(cs []cell) float64 {
	h := 0.0
	for _, c := range cs {
		h = math.Max(h, linesHeight(c.lines))
	}
	return h
}

// layout lays out the whole document into r.pages. When the last page of
// a half holds only a few lines, it lays the document out again with the
// space between blocks reduced, and keeps that if it saves the page.
func (r *renderer) layout() error {
	switch r.doc.Layout {
	case document.Parallel, document.Separate, document.Columns:
	default:
		return fmt.Errorf("pdf: layout %d is not supported", r.doc.Layout)
	}
	r.squeeze = 1
	if err := r.layoutPasses(); err != nil {
		return err
	}
	if r.nearlyEmpty && len(r.pages) > 1 {
		pages := r.pages
		for _, sq := range squeezes {
			r.squeeze = sq
			if err := r.layoutPasses(); err != nil {
				return err
			}
			if len(r.pages) < len(pages) {
				pages = r.pages
				break
			}
		}
		r.pages = pages
	}
	r.decorate()
	return r.err
}

// nearlyEmptyShare: a page whose text fills less than this share of its
// height is nearly empty. squeezes are the scales of the space between
// blocks tried, in turn, to save it.
const nearlyEmptyShare = 0.2

var squeezes = [...]float64{0.8, 0.6}

func (r *renderer) layoutPasses() error {
	r.pages, r.pass, r.nearlyEmpty, r.head = nil, 0, false, headMark{}
	r.newPage()
	if err := r.blocks(); err != nil {
		return err
	}
	r.checkEnd()
	if r.doc.Layout == document.Separate {
		r.pass = 1
		r.newPage()
		if err := r.blocks(); err != nil {
			return err
		}
		r.checkEnd()
	}
	return nil
}

// checkEnd notes when the last page of a half is nearly empty.
func (r *renderer) checkEnd() {
	if len(r.pages) > 1 && r.y-r.g.top < nearlyEmptyShare*r.bodyH() {
		r.nearlyEmpty = true
	}
}

func (r *renderer) blocks() error {
	r.lastOutline = -1
	for i, b := range r.doc.Blocks {
		var err error
		switch b := b.(type) {
		case document.Heading:
			r.heading(b)
		case *document.Heading:
			r.heading(*b)
		case document.Paragraph:
			r.keepWithSignature(b, r.doc.Blocks[i+1:])
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
			err = r.table(b, endsPage(r.doc.Blocks[i+1:]))
		case *document.Table:
			err = r.table(*b, endsPage(r.doc.Blocks[i+1:]))
		case document.Signature:
			r.signature(b)
		case *document.Signature:
			r.signature(*b)
		case document.Line:
			r.paragraph(document.Paragraph{Text: b.Text()})
		case *document.Line:
			r.paragraph(document.Paragraph{Text: b.Text()})
		case document.PageBreak, *document.PageBreak:
			// A break on an empty page would leave a blank page.
			if r.pg.body {
				r.checkEnd()
				r.newPage()
			}
		case document.Spacer:
			r.spacer(b)
		case *document.Spacer:
			r.spacer(*b)
		case nil:
		default:
			err = fmt.Errorf("pdf: block %d: unknown block type %T", i+1, b)
		}
		if err != nil {
			return err
		}
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// keepWithSignature moves paragraph p to a new page when the signature
// block follows it and the two do not fit together on this page, so the
// signature never stands alone on its page.
func (r *renderer) keepWithSignature(p document.Paragraph, next []document.Block) {
	gaps := 0.0
	for len(next) > 0 {
		sp, ok := next[0].(document.Spacer)
		if !ok {
			break
		}
		gaps += math.Max(sp.Height, 0)
		next = next[1:]
	}
	if len(next) == 0 {
		return
	}
	s, ok := next[0].(document.Signature)
	if !ok {
		return
	}
	main, second := r.pick(p.Text)
	W := r.g.textW()
	var h float64
	if r.sideBySide(second) {
		h = cellsHeight(r.twoColumns(main, second, styBody, r.g.left, W, 0, alignLeft))
	} else {
		h = linesHeight(r.pair(main, second, styBody, W, 0, alignLeft, pairGap))
	}
	_, _, sh := r.signatureLines(s)
	r.keepRoom(h + r.vs(paraGap+gaps+sigGapBefore) + sh)
}

func (r *renderer) spacer(s document.Spacer) {
	if s.Height <= 0 || !r.pg.body {
		return
	}
	r.y += r.vs(s.Height)
	if r.y > r.g.bodyBottom() {
		r.newPage() // the space does not carry over
	}
}

func (r *renderer) heading(h document.Heading) {
	r.drawHeading(h)
	if r.head.pg == r.pg && r.head.op < len(r.pg.ops) {
		r.head.end, r.head.next = len(r.pg.ops), r.y
	} else {
		r.head = headMark{}
	}
}

// carryHeading moves the heading drawn just before, if nothing came after
// it, to a new page, where what follows needs h below it; it reports
// whether it did.
func (r *renderer) carryHeading(h float64) bool {
	m := r.head
	if m.pg != r.pg || m.end != len(r.pg.ops) || r.y != m.next || h <= r.room()+eps {
		return false
	}
	moved := append([]op(nil), r.pg.ops[m.op:]...)
	if m.top <= r.g.top+eps || (m.next-m.top)+h > r.bodyH() {
		return false
	}
	r.pg.ops = r.pg.ops[:m.op]
	r.newPage()
	dy := r.g.top - m.top
	for _, o := range moved {
		o.y += dy
		if o.kind == opLine {
			o.y2 += dy
		}
		r.add(o)
	}
	r.pg.body = true
	r.y = m.next + dy
	r.head = headMark{}
	return true
}

func (r *renderer) drawHeading(h document.Heading) {
	st, al, before, after := styH2, alignLeft, 4.0, 2.0
	switch {
	case h.Level <= 0:
		st, al, before, after = styTitle, alignCenter, 0, 7
	case h.Level == 1:
		st, before, after = styH1, 6, 2.5
	}
	main, second := r.pick(h.Text)
	W := r.g.textW()
	if h.Level > 0 && r.sideBySide(second) {
		cs := r.twoColumns(main, second, st, r.g.left, W, 0, al)
		r.space(before)
		r.keepRoom(cellsHeight(cs) + keepWithNext)
		r.head = headMark{pg: r.pg, op: len(r.pg.ops), top: r.y}
		if h.Outline {
			r.bookmark(main, h.Level)
		}
		r.row(cs, rowOpts{keep: true})
		r.y += r.vs(after)
		return
	}
	// A heading's two languages belong together more tightly than a
	// paragraph's. A title breaks only between phrases, and its lines are
	// balanced.
	mode := breakNormal
	if al == alignCenter {
		mode = breakPhrase
	}
	ls := r.pairMode(main, second, st, W, 0, al, pairGap/2, mode)
	if len(ls) == 0 {
		return
	}
	if al == alignCenter {
		ls = r.balance(main, second, st, W, ls, mode)
	}
	r.space(before)
	r.keepRoom(linesHeight(ls) + keepWithNext)
	r.head = headMark{pg: r.pg, op: len(r.pg.ops), top: r.y}
	if h.Outline {
		r.bookmark(main, h.Level)
	}
	r.row([]cell{{x: r.g.left, w: W, lines: ls}}, rowOpts{keep: true})
	r.y += r.vs(after)
}

// balance narrows a centred heading that wraps until just before it would
// need more lines, so that its lines are of similar length instead of a
// full line and a lone last word.
func (r *renderer) balance(main, second string, st [2]tstyle, W float64, ls []line, mode breakMode) []line {
	if len(ls) < 2 {
		return ls
	}
	n := len(ls)
	lo, hi := W/4, W
	for i := 0; i < 12; i++ {
		mid := (lo + hi) / 2
		if len(r.pairMode(main, second, st, mid, 0, alignCenter, 0, mode)) > n {
			lo = mid
		} else {
			hi = mid
		}
	}
	out := r.pairMode(main, second, st, hi, 0, alignCenter, pairGap/2, mode)
	for i := range out {
		out[i].x += (W - hi) / 2
	}
	return out
}

// bookmark adds an outline entry at the current position. Levels may not
// skip (fpdf would build a broken outline tree), so a level is at most one
// below the previous entry's.
func (r *renderer) bookmark(s string, level int) {
	s = oneLine(s)
	if s == "" {
		return
	}
	if level < 0 {
		level = 0
	}
	if level > r.lastOutline+1 {
		level = r.lastOutline + 1
	}
	r.lastOutline = level
	r.add(op{kind: opBookmark, s: s, level: level, y: math.Max(0, r.y-4)})
}

func (r *renderer) paragraph(p document.Paragraph) {
	st, al := styBody, alignLeft
	left, right := 0.0, 0.0
	firstIndent := false
	switch p.Style {
	case document.Bold:
		st, firstIndent = styBold, true
	case document.Centered:
		al = alignCenter
	case document.RightAligned:
		al = alignRight
	case document.Small:
		st = stySmall
	case document.Indented:
		left = 2 * st[0].size * ptToMM
	case document.Quote:
		st, left, right = styQuote, quoteLeft, quoteRight
	default:
		firstIndent = true
	}
	main, second := r.pick(p.Text)
	W := r.g.textW() - left - right
	indent := 0.0
	// Chinese paragraphs open with a two-character indent (GB/T 9704);
	// Western ones in a letter are set flush.
	isOrig := main == p.Text.Orig && (r.doc.Layout == document.Parallel || r.pass == 0)
	if firstIndent && isOrig && hasCJK(main) {
		indent = 2 * st[0].size * ptToMM
	}
	if r.sideBySide(second) {
		r.row(r.twoColumns(main, second, st, r.g.left+left, W, indent, al), rowOpts{})
		r.y += r.vs(paraGap)
		return
	}
	ls := r.pair(main, second, st, W, indent, al, pairGap)
	if len(ls) == 0 {
		return
	}
	r.row([]cell{{x: r.g.left + left, w: W, lines: ls}}, rowOpts{})
	r.y += r.vs(paraGap)
}

func hasCJK(s string) bool {
	for _, c := range s {
		if isCJK(c) {
			return true
		}
	}
	return false
}

const listIndent = 3

func (r *renderer) list(l document.List) {
	if len(l.Items) == 0 {
		return
	}
	st := styBody
	labels := make([][2]string, len(l.Items))
	lw := 0.0
	for i := range l.Items {
		var a, b string
		switch {
		case i < len(l.Labels):
			a, b = r.pick(l.Labels[i])
			if b == "" {
				b = a
			}
		case l.Numbered:
			a = strconv.Itoa(i+1) + "."
			b = a
		default:
			a, b = "•", "•"
		}
		labels[i] = [2]string{oneLine(a), oneLine(b)}
		lw = math.Max(lw, r.width(labels[i][0], st[0]))
		lw = math.Max(lw, r.width(labels[i][1], st[1]))
	}
	lw = math.Max(lw+2.5, 5)
	x := r.g.left + listIndent
	tw := r.g.textW() - listIndent - lw
	for i, it := range l.Items {
		main, second := r.pick(it)
		if r.sideBySide(second) {
			// Label and text in each half.
			hw := (r.g.textW() - listIndent - colGutter) / 2
			tw := hw - lw
			x2 := x + hw + colGutter
			r.keepRows([][]cell{{
				{x: x, w: lw, lines: []line{r.single(labels[i][0], st[0])}},
				{x: x + lw, w: tw, lines: r.lines(main, st[0], tw, 0, alignLeft)},
				{x: x2, w: lw, lines: []line{r.single(labels[i][1], st[1])}},
				{x: x2 + lw, w: tw, lines: r.lines(second, st[1], tw, 0, alignLeft)},
			}}, 0, 40)
			if i < len(l.Items)-1 {
				r.y += r.vs(itemGap)
			}
			continue
		}
		rows := [][]cell{{
			{x: x, w: lw, lines: []line{r.single(labels[i][0], st[0])}},
			{x: x + lw, w: tw, lines: r.lines(main, st[0], tw, 0, alignLeft)},
		}}
		if second != "" {
			rows = append(rows, []cell{
				{x: x, w: lw, lines: []line{r.single(labels[i][1], st[1])}},
				{x: x + lw, w: tw, lines: r.lines(second, st[1], tw, 0, alignLeft)},
			})
		}
		r.keepRows(rows, pairGap, 40)
		if i < len(l.Items)-1 {
			r.y += r.vs(itemGap)
		}
	}
	r.y += r.vs(paraGap)
}

// keepRows draws rows with gap between them, keeping them on one page when
// together they are no taller than limit.
func (r *renderer) keepRows(rows [][]cell, gap, limit float64) {
	total := 0.0
	for _, cs := range rows {
		h := 0.0
		for _, c := range cs {
			h = math.Max(h, linesHeight(c.lines))
		}
		total += h + gap
	}
	if total-gap <= limit {
		r.keepRoom(total - gap)
	}
	for i, cs := range rows {
		if i > 0 {
			r.y += gap
		}
		r.row(cs, rowOpts{})
	}
}

func (r *renderer) fields(f document.Fields) {
	if len(f.Items) == 0 {
		return
	}
	W := r.g.textW()
	lw := 0.0
	for _, it := range f.Items {
		a, b := r.pick(it.Label)
		lw = math.Max(lw, r.width(oneLine(a), styLabel[0]))
		lw = math.Max(lw, r.width(oneLine(b), styLabel[1]))
	}
	lw = math.Min(math.Max(lw+5, 22), 0.38*W)
	for i, it := range f.Items {
		la, lb := r.pick(it.Label)
		va, vb := r.pick(it.Value)
		cells := []cell{
			{x: r.g.left, w: lw - 4, lines: r.pair(la, lb, styLabel, lw-4, 0, alignLeft, 0)},
			{x: r.g.left + lw, w: W - lw, lines: r.pair(va, vb, styBody, W-lw, 0, alignLeft, 0)},
		}
		r.row(cells, rowOpts{keep: true})
		if i < len(f.Items)-1 {
			r.y += r.vs(itemGap)
		}
	}
	r.y += r.vs(paraGap)
}

// endsPage reports whether the page ends after what precedes next: next
// holds nothing but space before a page break or the end.
func endsPage(next []document.Block) bool {
	for _, b := range next {
		switch b.(type) {
		case document.Spacer, *document.Spacer, nil:
		case document.PageBreak, *document.PageBreak:
			return true
		default:
			return false
		}
	}
	return true
}

// table draws t. last says that the page ends after it anyway: its last
// row then takes the row before it along rather than go alone to a page.
func (r *renderer) table(t document.Table, last bool) error {
	r.opps = make(map[oppsKey][]bool, 4*len(t.Rows)+16)
	defer func() { r.opps = nil }()
	padY := r.vs(cellPadY)
	cols := t.Columns
	for i, row := range t.Rows {
		if len(row) > len(cols) {
			return fmt.Errorf("pdf: table %q: row %d has %d cells for %d columns",
				oneLine(t.Caption.Orig), i+1, len(row), len(cols))
		}
	}
	W := r.g.textW()
	capMain, capSecond := r.pick(t.Caption)
	capLines := r.pair(capMain, capSecond, styCaption, W, 0, alignLeft, 0)
	if len(cols) == 0 {
		if len(capLines) > 0 {
			r.row([]cell{{x: r.g.left, w: W, lines: capLines}}, rowOpts{})
			r.y += r.vs(paraGap)
		}
		return nil
	}

	flowsOf := func(cols []document.Column) ([]colFlow, []align) {
		flows := make([]colFlow, len(cols))
		aligns := make([]align, len(cols))
		for i, c := range cols {
			flows[i] = flowOf(c)
			aligns[i] = flows[i].align
		}
		return flows, aligns
	}
	flows, aligns := flowsOf(cols)
	ws, cellSt, headSt, fits := r.columnWidths(t, flows, W)
	if !fits {
		// Too wide for the page: each translation goes below its original.
		if m, ok := mergeTranslations(t); ok {
			t, cols = m, m.Columns
			flows, aligns = flowsOf(cols)
			ws, cellSt, headSt, _ = r.columnWidths(t, flows, W)
		}
	}
	xs := make([]float64, len(cols))
	x := r.g.left
	for i := range cols {
		xs[i] = x
		x += ws[i]
	}
	inner := func(i int) float64 { return math.Max(ws[i]-2*cellPadX, 1) }

	// The header shows both languages in every layout: the cells below are
	// the same strings in both halves of a Separate document.
	head := make([]cell, len(cols))
	headH := 0.0
	for i, c := range cols {
		ls := r.lines(c.Header.Orig, headSt[0], inner(i), 0, aligns[i])
		if c.Header.Trans != "" && c.Header.Trans != c.Header.Orig {
			ls = append(ls, r.lines(c.Header.Trans, headSt[1], inner(i), 0, aligns[i])...)
		}
		head[i] = cell{x: xs[i] + cellPadX, w: inner(i), lines: ls}
		headH = math.Max(headH, linesHeight(ls))
	}
	headH += 2 * padY
	drawHead := func() {
		r.add(op{kind: opFill, x: r.g.left, y: r.y, x2: W, y2: headH, gray: 238})
		for _, c := range head {
			y := r.y + padY
			for _, l := range c.lines {
				r.emitLine(l, c.x, y)
				y += l.height()
			}
		}
		r.add(op{kind: opLine, x: r.g.left, y: r.y, x2: r.g.left + W, y2: r.y, lw: 0.4, gray: ink})
		r.y += headH
		r.add(op{kind: opLine, x: r.g.left, y: r.y, x2: r.g.left + W, y2: r.y, lw: 0.25, gray: ink})
		r.pg.body = true
	}
	closeRule := func(y float64) {
		r.add(op{kind: opLine, x: r.g.left, y: y, x2: r.g.left + W, y2: y, lw: 0.4, gray: ink})
	}

	rowCells := func(row []string) []cell {
		cs := make([]cell, len(cols))
		for i := range cols {
			s := ""
			if i < len(row) {
				s = row[i]
			}
			cs[i] = cell{x: xs[i] + cellPadX, w: inner(i), lines: r.linesMode(s, cellSt, inner(i), 0, aligns[i], flows[i].mode)}
		}
		return cs
	}
	var firstRow []cell
	firstH := 0.0
	if len(t.Rows) > 0 {
		firstRow = rowCells(t.Rows[0])
		for _, c := range firstRow {
			firstH = math.Max(firstH, linesHeight(c.lines))
		}
		firstH += 2 * padY
	}
	if len(capLines) > 0 {
		r.carryHeading(linesHeight(capLines) + 2 + headH + firstH)
		r.keepRoom(linesHeight(capLines) + 2 + headH + firstH)
		r.row([]cell{{x: r.g.left, w: W, lines: capLines}}, rowOpts{})
		r.y += 2
	}
	r.carryHeading(headH + firstH)
	r.keepRoom(headH + firstH)
	drawHead()
	opts := rowOpts{padTop: padY, padBottom: padY, keep: true, reserve: headH, before: closeRule, after: drawHead}
	var next []cell // the cells of row i+1, when laid out ahead
	for i, row := range t.Rows {
		cs := firstRow
		if i > 0 {
			cs = next
			if cs == nil {
				cs = rowCells(row)
			}
		}
		next = nil
		if last && i > 0 && i == len(t.Rows)-2 {
			// The last row does not go alone to the next page: the one
			// before goes with it when both fit there.
			next = rowCells(t.Rows[i+1])
			h1 := cellsHeight(cs) + 2*padY
			h2 := cellsHeight(next) + 2*padY
			if h1 <= r.room()+eps && h1+h2 > r.room()+eps && h1+h2 <= r.bodyH()-headH {
				r.pageBreak(opts)
			}
		}
		r.row(cs, opts)
		if i < len(t.Rows)-1 {
			r.add(op{kind: opLine, x: r.g.left, y: r.y, x2: r.g.left + W, y2: r.y, lw: 0.12, gray: 190})
		}
	}
	closeRule(r.y)
	r.y += r.vs(paraGap + 1)
	return nil
}

const sigRightIndent = 8

// signatureLines lays out the text of the signature block: its lines, their
// width, and the height of the block with the seal.
func (r *renderer) signatureLines(s document.Signature) ([]line, float64, float64) {
	W := r.g.textW()
	maxW := 0.5 * W
	texts := [][2]string{}
	bw := 0.0
	for _, t := range []document.Text{s.Authority, s.Name, s.Title, s.Date} {
		a, b := r.pick(t)
		if a == "" && b == "" {
			continue
		}
		texts = append(texts, [2]string{a, b})
		for _, part := range strings.Split(normalize(a), "\n") {
			bw = math.Max(bw, r.width(part, styBody[0]))
		}
		for _, part := range strings.Split(normalize(b), "\n") {
			bw = math.Max(bw, r.width(part, stySigTrans))
		}
	}
	bw = math.Min(bw, maxW)
	var ls []line
	for i, t := range texts {
		p := r.lines(t[0], styBody[0], bw, 0, alignCenter)
		p = append(p, r.lines(t[1], stySigTrans, bw, 0, alignCenter)...)
		if i < len(texts)-1 {
			withGap(p, itemGap)
		}
		ls = append(ls, p...)
	}
	return ls, bw, math.Max(linesHeight(ls), 2*sealRadius+2)
}

func (r *renderer) signature(s document.Signature) {
	W := r.g.textW()
	ls, bw, h := r.signatureLines(s)
	sa, sb := r.pick(s.SealLabel)
	seal := r.pair(sa, sb, [2]tstyle{stySealText, stySealText}, 1.6*sealRadius, 0, alignCenter, 0)
	textH := linesHeight(ls)
	r.space(sigGapBefore)
	r.keepRoom(h)
	top := r.y
	bx := r.g.left + W - sigRightIndent - bw
	cx, cy := bx-sealGap-sealRadius, top+h/2
	if cx-sealRadius < r.g.left {
		// No room beside the text: over it, as a real seal is pressed.
		cx = bx + bw/2
	}
	// The seal placeholder is drawn only when labelled: an unlabelled
	// circle would be a mark the document did not ask for.
	if len(seal) > 0 {
		r.add(op{kind: opCircle, x: cx, y: cy, x2: sealRadius, lw: 0.3, gray: muted})
		sy := cy - linesHeight(seal)/2
		for _, l := range seal {
			r.emitLine(l, cx-0.8*sealRadius, sy)
			sy += l.height()
		}
	}
	pg := r.pg
	r.y = top + (h-textH)/2
	r.row([]cell{{x: bx, w: bw, lines: ls}}, rowOpts{})
	if r.pg == pg {
		r.y = math.Max(r.y, top+h)
	}
	r.y += r.vs(paraGap)
}

// decorate adds the running header, the footer and the page counter to
// every page, now that the page count is known.
func (r *renderer) decorate() {
	n := len(r.pages)
	W := r.g.textW()
	for i, pg := range r.pages {
		r.pg = pg
		// Header: left and right on one line when they fit, else stacked
		// upwards from the baseline.
		left := r.pickLine(r.doc.HeaderLeft, pg.pass)
		if r.doc.BodyHasHeaderLeft && (i == 0 || r.pages[i-1].pass != pg.pass) {
			left = ""
		}
		right := r.pickLine(r.doc.HeaderRight, pg.pass)
		if left != "" || right != "" {
			lh := styHeader.lineH()
			top := r.g.headerBase - lh/2 - 0.38*styHeader.size*ptToMM // line box whose baseline is headerBase
			wl, wr := r.width(left, styHeader), r.width(right, styHeader)
			if wl+wr+8 <= W {
				r.emitLine(r.single(left, styHeader), r.g.left, top)
				rl := r.single(right, styHeader)
				rl.x = W - rl.width
				r.emitLine(rl, r.g.left, top)
			} else {
				ls := r.lines(left, styHeader, W, 0, alignLeft)
				ls = append(ls, r.lines(right, styHeader, W, 0, alignRight)...)
				y := top - float64(len(ls)-1)*lh
				for _, l := range ls {
					r.emitLine(l, r.g.left, y)
					y += lh
				}
			}
			r.add(op{kind: opLine, x: r.g.left, y: r.g.headerRule, x2: r.g.left + W, y2: r.g.headerRule, lw: 0.3, gray: muted})
		}

		// Footer: the page counter centred, the note at the left.
		num := func(s string) string {
			s = strings.ReplaceAll(s, "{page}", strconv.Itoa(i+1))
			return strings.ReplaceAll(s, "{pages}", strconv.Itoa(n))
		}
		label := r.pickLine(document.Text{Orig: num(r.doc.PageLabel.Orig), Trans: num(r.doc.PageLabel.Trans)}, pg.pass)
		ftop := r.g.footerBase - styFooter.lineH()/2 - 0.38*styFooter.size*ptToMM
		lw := 0.0
		if label != "" {
			l := r.single(label, styFooter)
			l.x = (W - l.width) / 2
			lw = l.width
			r.emitLine(l, r.g.left, ftop)
		}
		note := r.pickLine(r.doc.FooterNote, pg.pass)
		if note != "" {
			ntop := r.g.footerBase - styNote.lineH()/2 - 0.38*styNote.size*ptToMM
			if label == "" || r.width(note, styNote) <= (W-lw)/2-4 {
				r.emitLine(r.single(note, styNote), r.g.left, ntop)
			} else {
				ntop += styFooter.lineH() + 0.5
				for _, l := range r.lines(note, styNote, W, 0, alignLeft) {
					r.emitLine(l, r.g.left, ntop)
					ntop += l.height()
				}
			}
		}
	}
	r.pg = r.pages[len(r.pages)-1]
}
