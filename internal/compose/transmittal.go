package compose

import (
	"github.com/mla-dev/mla/internal/document"
)

// Transmittal composes the liaison authority's covering letter: the
// central authority of the People's Republic of China under the treaty
// (the requesting_central_authority of the state's profile: the Ministry
// of Justice under the four treaties) transmits the request of the
// case-handling organ, as approved by its competent authority, to the
// requested State's central authority (ICJAL art. 9), and lists what it
// transmits. It is a draft for the liaison authority: its own reference
// and date come from the case (transmittal) when the officer has them, and
// its signature and seal block is left for the liaison authority's
// official. The drafting organ signs nothing in it and commits no one.
func Transmittal(in Input) (*document.Document, error) {
	k, err := newComposer(in)
	if err != nil {
		return nil, err
	}
	c := k.c
	k.newDoc("transmittal.title", document.Portrait)
	k.doc.Meta.Author = k.fact("requesting_central_authority").Orig
	ref, date := k.missing(), k.msg("request.blank", nil)
	if t := c.Transmittal; t != nil {
		if t.Reference != "" {
			ref = document.Same(t.Reference)
		}
		if t.Date != "" {
			date = k.date(t.Date)
		}
	}
	k.doc.HeaderLeft = k.msgT("request.header.reference", map[string]any{"Reference": k.bi(ref)})
	k.doc.BodyHasHeaderLeft = true
	k.add(
		document.Paragraph{Style: document.RightAligned, Text: k.msgT("request.header.reference", map[string]any{"Reference": k.bi(ref)})},
		document.Paragraph{Style: document.RightAligned, Text: date},
		document.Spacer{Height: 4},
		document.Heading{Level: 0, Outline: true, Number: "title", Text: k.msg("transmittal.title", nil)},
		document.Spacer{Height: 2},
		document.Fields{Items: []document.Field{
			{Label: k.msg("request.field.to", nil), Value: capFirst(k.fact("requested_central_authority"))},
			{Label: k.msg("transmittal.field.from", nil), Value: capFirst(k.fact("requesting_central_authority"))},
			{Label: k.msg("transmittal.field.subject", nil), Value: k.msgT("transmittal.subject", map[string]any{"CaseTitle": c.Matter.Title})},
		}},
		document.Spacer{Height: 4},
		document.Paragraph{Text: k.msgT("transmittal.body", map[string]any{
			"CentralAuthority": k.factT("requesting_central_authority"),
			"Instrument":       k.factT("instrument"),
			"Authority":        c.RequestingAuthority.Name,
			"Competent":        c.RequestingAuthority.CompetentAuthority,
			"CaseTitle":        c.Matter.Title,
			"Reference":        c.Reference,
			"Date":             k.bi(k.date(c.Date)),
		})},
		document.Paragraph{Text: k.msg("transmittal.enclosed", nil)},
	)
	items := []document.Text{
		k.msgT("transmittal.item.request", map[string]any{"Language": k.bi(k.label("language", k.trans))}),
		k.plural("request.annex.evidence_list", len(c.Evidence)),
	}
	for _, a := range c.Annexes {
		t := k.ctext(a.Title)
		if a.Pages > 0 {
			p := k.plural("request.annex.pages", a.Pages)
			t = document.Text{Orig: t.Orig + p.Orig, Trans: t.Trans + p.Trans}
		}
		items = append(items, t)
	}
	if k.in.Template != nil && contains(k.in.Template.Closing, "certification_annex") && len(k.forms()) > 0 {
		items = append(items, k.msg("request.cert.heading", nil))
	}
	k.add(document.List{Items: items, Labels: k.annexLabels(len(items))})
	k.add(
		document.Paragraph{Text: k.msgT("transmittal.contact", map[string]any{"CentralAuthority": k.factT("requesting_central_authority")})},
		document.Spacer{Height: 6},
		document.Signature{
			Authority: capFirst(k.fact("requesting_central_authority")),
			Name:      k.msg("request.blank", nil),
			Title:     k.msg("transmittal.signatory", nil),
			Date:      date,
			SealLabel: k.msg("request.seal", nil),
		},
	)
	if err := k.loc.Err(); err != nil {
		return nil, err
	}
	return k.doc, nil
}
