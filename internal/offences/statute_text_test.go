package offences

import (
	"errors"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
)

// offencesMD is the research note the catalogue's Chinese text is copied
// from. It lives beside the checkout (shared/legal/OFFENCES.md), not in it.
const offencesMD = "../../../shared/legal/OFFENCES.md"

// statuteBlocks parses §4 of OFFENCES.md: a "### Art. N" heading, then a
// ```text block holding the article verbatim.
func statuteBlocks(md string) map[string]string {
	start := strings.Index(md, "## 4. Chinese statutory text")
	end := strings.Index(md, "## 5. ")
	if start < 0 || end < start {
		return nil
	}
	re := regexp.MustCompile("(?ms)^### Art\\. (\\S+)[^\\n]*\\n+```text\\n(.*?)\\n```")
	out := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(md[start:end], -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestChineseTextIsVerbatimFromOFFENCESmd(t *testing.T) {
	md, err := os.ReadFile(offencesMD)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is not beside this checkout", offencesMD)
	}
	if err != nil {
		t.Fatal(err)
	}
	blocks := statuteBlocks(string(md))
	c := load(t)
	if len(blocks) != len(c.Offences()) {
		t.Errorf("OFFENCES.md §4 has %d articles, the catalogue %d", len(blocks), len(c.Offences()))
	}
	for _, o := range c.Offences() {
		want, ok := blocks[o.Article.Number]
		if !ok {
			t.Errorf("%s: article %s is not in OFFENCES.md §4", o.ID, o.Article.Number)
			continue
		}
		if got := strings.Join(o.Text.ZH, "\n\n"); got != want {
			t.Errorf("%s: the Chinese text differs from OFFENCES.md §4 at rune %d", o.ID, firstDifference(got, want))
		}
	}
}

func firstDifference(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	for i := range ra {
		if i >= len(rb) || ra[i] != rb[i] {
			return i
		}
	}
	return len(ra)
}
