package i18n

import (
	"errors"
	"sort"
	"strings"
)

// Severity of a locale problem.
type Severity string

const (
	// SevError fails the check: a text would be missing, wrong or out of
	// date in some language.
	SevError Severity = "error"
	// SevNote is for the maintainer's information: a pending translation,
	// a layout that an import would rewrite.
	SevNote Severity = "note"
)

// Problem is one thing wrong in the locale files. It carries no text for
// people: Kind selects the message "i18n.problem.<Kind>" and Args fill it.
type Problem struct {
	Severity Severity
	// File is the path of the locale file in the asset tree, also when the
	// file does not exist ("locales/request.fr.toml").
	File string
	// ID is the message concerned, or "" for the whole file.
	ID   string
	Kind string
	Args map[string]any
}

// MessageID is the locale message that describes the problem.
func (p Problem) MessageID() string { return "i18n.problem." + p.Kind }

// checker accumulates problems.
type checker struct {
	s   *Set
	out []Problem
}

func (c *checker) add(sev Severity, file, id, kind string, args map[string]any) {
	if args == nil {
		args = map[string]any{}
	}
	c.out = append(c.out, Problem{Severity: sev, File: file, ID: id, Kind: kind, Args: args})
}

// Check compares every language with the source language and returns what
// is wrong, ordered by file and, within a file, by the order of the source
// messages. Errors come with the file and the message id concerned.
//
// For every message of the source it checks that the message has a
// description, that no text is empty, that every text is a valid template
// and that the plural forms are those of the source language. For every
// other language that has files, in every group, it reports a missing file
// and missing messages (as errors, or as notes when languages.conf lists
// the translation as pending), messages that the source lacks, template
// fields and brace tokens that differ from the source's, plural forms that
// go-i18n would not choose for that language, empty texts, and texts that
// are stale: the hash they record is not the source's current SourceHash,
// or they record none.
func (s *Set) Check() []Problem {
	c := &checker{s: s}
	c.out = append(c.out, s.Problems...)
	src := s.Config.Source
	c.duplicates()
	for _, g := range s.Groups() {
		sf := s.File(g, src)
		if sf == nil {
			for _, f := range s.Files {
				if f.Group == g {
					c.add(SevError, f.Path, "", "no_source", map[string]any{"Source": baseName(s.PathOf(g, src))})
				}
			}
			continue
		}
		c.source(sf)
		for _, lang := range s.Langs() {
			if lang != src {
				c.translation(sf, lang)
			}
		}
	}
	for _, f := range s.Files {
		if !s.Canonical(f) {
			c.add(SevNote, f.Path, "", "layout", nil)
		}
	}
	sortProblems(c.out, s)
	return c.out
}

// baseName returns the base name of a file for messages.
func baseName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// duplicates reports an id defined in two files of one language: go-i18n
// would keep one of them silently.
func (c *checker) duplicates() {
	first := map[[2]string]string{} // tag, id -> path
	for _, f := range c.s.Files {
		for _, m := range f.Messages {
			k := [2]string{f.Tag, m.ID}
			if p, ok := first[k]; ok {
				c.add(SevError, f.Path, m.ID, "duplicate", map[string]any{"Other": baseName(p)})
				continue
			}
			first[k] = f.Path
		}
	}
}

// source checks the messages of a source file on their own.
func (c *checker) source(f *File) {
	forms, ruleErr := PluralForms(f.Tag)
	for _, m := range f.Messages {
		if strings.TrimSpace(m.Description) == "" {
			c.add(SevError, f.Path, m.ID, "no_description", nil)
		}
		if _, ok := m.Forms["other"]; !ok {
			c.add(SevError, f.Path, m.ID, "plural_missing", map[string]any{"Form": "other", "Lang": f.Tag, "Forms": "other"})
		}
		if m.Plural() {
			c.forms(f.Path, f.Tag, m, forms, ruleErr)
		}
		c.texts(f.Path, m)
	}
}

// texts reports empty texts and texts that are not valid templates.
func (c *checker) texts(file string, m *Message) {
	for _, form := range m.FormNames() {
		text := m.Forms[form]
		if strings.TrimSpace(text) == "" {
			c.add(SevError, file, m.ID, "empty", map[string]any{"Form": form})
			continue
		}
		if err := CheckTemplate(text); err != nil {
			kind, args := templateProblem(form, err)
			c.add(SevError, file, m.ID, kind, args)
		}
	}
}

// forms compares the plural forms of m with want, the forms of its
// language.
func (c *checker) forms(file, tag string, m *Message, want []string, ruleErr error) {
	if ruleErr != nil {
		c.add(SevError, file, m.ID, "plural_rule", map[string]any{"Lang": tag})
		return
	}
	list := strings.Join(want, ", ")
	has := map[string]bool{}
	for _, w := range want {
		has[w] = true
		if _, ok := m.Forms[w]; !ok {
			c.add(SevError, file, m.ID, "plural_missing", map[string]any{"Form": w, "Lang": tag, "Forms": list})
		}
	}
	for _, g := range m.FormNames() {
		if !has[g] {
			c.add(SevError, file, m.ID, "plural_extra", map[string]any{"Form": g, "Lang": tag, "Forms": list})
		}
	}
}

// translation checks the file of sf's group in language lang.
func (c *checker) translation(sf *File, lang string) {
	s := c.s
	pending := s.Config.IsPending(sf.Group, lang)
	sev := SevError
	if pending {
		sev = SevNote
	}
	srcName := baseName(sf.Path)
	f := s.File(sf.Group, lang)
	if f == nil {
		c.add(sev, s.PathOf(sf.Group, lang), "", "missing_file", map[string]any{"Source": srcName, "Count": len(sf.Messages)})
		return
	}
	missing := 0
	for _, sm := range sf.Messages {
		m := f.Message(sm.ID)
		if m == nil {
			missing++
			c.add(sev, f.Path, sm.ID, "missing", map[string]any{"Source": srcName})
			continue
		}
		for _, p := range CompareTranslation(sm, m, lang) {
			p.Args["Source"] = srcName
			c.add(SevError, f.Path, m.ID, p.Kind, p.Args)
		}
	}
	for _, m := range f.Messages {
		if sf.Message(m.ID) == nil {
			c.add(SevError, f.Path, m.ID, "orphan", map[string]any{"Source": srcName})
		}
	}
	if pending && missing == 0 {
		c.add(SevNote, f.Path, "", "pending_done", map[string]any{"Lang": lang, "Group": sf.Group})
	}
}

// CompareTranslation checks t, the translation into language lang of the
// source message src: its plural forms (those go-i18n chooses among for
// lang, or only "other" when the source is not plural), empty texts,
// templates, placeholders and the recorded source hash. The problems it
// returns have no File.
func CompareTranslation(src, t *Message, lang string) []Problem {
	c := &checker{}
	if src.Plural() {
		forms, err := PluralForms(lang)
		c.forms("", lang, t, forms, err)
	} else {
		c.forms("", lang, t, []string{"other"}, nil)
	}
	c.texts("", t)
	for _, form := range t.FormNames() {
		c.out = append(c.out, placeholderProblems(src, form, t.Forms[form])...)
	}
	switch {
	case t.Hash == "":
		c.add(SevError, "", t.ID, "unstamped", nil)
	case t.Hash != SourceHash(src):
		c.add(SevError, "", t.ID, "stale", nil)
	}
	return c.out
}

// placeholderProblems compares the placeholders of one form of a
// translation with those of the source message. A translation may use the
// placeholders the source uses and those its description names (the
// description of a date offers {{.Month}} and {{.MonthName}}, and each
// language picks); it must use every placeholder the source uses, unless
// the description offers more than the source uses (the choice is then the
// translator's), and except that the forms other than "other" of a plural
// message may leave out {{.Count}} ("un élément" for one item).
func placeholderProblems(src *Message, form, text string) []Problem {
	got, err := Placeholders(text)
	if err != nil {
		return nil // reported as a template error
	}
	used := map[string]bool{}
	for _, s := range src.Forms {
		ps, _ := Placeholders(s)
		for _, p := range ps {
			used[p] = true
		}
	}
	avail := map[string]bool{}
	for p := range used {
		avail[p] = true
	}
	choice := false
	if ps, err := Placeholders(src.Description); err == nil {
		for _, p := range ps {
			if !used[p] {
				choice = true
			}
			avail[p] = true
		}
	}
	availList := sortedKeys(avail)
	var out []Problem
	have := map[string]bool{}
	for _, p := range got {
		have[p] = true
		if !avail[p] {
			out = append(out, Problem{Severity: SevError, ID: src.ID, Kind: "placeholder_unknown",
				Args: map[string]any{"Form": form, "Field": p, "Want": strings.Join(availList, " ")}})
		}
	}
	if choice {
		return out
	}
	for _, p := range sortedKeys(used) {
		if have[p] || (src.Plural() && form != "other" && p == "{{.Count}}") {
			continue
		}
		out = append(out, Problem{Severity: SevError, ID: src.ID, Kind: "placeholder_missing",
			Args: map[string]any{"Form": form, "Field": p}})
	}
	return out
}

// PlaceholderError checks one text of a translation of src, as an import
// does for each row: the first problem with its template or placeholders,
// or nil.
func PlaceholderError(src *Message, form, text string) *Problem {
	if err := CheckTemplate(text); err != nil {
		kind, args := templateProblem(form, err)
		return &Problem{Severity: SevError, ID: src.ID, Kind: kind, Args: args}
	}
	if ps := placeholderProblems(src, form, text); len(ps) > 0 {
		return &ps[0]
	}
	return nil
}

// templateProblem is the problem of a text that CheckTemplate refuses:
// "template_action" for an action other than a field, else "template".
func templateProblem(form string, err error) (string, map[string]any) {
	var ae *ActionError
	if errors.As(err, &ae) {
		return "template_action", map[string]any{"Form": form, "Action": ae.Action, "Example": "{{.Name}}"}
	}
	return "template", map[string]any{"Form": form, "Detail": err.Error()}
}

// ErrSourceLanguage is returned when a translation operation is asked for
// the source language itself.
var ErrSourceLanguage = errors.New("the source language is not translated")

// sortProblems orders problems by file and, within a file, puts those of
// the whole file first and the others in the order of the source messages
// (ids the source lacks last), keeping the order of the checks otherwise.
func sortProblems(ps []Problem, s *Set) {
	rank := map[string]int{}
	for _, f := range s.Files {
		if f.Tag == s.Config.Source {
			for i, m := range f.Messages {
				rank[f.Group+"\x00"+m.ID] = i
			}
		}
	}
	group := func(p Problem) string {
		g, _, _ := ParseName(baseName(p.File))
		return g
	}
	key := func(p Problem) int {
		if p.ID == "" {
			return -1
		}
		if r, ok := rank[group(p)+"\x00"+p.ID]; ok {
			return r
		}
		return len(rank)
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return key(ps[i]) < key(ps[j])
	})
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
