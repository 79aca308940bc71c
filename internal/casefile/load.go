// Package casefile reads case files (format version 1) and decodes them.
//
// Loading is strict about the bytes and lenient about the content: a file
// that is not well-formed JSON, is not UTF-8, repeats an object key or is too
// large is refused with an *Error that names the file, line, column and, where
// it applies, the JSON Pointer; every Error carries a message id from
// locales/findings.*.toml so the command line can say it in the reader's
// language. A well-formed file is always returned, whatever its content: a
// missing field or a value of the wrong type is for the validator to report
// (internal/validate), in its own words.
//
// Limits (see Limits): a file larger than MaxSize bytes (16 MiB), objects
// and arrays nested deeper than MaxDepth (32), a string or key longer than
// MaxString characters (100 000) are refused, each naming the file, line,
// column and JSON Pointer, before anything else reads the file. So is a key
// that holds a control or invisible character (see Control, Invisible): no
// field of the format has one, and it would otherwise reach messages and
// terminals as it is. Control characters in values are for the validator,
// and so is a text longer than MaxText (30 000), the limit every text of a
// request must keep so that it fits a spreadsheet cell.
//
// Every string value is normalised to Unicode NFC as it is read, in Raw and
// in Case alike: a name typed as "e" followed by a combining acute accent
// (U+0065 U+0301), as macOS and some converters write it, becomes "é"
// (U+00E9), so that it prints as one letter and compares equal to the same
// name typed the other way. Keys are not normalised (the format's keys are
// ASCII). Bytes keeps the file as read: the manifest hashes it, and
// `translate import` edits it at byte offsets, leaving every other byte of
// the user's as it was.
//
// A UTF-8 byte-order mark at the start of the file is accepted and ignored
// (RFC 8259 §8.1 allows a parser to do so, and some Windows editors still
// write one); File.Bytes keeps it, so hashes are of the file as given, and
// lines and columns are counted as if it were absent. A UTF-16 or UTF-32
// byte-order mark is refused (KindEncoding): such a file must be saved again
// as UTF-8.
package casefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxSize is the largest case file Load accepts, in bytes, unless Limits
// say otherwise; a real case file is a few hundred kilobytes.
var MaxSize int64 = 16 << 20

// MaxDepth is how deeply objects and arrays may nest, unless Limits say
// otherwise. The deepest place of format v1 is at depth 5
// (/assistance/0/record_types/0/zh); encoding/json alone would go to 10000.
const MaxDepth = 32

// MaxString is the longest string, in characters, that a case file may hold
// (a value or a key), unless Limits say otherwise: about 30 printed pages of
// Chinese, far more than the facts of a request need.
const MaxString = 100_000

// MaxText is the longest text, in characters, that a request may hold in one
// field: below the 32 767 characters of a spreadsheet cell (Excel's limit,
// counted in UTF-16 units), so that each text fits a cell of the evidence
// list and of the translation spreadsheet. A character above U+FFFF counts
// as two, as in a spreadsheet. The loader still reads texts up to MaxString;
// a longer text than MaxText is a finding of the validator (text.too_long),
// and every command that puts a text in a cell uses this same limit.
const MaxText = 30_000

// MaxCell is how many characters a spreadsheet cell holds (Excel's limit,
// in UTF-16 units, as TextLength counts): the bound of a cell that joins
// several texts.
const MaxCell = 32_767

// TextLength is the length of s as MaxText counts it: UTF-16 units, which
// are characters except above U+FFFF.
func TextLength(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// Limits bound what a case file may hold. A zero field takes the default
// (MaxSize, MaxDepth, MaxString).
type Limits struct {
	MaxSize   int64 // bytes of the file
	MaxDepth  int   // nesting of objects and arrays; the root object is at depth 1
	MaxString int   // characters of one string or key
}

func (l Limits) withDefaults() Limits {
	if l.MaxSize <= 0 {
		l.MaxSize = MaxSize
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = MaxDepth
	}
	if l.MaxString <= 0 {
		l.MaxString = MaxString
	}
	return l
}

// Stdin is the path that LoadFile reads from standard input.
const Stdin = "-"

// Kind classifies a loading error.
type Kind string

// Kinds of loading errors. Each has its own message id (see Error.MessageID).
const (
	KindNotFound     Kind = "not_found"     // the path does not exist
	KindPermission   Kind = "permission"    // the file may not be read
	KindIsDir        Kind = "is_dir"        // the path is a folder
	KindUnreadable   Kind = "unreadable"    // any other read failure
	KindTooLarge     Kind = "too_large"     // larger than MaxSize
	KindEmpty        Kind = "empty"         // nothing but white space
	KindEncoding     Kind = "encoding"      // UTF-16 or UTF-32 (byte-order mark)
	KindWorkbook     Kind = "workbook"      // a spreadsheet (a ZIP package), not JSON
	KindInvalidUTF8  Kind = "invalid_utf8"  // bytes that are not UTF-8
	KindSyntax       Kind = "syntax"        // not well-formed JSON
	KindDuplicateKey Kind = "duplicate_key" // an object repeats a key
	KindTooDeep      Kind = "too_deep"      // objects and arrays nested deeper than MaxDepth
	KindTooLong      Kind = "too_long"      // a string longer than MaxString characters
	KindKeyControl   Kind = "key_control"   // a key holds a control or invisible character
)

// Error is a case file that could not be loaded. It never carries text for
// people: MessageID and Args select and fill a message of the locale files
// (Args always holds "File", and "Line" and "Column" when Line > 0).
type Error struct {
	Kind Kind
	// File is the name the file was loaded under ("-" for standard input).
	File string
	// Line and Column (1-based; the column counts characters, not bytes)
	// locate the problem; 0 when it has no place in the file.
	Line, Column int
	// Pointer is the JSON Pointer of the object concerned, when known.
	Pointer   string
	MessageID string
	Args      map[string]any
	// Err is the underlying error, for logs; never show its text to users.
	Err error
}

// Error returns a technical one-line description for logs and tests; the
// command line shows the localized MessageID instead.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	fmt.Fprintf(&b, ": %s", e.MessageID)
	if e.Pointer != "" {
		fmt.Fprintf(&b, " at %s", e.Pointer)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// File is a loaded case file.
type File struct {
	// Name is the name the file was loaded under ("-" for standard input).
	Name string
	// Bytes are the file's bytes as read, byte-order mark included.
	Bytes []byte
	// Raw is the JSON instance, decoded as jsonschema.UnmarshalJSON does
	// (objects map[string]any, arrays []any, numbers json.Number), for the
	// validator.
	Raw any
	// Case is the instance decoded into the Go struct, as far as the types
	// agree; see CaseComplete.
	Case *Case
	// CaseComplete is false when some value did not have the type Case
	// expects: the validator reports those, and Case must then not be used
	// to compose a request.
	CaseComplete bool

	body    []byte         // Bytes without the byte-order mark
	offsets map[string]int // JSON Pointer -> byte offset in body of its value
}

// LoadFile reads and parses the case file at path; "-" reads stdin.
func LoadFile(path string, stdin io.Reader) (*File, error) {
	return LoadFileLimits(path, stdin, Limits{})
}

// LoadFileLimits is LoadFile with limits other than the defaults.
func LoadFileLimits(path string, stdin io.Reader, lim Limits) (*File, error) {
	lim = lim.withDefaults()
	data, err := readFile(path, stdin, lim.MaxSize)
	if err != nil {
		return nil, err
	}
	return ParseLimits(path, data, lim)
}

func readFile(path string, stdin io.Reader, maxSize int64) ([]byte, error) {
	var r io.Reader
	if path == Stdin {
		if stdin == nil {
			stdin = bytes.NewReader(nil)
		}
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, openError(path, err)
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return nil, newError(KindUnreadable, path, err)
		}
		if st.IsDir() {
			return nil, newError(KindIsDir, path, nil)
		}
		if st.Mode().IsRegular() && st.Size() > maxSize {
			return nil, tooLarge(path, maxSize)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, newError(KindUnreadable, path, err)
	}
	if int64(len(data)) > maxSize {
		return nil, tooLarge(path, maxSize)
	}
	return data, nil
}

func openError(path string, err error) *Error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return newError(KindNotFound, path, err)
	case errors.Is(err, fs.ErrPermission):
		return newError(KindPermission, path, err)
	}
	return newError(KindUnreadable, path, err)
}

func tooLarge(path string, limit int64) *Error {
	e := newError(KindTooLarge, path, nil)
	e.Args["Limit"] = HumanSize(limit)
	return e
}

// HumanSize writes a byte count the way a limit is set: in MiB or KiB when
// whole ("16 MiB"), otherwise in bytes ("1000 B").
func HumanSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

func newError(k Kind, file string, err error) *Error {
	return &Error{Kind: k, File: file, MessageID: "load." + string(k), Args: map[string]any{"File": file}, Err: err}
}

// at sets the position of e from a byte offset in body.
func (e *Error) at(body []byte, off int) *Error {
	e.Line, e.Column = position(body, off)
	e.Args["Line"] = e.Line
	e.Args["Column"] = e.Column
	return e
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0x00, 0x00}
	bomUTF32BE = []byte{0x00, 0x00, 0xFE, 0xFF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Parse parses data, the content of the case file called name.
func Parse(name string, data []byte) (*File, error) {
	return ParseLimits(name, data, Limits{})
}

// ParseLimits is Parse with limits other than the defaults.
func ParseLimits(name string, data []byte, lim Limits) (*File, error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxSize {
		return nil, tooLarge(name, lim.MaxSize)
	}
	body := data
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		body = data[len(bomUTF8):]
	case bytes.HasPrefix(data, bomUTF32LE), bytes.HasPrefix(data, bomUTF32BE):
		e := newError(KindEncoding, name, nil)
		e.Args["Encoding"] = "UTF-32"
		return nil, e
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		e := newError(KindEncoding, name, nil)
		e.Args["Encoding"] = "UTF-16"
		return nil, e
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		// An .xlsx (or another ZIP package) given as a case file.
		return nil, newError(KindWorkbook, name, nil)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, newError(KindEmpty, name, nil)
	}
	if !utf8.Valid(body) {
		off := firstInvalidUTF8(body)
		e := newError(KindInvalidUTF8, name, nil).at(body, off)
		e.Args["Byte"] = fmt.Sprintf("0x%02X", body[off])
		return nil, e
	}
	f := &File{Name: name, Bytes: data, body: body, offsets: map[string]int{}}
	w := walker{f: f, dec: json.NewDecoder(bytes.NewReader(body)), lim: lim}
	w.dec.UseNumber()
	if !json.Valid(body) {
		// Nesting deeper than encoding/json's own limit makes the file
		// invalid for json.Valid; the walker stops at our limit first and
		// says so, unless a syntax error comes before.
		if _, err := w.value("", 0); err != nil {
			var e *Error
			if errors.As(err, &e) && e.Kind == KindTooDeep {
				return nil, e
			}
		}
		return nil, syntaxError(name, body)
	}
	raw, err := w.value("", 0)
	if err != nil {
		return nil, err
	}
	f.Raw = raw
	f.Case = &Case{}
	decoded := body
	if w.normalised {
		// Some text was not in NFC: decode Case from the normalised
		// values, so that Raw and Case hold the same texts. Rare, so the
		// common case decodes the bytes once.
		if decoded, err = json.Marshal(raw); err != nil {
			return nil, newError(KindSyntax, name, err)
		}
	}
	// Lenient: encoding/json fills every field it can and reports only the
	// first mismatch, which the schema reports better.
	f.CaseComplete = json.Unmarshal(decoded, f.Case) == nil
	f.Case.Raw = raw
	return f, nil
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// syntaxError explains why body is not well-formed JSON. encoding/json's
// own text is English and technical, so only its offset is used.
func syntaxError(name string, body []byte) *Error {
	var raw json.RawMessage
	// With a space appended, an unexpected end is reported past the last
	// byte, and an offending last byte at it.
	err := json.Unmarshal(append(body[:len(body):len(body)], ' '), &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return newError(KindSyntax, name, err)
	}
	e := newError(KindSyntax, name, err)
	off := int(se.Offset)
	if off > len(body) {
		// Unexpected end: point after the last character that is not space.
		end := len(bytes.TrimRightFunc(body, unicode.IsSpace))
		e.MessageID = "load.syntax.eof"
		return e.at(body, end)
	}
	off-- // the offending byte
	r, _ := utf8.DecodeRune(body[off:])
	e.Args["Char"] = describeRune(r)
	prev := lastNonSpace(body[:off])

	// Is there a complete value before the offending byte?
	dec := json.NewDecoder(bytes.NewReader(body))
	if dec.Decode(&raw) == nil && int(dec.InputOffset()) <= off {
		e.MessageID = "load.syntax.trailing_data"
		return e.at(body, off)
	}
	switch {
	case strings.ContainsRune(fullWidth, r):
		e.MessageID = "load.syntax.full_width"
		e.Args["Want"] = string(asciiFor(r))
	case r == '\'':
		e.MessageID = "load.syntax.single_quote"
	case r < 0x20:
		e.MessageID = "load.syntax.control_char"
	case (r == '}' || r == ']') && prev >= 0 && body[prev] == ',':
		e.MessageID = "load.syntax.trailing_comma"
		return e.at(body, prev)
	case (r == '"' || r == '{' || r == '[') && prev >= 0 && strings.IndexByte("\"0123456789el}]", body[prev]) >= 0:
		e.MessageID = "load.syntax.missing_comma"
	case prev >= 0 && prev == off-1 && body[prev] == '"' && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		// Text right after a closing quote: a " typed inside a text
		// ended it early.
		e.MessageID = "load.syntax.quote_in_text"
		return e.at(body, prev)
	default:
		e.MessageID = "load.syntax"
	}
	return e.at(body, off)
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

// position returns the 1-based line and column (in characters) of a byte
// offset.
func position(body []byte, off int) (line, col int) {
	if off > len(body) {
		off = len(body)
	}
	line = 1 + bytes.Count(body[:off], []byte{'\n'})
	start := bytes.LastIndexByte(body[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(body[start:off])
}

// walker decodes a well-formed document token by token, to find repeated
// keys (encoding/json silently keeps the last) and to record where each value
// starts.
type walker struct {
	f   *File
	dec *json.Decoder
	lim Limits
	// normalised is set when a string value was changed to NFC.
	normalised bool
}

// start returns the offset of the next token: InputOffset is the end of the
// previous one, before any white space, comma or colon.
func (w *walker) start() int {
	b := w.f.body
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

// value decodes the value at ptr, which lies inside depth objects and
// arrays.
func (w *walker) value(ptr string, depth int) (any, error) {
	at := w.start()
	w.f.offsets[ptr] = at
	tok, err := w.dec.Token()
	if err != nil {
		return nil, newError(KindSyntax, w.f.Name, err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		if s, ok := tok.(string); ok {
			if mayChangeInNFC(s) && !norm.NFC.IsNormalString(s) {
				// Normalised before the length is checked: NFC may
				// lengthen a text (U+0958 is two characters in NFC).
				w.normalised = true
				s = norm.NFC.String(s)
				tok = s
			}
			if err := w.checkLength(s, ptr, at); err != nil {
				return nil, err
			}
		}
		return tok, nil
	}
	if depth+1 > w.lim.MaxDepth {
		e := newError(KindTooDeep, w.f.Name, nil).at(w.f.body, at)
		e.Pointer = ptr
		e.Args["Pointer"] = pointerOrRoot(ptr)
		e.Args["Limit"] = w.lim.MaxDepth
		return nil, e
	}
	switch d {
	case '{':
		obj := map[string]any{}
		firsts := map[string]int{}
		for w.dec.More() {
			at := w.start()
			tok, err := w.dec.Token()
			if err != nil {
				return nil, newError(KindSyntax, w.f.Name, err)
			}
			key := tok.(string)
			if err := w.checkKey(key, ptr, at); err != nil {
				return nil, err
			}
			if first, dup := firsts[key]; dup {
				e := newError(KindDuplicateKey, w.f.Name, nil).at(w.f.body, at)
				e.Pointer = ptr
				e.Args["Key"] = key
				e.Args["Pointer"] = pointerOrRoot(ptr)
				e.Args["FirstLine"], _ = position(w.f.body, first)
				return nil, e
			}
			firsts[key] = at
			v, err := w.value(ptr+"/"+EscapePointer(key), depth+1)
			if err != nil {
				return nil, err
			}
			obj[key] = v
		}
		_, err := w.dec.Token() // '}'
		if err != nil {
			return nil, newError(KindSyntax, w.f.Name, err)
		}
		return obj, nil
	default: // '['
		arr := []any{}
		for i := 0; w.dec.More(); i++ {
			v, err := w.value(fmt.Sprintf("%s/%d", ptr, i), depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		if _, err := w.dec.Token(); err != nil { // ']'
			return nil, newError(KindSyntax, w.f.Name, err)
		}
		return arr, nil
	}
}

// mayChangeInNFC reports whether s holds a character outside those that
// NFC leaves as they are whatever surrounds them: below U+0300 (ASCII,
// Latin-1, most accented Latin letters), the CJK ideographs U+4E00–U+9FFF,
// CJK punctuation U+3000–U+3029 and the full-width forms U+FF01–U+FF5E.
// Chinese text is made of these, and checking them first makes reading a
// case file in NFC cost little.
func mayChangeInNFC(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x300, r >= 0x4E00 && r <= 0x9FFF, r >= 0x3000 && r <= 0x3029, r >= 0xFF01 && r <= 0xFF5E:
			continue
		}
		return true
	}
	return false
}

// checkLength refuses a string longer than the limit; at is the offset of
// its opening quote and ptr the pointer of the value (or, for a key, of its
// object).
func (w *walker) checkLength(s, ptr string, at int) error {
	if len(s) <= w.lim.MaxString { // bytes >= characters: most strings stop here
		return nil
	}
	n := utf8.RuneCountInString(s)
	if n <= w.lim.MaxString {
		return nil
	}
	e := newError(KindTooLong, w.f.Name, nil).at(w.f.body, at)
	e.Pointer = ptr
	e.Args["Pointer"] = pointerOrRoot(ptr)
	e.Args["Length"] = n
	e.Args["Limit"] = w.lim.MaxString
	return e
}

// checkKey refuses a key that is too long or holds a character that
// cannot be seen: no field of the format has one, and such a key would
// otherwise reach messages and terminals as it is.
func (w *walker) checkKey(key, ptr string, at int) error {
	if err := w.checkLength(key, ptr, at); err != nil {
		return err
	}
	for _, r := range key {
		if r == '\t' || r == '\n' || r == '\r' || Control(r) || Invisible(r) {
			e := newError(KindKeyControl, w.f.Name, nil).at(w.f.body, at)
			e.Pointer = ptr
			e.Args["Pointer"] = pointerOrRoot(ptr)
			e.Args["Key"] = Visible(key)
			e.Args["Char"] = fmt.Sprintf("U+%04X", r)
			return e
		}
	}
	return nil
}

// pointerOrRoot shows the root pointer, which is empty, as "/".
func pointerOrRoot(ptr string) string {
	if ptr == "" {
		return "/"
	}
	return ptr
}

// EscapePointer escapes a key for use as a JSON Pointer token (RFC 6901).
func EscapePointer(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

// Offset returns the byte offset (in Bytes) at which the value at ptr starts,
// and whether the file has a value there.
func (f *File) Offset(ptr string) (int, bool) {
	off, ok := f.offsets[ptr]
	if !ok {
		return 0, false
	}
	return off + len(f.Bytes) - len(f.body), true
}

// Position returns the line and column (1-based, columns in characters) at
// which the value at ptr starts, and whether the file has a value there.
func (f *File) Position(ptr string) (line, col int, ok bool) {
	off, ok := f.offsets[ptr]
	if !ok {
		return 0, 0, false
	}
	line, col = position(f.body, off)
	return line, col, true
}
