package xlsx

import (
	"testing"
	"time"

	"github.com/mla-dev/mla/internal/document"
)

func TestCellValue(t *testing.T) {
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		kind document.CellKind
		in   string
		want any
		text bool
	}{
		{document.KindText, "", nil, true},
		{document.KindText, "2024-01-02", "2024-01-02", true},
		{document.KindText, "42", "42", true},
		{document.KindText, "=1+1", "=1+1", true},

		{document.KindDate, "", nil, false},
		{document.KindDate, "2024-01-02", date(2024, 1, 2), false},
		{document.KindDate, " 2024-01-02 ", date(2024, 1, 2), false},
		{document.KindDate, "1900-01-01", date(1900, 1, 1), false},
		{document.KindDate, "1899-12-31", "1899-12-31", true}, // before Excel's dates
		{document.KindDate, "2024-02-30", "2024-02-30", true},
		{document.KindDate, "2024-1-2", "2024-1-2", true},
		{document.KindDate, "2024/01/02", "2024/01/02", true},
		{document.KindDate, "2024-01-02T10:00:00Z", "2024-01-02T10:00:00Z", true},
		{document.KindDate, "=1+1", "=1+1", true},

		{document.KindInteger, "", nil, false},
		{document.KindInteger, "0", int64(0), false},
		{document.KindInteger, "-42", int64(-42), false},
		{document.KindInteger, "+42", int64(42), false},
		{document.KindInteger, "999999999999999", int64(999999999999999), false},
		{document.KindInteger, "1000000000000000", "1000000000000000", true}, // 16 digits
		{document.KindInteger, "6222021234567890123", "6222021234567890123", true},
		{document.KindInteger, "007", "007", true},
		{document.KindInteger, "1.5", "1.5", true},
		{document.KindInteger, "1,000", "1,000", true},
		{document.KindInteger, "0x10", "0x10", true},
		{document.KindInteger, "１２", "１２", true}, // full-width digits
		{document.KindInteger, "-", "-", true},

		{document.KindNumber, "", nil, false},
		{document.KindNumber, "1234567.89", 1234567.89, false},
		{document.KindNumber, "-0.5", -0.5, false},
		{document.KindNumber, ".5", 0.5, false},
		{document.KindNumber, "0.5", 0.5, false},
		{document.KindNumber, "5.", 5.0, false},
		{document.KindNumber, "1e3", 1000.0, false},
		{document.KindNumber, "1.50000000000000000000", 1.5, false}, // trailing zeros carry nothing
		{document.KindNumber, "0.000000000000000001", 1e-18, false},
		{document.KindNumber, "1234567890123.456", "1234567890123.456", true}, // 16 digits
		{document.KindNumber, "1e999", "1e999", true},
		{document.KindNumber, "NaN", "NaN", true},
		{document.KindNumber, "Inf", "Inf", true},
		{document.KindNumber, "0x1p4", "0x1p4", true},
		{document.KindNumber, "1_000", "1_000", true},
		{document.KindNumber, "00.5", "00.5", true},
		{document.KindNumber, "1,5", "1,5", true},
		{document.KindNumber, "-1+1", "-1+1", true},
		{document.KindNumber, ".", ".", true},
	}
	for _, tt := range tests {
		got, text := cellValue(tt.kind, tt.in)
		if got != tt.want || text != tt.text {
			t.Errorf("cellValue(%d, %q) = %#v, %v; want %#v, %v", tt.kind, tt.in, got, text, tt.want, tt.text)
		}
	}
}

func TestColumnWidth(t *testing.T) {
	tests := []struct {
		col  document.Column
		want float64
	}{
		{document.Column{Width: 12}, 12},
		{document.Column{Width: 1}, minColWidth},
		{document.Column{Width: 1000}, maxColWidth},
		{document.Column{Width: -3, Header: document.Text{Orig: "证据名称", Trans: "Description of the item"}}, 25},
		{document.Column{Header: document.Same("No.")}, minColWidth},
	}
	for _, tt := range tests {
		if got := columnWidth(tt.col); got != tt.want {
			t.Errorf("columnWidth(%+v) = %v, want %v", tt.col, got, tt.want)
		}
	}
}

func TestHeaderHeight(t *testing.T) {
	one := []document.Column{{Header: document.Same("No."), Width: 10}}
	two := []document.Column{{Header: document.Text{Orig: "编号", Trans: "No."}, Width: 10}}
	// 20 Chinese characters need 40 units: five lines in a column of 10.
	wrapped := []document.Column{{Header: document.Same("证据证据证据证据证据证据证据证据证据证据"), Width: 10}}
	for _, tt := range []struct {
		cols  []document.Column
		lines int
	}{{one, 1}, {two, 2}, {append(one, two...), 2}, {wrapped, 5}} {
		if got, want := headerHeight(tt.cols), float64(tt.lines)*lineHeight+headerPadding; got != want {
			t.Errorf("headerHeight(%+v) = %v, want %v", tt.cols, got, want)
		}
	}
}
