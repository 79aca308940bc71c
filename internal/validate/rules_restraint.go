package validate

import (
	"fmt"
	"time"

	"github.com/mla-dev/mla/internal/profile"
)

// Rules on measures a foreign court takes on the request: freezing or
// confiscation abroad needs a court's order or proceedings before a court;
// a court order to be registered abroad goes as a sealed or authenticated
// copy; the grounds of a search are current. Each applies to the states
// whose profile holds its requirement fact, whose source is the finding's
// source.

// charged are the stages at which a person has been charged, or a court
// seized of the case.
var charged = map[any]bool{"prosecution": true, "trial": true, "enforcement": true}

// restraintRules are the rules of this file.
func restraintRules(root map[string]any, p *profile.Profile) []Finding {
	var out []Finding
	out = append(out, courtBasis(root, p)...)
	out = append(out, registrationCopy(root, p)...)
	out = append(out, staleGrounds(root, p)...)
	out = append(out, restraintDates(root)...)
	return out
}

// courtBasis: a freezing or confiscation item rests on a court's order
// (order), on an application to a court for the confiscation of illegal
// gains (confiscation_application), or on proceedings in which a person is
// charged (stage prosecution, trial or enforcement). A freezing decision
// of a supervisory commission or a procuratorate alone is none of these.
// Where the state's courts restrain before foreign proceedings begin (the
// United States), grounds that show why a court will order confiscation
// are enough, and their absence is a warning.
func courtBasis(root map[string]any, p *profile.Profile) []Finding {
	rules := []struct{ fact, rule string }{
		{profile.RequireRestraintCourtBasis, "freeze.court_basis"},
		{profile.RequireRestraintForfeitureBasis, "freeze.forfeiture_basis"},
	}
	stage := child(root, "case")["stage"]
	if charged[stage] {
		return nil
	}
	var out []Finding
	for _, r := range rules {
		req, ok := p.Facts[r.fact]
		if !ok {
			continue
		}
		for i, it := range items(root, "assistance") {
			obj := asMap(it)
			if !assetItem(obj["type"]) || child(obj, "order") != nil || child(obj, "confiscation_application") != nil {
				continue
			}
			// Where the state's court may restrain before proceedings begin,
			// the item's grounds can show why a court will confiscate.
			if r.fact == profile.RequireRestraintForfeitureBasis && !empty(obj["grounds"]) {
				continue
			}
			ptr := fmt.Sprintf("/assistance/%d/order", i)
			out = append(out, Finding{Pointer: ptr, Rule: r.rule, Source: req.Source,
				Args: map[string]any{"Field": ptr, "ID": itemID(obj), "Requirement": req.Value}})
		}
	}
	return out
}

// registrationCopy: a court order sent to be registered and enforced
// abroad is a sealed or an authenticated copy, never a plain one, and the
// case says which.
func registrationCopy(root map[string]any, p *profile.Profile) []Finding {
	req, ok := p.Facts[profile.RequireRegistrationCopy]
	if !ok {
		return nil
	}
	var out []Finding
	for i, it := range items(root, "assistance") {
		obj := asMap(it)
		o := child(obj, "order")
		if !assetItem(obj["type"]) || o == nil {
			continue
		}
		if c := o["copy"]; c == "sealed" || c == "authenticated" {
			continue
		}
		ptr := fmt.Sprintf("/assistance/%d/order/copy", i)
		out = append(out, Finding{Pointer: ptr, Rule: "order.copy_not_authenticated", Source: req.Source,
			Args: map[string]any{"Field": ptr, "ID": itemID(obj), "Requirement": req.Value}})
	}
	return out
}

// staleGrounds: the newest fact supporting a search (the item's
// grounds_date, or else the newest date of the evidence items it lists)
// is at most the state's number of months older than the request.
func staleGrounds(root map[string]any, p *profile.Profile) []Finding {
	req, ok := p.Facts[profile.RequireCurrentSearchGrounds]
	if !ok || req.Months <= 0 {
		return nil
	}
	asked, ok := dateAt(root, "date")
	if !ok {
		return nil
	}
	dated := map[string]time.Time{}
	for _, e := range items(root, "evidence") {
		m := asMap(e)
		id, _ := m["id"].(string)
		if t, ok := dateAt(m, "date"); ok && id != "" {
			dated[id] = t
		}
	}
	var out []Finding
	for i, it := range items(root, "assistance") {
		obj := asMap(it)
		if obj["type"] != "search_seizure" {
			continue
		}
		newest, ok := dateAt(obj, "grounds_date")
		if !ok {
			refs, _ := obj["evidence"].([]any)
			for _, r := range refs {
				id, _ := r.(string)
				if t, has := dated[id]; has && t.After(newest) {
					newest, ok = t, true
				}
			}
		}
		if !ok || !newest.AddDate(0, req.Months, 0).Before(asked) {
			continue
		}
		ptr := fmt.Sprintf("/assistance/%d/grounds", i)
		out = append(out, Finding{Pointer: ptr, Rule: "search.stale_grounds", Source: req.Source,
			Args: map[string]any{"Field": ptr, "ID": itemID(obj), "Date": newest.Format(time.DateOnly),
				"Months": req.Months, "RequestDate": root["date"]}})
	}
	return out
}

// restraintDates: the dates this file's fields add lie before the request.
func restraintDates(root map[string]any) []Finding {
	asked, ok := dateAt(root, "date")
	if !ok {
		return nil
	}
	var out []Finding
	past := func(ptr string, m map[string]any, key string) {
		if t, ok := dateAt(m, key); ok && t.After(asked) {
			ptr += "/" + key
			out = append(out, Finding{Pointer: ptr, Rule: "date.after_request",
				Args: map[string]any{"Field": ptr, "Date": m[key], "RequestDate": root["date"]}})
		}
	}
	for i, it := range items(root, "assistance") {
		obj := asMap(it)
		item := fmt.Sprintf("/assistance/%d", i)
		past(item, obj, "grounds_date")
		if a := child(obj, "confiscation_application"); a != nil {
			past(item+"/confiscation_application", a, "date")
		}
	}
	return out
}

// itemID is the id of a list item for a message, or its absence shown as
// "?" in a draft of an unfinished case (a message never lacks a value).
func itemID(obj map[string]any) string {
	if id, ok := obj["id"].(string); ok && id != "" {
		return id
	}
	return "?"
}
