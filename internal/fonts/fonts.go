// Package fonts embeds the fonts that mla draws with and answers which
// characters they can draw.
//
// The chain is Noto Sans SC (TrueType, OFL-1.1) first, then DejaVu Sans
// (Bitstream Vera licence) for the few Latin and symbol glyphs Noto Sans SC
// lacks. Characters above U+FFFF, which neither has (CJK extensions B to F,
// common in personal and place names), are drawn with the fallback face,
// Hanazono Mincho B (OFL-1.1), in both weights. That face is 30 MB: it is
// parsed only when a text holds a character above U+FFFF. A rune that no
// face has must be reported before rendering: drawn, it would be a blank
// box or a crash.
package fonts

import (
	_ "embed"
	"fmt"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

var (
	//go:embed NotoSansSC_400Regular.ttf
	notoRegular []byte
	//go:embed NotoSansSC_700Bold.ttf
	notoBold []byte
	//go:embed DejaVuSans.ttf
	dejavuRegular []byte
	//go:embed DejaVuSans-Bold.ttf
	dejavuBold []byte
	//go:embed HanaMinB.ttf
	hanazonoB []byte
)

// Face is one font of the chain.
type Face struct {
	// Family is the name the PDF renderer registers the font under.
	Family string
	Bold   bool
	Data   []byte
}

// Chain returns the faces that draw the Basic Multilingual Plane, in
// fallback order for a weight: the first face that has a glyph for a rune
// draws it.
func Chain(bold bool) []Face {
	if bold {
		return []Face{{"noto", true, notoBold}, {"dejavu", true, dejavuBold}}
	}
	return []Face{{"noto", false, notoRegular}, {"dejavu", false, dejavuRegular}}
}

// All returns every face of the chains (not the fallback face).
func All() []Face { return append(Chain(false), Chain(true)...) }

// FallbackIndex is what FaceFor returns for a rune that only the fallback
// face draws.
const FallbackIndex = 2

// Fallback returns the face that draws characters above U+FFFF, in both
// weights. The PDF library reads only a font's BMP character map, so a
// renderer gives each such character a private-use code point in the
// subset it embeds (Font.SubsetPUA) and maps it back in the text layer.
func Fallback() Face { return Face{"hanazono", false, hanazonoB} }

type parsed struct {
	fonts [2][]*sfnt.Font // [regular, bold] in chain order
	err   error
}

var (
	once  sync.Once
	cache parsed
	// covered memoises FaceFor per rune and weight; a case has few distinct runes.
	covered sync.Map // key: runeKey -> int (face index, -1 if none)
)

type runeKey struct {
	r    rune
	bold bool
}

func load() parsed {
	once.Do(func() {
		for w, bold := range []bool{false, true} {
			for _, f := range Chain(bold) {
				if err := checkMagic(f.Data); err != nil {
					cache.err = fmt.Errorf("font %s: %w", f.Family, err)
					return
				}
				p, err := sfnt.Parse(f.Data)
				if err != nil {
					cache.err = fmt.Errorf("font %s: %w", f.Family, err)
					return
				}
				cache.fonts[w] = append(cache.fonts[w], p)
			}
		}
	})
	return cache
}

// checkMagic accepts only TrueType outlines in a single font file: the PDF
// library refuses CFF ("OTTO") and collections ("ttcf"), and says so only on
// standard output.
func checkMagic(b []byte) error {
	if len(b) < 4 {
		return fmt.Errorf("file too short")
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
		return nil
	}
	return fmt.Errorf("not a TrueType font (magic %q)", b[:4])
}

// Err reports whether the embedded fonts could be parsed.
func Err() error { return load().err }

// FaceFor returns the index in Chain(bold) of the first face that draws r,
// FallbackIndex when r is above U+FFFF and the fallback face draws it, or
// -1 when no face does.
func FaceFor(r rune, bold bool) int {
	if r > 0xFFFF {
		if r > unicode.MaxRune {
			return -1
		}
		if f, err := Fallback().Font(); err == nil && f.GlyphIndex(r) != 0 {
			return FallbackIndex
		}
		return -1
	}
	k := runeKey{r, bold}
	if v, ok := covered.Load(k); ok {
		return v.(int)
	}
	p := load()
	idx := -1
	if p.err == nil {
		w := 0
		if bold {
			w = 1
		}
		var buf sfnt.Buffer
		for i, f := range p.fonts[w] {
			g, err := f.GlyphIndex(&buf, r)
			if err == nil && g != 0 {
				idx = i
				break
			}
		}
	}
	covered.Store(k, idx)
	return idx
}

// Problem is a character that cannot be drawn.
type Problem struct {
	Rune rune
	// Offset is the byte offset of the rune in the checked string.
	Offset int
	// AboveBMP is set for runes above U+FFFF (which only the fallback face
	// could draw).
	AboveBMP bool
}

// Drawable reports whether a rune can be drawn in both weights. Line breaks
// and tabs count as drawable: the renderers lay them out, never draw them.
func Drawable(r rune) bool {
	switch r {
	case '\n', '\r', '\t':
		return true
	}
	return FaceFor(r, false) >= 0 && FaceFor(r, true) >= 0
}

// Check returns the characters of s that no font of the chain can draw,
// each distinct rune once, in order of first appearance.
func Check(s string) []Problem {
	var out []Problem
	var seen map[rune]bool
	for i, r := range s {
		if r < 0x80 && r >= 0x20 { // printable ASCII: Noto Sans SC has all of it
			continue
		}
		if Drawable(r) {
			continue
		}
		if seen == nil {
			seen = map[rune]bool{}
		}
		if seen[r] {
			continue
		}
		seen[r] = true
		out = append(out, Problem{Rune: r, Offset: i, AboveBMP: r > 0xFFFF})
	}
	return out
}
