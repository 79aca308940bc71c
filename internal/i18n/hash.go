package i18n

import (
	"crypto/sha1"
	"encoding/hex"
	"io"
)

// SourceHash identifies the version of a source message that a translation
// was made from; a translation records it in its hash key. It is exactly
// what goi18n merge writes, "sha1-" and the SHA-1 of the description
// followed by the "other" text, so that goi18n keeps our translations
// active. For a plural message the other forms ("one", …) are therefore
// not covered: whoever changes only the "one" form of a source message
// also changes its description or its "other" form, so that the
// translations are marked stale. SHA-1 serves here as a fingerprint of
// text, not for security.
func SourceHash(m *Message) string {
	h := sha1.New()
	_, _ = io.WriteString(h, m.Description)
	_, _ = io.WriteString(h, m.Forms["other"])
	return "sha1-" + hex.EncodeToString(h.Sum(nil))
}

// TextHash is a short fingerprint of one text, used in spreadsheets to tell
// whether a cell was edited after the export.
func TextHash(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:8])
}
