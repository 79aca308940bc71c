package bundle

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"unicode/utf16"
)

// This file reads back the text that mla's own PDFs draw, page by page, so
// that verify can compare the fingerprint printed in each page's footer
// with the manifest's. It understands the PDFs mla writes (a classic
// cross-reference table, one page tree, content streams stored plain or
// deflated, text drawn as literal or hexadecimal strings in UTF-16BE); any
// other PDF gives an error, which verify reports as a file it cannot read.

// errPDF is returned for a PDF this reader does not understand.
var errPDF = errors.New("not a PDF that mla wrote")

// maxPDFObjects bounds the number of objects and pages read, so that a
// crafted cross-reference table cannot make verify allocate without bound.
const maxPDFObjects = 1 << 22

type pdfReader struct {
	data    []byte
	offsets map[int]int // object number -> byte offset of "N 0 obj"
	depth   int
}

// pdfPageTexts returns, for each page in order, the strings the page's
// content draws, decoded. Strings drawn by one operator (a TJ array) are
// joined; those of different operators are separated by a line feed.
func pdfPageTexts(data []byte) ([]string, error) {
	r := &pdfReader{data: data, offsets: map[int]int{}}
	if err := r.readXref(); err != nil {
		return nil, err
	}
	trailer, err := r.trailer()
	if err != nil {
		return nil, err
	}
	root, ok := refIn(trailer, "Root")
	if !ok {
		return nil, fmt.Errorf("%w: no /Root", errPDF)
	}
	catalog, _, err := r.object(root)
	if err != nil {
		return nil, err
	}
	pagesRef, ok := refIn(catalog, "Pages")
	if !ok {
		return nil, fmt.Errorf("%w: no /Pages", errPDF)
	}
	var pages []int
	if err := r.collectPages(pagesRef, &pages); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(pages))
	for _, p := range pages {
		dict, _, err := r.object(p)
		if err != nil {
			return nil, err
		}
		var text bytes.Buffer
		for _, c := range contentRefs(dict) {
			content, err := r.stream(c)
			if err != nil {
				return nil, err
			}
			drawnStrings(content, &text)
		}
		out = append(out, text.String())
	}
	return out, nil
}

var (
	reStartXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	reRef       = regexp.MustCompile(`^\s*(\d+)\s+0\s+R`)
	reKids      = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	reRefs      = regexp.MustCompile(`(\d+)\s+0\s+R`)
	reLength    = regexp.MustCompile(`/Length\s+(\d+)(\s+0\s+R)?`)
)

func (r *pdfReader) readXref() error {
	m := reStartXref.FindSubmatch(r.data)
	if m == nil {
		return fmt.Errorf("%w: no startxref", errPDF)
	}
	at, err := strconv.Atoi(string(m[1]))
	if err != nil || at < 0 || at >= len(r.data) {
		return fmt.Errorf("%w: bad startxref", errPDF)
	}
	rest := r.data[at:]
	if !bytes.HasPrefix(rest, []byte("xref")) {
		return fmt.Errorf("%w: no cross-reference table", errPDF)
	}
	lines := bytes.Split(rest, []byte("\n"))
	i := 1
	for i < len(lines) {
		head := bytes.Fields(lines[i])
		if len(head) != 2 {
			break // "trailer"
		}
		first, err1 := strconv.Atoi(string(head[0]))
		n, err2 := strconv.Atoi(string(head[1]))
		if err1 != nil || err2 != nil || first < 0 || n < 0 || first+n > maxPDFObjects {
			return fmt.Errorf("%w: bad cross-reference section", errPDF)
		}
		i++
		for k := 0; k < n; k++ {
			if i >= len(lines) {
				return fmt.Errorf("%w: short cross-reference table", errPDF)
			}
			f := bytes.Fields(lines[i])
			i++
			if len(f) != 3 || string(f[2]) != "n" {
				continue
			}
			off, err := strconv.Atoi(string(f[0]))
			if err != nil || off < 0 || off >= len(r.data) {
				return fmt.Errorf("%w: bad object offset", errPDF)
			}
			r.offsets[first+k] = off
		}
	}
	return nil
}

func (r *pdfReader) trailer() ([]byte, error) {
	i := bytes.LastIndex(r.data, []byte("trailer"))
	if i < 0 {
		return nil, fmt.Errorf("%w: no trailer", errPDF)
	}
	return r.data[i:], nil
}

// object returns the dictionary part of object n (up to "stream" or
// "endobj") and the offset just after it.
func (r *pdfReader) object(n int) ([]byte, int, error) {
	off, ok := r.offsets[n]
	if !ok {
		return nil, 0, fmt.Errorf("%w: object %d missing", errPDF, n)
	}
	head := []byte(strconv.Itoa(n) + " 0 obj")
	if !bytes.HasPrefix(r.data[off:], head) {
		return nil, 0, fmt.Errorf("%w: object %d not at its offset", errPDF, n)
	}
	body := r.data[off+len(head):]
	end := bytes.Index(body, []byte("endobj"))
	if end < 0 {
		return nil, 0, fmt.Errorf("%w: object %d not closed", errPDF, n)
	}
	if s := bytes.Index(body[:end], []byte("stream")); s >= 0 {
		return body[:s], off + len(head) + s, nil
	}
	return body[:end], off + len(head) + end, nil
}

// stream returns the decoded data of stream object n.
func (r *pdfReader) stream(n int) ([]byte, error) {
	dict, at, err := r.object(n)
	if err != nil {
		return nil, err
	}
	m := reLength.FindSubmatch(dict)
	if m == nil {
		return nil, fmt.Errorf("%w: stream %d has no length", errPDF, n)
	}
	length, err := strconv.Atoi(string(m[1]))
	if err != nil {
		return nil, fmt.Errorf("%w: stream %d length", errPDF, n)
	}
	if len(m[2]) > 0 { // an indirect length
		lo, _, err := r.object(length)
		if err != nil {
			return nil, err
		}
		if length, err = strconv.Atoi(string(bytes.TrimSpace(lo))); err != nil {
			return nil, fmt.Errorf("%w: stream %d length", errPDF, n)
		}
	}
	start := at + len("stream")
	if start < len(r.data) && r.data[start] == '\r' {
		start++
	}
	if start < len(r.data) && r.data[start] == '\n' {
		start++
	}
	if length < 0 || start+length > len(r.data) {
		return nil, fmt.Errorf("%w: stream %d overruns the file", errPDF, n)
	}
	raw := r.data[start : start+length]
	if !bytes.Contains(dict, []byte("/FlateDecode")) {
		return raw, nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: stream %d: %v", errPDF, n, err)
	}
	defer zr.Close()
	// A page's content is at most a few hundred kilobytes; the limit keeps
	// a crafted stream from inflating without bound.
	out, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%w: stream %d: %v", errPDF, n, err)
	}
	return out, nil
}

// collectPages appends the page objects under the page tree node n, in
// order.
func (r *pdfReader) collectPages(n int, pages *[]int) error {
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > 32 || len(*pages) > maxPDFObjects {
		return fmt.Errorf("%w: page tree too deep", errPDF)
	}
	dict, _, err := r.object(n)
	if err != nil {
		return err
	}
	if !bytes.Contains(dict, []byte("/Type /Pages")) && !bytes.Contains(dict, []byte("/Type/Pages")) {
		*pages = append(*pages, n)
		return nil
	}
	m := reKids.FindSubmatch(dict)
	if m == nil {
		return fmt.Errorf("%w: page tree node %d has no /Kids", errPDF, n)
	}
	for _, k := range reRefs.FindAllSubmatch(m[1], -1) {
		kid, err := strconv.Atoi(string(k[1]))
		if err != nil {
			return fmt.Errorf("%w: bad page reference", errPDF)
		}
		if err := r.collectPages(kid, pages); err != nil {
			return err
		}
	}
	return nil
}

// refIn returns the object number that /key refers to in dict.
func refIn(dict []byte, key string) (int, bool) {
	i := bytes.Index(dict, []byte("/"+key))
	if i < 0 {
		return 0, false
	}
	m := reRef.FindSubmatch(dict[i+1+len(key):])
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(string(m[1]))
	return n, err == nil
}

// contentRefs returns the content streams of a page: /Contents N 0 R or
// /Contents [N 0 R ...].
func contentRefs(page []byte) []int {
	i := bytes.Index(page, []byte("/Contents"))
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(page[i+len("/Contents"):], " \r\n\t")
	if len(rest) > 0 && rest[0] == '[' {
		end := bytes.IndexByte(rest, ']')
		if end < 0 {
			return nil
		}
		rest = rest[:end]
	} else if m := reRef.FindIndex(rest); m != nil {
		rest = rest[:m[1]]
	}
	var out []int
	for _, m := range reRefs.FindAllSubmatch(rest, -1) {
		if n, err := strconv.Atoi(string(m[1])); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// drawnStrings writes the strings a content stream shows to w: the strings
// of one operator (Tj, ', " or a TJ array) together, a line feed after each
// operator.
func drawnStrings(content []byte, w *bytes.Buffer) {
	inArray := false
	pending := false
	for i := 0; i < len(content); i++ {
		switch c := content[i]; c {
		case '%': // a comment runs to the end of the line
			for i < len(content) && content[i] != '\n' && content[i] != '\r' {
				i++
			}
		case '(':
			s, end := literalString(content, i)
			w.WriteString(decodeText(s))
			pending = true
			i = end
		case '<':
			if i+1 < len(content) && content[i+1] == '<' {
				i++
				continue
			}
			end := bytes.IndexByte(content[i:], '>')
			if end < 0 {
				return
			}
			w.WriteString(decodeText(hexString(content[i+1 : i+end])))
			pending = true
			i += end
		case '[':
			inArray = true
		case ']':
			inArray = false
		default:
			if pending && !inArray && isOperatorStart(c) {
				w.WriteByte('\n')
				pending = false
			}
		}
	}
	if pending {
		w.WriteByte('\n')
	}
}

func isOperatorStart(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '\'' || c == '"'
}

// literalString reads the PDF literal string that starts at content[i] (an
// opening parenthesis) and returns its bytes and the index of its closing
// parenthesis.
func literalString(content []byte, i int) ([]byte, int) {
	var out []byte
	depth := 0
	for j := i; j < len(content); j++ {
		c := content[j]
		switch {
		case c == '\\' && j+1 < len(content):
			j++
			switch e := content[j]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r', '\n': // a line continuation
				if e == '\r' && j+1 < len(content) && content[j+1] == '\n' {
					j++
				}
			default:
				if e >= '0' && e <= '7' {
					v := 0
					k := 0
					for ; k < 3 && j+k < len(content) && content[j+k] >= '0' && content[j+k] <= '7'; k++ {
						v = v*8 + int(content[j+k]-'0')
					}
					out = append(out, byte(v))
					j += k - 1
				} else {
					out = append(out, e)
				}
			}
		case c == '(':
			if depth > 0 {
				out = append(out, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return out, j
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out, len(content)
}

func hexString(h []byte) []byte {
	var digits []byte
	for _, c := range h {
		if v, ok := hexValue(c); ok {
			digits = append(digits, v)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, 0)
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		out[i] = digits[2*i]<<4 | digits[2*i+1]
	}
	return out
}

func hexValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeText decodes a drawn string: UTF-16BE, as mla's fonts are
// addressed, when it has an even length; otherwise byte by byte.
func decodeText(s []byte) string {
	if len(s)%2 == 1 {
		r := make([]rune, len(s))
		for i, b := range s {
			r[i] = rune(b)
		}
		return string(r)
	}
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return string(utf16.Decode(u))
}

var reFingerprint = regexp.MustCompile(`(?:^|[^0-9a-f])([0-9a-f]{64})(?:[^0-9a-f]|$)`)

// printedFingerprints returns the 64-digit hexadecimal strings a page's
// text holds.
func printedFingerprints(page string) []string {
	var out []string
	for _, m := range reFingerprint.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}
