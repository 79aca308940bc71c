package validate

import (
	"fmt"
	"regexp"
	"strings"
)

// provisionCitations (a review note, StateReview.Add): the legal provisions a freezing or confiscation
// request relies on are cited by article, not paraphrased (ICJAL arts.
// 40(4), 48(5): the request states the legal provisions). Each clause of
// the Chinese text of /assistance/N/legal_provisions that names a law
// (《…》) must cite an article of it (第…条); the laws named without one
// are listed in a note.
func provisionCitations(root map[string]any) []Finding {
	var out []Finding
	for i, it := range items(root, "assistance") {
		text := zhOf(asMap(it)["legal_provisions"])
		if text == "" {
			continue
		}
		var laws []string
		seen := map[string]bool{}
		for _, clause := range strings.FieldsFunc(text, func(r rune) bool { return r == '；' || r == '。' || r == '\n' }) {
			if articleCited.MatchString(clause) {
				continue
			}
			for _, m := range lawName.FindAllString(clause, -1) {
				if !seen[m] {
					seen[m] = true
					laws = append(laws, m)
				}
			}
		}
		if len(laws) > 0 {
			ptr := fmt.Sprintf("/assistance/%d/legal_provisions", i)
			out = append(out, Finding{Pointer: ptr, Rule: "legal_provisions.article_missing", Args: map[string]any{
				"Field": ptr, "Laws": strings.Join(laws, "、"),
			}})
		}
	}
	return out
}

var (
	lawName      = regexp.MustCompile(`《[^《》]+》`)
	articleCited = regexp.MustCompile(`第[〇零一二三四五六七八九十百千0-9]+条`)
)
