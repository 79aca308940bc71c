package validate

import "github.com/mla-dev/mla/internal/profile"

// evidenceGuideRules are the review notes of the requested state's evidence-list
// guidelines (templates/<cc>/evidence-guide.json): one for each item of the
// case that fails a guideline's test, at the field tested, with the
// guideline's source; lang is the language of the request's translation.
// A guideline of severity warning gives
// evidence.guideline, one of severity info evidence.guideline_note.
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
		for _, t := range res.Failed() {
			item := t.ID
			if item == "" {
				item = t.Pointer
			}
			out = append(out, Finding{
				Pointer: t.Field, Rule: rule, Source: res.Item.SourceText(),
				Args: map[string]any{"Item": item, "Field": t.Field, "Guideline": Label(res.Item.Requirement)},
			})
		}
	}
	return out
}
