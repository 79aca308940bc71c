package i18n

import (
	"io/fs"
	"path"
	"testing"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	mla "github.com/mla-dev/mla"
)

// TestParseCanonicalAgreesWithTOML: every locale file of the repository
// reads the same through the fast reader as through go-i18n's TOML reader.
func TestParseCanonicalAgreesWithTOML(t *testing.T) {
	fsys := mla.Assets()
	names, _ := fs.Glob(fsys, "locales/*.toml")
	n := 0
	for _, p := range names {
		_, tag, ok := ParseName(path.Base(p))
		if !ok {
			continue
		}
		data, _ := fs.ReadFile(fsys, p)
		fast, ok := parseCanonical(data)
		if !ok {
			t.Errorf("%s: not read by the fast reader", p)
			continue
		}
		b := goi18n.NewBundle(language.Make(tag))
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		mf, err := b.ParseMessageFileBytes(data, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(mf.Messages) != len(fast) {
			t.Errorf("%s: %d messages by TOML, %d by the fast reader", p, len(mf.Messages), len(fast))
			continue
		}
		byID := map[string]*goi18n.Message{}
		for _, m := range mf.Messages {
			byID[m.ID] = m
		}
		for _, f := range fast {
			m := byID[f.ID]
			if m == nil || *m != *f {
				t.Errorf("%s %s: TOML %+v, fast %+v", p, f.ID, m, f)
			}
		}
		n++
	}
	if n < 20 {
		t.Errorf("only %d locale files compared", n)
	}
}

func TestParseCanonicalRefusesOtherLayouts(t *testing.T) {
	for _, in := range []string{
		"[a]\nother = \"x\"\n",             // unquoted id
		"[\"a\"]\nother = 'x'\n",           // literal string
		"[\"a\"]\nother = \"\"\"x\"\"\"\n", // multi-line string
		"[\"a\"]\nweird = \"x\"\n",         // unknown key
		"other = \"x\"\n",                  // key outside a table
	} {
		if _, ok := parseCanonical([]byte(in)); ok {
			t.Errorf("accepted %q", in)
		}
	}
}
