package i18n

import (
	"fmt"
	"regexp"
	"strings"
)

// Statuses of a translation in a spreadsheet.
const (
	StatusMissing = "missing" // no translation
	StatusStale   = "stale"   // translated from another version of the source, or with no record of it
	StatusDone    = "done"    // translated from the current source
)

// Row is one text to translate: one plural form of one message.
type Row struct {
	ID, Form    string
	Description string
	// Reference is the text in the reference language (Chinese, the legal
	// original of the clauses); Source in the source language (English).
	// For a plural form the source lacks, both hold the "other" form.
	Reference, Source string
	Translation       string
	Status            string
	// Placeholders lists the placeholders of the source message.
	Placeholders string
	// File is the name of the locale file the translation goes to.
	File string
	// SourceHash is SourceHash of the source message at the export: an
	// import records it in the translation.
	SourceHash string
	// Base is TextHash of the translation at the export ("" when missing):
	// an import tells by it whether the cell was edited, and whether the
	// locale file changed since the export.
	Base string
}

// sourceMessage finds id among the source files.
func (s *Set) sourceMessage(id string) (*File, *Message) {
	for _, f := range s.Files {
		if f.Tag == s.Config.Source {
			if m := f.Message(id); m != nil {
				return f, m
			}
		}
	}
	return nil, nil
}

// rowForms returns the plural forms a translation of src into lang has.
func rowForms(src *Message, lang string) ([]string, error) {
	if !src.Plural() {
		return []string{"other"}, nil
	}
	return PluralForms(lang)
}

// formText returns form of m, or its "other" form when m lacks it.
func formText(m *Message, form string) string {
	if m == nil {
		return ""
	}
	if s, ok := m.Forms[form]; ok {
		return s
	}
	return m.Forms["other"]
}

// Export returns a row for every plural form of every source message in
// the translation into lang, group by group (sorted) in the order of the
// source files. Messages that the source lacks are not exported.
func (s *Set) Export(lang string) ([]Row, error) {
	if lang == s.Config.Source {
		return nil, ErrSourceLanguage
	}
	var rows []Row
	for _, g := range s.Groups() {
		sf := s.File(g, s.Config.Source)
		if sf == nil {
			continue
		}
		ref := s.File(g, s.Config.Reference)
		tf := s.File(g, lang)
		for _, sm := range sf.Messages {
			forms, err := rowForms(sm, lang)
			if err != nil {
				return nil, err
			}
			var ps []string
			for _, f := range sm.FormNames() {
				p, _ := Placeholders(sm.Forms[f])
				ps = appendNew(ps, p...)
			}
			var tm, rm *Message
			if tf != nil {
				tm = tf.Message(sm.ID)
			}
			if ref != nil {
				rm = ref.Message(sm.ID)
			}
			hash := SourceHash(sm)
			for _, form := range forms {
				r := Row{
					ID: sm.ID, Form: form, Description: sm.Description,
					Reference: formText(rm, form), Source: formText(sm, form),
					Placeholders: strings.Join(ps, " "),
					File:         baseName(s.PathOf(g, lang)), SourceHash: hash,
					Status: StatusMissing,
				}
				if tm != nil {
					if t, ok := tm.Forms[form]; ok && t != "" {
						r.Translation, r.Base = t, TextHash(t)
						r.Status = StatusStale
						if tm.Hash == hash {
							r.Status = StatusDone
						}
					}
				}
				rows = append(rows, r)
			}
		}
	}
	return rows, nil
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		found := false
		for _, l := range list {
			found = found || l == it
		}
		if !found {
			list = append(list, it)
		}
	}
	return list
}

// ImportRow is one row of an edited spreadsheet.
type ImportRow struct {
	Row                                             int // 1-based row number in the sheet
	ID, Form, Translation, Status, SourceHash, Base string
}

// RowError is a row that an import refuses. Kind selects the message
// "i18n.import.<Kind>"; Args fill it.
type RowError struct {
	Row      int
	ID, Form string
	Kind     string
	Args     map[string]any
}

var sourceHashSyntax = regexp.MustCompile(`^sha1-[0-9a-f]{40}$`)

// Import applies the rows of a spreadsheet exported by Export for lang and
// returns the locale files that change, with their new content, and the
// number of messages changed. It changes nothing when any row is refused:
// errs then lists every refused row.
//
// A row whose translation was edited sets that plural form and records the
// row's SourceHash, the version of the source the translator saw; a row
// whose status was set to "done" without an edit records it too (the
// translator checked a stale translation and found it still right). The
// hash is recorded only when every form the message has was edited or
// confirmed, so that a stale form is never marked current by its sibling.
// An import refuses: ids and forms that the source does not have, a row
// given twice, a translation with a broken template or placeholders, a
// cleared translation, an edit of a text that changed in the locale file
// since the export, and a SourceHash or status that is not one mla writes.
//
// header gives the comment lines of a file that does not exist yet.
func (s *Set) Import(lang string, rows []ImportRow, header func(group string) []string) (files []*File, changed int, errs []RowError) {
	if lang == s.Config.Source {
		return nil, 0, []RowError{{Kind: "source_language", Args: map[string]any{"Lang": lang}}}
	}
	type key struct{ id, form string }
	type update struct {
		group     string
		src       *Message
		msg       *Message // the new translation
		hash      string
		confirmed map[string]bool // forms edited or confirmed
		edited    bool
		restamp   bool
	}
	updates := map[string]*update{}
	var order []string
	seen := map[key]int{}
	fail := func(r ImportRow, kind string, args map[string]any) {
		if args == nil {
			args = map[string]any{}
		}
		errs = append(errs, RowError{Row: r.Row, ID: r.ID, Form: r.Form, Kind: kind, Args: args})
	}
	for _, r := range rows {
		if r.ID == "" && r.Form == "" && r.Translation == "" {
			continue
		}
		sf, sm := s.sourceMessage(r.ID)
		if sm == nil {
			fail(r, "unknown_id", nil)
			continue
		}
		forms, err := rowForms(sm, lang)
		if err != nil {
			fail(r, "plural_rule", map[string]any{"Lang": lang})
			continue
		}
		if !contains(forms, r.Form) {
			fail(r, "unknown_form", map[string]any{"Forms": strings.Join(forms, ", ")})
			continue
		}
		if first, dup := seen[key{r.ID, r.Form}]; dup {
			fail(r, "duplicate", map[string]any{"First": first})
			continue
		}
		seen[key{r.ID, r.Form}] = r.Row
		status := strings.ToLower(strings.TrimSpace(r.Status))
		switch status {
		case "", StatusMissing, StatusStale, StatusDone:
		default:
			fail(r, "bad_status", map[string]any{"Status": r.Status})
			continue
		}
		text := strings.ReplaceAll(r.Translation, "\r\n", "\n")
		edited := text != "" && r.Base == "" || r.Base != "" && TextHash(text) != r.Base
		if !edited && status != StatusDone {
			continue
		}
		if !sourceHashSyntax.MatchString(r.SourceHash) {
			fail(r, "bad_hash", nil)
			continue
		}
		u := updates[r.ID]
		if u == nil {
			var cur *Message
			if tf := s.File(sf.Group, lang); tf != nil {
				cur = tf.Message(r.ID)
			}
			u = &update{group: sf.Group, src: sm, confirmed: map[string]bool{}, hash: r.SourceHash}
			if cur != nil {
				u.msg = cur.Clone()
			} else {
				u.msg = &Message{ID: r.ID, Forms: map[string]string{}}
			}
			updates[r.ID] = u
			order = append(order, r.ID)
		}
		cur := u.msg.Forms[r.Form]
		// Has the locale file changed since the export?
		moved := cur != "" && TextHash(cur) != r.Base || cur == "" && r.Base != ""
		if edited && text == cur {
			// The locale file holds this text already (a second import
			// of the same sheet).
			edited, moved = false, false
		}
		if !edited {
			// Confirmed as the translator saw it; a text that has
			// changed since is not the one the translator checked.
			if status == StatusDone && cur != "" && !moved {
				u.confirmed[r.Form] = true
			}
			continue
		}
		if moved {
			fail(r, "conflict", nil)
			continue
		}
		if text == "" {
			fail(r, "cleared", nil)
			continue
		}
		if p := PlaceholderError(sm, r.Form, text); p != nil {
			fail(r, p.Kind, p.Args)
			continue
		}
		u.msg.Forms[r.Form] = text
		u.confirmed[r.Form] = true
		u.edited = true
		u.hash = r.SourceHash
	}
	if len(errs) > 0 {
		return nil, 0, errs
	}

	touched := map[string]bool{}
	for _, id := range order {
		u := updates[id]
		all := len(u.msg.Forms) > 0 // a message with no text is not confirmed
		for f := range u.msg.Forms {
			all = all && u.confirmed[f]
		}
		if all && u.msg.Hash != u.hash {
			u.msg.Hash = u.hash
			u.restamp = true
		} else {
			u.restamp = false
		}
		if !u.edited && !u.restamp {
			continue
		}
		u.msg.Description = u.src.Description
		touched[u.group] = true
		changed++
	}
	for _, g := range s.Groups() {
		if !touched[g] {
			continue
		}
		sf := s.File(g, s.Config.Source)
		old := s.File(g, lang)
		nf := &File{Path: s.PathOf(g, lang), Group: g, Tag: lang}
		if old != nil {
			nf.Header = old.Header
		} else if header != nil {
			nf.Header = header(g)
		}
		get := func(id string) *Message {
			if u := updates[id]; u != nil && (u.edited || u.restamp) {
				return u.msg
			}
			if old != nil {
				return old.Message(id)
			}
			return nil
		}
		for _, sm := range sf.Messages {
			if m := get(sm.ID); m != nil {
				nf.Messages = append(nf.Messages, m)
			}
		}
		if old != nil {
			for _, m := range old.Messages {
				if sf.Message(m.ID) == nil {
					nf.Messages = append(nf.Messages, m)
				}
			}
		}
		files = append(files, nf)
	}
	return files, changed, nil
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// Stamp records the current source hash in translations into lang and
// returns the files that change and the ids stamped. With no ids it stamps
// every translation that records no hash; with ids, those translations,
// whatever they record (a translator checked them against the current
// source). An id that lang has no translation of is returned in unknown,
// and nothing is changed.
func (s *Set) Stamp(lang string, ids []string) (files []*File, stamped, unknown []string, err error) {
	if lang == s.Config.Source {
		return nil, nil, nil, ErrSourceLanguage
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	found := map[string]bool{}
	for _, f := range s.Files {
		if f.Tag != lang {
			continue
		}
		sf := s.File(f.Group, s.Config.Source)
		if sf == nil {
			continue
		}
		var nf *File
		for i, m := range f.Messages {
			sm := sf.Message(m.ID)
			if sm == nil {
				continue
			}
			if len(want) > 0 && !want[m.ID] || len(want) == 0 && m.Hash != "" {
				continue
			}
			found[m.ID] = true
			h := SourceHash(sm)
			if m.Hash == h {
				continue
			}
			if nf == nil {
				nf = &File{Path: f.Path, Group: f.Group, Tag: f.Tag, Header: f.Header, Messages: append([]*Message(nil), f.Messages...)}
			}
			c := m.Clone()
			c.Hash = h
			nf.Messages[i] = c
			stamped = append(stamped, m.ID)
		}
		if nf != nil {
			files = append(files, nf)
		}
	}
	for _, id := range ids {
		if !found[id] {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return nil, nil, unknown, nil
	}
	return files, stamped, nil, nil
}

// String describes a row error for logs and tests.
func (e RowError) String() string {
	return fmt.Sprintf("row %d %s/%s: %s %v", e.Row, e.ID, e.Form, e.Kind, e.Args)
}
