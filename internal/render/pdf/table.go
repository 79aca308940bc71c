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
// only the minimum widths fit, each column gets its minimum plus a share of
// the rest in proportion to what it would still like to have; when not even
// those fit, the minimum widths are scaled down and the widest words break,
// with a hyphen. A column without any value is narrowed to its header's
// minimum width.

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
	}
	return colFlow{breakNormal, alignLeft}
}

// extent returns the minimum and preferred widths of s in style st broken
// with mode: the widest piece between two break opportunities, and the
// widest line when only its "\n" break it.
//
// When lines is not nil, the unbroken width of each line is appended to it.
func (r *renderer) extent(s string, st tstyle, mode breakMode, lines *[]float64) (minW, maxW float64) {
	s = normalize(s)
	if s == "" {
		return 0, 0
	}
	for _, piece := range strings.Split(s, "\n") {
		sh := r.shape(piece, st, s)
		opps := breakOpportunities(sh.rs, mode)
		drawn := func(from, to int) float64 {
			for to > from && sh.rs[to-1] == ' ' {
				to--
			}
			w := 0.0
			for k := from; k < to; k++ {
				w += sh.ws[k]
			}
			return w
		}
		from := 0
		for i := 1; i < len(sh.rs); i++ {
			if opps[i] {
				minW = math.Max(minW, drawn(from, i))
				from = i
			}
		}
		minW = math.Max(minW, drawn(from, len(sh.rs)))
		lw := drawn(0, len(sh.rs))
		maxW = math.Max(maxW, lw)
		if lines != nil {
			*lines = append(*lines, lw)
		}
	}
	return minW, maxW
}

// sampleRows is how many rows at most the width allocation looks at, evenly
// spread over a long table: enough to see what the columns hold.
const sampleRows = 64

// columnWidths shares the table width W between the columns of t, given
// the flows of the columns. Widths include the cells' padding.
//
// From the minimum widths, the room left is handed out in small steps, each
// to the column where it shortens the rows most. A row's height is taken as
// a smooth maximum of its cells' line counts (each cell's unbroken width
// over the column's width), so a step that shortens the tallest cell of
// many rows wins over one that shortens a cell that is not the tallest.
func (r *renderer) columnWidths(t document.Table, flows []colFlow, W float64) []float64 {
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
	// pieces[k][i]: the unbroken widths of the lines of the cell of sample
	// row k in column i (row 0 is the header); nil when it never wraps.
	pieces := make([][][]float64, len(rows)+1)
	for k := range pieces {
		pieces[k] = make([][]float64, n)
	}
	whole := make([]bool, n)                // columns that keep their minimum width when the table is too narrow
	fixed := make([][]float64, len(rows)+1) // line counts of cells that never wrap
	for k := range fixed {
		fixed[k] = make([]float64, n)
	}
	for i, c := range t.Columns {
		hmin, hmax := r.extent(c.Header.Orig, styTHead[0], breakNormal, &pieces[0][i])
		if c.Header.Trans != "" && c.Header.Trans != c.Header.Orig {
			a, b := r.extent(c.Header.Trans, styTHead[1], breakNormal, &pieces[0][i])
			hmin, hmax = math.Max(hmin, a), math.Max(hmax, b)
		}
		cmin, cmax := 0.0, 0.0
		for _, row := range t.Rows {
			if i < len(row) && row[i] != "" {
				a, b := r.extent(row[i], styCell, flows[i].mode, nil)
				cmin, cmax = math.Max(cmin, a), math.Max(cmax, b)
			}
		}
		for k, row := range rows {
			if i < len(row) && row[i] != "" {
				if flows[i].mode == breakNever {
					fixed[k+1][i] = float64(strings.Count(row[i], "\n") + 1)
				} else {
					r.extent(row[i], styCell, breakNormal, &pieces[k+1][i])
				}
			}
		}
		if cmax == 0 {
			// No values: as narrow as the header allows.
			hmax = hmin
		}
		whole[i] = cmax == 0 || flows[i].mode == breakNever
		limit := maxMinShare * W
		if flows[i].mode != breakNever {
			// Prose: a long URL or path in it breaks rather than widen
			// the column for every row.
			limit = maxTextMinShare * W
		}
		cmin = math.Min(cmin, limit)
		mins[i] = math.Max(hmin, cmin) + 2*cellPadX
		maxs[i] = math.Max(math.Max(hmax, cmax)+2*cellPadX, mins[i])
	}
	if debugWidths != nil {
		debugWidths(mins, maxs, W)
	}
	sumMin, sumMax := 0.0, 0.0
	for i := range mins {
		sumMin += mins[i]
		sumMax += maxs[i]
	}
	ws := make([]float64, n)
	switch {
	case sumMax <= W:
		for i := range ws {
			ws[i] = maxs[i] * W / sumMax
		}
		return ws
	case sumMin >= W:
		// Too narrow even for the minimum widths: the columns of prose
		// give way (their longest words break, with a hyphen); columns
		// that never wrap keep their width while the prose keeps at least
		// half of its own.
		fixed, flex := 0.0, 0.0
		for i := range ws {
			if whole[i] {
				fixed += mins[i]
			} else {
				flex += mins[i]
			}
		}
		scaleFixed, scaleFlex := 1.0, 0.0
		if flex > 0 {
			scaleFlex = (W - fixed) / flex
		}
		if scaleFlex < 0.5 {
			scaleFlex = math.Min(0.5, W/sumMin)
			scaleFixed = (W - flex*scaleFlex) / math.Max(fixed, eps)
		}
		for i := range ws {
			if whole[i] {
				ws[i] = mins[i] * scaleFixed
			} else {
				ws[i] = mins[i] * scaleFlex
			}
		}
		return ws
	}
	copy(ws, mins)
	// lines is the smooth line count of the cell of sample row k in column
	// i at width w, to the fourth power.
	lines := func(k, i int, w float64) float64 {
		l := fixed[k][i]
		inner := math.Max(w-2*cellPadX, 1)
		for _, p := range pieces[k][i] {
			l += math.Max(1, p/inner)
		}
		l2 := l * l
		return l2 * l2
	}
	sums := make([]float64, len(pieces)) // per row: the sum of its cells' lines^4
	terms := make([][]float64, len(pieces))
	for k := range pieces {
		terms[k] = make([]float64, n)
		for i := range ws {
			terms[k][i] = lines(k, i, ws[i])
			sums[k] += terms[k][i]
		}
	}
	left := W - sumMin
	step := math.Max(left/200, 0.25)
	for left > eps {
		d := math.Min(step, left)
		best, bestGain := -1, 0.0
		for i := range ws {
			if ws[i]+eps >= maxs[i] {
				continue
			}
			w := math.Min(ws[i]+d, maxs[i])
			gain := 0.0
			for k := range pieces {
				if terms[k][i] == 0 {
					continue
				}
				after := sums[k] - terms[k][i] + lines(k, i, w)
				gain += math.Sqrt(math.Sqrt(sums[k])) - math.Sqrt(math.Sqrt(after))
			}
			if best < 0 || gain > bestGain+eps {
				best, bestGain = i, gain
			}
		}
		if best < 0 {
			break // every column has its preferred width
		}
		w := math.Min(ws[best]+d, maxs[best])
		left -= w - ws[best]
		ws[best] = w
		for k := range pieces {
			if terms[k][best] != 0 {
				nt := lines(k, best, w)
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
	return ws
}

var debugWidths func(mins, maxs []float64, W float64)
