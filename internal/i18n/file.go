package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"
)

// Forms are the CLDR plural forms in the order the canonical layout writes
// them.
var Forms = []string{"zero", "one", "two", "few", "many", "other"}

// Message is one message of a locale file.
type Message struct {
	ID string
	// Description tells the translator where the text appears and what is
	// legally sensitive. Translation files carry a copy of the source's.
	Description string
	// Hash, in a translation, is SourceHash of the source message the
	// translation was made from; it is empty in the source language.
	Hash string
	// Forms maps a plural form ("one", "other", …) to its text.
	Forms map[string]string
}

// FormNames returns the plural forms m has, in canonical order.
func (m *Message) FormNames() []string {
	var out []string
	for _, f := range Forms {
		if _, ok := m.Forms[f]; ok {
			out = append(out, f)
		}
	}
	return out
}

// Plural reports whether m has any form besides "other".
func (m *Message) Plural() bool {
	for f := range m.Forms {
		if f != "other" {
			return true
		}
	}
	return false
}

// Clone returns a deep copy of m.
func (m *Message) Clone() *Message {
	c := *m
	c.Forms = make(map[string]string, len(m.Forms))
	for k, v := range m.Forms {
		c.Forms[k] = v
	}
	return &c
}

// File is a parsed locale file: GROUP.TAG.toml, for example cli.fr.toml.
type File struct {
	// Path is the file's path in the asset tree ("locales/cli.fr.toml").
	Path       string
	Group, Tag string
	// Header is the comment block at the top of the file, one line each,
	// "#" included.
	Header   []string
	Messages []*Message // in file order
}

// Message returns the message with id, or nil.
func (f *File) Message(id string) *Message {
	for _, m := range f.Messages {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// ConfigName is the name of the file in the locales folder that says which
// language is the source and which translations are pending; it is not a
// message file. It is TOML, but its name does not end in ".toml", so that
// translators can run goi18n merge over locales/*.toml without goi18n
// reading it as the messages of a language "und".
const ConfigName = "languages.conf"

// tagSyntax is the form of the BCP 47 tags mla accepts in file names:
// language, then script, region or variant subtags joined by hyphens.
var tagSyntax = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// ParseName splits a locale file name GROUP.TAG.toml into its group and
// language tag. ok is false for any other name, including ConfigName.
func ParseName(name string) (group, tag string, ok bool) {
	base, found := strings.CutSuffix(name, ".toml")
	if !found {
		return "", "", false
	}
	i := strings.LastIndexByte(base, '.')
	if i <= 0 || i == len(base)-1 {
		return "", "", false
	}
	group, tag = base[:i], base[i+1:]
	if !tagSyntax.MatchString(tag) {
		return "", "", false
	}
	if _, err := language.Parse(tag); err != nil {
		return "", "", false
	}
	return group, tag, true
}

// FileError is a locale file that could not be read as a message file.
// Kind selects the message "i18n.problem.<Kind>"; ID and Key, when set,
// name the message and the key concerned.
type FileError struct {
	Kind    string // "unreadable", "not_table", "unknown_key", "not_string"
	ID, Key string
	Detail  string
}

func (e *FileError) Error() string {
	s := e.Kind
	if e.ID != "" {
		s += " " + e.ID
	}
	if e.Key != "" {
		s += "." + e.Key
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// ParseFile parses the locale file at p (a path in the asset tree) with
// content data. It is stricter than go-i18n: every top-level entry must be
// a table whose keys are description, hash and plural forms, all strings.
func ParseFile(p string, data []byte) (*File, error) {
	group, tag, ok := ParseName(path.Base(p))
	if !ok {
		return nil, &FileError{Kind: "bad_name"}
	}
	f := &File{Path: p, Group: group, Tag: tag, Header: header(data)}
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &FileError{Kind: "unreadable", Detail: fmt.Sprintf("line %d: %s", pe.Position.Line, pe.Message)}
		}
		return nil, &FileError{Kind: "unreadable", Detail: err.Error()}
	}
	seen := map[string]bool{}
	for _, k := range md.Keys() {
		id := k[0]
		if seen[id] {
			continue
		}
		seen[id] = true
		table, ok := raw[id].(map[string]any)
		if !ok {
			return nil, &FileError{Kind: "not_table", ID: id}
		}
		m := &Message{ID: id, Forms: map[string]string{}}
		for key, v := range table {
			s, ok := v.(string)
			if !ok {
				return nil, &FileError{Kind: "not_string", ID: id, Key: key}
			}
			switch key {
			case "description":
				m.Description = s
			case "hash":
				m.Hash = s
			case "zero", "one", "two", "few", "many", "other":
				m.Forms[key] = s
			default:
				return nil, &FileError{Kind: "unknown_key", ID: id, Key: key}
			}
		}
		f.Messages = append(f.Messages, m)
	}
	return f, nil
}

// header returns the comment lines at the top of data, before the first
// line that is neither a comment nor blank.
func header(data []byte) []string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			out = append(out, t)
			continue
		}
		if t != "" {
			break
		}
	}
	return out
}

// Encode writes f in the canonical layout, the only one mla writes: the
// header comment, a blank line, then each message as a table
//
//	["id"]
//	description = "…"
//	hash = "sha1-…"
//	one = "…"
//	other = "…"
//
// with keys in that order (plural forms in CLDR order), messages separated
// by a blank line, every string a basic string on one line with TOML's
// escapes (\n for a line break), and a final newline. Comments other than
// the header are not kept.
func (f *File) Encode() []byte {
	var b bytes.Buffer
	for _, h := range f.Header {
		b.WriteString(h)
		b.WriteByte('\n')
	}
	for i, m := range f.Messages {
		if i > 0 || len(f.Header) > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("[" + quote(m.ID) + "]\n")
		if m.Description != "" {
			b.WriteString("description = " + quote(m.Description) + "\n")
		}
		if m.Hash != "" {
			b.WriteString("hash = " + quote(m.Hash) + "\n")
		}
		for _, form := range m.FormNames() {
			b.WriteString(form + " = " + quote(m.Forms[form]) + "\n")
		}
	}
	return b.Bytes()
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
