package xlsx

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/mla-dev/mla/internal/document"
)

// The spreadsheet checker is openpyxl, independent of excelize. Debian
// installs it for its own interpreter; another python3 earlier on the PATH
// may not see it, hence the path. MLA_TEST_PYTHON overrides it.
const defaultPython = "/usr/bin/python3"

// checker returns the interpreter that can import openpyxl. Without one the
// test is skipped on a workstation but fails in CI, where a missing checker
// must not pass for a passing test.
func checker(t testing.TB) string {
	t.Helper()
	py := os.Getenv("MLA_TEST_PYTHON")
	if py == "" {
		py = defaultPython
	}
	if out, err := exec.Command(py, "-c", "import openpyxl").CombinedOutput(); err != nil {
		msg := "openpyxl is not available to " + py + ": " + err.Error() + ": " + string(out)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return py
}

// readBack is what testdata/readback.py reports about a workbook.
type readBack struct {
	Sheets []string `json:"sheets"`
	Active int      `json:"active"`
	Props  struct {
		Title, Subject, Creator, Keywords, Language, Created, Modified string
	} `json:"props"`
	Sheet map[string]sheetBack `json:"sheet"`
}

type sheetBack struct {
	MaxRow         int                `json:"max_row"`
	MaxColumn      int                `json:"max_column"`
	FreezePanes    string             `json:"freeze_panes"`
	AutoFilter     string             `json:"auto_filter"`
	PrintTitleRows string             `json:"print_title_rows"`
	Widths         map[string]float64 `json:"widths"`
	HeaderHeight   float64            `json:"header_height"`
	Orientation    string             `json:"orientation"`
	PaperSize      int                `json:"paper_size"`
	FitToWidth     int                `json:"fit_to_width"`
	FitToHeight    int                `json:"fit_to_height"`
	FitToPage      bool               `json:"fit_to_page"`
	OddHeader      map[string]string  `json:"odd_header"`
	OddFooter      map[string]string  `json:"odd_footer"`
	Rows           [][]cellBack       `json:"rows"`
	LastRow        []cellBack         `json:"last_row"`
	Validations    []validationBack   `json:"validations"`
}

// validationBack is a data validation (a drop-down list) as openpyxl reads it.
type validationBack struct {
	Sqref      string `json:"sqref"`
	Type       string `json:"type"`
	Formula1   string `json:"formula1"`
	AllowBlank bool   `json:"allow_blank"`
}

type cellBack struct {
	Value        any    `json:"value"`
	DataType     string `json:"data_type"`
	PyType       string `json:"py_type"`
	NumberFormat string `json:"number_format"`
	Bold         bool   `json:"bold"`
	Wrap         bool   `json:"wrap"`
	Vertical     string `json:"vertical"`
	Fill         string `json:"fill"`
	Border       string `json:"border"`
}

// readWithOpenpyxl writes data to a file and reads it back with openpyxl,
// dumping the first maxRows rows of each sheet cell by cell.
func readWithOpenpyxl(t testing.TB, data []byte, maxRows int) readBack {
	t.Helper()
	py := checker(t)
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, filepath.Join("testdata", "readback.py"), path, strconv.Itoa(maxRows))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openpyxl could not read the workbook: %v\n%s", err, stderr.String())
	}
	var rb readBack
	if err := json.Unmarshal(out, &rb); err != nil {
		t.Fatalf("readback.py output: %v\n%s", err, out)
	}
	return rb
}

// render renders doc or fails the test.
func render(t testing.TB, doc *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, doc); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

var docDate = time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)

// evidenceColumns are the columns of an evidence list, one of each kind.
func evidenceColumns() []document.Column {
	return []document.Column{
		{Header: document.Text{Orig: "编号", Trans: "No."}, Width: 8, Kind: document.KindText},
		{Header: document.Text{Orig: "证据名称", Trans: "Description"}, Width: 40, Kind: document.KindText},
		{Header: document.Text{Orig: "日期", Trans: "Date"}, Width: 12, Kind: document.KindDate},
		{Header: document.Text{Orig: "页数", Trans: "Pages"}, Width: 8, Kind: document.KindInteger},
		{Header: document.Text{Orig: "金额（元）", Trans: "Amount (CNY)"}, Width: 14, Kind: document.KindNumber},
		{Header: document.Text{Orig: "来源", Trans: "Source"}, Width: 20, Kind: document.KindText},
		{Header: document.Text{Orig: "备注"}, Kind: document.KindText},
	}
}

// sampleDoc is a small evidence list with a persons sheet, dressed like a
// composed document: headings and paragraphs around the tables, which the
// renderer must pass over.
func sampleDoc() *document.Document {
	return &document.Document{
		Langs: [2]string{"zh", "en"},
		Meta: document.Meta{
			Title:    document.Text{Orig: "证据清单", Trans: "Evidence list"},
			Subject:  document.Text{Orig: "刑事司法协助请求", Trans: "Request for mutual legal assistance"},
			Author:   "某市监察委员会",
			Keywords: "MLA; UNCAC",
			Creator:  "mla",
			Date:     docDate,
		},
		HeaderLeft: document.Text{Orig: "编号：X-2024-001", Trans: "Ref. X-2024-001"},
		PageLabel:  document.Text{Orig: "第{page}页 共{pages}页", Trans: "Page {page} of {pages}"},
		FooterNote: document.Same("R&D"),
		Blocks: []document.Block{
			document.Heading{Level: 0, Text: document.Text{Orig: "证据清单", Trans: "Evidence list"}},
			document.Table{
				Sheet:   "证据清单",
				Caption: document.Text{Orig: "附件一 证据清单", Trans: "Annex 1 Evidence list"},
				Columns: evidenceColumns(),
				Rows: [][]string{
					{"E1", "银行流水\nBank statements", "2023-05-01", "12", "1234567.89", "中国银行", ""},
					{"E2", "Relevé bancaire — Société Générale", "", "3", "-0.5", "", "note"},
					{"E3", " leading space", "2024-02-30", "007", "1e3", "=1+1", ""},
					{"E4", "@SUM(A1)", "2024/01/02", "12345678901234567", "1,000", "+1", "-1"},
					{"E5"},
				},
			},
			document.Paragraph{Text: document.Same("…")},
			&document.Table{
				Sheet:   "Persons",
				Columns: []document.Column{{Header: document.Text{Orig: "姓名", Trans: "Name"}, Width: 20}},
				Rows:    [][]string{{"张三"}},
			},
		},
	}
}
