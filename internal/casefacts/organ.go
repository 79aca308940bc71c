package casefacts

import "strings"

// Kinds of case-handling organ, as OrganKind names them.
const (
	Supervisory    = "supervisory"     // 监察委员会
	Procuratorate  = "procuratorate"   // 人民检察院
	PublicSecurity = "public_security" // 公安机关
	Court          = "court"           // 人民法院
)

// organWords are the Chinese words that name a kind of case-handling
// organ; an abbreviation (监委, 纪委监委) counts as its full name.
var organWords = []struct{ word, kind string }{
	{"监察委员会", Supervisory},
	{"纪委监委", Supervisory},
	{"监委", Supervisory},
	{"人民检察院", Procuratorate},
	{"检察院", Procuratorate},
	{"公安机关", PublicSecurity},
	{"公安局", PublicSecurity},
	{"公安厅", PublicSecurity},
	{"公安部", PublicSecurity},
	{"人民法院", Court},
	{"法院", Court},
}

// OrganKind returns the kind of the first organ a Chinese text names
// (东海市监察委员会: Supervisory), or "" when it names none.
func OrganKind(s string) string {
	best, kind := -1, ""
	for _, w := range organWords {
		if i := strings.Index(s, w.word); i >= 0 && (best < 0 || i < best) {
			best, kind = i, w.kind
		}
	}
	return kind
}

// LastOrganKind returns the kind of the last organ a Chinese text names,
// or "".
func LastOrganKind(s string) string {
	end, kind := -1, ""
	for _, w := range organWords {
		if i := strings.LastIndex(s, w.word); i >= 0 && i+len(w.word) > end {
			end, kind = i+len(w.word), w.kind
		}
	}
	return kind
}
