package bundle

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// testPDF writes a PDF laid out as mla's PDF library writes one (a classic
// cross-reference table, a page tree, one content stream per page) whose
// pages draw the given lines, each as one Tj of a UTF-16BE string.
// Deflate stores the content streams compressed, hex draws the strings as
// hexadecimal strings.
func testPDF(pages [][]string, deflate, hex bool) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.3\n")
	offsets := map[int]int{}
	obj := func(n int, body string) {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	var kids []string
	for i, lines := range pages {
		page, content := 3+2*i, 4+2*i
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
		obj(page, fmt.Sprintf("<</Type /Page\n/Parent 1 0 R\n/Contents %d 0 R>>", content))
		var s bytes.Buffer
		for _, l := range lines {
			u := utf16.Encode([]rune(l))
			raw := make([]byte, 0, 2*len(u))
			for _, c := range u {
				raw = append(raw, byte(c>>8), byte(c))
			}
			if hex {
				fmt.Fprintf(&s, "BT 10 10 Td <%X> Tj ET\n", raw)
				continue
			}
			esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`, "\r", `\r`).Replace(string(raw))
			fmt.Fprintf(&s, "BT 10 10 Td (%s) Tj ET\n", esc)
		}
		data, filter := s.Bytes(), ""
		if deflate {
			var z bytes.Buffer
			w := zlib.NewWriter(&z)
			w.Write(data)
			w.Close()
			data, filter = z.Bytes(), "/Filter /FlateDecode "
		}
		offsets[content] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n<<%s/Length %d>>\nstream\n%s\nendstream\nendobj\n", content, filter, len(data), data)
	}
	obj(1, fmt.Sprintf("<</Type /Pages\n/Kids [%s ]\n/Count %d\n>>", strings.Join(kids, " "), len(pages)))
	last := 3 + 2*len(pages)
	obj(last, "<<\n/Type /Catalog\n/Pages 1 0 R\n>>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", last+1)
	for n := 1; n <= last; n++ {
		if off, ok := offsets[n]; ok {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		} else {
			fmt.Fprintf(&b, "0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<<\n/Size %d\n/Root %d 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", last+1, last, xref)
	return b.Bytes()
}

func TestPDFPageTexts(t *testing.T) {
	fp := strings.Repeat("ab", 32)
	pages := [][]string{
		{"请求书（括号）", "材料指纹 / Bundle fingerprint " + fp},
		{`a \ backslash (nested)`, "材料指纹 " + fp},
	}
	for _, tt := range []struct {
		name         string
		deflate, hex bool
	}{{"plain", false, false}, {"deflated", true, false}, {"hexadecimal strings", false, true}} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pdfPageTexts(testPDF(pages, tt.deflate, tt.hex))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{strings.Join(pages[0], "\n") + "\n", strings.Join(pages[1], "\n") + "\n"}
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			for i, p := range got {
				if f := printedFingerprints(p); !slices.Equal(f, []string{fp}) {
					t.Errorf("page %d: fingerprints %q", i+1, f)
				}
			}
		})
	}
}

func TestPrintedFingerprints(t *testing.T) {
	fp := strings.Repeat("0f", 32)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"Bundle fingerprint " + fp, []string{fp}},
		{fp + "a", nil},            // 65 digits: not a fingerprint
		{fp[:63], nil},             // 63 digits
		{strings.ToUpper(fp), nil}, // mla prints lower case
		{"x" + fp + "\ny" + fp, []string{fp, fp}},
	} {
		if got := printedFingerprints(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("printedFingerprints(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestPDFPageTextsRefuses(t *testing.T) {
	good := testPDF([][]string{{"x"}}, false, false)
	for name, data := range map[string][]byte{
		"not a PDF":                   []byte("PK\x03\x04 a workbook"),
		"truncated":                   good[:len(good)/2],
		"offset past the end":         bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1),
		"object not at its offset":    bytes.Replace(good, []byte("3 0 obj"), []byte("3 1 obj"), 1),
		"stream longer than the file": bytes.Replace(good, []byte("/Length "), []byte("/Length 99999"), 1),
	} {
		if _, err := pdfPageTexts(data); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
}
