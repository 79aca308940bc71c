package compose

import (
	"github.com/mla-dev/mla/internal/document"
)

// HasAssurances reports whether the case gives an assurance that is a
// document of its own: a commitment on sentencing, or reciprocity where
// no treaty binds the two States (ICJAL art. 13: the state's profile has
// the fact requirement.reciprocity).
func HasAssurances(in Input) bool {
	return in.Case.Assurances.Sentencing != nil || reciprocityAssured(in)
}

// reciprocityAssured reports whether the case gives an assurance of
// reciprocity that the requested State needs: under a treaty there is none
// to give.
func reciprocityAssured(in Input) bool {
	if !in.Case.Assurances.Reciprocity || in.Profile == nil {
		return false
	}
	_, needed := in.Profile.Facts["requirement.reciprocity"]
	return needed
}

// Assurances composes the draft of the assurances the request refers to,
// for the authority that gives them: under ICJAL art. 11 the Ministry of
// Foreign Affairs (or the liaison authority where the requested State
// accepts its assurance), on the decision of the Supreme People's Court
// for a commitment on sentencing. The request, signed by the case-handling
// organ, only refers to this document. The decision's reference is the
// case's (assurances.sentencing.decision), or a visible gap. The wording
// of the commitment ("will not be sentenced to death", 不判处死刑) follows
// the practice the literature reports; mla has not seen a decision of the
// Court, and the reviewer is told so (assurances.wording_unconfirmed).
func Assurances(in Input) (*document.Document, error) {
	k, err := newComposer(in)
	if err != nil {
		return nil, err
	}
	c := k.c
	k.newDoc("assurances.title", document.Portrait)
	giver := k.msg("assurances.giver.foreign_affairs", nil)
	if s := c.Assurances.Sentencing; s != nil && s.GivenBy == "liaison_authority" {
		giver = capFirst(k.fact("requesting_central_authority"))
	}
	k.doc.Meta.Author = giver.Orig
	// The note's own reference, which its authority gives, heads every
	// page; the request's reference is in the subject.
	ref := k.msgT("request.header.reference", map[string]any{"Reference": k.bi(k.missing())})
	k.doc.HeaderLeft, k.doc.BodyHasHeaderLeft = ref, true
	k.add(
		document.Paragraph{Style: document.RightAligned, Text: ref},
		document.Spacer{Height: 4},
		document.Heading{Level: 0, Outline: true, Number: "title", Text: k.msg("assurances.title", nil)},
		document.Paragraph{Style: document.Centered, Text: k.msgT("assurances.draft_for", map[string]any{"Giver": k.bi(giver)})},
		document.Spacer{Height: 2},
		document.Fields{Items: []document.Field{
			{Label: k.msg("request.field.to", nil), Value: capFirst(k.fact("requested_central_authority"))},
			{Label: k.msg("transmittal.field.subject", nil), Value: k.msgT("assurances.subject", map[string]any{"CaseTitle": c.Matter.Title})},
		}},
		document.Spacer{Height: 4},
	)
	var items []document.Text
	if s := c.Assurances.Sentencing; s != nil {
		var names []document.Text
		for _, id := range s.Persons {
			names = append(names, k.personName(id))
		}
		decision := k.missing()
		if d := s.Decision; d != nil && d.Reference != "" {
			decision = document.Same(d.Reference)
			if d.Date != "" {
				dt := k.date(d.Date)
				decision = document.Text{Orig: d.Reference + "，" + dt.Orig, Trans: d.Reference + ", " + dt.Trans}
			}
		}
		items = append(items,
			k.msgT("assurances.sentencing", map[string]any{"Giver": k.bi(giver), "Decision": k.bi(decision), "State": k.stateName(), "Persons": k.bi(k.join(names))}),
			k.msg("assurances.binding", nil),
		)
	}
	if reciprocityAssured(k.in) {
		items = append(items, k.msgT("assurances.reciprocity", map[string]any{"Giver": k.bi(giver), "State": k.stateName()}))
	}
	for _, t := range items {
		k.add(document.Paragraph{Text: t})
	}
	k.add(
		document.Spacer{Height: 6},
		document.Signature{
			Authority: giver,
			Name:      k.msg("request.blank", nil),
			Title:     k.msg("transmittal.signatory", nil),
			Date:      k.msg("request.blank", nil),
			SealLabel: k.msg("request.seal", nil),
		},
	)
	if err := k.loc.Err(); err != nil {
		return nil, err
	}
	return k.doc, nil
}
