package pdf

import (
	"fmt"
	"math"
)

// mark is the draft stamp, laid out once and drawn on every page.
type mark struct {
	l      line
	angle  float64 // degrees, counter-clockwise
	cx, cy float64 // centre of the page
}

// layoutMark prepares the draft stamp: both languages on one line, as large
// as fits along the page diagonal.
func (r *renderer) layoutMark() *mark {
	if !r.doc.Draft {
		return nil
	}
	s := oneLine(r.doc.DraftMark.Orig)
	if t := oneLine(r.doc.DraftMark.Trans); t != "" && t != s {
		if s != "" {
			s += " "
		}
		s += t
	}
	if s == "" {
		return nil // the renderer adds no words of its own
	}
	st := tstyle{size: 10, bold: true, gray: draftGray, lead: 1}
	w10 := r.width(s, st)
	diag := math.Hypot(r.g.pageW, r.g.pageH)
	if w10 > 0 {
		st.size = math.Min(draftMaxSize, 10*0.7*diag/w10)
	}
	return &mark{
		l:     r.single(s, st),
		angle: math.Atan2(r.g.pageH, r.g.pageW) * 180 / math.Pi,
		cx:    r.g.pageW / 2,
		cy:    r.g.pageH / 2,
	}
}

// painter replays recorded operations into fpdf, setting fonts and colours
// only when they change: fpdf writes a font operator at every SetFont.
type painter struct {
	r        *renderer
	face     faceID
	size     float64
	fontSet  bool
	textGray int
	draw     int
	lw       float64
	fill     int
	fillSet  bool
	drawSet  bool
	textSet  bool
	widthSet bool
	stroked  bool // text rendering mode is fill and stroke
}

func (p *painter) setFont(f faceID, size float64) error {
	if p.fontSet && p.face == f && p.size == size {
		return nil
	}
	face := f.face()
	p.r.pdf.SetFont(face.Family, f.style(), size)
	if p.r.pdf.Err() {
		return fmt.Errorf("pdf: selecting font %s %s: %w", face.Family, f.style(), p.r.pdf.Error())
	}
	p.face, p.size, p.fontSet = f, size, true
	return nil
}

func (p *painter) setText(g int) {
	if !p.textSet || p.textGray != g {
		p.r.pdf.SetTextColor(g, g, g)
		p.textGray, p.textSet = g, true
	}
}

func (p *painter) setDraw(g int, lw float64) {
	if !p.drawSet || p.draw != g {
		p.r.pdf.SetDrawColor(g, g, g)
		p.draw, p.drawSet = g, true
	}
	if !p.widthSet || p.lw != lw {
		p.r.pdf.SetLineWidth(lw)
		p.lw, p.widthSet = lw, true
	}
}

func (p *painter) setFill(g int) {
	if !p.fillSet || p.fill != g {
		p.r.pdf.SetFillColor(g, g, g)
		p.fill, p.fillSet = g, true
	}
}

func (p *painter) text(x, y float64, f faceID, size float64, gray int, fake bool, s string) error {
	if err := p.setFont(f, size); err != nil {
		return err
	}
	p.setText(gray)
	if fake {
		// Fill and stroke the outlines with a stroke of 3 % of the em,
		// in the text's colour.
		p.setDraw(gray, 0.03*size*ptToMM)
	}
	if fake != p.stroked {
		mode := 0
		if fake {
			mode = 2
		}
		p.r.pdf.SetTextRenderingMode(mode)
		p.stroked = fake
	}
	if f == fallbackFace {
		s = p.r.toPUA(s)
	}
	p.r.pdf.Text(x, y, s)
	return nil
}

// paint draws the laid-out pages.
func (r *renderer) paint() error {
	m := r.layoutMark()
	if r.err != nil {
		return r.err
	}
	if err := r.embedFonts(); err != nil {
		return err
	}
	p := &painter{r: r}
	pdf := r.pdf
	for i, pg := range r.pages {
		if r.opts.Progress != nil && i > 0 {
			r.opts.Progress(i, len(r.pages))
		}
		pdf.AddPage()
		// A page starts in text rendering mode 0; fpdf does not track it.
		p.stroked = false
		for _, o := range pg.ops {
			switch o.kind {
			case opText:
				if err := p.text(o.x, o.y, o.face, o.size, o.gray, o.fake, o.s); err != nil {
					return err
				}
			case opLine:
				p.setDraw(o.gray, o.lw)
				pdf.Line(o.x, o.y, o.x2, o.y2)
			case opFill:
				p.setFill(o.gray)
				pdf.Rect(o.x, o.y, o.x2, o.y2, "F")
			case opCircle:
				p.setDraw(o.gray, o.lw)
				pdf.Circle(o.x, o.y, o.x2, "D")
			case opBookmark:
				// fpdf encodes a bookmark title as UTF-16 only while a
				// UTF-8 font is selected.
				if !p.fontSet {
					if err := p.setFont(r.anyFace(), 10); err != nil {
						return err
					}
				}
				pdf.Bookmark(cesu8(o.s), o.level, o.y)
			}
		}
		if m != nil {
			if err := r.paintMark(p, m); err != nil {
				return err
			}
		}
		if pdf.Err() {
			return fmt.Errorf("pdf: %w", pdf.Error())
		}
	}
	if r.opts.Progress != nil {
		r.opts.Progress(len(r.pages), len(r.pages))
	}
	return nil
}

// paintMark draws the draft stamp over the page in Multiply blend mode:
// the light grey darkens the white paper but leaves black text black, so
// the stamp looks as if printed under the text and hides nothing. It is
// never stroked for synthetic bold: in Multiply mode the stroke would
// darken the glyphs' edges into outlines.
func (r *renderer) paintMark(p *painter, m *mark) error {
	pdf := r.pdf
	pdf.SetAlpha(1, "Multiply")
	pdf.TransformBegin()
	pdf.TransformRotate(m.angle, m.cx, m.cy)
	x := m.cx - m.l.width/2
	y := m.cy + 0.36*m.l.st.size*ptToMM
	for _, rn := range m.l.runs {
		if err := p.text(x, y, rn.face, m.l.st.size, m.l.st.gray, false, rn.s); err != nil {
			return err
		}
		x += rn.w
	}
	pdf.TransformEnd()
	pdf.SetAlpha(1, "Normal")
	// The graphics state restored by TransformEnd no longer matches what
	// the painter believes; make it set everything again.
	*p = painter{r: r}
	return nil
}

// anyFace returns a registered face.
func (r *renderer) anyFace() faceID {
	for i, ok := range r.registered {
		if ok {
			return faceID(i)
		}
	}
	return 0
}
