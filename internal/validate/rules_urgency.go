package validate

import "github.com/mla-dev/mla/internal/profile"

// urgencyRules are the findings on an urgent request that depend on the
// requested state: a limitation date the state's guidance asks for, and
// the reminder that a request made urgently by other means must be
// confirmed in writing. The profile fact that makes each apply is its
// source.
func urgencyRules(root map[string]any, p *profile.Profile) []Finding {
	u := child(root, "urgency")
	if u == nil || u["level"] != "urgent" {
		return nil
	}
	var out []Finding
	if req, ok := p.Facts[profile.RequireUrgentLimitationDate]; ok {
		if s, _ := u["limitation_date"].(string); s == "" {
			out = append(out, Finding{
				Pointer: "/urgency/limitation_date", Rule: "urgency.limitation_date",
				Source: req.Source, Args: map[string]any{"Field": "/urgency/limitation_date"},
			})
		}
	}
	if req, ok := p.Facts[profile.RequireUrgentConfirmInWriting]; ok {
		out = append(out, Finding{
			Pointer: "/urgency/level", Rule: "urgency.confirm_in_writing",
			Source: req.Source, Args: map[string]any{"Field": "/urgency/level"},
		})
	}
	return out
}
