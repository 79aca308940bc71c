package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"unicode"
)

// Font is a TrueType font read for measuring and subsetting: its tables,
// its glyph metrics and its BMP character map. It is safe for concurrent use.
//
// The PDF library parses the whole font it is given twice per document
// (every advance width and character mapping when the font is added, again
// when it writes the embedded subset), which for a CJK face of 30,000
// glyphs costs far more than laying out a letter. Handing it a subset of
// the few hundred glyphs a document draws makes both steps cheap.
type Font struct {
	tables      map[string][]byte // table tag -> table bytes, sub-slices of the file
	loca, glyf  []byte
	hmtx        []byte
	numGlyphs   int
	numHMetrics int
	unitsPerEm  int
	longLoca    bool
	// bmp maps each BMP code point to its glyph, as the font's Unicode
	// format 4 subtable does (the one the PDF library reads).
	bmp []uint16
	// groups map the code points above U+FFFF, as the format 12 subtable
	// does, in ascending order.
	groups []cmapGroup
}

// Tables a subset is built from; the PDF library needs them all.
var requiredTables = []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}

// Hinting and rasterizer tables copied into a subset unchanged when present:
// the glyphs' instructions call the functions of fpgm and read cvt.
var copiedTables = []string{"cvt ", "fpgm", "gasp", "prep"}

// ParseFont reads a TrueType font (sfnt version 0x00010000 or "true").
func ParseFont(data []byte) (*Font, error) {
	if err := checkMagic(data); err != nil {
		return nil, err
	}
	if len(data) < 12 {
		return nil, errors.New("truncated table directory")
	}
	n := int(u16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("truncated table directory")
	}
	f := &Font{tables: make(map[string][]byte, n)}
	for i := range n {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off, length := int64(u32(rec[8:])), int64(u32(rec[12:]))
		if off+length > int64(len(data)) {
			return nil, fmt.Errorf("table %q lies outside the file", tag)
		}
		f.tables[tag] = data[off : off+length]
	}
	for _, tag := range requiredTables {
		if f.tables[tag] == nil {
			return nil, fmt.Errorf("no %q table", tag)
		}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(f.tables["post"]) < 32 {
		return nil, errors.New("truncated head, hhea, maxp or post table")
	}
	f.unitsPerEm = int(u16(head[18:]))
	if f.unitsPerEm < 16 || f.unitsPerEm > 16384 {
		return nil, fmt.Errorf("unitsPerEm %d out of range", f.unitsPerEm)
	}
	switch u16(head[50:]) {
	case 0:
	case 1:
		f.longLoca = true
	default:
		return nil, fmt.Errorf("unknown indexToLocFormat %d", u16(head[50:]))
	}
	f.numGlyphs = int(u16(maxp[4:]))
	f.numHMetrics = int(u16(hhea[34:]))
	if f.numGlyphs == 0 || f.numHMetrics == 0 || f.numHMetrics > f.numGlyphs {
		return nil, fmt.Errorf("%d glyphs with %d horizontal metrics", f.numGlyphs, f.numHMetrics)
	}
	if len(f.tables["hmtx"]) < 4*f.numHMetrics+2*(f.numGlyphs-f.numHMetrics) {
		return nil, errors.New("truncated hmtx table")
	}
	locaEntry := 2
	if f.longLoca {
		locaEntry = 4
	}
	if len(f.tables["loca"]) < locaEntry*(f.numGlyphs+1) {
		return nil, errors.New("truncated loca table")
	}
	f.loca, f.glyf, f.hmtx = f.tables["loca"], f.tables["glyf"], f.tables["hmtx"]
	bmp, groups, err := readCmap(f.tables["cmap"], f.numGlyphs)
	if err != nil {
		return nil, err
	}
	f.bmp, f.groups = bmp, groups
	return f, nil
}

// readCmap expands the font's Unicode format 4 subtable (Windows Unicode
// BMP preferred, else any Unicode platform one) into a table indexed by
// code point, and keeps the groups of its format 12 subtable (Windows
// Unicode full repertoire, else Unicode platform) that lie above U+FFFF. A
// font with no format 4 subtable takes its BMP map from format 12. Glyph ids
// beyond the font's glyph count map to 0.
func readCmap(cmap []byte, numGlyphs int) ([]uint16, []cmapGroup, error) {
	if len(cmap) < 4 {
		return nil, nil, errors.New("truncated cmap table")
	}
	n := int(u16(cmap[2:]))
	if len(cmap) < 4+8*n {
		return nil, nil, errors.New("truncated cmap table")
	}
	var sub, sub12 []byte
	for i := range n {
		rec := cmap[4+8*i:]
		pid, eid, off := u16(rec), u16(rec[2:]), int(u32(rec[4:]))
		if !(pid == 3 && (eid == 1 || eid == 10) || pid == 0) {
			continue
		}
		if off+4 > len(cmap) {
			continue
		}
		switch u16(cmap[off:]) {
		case 4:
			length := int(u16(cmap[off+2:]))
			if off+length > len(cmap) {
				length = len(cmap) - off
			}
			if sub == nil || pid == 3 {
				sub = cmap[off : off+length]
			}
		case 12:
			if off+16 > len(cmap) {
				continue
			}
			length := int64(u32(cmap[off+4:]))
			if int64(off)+length > int64(len(cmap)) {
				length = int64(len(cmap) - off)
			}
			if sub12 == nil || pid == 3 {
				sub12 = cmap[off : int64(off)+length]
			}
		}
	}
	if sub == nil && sub12 == nil {
		return nil, nil, errors.New("no Unicode format 4 or 12 character map")
	}
	m := make([]uint16, 0x10000)
	var groups []cmapGroup
	if sub12 != nil {
		var err error
		if groups, err = readCmap12(sub12, numGlyphs, m, sub == nil); err != nil {
			return nil, nil, err
		}
	}
	if sub == nil {
		return m, groups, nil
	}
	if len(sub) < 14 {
		return nil, nil, errors.New("truncated format 4 character map")
	}
	segs := int(u16(sub[6:])) / 2
	if len(sub) < 16+8*segs {
		return nil, nil, errors.New("truncated format 4 character map")
	}
	ends, starts := sub[14:], sub[16+2*segs:]
	deltas, ranges := sub[16+4*segs:], sub[16+6*segs:]
	next := 0 // segments are in ascending order; overlaps are skipped
	for i := range segs {
		start, end := int(u16(starts[2*i:])), int(u16(ends[2*i:]))
		from := max(start, next)
		next = max(next, end+1)
		delta, ro := u16(deltas[2*i:]), int(u16(ranges[2*i:]))
		for c := from; c <= end; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				// The glyph id lives ro bytes after the segment's own
				// idRangeOffset entry, plus two bytes per code.
				p := 16 + 6*segs + 2*i + ro + 2*(c-start)
				if p+2 > len(sub) {
					continue
				}
				if g = u16(sub[p:]); g != 0 {
					g += delta
				}
			}
			if int(g) < numGlyphs {
				m[c] = g
			}
		}
	}
	return m, groups, nil
}

// cmapGroup maps the code points lo to hi to consecutive glyphs from g.
type cmapGroup struct {
	lo, hi rune
	g      uint32
}

// readCmap12 reads a format 12 subtable: it returns its groups above
// U+FFFF, in ascending order without overlaps, and, when bmp is set, fills
// m with its mappings below U+FFFF.
func readCmap12(sub []byte, numGlyphs int, m []uint16, bmp bool) ([]cmapGroup, error) {
	if len(sub) < 16 {
		return nil, errors.New("truncated format 12 character map")
	}
	n := int64(u32(sub[12:]))
	if int64(len(sub)) < 16+12*n {
		return nil, errors.New("truncated format 12 character map")
	}
	var groups []cmapGroup
	next := rune(0x10000)
	for i := range int(n) {
		rec := sub[16+12*i:]
		lo, hi, g := int64(u32(rec)), int64(u32(rec[4:])), int64(u32(rec[8:]))
		if lo > hi || hi > unicode.MaxRune {
			continue
		}
		if bmp {
			for c := lo; c <= min(hi, 0xFFFF); c++ {
				if id := g + c - lo; id < int64(numGlyphs) {
					m[c] = uint16(id)
				}
			}
		}
		if hi < 0x10000 {
			continue
		}
		if lo < 0x10000 {
			g += 0x10000 - lo
			lo = 0x10000
		}
		if rune(lo) < next { // overlaps the previous group, or out of order
			continue
		}
		// Glyph ids past the font's glyph count map to 0.
		if last := g + hi - lo; last >= int64(numGlyphs) {
			hi -= last - int64(numGlyphs) + 1
			if hi < lo {
				continue
			}
		}
		groups = append(groups, cmapGroup{rune(lo), rune(hi), uint32(g)})
		next = rune(hi) + 1
	}
	return groups, nil
}

// GlyphIndex returns the glyph that draws r, or 0 (.notdef) when the font
// has none.
func (f *Font) GlyphIndex(r rune) uint16 {
	if r < 0 {
		return 0
	}
	if r <= 0xFFFF {
		return f.bmp[r]
	}
	i, ok := slices.BinarySearchFunc(f.groups, r, func(g cmapGroup, r rune) int {
		switch {
		case g.hi < r:
			return -1
		case g.lo > r:
			return 1
		}
		return 0
	})
	if !ok {
		return 0
	}
	g := f.groups[i]
	return uint16(g.g + uint32(r-g.lo))
}

// UnitsPerEm is the size of the em square in font units.
func (f *Font) UnitsPerEm() int { return f.unitsPerEm }

// NumGlyphs is the number of glyphs in the font.
func (f *Font) NumGlyphs() int { return f.numGlyphs }

// hmetric returns a glyph's advance width and left side bearing in font
// units. Glyphs past numberOfHMetrics share the last advance.
func (f *Font) hmetric(g uint16) (advance uint16, lsb uint16) {
	hmtx := f.hmtx
	if int(g) < f.numHMetrics {
		return u16(hmtx[4*int(g):]), u16(hmtx[4*int(g)+2:])
	}
	return u16(hmtx[4*(f.numHMetrics-1):]), u16(hmtx[4*f.numHMetrics+2*(int(g)-f.numHMetrics):])
}

// Advance returns the advance width of glyph g in font units.
func (f *Font) Advance(g uint16) int {
	if int(g) >= f.numGlyphs {
		return 0
	}
	a, _ := f.hmetric(g)
	return int(a)
}

// PDFWidth returns the advance of r in thousandths of an em, rounded the
// way the PDF library rounds the widths it lays text out and writes the
// /W array with, so that measuring with it gives the library's own line
// widths. A rune the font lacks has width 0.
func (f *Font) PDFWidth(r rune) int {
	g := f.GlyphIndex(r)
	if g == 0 {
		return 0
	}
	a := f.Advance(g)
	// The library reads advances of the first numberOfHMetrics glyphs as
	// signed.
	if int(g) < f.numHMetrics && a >= 1<<15 {
		a = 0
	}
	return int(math.Round(1000.0 / float64(f.unitsPerEm) * float64(a)))
}

// glyph returns the glyf bytes of glyph g (empty for a glyph without
// outline, such as the space).
func (f *Font) glyph(g uint16) ([]byte, error) {
	loca, glyf := f.loca, f.glyf
	var start, end int
	if f.longLoca {
		start, end = int(u32(loca[4*int(g):])), int(u32(loca[4*int(g)+4:]))
	} else {
		start, end = 2*int(u16(loca[2*int(g):])), 2*int(u16(loca[2*int(g)+2:]))
	}
	if start > end || end > len(glyf) {
		return nil, fmt.Errorf("glyph %d lies outside the glyf table", g)
	}
	if end > start && end-start < 10 {
		return nil, fmt.Errorf("glyph %d is truncated", g)
	}
	return glyf[start:end], nil
}

// Flags of a composite glyph's component record.
const (
	argsAreWords  = 0x0001
	haveScale     = 0x0008
	moreComponent = 0x0020
	haveXYScale   = 0x0040
	haveTwoByTwo  = 0x0080
)

// components returns the byte offsets, within the glyph data d, of the
// glyph index of each component of a composite glyph; none for a simple
// glyph.
func components(d []byte) ([]int, error) {
	if len(d) == 0 || int16(u16(d)) >= 0 {
		return nil, nil
	}
	var at []int
	p := 10
	for {
		if p+4 > len(d) {
			return nil, errors.New("truncated composite glyph")
		}
		flags := u16(d[p:])
		at = append(at, p+2)
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComponent == 0 {
			if p > len(d) {
				return nil, errors.New("truncated composite glyph")
			}
			return at, nil
		}
	}
}

// Subset returns a TrueType font that holds only .notdef, the glyphs the
// font maps runes to, and the components of those that are composites,
// numbered compactly in their original order, with the original outlines,
// advance widths, side bearings and hinting. Its character map (a format 4
// subtable, Windows Unicode BMP) maps exactly the runes of the set that the
// font maps. Runes the font lacks are left out; a rune above U+FFFF is an
// error, since the format cannot hold it. The same font and set of runes
// (in any order) give the same bytes.
func (f *Font) Subset(runes []rune) ([]byte, error) {
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	var maps []mapping
	for _, r := range rs {
		if r < 0 || r > 0xFFFF {
			return nil, fmt.Errorf("%U lies outside the Basic Multilingual Plane", r)
		}
		// U+FFFF ends the last segment of a format 4 map and is not a
		// character.
		if r == 0xFFFF {
			continue
		}
		if g := f.bmp[r]; g != 0 {
			maps = append(maps, mapping{uint16(r), g})
		}
	}
	return f.subset(maps)
}

// Private-use code points that SubsetPUA gives to characters above U+FFFF:
// the BMP's Private Use Area.
const (
	PUAFirst = 0xE000
	PUALast  = 0xF8FF
)

// SubsetPUA is Subset for runes that may lie above U+FFFF, which a format 4
// character map cannot hold and the PDF library cannot address. The runes
// above U+FFFF that the font maps are given the private-use code points
// from U+E000 up, in ascending order: the subset maps U+E000+i to the glyph
// of pua[i]. A caller draws U+E000+i in place of pua[i] and tells the PDF's
// text layer that it stands for pua[i]. BMP runes keep their own code
// points; one in the Private Use Area is an error, as the code point is
// taken. The same font and set give the same bytes and the same pua.
func (f *Font) SubsetPUA(runes []rune) (font []byte, pua []rune, err error) {
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	var maps []mapping
	for _, r := range rs {
		switch {
		case r < 0 || r > unicode.MaxRune:
			return nil, nil, fmt.Errorf("%U is not a character", r)
		case r >= PUAFirst && r <= PUALast:
			return nil, nil, fmt.Errorf("%U lies in the Private Use Area, kept for characters above U+FFFF", r)
		case r == 0xFFFF:
			continue
		}
		g := f.GlyphIndex(r)
		if g == 0 {
			continue
		}
		code := r
		if r > 0xFFFF {
			if len(pua) > PUALast-PUAFirst {
				return nil, nil, fmt.Errorf("more than %d characters above U+FFFF", PUALast-PUAFirst+1)
			}
			code = PUAFirst + rune(len(pua))
			pua = append(pua, r)
		}
		maps = append(maps, mapping{uint16(code), g})
	}
	slices.SortFunc(maps, func(a, b mapping) int { return int(a.code) - int(b.code) })
	font, err = f.subset(maps)
	if err != nil {
		return nil, nil, err
	}
	return font, pua, nil
}

// mapping is one entry of a subset's character map: a BMP code and the
// glyph of the full font it draws.
type mapping struct {
	code uint16
	g    uint16
}

// subset builds the subset font whose character map is maps (in ascending
// order of code).
func (f *Font) subset(maps []mapping) ([]byte, error) {
	keep := map[uint16]bool{0: true}
	for _, m := range maps {
		keep[m.g] = true
	}

	// Add the components of composite glyphs, and theirs.
	stack := make([]uint16, 0, len(keep))
	for g := range keep {
		stack = append(stack, g)
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		d, err := f.glyph(g)
		if err != nil {
			return nil, err
		}
		at, err := components(d)
		if err != nil {
			return nil, fmt.Errorf("glyph %d: %w", g, err)
		}
		for _, p := range at {
			c := u16(d[p:])
			if int(c) >= f.numGlyphs {
				return nil, fmt.Errorf("glyph %d: component %d does not exist", g, c)
			}
			if !keep[c] {
				keep[c] = true
				stack = append(stack, c)
			}
		}
	}
	old := make([]uint16, 0, len(keep))
	for g := range keep {
		old = append(old, g)
	}
	slices.Sort(old)
	newID := make(map[uint16]uint16, len(old))
	for i, g := range old {
		newID[g] = uint16(i)
	}

	// glyf, loca and hmtx, each glyph padded to four bytes.
	size := 0
	for _, g := range old {
		d, _ := f.glyph(g) // read without error above
		size += (len(d) + 3) &^ 3
	}
	glyf := make([]byte, 0, size)
	offsets := make([]int, 0, len(old)+1)
	hmtx := make([]byte, 0, 4*len(old))
	for _, g := range old {
		offsets = append(offsets, len(glyf))
		d, _ := f.glyph(g) // read without error above
		start := len(glyf)
		glyf = append(glyf, d...)
		at, _ := components(d)
		for _, p := range at {
			binary.BigEndian.PutUint16(glyf[start+p:], newID[u16(d[p:])])
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		adv, lsb := f.hmetric(g)
		hmtx = binary.BigEndian.AppendUint16(hmtx, adv)
		hmtx = binary.BigEndian.AppendUint16(hmtx, lsb)
	}
	offsets = append(offsets, len(glyf))
	longLoca := len(glyf)/2 > 0xFFFF
	var loca []byte
	for _, o := range offsets {
		if longLoca {
			loca = binary.BigEndian.AppendUint32(loca, uint32(o))
		} else {
			loca = binary.BigEndian.AppendUint16(loca, uint16(o/2))
		}
	}

	codes := make([]uint16, len(maps))
	gids := make([]uint16, len(maps))
	for i, m := range maps {
		codes[i], gids[i] = m.code, newID[m.g]
	}
	cmap, err := buildCmap(codes, gids)
	if err != nil {
		return nil, err
	}

	// head, hhea, maxp and OS/2 keep the original's values but for the
	// fields below: its bounding box and maxima still bound the subset, and
	// the PDF's font descriptor, made from them, stays what it was. name
	// is kept whole, with the copyright and licence notices.
	head := slices.Clone(f.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	locFormat := uint16(0)
	if longLoca {
		locFormat = 1
	}
	binary.BigEndian.PutUint16(head[50:], locFormat)

	hhea := slices.Clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(old)))

	maxp := slices.Clone(f.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(old)))

	// post format 3: the header alone, no glyph names.
	post := slices.Clone(f.tables["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000)

	tables := map[string][]byte{
		"cmap": cmap, "glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx,
		"loca": loca, "maxp": maxp, "name": f.tables["name"], "post": post,
	}
	if os2 := f.tables["OS/2"]; os2 != nil {
		os2 = slices.Clone(os2)
		// usFirstCharIndex and usLastCharIndex describe the subset.
		if len(os2) >= 68 {
			first, last := uint16(0xFFFF), uint16(0xFFFF)
			if len(codes) > 0 {
				first, last = codes[0], codes[len(codes)-1]
			}
			binary.BigEndian.PutUint16(os2[64:], first)
			binary.BigEndian.PutUint16(os2[66:], last)
		}
		tables["OS/2"] = os2
	}
	for _, tag := range copiedTables {
		if t := f.tables[tag]; t != nil {
			tables[tag] = t
		}
	}
	return assemble(tables), nil
}

// buildCmap writes a cmap table with one subtable, format 4 for Windows
// Unicode BMP, mapping codes[i] (ascending) to gids[i]. Each run of
// consecutive codes drawn by consecutive glyphs is one segment. When that
// would not fit in the 64 KiB a format 4 subtable can hold, runs with short
// gaps between them share a segment that lists its glyph ids.
func buildCmap(codes, gids []uint16) ([]byte, error) {
	type run struct{ lo, hi int } // indexes into codes, inclusive
	var runs []run
	for i := range codes {
		if n := len(runs); n > 0 && codes[i] == codes[i-1]+1 && gids[i] == gids[i-1]+1 {
			runs[n-1].hi = i
			continue
		}
		runs = append(runs, run{i, i})
	}
	// groups[k] is a range of runs sharing one segment.
	group := func(gap int) [][2]int {
		var gs [][2]int
		for i := range runs {
			if n := len(gs); n > 0 && gap >= 0 &&
				int(codes[runs[i].lo])-int(codes[runs[i-1].hi])-1 <= gap {
				gs[n-1][1] = i
				continue
			}
			gs = append(gs, [2]int{i, i})
		}
		return gs
	}
	size := func(gs [][2]int) int {
		n := 16 + 8*(len(gs)+1) // header, the segments and the final one
		for _, g := range gs {
			if g[0] != g[1] {
				n += 2 * (int(codes[runs[g[1]].hi]) - int(codes[runs[g[0]].lo]) + 1)
			}
		}
		return n
	}
	gs := group(-1)
	for gap := 0; size(gs) > 0xFFFF; gap = 2*gap + 1 {
		if gap > 0xFFFF {
			return nil, fmt.Errorf("%d characters do not fit in a format 4 character map", len(codes))
		}
		gs = group(gap)
	}

	segCount := len(gs) + 1
	length := size(gs)
	sub := make([]byte, 0, length)
	sub = binary.BigEndian.AppendUint16(sub, 4)
	sub = binary.BigEndian.AppendUint16(sub, uint16(length))
	sub = binary.BigEndian.AppendUint16(sub, 0) // language
	sub = binary.BigEndian.AppendUint16(sub, uint16(2*segCount))
	pow := 1
	sel := 0
	for pow*2 <= segCount {
		pow *= 2
		sel++
	}
	sub = binary.BigEndian.AppendUint16(sub, uint16(2*pow))
	sub = binary.BigEndian.AppendUint16(sub, uint16(sel))
	sub = binary.BigEndian.AppendUint16(sub, uint16(2*segCount-2*pow))
	first := func(g [2]int) uint16 { return codes[runs[g[0]].lo] }
	last := func(g [2]int) uint16 { return codes[runs[g[1]].hi] }
	for _, g := range gs {
		sub = binary.BigEndian.AppendUint16(sub, last(g))
	}
	sub = binary.BigEndian.AppendUint16(sub, 0xFFFF)
	sub = binary.BigEndian.AppendUint16(sub, 0) // reservedPad
	for _, g := range gs {
		sub = binary.BigEndian.AppendUint16(sub, first(g))
	}
	sub = binary.BigEndian.AppendUint16(sub, 0xFFFF)
	for _, g := range gs {
		delta := uint16(0) // glyph ids listed in the array
		if g[0] == g[1] {
			delta = gids[runs[g[0]].lo] - codes[runs[g[0]].lo]
		}
		sub = binary.BigEndian.AppendUint16(sub, delta)
	}
	sub = binary.BigEndian.AppendUint16(sub, 1) // 0xFFFF + 1 = glyph 0
	// idRangeOffset: bytes from the entry itself to the segment's first
	// glyph id in glyphIdArray, which follows the last entry.
	var ids []uint16
	for k, g := range gs {
		if g[0] == g[1] {
			sub = binary.BigEndian.AppendUint16(sub, 0)
			continue
		}
		sub = binary.BigEndian.AppendUint16(sub, uint16(2*(segCount-k)+2*len(ids)))
		next := runs[g[0]].lo
		for c := int(first(g)); c <= int(last(g)); c++ {
			id := uint16(0)
			if int(codes[next]) == c {
				id = gids[next]
				next++
			}
			ids = append(ids, id)
		}
	}
	sub = binary.BigEndian.AppendUint16(sub, 0)
	for _, id := range ids {
		sub = binary.BigEndian.AppendUint16(sub, id)
	}

	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(cmap, sub...), nil
}

// assemble writes an sfnt file: the table directory in tag order, each
// table four-byte aligned with its checksum, and head's checkSumAdjustment
// making the whole file sum to 0xB1B0AFBA.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for tag, t := range tables {
		tags = append(tags, tag)
		size += (len(t) + 3) &^ 3
	}
	slices.Sort(tags)
	n := len(tags)
	pow, sel := 1, 0
	for pow*2 <= n {
		pow *= 2
		sel++
	}
	out := make([]byte, 0, size)
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(16*pow))
	out = binary.BigEndian.AppendUint16(out, uint16(sel))
	out = binary.BigEndian.AppendUint16(out, uint16(16*n-16*pow))
	off := 12 + 16*n
	headAt := 0
	for _, tag := range tags {
		t := tables[tag]
		if tag == "head" {
			headAt = off
		}
		out = append(out, tag...)
		out = binary.BigEndian.AppendUint32(out, checksum(t))
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		out = binary.BigEndian.AppendUint32(out, uint32(len(t)))
		off += (len(t) + 3) &^ 3
	}
	for _, tag := range tags {
		out = append(out, tables[tag]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the sum of the big-endian 32-bit words of b, zero-padded.
func checksum(b []byte) uint32 {
	var s uint32
	for len(b) >= 4 {
		s += u32(b)
		b = b[4:]
	}
	var last [4]byte
	copy(last[:], b)
	return s + u32(last[:])
}

func u16(b []byte) uint16 { return binary.BigEndian.Uint16(b) }
func u32(b []byte) uint32 { return binary.BigEndian.Uint32(b) }

// parsedFace holds an embedded face, parsed on first use.
type parsedFace struct {
	data []byte
	once sync.Once
	font *Font
	err  error
}

type faceKey struct {
	family string
	bold   bool
}

var parsedFaces = func() map[faceKey]*parsedFace {
	m := map[faceKey]*parsedFace{}
	for _, f := range append(All(), Fallback()) {
		m[faceKey{f.Family, f.Bold}] = &parsedFace{data: f.Data}
	}
	return m
}()

// Font returns the face parsed for measuring and subsetting. Each embedded
// face is parsed once per process, when first needed.
func (f Face) Font() (*Font, error) {
	p := parsedFaces[faceKey{f.Family, f.Bold}]
	if p == nil || len(f.Data) == 0 || len(p.data) != len(f.Data) || &p.data[0] != &f.Data[0] {
		return ParseFont(f.Data) // not an embedded face
	}
	p.once.Do(func() {
		p.font, p.err = ParseFont(p.data)
		if p.err != nil {
			p.err = fmt.Errorf("font %s: %w", f.Family, p.err)
		}
	})
	return p.font, p.err
}
