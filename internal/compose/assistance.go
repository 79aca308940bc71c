package compose

import (
	"sort"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
)

func sortStrings(s []string) { sort.Strings(s) }

// assistance composes one subsection per item of assistance requested,
// with the details its type calls for (ICJAL arts. 21, 26, 32, 40, 48).
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
		for _, flag := range []struct {
			on bool
			id string
		}{
			{a.Certify, "assistance.certification"},
			{a.UnderOath, "assistance.under_oath"},
			{a.VideoLink, "assistance.video_link"},
			{a.Presence, "assistance.officials_present"},
		} {
			if flag.on {
				k.add(document.Paragraph{Text: k.msg(flag.id, nil)})
			}
		}
		if t, ok := k.optText(a.Procedure); ok {
			k.add(document.Paragraph{Text: k.labelled(k.msg("assistance.procedure", nil), t)})
		}
		k.add(document.Paragraph{Text: k.labelled(k.msg("assistance.purpose", nil), k.ctext(a.Purpose))})
	}
}

func (k *composer) assistFields(a *casefile.Assist) []document.Field {
	var f []document.Field
	addf := func(id string, v document.Text) {
		f = append(f, document.Field{Label: k.msg(id, nil), Value: v})
	}
	if len(a.Persons) > 0 {
		var names []document.Text
		for _, id := range a.Persons {
			names = append(names, k.personName(id))
		}
		addf("assistance.persons", k.join(names))
	}
	if t, ok := k.optText(a.Institution); ok {
		addf("assistance.institution", t)
	}
	if t, ok := k.optText(a.Address); ok {
		addf("assistance.address", t)
	}
	if len(a.Accounts) > 0 {
		addf("assistance.accounts", document.Same(strings.Join(a.Accounts, ", ")))
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
		addf("assistance.rights", t)
	}
	if t, ok := k.optText(a.Place); ok {
		addf("assistance.place", t)
	}
	if len(a.Items) > 0 {
		var is []document.Text
		for _, it := range a.Items {
			is = append(is, k.ctext(it))
		}
		addf("assistance.items", k.join(is))
	}
	if o := a.Order; o != nil {
		addf("assistance.order", k.msgT("assistance.order_value", map[string]any{
			"Court":  o.Court,
			"Date":   k.bi(k.date(o.Date)),
			"Number": o.Number,
		}))
		if o.Final {
			addf("assistance.order_final", k.msg("assistance.order_is_final", nil))
		}
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
