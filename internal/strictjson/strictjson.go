// Package strictjson reads JSON documents strictly, the same way for every
// file mla reads: the case file, the manifest, the review file, and the
// asset files (state profiles, templates, checklists, rules, the criteria of
// a major case, the offence data).
//
// A document is refused, with an *Error that carries the line and column
// (in characters) and the JSON Pointer of the problem, when it is not
// well-formed JSON, when something follows its value, when an object
// repeats a key (encoding/json would silently keep the last), when it
// nests deeper than a limit, when a string is longer than a limit, and, in
// Decode, when an object has a member the Go value has no field for (a
// misspelling; unless the caller allows it) or a value of the wrong JSON
// type. The Error never carries text for people: its Kind and Reason select
// the caller's message.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind classifies an Error.
type Kind string

// Kinds of errors.
const (
	// KindSyntax: not well-formed JSON; Reason says more.
	KindSyntax Kind = "syntax"
	// KindTrailing: a complete value followed by something else.
	KindTrailing Kind = "trailing_data"
	// KindDuplicateKey: an object repeats a key; Pointer is the object's,
	// Key the key, FirstLine the line of its first occurrence.
	KindDuplicateKey Kind = "duplicate_key"
	// KindTooDeep: objects and arrays nested deeper than Options.MaxDepth;
	// Pointer is the value that goes too deep.
	KindTooDeep Kind = "too_deep"
	// KindTooLong: a string or key longer than Options.MaxString
	// characters; Pointer is the value's (for a key, its object's).
	KindTooLong Kind = "too_long"
	// KindUnknownField: Decode found a member that the Go value has no
	// field for; Pointer is the member's, Key its name.
	KindUnknownField Kind = "unknown_field"
	// KindWrongType: Decode found a value of another JSON type than the
	// Go value's; Pointer is the value's, Want the Go type.
	KindWrongType Kind = "wrong_type"
	// KindInvalid: a value that a type's own UnmarshalJSON refused.
	KindInvalid Kind = "invalid_value"
)

// Reasons of a KindSyntax error: the mistakes people make when they type
// JSON by hand, so that the message can say how to fix them.
const (
	ReasonEOF           = "eof"            // the file ends inside a value
	ReasonFullWidth     = "full_width"     // a full-width ，：“ typed for , : " (Want holds the ASCII one)
	ReasonSingleQuote   = "single_quote"   // 'text' instead of "text"
	ReasonControlChar   = "control_char"   // a control character (a tab, a line break) inside a string
	ReasonTrailingComma = "trailing_comma" // a comma before } or ]
	ReasonMissingComma  = "missing_comma"  // two members or items without a comma between them
	ReasonQuoteInText   = "quote_in_text"  // a " typed inside a text ended it early
)

// Error is a document that strictjson refused.
type Error struct {
	Kind Kind
	// Reason refines KindSyntax (see the Reason constants); "" otherwise.
	Reason string
	// Offset is the byte offset of the problem in the document.
	Offset int
	// Line and Column (1-based; the column counts characters) locate it.
	Line, Column int
	// Pointer is the JSON Pointer concerned (see each Kind); "" is the
	// root.
	Pointer string
	// Key is the key concerned (KindDuplicateKey, KindUnknownField).
	Key string
	// FirstLine is the line of the key's first occurrence
	// (KindDuplicateKey).
	FirstLine int
	// Char is the offending character, written so that it can be seen
	// (KindSyntax): "， (U+FF0C)", "U+0009".
	Char string
	// Want is the ASCII character for a full-width one (ReasonFullWidth),
	// or the expected Go type (KindWrongType).
	Want string
	// Length and Limit are the string's length and the limit (KindTooLong),
	// or the limit of nesting (KindTooDeep).
	Length, Limit int
	// Err is the underlying error, for logs.
	Err error
}

// Error describes the problem in technical English, with its line and
// column, for logs.
func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Detail())
}

// Detail describes the problem in technical English, without its place:
// the detail of an asset file's error, whose message gives the line.
func (e *Error) Detail() string {
	var what string
	switch e.Kind {
	case KindSyntax:
		what = "not valid JSON"
		if e.Reason != "" {
			what += " (" + strings.ReplaceAll(e.Reason, "_", " ") + ")"
		}
		if e.Char != "" {
			what += " at " + e.Char
		}
	case KindTrailing:
		what = "data after the JSON value"
	case KindDuplicateKey:
		what = fmt.Sprintf("key %q repeated in the object at %s (first on line %d)", e.Key, pointerOrRoot(e.Pointer), e.FirstLine)
	case KindTooDeep:
		what = fmt.Sprintf("nested deeper than %d at %s", e.Limit, pointerOrRoot(e.Pointer))
	case KindTooLong:
		what = fmt.Sprintf("string of %d characters at %s, over %d", e.Length, pointerOrRoot(e.Pointer), e.Limit)
	case KindUnknownField:
		what = fmt.Sprintf("unknown field %s", e.Pointer)
	case KindWrongType:
		what = fmt.Sprintf("%s must be %s", pointerOrRoot(e.Pointer), e.Want)
	default:
		what = fmt.Sprintf("invalid value at %s", pointerOrRoot(e.Pointer))
		if e.Err != nil {
			what += ": " + e.Err.Error()
		}
	}
	return what
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Options say how strict to be beyond what is always refused (malformed
// JSON, trailing data, repeated keys).
type Options struct {
	// AllowUnknown accepts, in Decode, members the Go value has no field
	// for.
	AllowUnknown bool
	// MaxDepth bounds the nesting of objects and arrays (the root object
	// is at depth 1); 0 leaves encoding/json's own bound.
	MaxDepth int
	// MaxString bounds the characters of a string or key; 0 for none.
	MaxString int
	// String, when set, is called with every string value and key, in the
	// order of the document, with its JSON Pointer (for a key, its
	// object's), its byte offset and whether it is a key. It returns the
	// value to keep (a value may be normalised; a key is kept as it is)
	// or an error that stops the reading and is returned as it is.
	String func(s, ptr string, offset int, key bool) (string, error)
}

// Doc is a parsed document.
type Doc struct {
	// Value is the document decoded as jsonschema.UnmarshalJSON does:
	// objects map[string]any, arrays []any, numbers json.Number.
	Value any
	// Changed is set when Options.String replaced a value.
	Changed bool

	data  []byte
	spans map[string]span // pointer -> where its value is written
}

// span is where a value is written: from start to end (byte offsets), and
// for a member of an object, its key at key-1 (0 for an item of an array,
// or the root).
type span struct{ start, end, key int }

// keyOffset returns the offset of the key of the member at ptr.
func (d *Doc) keyOffset(ptr string) (int, bool) {
	s, ok := d.spans[ptr]
	return s.key - 1, ok && s.key > 0
}

// Offset returns the byte offset at which the value at ptr starts, and
// whether the document has a value there.
func (d *Doc) Offset(ptr string) (int, bool) {
	s, ok := d.spans[ptr]
	return s.start, ok
}

// Keys returns the keys of the object at ptr in the order of the document
// (nil when there is no object there).
func (d *Doc) Keys(ptr string) []string {
	obj, ok := d.valueAt(ptr).(map[string]any)
	if !ok {
		return nil
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return d.spans[ptr+"/"+EscapePointer(keys[i])].key < d.spans[ptr+"/"+EscapePointer(keys[j])].key
	})
	return keys
}

// KeyOffset returns the byte offset of the key of the member at ptr, and
// whether the document has one there.
func (d *Doc) KeyOffset(ptr string) (int, bool) {
	return d.keyOffset(ptr)
}

// valueAt returns the value at ptr, or nil.
func (d *Doc) valueAt(ptr string) any {
	v := d.Value
	if ptr == "" {
		return v
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// Position returns the line and column (1-based, columns in characters) of
// a byte offset of the document.
func (d *Doc) Position(off int) (line, col int) { return Position(d.data, off) }

// Parse reads data as one JSON document; see the package documentation for
// what it refuses.
func Parse(data []byte, o Options) (*Doc, error) {
	// About one value per colon or comma: sized at once, the map is not
	// grown again and again.
	d := &Doc{data: data, spans: make(map[string]span, 1+bytes.Count(data, []byte{':'})+bytes.Count(data, []byte{','}))}
	if !json.Valid(data) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		w := walker{d: d, o: o, dec: dec}
		// Nesting deeper than encoding/json's own limit makes the
		// document invalid for json.Valid; the walker stops at our limit
		// first and says so, unless a syntax error comes before.
		if _, err := w.value("", 0); err != nil {
			var e *Error
			if errors.As(err, &e) && e.Kind == KindTooDeep {
				return nil, e
			}
		}
		return nil, syntaxError(data)
	}
	w := walker{d: d, o: o, dec: &validTokens{data: data}}
	v, err := w.value("", 0)
	if err != nil {
		return nil, err
	}
	d.Value = v
	return d, nil
}

// walker decodes a well-formed document token by token, to find repeated
// keys and to record where each value starts and ends.
type walker struct {
	d   *Doc
	o   Options
	dec tokenSource
	key int // offset+1 of the key of the next value, 0 for none
}

// start returns the offset of the next token: InputOffset is the end of the
// previous one, before any white space, comma or colon.
func (w *walker) start() int {
	b := w.d.data
	i := int(w.dec.InputOffset())
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (w *walker) fail(k Kind, ptr string, at int) *Error {
	e := &Error{Kind: k, Pointer: ptr, Offset: at}
	e.Line, e.Column = Position(w.d.data, at)
	return e
}

// text checks a string value or key and returns the one to keep. A value
// is given to Options.String before its length is checked (normalising may
// lengthen a text); a key after.
func (w *walker) text(s, ptr string, at int, key bool) (string, error) {
	out := s
	if !key && w.o.String != nil {
		var err error
		if out, err = w.o.String(s, ptr, at, false); err != nil {
			return "", err
		}
		if out != s {
			w.d.Changed = true
		}
	}
	if w.o.MaxString > 0 && len(out) > w.o.MaxString { // bytes >= characters: most strings stop here
		if n := utf8.RuneCountInString(out); n > w.o.MaxString {
			e := w.fail(KindTooLong, ptr, at)
			e.Length, e.Limit = n, w.o.MaxString
			return "", e
		}
	}
	if key && w.o.String != nil {
		if _, err := w.o.String(s, ptr, at, true); err != nil {
			return "", err
		}
	}
	return out, nil
}

// value decodes the value at ptr, which lies inside depth objects and
// arrays.
func (w *walker) value(ptr string, depth int) (any, error) {
	key := w.key // of this value, when it is a member
	w.key = 0
	at := w.start()
	tok, err := w.dec.Token()
	if err != nil {
		return nil, &Error{Kind: KindSyntax, Offset: at, Err: err}
	}
	d, ok := tok.(json.Delim)
	if !ok {
		if s, ok := tok.(string); ok {
			if tok, err = w.text(s, ptr, at, false); err != nil {
				return nil, err
			}
		}
		w.d.spans[ptr] = span{start: at, end: int(w.dec.InputOffset()), key: key}
		return tok, nil
	}
	if w.o.MaxDepth > 0 && depth+1 > w.o.MaxDepth {
		e := w.fail(KindTooDeep, ptr, at)
		e.Limit = w.o.MaxDepth
		return nil, e
	}
	var out any
	switch d {
	case '{':
		obj := map[string]any{}
		for w.dec.More() {
			at := w.start()
			tok, err := w.dec.Token()
			if err != nil {
				return nil, &Error{Kind: KindSyntax, Offset: at, Err: err}
			}
			key := tok.(string)
			if _, err := w.text(key, ptr, at, true); err != nil {
				return nil, err
			}
			member := ptr + "/" + EscapePointer(key)
			// The first member of that name, if any, is read: its
			// span is there.
			if first, dup := w.d.spans[member]; dup {
				e := w.fail(KindDuplicateKey, ptr, at)
				e.Key = key
				e.FirstLine, _ = Position(w.d.data, first.key-1)
				return nil, e
			}
			w.key = at + 1
			v, err := w.value(member, depth+1)
			if err != nil {
				return nil, err
			}
			obj[key] = v
		}
		out = obj
	default: // '['
		arr := []any{}
		for i := 0; w.dec.More(); i++ {
			v, err := w.value(fmt.Sprintf("%s/%d", ptr, i), depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		out = arr
	}
	if _, err := w.dec.Token(); err != nil { // '}' or ']'
		return nil, &Error{Kind: KindSyntax, Offset: w.start(), Err: err}
	}
	w.d.spans[ptr] = span{start: at, end: int(w.dec.InputOffset()), key: key}
	return out, nil
}

// syntaxError explains why data is not well-formed JSON. encoding/json's
// own text is English and technical, so only its offset is used.
func syntaxError(data []byte) *Error {
	var raw json.RawMessage
	// With a space appended, an unexpected end is reported past the last
	// byte, and an offending last byte at it.
	err := json.Unmarshal(append(data[:len(data):len(data)], ' '), &raw)
	e := &Error{Kind: KindSyntax, Err: err}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return e.at(data, len(data))
	}
	off := int(se.Offset)
	if off > len(data) {
		// Unexpected end: point after the last character that is not space.
		e.Reason = ReasonEOF
		return e.at(data, len(bytes.TrimRightFunc(data, unicode.IsSpace)))
	}
	off-- // the offending byte
	r, _ := utf8.DecodeRune(data[off:])
	e.Char = describeRune(r)
	prev := lastNonSpace(data[:off])

	// Is there a complete value before the offending byte?
	dec := json.NewDecoder(bytes.NewReader(data))
	if dec.Decode(&raw) == nil && int(dec.InputOffset()) <= off {
		e.Kind = KindTrailing
		return e.at(data, off)
	}
	switch {
	case strings.ContainsRune(fullWidth, r):
		e.Reason = ReasonFullWidth
		e.Want = string(asciiFor(r))
	case r == '\'':
		e.Reason = ReasonSingleQuote
	case r < 0x20:
		e.Reason = ReasonControlChar
	case (r == '}' || r == ']') && prev >= 0 && data[prev] == ',':
		e.Reason = ReasonTrailingComma
		return e.at(data, prev)
	case (r == '"' || r == '{' || r == '[') && prev >= 0 && strings.IndexByte("\"0123456789el}]", data[prev]) >= 0:
		e.Reason = ReasonMissingComma
	case prev >= 0 && prev == off-1 && data[prev] == '"' && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		// Text right after a closing quote: a " typed inside a text
		// ended it early.
		e.Reason = ReasonQuoteInText
		return e.at(data, prev)
	}
	return e.at(data, off)
}

func (e *Error) at(data []byte, off int) *Error {
	e.Offset = off
	e.Line, e.Column = Position(data, off)
	return e
}

// fullWidth are characters a Chinese input method types instead of JSON's
// ASCII punctuation.
const fullWidth = "，：“”‘’｛｝［］【】"

func asciiFor(r rune) rune {
	switch r {
	case '，':
		return ','
	case '：':
		return ':'
	case '“', '”', '‘', '’':
		return '"'
	case '｛':
		return '{'
	case '｝':
		return '}'
	case '［', '【':
		return '['
	case '］', '】':
		return ']'
	}
	return r
}

// describeRune writes a character so that it can be seen: controls and
// spaces by their code point.
func describeRune(r rune) string {
	if unicode.IsGraphic(r) && !unicode.IsSpace(r) {
		return fmt.Sprintf("%c (U+%04X)", r, r)
	}
	return fmt.Sprintf("U+%04X", r)
}

func lastNonSpace(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return i
	}
	return -1
}

// Position returns the 1-based line and column (in characters) of a byte
// offset of data.
func Position(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}

// EscapePointer escapes a key for use as a JSON Pointer token (RFC 6901).
func EscapePointer(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

// pointerOrRoot shows the root pointer, which is empty, as "/".
func pointerOrRoot(ptr string) string {
	if ptr == "" {
		return "/"
	}
	return ptr
}
