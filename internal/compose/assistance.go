package compose

import (
	"sort"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
)

func sortStrings(s []string) { sort.Strings(s) }

// assistance composes one subsection per item of assistance requested,
// with the details its type calls for (ICJAL arts. 21, 26, 32, 35, 40, 48;
// UNCAC arts. 46(15), 55(3)), then the clauses the requested state's
// template adds for that type.
func (k *composer) assistance() {
	k.add(document.Paragraph{Text: k.msg("request.assistance.intro", nil)})
	for i := range k.c.Assistance {
		a := &k.c.Assistance[i]
		num := k.number("request.number.item", i+1)
		typ := k.label("assistance.type", a.Type)
		k.add(document.Heading{Level: 2, Outline: true, Number: a.ID, Text: document.Text{
			Orig:  num.Orig + typ.Orig + k.loc.T(k.orig, "format.aside", map[string]any{"Text": a.ID}),
			Trans: num.Trans + typ.Trans + k.loc.T(k.trans, "format.aside", map[string]any{"Text": a.ID}),
		}})
		k.add(document.Paragraph{Text: k.ctext(a.Description)})
		if f := k.assistFields(a); len(f) > 0 {
			k.add(document.Fields{Items: f})
		}
		if len(a.Questions) > 0 {
			k.add(document.Paragraph{Text: k.msg("assistance.questions", nil)})
			var qs []document.Text
			for _, q := range a.Questions {
				qs = append(qs, k.ctext(q))
			}
			k.add(document.List{Items: qs, Numbered: true})
		}
		for _, id := range a.Assets {
			if s, ok := k.assets[id]; ok {
				k.add(document.Paragraph{Style: document.Bold, Text: k.msgT("assistance.asset_heading", map[string]any{"ID": s.ID, "Type": k.bi(k.label("asset.type", s.Type))})})
				k.add(document.Fields{Items: k.assetFields(s)})
			}
		}
		k.grounds(a)
		k.measureLaw(a)
		for _, id := range k.typeClauses(a) {
			k.add(document.Paragraph{Text: k.msg(id, nil)})
		}
		if t, ok := k.optText(a.Procedure); ok {
			k.add(document.Paragraph{Text: k.labelled(k.msg("assistance.procedure", nil), t)})
		}
		for _, id := range k.in.templateClauses(a.Type) {
			k.add(document.Paragraph{Text: k.msg(id, nil)})
		}
		k.add(document.Paragraph{Text: k.labelled(k.msg("assistance.purpose", nil), k.ctext(a.Purpose))})
	}
	k.otherAssets()
}

// otherAssets lists the property the case names that no item asks to be
// frozen, seized or confiscated, so that every asset of the case is in the
// request.
func (k *composer) otherAssets() {
	shown := map[string]bool{}
	for _, a := range k.c.Assistance {
		for _, id := range a.Assets {
			shown[id] = true
		}
	}
	first := true
	for i := range k.c.Assets {
		s := &k.c.Assets[i]
		if shown[s.ID] {
			continue
		}
		if first {
			k.subheading("assistance.other_assets")
			first = false
		}
		k.add(document.Paragraph{Style: document.Bold, Text: k.msgT("assistance.asset_heading", map[string]any{"ID": s.ID, "Type": k.bi(k.label("asset.type", s.Type))})})
		k.add(document.Fields{Items: k.assetFields(s)})
	}
}

// templateClauses returns the clauses the state's template adds to an
// assistance type.
func (in Input) templateClauses(typ string) []string {
	if in.Template == nil {
		return nil
	}
	return in.Template.Clauses[typ]
}

// grounds writes the facts that justify a coercive measure, under the
// state's heading (probable cause, reasonable grounds), or the grounds for
// confiscation.
func (k *composer) grounds(a *casefile.Assist) {
	t, ok := k.optText(a.Grounds)
	if !ok {
		return
	}
	label := k.labelID("grounds", "assistance.grounds")
	if a.Type == "confiscate_return" {
		label = "assistance.confiscation_grounds"
	}
	k.add(document.Paragraph{Style: document.Bold, Text: k.msg(label, nil)})
	k.paragraphs(t)
}

// measureLaw writes, for freezing and confiscation, the copies of legal
// documents attached, the legal provisions on the measure and on third
// parties (ICJAL arts. 40(3)-(4), 48(4)-(5)), and for confiscation the
// notice given to third parties and the extent of execution sought (UNCAC
// art. 55(3)(b)).
func (k *composer) measureLaw(a *casefile.Assist) {
	if len(a.LegalDocuments) > 0 {
		var docs []document.Text
		for _, id := range a.LegalDocuments {
			docs = append(docs, k.evidenceTitle(id))
		}
		k.add(document.Paragraph{Text: k.labelled(k.msg("assistance.legal_documents", nil), k.join(docs))})
	}
	if t, ok := k.optText(a.LegalProvisions); ok {
		k.add(document.Paragraph{Text: k.labelled(k.msg("assistance.legal_provisions", nil), t)})
	}
	if t, ok := k.optText(a.ThirdParties); ok {
		k.add(document.Paragraph{Text: k.labelled(k.msg("assistance.third_parties", nil), t)})
	}
	if t, ok := k.optText(a.Extent); ok {
		k.add(document.Paragraph{Text: k.labelled(k.msg("assistance.extent", nil), t)})
	}
}

// evidenceTitle names an evidence item: "E24 冻结决定书" / "E24 Freezing decision".
func (k *composer) evidenceTitle(id string) document.Text {
	for _, e := range k.c.Evidence {
		if e.ID == id {
			t := k.ctext(e.Title)
			return document.Text{Orig: id + " " + t.Orig, Trans: id + " " + t.Trans}
		}
	}
	return document.Same(id)
}

// typeClauses are the standard clauses of each type, from the template
// (templates/assistance.json): what the requesting side asks about the form
// of execution. A type the file does not list takes the clauses of "*".
func (k *composer) typeClauses(a *casefile.Assist) []string {
	if k.in.Template == nil {
		return nil
	}
	clauses, ok := k.in.Template.TypeClauses[a.Type]
	if !ok {
		clauses = k.in.Template.TypeClauses["*"]
	}
	var out []string
	for _, c := range clauses {
		if c.If != "" && !clauseFlag(a, c.If) || c.Unless != "" && clauseFlag(a, c.Unless) {
			continue
		}
		out = append(out, c.Message)
	}
	return out
}

// clauseFlag is the value of one of profile.ClauseFlags for an item.
func clauseFlag(a *casefile.Assist, flag string) bool {
	switch flag {
	case "certification":
		return a.Certify
	case "content":
		return a.Content
	case "under_oath":
		return a.UnderOath
	case "video_link":
		return a.VideoLink
	case "officials_present":
		return a.Presence
	case "order.final":
		return a.Order != nil && a.Order.Final
	}
	panic("compose: clause flag " + flag + " is not in profile.ClauseFlags")
}

func (k *composer) assistFields(a *casefile.Assist) []document.Field {
	var f []document.Field
	addf := func(id string, v document.Text) {
		f = append(f, document.Field{Label: k.msg(id, nil), Value: v})
	}
	comms := a.Type == "stored_communications"
	if len(a.Persons) > 0 {
		var names []document.Text
		for _, id := range a.Persons {
			names = append(names, k.personName(id))
		}
		addf("assistance.persons", k.join(names))
	}
	if t, ok := k.optText(a.Institution); ok {
		if comms {
			addf("assistance.provider", t)
		} else {
			addf("assistance.institution", t)
		}
	}
	if t, ok := k.optText(a.Address); ok {
		addf("assistance.address", t)
	}
	if len(a.Accounts) > 0 {
		if comms {
			addf("assistance.identifiers", document.Same(strings.Join(a.Accounts, ", ")))
		} else {
			addf("assistance.accounts", document.Same(strings.Join(a.Accounts, ", ")))
		}
	}
	if a.Period != nil {
		addf("assistance.period", k.period(a.Period))
	}
	if len(a.RecordTypes) > 0 {
		var rs []document.Text
		for _, r := range a.RecordTypes {
			rs = append(rs, k.ctext(r))
		}
		addf("assistance.record_types", k.join(rs))
	}
	if len(a.Documents) > 0 {
		var ds []document.Text
		for _, d := range a.Documents {
			ds = append(ds, k.ctext(d))
		}
		addf("assistance.documents", k.join(ds))
	}
	if t, ok := k.optText(a.Rights); ok {
		if a.Type == "testimony" {
			addf("assistance.witness_rights", t)
		} else {
			addf("assistance.rights", t)
		}
	}
	if t, ok := k.optText(a.Protection); ok {
		addf("assistance.protection", t)
	}
	if t, ok := k.optText(a.Allowances); ok {
		addf("assistance.allowances", t)
	}
	if t, ok := k.optText(a.Place); ok {
		addf("assistance.place", t)
	}
	if len(a.Items) > 0 {
		var is []document.Text
		for _, it := range a.Items {
			is = append(is, k.ctext(it))
		}
		id := "assistance.items"
		if a.Type == "expert_evaluation" {
			id = "assistance.objects"
		}
		addf(id, k.join(is))
	}
	if o := a.Order; o != nil {
		addf("assistance.order", k.msgT("assistance.order_value", map[string]any{
			"Court":  o.Court,
			"Date":   k.bi(k.date(o.Date)),
			"Number": o.Number,
		}))
		if o.Final {
			addf("assistance.order_final", k.msg("assistance.order_is_final", nil))
		} else {
			addf("assistance.order_final", k.msg("assistance.order_not_final", nil))
		}
	}
	if ap := a.ConfiscationApplication; ap != nil {
		id := "assistance.confiscation_application_value"
		if ap.Reference != "" {
			id += "_ref"
		}
		addf("assistance.confiscation_application", k.msgT(id, map[string]any{
			"Court":     ap.Court,
			"Date":      k.bi(k.date(ap.Date)),
			"Reference": ap.Reference,
		}))
	}
	if len(a.Evidence) > 0 {
		addf("assistance.evidence", document.Same(strings.Join(a.Evidence, ", ")))
	}
	return f
}

func (k *composer) assetFields(s *casefile.Asset) []document.Field {
	var f []document.Field
	addf := func(id string, v document.Text) {
		f = append(f, document.Field{Label: k.msg(id, nil), Value: v})
	}
	addf("asset.description", k.ctext(s.Description))
	addf("asset.location", k.ctext(s.Location))
	if t, ok := k.optText(s.Holder); ok {
		addf("asset.holder", t)
	}
	if t, ok := k.optText(s.Institution); ok {
		addf("asset.institution", t)
	}
	if s.Account != "" {
		addf("asset.account", document.Same(s.Account))
	}
	if s.Value != nil {
		addf("asset.value", document.Same(money(s.Value)))
	}
	if s.Acquired != "" {
		addf("asset.acquired", k.date(s.Acquired))
	}
	addf("asset.link", k.ctext(s.Link))
	if t, ok := k.optText(s.ProofOfTitle); ok {
		addf("asset.proof_of_title", t)
	}
	if s.Owner != "" {
		addf("asset.owner", k.personName(s.Owner))
	}
	if len(s.Evidence) > 0 {
		addf("asset.evidence", document.Same(strings.Join(s.Evidence, ", ")))
	}
	return f
}

// links states, for each item of assistance, how it relates to the case
// (ICJAL art. 13(5)).
func (k *composer) links() {
	var items, labels []document.Text
	for i := range k.c.Assistance {
		a := &k.c.Assistance[i]
		items = append(items, k.ctext(a.Link))
		labels = append(labels, k.msgT("request.link.label", map[string]any{"N": bilingual{k.orig: numeralFor(k.orig, i+1), k.trans: numeralFor(k.trans, i+1)}, "ID": a.ID}))
	}
	if len(items) == 0 {
		k.add(document.Paragraph{Text: k.missing()})
		return
	}
	k.add(document.List{Items: items, Labels: labels})
}
