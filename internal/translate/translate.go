// Package translate takes the localized texts of a case file out to a
// translator and back. Export lists every text object ({"zh": "…",
// "en": "…"}) with its JSON Pointer; Import writes the edited translations
// back into the file's bytes at the offsets of the values, so that nothing
// else of the file changes: not the order of the keys, not the spacing,
// not a number's spelling. With no edit the bytes are the same.
package translate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/mla-dev/mla/internal/casefile"
)

// Original is the language of the original of every text: Chinese.
const Original = "zh"

// Statuses of a text in the spreadsheet.
const (
	StatusMissing = "missing"
	StatusDone    = "done"
)

// Text is one localized text of a case file.
type Text struct {
	// Pointer is the JSON Pointer of the text object.
	Pointer     string
	Original    string // the Chinese text
	Translation string // the text in the language asked for
	Has         bool   // the object has a member for that language
	offset      int
}

var langKey = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// Texts returns the localized texts of f with their translation into lang,
// in the order they appear in the file. A localized text is an object
// whose members are all strings keyed by language codes, one of them "zh".
func Texts(f *casefile.File, lang string) []Text {
	var out []Text
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		switch x := v.(type) {
		case map[string]any:
			if isText(x) {
				t := Text{Pointer: ptr, Original: x[Original].(string)}
				t.Translation, t.Has = x[lang].(string)
				t.offset, _ = f.Offset(ptr)
				out = append(out, t)
				return
			}
			for k, c := range x {
				walk(c, ptr+"/"+casefile.EscapePointer(k))
			}
		case []any:
			for i, c := range x {
				walk(c, fmt.Sprintf("%s/%d", ptr, i))
			}
		}
	}
	walk(f.Raw, "")
	sort.Slice(out, func(i, j int) bool { return out[i].offset < out[j].offset })
	return out
}

func isText(obj map[string]any) bool {
	if _, ok := obj[Original].(string); !ok {
		return false
	}
	for k, v := range obj {
		if _, ok := v.(string); !ok || !langKey.MatchString(k) {
			return false
		}
	}
	return true
}

// Row is one row of the spreadsheet.
type Row struct {
	// Row is the 1-based row number in the sheet (import only).
	Row         int
	Pointer     string
	Original    string
	Translation string
	// Status is StatusMissing or StatusDone (export only).
	Status string
	// Check is Fingerprint of the original and the translation at the
	// export: an import tells by it whether the row was edited, and
	// whether the case file changed since.
	Check string
}

// Fingerprint identifies a pair of original and translation.
func Fingerprint(original, translation string) string {
	sum := sha256.Sum256([]byte(original + "\x00" + translation))
	return hex.EncodeToString(sum[:8])
}

// Chars counts the characters of s, as a translator counts them.
func Chars(s string) int { return utf8.RuneCountInString(s) }

// MaxCellChars is the longest text a spreadsheet cell holds (Excel's
// limit, in UTF-16 units): one text of a case, in either language, must
// fit in one cell of the export.
const MaxCellChars = casefile.MaxCell

// TooLongError is a text of the case that no cell of the export can hold.
type TooLongError struct {
	Pointer string
	Lang    string // "zh", or the translation's language
	Chars   int    // in UTF-16 units, as MaxCellChars
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("%s (%s): %d characters, a cell holds %d", e.Pointer, e.Lang, e.Chars, MaxCellChars)
}

// CheckLengths returns a *TooLongError for the first row whose original or
// translation is longer than MaxCellChars, or nil.
func CheckLengths(rows []Row, lang string) error {
	for _, r := range rows {
		if n := casefile.TextLength(r.Original); n > MaxCellChars {
			return &TooLongError{Pointer: r.Pointer, Lang: Original, Chars: n}
		}
		if n := casefile.TextLength(r.Translation); n > MaxCellChars {
			return &TooLongError{Pointer: r.Pointer, Lang: lang, Chars: n}
		}
	}
	return nil
}

// Export returns a row for every localized text of f, in file order.
func Export(f *casefile.File, lang string) []Row {
	var rows []Row
	for _, t := range Texts(f, lang) {
		r := Row{Pointer: t.Pointer, Original: t.Original, Translation: t.Translation, Status: StatusDone,
			Check: Fingerprint(t.Original, t.Translation)}
		if strings.TrimSpace(t.Translation) == "" {
			r.Status = StatusMissing
		}
		rows = append(rows, r)
	}
	return rows
}

// RowError is a row that Import refuses; Kind selects the message
// "translate.import.<Kind>".
type RowError struct {
	Row     int
	Pointer string
	Kind    string
}

var checkSyntax = regexp.MustCompile(`^[0-9a-f]{16}$`)

// ErrInvalid means that writing the translations would not give a case
// file that loads; it is a fault of mla, never of the rows.
var ErrInvalid = errors.New("the edited case file would not be valid")

// Import writes the edited translations of rows into a copy of f's bytes
// and returns it with the number of texts changed. A row that was not
// edited (its translation and original match its Check) changes nothing.
// It refuses, and changes nothing, when a row names no text of the file or
// is given twice, its Check was changed, its text is not UTF-8, its Chinese original is not the
// file's, the file's translation changed since the export, or a
// translation was cleared; errs then lists every such row.
func Import(f *casefile.File, lang string, rows []Row) (data []byte, changed int, errs []RowError, err error) {
	texts := map[string]Text{}
	for _, t := range Texts(f, lang) {
		texts[t.Pointer] = t
	}
	seen := map[string]bool{}
	var edits []edit
	for _, r := range rows {
		if r.Pointer == "" && r.Original == "" && r.Translation == "" {
			continue
		}
		fail := func(kind string) { errs = append(errs, RowError{Row: r.Row, Pointer: r.Pointer, Kind: kind}) }
		t, ok := texts[r.Pointer]
		if !ok {
			fail("unknown_pointer")
			continue
		}
		if seen[r.Pointer] {
			fail("duplicate")
			continue
		}
		seen[r.Pointer] = true
		text := strings.ReplaceAll(r.Translation, "\r\n", "\n")
		if Fingerprint(r.Original, text) == r.Check {
			continue // not edited
		}
		if utf8.ValidString(text) {
			// The loader reads every text in NFC (casefile); so is a
			// translation typed with combining accents written.
			text = norm.NFC.String(text)
		}
		switch {
		case !checkSyntax.MatchString(r.Check):
			fail("bad_check")
		case !utf8.ValidString(text):
			fail("invalid_utf8")
		case norm.NFC.String(r.Original) != t.Original:
			fail("original_changed")
		case text == t.Translation:
			// Already so in the file.
		case Fingerprint(t.Original, t.Translation) != r.Check:
			fail("conflict")
		case text == "":
			fail("cleared")
		default:
			edits = append(edits, edit{text: t, value: text})
		}
	}
	if len(errs) > 0 {
		return nil, 0, errs, nil
	}
	if len(edits) == 0 {
		return f.Bytes, 0, nil, nil
	}
	data, err = apply(f.Bytes, lang, edits)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := verify(f.Name, data, lang, edits); err != nil {
		return nil, 0, nil, err
	}
	return data, len(edits), nil, nil
}

type edit struct {
	text  Text
	value string
}

// apply makes the edits in a copy of b, from the last to the first so
// that the offsets of the earlier ones stay right.
func apply(b []byte, lang string, edits []edit) ([]byte, error) {
	sort.Slice(edits, func(i, j int) bool { return edits[i].text.offset > edits[j].text.offset })
	out := append([]byte(nil), b...)
	for _, e := range edits {
		obj, err := scanObject(out, e.text.offset)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, e.text.Pointer, err)
		}
		val := encodeString(e.value)
		var splice []byte
		start, end := 0, 0
		if m, ok := obj.member(lang); ok {
			start, end = m.valStart, m.valEnd
			splice = val
		} else {
			last := obj.members[len(obj.members)-1]
			var sep []byte
			if n := len(obj.members); n >= 2 {
				sep = out[obj.members[n-2].valEnd:last.keyStart]
			} else if ws := out[obj.open+1 : last.keyStart]; len(ws) > 0 {
				sep = append([]byte{','}, ws...)
			} else {
				sep = []byte(", ") // {"zh": "…"} becomes {"zh": "…", "en": "…"}
			}
			colon := out[last.keyEnd:last.valStart]
			splice = append(append(append(append([]byte(nil), sep...), encodeString(lang)...), colon...), val...)
			start, end = last.valEnd, last.valEnd
		}
		out = append(out[:start], append(splice, out[end:]...)...)
	}
	return out, nil
}

// verify loads the edited file and checks that every edited text holds
// its new value.
func verify(name string, data []byte, lang string, edits []edit) error {
	f, err := casefile.Parse(name, data)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	got := map[string]Text{}
	for _, t := range Texts(f, lang) {
		got[t.Pointer] = t
	}
	for _, e := range edits {
		if t := got[e.text.Pointer]; t.Translation != e.value || t.Original != e.text.Original {
			return fmt.Errorf("%w: %s does not hold the new text", ErrInvalid, e.text.Pointer)
		}
	}
	return nil
}

// encodeString writes s as a JSON string, leaving non-ASCII characters
// and <, >, & as they are.
func encodeString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'})
}

// member is one member of a JSON object: the offsets of its key and value.
type member struct {
	key              string
	keyStart, keyEnd int
	valStart, valEnd int
}

type object struct {
	open, close int
	members     []member
}

func (o object) member(key string) (member, bool) {
	for _, m := range o.members {
		if m.key == key {
			return m, true
		}
	}
	return member{}, false
}

// scanObject reads the object at off in b, whose values are all strings
// (a localized text).
func scanObject(b []byte, off int) (object, error) {
	if off >= len(b) || b[off] != '{' {
		return object{}, errors.New("no object at its offset")
	}
	o := object{open: off}
	i := skipSpace(b, off+1)
	if i < len(b) && b[i] == '}' {
		return object{}, errors.New("empty object")
	}
	for {
		var m member
		m.keyStart = i
		end, key, err := scanString(b, i)
		if err != nil {
			return object{}, err
		}
		m.key, m.keyEnd = key, end
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return object{}, errors.New("expected a colon")
		}
		i = skipSpace(b, i+1)
		m.valStart = i
		end, _, err = scanString(b, i)
		if err != nil {
			return object{}, err
		}
		m.valEnd = end
		o.members = append(o.members, m)
		i = skipSpace(b, end)
		if i >= len(b) {
			return object{}, errors.New("unexpected end")
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			o.close = i
			return o, nil
		default:
			return object{}, errors.New("expected a comma or a brace")
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString reads the JSON string starting at b[i] and returns the offset
// just past it and its value.
func scanString(b []byte, i int) (int, string, error) {
	if i >= len(b) || b[i] != '"' {
		return 0, "", errors.New("expected a string")
	}
	j := i + 1
	for j < len(b) {
		switch b[j] {
		case '\\':
			j += 2
			continue
		case '"':
			var s string
			if err := json.Unmarshal(b[i:j+1], &s); err != nil {
				return 0, "", err
			}
			return j + 1, s, nil
		}
		j++
	}
	return 0, "", errors.New("unterminated string")
}

// Languages returns the translation languages that the case schema's text
// type allows: the members of $defs.text.properties other than "zh".
func Languages(schema []byte) ([]string, error) {
	var s struct {
		Defs map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schema, &s); err != nil {
		return nil, err
	}
	var out []string
	for k := range s.Defs["text"].Properties {
		if k != Original {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("the schema defines no translation language in $defs.text")
	}
	sort.Strings(out)
	return out, nil
}
