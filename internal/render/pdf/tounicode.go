package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/mla-dev/mla/internal/fonts"
)

// Characters above U+FFFF. fpdf reads only a font's BMP character map and
// writes text as two-byte codes equal to the characters, so the fallback
// face is given to it as a subset whose character map holds private-use
// code points (U+E000 up) in place of the characters above U+FFFF, and the
// text drawn in that face uses them too (toPUA). fpdf writes the same
// identity ToUnicode CMap for every font; for the fallback face,
// fixToUnicode rewrites it in the finished file so that each private-use
// code maps back to its character, as text extraction, search and copy
// need, and gives the font a subset tag. No other byte of the file changes
// but the cross-reference offsets that follow.

// fallbackName is the name the fallback font gets in the PDF, after its
// subset tag.
const fallbackName = "HanaMinB"

// toPUA replaces each character above U+FFFF with the private-use code
// point that draws it in the fallback face's subset. Layout gave every such
// character to the fallback face, and embedFonts gave each one a code.
func (r *renderer) toPUA(s string) string {
	b := make([]byte, 0, len(s))
	for _, c := range s {
		if p, ok := r.pua[c]; ok {
			c = p
		}
		b = utf8.AppendRune(b, c)
	}
	return string(b)
}

// cesu8 writes each character above U+FFFF of s as its two UTF-16
// surrogates, each encoded like a three-byte UTF-8 sequence. fpdf converts
// a bookmark title to UTF-16 by decoding up to three bytes per character,
// which garbles a four-byte sequence; it decodes these into the right
// surrogate pair.
func cesu8(s string) string {
	if !hasAboveBMP(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for _, c := range s {
		if c <= 0xFFFF {
			b = utf8.AppendRune(b, c)
			continue
		}
		hi, lo := utf16.EncodeRune(c)
		for _, u := range []rune{hi, lo} {
			b = append(b, 0xE0|byte(u>>12), 0x80|byte(u>>6)&0x3F, 0x80|byte(u)&0x3F)
		}
	}
	return string(b)
}

func hasAboveBMP(s string) bool {
	for _, c := range s {
		if c > 0xFFFF {
			return true
		}
	}
	return false
}

// fixToUnicode rewrites, in a PDF written by fpdf, the ToUnicode CMap of
// the font registered as family, mapping the code PUAFirst+i to pua[i], and
// names the font "<tag>+HanaMinB", the tag derived from pua. It then
// corrects the cross-reference table.
func fixToUnicode(doc []byte, family string, pua []rune) ([]byte, error) {
	name := []byte("/utf8" + family + "\n")
	typ0 := regexp.MustCompile(`/Subtype /Type0\n/BaseFont /utf8` + regexp.QuoteMeta(family) +
		`\n/Encoding /Identity-H\n/DescendantFonts \[\d+ 0 R\]\n/ToUnicode (\d+) 0 R>>`)
	m := typ0.FindAllSubmatch(doc, -1)
	if len(m) != 1 {
		return nil, fmt.Errorf("pdf: %d font dictionaries for %s, want 1", len(m), family)
	}
	obj := string(m[0][1])
	stream := regexp.MustCompile(`\n` + obj + ` 0 obj\n<</Length (\d+)>>\nstream\n`)
	loc := stream.FindAllSubmatchIndex(doc, -1)
	if len(loc) != 1 {
		return nil, fmt.Errorf("pdf: ToUnicode object %s not found", obj)
	}
	n, _ := strconv.Atoi(string(doc[loc[0][2]:loc[0][3]]))
	body := loc[0][1]
	if body+n+len("\nendstream") > len(doc) || !bytes.HasPrefix(doc[body+n:], []byte("\nendstream")) {
		return nil, fmt.Errorf("pdf: ToUnicode object %s: stream length %d does not end the stream", obj, n)
	}
	cmap := toUnicodeCMap(pua)

	type edit struct {
		at, end int
		with    []byte
	}
	edits := []edit{{loc[0][2], body + n, fmt.Appendf(nil, "%d>>\nstream\n%s", len(cmap), cmap)}}
	tagged := []byte("/" + subsetTag(pua) + "+" + fallbackName + "\n")
	for _, key := range [][]byte{[]byte("/BaseFont "), []byte("/FontName ")} {
		pat := append(slices.Clone(key), name...)
		for i := 0; ; {
			j := bytes.Index(doc[i:], pat)
			if j < 0 {
				break
			}
			at := i + j + len(key)
			edits = append(edits, edit{at, at + len(name), tagged})
			i = at + len(name)
		}
	}
	if len(edits) != 4 { // the stream, the Type0 and CID fonts' BaseFont, the descriptor's FontName
		return nil, fmt.Errorf("pdf: font %s named %d times, want 3", family, len(edits)-1)
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.at - b.at })

	xref, entries, trailer, err := readXref(doc)
	if err != nil {
		return nil, err
	}
	if edits[len(edits)-1].end > xref {
		return nil, fmt.Errorf("pdf: font objects after the cross-reference table")
	}
	// shift returns how far a byte at offset o of doc moves.
	shift := func(o int) int {
		d := 0
		for _, e := range edits {
			if e.end <= o {
				d += len(e.with) - (e.end - e.at)
			}
		}
		return d
	}
	out := make([]byte, 0, len(doc)+len(cmap))
	prev := 0
	for _, e := range edits {
		out = append(out, doc[prev:e.at]...)
		out = append(out, e.with...)
		prev = e.end
	}
	out = append(out, doc[prev:xref]...)
	newXref := len(out)
	out = fmt.Appendf(out, "xref\n0 %d\n0000000000 65535 f \n", len(entries)+1)
	for _, o := range entries {
		out = fmt.Appendf(out, "%010d 00000 n \n", o+shift(o))
	}
	out = append(out, trailer...)
	out = fmt.Appendf(out, "startxref\n%d\n%%%%EOF\n", newXref)
	return out, nil
}

var xrefTail = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`)

// readXref reads the single cross-reference table fpdf writes: its offset,
// the offsets of objects 1 to n, and the trailer dictionary that follows.
func readXref(doc []byte) (at int, entries []int, trailer []byte, err error) {
	m := xrefTail.FindSubmatchIndex(doc)
	if m == nil {
		return 0, nil, nil, fmt.Errorf("pdf: no startxref")
	}
	at, _ = strconv.Atoi(string(doc[m[2]:m[3]]))
	head := regexp.MustCompile(`^xref\n0 (\d+)\n0000000000 65535 f \n`)
	if at >= m[0] {
		return 0, nil, nil, fmt.Errorf("pdf: startxref %d out of range", at)
	}
	h := head.FindSubmatch(doc[at:])
	if h == nil {
		return 0, nil, nil, fmt.Errorf("pdf: no cross-reference table at %d", at)
	}
	count, _ := strconv.Atoi(string(h[1]))
	p := at + len(h[0])
	for range count - 1 {
		if p+20 > m[0] || !bytes.Equal(doc[p+10:p+20], []byte(" 00000 n \n")) {
			return 0, nil, nil, fmt.Errorf("pdf: malformed cross-reference entry at %d", p)
		}
		o, err := strconv.Atoi(string(doc[p : p+10]))
		if err != nil {
			return 0, nil, nil, fmt.Errorf("pdf: malformed cross-reference entry at %d", p)
		}
		entries = append(entries, o)
		p += 20
	}
	return at, entries, doc[p:m[0]], nil
}

// toUnicodeCMap maps the two-byte codes PUAFirst+i to pua[i], as UTF-16.
func toUnicodeCMap(pua []rune) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	// At most 100 entries per bfchar block.
	i := 0
	for chunk := range slices.Chunk(pua, 100) {
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for _, c := range chunk {
			fmt.Fprintf(&b, "<%04X> <", fonts.PUAFirst+i)
			i++
			for _, u := range utf16.Encode([]rune{c}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

// subsetTag derives the six capital letters that mark a font as a subset
// from the characters it holds, so the same characters give the same tag.
func subsetTag(pua []rune) string {
	h := sha256.Sum256([]byte(string(pua)))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + h[i]%26
	}
	return string(tag)
}

// puaRunes lists the characters above U+FFFF in the order of their
// private-use code points.
func (r *renderer) puaRunes() []rune {
	out := make([]rune, len(r.pua))
	for c, p := range r.pua {
		out[p-fonts.PUAFirst] = c
	}
	return out
}
