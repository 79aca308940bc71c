package validate

import (
	"sort"
	"strconv"

	"github.com/mla-dev/mla/internal/casefile"
)

// Some cells of the evidence list join several texts of the case
// (internal/compose, evidence.go): an evidence item's title and its
// description, a person's addresses, an asset's text in Chinese and in
// translation. Each text is within casefile.MaxText (text.too_long), but
// together they may not fit the cell, and generate would refuse the case
// after validate passed it. This rule says so first:
//
//	rule                severity  source
//	text.cell_too_long  error     mla
//
// A list long enough to overflow a cell by its number of items (thousands
// of identity documents of one person) is left to generate, which refuses
// it naming the sheet and cell.
func joinedCells(root map[string]any) []Finding {
	var out []Finding
	check := func(ptr string, n int) {
		if n > casefile.MaxCell {
			out = append(out, Finding{
				Pointer: ptr, Rule: "text.cell_too_long",
				Args: map[string]any{"Field": display(ptr), "Length": n, "Limit": casefile.MaxCell},
			})
		}
	}
	str := func(m map[string]any, keys ...string) string {
		for _, k := range keys[:len(keys)-1] {
			m = asMap(m[k])
		}
		s, _ := m[keys[len(keys)-1]].(string)
		return s
	}
	items := func(key string) []any {
		l, _ := root[key].([]any)
		return l
	}
	for i, v := range items("evidence") {
		e := asMap(v)
		ptr := "/evidence/" + strconv.Itoa(i) + "/title"
		for _, l := range textLangs(asMap(e["title"]), asMap(e["description"])) {
			if d := str(e, "description", l); d != "" {
				// Printed as title, line feed, description.
				check(ptr, casefile.TextLength(str(e, "title", l))+1+casefile.TextLength(d))
			}
		}
	}
	for i, v := range items("persons") {
		addrs, _ := asMap(v)["addresses"].([]any)
		var texts []map[string]any
		for _, a := range addrs {
			texts = append(texts, asMap(asMap(a)["address"]))
		}
		for _, l := range textLangs(texts...) {
			n := 0
			for j, a := range addrs {
				if j > 0 {
					n++ // the line feed between addresses
				}
				n += casefile.TextLength(str(asMap(a), "address", l))
			}
			check("/persons/"+strconv.Itoa(i)+"/addresses", n)
		}
	}
	for i, v := range items("assets") {
		a := asMap(v)
		for _, f := range []string{"location", "holder", "institution", "proof_of_title", "link"} {
			zh := str(a, f, "zh")
			for _, l := range translations(asMap(a[f])) {
				if tr := str(a, f, l); tr != "" && tr != zh {
					// Printed as Chinese, " / ", translation.
					check("/assets/"+strconv.Itoa(i)+"/"+f, casefile.TextLength(zh)+3+casefile.TextLength(tr))
				}
			}
		}
	}
	return dedupe(out) // one finding per item, whichever languages overflow
}

// textLangs returns the languages the localized texts hold, sorted.
func textLangs(texts ...map[string]any) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range texts {
		for k := range t {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
