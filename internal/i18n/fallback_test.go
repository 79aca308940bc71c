package i18n

import (
	"errors"
	"testing"
	"testing/fstest"
)

func TestFallback(t *testing.T) {
	fsys := fstest.MapFS{
		"locales/app.en.toml": {Data: []byte("[\"a\"]\ndescription = \"d\"\nother = \"A\"\n\n[\"b\"]\ndescription = \"d\"\nother = \"B {{.X}}\"\n\n" +
			"[\"n\"]\ndescription = \"d\"\none = \"{{.Count}} item\"\nother = \"{{.Count}} items\"\n")},
		"locales/app.de.toml": {Data: []byte("[\"a\"]\nother = \"A-de\"\n")},
	}
	c, err := Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.T("de", "b", nil); !errors.Is(err, ErrMissing) {
		t.Errorf("without a fallback, a missing message: %v, want ErrMissing", err)
	}
	var missed []string
	c.SetFallback("de", "en", func(lang, id string) { missed = append(missed, lang+":"+id) })
	if s, err := c.T("de", "a", nil); err != nil || s != "A-de" {
		t.Errorf("T(de, a) = %q, %v", s, err)
	}
	if s, err := c.T("de", "b", map[string]any{"X": 1}); err != nil || s != "B 1" {
		t.Errorf("T(de, b) = %q, %v; want the English", s, err)
	}
	if s, err := c.Plural("de", "n", 1, nil); err != nil || s != "1 item" {
		t.Errorf("Plural(de, n, 1) = %q, %v; want the English", s, err)
	}
	if _, err := c.T("de", "nowhere", nil); !errors.Is(err, ErrMissing) {
		t.Errorf("a message English lacks too: %v, want ErrMissing", err)
	}
	if _, err := c.T("en", "nowhere", nil); !errors.Is(err, ErrMissing) {
		t.Errorf("English itself: %v, want ErrMissing", err)
	}
	if len(missed) != 2 || missed[0] != "de:b" || missed[1] != "de:n" {
		t.Errorf("reported fallbacks %q, want de:b, de:n", missed)
	}
}
