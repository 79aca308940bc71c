package cli

import (
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/compose"
	"github.com/mla-dev/mla/internal/offences"
)

// offenceFor turns a catalogue entry into what the request quotes: the
// citation, the charge names, the verbatim text (and its unofficial
// translation) and the maximum penalty.
func offenceFor(c *offences.Catalog, id string) (compose.Offence, bool) {
	if c == nil {
		return compose.Offence{}, false
	}
	o, ok := c.Offence(id)
	if !ok {
		return compose.Offence{}, false
	}
	out := compose.Offence{
		Citation:   o.Citation,
		Charge:     o.ChargeNames(),
		Text:       o.Text.Joined(),
		Unofficial: o.Text.Translation != "",
	}
	if o.MaxPenalty != nil {
		out.MaxPenalty = casefile.Text{ZH: o.MaxPenalty.ZH, EN: o.MaxPenalty.EN}
	}
	return out, true
}
