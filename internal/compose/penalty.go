package compose

import "github.com/mla-dev/mla/internal/document"

// penaltyArticles quotes, after a cited article, the articles that fix its
// penalty and that the request does not set out already (386 brings 383;
// 385 brings 386, then 383): their text and maximum penalty, so that the
// reader of the request has the penalty in full (ICJAL art. 13(3)). It
// reports whether a quoted translation is unofficial.
func (k *composer) penaltyArticles(info Offence, quoted map[string]bool) bool {
	unofficial := false
	for _, ref := range info.PenaltyBy {
		if quoted[ref] {
			continue
		}
		quoted[ref] = true
		r, ok := k.lookup(ref)
		if !ok {
			continue
		}
		unofficial = unofficial || r.Unofficial
		k.add(document.Paragraph{Style: document.Bold, Text: k.msgT("request.law.penalty_by", map[string]any{
			"Citation": r.Citation, "Of": info.Citation,
		})})
		k.add(document.Paragraph{Text: k.msg("request.law.text_label", nil)})
		for _, q := range pairParas(k.text(r.Text)) {
			k.add(document.Paragraph{Style: document.Quote, Text: q})
		}
		if r.MaxPenalty != nil {
			k.add(document.Fields{Items: []document.Field{{Label: k.msg("request.law.max_penalty", nil), Value: k.ctext(r.MaxPenalty)}}})
		}
		if k.penaltyArticles(r, quoted) {
			unofficial = true
		}
	}
	return unofficial
}
