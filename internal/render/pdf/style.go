package pdf

import "github.com/mla-dev/mla/internal/document"

// Lengths are in millimetres, font sizes in points.

const ptToMM = 25.4 / 72

// geometry is the page and its margins.
type geometry struct {
	pageW, pageH             float64
	top, bottom, left, right float64 // margins of the text block
	headerBase, headerRule   float64 // baseline of the running header and its rule
	footerBase               float64 // baseline of the page label
}

func (g geometry) textW() float64 { return g.pageW - g.left - g.right }
func (g geometry) bodyBottom() float64 {
	return g.pageH - g.bottom
}

// geometryFor follows GB/T 9704-2012 (the layout of Chinese official
// documents) in portrait: 37 mm head, 28 mm binding margin, a text block
// 156 mm wide and 225 mm high, page number just below it. Landscape pages
// (wide tables) keep the binding margin but use more of the height.
func geometryFor(o document.Orientation) geometry {
	if o == document.Landscape {
		return geometry{
			pageW: 297, pageH: 210,
			top: 28, bottom: 24, left: 25, right: 22,
			headerBase: 17, headerRule: 20,
			footerBase: 196,
		}
	}
	return geometry{
		pageW: 210, pageH: 297,
		top: 37, bottom: 35, left: 28, right: 26,
		headerBase: 25, headerRule: 28.5,
		footerBase: 272,
	}
}

// tstyle is how a piece of text is drawn.
type tstyle struct {
	size float64 // points
	bold bool
	gray int     // 0 black .. 255 white
	lead float64 // line height as a multiple of the size
}

// lineH is the height of one line in millimetres.
func (s tstyle) lineH() float64 { return s.size * ptToMM * s.lead }

// Text colours. The translation is dark grey: it stays readable when
// printed or photocopied, but the eye tells it from the original at once.
const (
	ink      = 0
	transInk = 85
	muted    = 110 // header, footer, seal placeholder, field labels' translation
	rule     = 150 // thin rules
)

// Typography. Each role has the style of the original (Chinese) text and
// the style of its translation in the parallel layout.
var (
	styTitle   = [2]tstyle{{18, true, ink, 1.45}, {14, true, transInk, 1.4}}
	styH1      = [2]tstyle{{13, true, ink, 1.5}, {11.5, true, transInk, 1.45}}
	styH2      = [2]tstyle{{11.5, true, ink, 1.55}, {10.5, true, transInk, 1.5}}
	styBody    = [2]tstyle{{11, false, ink, 1.7}, {10.5, false, transInk, 1.6}}
	styBold    = [2]tstyle{{11, true, ink, 1.7}, {10.5, true, transInk, 1.6}}
	stySmall   = [2]tstyle{{9.5, false, ink, 1.6}, {9, false, transInk, 1.55}}
	styQuote   = [2]tstyle{{10, false, ink, 1.6}, {9.5, false, transInk, 1.55}}
	styLabel   = [2]tstyle{{10.5, false, ink, 1.6}, {9, false, muted, 1.5}}
	styCaption = [2]tstyle{{10.5, true, ink, 1.5}, {10, true, transInk, 1.45}}
	styTHead   = [2]tstyle{{9, true, ink, 1.35}, {8.5, false, transInk, 1.35}}
	// styTHeadSmall is the header of a table with many columns.
	styTHeadSmall = [2]tstyle{{8, true, ink, 1.3}, {7.5, false, transInk, 1.3}}
	styCell       = tstyle{9, false, ink, 1.3}
	// styCellSmall is for the cells of a table with many columns.
	styCellSmall = tstyle{8, false, ink, 1.3}
	stySigTrans  = tstyle{10, false, transInk, 1.45}
	styHeader    = tstyle{8.5, false, muted, 1.3}
	styFooter    = tstyle{9, false, muted, 1.3}
	styNote      = tstyle{7.5, false, muted, 1.3}
	stySealText  = tstyle{8.5, false, muted, 1.3}
)

// Spacing, in millimetres.
const (
	pairGap      = 1.2 // between a text and its translation
	paraGap      = 3.5 // after a paragraph (or a paragraph and its translation)
	itemGap      = 2   // between list items and between fields
	quoteLeft    = 10  // indentation of statutory text
	quoteRight   = 6
	cellPadX     = 1.6
	cellPadY     = 1.0
	sealRadius   = 16 // an official seal is 42 mm across; the placeholder is a little smaller
	sealGap      = 8  // between the seal placeholder and the signature text
	sigGapBefore = 12
	keepWithNext = 18 // room a heading needs below it, or it moves to the next page
)

// Draft mark.
const (
	draftGray    = 215
	draftMaxSize = 96 // points
)
