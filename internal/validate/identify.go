package validate

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
)

// keyEncoding writes a finding's key in lower-case letters and digits
// without the ones a reader confuses (base32 has no 0, 1, 8, 9).
var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// keyLength is the number of characters of a key: 35 bits, so that two
// findings of one case share a key by chance about once in 10^10 pairs.
const keyLength = 7

// Identify gives every finding of r its stable key (Finding.Key), computed
// from its rule and its place in the case raw: an item of a list that has
// an id (a person P2, an assistance item A1, an offence CN-CL-385) is
// named by that id rather than by its position, so that the same defect
// keeps its key when items are added, removed or reordered around it. Two
// findings of one rule at one place (two untranslated Chinese phrases in
// one text) are told apart by what they are about (their message's
// arguments).
func Identify(r *Report, raw any) {
	type slot struct{ rule, place string }
	count := map[slot]int{}
	places := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		places[i] = StablePath(raw, f.Pointer)
		count[slot{f.Rule, places[i]}]++
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		seed := f.Rule + "\x00" + places[i]
		if count[slot{f.Rule, places[i]}] > 1 {
			seed += "\x00" + fmt.Sprint(f.Args)
		}
		sum := sha256.Sum256([]byte(seed))
		f.Key = keyEncoding.EncodeToString(sum[:])[:keyLength]
	}
}

// unescapeToken undoes casefile.EscapePointer (RFC 6901).
var unescapeToken = strings.NewReplacer("~1", "/", "~0", "~")

// StablePath is ptr with each index of an array whose element is an object
// with a string "id" replaced by "@" and that id: /persons/1/name becomes
// /persons/@P2/name. An index that does not resolve, or whose element has
// no id, stays as it is.
func StablePath(raw any, ptr string) string {
	if ptr == "" {
		return ""
	}
	toks := strings.Split(ptr[1:], "/")
	cur := raw
	var b strings.Builder
	for _, tok := range toks {
		b.WriteByte('/')
		switch v := cur.(type) {
		case map[string]any:
			cur = v[unescapeToken.Replace(tok)]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				cur = nil
				break
			}
			cur = v[i]
			if m, ok := cur.(map[string]any); ok {
				if id, ok := m["id"].(string); ok && id != "" {
					b.WriteString("@" + casefile.EscapePointer(id))
					continue
				}
			}
		default:
			cur = nil
		}
		b.WriteString(tok)
	}
	return b.String()
}
