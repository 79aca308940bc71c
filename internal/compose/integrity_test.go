package compose

import (
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

func TestFingerprintInFooter(t *testing.T) {
	fp := strings.Repeat("ab", 32)
	for _, tt := range []struct {
		fp   string
		want string
	}{
		{"", ""},
		{fp, "材料指纹 / Bundle fingerprint " + fp},
	} {
		in := input(t, example(t))
		in.Fingerprint = tt.fp
		req, err := Request(in)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := EvidenceList(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []*document.Document{req, ev} {
			// One text, no translation: both layouts print it whole.
			if d.FooterNote.Orig != tt.want || d.FooterNote.Trans != "" {
				t.Errorf("footer note %+v, want %q", d.FooterNote, tt.want)
			}
		}
	}
}

func evidenceTableOf(t *testing.T, in Input) document.Table {
	t.Helper()
	d, err := EvidenceList(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Blocks {
		if tb, ok := b.(document.Table); ok {
			return tb
		}
	}
	t.Fatal("no table")
	return document.Table{}
}

func TestEvidenceFileColumns(t *testing.T) {
	in := input(t, example(t))
	plain := evidenceTableOf(t, in)
	for _, c := range plain.Columns {
		if strings.Contains(c.Header.Orig, "SHA-256") {
			t.Fatal("a case without files has the SHA-256 column")
		}
	}
	c := example(t)
	c.Evidence[0].File = "scans/E1.pdf"
	c.Evidence[2].SHA256 = strings.Repeat("c", 64) // stated, no file
	in = input(t, c)
	in.EvidenceSHA256 = map[int]string{0: strings.Repeat("a", 64)}
	tb := evidenceTableOf(t, in)
	n := len(tb.Columns)
	if n != len(plain.Columns)+2 || tb.Columns[n-1].Header.Orig != "SHA-256" || tb.Columns[n-2].Header.Trans != "File" {
		t.Fatalf("columns %+v", tb.Columns[n-2:])
	}
	want := [][2]string{{"scans/E1.pdf", strings.Repeat("a", 64)}, {"", ""}, {"", strings.Repeat("c", 64)}}
	for i, w := range want {
		row := tb.Rows[i]
		if len(row) != n || row[n-2] != w[0] || row[n-1] != w[1] {
			t.Errorf("row %d: %q %q, want %q", i, row[n-2], row[n-1], w)
		}
	}
}
