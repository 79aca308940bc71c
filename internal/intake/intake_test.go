package intake

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func load(t *testing.T, file string) (*Schema, map[string]any) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	state := strings.ToLower(c["requested_state"].(string))
	tr, _ := c["translation"].(string)
	if tr == "" {
		tr = "en"
	}
	s, err := Load(os.DirFS("../.."), state+".schema.json", []string{"zh", tr})
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// Every example survives export then import unchanged.
func TestExamplesRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.json")
	// The approved review beside each example is not a case file.
	files = slices.DeleteFunc(files, func(n string) bool { return strings.HasSuffix(n, ".review.json") })
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s, c := load(t, file)
			f, unheld, err := Write(s, c, Options{Label: func(id string) (string, bool) { return "标签", true }})
			if err != nil || len(unheld) > 0 {
				t.Fatalf("write: %v %v", err, unheld)
			}
			var buf, again bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			f2, _, err := Write(s, c, Options{Label: func(id string) (string, bool) { return "标签", true }})
			if err != nil {
				t.Fatal(err)
			}
			if err := f2.Write(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("two exports of the same case differ")
			}
			got, probs, err := Import(s, &buf)
			if err != nil || len(probs) > 0 {
				t.Fatalf("import: %v %v", err, probs)
			}
			if !reflect.DeepEqual(got, c) {
				a, _ := json.MarshalIndent(c, "", " ")
				b, _ := json.MarshalIndent(got, "", " ")
				t.Errorf("round trip differs:\n%s", diffLines(string(a), string(b)))
			}
		})
	}
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(al), len(bl)) && len(out) < 20; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, "- "+x, "+ "+y)
		}
	}
	return strings.Join(out, "\n")
}

// A case with what a workbook cannot hold is refused field by field.
func TestUnheld(t *testing.T) {
	s, c := load(t, "../../examples/ca-bribery-fr.json")
	c["surprise"] = 1
	c["persons"].([]any)[0].(map[string]any)["name"].(map[string]any)["de"] = "Huang"
	c["contact"].(map[string]any)["languages"] = []any{"zh", "en, fr"}
	_, unheld, err := Write(s, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Unheld{{"/contact/languages/1", "separator"}, {"/persons/0/name/de", "language"}, {"/surprise", "unknown"}}
	if !reflect.DeepEqual(unheld, want) {
		t.Errorf("unheld = %v, want %v", unheld, want)
	}
}

// A value far right of the columns, at XFD, is refused naming its cell,
// and so is a word in a number column, with its JSON Pointer.
func TestImportHostileCells(t *testing.T) {
	s, c := load(t, "../../examples/ca-bribery-fr.json")
	f, _, err := Write(s, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("persons", "XFD3", "x"); err != nil {
		t.Fatal(err)
	}
	cell := ""
	for _, sh := range s.Sheets(func(string) int { return 1 }) {
		for i, col := range sh.Cols {
			if sh.Name == "evidence" && col.Key == "pages" {
				cell, _ = excelize.CoordinatesToCellName(i+1, 3)
			}
		}
	}
	if err := f.SetCellValue("evidence", cell, "one"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, probs, err := Import(s, &buf)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{"intake.bad_cell", map[string]any{"Sheet": "persons", "Cell": "XFD3", "Kind": "beyond"}},
		{"intake.bad_number", map[string]any{"Sheet": "evidence", "Cell": cell, "Ptr": "/evidence/0/pages", "Value": "one"}},
	}
	if len(probs) != 2 || !reflect.DeepEqual(probs, want) {
		t.Errorf("problems = %v, want %v (case %v)", probs, want, got != nil)
	}
}
