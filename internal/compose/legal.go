package compose

import (
	"github.com/mla-dev/mla/internal/casefacts"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

// applies reports whether a template section's condition holds for the case.
func (k *composer) applies(when string) bool {
	switch when {
	case "":
		return true
	case "assets":
		return k.concernsProperty()
	case "death_penalty":
		return len(k.deathOffences()) > 0
	}
	return false
}

// concernsProperty reports whether the case lists property or asks for it
// to be frozen, seized or confiscated.
func (k *composer) concernsProperty() bool {
	if len(k.c.Assets) > 0 || k.c.AssetRecovery != nil {
		return true
	}
	for _, a := range k.c.Assistance {
		if a.Type == "freeze_seize" || a.Type == "confiscate_return" {
			return true
		}
	}
	return false
}

// cited is a cited offence with its catalogue entry.
type cited struct {
	casefile.Offence
	info Offence
}

// deathOffences returns the cited offences that can carry the death penalty.
func (k *composer) deathOffences() []cited {
	var out []cited
	for _, o := range k.c.Matter.Offences {
		if info, ok := k.lookup(o.ID); ok && info.DeathPenalty {
			out = append(out, cited{o, info})
		}
	}
	return out
}

// legalBasis states the instrument the request is made under, its entry
// into force, UNCAC art. 46(7), and the rules on contents and language the
// request follows (ICJAL art. 10).
func (k *composer) legalBasis() {
	k.add(document.Paragraph{Text: k.msgT("request.legal_basis.instrument", map[string]any{
		"Instrument": k.factT("instrument"),
		"Signed":     k.factT("signed"),
		"InForce":    k.factT("in_force"),
	})})
	k.add(document.Paragraph{Text: k.msgT("request.legal_basis.uncac", map[string]any{
		"UNCAC":           k.factT("uncac_party"),
		"InstrumentShort": k.factT("instrument_short"),
	})})
	if _, ok := k.in.Profile.Facts["contents_article"]; ok {
		k.add(document.Paragraph{Text: k.msgT("request.legal_basis.contents", map[string]any{
			"Article": k.factT("contents_article"),
		})})
	}
	k.add(document.Paragraph{Text: k.msgT("request.legal_basis.language", map[string]any{
		"Language": k.factT("language"),
	})})
}

// dualCriminality shows, offence by offence, that the conduct is criminal
// in both states by its substance (UNCAC art. 43(2)): the conduct, and the
// comparable offences of the requested state with their maximum penalties.
// A comparable offence whose scope the case's facts rule out (a threshold
// above the case's amounts, another state's or territory's law, other
// kinds of official) is left out; the review reports it. A state that asks
// only for the offence's text and penalty gets the conduct alone.
func (k *composer) dualCriminality() {
	k.add(document.Paragraph{Text: k.msg("request.dual.intro", nil)})
	if _, ok := k.in.Profile.Facts["uncac_43_2"]; ok {
		for _, q := range pairParas(k.fact("uncac_43_2")) {
			k.add(document.Paragraph{Style: document.Quote, Text: q})
		}
	}
	// A state that asks only for the offence's text and maximum penalty
	// (Australia) is not offered comparable offences of its own law.
	_, textOnly := k.in.Profile.Facts[profile.OffenceTextOnly]
	if textOnly {
		k.add(document.Paragraph{Text: k.msgT("request.dual.method_text_only", map[string]any{"State": k.stateName()})})
	} else {
		k.add(document.Paragraph{Text: k.msgT("request.dual.method", map[string]any{"State": k.stateName()})})
	}
	citedIDs := map[string]bool{}
	for _, o := range k.c.Matter.Offences {
		citedIDs[o.ID] = true
	}
	n := 0
	for _, o := range k.c.Matter.Offences {
		info, ok := k.lookup(o.ID)
		if !ok {
			continue
		}
		var eq Equivalence
		found := false
		if k.in.Equivalents != nil {
			eq, found = k.in.Equivalents.Equivalence(k.in.Profile.Code, o.ID)
		}
		if found && eq.SharedWith != "" && citedIDs[eq.SharedWith] {
			continue // set out with the article whose penalty this one fixes
		}
		n++
		num := k.number("request.number.item", n)
		head := k.msgT("request.law.offence_heading", map[string]any{"Citation": info.Citation, "Charge": info.Charge})
		k.add(document.Paragraph{Style: document.Bold, Text: document.Text{Orig: num.Orig + head.Orig, Trans: num.Trans + head.Trans}})
		conduct, has := k.optText(o.Conduct)
		if !has {
			conduct = k.msg("request.dual.conduct_in_facts", nil)
		}
		k.add(document.Paragraph{Text: k.labelled(k.msg("request.law.conduct", nil), conduct)})
		facts := casefacts.OffenceFacts(k.c, k.in.Profile.Code, o)
		var fitting []Comparable
		for _, c := range eq.Comparables {
			if offences.FitOf(c.Scope, facts).Fits() {
				fitting = append(fitting, c)
			}
		}
		switch {
		case textOnly:
		case !found:
			k.add(document.Paragraph{Text: k.msg("request.dual.no_table", nil)})
		case eq.NoneKnown || len(fitting) == 0:
			k.add(document.Paragraph{Text: k.msg("request.dual.none_listed", nil)})
		default:
			k.add(document.Paragraph{Text: k.msgT("request.dual.comparable_intro", map[string]any{"State": k.stateName()})})
			var list []document.Text
			for _, c := range fitting {
				list = append(list, k.comparable(c))
			}
			k.add(document.List{Items: list})
		}
	}
	if t, ok := k.optText(k.c.Matter.DualCriminality); ok {
		k.subheading("request.dual.argument")
		k.paragraphs(t)
	}
	if !textOnly {
		k.add(document.Paragraph{Style: document.Small, Text: k.msg("request.dual.note", nil)})
	}
}

// comparable writes one comparable offence: citation, description, maximum
// penalty and the condition under which it applies.
func (k *composer) comparable(c Comparable) document.Text {
	t := k.msgT("request.dual.comparable", map[string]any{"Citation": c.Citation, "Description": c.Description})
	if c.MaxPenalty.In("zh") != "" {
		p := k.msgT("request.dual.comparable_penalty", map[string]any{"Penalty": c.MaxPenalty})
		t = document.Text{Orig: t.Orig + p.Orig, Trans: t.Trans + p.Trans}
	}
	if c.AppliesWhen.In("zh") != "" {
		w := k.msgT("request.dual.applies_when", map[string]any{"Condition": c.AppliesWhen})
		t = document.Text{Orig: t.Orig + w.Orig, Trans: t.Trans + w.Trans}
	}
	if k.in.Draft && !c.Confirmed {
		m := k.msg("request.unconfirmed_mark", nil)
		t = document.Text{Orig: t.Orig + m.Orig, Trans: t.Trans + m.Trans}
	}
	return t
}

// assetRecovery asks for the return of confiscated property (UNCAC art.
// 57(3)) and sets out any sharing proposal (UNCAC art. 57(4), (5); ICJAL
// art. 49), citing the bilateral sharing agreement where one exists.
func (k *composer) assetRecovery() {
	r := k.c.AssetRecovery
	k.add(document.Paragraph{Text: k.msg("request.recovery.intro", nil)})
	if r == nil {
		k.add(document.Paragraph{Text: k.missing()})
		return
	}
	k.add(document.Paragraph{Text: k.labelled(k.msg("request.recovery.basis", nil), k.ctext(r.ReturnBasis))})
	if _, ok := k.in.Profile.Facts["asset_sharing_agreement"]; ok {
		k.add(document.Paragraph{Text: k.msgT("request.recovery.agreement", map[string]any{"Agreement": k.factT("asset_sharing_agreement")})})
	}
	if s := r.Sharing; s != nil {
		k.add(document.Paragraph{Text: k.labelled(k.msg("request.recovery.sharing", nil), k.ctext(s.Proposal))})
		if s.DeductExpenses {
			k.add(document.Paragraph{Text: k.msg("request.recovery.expenses", nil)})
		}
		k.add(document.Paragraph{Text: k.msg("request.recovery.case_by_case", nil)})
	}
}

// deathPenalty says which cited offences can carry the death penalty and
// points to the sentencing commitment (Australia's and New Zealand's
// refusal grounds turn on it).
func (k *composer) deathPenalty() {
	d := k.deathOffences()
	if len(d) == 0 {
		k.add(document.Paragraph{Text: k.msg("request.death.none", nil)})
		return
	}
	var names []document.Text
	for _, o := range d {
		names = append(names, k.text(o.info.Citation))
	}
	k.add(document.Paragraph{Text: k.msgT("request.death.offences", map[string]any{"Offences": k.bi(k.join(names))})})
	if k.c.Assurances.Sentencing != nil {
		k.add(document.Paragraph{Text: k.msg("request.death.assured", nil)})
	} else {
		k.add(document.Paragraph{Text: k.missing()})
	}
}

// sentencing writes the commitment on sentencing (ICJAL art. 11): what is
// committed, for whom, who decides it and who gives it. A state may use its
// own form (labels.sentencing; New Zealand: Crown Law's wording).
func (k *composer) sentencing() []document.Text {
	s := k.c.Assurances.Sentencing
	if s == nil {
		return nil
	}
	var names []document.Text
	for _, id := range s.Persons {
		names = append(names, k.personName(id))
	}
	id := k.labelID("sentencing", "request.assurance.sentencing")
	out := []document.Text{k.msgT(id, map[string]any{"Persons": k.bi(k.join(names))})}
	giver := "request.assurance.sentencing_by_mfa"
	if s.GivenBy == "liaison_authority" {
		giver = "request.assurance.sentencing_by_liaison"
	}
	out = append(out, k.msgT(giver, map[string]any{"CentralAuthority": k.factT("requesting_central_authority")}))
	return out
}

// labelID returns the template's wording for a label, or the default.
func (k *composer) labelID(key, def string) string {
	if k.in.Template != nil {
		if id, ok := k.in.Template.Labels[key]; ok {
			return id
		}
	}
	return def
}

// stateName is the requested state's short name.
func (k *composer) stateName() bilingual { return k.bi(k.text(k.in.Profile.ShortName)) }
