package cli

import (
	"regexp"
	"strings"
	"testing"
)

var digits = regexp.MustCompile(`[0-9]+`)

// withoutFurniture removes the running header and footer from pdftotext
// output (pages separated by form feeds): the lines among the first and
// last few of a page that, digits aside, recur there on most pages. What is
// left is the body, so that a paragraph broken across two pages reads as
// one.
func withoutFurniture(text string) string {
	const edge = 4 // lines at the top and at the bottom that may be furniture (header, page counter, a footer note of two lines)
	pages := strings.Split(text, "\f")
	if len(pages) < 3 {
		return text
	}
	key := func(l string) string { return digits.ReplaceAllString(strings.TrimSpace(l), "#") }
	lines := make([][]string, len(pages))
	seen := map[string]int{}
	for i, p := range pages {
		for _, l := range strings.Split(p, "\n") {
			if strings.TrimSpace(l) != "" {
				lines[i] = append(lines[i], l)
			}
		}
		once := map[string]bool{}
		for j, l := range lines[i] {
			if k := key(l); (j < edge || j >= len(lines[i])-edge) && !once[k] {
				once[k] = true
				seen[k]++
			}
		}
	}
	var b strings.Builder
	for i := range pages {
		for j, l := range lines[i] {
			if (j < edge || j >= len(lines[i])-edge) && seen[key(l)]*2 > len(pages) {
				continue
			}
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestWithoutFurniture(t *testing.T) {
	pages := []string{
		"Ref. 7\nfirst page body\nPage 1 of 3",
		"Ref. 7\nsecond body, a paragraph broken\nPage 2 of 3",
		"Ref. 7\nacross the page\nPage 3 of 3",
	}
	got := squeeze(withoutFurniture(strings.Join(pages, "\f")))
	if want := "firstpagebodysecondbody,aparagraphbrokenacrossthepage"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
