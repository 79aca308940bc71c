package i18n

import (
	"crypto/sha1"
	"encoding/hex"
	"io"
)

// SourceHash identifies the version of a source message that a translation
// was made from; a translation records it in its hash key. For a message
// with only the "other" form it is what goi18n merge writes: "sha1-" and
// the SHA-1 of the description followed by the text. A plural message also
// hashes its other forms (goi18n merge does not), so that a change to the
// "one" form alone marks its translations stale too. SHA-1 serves here as a
// fingerprint of text, not for security.
func SourceHash(m *Message) string {
	h := sha1.New()
	_, _ = io.WriteString(h, m.Description)
	_, _ = io.WriteString(h, m.Forms["other"])
	for _, f := range Forms {
		if s, ok := m.Forms[f]; ok && f != "other" {
			_, _ = io.WriteString(h, "\x00"+f+"\x00"+s)
		}
	}
	return "sha1-" + hex.EncodeToString(h.Sum(nil))
}

// TextHash is a short fingerprint of one text, used in spreadsheets to tell
// whether a cell was edited after the export.
func TextHash(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:8])
}
