package compose

import (
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/profile"
)

// guidance adds the evidence list's section of the requested state's
// evidence guidelines: each guideline with what it is about, the items of
// the case it applies to (those that fail it marked ✗), its status for
// this case and its source. Nothing when the state has no guidelines.
func (k *composer) guidance() {
	if len(k.in.Guidance) == 0 {
		return
	}
	k.add(
		document.Heading{Level: 1, Outline: true, Number: "guidance", Text: k.msg("evidence.heading.guidance", nil)},
		document.Paragraph{Text: k.msgT("evidence.guidance.intro", map[string]any{"State": k.stateName()})},
		k.guidanceTable(),
	)
}

func (k *composer) guidanceTable() document.Table {
	t := document.Table{
		Sheet: k.loc.T(k.trans, "evidence.sheet.guidance", nil),
		Columns: []document.Column{
			k.col("evidence.col.no", 5, document.KindInteger),
			k.col("evidence.guidance.col.requirement_orig", 36, document.KindText),
			k.translation("evidence.guidance.col.requirement_trans", 44),
			k.col("evidence.guidance.col.applies", 14, document.KindText),
			k.col("evidence.guidance.col.items", 24, document.KindText),
			k.statusCol(),
			k.col("evidence.guidance.col.source", 30, document.KindText),
		},
	}
	for i, res := range k.in.Guidance {
		req := k.msg(res.Item.Requirement, nil)
		t.Rows = append(t.Rows, []string{
			strconv.Itoa(i + 1),
			req.Orig,
			req.Trans,
			both(k.label("evidence.guidance.direction", res.Item.AppliesTo.Direction)),
			k.guidanceItems(res),
			statusMark[res.Status] + " " + both(k.label("evidence.guidance.status", res.Status)),
			res.Item.SourceText(),
		})
	}
	return t
}

// statusCol is the status column, wide enough for "✓ 符合 / met" on
// one line.
func (k *composer) statusCol() document.Column {
	c := k.col("evidence.guidance.col.status", 16, document.KindText)
	c.MinWidth = 22
	return c
}

// statusMark is the mark printed before each status.
var statusMark = map[string]string{
	profile.GuideMet:           "✓",
	profile.GuideNotMet:        "✗",
	profile.GuideCheck:         "—",
	profile.GuideNotApplicable: "—",
}

// Up to listAll items a guideline applies to are listed one by one; above,
// the count and at most listFailed of those that fail it, so that the cell
// stays readable and under a spreadsheet cell's limit however large the
// case.
const (
	listAll    = 40
	listFailed = 100
)

// guidanceItems lists the ids of the items a guideline applies to, each
// one that fails it followed by ✗; for many items, their number and those
// that fail it.
func (k *composer) guidanceItems(res profile.GuideResult) string {
	id := func(tg profile.GuideTarget) string {
		if tg.ID != "" {
			return tg.ID
		}
		return tg.Pointer
	}
	if len(res.Targets) <= listAll {
		ids := make([]string, 0, len(res.Targets))
		for _, tg := range res.Targets {
			s := id(tg)
			if res.Item.Test != nil && !tg.OK {
				s += " ✗"
			}
			ids = append(ids, s)
		}
		return strings.Join(ids, ", ")
	}
	out := both(k.msg("evidence.guidance.items_count", map[string]any{"Count": len(res.Targets)}))
	failed := res.Failed()
	if res.Item.Test == nil || len(failed) == 0 {
		return out
	}
	ids := make([]string, 0, min(len(failed), listFailed))
	for _, tg := range failed[:min(len(failed), listFailed)] {
		ids = append(ids, id(tg))
	}
	list := strings.Join(ids, ", ")
	if more := len(failed) - len(ids); more > 0 {
		list += " " + both(k.msg("evidence.guidance.items_more", map[string]any{"More": more}))
	}
	return out + "\n✗ " + list
}
