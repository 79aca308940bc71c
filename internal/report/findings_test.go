package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/render/text"
	"github.com/mla-dev/mla/internal/validate"
)

// TestFindingsGroupedBySection: the text form has the findings of the case
// with ten defects under their sections' headings, in the order of the
// template's sections, each severity in its tone, and the summary last.
func TestFindingsGroupedBySection(t *testing.T) {
	in := review(t, "testdata/review/ten-defects.json")
	doc := Findings(FindingsInput{Report: in.Report, Template: in.Template, Catalog: in.Catalog, Lang: "en", Name: "case.json"})
	var lines int
	heading := ""
	secs := validate.Sections(in.Template)
	next := 0 // the index in secs past the last heading seen
	for _, b := range doc.Blocks {
		switch b := b.(type) {
		case document.Heading:
			heading = b.Text.Orig
			found := false
			for next < len(secs) && !found {
				h, _ := in.Catalog.T("en", secs[next].Heading, nil)
				found = h == heading
				next++
			}
			if !found {
				t.Errorf("heading %q out of the order of the sections", heading)
			}
		case document.Line:
			lines++
			if heading == "" {
				t.Errorf("finding %q before any heading", b.Text().Orig)
			}
			sev := b.Spans[0]
			if want := map[string]document.Tone{"ERROR": document.Alert, "WARNING": document.Caution, "NOTE": document.Notice}[sev.Text.Orig]; sev.Tone != want {
				t.Errorf("severity %q in tone %d", sev.Text.Orig, sev.Tone)
			}
		}
	}
	if lines != len(in.Report.Findings) {
		t.Errorf("%d finding lines for %d findings", lines, len(in.Report.Findings))
	}
	last, ok := doc.Blocks[len(doc.Blocks)-1].(document.Paragraph)
	if !ok || !strings.Contains(last.Text.Orig, "case.json") {
		t.Errorf("last block %#v is not the summary", doc.Blocks[len(doc.Blocks)-1])
	}
}

var colours = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestFindingsShowCaseValues: a pointer, a file name and a state taken from
// a case reach the terminal with their control and invisible characters
// spelled out, coloured or not.
func TestFindingsShowCaseValues(t *testing.T) {
	in := review(t, "testdata/review/ten-defects.json")
	r := *in.Report
	r.State = "U\u202eS"
	r.Findings = []validate.Finding{{Severity: validate.Error, Pointer: "/persons/0/x\x1b[2K", Rule: "r", Message: map[string]string{"en": "m"}}}
	doc := Findings(FindingsInput{Report: &r, Catalog: in.Catalog, Lang: "en", Name: "a\x1b]0;t\a.json"})
	for _, colour := range []bool{false, true} {
		var b bytes.Buffer
		if err := text.Render(&b, doc, text.Options{Colour: colour}); err != nil {
			t.Fatal(err)
		}
		out := colours.ReplaceAllString(b.String(), "") // the renderer's own
		if strings.ContainsAny(out, "\x1b\a\u202e") {
			t.Errorf("raw control character in %q", b.String())
		}
		for _, want := range []string{"/persons/0/x<U+001B>[2K", "a<U+001B>]0;t<U+0007>.json", "U<U+202E>S"} {
			if !strings.Contains(out, want) {
				t.Errorf("no %q in %q", want, out)
			}
		}
	}
}
