package fonts

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// parsedFont returns the i-th embedded face (All order) both ways: as our
// Font and as x/image/font/sfnt reads it.
func parsedFont(t testing.TB, i int) (Face, *Font, *sfnt.Font) {
	t.Helper()
	face := All()[i]
	f, err := face.Font()
	if err != nil {
		t.Fatal(err)
	}
	s, err := sfnt.Parse(face.Data)
	if err != nil {
		t.Fatal(err)
	}
	return face, f, s
}

func faceName(f Face) string {
	if f.Bold {
		return f.Family + "-bold"
	}
	return f.Family
}

// mapped returns every BMP rune the font maps to a glyph, read with sfnt.
func mapped(t testing.TB, s *sfnt.Font) []rune {
	t.Helper()
	var buf sfnt.Buffer
	var rs []rune
	for r := rune(0); r < 0xFFFF; r++ {
		g, err := s.GlyphIndex(&buf, r)
		if err != nil {
			t.Fatal(err)
		}
		if g != 0 {
			rs = append(rs, r)
		}
	}
	return rs
}

// checkFile verifies the sfnt structure of a subset: directory header,
// tables sorted, aligned and inside the file, each table's checksum, and
// the whole file summing to 0xB1B0AFBA.
func checkFile(t *testing.T, b []byte) {
	t.Helper()
	if len(b)%4 != 0 || len(b) < 12 {
		t.Fatalf("file length %d", len(b))
	}
	if v := binary.BigEndian.Uint32(b); v != 0x00010000 {
		t.Errorf("sfnt version %#x", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	sr, es, rs := binary.BigEndian.Uint16(b[6:]), binary.BigEndian.Uint16(b[8:]), binary.BigEndian.Uint16(b[10:])
	pow := 1
	for pow*2 <= n {
		pow *= 2
	}
	if int(sr) != 16*pow || 1<<es != pow || int(rs) != 16*n-16*pow {
		t.Errorf("searchRange %d entrySelector %d rangeShift %d for %d tables", sr, es, rs, n)
	}
	prev := ""
	for i := range n {
		rec := b[12+16*i:]
		tag := string(rec[:4])
		sum, off, length := binary.BigEndian.Uint32(rec[4:]), int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if tag <= prev {
			t.Errorf("table %q after %q", tag, prev)
		}
		prev = tag
		if off%4 != 0 || off+length > len(b) {
			t.Errorf("table %q at %d, %d bytes, in a file of %d", tag, off, length, len(b))
			continue
		}
		data := slices.Clone(b[off : off+length])
		if tag == "head" {
			binary.BigEndian.PutUint32(data[8:], 0)
		}
		if got := checksum(data); got != sum {
			t.Errorf("table %q checksum %#x, directory says %#x", tag, got, sum)
		}
	}
	if s := checksum(b); s != 0xB1B0AFBA {
		t.Errorf("file checksum %#x, want 0xB1B0AFBA", s)
	}
}

// compareGlyphs checks that every rune of rs draws the same outline with
// the same advance in the subset as in the original, and that the subset
// maps no rune outside rs.
func compareGlyphs(t *testing.T, orig *sfnt.Font, sub []byte, rs []rune, others []rune) *sfnt.Font {
	t.Helper()
	s, err := sfnt.Parse(sub)
	if err != nil {
		t.Fatalf("sfnt cannot parse the subset: %v", err)
	}
	if s.UnitsPerEm() != orig.UnitsPerEm() {
		t.Errorf("unitsPerEm %d, want %d", s.UnitsPerEm(), orig.UnitsPerEm())
	}
	ppem := fixed.I(int(orig.UnitsPerEm()))
	var bo, bs sfnt.Buffer
	for _, r := range rs {
		og, _ := orig.GlyphIndex(&bo, r)
		sg, err := s.GlyphIndex(&bs, r)
		if err != nil {
			t.Fatal(err)
		}
		if og == 0 {
			if sg != 0 {
				t.Errorf("%U: not in the font but glyph %d in the subset", r, sg)
			}
			continue
		}
		if sg == 0 {
			t.Errorf("%U: glyph %d in the font, none in the subset", r, og)
			continue
		}
		oa, err1 := orig.GlyphAdvance(&bo, og, ppem, font.HintingNone)
		sa, err2 := s.GlyphAdvance(&bs, sg, ppem, font.HintingNone)
		if err1 != nil || err2 != nil || oa != sa {
			t.Errorf("%U: advance %v in the subset, %v in the font (%v, %v)", r, sa, oa, err2, err1)
		}
		oseg, err1 := orig.LoadGlyph(&bo, og, ppem, nil)
		sseg, err2 := s.LoadGlyph(&bs, sg, ppem, nil)
		if err1 != nil || err2 != nil {
			t.Errorf("%U: loading the glyph: %v, %v", r, err1, err2)
			continue
		}
		if !slices.Equal(oseg, sseg) {
			t.Errorf("%U: outline of %d segments in the subset, %d in the font, or different points", r, len(sseg), len(oseg))
		}
	}
	in := map[rune]bool{}
	for _, r := range rs {
		in[r] = true
	}
	for _, r := range others {
		if in[r] {
			continue
		}
		if g, _ := s.GlyphIndex(&bs, r); g != 0 {
			t.Errorf("%U is outside the set but maps to glyph %d", r, g)
		}
	}
	return s
}

func TestSubsetKeepsGlyphs(t *testing.T) {
	tests := []struct {
		face int // index in All()
		text string
	}{
		{0, "关于请求提供刑事司法协助的函 Request for Mutual Legal Assistance, No. 17/2024 (USD 1,850,000) — «Noël»"},
		{1, "Ÿ ☐ ǖ Lǚ é \u202F ‰ ﬁ"},
		{2, "中华人民共和国最高人民检察院 Supreme People's Procuratorate 第 12 页 共 14 页"},
		{3, "Ÿ ☐ ǖ Lǚ é \u202F"},
		{0, ""},
		{0, " "},
	}
	for _, tt := range tests {
		face, f, orig := parsedFont(t, tt.face)
		t.Run(faceName(face)+"/"+tt.text, func(t *testing.T) {
			rs := []rune(tt.text)
			sub, err := f.Subset(rs)
			if err != nil {
				t.Fatal(err)
			}
			checkFile(t, sub)
			s := compareGlyphs(t, orig, sub, rs, mapped(t, orig))
			if face.Family == "noto" {
				// No composite glyph: .notdef and one glyph per
				// distinct mapped glyph.
				gs := map[uint16]bool{0: true}
				for _, r := range rs {
					gs[f.GlyphIndex(r)] = true
				}
				if s.NumGlyphs() != len(gs) {
					t.Errorf("%d glyphs in the subset, want %d", s.NumGlyphs(), len(gs))
				}
			}
			if len(sub) > 64<<10 {
				t.Errorf("subset of %d runes is %d bytes", len(rs), len(sub))
			}
		})
	}
}

// TestSubsetComposite: DejaVu draws é and ǖ (pinyin) as composite glyphs,
// ǖ from the composite ü and a macron. The subset must bring every
// component along, renumbered, and draw the same outlines.
func TestSubsetComposite(t *testing.T) {
	_, f, orig := parsedFont(t, 1) // DejaVu Sans
	for _, tt := range []struct {
		r      rune
		nested bool
	}{{'é', false}, {'ǖ', true}, {'Ÿ', false}} {
		g := f.GlyphIndex(tt.r)
		d, err := f.glyph(g)
		if err != nil {
			t.Fatal(err)
		}
		at, err := components(d)
		if err != nil || len(at) < 2 {
			t.Fatalf("%c: glyph %d has components %v (%v); the test needs a composite", tt.r, g, at, err)
		}
		nested := false
		for _, p := range at {
			cd, _ := f.glyph(u16(d[p:]))
			if c, _ := components(cd); len(c) > 0 {
				nested = true
			}
		}
		if nested != tt.nested {
			t.Fatalf("%c: nested composite %v, the test expects %v", tt.r, nested, tt.nested)
		}

		sub, err := f.Subset([]rune{tt.r})
		if err != nil {
			t.Fatal(err)
		}
		checkFile(t, sub)
		s := compareGlyphs(t, orig, sub, []rune{tt.r}, nil)
		if s.NumGlyphs() < 4 {
			t.Errorf("%c: %d glyphs in the subset; .notdef, the glyph and its components make at least 4", tt.r, s.NumGlyphs())
		}
		// Every component index points inside the subset.
		p, err := ParseFont(sub)
		if err != nil {
			t.Fatal(err)
		}
		for gid := range p.NumGlyphs() {
			d, err := p.glyph(uint16(gid))
			if err != nil {
				t.Fatal(err)
			}
			at, _ := components(d)
			for _, o := range at {
				if c := int(u16(d[o:])); c >= p.NumGlyphs() || c == gid {
					t.Errorf("%c: glyph %d has component %d of %d glyphs", tt.r, gid, c, p.NumGlyphs())
				}
			}
		}
	}
}

// TestSubsetRandomSets subsets many random sets of the runes each face
// maps and checks each subset completely.
func TestSubsetRandomSets(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 2024))
	for i := range All() {
		face, f, orig := parsedFont(t, i)
		all := mapped(t, orig)
		for k := range 12 {
			n := rng.IntN(600)
			if k == 0 {
				n = 1
			}
			rs := make([]rune, n)
			for j := range rs {
				rs[j] = all[rng.IntN(len(all))]
			}
			// Some runes the font lacks are left out silently.
			rs = append(rs, '\uE000', '\uFFFF')
			sample := make([]rune, 300)
			for j := range sample {
				sample[j] = all[rng.IntN(len(all))]
			}
			sub, err := f.Subset(rs)
			if err != nil {
				t.Fatalf("%s set %d: %v", faceName(face), k, err)
			}
			checkFile(t, sub)
			compareGlyphs(t, orig, sub, rs, sample)
		}
	}
}

// TestSubsetManyCharacters: every other ideograph of Noto Sans SC (over
// 10,000 characters, no two adjacent) is too many one-character segments
// for a format 4 map; the map must list glyph ids instead, and still map
// every character, as sfnt, our reader and fpdf read it.
func TestSubsetManyCharacters(t *testing.T) {
	_, f, orig := parsedFont(t, 0)
	var rs []rune
	for r := rune(0x4E00); r <= 0x9FFF; r += 2 {
		if f.GlyphIndex(r) != 0 {
			rs = append(rs, r)
		}
	}
	if len(rs) < 9000 {
		t.Fatalf("only %d ideographs", len(rs))
	}
	sub, err := f.Subset(rs)
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, sub)
	s := compareGlyphs(t, orig, sub, rs, []rune{0x4E01, 0x4E03, 0x9FA5, 'A'})
	p, err := ParseFont(sub)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, r := range rs {
		g, _ := s.GlyphIndex(&buf, r)
		if got := p.GlyphIndex(r); got != uint16(g) || got == 0 {
			t.Fatalf("%U: glyph %d by our reader, %d by sfnt", r, got, g)
		}
	}
	loadFpdf(t, sub, rs, f)
}

// loadFpdf loads a subset into fpdf, checks that it says nothing and
// reports no error, and that it measures every rune of rs as the full
// font does.
func loadFpdf(t *testing.T, sub []byte, rs []rune, full *Font) *fpdf.Fpdf {
	t.Helper()
	var p *fpdf.Fpdf
	out := captureStdout(t, func() {
		p = fpdf.New("P", "mm", "A4", "")
		p.AddUTF8FontFromBytes("sub", "", sub)
		p.SetFont("sub", "", 12)
	})
	if out != "" {
		t.Errorf("fpdf printed %q", out)
	}
	if p.Err() {
		t.Fatalf("fpdf: %v", p.Error())
	}
	for _, r := range rs {
		if got, want := p.GetStringSymbolWidth(string(r)), full.PDFWidth(r); got != want {
			t.Errorf("%U: fpdf width %d in the subset, %d in the full font", r, got, want)
		}
	}
	return p
}

// captureStdout runs fn and returns what it wrote to standard output:
// fpdf reports a font it cannot read there and nowhere else.
func captureStdout(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(r)
		done <- b
	}()
	defer func() {
		os.Stdout = old
	}()
	fn()
	w.Close()
	os.Stdout = old
	return string(<-done)
}

// TestSubsetInPDF: fpdf loads each face's subset, lays a line out with the
// full font's widths, and poppler reads the text back exactly.
func TestSubsetInPDF(t *testing.T) {
	texts := []string{
		"关于请求提供刑事司法协助的函 No. 17",
		"Ÿ ǖ Lǚ é « Noël » ☐",
		"第 12 页 共 14 页 Page 12 of 14",
		"Ÿ ǖ é ☐ ‰",
	}
	for i, text := range texts {
		face, f, _ := parsedFont(t, i)
		t.Run(faceName(face), func(t *testing.T) {
			rs := []rune(text)
			sub, err := f.Subset(rs)
			if err != nil {
				t.Fatal(err)
			}
			p := loadFpdf(t, sub, rs, f)
			p.AddPage()
			p.Text(20, 30, text)
			var buf bytes.Buffer
			if err := p.Output(&buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "out.pdf")
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := exec.Command(pdfTool(t, "pdftotext"), "-raw", "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.TrimRight(string(got), "\n\f"); s != text {
				t.Errorf("pdftotext read %q, want %q", s, text)
			}
			fonts, err := exec.Command(pdfTool(t, "pdffonts"), path).CombinedOutput()
			if err != nil || strings.Contains(string(fonts), "Syntax Error") {
				t.Errorf("pdffonts: %v\n%s", err, fonts)
			}
		})
	}
}

// pdfTool returns the path of a poppler tool; missing, it skips the test
// on a developer's machine and fails it in CI.
func pdfTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI (poppler-utils): %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return p
}

// TestPDFWidthMatchesFpdf: for every character of every face, the width
// the renderer lays out with is the width fpdf finds in the full font, so
// lines break where they did before fonts were subset.
func TestPDFWidthMatchesFpdf(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the full fonts into fpdf")
	}
	for i := range All() {
		face, f, orig := parsedFont(t, i)
		p := fpdf.New("P", "mm", "A4", "")
		p.AddUTF8FontFromBytes("full", "", face.Data)
		p.SetFont("full", "", 10)
		if p.Err() {
			t.Fatal(p.Error())
		}
		n := 0
		for _, r := range mapped(t, orig) {
			if got, want := f.PDFWidth(r), p.GetStringSymbolWidth(string(r)); got != want {
				if n++; n <= 10 {
					t.Errorf("%s %U: PDFWidth %d, fpdf %d", faceName(face), r, got, want)
				}
			}
		}
	}
}

func TestSubsetDeterministic(t *testing.T) {
	_, f, _ := parsedFont(t, 1)
	a, err := f.Subset([]rune("Lǚ é 中 ☐ abc"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.Subset([]rune("☐☐ cbaé 中ǚL   "))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same set of runes in another order gives other bytes")
	}
	c, _ := f.Subset([]rune("Lǚ é 中 ☐ abd"))
	if bytes.Equal(a, c) {
		t.Error("another set gives the same bytes")
	}
}

// TestBuildCmap reads maps back with sfnt, including the forms with glyph
// id arrays.
func TestBuildCmap(t *testing.T) {
	seq := func(from, n, step int, gid0 int) ([]uint16, []uint16) {
		var cs, gs []uint16
		for i := range n {
			cs = append(cs, uint16(from+i*step))
			gs = append(gs, uint16(gid0+i))
		}
		return cs, gs
	}
	type tc struct {
		name        string
		codes, gids []uint16
		arrays      bool // some segment lists glyph ids
	}
	var tests []tc
	tests = append(tests, tc{name: "empty"})
	tests = append(tests, tc{name: "one", codes: []uint16{'A'}, gids: []uint16{1}})
	c, g := seq(0x20, 95, 1, 1)
	tests = append(tests, tc{name: "run", codes: c, gids: g})
	tests = append(tests, tc{name: "descending glyphs", codes: []uint16{'a', 'b', 'c'}, gids: []uint16{3, 2, 1}})
	tests = append(tests, tc{name: "top of the BMP", codes: []uint16{0xFFFC, 0xFFFD, 0xFFFE}, gids: []uint16{1, 2, 3}})
	tests = append(tests, tc{name: "glyph below code", codes: []uint16{0x9FFF}, gids: []uint16{2}})
	c, g = seq(0x100, 9000, 2, 1)
	tests = append(tests, tc{name: "too many segments", codes: c, gids: g, arrays: true})
	c, g = seq(0x100, 10000, 3, 1)
	tests = append(tests, tc{name: "far too many segments", codes: c, gids: g, arrays: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmap, err := buildCmap(tt.codes, tt.gids)
			if err != nil {
				t.Fatal(err)
			}
			sub := cmap[12:]
			if l := int(binary.BigEndian.Uint16(sub[2:])); l != len(sub) {
				t.Errorf("length field %d, subtable %d bytes", l, len(sub))
			}
			segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
			arrays := false
			for i := range segs {
				if binary.BigEndian.Uint16(sub[16+6*segs+2*i:]) != 0 {
					arrays = true
				}
			}
			if arrays != tt.arrays {
				t.Errorf("glyph id arrays used: %v, want %v", arrays, tt.arrays)
			}
			m, _, err := readCmap(cmap, 1<<16)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]uint16, 1<<16)
			for i, c := range tt.codes {
				want[c] = tt.gids[i]
			}
			if !slices.Equal(m, want) {
				for c := range want {
					if m[c] != want[c] {
						t.Fatalf("%U maps to %d, want %d", c, m[c], want[c])
					}
				}
			}
		})
	}
	// Every BMP code but one, alternating glyphs: cannot be written.
	var cs, gs []uint16
	for c := range 0xFFFF {
		cs = append(cs, uint16(c))
		gs = append(gs, uint16(1+c%2*2))
	}
	if _, err := buildCmap(cs, gs); err == nil {
		t.Error("a map of 65,535 unrelated segments was written")
	}
}

func TestSubsetRejects(t *testing.T) {
	_, f, _ := parsedFont(t, 0)
	if _, err := f.Subset([]rune("a𠮷")); err == nil || !strings.Contains(err.Error(), "U+20BB7") {
		t.Errorf("rune above the BMP: error %v", err)
	}
	good, err := f.Subset([]rune("中A"))
	if err != nil {
		t.Fatal(err)
	}
	// table returns the offset of a table's record in the directory.
	record := func(b []byte, tag string) int {
		for i := range int(binary.BigEndian.Uint16(b[4:])) {
			if string(b[12+16*i:16+16*i]) == tag {
				return 12 + 16*i
			}
		}
		t.Fatalf("no %q", tag)
		return 0
	}
	tableAt := func(b []byte, tag string) int {
		return int(binary.BigEndian.Uint32(b[record(b, tag)+8:]))
	}
	tests := []struct {
		name  string
		edit  func(b []byte) []byte
		error string
	}{
		{"CFF", func(b []byte) []byte { return append([]byte("OTTO"), b[4:]...) }, "not a TrueType"},
		{"short", func(b []byte) []byte { return b[:3] }, "too short"},
		{"truncated directory", func(b []byte) []byte { return b[:40] }, "truncated table directory"},
		{"table outside", func(b []byte) []byte { return b[:len(b)/2] }, "outside the file"},
		{"no glyf", func(b []byte) []byte { copy(b[record(b, "glyf"):], "glyF"); return b }, `no "glyf" table`},
		{"loca format", func(b []byte) []byte { b[tableAt(b, "head")+51] = 7; return b }, "indexToLocFormat 7"},
		{"no glyphs", func(b []byte) []byte {
			binary.BigEndian.PutUint16(b[tableAt(b, "maxp")+4:], 0)
			return b
		}, "0 glyphs"},
		{"no format 4 map", func(b []byte) []byte { b[tableAt(b, "cmap")+13] = 6; return b }, "no Unicode format 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFont(tt.edit(slices.Clone(good)))
			if err == nil || !strings.Contains(err.Error(), tt.error) {
				t.Errorf("error %v, want one containing %q", err, tt.error)
			}
		})
	}
	// A glyph pointing past the glyf table is reported, not read.
	b := slices.Clone(good)
	loca := tableAt(b, "loca")
	binary.BigEndian.PutUint16(b[loca+4:], 0xFFF0) // glyph 1 ends far away (short loca)
	p, err := ParseFont(b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Subset([]rune("中A")); err == nil || !strings.Contains(err.Error(), "outside the glyf table") {
		t.Errorf("broken loca: error %v", err)
	}
}

func TestFaceFontCached(t *testing.T) {
	face := Chain(true)[0]
	a, err := face.Font()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := face.Font()
	if a != b {
		t.Error("the embedded face is parsed twice")
	}
	other := Face{Family: face.Family, Bold: true, Data: Chain(true)[1].Data}
	c, err := other.Font()
	if err != nil {
		t.Fatal(err)
	}
	if c == a || c.NumGlyphs() == a.NumGlyphs() {
		t.Error("a face with other bytes under the same name got the embedded face's font")
	}
}

// FuzzSubset: a damaged font is refused with an error, never a panic, and
// what is accepted subsets into a font that parses again.
func FuzzSubset(f *testing.F) {
	dv, err := Chain(false)[1].Font()
	if err != nil {
		f.Fatal(err)
	}
	seed, err := dv.Subset([]rune("Aé ǖ中"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseFont(b)
		if err != nil {
			return
		}
		sub, err := p.Subset([]rune("Aé ǖ中"))
		if err != nil {
			return
		}
		if _, err := ParseFont(sub); err != nil {
			t.Errorf("subset of an accepted font does not parse: %v", err)
		}
	})
}

// BenchmarkParseFont reads Noto Sans SC (30,898 glyphs), as each process
// does once per face it draws with.
func BenchmarkParseFont(b *testing.B) {
	data := Chain(false)[0].Data
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFont(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubset subsets Noto Sans SC to 800 characters, about what a
// long bilingual letter draws.
func BenchmarkSubset(b *testing.B) {
	_, f, s := parsedFont(b, 0)
	all := mapped(b, s)
	rng := rand.New(rand.NewPCG(1, 1))
	rs := make([]rune, 800)
	for i := range rs {
		rs[i] = all[rng.IntN(len(all))]
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Subset(rs); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSubsetPUA: the characters above U+FFFF of a subset of the fallback
// face draw, at U+E000 up, the outlines and advances they have at their own
// code points in the full face.
func TestSubsetPUA(t *testing.T) {
	face := Fallback()
	f, err := face.Font()
	if err != nil {
		t.Fatal(err)
	}
	orig, err := sfnt.Parse(face.Data)
	if err != nil {
		t.Fatal(err)
	}
	// Out of order, repeated, and one the face lacks.
	in := []rune("𨭉𠀀\U0002FFF0𡒄𠀀")
	sub, pua, err := f.SubsetPUA(in)
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, sub)
	if want := []rune("𠀀𡒄𨭉"); !slices.Equal(pua, want) {
		t.Fatalf("pua = %q, want %q", string(pua), string(want))
	}
	s, err := sfnt.Parse(sub)
	if err != nil {
		t.Fatalf("sfnt cannot parse the subset: %v", err)
	}
	ppem := fixed.I(int(orig.UnitsPerEm()))
	var bo, bs sfnt.Buffer
	for i, r := range pua {
		og, _ := orig.GlyphIndex(&bo, r)
		sg, _ := s.GlyphIndex(&bs, PUAFirst+rune(i))
		if og == 0 || sg == 0 {
			t.Fatalf("%U: glyph %d in the face, %d at %U in the subset", r, og, sg, PUAFirst+rune(i))
		}
		if g := f.GlyphIndex(r); g != uint16(og) {
			t.Errorf("%U: our cmap reads glyph %d, sfnt %d", r, g, og)
		}
		oseg, err1 := orig.LoadGlyph(&bo, og, ppem, nil)
		sseg, err2 := s.LoadGlyph(&bs, sg, ppem, nil)
		if err1 != nil || err2 != nil || len(oseg) == 0 || !slices.Equal(oseg, sseg) {
			t.Errorf("%U: outline differs in the subset (%v, %v)", r, err1, err2)
		}
		oa, _ := orig.GlyphAdvance(&bo, og, ppem, font.HintingNone)
		sa, _ := s.GlyphAdvance(&bs, sg, ppem, font.HintingNone)
		if oa != sa {
			t.Errorf("%U: advance %v in the subset, %v in the face", r, sa, oa)
		}
	}
	if g, _ := s.GlyphIndex(&bs, PUAFirst+3); g != 0 {
		t.Errorf("U+E003 maps to glyph %d; only three characters were kept", g)
	}
	// The subset is a BMP font the PDF library loads.
	if _, err := ParseFont(sub); err != nil {
		t.Errorf("the subset does not parse again: %v", err)
	}
	again, pua2, _ := f.SubsetPUA([]rune("𡒄𨭉𠀀"))
	if !bytes.Equal(again, sub) || !slices.Equal(pua, pua2) {
		t.Error("the same set gave other bytes")
	}
	if _, _, err := f.SubsetPUA([]rune("𠀀\uE000")); err == nil || !strings.Contains(err.Error(), "U+E000") {
		t.Errorf("a private-use rune: error %v", err)
	}
}

// TestCmapFormat12 reads a hand-made format 12 subtable: groups above the
// BMP are kept and searched, the BMP part fills the BMP map only when no
// format 4 subtable exists, and glyph ids past the font's count map to 0.
func TestCmapFormat12(t *testing.T) {
	groups := [][3]uint32{{0x41, 0x42, 5}, {0xFFFE, 0x10001, 10}, {0x20000, 0x20002, 20}, {0x20001, 0x20005, 30}, {0x30000, 0x30010, 95}}
	sub := binary.BigEndian.AppendUint16(nil, 12)
	sub = binary.BigEndian.AppendUint16(sub, 0)
	sub = binary.BigEndian.AppendUint32(sub, uint32(16+12*len(groups)))
	sub = binary.BigEndian.AppendUint32(sub, 0)
	sub = binary.BigEndian.AppendUint32(sub, uint32(len(groups)))
	for _, g := range groups {
		for _, v := range g {
			sub = binary.BigEndian.AppendUint32(sub, v)
		}
	}
	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12}
	cmap = append(cmap, sub...)
	m, gs, err := readCmap(cmap, 100)
	if err != nil {
		t.Fatal(err)
	}
	f := &Font{bmp: m, groups: gs}
	for _, tt := range []struct {
		r    rune
		want uint16
	}{
		{0x41, 5}, {0x42, 6}, {0x43, 0}, {0xFFFE, 10}, {0x10000, 12}, {0x10001, 13},
		{0x20000, 20}, {0x20002, 22}, {0x20003, 0}, // the overlapping group is skipped
		{0x30000, 95}, {0x30004, 99}, {0x30005, 0}, // past the glyph count
		{0x1FFFF, 0}, {-1, 0},
	} {
		if got := f.GlyphIndex(tt.r); got != tt.want {
			t.Errorf("GlyphIndex(%U) = %d, want %d", tt.r, got, tt.want)
		}
	}
	if _, _, err := readCmap(cmap[:len(cmap)-5], 100); err == nil {
		t.Error("a truncated format 12 subtable was read")
	}
}
