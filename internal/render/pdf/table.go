package pdf

import (
	"math"
	"strings"

	"github.com/mla-dev/mla/internal/document"
)

// Table layout. Column widths come from the columns' content, the way a
// browser lays out an automatic table: each column has a minimum width (its
// widest piece that may not be broken: a word, a date, an identifier, a
// whole amount) and a preferred width (its longest line unbroken). When the
// preferred widths fit, the spare room is shared in proportion to them; when
// only the minimum widths fit, the room above them goes where it saves the
// most lines (see columnWidths); when not even those fit, the columns of
// prose give way and their widest words break, with a hyphen. A column
// without any value is narrowed to its header's longest word. A table with
// many columns is set one size smaller, and when that is not enough its
// translation columns go below their originals (mergeTranslations).

// maxMinShare caps the minimum width of a column of identifiers, amounts
// or dates (a very long identifier, a hash) at this share of the table, and
// maxTextMinShare that of a column of prose (a long URL in a sentence), so
// one value cannot squeeze the other columns. A column is never narrower
// than its header's longest word.
const (
	maxMinShare     = 0.2
	maxTextMinShare = 0.15
)

// colFlow is how a column's cells wrap and align.
type colFlow struct {
	mode  breakMode
	align align
}

func flowOf(c document.Column) colFlow {
	switch {
	case c.Kind == document.KindInteger || c.Kind == document.KindNumber || c.Hint == document.HintAmount:
		return colFlow{breakNever, alignRight}
	case c.Kind == document.KindDate || c.Hint == document.HintID:
		return colFlow{breakNever, alignLeft}
	case c.Hint == document.HintCode:
		return colFlow{breakCode, alignLeft}
	}
	return colFlow{breakNormal, alignLeft}
}

// mergeTranslations returns t with each column that holds the translation
// of the column before it (Column.Translates) drawn in that column, below
// the original: for a table too wide for the page even at its narrowest.
func mergeTranslations(t document.Table) (document.Table, bool) {
	var cols []document.Column
	var src [][]int // the columns of t drawn in each column of the result
	for i, c := range t.Columns {
		if c.Translates && i > 0 && len(src[len(src)-1]) == 1 && t.Columns[i-1].Kind == document.KindText {
			p := &cols[len(cols)-1]
			p.Header = document.Text{Orig: p.Header.Orig + "\n" + c.Header.Orig, Trans: p.Header.Trans + "\n" + c.Header.Trans}
			src[len(src)-1] = append(src[len(src)-1], i)
			continue
		}
		cols = append(cols, c)
		src = append(src, []int{i})
	}
	if len(cols) == len(t.Columns) {
		return t, false
	}
	out := t
	out.Columns = cols
	out.Rows = make([][]string, len(t.Rows))
	for k, row := range t.Rows {
		cells := make([]string, len(cols))
		for j, from := range src {
			var parts []string
			for _, i := range from {
				if i < len(row) && row[i] != "" {
					parts = append(parts, row[i])
				}
			}
			cells[j] = strings.Join(parts, "\n")
		}
		out.Rows[k] = cells
	}
	return out, true
}

// seg is a piece of a cell's text between two break opportunities.
type seg struct {
	w     float64 // drawn width, trailing spaces excluded
	space float64 // width of the spaces after it
	first bool    // starts a line of the text (its start, or after "\n")
}

// segments appends the pieces of s in style st, broken with mode, to out.
func (r *renderer) segments(s string, st tstyle, mode breakMode, out []seg) []seg {
	s = normalize(s)
	if s == "" {
		return out
	}
	for _, piece := range strings.Split(s, "\n") {
		sh := r.shape(piece, st, s)
		opps := r.opportunities(piece, sh.rs, mode)
		cur := seg{first: true}
		for i, rn := range sh.rs {
			if i > 0 && opps[i] {
				out = append(out, cur)
				cur = seg{}
			}
			if rn == ' ' {
				cur.space += sh.ws[i]
			} else {
				cur.w += cur.space + sh.ws[i]
				cur.space = 0
			}
		}
		out = append(out, cur)
	}
	return out
}

// extent returns the minimum and preferred widths of segments: the widest
// piece, and the widest line when only "\n" breaks the text.
func extent(segs []seg) (minW, maxW float64) {
	line, pend := 0.0, 0.0
	for _, g := range segs {
		if g.first {
			line, pend = 0, 0
		}
		minW = math.Max(minW, g.w)
		line += pend + g.w
		pend = g.space
		maxW = math.Max(maxW, line)
	}
	return minW, maxW
}

// countLines estimates the lines segs take at width w: the full lines,
// plus the last line counted by how full it is (so that widening a column
// shows as a gain before a line is saved), at least a quarter.
func countLines(segs []seg, w float64) float64 {
	if len(segs) == 0 {
		return 0
	}
	full, line, pend := 0.0, 0.0, 0.0
	for i, g := range segs {
		if g.first && i > 0 || line > 0 && line+pend+g.w > w+eps {
			full++
			line, pend = 0, 0
		}
		if line == 0 && g.w > w+eps {
			// A word wider than the column is cut.
			k := math.Floor(g.w / w)
			full += k
			line = g.w - k*w
		} else {
			line += pend + g.w
		}
		pend = g.space
	}
	return full + math.Max(line/w, 0.25)
}

// sampleRows is how many rows at most the width allocation looks at, evenly
// spread over a long table: enough to see what the columns hold.
const sampleRows = 48

// tightShare: when the minimum widths take more than this share of the
// table, its cells are set one size smaller; when they still take more
// than roomShare, too little is left for the prose to be read in, and
// translations go below their originals (Column.Translates).
const (
	tightShare = 0.65
	roomShare  = 0.75
)

// columnWidths shares the table width W between the columns of t, given
// the flows of the columns, and chooses the cells' style. Widths include
// the cells' padding.
//
// From the minimum widths, the room left is handed out step by step, each
// step to the column where it shortens the rows most for its width (steps
// of several sizes are compared, so that a column that must widen a little
// before it saves a line is not passed over). A row's height is taken as a
// smooth maximum of its cells' line counts, so a step that shortens the
// tallest cell of many rows wins over one that shortens a cell that is not
// the tallest.
func (r *renderer) columnWidths(t document.Table, flows []colFlow, W float64) (ws []float64, st tstyle, head [2]tstyle, fits bool) {
	st, head = styCell, styTHead
	ws, tight, fits := r.columnWidthsIn(t, flows, W, st, head)
	if tight {
		st, head = styCellSmall, styTHeadSmall
		ws, _, fits = r.columnWidthsIn(t, flows, W, st, head)
	}
	return ws, st, head, fits
}

// columnWidthsIn is columnWidths with the cells in style st and the header
// in hst. It also reports whether the minimum widths take more than
// tightShare of W, and whether they take at most roomShare of it.
func (r *renderer) columnWidthsIn(t document.Table, flows []colFlow, W float64, st tstyle, hst [2]tstyle) ([]float64, bool, bool) {
	n := len(t.Columns)
	mins := make([]float64, n)
	maxs := make([]float64, n)
	rows := t.Rows
	if len(rows) > sampleRows {
		picked := make([][]string, sampleRows)
		for i := range picked {
			picked[i] = rows[i*len(rows)/sampleRows]
		}
		rows = picked
	}
	// cells[k][i]: the segments of the cell of sample row k in column i (row
	// 0 is the header); fixed[k][i] the line count of a cell that never wraps.
	cells := make([][][]seg, len(rows)+1)
	fixed := make([][]float64, len(rows)+1)
	for k := range cells {
		cells[k] = make([][]seg, n)
		fixed[k] = make([]float64, n)
	}
	whole := make([]bool, n)     // columns that keep their minimum width when the table is too narrow
	floors := make([]float64, n) // how narrow a column may be made then
	var buf []seg
	for i, c := range t.Columns {
		head := r.segments(c.Header.Orig, hst[0], breakNormal, nil)
		if c.Header.Trans != "" && c.Header.Trans != c.Header.Orig {
			head = r.segments(c.Header.Trans, hst[1], breakNormal, head)
		}
		cells[0][i] = head
		hmin, hmax := extent(head)
		cmin, cmax := 0.0, 0.0
		sampled := len(rows) == len(t.Rows)
		for k, row := range t.Rows {
			if i >= len(row) || row[i] == "" {
				continue
			}
			buf = r.segments(row[i], st, flows[i].mode, buf[:0])
			a, b := extent(buf)
			cmin, cmax = math.Max(cmin, a), math.Max(cmax, b)
			if sampled {
				if flows[i].mode == breakNever {
					fixed[k+1][i] = float64(strings.Count(row[i], "\n") + 1)
				} else {
					cells[k+1][i] = append([]seg(nil), buf...)
				}
			}
		}
		if !sampled {
			for k, row := range rows {
				if i < len(row) && row[i] != "" {
					if flows[i].mode == breakNever {
						fixed[k+1][i] = float64(strings.Count(row[i], "\n") + 1)
					} else {
						cells[k+1][i] = r.segments(row[i], st, flows[i].mode, nil)
					}
				}
			}
		}
		if cmax == 0 {
			// No values: as narrow as the header allows.
			hmax = hmin
		}
		whole[i] = cmax == 0 || flows[i].mode == breakNever
		limit := maxMinShare * W
		if flows[i].mode == breakNormal {
			// Prose: a long URL or path in it breaks rather than widen
			// the column for every row.
			limit = maxTextMinShare * W
		}
		cmin = math.Min(cmin, limit)
		mins[i] = math.Max(hmin, cmin) + 2*cellPadX
		// A column to write in by hand keeps its room, even when the
		// table is too narrow for its minimum widths.
		mins[i] = math.Max(mins[i], math.Min(c.MinWidth, maxMinShare*W))
		maxs[i] = math.Max(math.Max(hmax, cmax)+2*cellPadX, mins[i])
		floors[i] = mins[i]
		if c.MinWidth > 0 {
			whole[i] = true
		} else if !whole[i] {
			floors[i] = math.Max(hmin+2*cellPadX, mins[i]/2)
		}
	}
	sumMin, sumMax := 0.0, 0.0
	for i := range mins {
		sumMin += mins[i]
		sumMax += maxs[i]
	}
	tight := sumMin > tightShare*W
	fits := sumMin <= roomShare*W
	ws := make([]float64, n)
	switch {
	case sumMax <= W:
		for i := range ws {
			ws[i] = maxs[i] * W / sumMax
		}
		return ws, tight, fits
	case sumMin >= W:
		// Too narrow even for the minimum widths: the columns of prose
		// give way (their longest words break, with a hyphen), down to
		// their header's longest word or half their minimum; columns that
		// never wrap or have no values keep theirs.
		sumFloor := 0.0
		for _, f := range floors {
			sumFloor += f
		}
		for i := range ws {
			if sumFloor <= W {
				ws[i] = floors[i] + (mins[i]-floors[i])*(W-sumFloor)/math.Max(sumMin-sumFloor, eps)
			} else {
				ws[i] = floors[i] * W / sumFloor
			}
		}
		return ws, tight, fits
	}
	copy(ws, mins)
	// term is the line count of the cell of sample row k in column i at
	// width w, to the fourth power.
	term := func(k, i int, w float64) float64 {
		l := fixed[k][i] + countLines(cells[k][i], math.Max(w-2*cellPadX, 1))
		l2 := l * l
		return l2 * l2
	}
	root4 := func(x float64) float64 { return math.Sqrt(math.Sqrt(x)) }
	sums := make([]float64, len(cells)) // per row: the sum of its cells' terms
	terms := make([][]float64, len(cells))
	for k := range cells {
		terms[k] = make([]float64, n)
		for i := range ws {
			terms[k][i] = term(k, i, ws[i])
			sums[k] += terms[k][i]
		}
	}
	left := W - sumMin
	step := math.Max(left/64, 0.5)
	for left > eps {
		best, bestW, bestRate := -1, 0.0, 0.0
		for i := range ws {
			if ws[i]+eps >= maxs[i] {
				continue
			}
			for _, d := range [...]float64{step, 4 * step, 16 * step} {
				w := math.Min(math.Min(ws[i]+d, maxs[i]), ws[i]+left)
				gain := 0.0
				for k := range cells {
					if terms[k][i] == 0 {
						continue
					}
					gain += root4(sums[k]) - root4(sums[k]-terms[k][i]+term(k, i, w))
				}
				if rate := gain / (w - ws[i]); best < 0 || rate > bestRate+eps {
					best, bestW, bestRate = i, w, rate
				}
				if w >= maxs[i] || w >= ws[i]+left {
					break
				}
			}
		}
		if best < 0 {
			break // every column has its preferred width
		}
		left -= bestW - ws[best]
		ws[best] = bestW
		for k := range cells {
			if terms[k][best] != 0 {
				nt := term(k, best, bestW)
				sums[k] += nt - terms[k][best]
				terms[k][best] = nt
			}
		}
	}
	if left > eps {
		// All columns at their preferred widths: share the rest.
		total := 0.0
		for _, w := range ws {
			total += w
		}
		for i := range ws {
			ws[i] += left * ws[i] / total
		}
	}
	return ws, tight, fits
}
