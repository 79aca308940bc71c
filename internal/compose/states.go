package compose

import (
	"github.com/mla-dev/mla/internal/document"
)

// Parts that only some states' templates use. Which state uses which is
// data (templates/<cc>/request.json); nothing here names a state.

// caution is the paragraph on unproved allegations, the presumption of
// innocence and confidentiality (Canada's practice).
func (k *composer) caution() {
	k.add(document.Paragraph{Text: k.msg("request.caution.allegations", nil)})
	k.add(document.Paragraph{Text: k.msg("request.caution.confidential", nil)})
}

// certificate certifies that the request relates to a criminal matter and
// states in what capacity the requesting state asks (New Zealand, MACMA
// 1992 s 26).
func (k *composer) certificate() {
	c := k.c
	opened := k.missing()
	if c.Matter.Opened != "" {
		opened = k.date(c.Matter.Opened)
	}
	k.add(document.Paragraph{Text: k.msgT("request.certificate.capacity", map[string]any{
		"Capacity":   k.factT("capacity"),
		"Instrument": k.factT("instrument"),
	})})
	k.add(document.Paragraph{Text: k.msgT("request.certificate.text", map[string]any{
		"CentralAuthority": k.factT("requesting_central_authority"),
		"Basis":            k.factT("certificate_basis"),
		"Stage":            k.bi(k.label("stage", c.Matter.Stage)),
		"CaseTitle":        c.Matter.Title,
		"Opened":           k.bi(opened),
		"Authority":        c.RequestingAuthority.Name,
		"Charges":          k.bi(k.charges()),
	})})
	k.add(document.Fields{Items: []document.Field{
		{Label: k.msg("request.certificate.for", nil), Value: k.fact("requesting_central_authority")},
		{Label: k.msg("request.certificate.signature", nil), Value: k.msg("request.blank", nil)},
		{Label: k.msg("request.certificate.date", nil), Value: k.msg("request.blank", nil)},
	}})
}

// priorContact says whether authorities of the requested state already know
// of the investigation (Australia's Attorney-General's Department asks).
func (k *composer) priorContact() {
	pc := k.c.PriorContact
	if pc == nil {
		k.add(document.Paragraph{Text: k.labelled(k.msg("request.prior_contact.label", nil), k.missing())})
		return
	}
	id := "request.prior_contact.unaware"
	if pc.Aware {
		id = "request.prior_contact.aware"
	}
	k.add(document.Paragraph{Text: k.msgT(id, map[string]any{"State": k.stateName()})})
	if t, ok := k.optText(pc.Details); ok {
		k.add(document.Paragraph{Text: t})
	}
}

// forms returns the certification forms (their message ids) the case's
// assistance calls for, in the template's order.
func (k *composer) forms() []string {
	if k.in.Template == nil {
		return nil
	}
	var out []string
	for _, f := range k.in.Template.CertificationForms {
		for _, a := range k.c.Assistance {
			if contains(f.Types, a.Type) {
				out = append(out, f.Message)
				break
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// certificationAnnex lists the certification that the requested state is
// asked to return with the evidence, form by form, as agreed between the
// central authorities (United States: MOJ notice of 10 August 2005).
func (k *composer) certificationAnnex() {
	forms := k.forms()
	if len(forms) == 0 {
		return
	}
	k.add(document.PageBreak{}, document.Heading{Level: 1, Outline: true, Number: "certification", Text: k.msg("request.cert.heading", nil)})
	k.add(document.Paragraph{Text: k.msgT("request.cert.intro", map[string]any{"Notice": k.factT("certification_notice")})})
	for _, id := range forms {
		k.add(document.Paragraph{Style: document.Bold, Text: k.msg(id+".title", nil)})
		k.add(document.Paragraph{Text: k.msg(id, nil)})
	}
}
