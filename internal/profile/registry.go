package profile

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Registry is the requested states of an assets tree: a state is a folder
// templates/<cc> with a profile.json, whose schema field names its schema in
// schemas/. A profile without its schema, or a state's schema
// (schemas/<cc>.schema.json) without a profile, is an *AssetError. Each
// state is read once per Registry; a Registry is safe for concurrent use.
type Registry struct {
	fsys fs.FS

	mu     sync.Mutex
	states map[string]*loaded
}

type loaded struct {
	p   *Profile
	t   *Template
	err error
}

// NewRegistry returns the registry of the states of fsys.
func NewRegistry(fsys fs.FS) *Registry {
	return &Registry{fsys: fsys, states: map[string]*loaded{}}
}

// ErrUnknown is the error of Load for a state the assets do not have.
var ErrUnknown = errors.New("no such requested state")

var stateCode = regexp.MustCompile(`^[A-Z]{2}$`)

// stateSchema is the name of a state's own schema in schemas/.
var stateSchema = regexp.MustCompile(`^([a-z]{2})\.schema\.json$`)

// Load returns the profile and template of state (upper-case ISO 3166-1
// alpha-2), read once. A state the assets do not have gives ErrUnknown.
func (r *Registry) Load(state string) (*Profile, *Template, error) {
	if !stateCode.MatchString(state) {
		return nil, nil, ErrUnknown
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.states[state]
	if !ok {
		l = &loaded{}
		l.p, l.t, l.err = Load(r.fsys, state)
		if errors.Is(l.err, fs.ErrNotExist) {
			l.err = ErrUnknown
			own := path.Join("schemas", strings.ToLower(state)+".schema.json")
			if _, err := fs.Stat(r.fsys, own); err == nil {
				l.err = &AssetError{File: own, Problem: ProblemNoProfile, Want: path.Join("templates", strings.ToLower(state), "profile.json")}
			}
		}
		r.states[state] = l
	}
	return l.p, l.t, l.err
}

// Codes lists the states, sorted, after loading each: a broken profile or
// template, or a state's schema without a profile, is an error.
func (r *Registry) Codes() ([]string, error) {
	var codes []string
	entries, err := fs.ReadDir(r.fsys, "templates")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := fs.Stat(r.fsys, path.Join("templates", e.Name(), "profile.json")); err == nil {
			codes = append(codes, strings.ToUpper(e.Name()))
		}
	}
	schemas, err := fs.ReadDir(r.fsys, "schemas")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range schemas {
		if m := stateSchema.FindStringSubmatch(e.Name()); m != nil && !slices.Contains(codes, strings.ToUpper(m[1])) {
			codes = append(codes, strings.ToUpper(m[1]))
		}
	}
	slices.Sort(codes)
	for _, c := range codes {
		if _, _, err := r.Load(c); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

// TranslationLanguage decides the language of a request's translation: the
// one asked for on the command line (override), else the case's choice
// (chosen), else the state's first. It is the one place that decides; ok
// reports whether the state takes translations in that language.
func (p *Profile) TranslationLanguage(override, chosen string) (lang string, ok bool) {
	switch {
	case override != "":
		lang = override
	case chosen != "":
		lang = chosen
	case len(p.TranslationLanguages) > 0:
		lang = p.TranslationLanguages[0]
	}
	return lang, lang != "" && slices.Contains(p.TranslationLanguages, lang)
}
