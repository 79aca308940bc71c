package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// caseTokens collects from a case file what must never be broken across
// lines: its words, numbers, dates, identifiers and dotted foreign names,
// and the amounts as the documents print them.
func caseTokens(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		// Short plain numbers (a page count, an item number) are left out:
		// two cells side by side read as one of them.
		if short, _ := regexp.MatchString(`^\d{1,4}$`, s); short {
			return
		}
		if len([]rune(s)) >= 2 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	word := regexp.MustCompile(`[A-Za-z]{3,}|\d[\d,.]*\d|\d{4}-\d{2}-\d{2}|[A-Z]+\d+|\p{Han}+·[\p{Han}·]+`)
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(k, x)
			}
		case []any:
			for _, x := range v {
				walk(key, x)
			}
		case string:
			for _, m := range word.FindAllString(v, -1) {
				add(m)
			}
		case float64:
			if key == "amount" && v == float64(int64(v)) {
				add(groupThousands(int64(v)))
			}
		}
	}
	walk("", v)
	// Words of the documents' own columns and findings that were seen broken.
	for _, w := range []string{"property", "Institution", "Documentary", "Warning", "Comment", "date.after_request"} {
		add(w)
	}
	return out
}

// tail and head are the pieces of a token that could end a line and start
// the next.
var (
	tail = regexp.MustCompile(`[A-Za-z0-9_.,·\p{Han}-]+$`)
	head = regexp.MustCompile(`^[A-Za-z0-9_.,·\p{Han}-]+`)
)

var letters = regexp.MustCompile(`^[A-Za-z]+$`)

// unbreakable are words that were seen broken in wide tables and must fit.
var unbreakable = map[string]bool{"property": true, "Institution": true, "Documentary": true, "Warning": true, "Comment": true, "Decision": true}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TestExampleTokensUnbroken generates every example in the parallel and the
// columns layouts and reads the PDFs' text layer line by line: no word,
// number, amount, date, identifier or dotted name of the case is split
// across two lines.
func TestExampleTokensUnbroken(t *testing.T) {
	checker(t, "pdftotext")
	examples := exampleCases(t)
	for _, ex := range examples {
		tokens := caseTokens(t, ex)
		for _, layout := range []string{"parallel", "columns"} {
			name := strings.TrimSuffix(filepath.Base(ex), ".json") + "/" + layout
			t.Run(name, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out")
				if code, _, errs := run(t, nil, generateArgs(t, ex, "--out", out, "--layout", layout)...); code != 0 {
					t.Fatalf("generate: exit %d: %s", code, errs)
				}
				var m struct {
					Options struct{ Layout string } `json:"options"`
				}
				if data, err := os.ReadFile(filepath.Join(out, "manifest.json")); err != nil {
					t.Fatal(err)
				} else if err := json.Unmarshal(data, &m); err != nil {
					t.Fatal(err)
				}
				if m.Options.Layout != layout {
					t.Errorf("manifest options.layout %q, want %q", m.Options.Layout, layout)
				}
				set := map[string]bool{}
				for _, tok := range tokens {
					set[tok] = true
				}
				for _, f := range []string{"request.pdf", "evidence.pdf", "report.pdf"} {
					lines := strings.Split(pdfText(t, filepath.Join(out, f)), "\n")
					for i := 0; i+1 < len(lines); i++ {
						a := tail.FindString(lines[i])
						b := head.FindString(lines[i+1])
						if a == "" || b == "" {
							continue
						}
						joined := strings.TrimSuffix(a, "-") + b
						// A plain word cut with a visible hyphen is the one
						// exception, for a word wider than its column; the
						// words named in must never are not.
						if strings.HasSuffix(a, "-") && set[joined] && letters.MatchString(joined) && !unbreakable[joined] {
							continue
						}
						if set[a+b] || strings.HasSuffix(a, "-") && set[joined] {
							t.Errorf("%s: %q is broken across lines: %q / %q", f, strings.TrimSuffix(a, "-")+b, lines[i], lines[i+1])
						}
					}
				}
			})
		}
	}
}
