package i18n

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// fixture is a small locale folder: a source (en), a reference (zh-Hans)
// and a French translation, complete and stamped.
type fixture struct {
	en, zh, fr *File
	extra      map[string]string // more files: path -> content
}

func msg(id, desc string, forms ...string) *Message {
	m := &Message{ID: id, Description: desc, Forms: map[string]string{}}
	for i := 0; i+1 < len(forms); i += 2 {
		m.Forms[forms[i]] = forms[i+1]
	}
	return m
}

func newFixture() *fixture {
	en := &File{Path: "locales/app.en.toml", Group: "app", Tag: "en", Header: []string{"# App messages (English)."}, Messages: []*Message{
		msg("app.title", "Window title.", "other", "Translations"),
		msg("app.greet", "Greeting. {{.Name}} is the user's name.", "other", "Hello {{.Name}}"),
		msg("app.items", "Item count. {{.Count}} items.", "one", "{{.Count}} item", "other", "{{.Count}} items"),
		msg("app.page", "Footer. Keep {page} and {pages}.", "other", "Page {page} of {pages}"),
	}}
	zh := &File{Path: "locales/app.zh-Hans.toml", Group: "app", Tag: "zh-Hans", Messages: []*Message{
		msg("app.title", "", "other", "翻译"),
		msg("app.greet", "", "other", "{{.Name}}，您好"),
		msg("app.items", "", "other", "{{.Count}} 项"),
		msg("app.page", "", "other", "第 {page} 页，共 {pages} 页"),
	}}
	fr := &File{Path: "locales/app.fr.toml", Group: "app", Tag: "fr", Messages: []*Message{
		msg("app.title", "", "other", "Traductions"),
		msg("app.greet", "", "other", "Bonjour {{.Name}}"),
		msg("app.items", "", "one", "un élément", "many", "{{.Count}} d’éléments", "other", "{{.Count}} éléments"),
		msg("app.page", "", "other", "Page {page} sur {pages}"),
	}}
	for _, f := range []*File{zh, fr} {
		for i, m := range f.Messages {
			m.Description = en.Messages[i].Description
			m.Hash = SourceHash(en.Messages[i])
		}
	}
	return &fixture{en: en, zh: zh, fr: fr, extra: map[string]string{}}
}

func (fx *fixture) fs() fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range []*File{fx.en, fx.zh, fx.fr} {
		if f != nil {
			m[f.Path] = &fstest.MapFile{Data: f.Encode()}
		}
	}
	for p, s := range fx.extra {
		m[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

func (fx *fixture) check(t *testing.T) []Problem {
	t.Helper()
	s, err := ReadSet(fx.fs(), "locales")
	if err != nil {
		t.Fatal(err)
	}
	return s.Check()
}

func errorsOf(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Severity == SevError {
			out = append(out, p)
		}
	}
	return out
}

func TestCheckCleanFixture(t *testing.T) {
	ps := newFixture().check(t)
	if len(ps) != 0 {
		t.Errorf("a complete, stamped fixture has problems: %+v", ps)
	}
}

func TestCheckFindsPlantedProblems(t *testing.T) {
	tests := []struct {
		name  string
		plant func(fx *fixture)
		file  string
		id    string
		kind  string
		args  string // "Key=value" that must be in the problem's Args, or ""
	}{
		{"missing id", func(fx *fixture) { fx.fr.Messages = fx.fr.Messages[1:] },
			"locales/app.fr.toml", "app.title", "missing", "Source=app.en.toml"},
		{"misspelt placeholder", func(fx *fixture) { fx.fr.Messages[1].Forms["other"] = "Bonjour {{.Nmae}}" },
			"locales/app.fr.toml", "app.greet", "placeholder_unknown", "Field={{.Nmae}}"},
		{"placeholder left out", func(fx *fixture) { fx.fr.Messages[1].Forms["other"] = "Bonjour" },
			"locales/app.fr.toml", "app.greet", "placeholder_missing", "Field={{.Name}}"},
		{"misspelt brace token", func(fx *fixture) { fx.fr.Messages[3].Forms["other"] = "Page {page} sur {pagse}" },
			"locales/app.fr.toml", "app.page", "placeholder_unknown", "Field={pagse}"},
		{"stale translation", func(fx *fixture) {
			fx.en.Messages[0].Forms["other"] = "Translation"
		}, "locales/app.fr.toml", "app.title", "stale", ""},
		{"stale after a description change", func(fx *fixture) {
			fx.en.Messages[0].Description = "Title of the main window."
		}, "locales/app.fr.toml", "app.title", "stale", ""},
		{"stale plural message", func(fx *fixture) { fx.en.Messages[2].Forms["other"] = "{{.Count}} things" },
			"locales/app.fr.toml", "app.items", "stale", ""},
		{"no hash", func(fx *fixture) { fx.fr.Messages[0].Hash = "" },
			"locales/app.fr.toml", "app.title", "unstamped", ""},
		{"orphan", func(fx *fixture) { fx.fr.Messages = append(fx.fr.Messages, msg("app.gone", "", "other", "Parti")) },
			"locales/app.fr.toml", "app.gone", "orphan", ""},
		{"empty", func(fx *fixture) { fx.fr.Messages[0].Forms["other"] = " " },
			"locales/app.fr.toml", "app.title", "empty", "Form=other"},
		{"French lacks many", func(fx *fixture) { delete(fx.fr.Messages[2].Forms, "many") },
			"locales/app.fr.toml", "app.items", "plural_missing", "Form=many"},
		{"Chinese has one", func(fx *fixture) { fx.zh.Messages[2].Forms["one"] = "1 项" },
			"locales/app.zh-Hans.toml", "app.items", "plural_extra", "Form=one"},
		{"plural form for a singular source", func(fx *fixture) { fx.fr.Messages[0].Forms["one"] = "Traduction" },
			"locales/app.fr.toml", "app.title", "plural_extra", "Form=one"},
		{"source lacks one", func(fx *fixture) { delete(fx.en.Messages[2].Forms, "one"); fx.en.Messages[2].Forms["few"] = "x" },
			"locales/app.en.toml", "app.items", "plural_missing", "Form=one"},
		{"broken template", func(fx *fixture) { fx.fr.Messages[1].Forms["other"] = "Bonjour {{.Name}" },
			"locales/app.fr.toml", "app.greet", "template", ""},
		{"no description", func(fx *fixture) { fx.en.Messages[0].Description = "" },
			"locales/app.en.toml", "app.title", "no_description", ""},
		{"missing file", func(fx *fixture) { fx.extra["locales/other.en.toml"] = "[\"o\"]\ndescription = \"d\"\nother = \"O\"\n" },
			"locales/other.fr.toml", "", "missing_file", "Count=1"},
		{"group without source", func(fx *fixture) { fx.extra["locales/other.fr.toml"] = "[\"x\"]\nother = \"y\"\n" },
			"locales/other.fr.toml", "", "no_source", "Source=other.en.toml"},
		{"same id in two groups", func(fx *fixture) {
			fx.extra["locales/more.en.toml"] = "[\"app.title\"]\ndescription = \"d\"\nother = \"Again\"\n"
		}, "locales/more.en.toml", "app.title", "duplicate", "Other=app.en.toml"},
		{"misspelt key", func(fx *fixture) { fx.extra["locales/more.en.toml"] = "[\"x\"]\ndescription = \"d\"\nohter = \"y\"\n" },
			"locales/more.en.toml", "x", "unknown_key", "Key=ohter"},
		{"bad config", func(fx *fixture) { fx.extra["locales/languages.conf"] = "sourse = \"en\"\n" },
			"locales/languages.conf", "", "config", ""},
		{"unknown language", func(fx *fixture) {
			fx.extra["locales/app.tlh.toml"] = string((&File{Messages: []*Message{msg("app.items", "", "other", "x")}}).Encode())
		}, "locales/app.tlh.toml", "app.items", "plural_rule", "Lang=tlh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture()
			tt.plant(fx)
			ps := errorsOf(fx.check(t))
			found := false
			for _, p := range ps {
				if p.File == tt.file && p.ID == tt.id && p.Kind == tt.kind && hasArg(p, tt.args) {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s error for %s %s (%s); got %+v", tt.kind, tt.file, tt.id, tt.args, ps)
			}
		})
	}
}

func hasArg(p Problem, kv string) bool {
	if kv == "" {
		return true
	}
	k, v, _ := strings.Cut(kv, "=")
	return fmt.Sprint(p.Args[k]) == v
}

func TestCheckPending(t *testing.T) {
	fx := newFixture()
	fx.fr = nil
	fx.zh = nil // a language with no file is not checked at all
	fx.extra["locales/languages.conf"] = "source = \"en\"\n\n[pending]\napp = [\"fr\"]\n"
	fx.extra["locales/other.en.toml"] = "[\"o\"]\ndescription = \"d\"\nother = \"O\"\n"
	fx.extra["locales/other.fr.toml"] = "[\"o\"]\nother = \"Ô\"\n" // makes fr a language on disk
	ps := fx.check(t)
	var notes, errs []string
	for _, p := range ps {
		s := p.File + " " + p.ID + " " + p.Kind
		if p.Severity == SevNote {
			notes = append(notes, s)
		} else {
			errs = append(errs, s)
		}
	}
	if strings.Join(notes, "; ") != "locales/app.fr.toml  missing_file" {
		t.Errorf("notes %q, want the pending file", notes)
	}
	// other.fr.toml is not pending: its missing hash is an error.
	if strings.Join(errs, "; ") != "locales/other.fr.toml o unstamped" {
		t.Errorf("errors %q", errs)
	}

	// A pending translation that is complete is noted; its errors stay
	// errors.
	fx = newFixture()
	fx.extra["locales/languages.conf"] = "[pending]\napp = [\"fr\"]\n"
	fx.fr.Messages[1].Forms["other"] = "Bonjour {{.Nmae}}"
	ps = fx.check(t)
	kinds := map[string]Severity{}
	for _, p := range ps {
		kinds[p.Kind] = p.Severity
	}
	if kinds["pending_done"] != SevNote || kinds["placeholder_unknown"] != SevError {
		t.Errorf("problems %+v", ps)
	}
}

func TestCheckLayoutNote(t *testing.T) {
	fx := newFixture()
	fx.extra["locales/other.en.toml"] = "[\"o\"]\n  description = \"d\"\nother = 'O'\n"
	var got []Problem
	for _, p := range fx.check(t) {
		if p.Kind == "layout" {
			got = append(got, p)
		}
	}
	if len(got) != 1 || got[0].File != "locales/other.en.toml" || got[0].Severity != SevNote {
		t.Errorf("layout notes %+v, want one for other.en.toml", got)
	}
}

func TestCheckOrder(t *testing.T) {
	fx := newFixture()
	// Problems of the last message, then the first, planted in that order.
	fx.fr.Messages[3].Hash = ""
	fx.fr.Messages[0].Hash = ""
	ps := fx.check(t)
	if len(ps) != 2 || ps[0].ID != "app.title" || ps[1].ID != "app.page" {
		t.Errorf("problems are not in source order: %+v", ps)
	}
}

// The repository's own locale files pass the check.
func TestRepositoryLocales(t *testing.T) {
	s, err := ReadSet(os.DirFS("../.."), "locales")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Langs()) < 3 {
		t.Errorf("languages %v: want at least en, fr and zh-Hans", s.Langs())
	}
	for _, p := range errorsOf(s.Check()) {
		t.Errorf("%s %s: %s %v", p.File, p.ID, p.Kind, p.Args)
	}
}
