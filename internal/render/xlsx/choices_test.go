package xlsx

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

func choicesDoc(choices []string, rows int) *document.Document {
	t := document.Table{
		Sheet: "Findings",
		Columns: []document.Column{
			{Header: document.Text{Orig: "说明", Trans: "Message"}, Width: 30},
			{Header: document.Text{Orig: "审核决定", Trans: "Decision"}, Width: 14, Choices: choices},
			{Header: document.Text{Orig: "意见", Trans: "Comment"}, Width: 20},
		},
	}
	for i := 0; i < rows; i++ {
		t.Rows = append(t.Rows, []string{"finding"})
	}
	return &document.Document{Langs: [2]string{"zh", "en"}, Blocks: []document.Block{t}}
}

// TestChoicesDropDown reads the drop-down list back with openpyxl: it covers
// exactly the data cells of the column, lists the choices in order and
// allows a blank cell.
func TestChoicesDropDown(t *testing.T) {
	choices := []string{"同意 / Accept", "不同意 / Reject", "需修改 / Needs change"}
	tests := []struct {
		name string
		rows int
		want []validationBack
	}{
		{"three rows", 3, []validationBack{{Sqref: "B2:B4", Type: "list", Formula1: `"同意 / Accept,不同意 / Reject,需修改 / Needs change"`, AllowBlank: true}}},
		{"one row", 1, []validationBack{{Sqref: "B2", Type: "list", Formula1: `"同意 / Accept,不同意 / Reject,需修改 / Needs change"`, AllowBlank: true}}},
		{"no rows, no list", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := readWithOpenpyxl(t, render(t, choicesDoc(choices, tt.rows)), 10)
			got := rb.Sheet["Findings"].Validations
			if len(got) != len(tt.want) {
				t.Fatalf("validations %+v, want %+v", got, tt.want)
			}
			for i := range got {
				// openpyxl writes a one-cell range as the cell, or as B2:B2.
				got[i].Sqref = strings.TrimSuffix(got[i].Sqref, ":B2")
				if got[i] != tt.want[i] {
					t.Errorf("validation %+v, want %+v", got[i], tt.want[i])
				}
			}
			// The rest of the sheet is still there: the filter and panes
			// are set before the stream writer too.
			if s := rb.Sheet["Findings"]; s.AutoFilter == "" || s.FreezePanes != "A2" {
				t.Errorf("filter %q, panes %q", s.AutoFilter, s.FreezePanes)
			}
		})
	}
}

func TestChoicesRefused(t *testing.T) {
	long := make([]string, 30)
	for i := range long {
		long[i] = "choice number " + string(rune('A'+i%26))
	}
	for _, choices := range [][]string{{"a,b"}, {""}, {"say \"yes\""}, long} {
		var buf bytes.Buffer
		err := Render(&buf, choicesDoc(choices, 1))
		if !errors.Is(err, ErrChoices) {
			t.Errorf("%q: err %v, want ErrChoices", choices, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%q: wrote %d bytes", choices, buf.Len())
		}
	}
}
