package pdf

import "strings"

// Alignment of a line within its box.
type align uint8

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

// run is a piece of a line drawn in one face.
type run struct {
	face faceID
	s    string
	w    float64
}

// line is one laid-out line of text.
type line struct {
	runs  []run
	width float64
	st    tstyle
	x     float64 // offset of the line from the left of its box (alignment, indentation)
	gap   float64 // extra space below the line
}

func (l line) height() float64 { return l.st.lineH() + l.gap }

func linesHeight(ls []line) float64 {
	h := 0.0
	for _, l := range ls {
		h += l.height()
	}
	return h
}

// shaped is a text measured in a style: each rune with the face that draws
// it and its width in millimetres.
type shaped struct {
	rs    []rune
	faces []faceID
	ws    []float64
}

func (r *renderer) shape(s string, st tstyle, whole string) shaped {
	rs := []rune(s)
	sh := shaped{rs: rs, faces: make([]faceID, len(rs)), ws: make([]float64, len(rs))}
	scale := st.size * ptToMM / 1000
	for i, rn := range rs {
		g, ok := r.glyphOf(rn, st.bold, whole)
		if !ok {
			continue
		}
		sh.faces[i] = g.face
		sh.ws[i] = float64(g.units) * scale
	}
	return sh
}

// width of a one-line string in a style.
func (r *renderer) width(s string, st tstyle) float64 {
	sh := r.shape(s, st, s)
	w := 0.0
	for _, x := range sh.ws {
		w += x
	}
	return w
}

// lines breaks s into lines of at most width (the first line indent less),
// aligned in a box of that width. "\n" starts a new line; an empty s gives
// no line at all.
func (r *renderer) lines(s string, st tstyle, width, indent float64, al align) []line {
	return r.linesMode(s, st, width, indent, al, breakNormal)
}

// linesMode is lines with the break opportunities of mode.
func (r *renderer) linesMode(s string, st tstyle, width, indent float64, al align, mode breakMode) []line {
	s = normalize(s)
	if s == "" {
		return nil
	}
	var out []line
	for i, piece := range strings.Split(s, "\n") {
		sh := r.shape(piece, st, s)
		first := width
		if i == 0 {
			first = width - indent
		}
		hy, hyW := r.hyphen(st, s)
		for j, sp := range breakRunesWith(sh.rs, sh.ws, r.opportunities(piece, sh.rs, mode), first, width, hyW) {
			l := line{st: st, width: sp.width}
			l.runs = makeRuns(sh, sp)
			if sp.hyphen {
				l.runs = append(l.runs, run{face: hy, s: "-", w: hyW})
			}
			switch al {
			case alignCenter:
				l.x = (width - sp.width) / 2
			case alignRight:
				l.x = width - sp.width
			default:
				if i == 0 && j == 0 {
					l.x = indent
				}
			}
			out = append(out, l)
		}
	}
	return out
}

// oppsKey identifies the break opportunities of a text in a mode.
type oppsKey struct {
	s    string
	mode breakMode
}

// opportunities returns the break opportunities of s (whose runes are rs)
// in mode. While a table is laid out they are kept, as every cell is
// broken twice (to size the columns, then to draw) and many repeat.
func (r *renderer) opportunities(s string, rs []rune, mode breakMode) []bool {
	if r.opps == nil {
		return breakOpportunities(rs, mode)
	}
	k := oppsKey{s, mode}
	if o, ok := r.opps[k]; ok {
		return o
	}
	o := breakOpportunities(rs, mode)
	r.opps[k] = o
	return o
}

// hyphen returns the face and width of the hyphen drawn after a word broken
// because it is wider than its line.
func (r *renderer) hyphen(st tstyle, whole string) (faceID, float64) {
	g, ok := r.glyphOf('-', st.bold, whole)
	if !ok {
		return 0, 0
	}
	return g.face, float64(g.units) * st.size * ptToMM / 1000
}

// single lays s out on one line without breaking it.
func (r *renderer) single(s string, st tstyle) line {
	sh := r.shape(s, st, s)
	w := 0.0
	for _, x := range sh.ws {
		w += x
	}
	sp := span{start: 0, drawEnd: len(sh.rs), end: len(sh.rs), width: w}
	return line{st: st, width: w, runs: makeRuns(sh, sp)}
}

// makeRuns splits the drawn part of a line where the face changes.
func makeRuns(sh shaped, sp span) []run {
	var runs []run
	for i := sp.start; i < sp.drawEnd; {
		j, w := i, 0.0
		for j < sp.drawEnd && sh.faces[j] == sh.faces[i] {
			w += sh.ws[j]
			j++
		}
		runs = append(runs, run{face: sh.faces[i], s: string(sh.rs[i:j]), w: w})
		i = j
	}
	return runs
}

// withGap sets the space after the last of ls.
func withGap(ls []line, gap float64) []line {
	if len(ls) > 0 {
		ls[len(ls)-1].gap = gap
	}
	return ls
}
