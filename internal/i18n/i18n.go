// Package i18n loads the locale files (go-i18n TOML) and looks messages up
// by id. Every user-visible text of mla comes from here.
//
// Locale files live in locales/ and are named NAME.TAG.toml, for example
// request.zh-Hans.toml or findings.en.toml; a language may be spread over
// several files. locales/languages.conf says which language is the source
// of the translations (see Config); file.go, check.go and sheet.go hold
// what translators use: the canonical file layout, the locale check and
// the spreadsheet round trip. The short tags users type ("zh", "en", "fr") are mapped to
// the file tags by Tag.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Tag maps a short language code to the tag used in locale file names.
func Tag(lang string) string {
	switch lang {
	case "zh", "zh-CN", "zh-Hans", "cmn":
		return "zh-Hans"
	}
	return lang
}

// Short maps a locale tag back to the code case files use ("zh-Hans" -> "zh").
func Short(tag string) string {
	if strings.HasPrefix(tag, "zh") {
		return "zh"
	}
	return tag
}

// Catalog holds every message of every language found in a locales folder.
// A language's files are parsed the first time one of its messages is
// asked for: a command that speaks Chinese and English does not pay for
// parsing the French files.
type Catalog struct {
	fsys  fs.FS
	files map[string][]string // short code -> locale file paths
	langs []string            // short codes, sorted

	mu  sync.Mutex
	per map[string]*langMessages

	// fallback maps a short code to the language its missing messages
	// come from (see SetFallback), and missed is called on each.
	fallback map[string]string
	missed   func(lang, id string)
}

// SetFallback makes the messages that lang lacks come from fb, one message
// at a time, instead of being an error: a language whose translation is
// partial (a German locale under --assets) still speaks, in fb where it
// must. missed, if not nil, is called with lang and the id each time. It
// is set before the catalog is used.
func (c *Catalog) SetFallback(lang, fb string, missed func(lang, id string)) {
	if c.fallback == nil {
		c.fallback = map[string]string{}
	}
	c.fallback[Short(Tag(lang))] = Short(Tag(fb))
	c.missed = missed
}

// fallbackOf returns the language that lang's missing messages come from,
// or "".
func (c *Catalog) fallbackOf(lang string) string {
	fb := c.fallback[Short(Tag(lang))]
	if fb == Short(Tag(lang)) {
		return ""
	}
	return fb
}

func (c *Catalog) miss(lang, id string) {
	if c.missed != nil {
		c.missed(lang, id)
	}
}

// langMessages is one language's bundle, built once.
type langMessages struct {
	once sync.Once
	loc  *goi18n.Localizer
	err  error
}

// Load lists every NAME.TAG.toml file in dir of fsys. The files are parsed
// per language on first use; Preload parses some at once.
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading locales: %w", err)
	}
	c := &Catalog{fsys: fsys, files: map[string][]string{}, per: map[string]*langMessages{}}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		_, tag, ok := ParseName(e.Name())
		if !ok {
			// languages.conf, or a name that i18n check reports.
			continue
		}
		l := Short(Tag(tag))
		c.files[l] = append(c.files[l], path.Join(dir, e.Name()))
	}
	if len(c.files) == 0 {
		return nil, fmt.Errorf("no locale files in %s", dir)
	}
	for l := range c.files {
		c.langs = append(c.langs, l)
	}
	sort.Strings(c.langs)
	return c, nil
}

// Preload parses the files of the given languages now, so that a broken
// locale file is reported at start rather than at the first message.
func (c *Catalog) Preload(langs ...string) error {
	for _, l := range langs {
		if _, err := c.localizer(l); err != nil {
			return err
		}
	}
	return nil
}

// Languages returns the short codes of the languages that have messages.
func (c *Catalog) Languages() []string { return append([]string(nil), c.langs...) }

// Has reports whether lang has any messages.
func (c *Catalog) Has(lang string) bool {
	_, ok := c.files[Short(Tag(lang))]
	return ok
}

func (c *Catalog) localizer(lang string) (*goi18n.Localizer, error) {
	short := Short(Tag(lang))
	c.mu.Lock()
	m, ok := c.per[short]
	if !ok {
		m = &langMessages{}
		c.per[short] = m
	}
	c.mu.Unlock()
	m.once.Do(func() {
		// One bundle per language, whose default is the language itself:
		// a message it lacks is an error, never another language's text.
		b := goi18n.NewBundle(language.Make(Tag(lang)))
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		for _, p := range c.files[short] {
			data, err := fs.ReadFile(c.fsys, p)
			if err != nil {
				m.err = fmt.Errorf("reading %s: %w", p, err)
				return
			}
			msgs, ok := parseCanonical(data)
			if !ok {
				mf, err := goi18n.ParseMessageFileBytes(data, p, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
				if err != nil {
					m.err = fmt.Errorf("locale file %s: %w", p, err)
					return
				}
				msgs = mf.Messages
			}
			if err := checkMessages(p, msgs); err != nil {
				m.err = err
				return
			}
			if err := b.AddMessages(language.Make(Tag(lang)), msgs...); err != nil {
				m.err = fmt.Errorf("locale file %s: %w", p, err)
				return
			}
		}
		m.loc = goi18n.NewLocalizer(b, Tag(lang))
	})
	return m.loc, m.err
}

// MessageError is a message of a locale file that mla refuses to load: a
// text that does not parse as a template, or holds an action other than
// a field (Err is then an *ActionError). It is a mistake in an asset that
// a user can correct, never a fault of mla.
type MessageError struct {
	File, ID, Lang string
	Err            error
}

func (e *MessageError) Error() string {
	return fmt.Sprintf("locale file %s, message %q (%s): %v", e.File, e.ID, e.Lang, e.Err)
}

func (e *MessageError) Unwrap() error { return e.Err }

// checkMessages refuses the messages of the locale file p whose texts
// CheckTemplate refuses, and a message that changes the template
// delimiters (the check could not see its actions).
func checkMessages(p string, msgs []*goi18n.Message) error {
	_, tag, _ := ParseName(path.Base(p))
	for _, msg := range msgs {
		if msg.LeftDelim != "" || msg.RightDelim != "" {
			return &MessageError{File: p, ID: msg.ID, Lang: tag, Err: &ActionError{Action: short("leftDelim " + msg.LeftDelim + " rightDelim " + msg.RightDelim)}}
		}
		for _, text := range []string{msg.Zero, msg.One, msg.Two, msg.Few, msg.Many, msg.Other} {
			if err := CheckTemplate(text); err != nil {
				return &MessageError{File: p, ID: msg.ID, Lang: tag, Err: err}
			}
		}
	}
	return nil
}

// ErrMissing is returned (wrapped) when a message is not in a language.
var ErrMissing = errors.New("message missing")

// T returns message id in lang, filled with data. A message that lang lacks
// is an error, never a silent fallback to another language, unless
// SetFallback named one for lang: the message then comes from there, and
// the fallback is reported to its callback.
func (c *Catalog) T(lang, id string, data map[string]any) (string, error) {
	s, err := c.t(lang, id, data)
	if err != nil && errors.Is(err, ErrMissing) {
		if fb := c.fallbackOf(lang); fb != "" {
			if fs, ferr := c.t(fb, id, data); ferr == nil {
				c.miss(lang, id)
				return fs, nil
			}
		}
	}
	return s, err
}

func (c *Catalog) t(lang, id string, data map[string]any) (string, error) {
	loc, err := c.localizer(lang)
	if err != nil {
		return id, err
	}
	if !c.Has(lang) {
		return id, fmt.Errorf("%w: %q in %s", ErrMissing, id, Tag(lang))
	}
	s, tag, err := loc.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		var nf *goi18n.MessageNotFoundErr
		if errors.As(err, &nf) {
			return id, fmt.Errorf("%w: %q in %s", ErrMissing, id, Tag(lang))
		}
		return id, fmt.Errorf("message %q in %s: %w", id, Tag(lang), err)
	}
	if Short(tag.String()) != Short(Tag(lang)) {
		return id, fmt.Errorf("%w: %q in %s", ErrMissing, id, Tag(lang))
	}
	if strings.Contains(s, "<no value>") {
		return s, fmt.Errorf("message %q in %s: a placeholder has no value", id, Tag(lang))
	}
	return s, nil
}

// Strict returns message id in lang, filled with data, and an error when
// lang lacks it: never from the fallback language (see SetFallback).
func (c *Catalog) Strict(lang, id string, data map[string]any) (string, error) {
	return c.t(lang, id, data)
}

// Plural returns message id in lang for count n.
func (c *Catalog) Plural(lang, id string, n int, data map[string]any) (string, error) {
	if data == nil {
		data = map[string]any{}
	}
	data["Count"] = n
	loc, err := c.localizer(lang)
	if err != nil {
		return id, err
	}
	s, tag, err := loc.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: n})
	var nf *goi18n.MessageNotFoundErr
	if errors.As(err, &nf) || (err == nil && Short(tag.String()) != Short(Tag(lang))) {
		if fb := c.fallbackOf(lang); fb != "" {
			if fs, ferr := c.Plural(fb, id, n, data); ferr == nil {
				c.miss(lang, id)
				return fs, nil
			}
		}
		return id, fmt.Errorf("%w: %q in %s", ErrMissing, id, Tag(lang))
	}
	if err != nil {
		return id, fmt.Errorf("message %q in %s: %w", id, Tag(lang), err)
	}
	return s, nil
}

// Localizer is a Catalog bound to a list of errors: each lookup that fails
// is recorded rather than returned, so that composing a long document reads
// simply and the first failure is reported at the end.
type Localizer struct {
	C    *Catalog
	Errs []error
}

// T looks id up in lang; on failure it records the error and returns the id.
func (l *Localizer) T(lang, id string, data map[string]any) string {
	s, err := l.C.T(lang, id, data)
	if err != nil {
		l.Errs = append(l.Errs, err)
	}
	return s
}

// Err returns the first recorded error, or nil.
func (l *Localizer) Err() error {
	if len(l.Errs) == 0 {
		return nil
	}
	return l.Errs[0]
}
