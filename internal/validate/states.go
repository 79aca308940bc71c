package validate

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync"

	"github.com/mla-dev/mla/internal/casefacts"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

// Rules on the legal substance of a request and on what each requested
// state requires. Validate runs stateRules; the review notes that depend on
// the language of the translation or on the offence tables are added by
// Review.Add, after validation, for the reviewer. Each rule's severity,
// legal source and message are in templates/rules.json; a rule marked
// "requirement" there appends the source of the state's requirement (a
// profile fact) to its own.
//
//	asset.proof_of_title_missing, testimony.whereabouts_missing,
//	confiscation.order_not_final, asset_recovery.missing, ref.unresolved
//	(legal_documents, asset evidence, sentencing persons), date.after_request
//	(case opened after the request), assurance.sentencing_missing,
//	assurance.sentencing_incomplete, assurance.reciprocity_missing,
//	translation.unsupported, freeze.court_basis, freeze.forfeiture_basis,
//	order.copy_not_authenticated, search.stale_grounds (rules_restraint.go)
//
// Review.Add:
//
//	translation.missing, offence.translation_missing, dual_criminality.weak,
//	dual_criminality.none_known, dual_criminality.unconfirmed,
//	dual_criminality.no_table, search.punishability, evidence.guideline,
//	evidence.guideline_note

// legalState is what the state rules read besides the case and the
// registry's profiles: the offence catalogue, loaded once per Validator.
type legalState struct {
	once    sync.Once
	catalog *offences.Catalog
}

// offenceCatalog returns the Validator's catalogue, or the one in its
// assets; nil when neither can be read (the rules that need it are skipped).
func (v *Validator) offenceCatalog() *offences.Catalog {
	if v.Offences != nil {
		return v.Offences
	}
	v.legal.once.Do(func() {
		if c, err := offences.Load(v.assets); err == nil {
			v.legal.catalog = c
		}
	})
	return v.legal.catalog
}

// stateProfile returns the profile of a requested state from the registry,
// or nil. Validate has loaded it already and returned any error.
func (v *Validator) stateProfile(state string) *profile.Profile {
	p, _, _ := v.Registry.Load(state)
	return p
}

// stateRules are the rules of this file that Validate runs.
func (v *Validator) stateRules(raw any, state string) []Finding {
	root := asMap(raw)
	if root == nil {
		return nil
	}
	var out []Finding
	var dummy []Finding
	ids := collectIDs(root, &dummy) // duplicates are reported by rules
	out = append(out, newReferences(root, ids)...)
	out = append(out, assetRules(root, ids)...)
	out = append(out, whereabouts(root, ids)...)
	out = append(out, openedDate(root)...)
	out = append(out, consistencyRules(root)...)
	out = append(out, videoLinkTerms(root)...)
	if p, t, _ := v.Registry.Load(state); p != nil {
		out = append(out, functionsRule(root, t)...)
		out = append(out, annexTranslations(root, p)...)
		out = append(out, translationChoice(root, p)...)
		out = append(out, reciprocity(root, p)...)
		out = append(out, urgencyRules(root, p)...)
		out = append(out, restraintRules(root, p)...)
		if cat := v.offenceCatalog(); cat != nil {
			out = append(out, sentencing(root, p, cat)...)
		}
	}
	return out
}

func items(root map[string]any, key string) []any {
	l, _ := root[key].([]any)
	return l
}

// newReferences checks the references of the fields this file added to the
// format: copies of legal documents, an asset's evidence, the persons a
// sentencing commitment covers.
func newReferences(root map[string]any, ids idIndex) []Finding {
	var refs []ref
	add := func(ptr string, v any, target string) {
		arr, _ := v.([]any)
		for j, x := range arr {
			if s, ok := x.(string); ok && listByKey(target).pattern.MatchString(s) {
				refs = append(refs, ref{fmt.Sprintf("%s/%d", ptr, j), s, target})
			}
		}
	}
	for i, it := range items(root, "assistance") {
		add(fmt.Sprintf("/assistance/%d/legal_documents", i), asMap(it)["legal_documents"], "evidence")
	}
	for i, a := range items(root, "assets") {
		add(fmt.Sprintf("/assets/%d/evidence", i), asMap(a)["evidence"], "evidence")
	}
	if s := child(child(root, "assurances"), "sentencing"); s != nil {
		add("/assurances/sentencing/persons", s["persons"], "persons")
	}
	return unresolved(refs, ids)
}

// assetItem reports whether an assistance type acts on property.
func assetItem(typ any) bool { return typ == "freeze_seize" || typ == "confiscate_return" }

// assetRules: property to be frozen or confiscated needs its proof of
// title (ICJAL arts. 40(1), 48(3)); a confiscation order should be final
// (UNCAC art. 55(3)(b)); and a request about property should say how it is
// to be returned or shared (UNCAC art. 57; ICJAL art. 49).
func assetRules(root map[string]any, ids idIndex) []Finding {
	var out []Finding
	assets := items(root, "assets")
	known := ids["assets"]
	reported := map[int]bool{}
	first := ""
	for i, it := range items(root, "assistance") {
		obj := asMap(it)
		if !assetItem(obj["type"]) {
			continue
		}
		item := fmt.Sprintf("/assistance/%d", i)
		refs, _ := obj["assets"].([]any)
		if first == "" && len(refs) > 0 {
			first = item
		}
		for _, r := range refs {
			id, _ := r.(string)
			k, ok := known[id]
			if !ok || reported[k] {
				continue
			}
			if _, has := asMap(assets[k])["proof_of_title"]; has {
				continue
			}
			reported[k] = true
			ptr := fmt.Sprintf("/assets/%d/proof_of_title", k)
			out = append(out, Finding{
				Pointer: ptr, Rule: "asset.proof_of_title_missing", Args: map[string]any{"Field": ptr, "Item": item},
			})
		}
		if obj["type"] == "confiscate_return" {
			if final, ok := child(obj, "order")["final"].(bool); ok && !final {
				ptr := item + "/order/final"
				out = append(out, Finding{
					Pointer: ptr, Rule: "confiscation.order_not_final", Args: map[string]any{"Field": ptr},
				})
			}
		}
	}
	if first != "" {
		if _, has := root["asset_recovery"]; !has {
			out = append(out, Finding{
				Pointer: "/asset_recovery", Rule: "asset_recovery.missing", Args: map[string]any{"Field": "/asset_recovery", "Item": first},
			})
		}
	}
	return out
}

// whereabouts checks that everyone to be questioned has an address: UNCAC
// art. 46(15)(e) asks for the location of the persons concerned, ICJAL
// arts. 26(1) and 32(1) for the address of the person to be questioned.
func whereabouts(root map[string]any, ids idIndex) []Finding {
	return withoutAddress(root, ids, "testimony", "testimony.whereabouts_missing")
}

// openedDate: the case was opened before the request was made.
func openedDate(root map[string]any) []Finding {
	req, ok := dateAt(root, "date")
	if !ok {
		return nil
	}
	matter := child(root, "case")
	if t, ok := dateAt(matter, "opened"); ok && t.After(req) {
		return []Finding{{
			Pointer: "/case/opened", Rule: "date.after_request",
			Args: map[string]any{"Field": "/case/opened", "Date": matter["opened"], "RequestDate": root["date"]},
		}}
	}
	return nil
}

// translationLang returns the language of the translation: the case's
// choice, or the state's first language.
func translationLang(root map[string]any, p *profile.Profile) string {
	chosen, _ := root["translation"].(string)
	lang, _ := p.TranslationLanguage("", chosen)
	return lang
}

// translationChoice: the case's translation language is one the state takes.
func translationChoice(root map[string]any, p *profile.Profile) []Finding {
	lang, ok := root["translation"].(string)
	if !ok || !langPattern(lang) || contains(p.TranslationLanguages, lang) {
		return nil
	}
	return []Finding{{
		Pointer: "/translation", Rule: "translation.unsupported", Args: map[string]any{"Field": "/translation", "Lang": lang, "Supported": listOf(p.TranslationLanguages)},
	}}
}

func langPattern(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// reciprocity: where no treaty binds the two states, the request must
// promise reciprocity (ICJAL art. 13, last paragraphs).
func reciprocity(root map[string]any, p *profile.Profile) []Finding {
	req, ok := p.Facts[profile.RequireReciprocity]
	if !ok {
		return nil
	}
	a := child(root, "assurances")
	if a == nil {
		return nil // the schema reports the missing assurances
	}
	if v, _ := a["reciprocity"].(bool); v {
		return nil
	}
	return []Finding{{
		Pointer: "/assurances/reciprocity", Rule: "assurance.reciprocity_missing",
		Source: req.Source, Args: map[string]any{"Field": "/assurances/reciprocity"},
	}}
}

// deathOffences lists, in case order, the cited offences that can carry the
// death penalty, with the persons cited for each.
type deathOffence struct {
	index   int
	id      string
	persons []string
	cite    casefile.Text
}

func deathOffences(root map[string]any, cat *offences.Catalog) []deathOffence {
	var out []deathOffence
	for i, o := range items(child(root, "case"), "offences") {
		obj := asMap(o)
		id, _ := obj["id"].(string)
		e, ok := cat.Offence(id)
		if !ok || !e.DeathPenalty {
			continue
		}
		d := deathOffence{index: i, id: id, cite: e.Citation}
		refs, _ := obj["persons"].([]any)
		for _, r := range refs {
			if s, ok := r.(string); ok {
				d.persons = append(d.persons, s)
			}
		}
		out = append(out, d)
	}
	return out
}

// sentencing: where the state refuses assistance in a case that can carry
// the death penalty unless China commits that it will not be imposed or
// carried out, the request must give that commitment, and it must cover
// every person cited for such an offence (ICJAL art. 11).
func sentencing(root map[string]any, p *profile.Profile, cat *offences.Catalog) []Finding {
	req, ok := p.Facts[profile.RequireSentencingAssurance]
	if !ok {
		return nil
	}
	deaths := deathOffences(root, cat)
	if len(deaths) == 0 {
		return nil
	}
	src := req.Source // after the rule's own source (rules file)
	a := child(root, "assurances")
	if a == nil {
		return nil
	}
	s, has := a["sentencing"]
	if !has {
		names := make(List, len(deaths))
		for i, d := range deaths {
			names[i] = d.cite
		}
		return []Finding{{
			Pointer: "/assurances/sentencing", Rule: "assurance.sentencing_missing",
			Source: src, Args: map[string]any{"Field": "/assurances/sentencing", "Offences": names},
		}}
	}
	covered := map[string]bool{}
	refs, _ := asMap(s)["persons"].([]any)
	for _, r := range refs {
		if id, ok := r.(string); ok {
			covered[id] = true
		}
	}
	var out []Finding
	seen := map[string]bool{}
	for _, d := range deaths {
		for _, id := range d.persons {
			if covered[id] || seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, Finding{
				Pointer: "/assurances/sentencing/persons", Rule: "assurance.sentencing_incomplete",
				Source: src, Args: map[string]any{"Field": "/assurances/sentencing/persons", "ID": id, "Offence": d.cite},
			})
		}
	}
	return out
}

// StateReview adds the notes for the expert reviewer that depend on the language
// of the translation and on the tables of comparable offences: missing
// translations, offences the catalogue cannot quote in that language, and
// the strength of dual criminality. It runs after Validate, once the
// requested state's profile is known.
type StateReview struct {
	Profile *profile.Profile
	// Template lists the facts the request relies on; a fact confirmed but
	// not in the translation's language is reported (see AddUnconfirmed).
	Template *profile.Template
	Offences *offences.Catalog
	// Texts are the offence texts in the translation language when the
	// catalogue does not hold that language itself (French); may be nil.
	Texts *profile.OffenceTexts
	// Lang overrides the case's translation language (generate --translation).
	Lang string
}

// Add appends the review notes to r and sorts the findings again.
func (rv StateReview) Add(r *Report, f *casefile.File) {
	if r == nil || f == nil || rv.Profile == nil {
		return
	}
	root := asMap(f.Raw)
	if root == nil {
		return
	}
	lang := rv.Lang
	if lang == "" {
		lang = translationLang(root, rv.Profile)
	}
	var add []Finding
	if rv.Lang != "" && !contains(rv.Profile.TranslationLanguages, rv.Lang) {
		add = append(add, Finding{
			Pointer: "/translation", Rule: "translation.unsupported", Args: map[string]any{"Field": "/translation", "Lang": rv.Lang, "Supported": listOf(rv.Profile.TranslationLanguages)},
		})
	}
	if lang != "" && contains(rv.Profile.TranslationLanguages, lang) {
		add = append(add, missingTranslations(root, lang)...)
		add = append(add, rv.offenceTexts(root, lang)...)
	}
	add = append(add, rv.dualCriminality(root, f.Case)...)
	add = append(add, rv.comparableFit(root, f.Case)...)
	add = append(add, rv.unconfirmedIn(lang)...)
	add = append(add, assuranceRules(root)...)
	add = append(add, provisionCitations(root)...)
	add = append(add, approvalRule(root)...)
	add = append(add, evidenceGuideRules(root, rv.Profile, lang)...)
	r.meta().apply(add)
	taken := map[string]bool{}
	for _, fd := range r.Findings {
		taken[fd.Pointer] = true
	}
	var kept, facts []Finding
	for _, fd := range add {
		switch {
		case fd.Rule == "profile.unconfirmed":
			facts = append(facts, fd)
		case !taken[fd.Pointer] && !takenAbove(taken, fd.Pointer):
			kept = append(kept, fd)
		}
	}
	r.Findings = dedupeFacts(append(append(r.Findings, dedupe(kept)...), facts...))
	sortFindings(f, r.Findings)
	r.Valid = r.Errors() == 0
}

// unconfirmedIn reports the facts the request relies on that are confirmed,
// but not in the wording of the translation's language.
func (rv StateReview) unconfirmedIn(lang string) []Finding {
	if rv.Template == nil {
		return nil
	}
	var out []Finding
	seen := map[string]bool{}
	for _, id := range rv.Template.Relies {
		f, ok := rv.Profile.Facts[id]
		if !ok || !f.Confirmed || f.ConfirmedIn(lang) || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, Finding{
			Pointer: "/requested_state", Rule: "profile.unconfirmed",
			Source: f.Source, Args: map[string]any{"Field": "/requested_state", "Fact": id, "Value": f.Value, "Check": f.Check.Text},
		})
	}
	return out
}

// takenAbove reports whether a finding already concerns a parent of ptr
// (a text lacking every translation is one finding, not two).
func takenAbove(taken map[string]bool, ptr string) bool {
	for {
		i := strings.LastIndexByte(ptr, '/')
		if i <= 0 {
			return false
		}
		ptr = ptr[:i]
		if taken[ptr] {
			return true
		}
	}
}

// missingTranslations reports each localized text that lacks lang.
func missingTranslations(root map[string]any, lang string) []Finding {
	var out []Finding
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["zh"].(string); ok && isText(v) {
				if _, ok := v[lang]; !ok {
					p := ptr + "/" + lang
					out = append(out, Finding{
						Pointer: p, Rule: "translation.missing", Args: map[string]any{"Field": p, "Lang": Label("finding.lang." + lang)},
					})
				}
				return
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(v[k], ptr+"/"+casefile.EscapePointer(k))
			}
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s/%d", ptr, i))
			}
		}
	}
	walk(root, "")
	return out
}

// offenceTexts: the request quotes each cited offence in the translation
// language, so the catalogue (or its translation) must hold it.
func (rv StateReview) offenceTexts(root map[string]any, lang string) []Finding {
	if rv.Offences == nil || lang == "zh" || lang == "en" {
		return nil
	}
	var out []Finding
	for i, o := range items(child(root, "case"), "offences") {
		id, _ := asMap(o)["id"].(string)
		e, ok := rv.Offences.Offence(id)
		if !ok {
			continue
		}
		if rv.Texts != nil && rv.Texts.Has(id) {
			continue
		}
		ptr := fmt.Sprintf("/case/offences/%d/id", i)
		out = append(out, Finding{
			Pointer: ptr, Rule: "offence.translation_missing", Args: map[string]any{"Field": ptr, "Offence": rv.cite(e), "Lang": Label("finding.lang." + lang)},
		})
	}
	return out
}

// dualCriminality turns the offence tables' assessment of each cited
// offence into notes for the reviewer: a weak match or none, comparable
// offences not confirmed from the statute, and, where the state requires a
// search warrant to rest on an offence punishable there by more than one
// year, searches that the tables cannot support.
func (rv StateReview) dualCriminality(root map[string]any, c *casefile.Case) []Finding {
	if rv.Offences == nil {
		return nil
	}
	state := rv.Profile.Code
	offs := items(child(root, "case"), "offences")
	if len(offs) == 0 {
		return nil
	}
	hasTable := contains(rv.Offences.States(), strings.ToUpper(state))
	if !hasTable {
		return []Finding{{
			Pointer: "/case/offences", Rule: "dual_criminality.no_table", Args: map[string]any{"Field": "/case/offences", "State": state},
		}}
	}
	cited := map[string]bool{}
	for _, o := range offs {
		if id, ok := asMap(o)["id"].(string); ok {
			cited[id] = true
		}
	}
	var out []Finding
	var doubtful List // offences without a clear counterpart
	for i, o := range offs {
		id, _ := asMap(o)["id"].(string)
		e, ok := rv.Offences.Offence(id)
		if !ok {
			continue
		}
		a, ok := rv.Offences.Assessment(state, id)
		if !ok || (a.SharedWith != "" && cited[a.SharedWith]) {
			continue // assessed with the article it repeats
		}
		ptr := fmt.Sprintf("/case/offences/%d/id", i)
		facts := casefacts.CaseFacts(c, state)
		if c != nil && i < len(c.Matter.Offences) && c.Matter.Offences[i].ID == id {
			facts = casefacts.OffenceFacts(c, state, c.Matter.Offences[i])
		}
		// Comparable offences the case's facts rule out are no
		// counterpart (dual_criminality.unfit names them).
		fitting := 0
		for _, q := range a.Equivalents {
			if offences.FitOf(q.Scope, facts).Fits() {
				fitting++
			}
		}
		switch {
		case a.NoneKnown || fitting == 0:
			doubtful = append(doubtful, rv.cite(e))
			out = append(out, Finding{
				Pointer: ptr, Rule: "dual_criminality.none_known", Args: map[string]any{"Field": ptr, "Offence": rv.cite(e)},
			})
			continue
		case a.Weak:
			doubtful = append(doubtful, rv.cite(e))
			reason := casefile.Text{}
			if a.WeakReason != nil {
				reason = *a.WeakReason
			}
			out = append(out, Finding{
				Pointer: ptr, Rule: "dual_criminality.weak", Args: map[string]any{"Field": ptr, "Offence": rv.cite(e), "Reason": reason},
			})
		}
		if _, textOnly := rv.Profile.Facts[profile.OffenceTextOnly]; textOnly {
			continue // the request cites none of them
		}
		var cites List
		for _, q := range a.Equivalents {
			if !offences.FitOf(q.Scope, facts).Fits() {
				continue // left out of the request (dual_criminality.unfit)
			}
			penaltyOK := q.MaxPenalty == nil || q.MaxPenalty.Source.Confirmed
			if !q.Confirmed() || !penaltyOK {
				cites = append(cites, q.Citation)
			}
		}
		if len(cites) > 0 {
			out = append(out, Finding{
				Pointer: ptr, Rule: "dual_criminality.unconfirmed",
				Source: "templates/" + strings.ToLower(state) + "/equivalents.json", Args: map[string]any{"Field": ptr, "Offence": rv.cite(e), "Citations": cites},
			})
		}
	}
	if req, ok := rv.Profile.Facts[profile.RequireSearchPunishability]; ok && len(doubtful) > 0 {
		for i, it := range items(root, "assistance") {
			if asMap(it)["type"] != "search_seizure" {
				continue
			}
			item := fmt.Sprintf("/assistance/%d", i)
			out = append(out, Finding{
				Pointer: item + "/type", Rule: "search.punishability",
				Source: req.Source, Args: map[string]any{"Field": item + "/type", "Offence": doubtful, "Item": item},
			})
		}
	}
	return out
}

// cite is an offence's citation for a finding, with its translation from
// the translated catalogue when the request's language has one.
func (rv StateReview) cite(e offences.Offence) casefile.Text {
	c := e.Citation
	if rv.Texts != nil {
		if t, ok := rv.Texts.Offences[e.ID]; ok && t.Citation != "" {
			c = maps.Clone(c) // the catalogue is shared
			c[rv.Texts.Language] = t.Citation
		}
	}
	return c
}
