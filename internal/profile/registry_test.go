package profile

import (
	"errors"
	"testing"
	"testing/fstest"
)

func TestRegistry(t *testing.T) {
	prof := `{"code":"XX","name":{"zh":"甲","en":"X"},"short_name":{"zh":"甲","en":"X"},"translation_languages":["en","fr"],"schema":"xx.schema.json"}`
	fsys := fstest.MapFS{
		"templates/xx/profile.json": {Data: []byte(prof)},
		"templates/xx/request.json": {Data: []byte(`{"sections":[]}`)},
		"schemas/xx.schema.json":    {Data: []byte(`{}`)},
	}
	r := NewRegistry(fsys)
	codes, err := r.Codes()
	if err != nil || len(codes) != 1 || codes[0] != "XX" {
		t.Fatalf("codes %v, %v", codes, err)
	}
	p1, _, _ := r.Load("XX")
	p2, _, _ := r.Load("XX")
	if p1 == nil || p1 != p2 {
		t.Error("the profile is read again")
	}
	if _, _, err := r.Load("YY"); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown state: %v", err)
	}
	for lang, want := range map[[2]string]struct {
		lang string
		ok   bool
	}{
		{"", ""}: {"en", true}, {"", "fr"}: {"fr", true}, {"fr", "en"}: {"fr", true}, {"de", "fr"}: {"de", false},
	} {
		if got, ok := p1.TranslationLanguage(lang[0], lang[1]); got != want.lang || ok != want.ok {
			t.Errorf("TranslationLanguage(%q, %q) = %q, %v", lang[0], lang[1], got, ok)
		}
	}

	// A schema without a profile, and a profile without its schema.
	fsys["schemas/zz.schema.json"] = &fstest.MapFile{Data: []byte(`{}`)}
	var ae *AssetError
	if _, err := NewRegistry(fsys).Codes(); !errors.As(err, &ae) || ae.Problem != ProblemNoProfile || ae.File != "schemas/zz.schema.json" || ae.Want != "templates/zz/profile.json" {
		t.Errorf("schema without profile: %v", err)
	}
	delete(fsys, "schemas/zz.schema.json")
	delete(fsys, "schemas/xx.schema.json")
	if _, _, err := NewRegistry(fsys).Load("XX"); !errors.As(err, &ae) || ae.Problem != ProblemNoSchema || ae.Field != "/schema" || ae.Line != 1 {
		t.Errorf("profile without schema: %v", err)
	}
}
