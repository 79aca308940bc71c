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
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/mla-dev/mla/internal/strictjson"
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

	body []byte          // Bytes without the byte-order mark
	doc  *strictjson.Doc // where each value of body is written
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
	e.Line, e.Column = strictjson.Position(body, off)
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
	f := &File{Name: name, Bytes: data, body: body}
	normalised := false
	doc, err := strictjson.Parse(body, strictjson.Options{
		MaxDepth:  lim.MaxDepth,
		MaxString: lim.MaxString,
		String: func(s, ptr string, at int, key bool) (string, error) {
			if key {
				return s, checkKey(name, body, s, ptr, at)
			}
			if mayChangeInNFC(s) && !norm.NFC.IsNormalString(s) {
				normalised = true
				return norm.NFC.String(s), nil
			}
			return s, nil
		},
	})
	if err != nil {
		return nil, loadError(name, body, err)
	}
	f.doc, f.Raw = doc, doc.Value
	f.Case = &Case{}
	decoded := body
	if normalised {
		// Some text was not in NFC: decode Case from the normalised
		// values, so that Raw and Case hold the same texts. Rare, so the
		// common case decodes the bytes once.
		if decoded, err = json.Marshal(f.Raw); err != nil {
			return nil, newError(KindSyntax, name, err)
		}
	}
	// Lenient: encoding/json fills every field it can and reports only the
	// first mismatch, which the schema reports better.
	f.CaseComplete = json.Unmarshal(decoded, f.Case) == nil
	f.Case.Raw = f.Raw
	return f, nil
}

// loadError turns what strictjson refused into an Error of the case file
// name, whose content without byte-order mark is body.
func loadError(name string, body []byte, err error) error {
	var se *strictjson.Error
	if !errors.As(err, &se) {
		return err // an Error of checkKey
	}
	var e *Error
	switch se.Kind {
	case strictjson.KindTrailing:
		e = newError(KindSyntax, name, se)
		e.MessageID = "load.syntax.trailing_data"
	case strictjson.KindSyntax:
		e = newError(KindSyntax, name, se)
		if se.Reason != "" {
			e.MessageID = "load.syntax." + se.Reason
		}
	case strictjson.KindDuplicateKey:
		e = newError(KindDuplicateKey, name, nil)
		e.Args["Key"] = se.Key
		e.Args["FirstLine"] = se.FirstLine
	case strictjson.KindTooDeep:
		e = newError(KindTooDeep, name, nil)
		e.Args["Limit"] = se.Limit
	case strictjson.KindTooLong:
		e = newError(KindTooLong, name, nil)
		e.Args["Length"] = se.Length
		e.Args["Limit"] = se.Limit
	default:
		return newError(KindSyntax, name, se)
	}
	if se.Char != "" {
		e.Args["Char"] = se.Char
	}
	if se.Want != "" {
		e.Args["Want"] = se.Want
	}
	if se.Kind != strictjson.KindSyntax && se.Kind != strictjson.KindTrailing {
		e.Pointer = se.Pointer
		e.Args["Pointer"] = pointerOrRoot(se.Pointer)
	}
	if se.Line == 0 {
		return e
	}
	return e.at(body, se.Offset)
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

// checkKey refuses a key that holds a character that cannot be seen: no
// field of the format has one, and such a key would otherwise reach
// messages and terminals as it is. at is the key's offset in body, ptr the
// pointer of its object.
func checkKey(name string, body []byte, key, ptr string, at int) error {
	for _, r := range key {
		if r == '\t' || r == '\n' || r == '\r' || Control(r) || Invisible(r) {
			e := newError(KindKeyControl, name, nil).at(body, at)
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
func EscapePointer(key string) string { return strictjson.EscapePointer(key) }

// Offset returns the byte offset (in Bytes) at which the value at ptr starts,
// and whether the file has a value there.
func (f *File) Offset(ptr string) (int, bool) {
	if f.doc == nil {
		return 0, false
	}
	off, ok := f.doc.Offset(ptr)
	if !ok {
		return 0, false
	}
	return off + len(f.Bytes) - len(f.body), true
}

// Position returns the line and column (1-based, columns in characters) at
// which the value at ptr starts, and whether the file has a value there.
func (f *File) Position(ptr string) (line, col int, ok bool) {
	if f.doc == nil {
		return 0, 0, false
	}
	off, ok := f.doc.Offset(ptr)
	if !ok {
		return 0, 0, false
	}
	line, col = strictjson.Position(f.body, off)
	return line, col, true
}
