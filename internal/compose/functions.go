package compose

import (
	"github.com/mla-dev/mla/internal/casefacts"
	"github.com/mla-dev/mla/internal/document"
)

// authorityFunctions explains, when the drafting organ is a supervisory
// commission, what such a commission is and that its investigation of
// duty crimes is the investigation of a criminal matter within the
// instrument's scope (UNCAC art. 46(15)(b): the functions of the authority
// conducting the investigation; Supervision Law arts. 3, 11; ICJAL art. 6).
// A foreign central authority that knows only police, prosecutors and
// courts would otherwise ask whether the request concerns a criminal
// matter at all.
func (k *composer) authorityFunctions() {
	if !SupervisoryOrgan(k.c.RequestingAuthority.Name.In("zh")) {
		return
	}
	k.add(document.Paragraph{Text: k.msgT("request.authority.supervisory", map[string]any{
		"Authority":  k.c.RequestingAuthority.Name,
		"Instrument": k.factT("instrument"),
	})})
}

// SupervisoryOrgan reports whether the Chinese name of a drafting organ
// names a supervisory commission (监察委员会, 监委).
func SupervisoryOrgan(zh string) bool { return casefacts.OrganKind(zh) == casefacts.Supervisory }
