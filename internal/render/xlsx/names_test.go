package xlsx

import (
	"slices"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("证据", 20)  // 40 characters
	astral := strings.Repeat("𠮷", 16) // 32 UTF-16 units: the cut must not split a pair
	tests := []struct {
		name   string
		tables []document.Table
		want   []string
	}{
		{"kept as is", tables("证据清单", "Persons"), []string{"证据清单", "Persons"}},
		{"forbidden characters", tables(`a[b]c:d*e?f/g\h`), []string{"a_b_c_d_e_f_g_h"}},
		{"control characters", tables("a\tb\nc"), []string{"a_b_c"}},
		{"apostrophes", tables("'Liste d'éléments'"), []string{"’Liste d’éléments’"}},
		{"surrounding space", tables("  Persons  "), []string{"Persons"}},
		{"cut to 31", tables(long), []string{strings.Repeat("证据", 15) + "证"}},
		{"cut between characters", tables(astral), []string{strings.Repeat("𠮷", 15)}},
		{"duplicates", tables("Evidence", "Evidence", "Evidence"), []string{"Evidence", "Evidence (2)", "Evidence (3)"}},
		{"duplicates ignore case", tables("Persons", "PERSONS"), []string{"Persons", "PERSONS (2)"}},
		{"duplicate after cleaning", tables("a/b", "a_b"), []string{"a_b", "a_b (2)"}},
		{"suffix fits in 31", tables(long, long), []string{strings.Repeat("证据", 15) + "证", strings.Repeat("证据", 13) + "证 (2)"}},
		{"suffix does not collide with a later name", tables("X", "X", "X (2)"), []string{"X", "X (2)", "X (2) (2)"}},
		{"reserved name", tables("History"), []string{"History (2)"}},
		{"only forbidden characters", []document.Table{{Sheet: " / ", Caption: document.Text{Orig: "附件一：证据", Trans: "Annex 1"}}}, []string{"_"}},
		{"empty falls back to caption", []document.Table{{Caption: document.Text{Orig: "附件一：证据", Trans: "Annex 1"}}}, []string{"附件一：证据"}},
		{"empty falls back to position", tables("", "  ", "1"), []string{"1", "2", "1 (2)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sheetNames(tt.tables)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("sheetNames = %q, want %q", got, tt.want)
			}
			for _, n := range got {
				if utf16Len(n) > maxSheetName || n == "" || strings.ContainsAny(n, `[]:*?/\'`) {
					t.Errorf("%q is not a valid sheet name", n)
				}
			}
		})
	}
}

// TestSheetNamesRender checks that cleaned names are ones excelize accepts
// and that the workbook comes out with them.
func TestSheetNamesRender(t *testing.T) {
	col := []document.Column{{Header: document.Same("h")}}
	doc := docOf(
		document.Table{Sheet: "Sheet1", Columns: col},
		document.Table{Sheet: "'Liste d'éléments'", Columns: col},
		document.Table{Sheet: "sheet1", Columns: col},
		document.Table{Sheet: strings.Repeat("长", 40) + "?", Columns: col},
	)
	rb := readWithOpenpyxl(t, render(t, doc), 2)
	want := []string{"Sheet1", "’Liste d’éléments’", "sheet1 (2)", strings.Repeat("长", 31)}
	if !slices.Equal(rb.Sheets, want) {
		t.Fatalf("sheets = %q, want %q", rb.Sheets, want)
	}
	for _, name := range want {
		if got := rb.Sheet[name].PrintTitleRows; got != "$1:$1" {
			t.Errorf("%s: print titles %q, want $1:$1", name, got)
		}
	}
}

func tables(names ...string) []document.Table {
	ts := make([]document.Table, len(names))
	for i, n := range names {
		ts[i].Sheet = n
	}
	return ts
}
