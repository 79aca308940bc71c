package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/BurntSushi/toml"
)

// Config is the content of locales/languages.toml.
//
// Which languages must be complete: every language that has at least one
// message file must have every message of every group, except where
// Pending lists the language for a group. A pending translation may lack
// files and messages (the check lists them as notes), but what it has is
// checked like any other: placeholders, plural forms, stale and empty
// texts are still errors.
type Config struct {
	// Source is the language translators work from; every other language
	// is compared with it. English, because the descriptions are English.
	Source string `toml:"source"`
	// Reference is shown beside the source in spreadsheets: Chinese, the
	// legal original of the request's clauses.
	Reference string `toml:"reference"`
	// Pending maps a group ("request") to the languages whose translation
	// of it is under way.
	Pending map[string][]string `toml:"pending"`
}

// DefaultConfig is used when the locales folder has no languages.toml.
var DefaultConfig = Config{Source: "en", Reference: "zh-Hans"}

// IsPending reports whether tag is a pending translation of group.
func (c Config) IsPending(group, tag string) bool {
	for _, t := range c.Pending[group] {
		if t == tag {
			return true
		}
	}
	return false
}

// Set is every locale file of a locales folder, parsed.
type Set struct {
	Dir    string
	Config Config
	// Files are the files that could be parsed, sorted by path.
	Files []*File
	// Problems are the files that could not be parsed, and a config file
	// that could not be read.
	Problems []Problem

	raw map[string][]byte // path -> bytes as read
}

// ReadSet reads the locales folder dir of fsys. Files that cannot be
// parsed are recorded in Problems; an error is returned only when the
// folder itself cannot be read.
func ReadSet(fsys fs.FS, dir string) (*Set, error) {
	s := &Set{Dir: dir, Config: DefaultConfig, raw: map[string][]byte{}}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() || (path.Ext(e.Name()) != ".toml" && e.Name() != ConfigName) {
			continue
		}
		p := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		if e.Name() == ConfigName {
			if err := s.readConfig(data); err != nil {
				s.Problems = append(s.Problems, Problem{Severity: SevError, File: p, Kind: "config", Args: map[string]any{"Detail": err.Error()}})
			}
			continue
		}
		f, err := ParseFile(p, data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				return nil, err
			}
			s.Problems = append(s.Problems, Problem{Severity: SevError, File: p, ID: fe.ID, Kind: fe.Kind,
				Args: map[string]any{"Detail": fe.Detail, "Key": fe.Key}})
			continue
		}
		s.raw[p] = data
		s.Files = append(s.Files, f)
	}
	sort.Slice(s.Files, func(i, j int) bool { return s.Files[i].Path < s.Files[j].Path })
	return s, nil
}

func (s *Set) readConfig(data []byte) error {
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return err
	}
	if u := md.Undecoded(); len(u) > 0 {
		return fmt.Errorf("unknown key %s", u[0])
	}
	if c.Source == "" {
		c.Source = DefaultConfig.Source
	}
	if c.Reference == "" {
		c.Reference = DefaultConfig.Reference
	}
	s.Config = c
	return nil
}

// File returns the file of group in language tag, or nil.
func (s *Set) File(group, tag string) *File {
	for _, f := range s.Files {
		if f.Group == group && f.Tag == tag {
			return f
		}
	}
	return nil
}

// Groups returns the groups that have a file in any language, sorted.
func (s *Set) Groups() []string { return s.distinct(func(f *File) string { return f.Group }) }

// Langs returns the language tags that have at least one file, sorted.
func (s *Set) Langs() []string { return s.distinct(func(f *File) string { return f.Tag }) }

func (s *Set) distinct(key func(*File) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range s.Files {
		if k := key(f); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// PathOf returns the path of the file of group in language tag, whether or
// not it exists.
func (s *Set) PathOf(group, tag string) string {
	return path.Join(s.Dir, group+"."+tag+".toml")
}

// Read returns the bytes of the file at p (a path in the set's file
// system, as File.Path) as ReadSet read them, and whether it read one.
func (s *Set) Read(p string) ([]byte, bool) {
	b, ok := s.raw[p]
	return b, ok
}

// Canonical reports whether the file at p was read exactly as Encode
// writes it.
func (s *Set) Canonical(f *File) bool {
	return bytes.Equal(s.raw[f.Path], f.Encode())
}
