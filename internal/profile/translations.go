package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// The offence catalogue (templates/offences.json) and the tables of
// comparable offences (templates/<cc>/equivalents.json) hold Chinese and
// English. A request translated into another language (French, for Canada)
// quotes them from translation files beside them:
//
//	templates/offences.<lang>.json         the PRC offences, by catalogue id
//	templates/<cc>/equivalents.<lang>.json the state's comparable offences, by statute key
//
// Like the catalogue's English, these translations are mla's own and say so.

// OffenceText is one catalogue entry in another language.
type OffenceText struct {
	Citation   string   `json:"citation"`
	Charges    []string `json:"charges"`
	Text       []string `json:"text"` // paragraph by paragraph, as the Chinese
	MaxPenalty string   `json:"max_penalty,omitempty"`
}

// OffenceTexts is the catalogue in one language.
type OffenceTexts struct {
	Version  int                    `json:"version"`
	Language string                 `json:"language"`
	Law      string                 `json:"law"`
	Notice   string                 `json:"translation_notice"`
	Offences map[string]OffenceText `json:"offences"`
}

// Has reports whether the translation holds the entry id.
func (t *OffenceTexts) Has(id string) bool {
	if t == nil {
		return false
	}
	_, ok := t.Offences[id]
	return ok
}

// OffenceTextsPath is where LoadOffenceTexts reads a language.
func OffenceTextsPath(lang string) string { return "templates/offences." + lang + ".json" }

// LoadOffenceTexts reads the catalogue's translation into lang. It returns
// nil and no error when there is none.
func LoadOffenceTexts(fsys fs.FS, lang string) (*OffenceTexts, error) {
	name := OffenceTextsPath(lang)
	t := &OffenceTexts{}
	if _, err := readJSON(fsys, name, t); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	if t.Language != lang {
		return nil, fmt.Errorf("%s: language %q does not match the file name", name, t.Language)
	}
	for id, o := range t.Offences {
		if strings.TrimSpace(o.Citation) == "" || len(o.Charges) == 0 && len(o.Text) == 0 {
			return nil, fmt.Errorf("%s: offence %s has no citation or text", name, id)
		}
	}
	return t, nil
}

// StatuteText is a comparable offence of a state in another language.
type StatuteText struct {
	Description string `json:"description"`
	MaxPenalty  string `json:"max_penalty,omitempty"`
}

// StatuteTexts is a state's table of comparable offences in one language.
type StatuteTexts struct {
	Version  int                    `json:"version"`
	Language string                 `json:"language"`
	State    string                 `json:"state"`
	Statutes map[string]StatuteText `json:"statutes"`
	// Citations translates citations, keyed by the table's citation
	// ("Criminal Code, s. 122" -> "Code criminel, art. 122").
	Citations map[string]string `json:"citations,omitempty"`
	// AppliesWhen translates the conditions of a match, keyed
	// "<offence id> <statute key>".
	AppliesWhen map[string]string `json:"applies_when,omitempty"`
}

// LoadStatuteTexts reads templates/<cc>/equivalents.<lang>.json; nil and no
// error when there is none.
func LoadStatuteTexts(fsys fs.FS, state, lang string) (*StatuteTexts, error) {
	name := path.Join("templates", strings.ToLower(state), "equivalents."+lang+".json")
	t := &StatuteTexts{}
	if _, err := readJSON(fsys, name, t); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	if t.Language != lang || !strings.EqualFold(t.State, state) {
		return nil, fmt.Errorf("%s: language %q and state %q do not match the file's place", name, t.Language, t.State)
	}
	return t, nil
}
