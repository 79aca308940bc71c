package validate

import "fmt"

// videoLinkTerms: testimony by video link is the hearing of a witness
// abroad by the requesting side (ICJAL art. 31); the request states, as
// needed, the witness's rights and obligations, the measures that protect
// the witness and the allowances (ICJAL art. 32(3)-(5)). Each one the item
// lacks is a warning.
func videoLinkTerms(root map[string]any) []Finding {
	var out []Finding
	for i, it := range items(root, "assistance") {
		a := asMap(it)
		if a["type"] != "testimony" || a["video_link"] != true {
			continue
		}
		for _, t := range videoLinkFields {
			if zhOf(a[t.key]) != "" {
				continue
			}
			ptr := fmt.Sprintf("/assistance/%d/%s", i, t.key)
			out = append(out, Finding{Pointer: ptr, Rule: t.rule, Args: map[string]any{"Field": ptr}})
		}
	}
	return out
}

// videoLinkFields are the fields testimony by video link states, with the
// rule that reports each one missing.
var videoLinkFields = []struct{ key, rule string }{
	{"rights_and_obligations", "testimony.video_link_rights_and_obligations_missing"},
	{"protection", "testimony.video_link_protection_missing"},
	{"allowances", "testimony.video_link_allowances_missing"},
}
