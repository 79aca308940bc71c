package workbook

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func book(t *testing.T, fill func(f *excelize.File)) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return &b
}

func TestRead(t *testing.T) {
	b := book(t, func(f *excelize.File) {
		_ = f.SetSheetName("Sheet1", "fr")
		_ = f.SetSheetRow("fr", "A1", &[]any{"id", "text", "n"})
		_ = f.SetSheetRow("fr", "A2", &[]any{"a", " leading space"})
		_ = f.SetSheetRow("fr", "A4", &[]any{"b", "line\nbreak", 1.5})
		_, _ = f.NewSheet("other")
		_ = f.SetSheetRow("other", "A1", &[]any{"not read"})
	})
	s, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "fr" || len(s.Rows) != 4 {
		t.Fatalf("sheet %q with %d rows", s.Name, len(s.Rows))
	}
	for i, r := range s.Rows {
		if len(r) != 3 {
			t.Errorf("row %d has %d cells, want 3", i+1, len(r))
		}
	}
	if s.Cell(1, 1) != " leading space" || s.Cell(3, 1) != "line\nbreak" || s.Cell(3, 2) != "1.5" || s.Cell(2, 0) != "" || s.Cell(9, 9) != "" {
		t.Errorf("cells %q", s.Rows)
	}
	if err := s.CheckHeader([]string{"id", "text", "n"}); err != nil {
		t.Error(err)
	}
	var he *HeaderError
	if err := s.CheckHeader([]string{"id", "txt", "n"}); !errors.As(err, &he) || he.Column != "B" || he.Got != "text" {
		t.Errorf("CheckHeader: %v", err)
	}
	if err := s.CheckHeader([]string{"id", "text", "n", "more"}); !errors.As(err, &he) || he.Column != "D" {
		t.Errorf("a missing column: %v", err)
	}
}

func TestReadRefuses(t *testing.T) {
	if _, err := Read(strings.NewReader("id,text\na,b\n")); err == nil {
		t.Error("a CSV file was read as a workbook")
	}
	empty := book(t, func(*excelize.File) {})
	if _, err := Read(empty); !errors.Is(err, ErrEmpty) {
		t.Errorf("an empty workbook: %v", err)
	}
}
