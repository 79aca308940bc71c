package validate

import "github.com/mla-dev/mla/internal/profile"

// perGuideline is how many items failing one guideline get a finding each;
// the others share one finding that counts them and names at most
// namedMore of them, so that a case of thousands of items gives the
// reviewer a report to read, not thousands of findings on one point.
const (
	perGuideline = 5
	namedMore    = 50
)

// evidenceGuideRules are the review notes of the requested state's
// evidence-list guidelines (templates/<cc>/evidence-guide.json): one for
// each item of the case that fails a guideline's test, at the field tested,
// with the guideline's source; lang is the language of the request's
// translation. A guideline of severity warning gives evidence.guideline, one
// of severity info evidence.guideline_note. Past perGuideline items, one
// finding counts the rest.
func evidenceGuideRules(root map[string]any, p *profile.Profile, lang string) []Finding {
	if p.Guide == nil {
		return nil
	}
	var out []Finding
	for _, res := range p.Guide.Evaluate(root, lang) {
		rule := "evidence.guideline"
		if res.Item.Severity == "info" {
			rule = "evidence.guideline_note"
		}
		failed := res.Failed()
		for i, t := range failed {
			if i == perGuideline {
				rest := failed[i:]
				names := make(List, 0, min(len(rest), namedMore))
				for _, r := range rest[:min(len(rest), namedMore)] {
					names = append(names, itemName(r))
				}
				if len(rest) > namedMore {
					names = append(names, "…")
				}
				out = append(out, Finding{
					Pointer: t.Field, Rule: rule, Source: res.Item.SourceText(), ID: "finding.evidence.guideline_more",
					Args: map[string]any{"Count": len(rest), "Items": names, "Field": t.Field, "Guideline": Label(res.Item.Requirement)},
				})
				break
			}
			out = append(out, Finding{
				Pointer: t.Field, Rule: rule, Source: res.Item.SourceText(),
				Args: map[string]any{"Item": itemName(t), "Field": t.Field, "Guideline": Label(res.Item.Requirement)},
			})
		}
	}
	return out
}

// itemName is the id of an item, or its pointer when it has none.
func itemName(t profile.GuideTarget) string {
	if t.ID != "" {
		return t.ID
	}
	return t.Pointer
}
