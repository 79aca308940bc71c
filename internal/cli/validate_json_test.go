package cli

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode"

	"github.com/mla-dev/mla/internal/casefile"
)

// TestWriteJSONEscapesInvisible: a bidirectional override, a zero-width
// character or another invisible one (casefile.Control, casefile.Invisible)
// from a case file reaches the terminal as a JSON escape, and the JSON
// still decodes to the same text.
func TestWriteJSONEscapesInvisible(t *testing.T) {
	in := map[string]string{"a": "ab\u202ecd", "b": "x\u200by", "c": "中文 ok", "d": "tab\there", "e": "\U000E0001tag",
		// Invisible for casefile.Invisible though not format characters:
		// a variation selector, a Hangul filler, the braille blank.
		"f": "❤\ufe0f", "g": "\u3164", "h": "\u2800", "i": "\x7f\u0085"}
	var buf bytes.Buffer
	if err := writeJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, r := range out {
		if r != '\n' && (unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r) || casefile.Invisible(r)) {
			t.Errorf("output carries %U: %q", r, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal([]byte(out), &back); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for k, v := range in {
		if back[k] != v {
			t.Errorf("%s: %q came back as %q", k, v, back[k])
		}
	}
}
