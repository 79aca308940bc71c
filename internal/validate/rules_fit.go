package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mla-dev/mla/internal/casefacts"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

// comparableFit checks each comparable offence the request would cite
// against the case's facts (offences.FitOf): one the facts rule out is
// left out of the request and reported (dual_criminality.unfit); one the
// facts do not allow to check is reported for the reviewer to check
// (dual_criminality.fit_unchecked). A state that asks for no comparable
// offences (profile.OffenceTextOnly) is sent none, so none is checked.
func (rv StateReview) comparableFit(root map[string]any, c *casefile.Case) []Finding {
	if rv.Offences == nil || c == nil {
		return nil
	}
	if _, textOnly := rv.Profile.Facts[profile.OffenceTextOnly]; textOnly {
		return nil
	}
	state := strings.ToUpper(rv.Profile.Code)
	if !contains(rv.Offences.States(), state) {
		return nil
	}
	cited := map[string]bool{}
	for _, o := range c.Matter.Offences {
		cited[o.ID] = true
	}
	var out []Finding
	for i, o := range c.Matter.Offences {
		e, ok := rv.Offences.Offence(o.ID)
		if !ok {
			continue
		}
		a, ok := rv.Offences.Assessment(state, o.ID)
		if !ok || (a.SharedWith != "" && cited[a.SharedWith]) {
			continue // set out with the article it repeats
		}
		facts := casefacts.OffenceFacts(c, state, o)
		var unfit, unchecked List
		var unfitWhy, uncheckedWhy []offences.Misfit
		for _, q := range a.Equivalents {
			fit := offences.FitOf(q.Scope, facts)
			if !fit.Fits() {
				unfit = append(unfit, q.Citation)
				unfitWhy = appendNew(unfitWhy, fit.Unfit...)
				continue
			}
			if len(fit.Unchecked) > 0 {
				unchecked = append(unchecked, q.Citation)
				uncheckedWhy = appendNew(uncheckedWhy, fit.Unchecked...)
			}
		}
		ptr := fmt.Sprintf("/case/offences/%d/id", i)
		if len(unfit) > 0 {
			out = append(out, Finding{
				Pointer: ptr, Rule: "dual_criminality.unfit",
				Source: "templates/" + strings.ToLower(state) + "/equivalents.json",
				Args:   map[string]any{"Field": ptr, "Offence": rv.cite(e), "Citations": unfit, "Reasons": misfitLabels("finding.fit.", unfitWhy)},
			})
		}
		if len(unchecked) > 0 {
			out = append(out, Finding{
				Pointer: ptr, Rule: "dual_criminality.fit_unchecked",
				Source: "templates/" + strings.ToLower(state) + "/equivalents.json",
				Args:   map[string]any{"Field": ptr, "Offence": rv.cite(e), "Citations": unchecked, "Reasons": misfitLabels("finding.fit_unchecked.", uncheckedWhy)},
			})
		}
	}
	return out
}

// appendNew appends the misfits not yet in list, keeping their order.
func appendNew(list []offences.Misfit, ms ...offences.Misfit) []offences.Misfit {
	for _, m := range ms {
		if !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return list
}

// misfitLabels names the misfits in the reader's language, in a fixed order.
func misfitLabels(prefix string, ms []offences.Misfit) List {
	var out List
	for _, m := range []offences.Misfit{offences.MisfitThreshold, offences.MisfitRegion, offences.MisfitOfficial} {
		if slices.Contains(ms, m) {
			out = append(out, Label(prefix+string(m)))
		}
	}
	return out
}
