package casefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		kind    Kind
		id      string
		line    int
		col     int
		pointer string
		args    map[string]any
	}{
		{"duplicate key", "{\"a\": 1,\n \"b\": {\"c\": 1,\n  \"c\": 2}}", KindDuplicateKey, "load.duplicate_key", 3, 3, "/b",
			map[string]any{"Key": "c", "Pointer": "/b", "FirstLine": 2}},
		{"duplicate key at the root", "{\"facts\": 1, \"facts\": 2}", KindDuplicateKey, "load.duplicate_key", 1, 14, "",
			map[string]any{"Key": "facts", "Pointer": "/"}},
		{"duplicate key in an array item", `{"persons": [{"id": "P1"}, {"id": "P2", "id": "P3"}]}`, KindDuplicateKey, "load.duplicate_key", 1, 41, "/persons/1", nil},
		{"trailing comma", "{\n  \"a\": 1,\n}", KindSyntax, "load.syntax.trailing_comma", 2, 9, "", map[string]any{"Char": "} (U+007D)"}},
		{"missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", KindSyntax, "load.syntax.missing_comma", 3, 3, "", nil},
		{"full-width colon", "{\n  \"名称\"：1}", KindSyntax, "load.syntax.full_width", 2, 7, "", map[string]any{"Char": "： (U+FF1A)", "Want": ":"}},
		{"full-width comma after a Chinese text", "{\"a\": \"甲\"，\"b\": 2}", KindSyntax, "load.syntax.full_width", 1, 10, "", map[string]any{"Want": ","}},
		{"curly quotes", "{“a”: 1}", KindSyntax, "load.syntax.full_width", 1, 2, "", map[string]any{"Want": `"`}},
		{"single quotes", "{'a': 1}", KindSyntax, "load.syntax.single_quote", 1, 2, "", nil},
		{"a workbook", "PK\x03\x04\x14\x00\x06\x00", KindWorkbook, "load.workbook", 0, 0, "", nil},
		{"a double quote inside a text", "{\"facts\": \"他说\"你好\"了\"}", KindSyntax, "load.syntax.quote_in_text", 1, 14, "", nil},
		{"a quote in an English text", "{\"en\": \"the \"Huitong\" group\"}", KindSyntax, "load.syntax.quote_in_text", 1, 13, "", nil},
		{"line break in a text", "{\"facts\": \"第一段\n第二段\"}", KindSyntax, "load.syntax.control_char", 1, 15, "", map[string]any{"Char": "U+000A"}},
		{"unexpected end", "{\n  \"a\": {\"b\": 1}\n", KindSyntax, "load.syntax.eof", 2, 16, "", nil},
		{"text not closed", `{"a": "x`, KindSyntax, "load.syntax.eof", 1, 9, "", nil},
		{"after the end", "{\"a\": 1}\n}", KindSyntax, "load.syntax.trailing_data", 2, 1, "", nil},
		{"bad literal", `{"a": tru}`, KindSyntax, "load.syntax", 1, 10, "", map[string]any{"Char": "} (U+007D)"}},
		{"empty", "", KindEmpty, "load.empty", 0, 0, "", nil},
		{"only spaces", " \n\t ", KindEmpty, "load.empty", 0, 0, "", nil},
		{"BOM and nothing else", "\xEF\xBB\xBF", KindEmpty, "load.empty", 0, 0, "", nil},
		{"BOM then a syntax error", "\xEF\xBB\xBF{\"a\" 1}", KindSyntax, "load.syntax", 1, 6, "", nil},
		{"UTF-16 LE", "\xFF\xFE{\x00}\x00", KindEncoding, "load.encoding", 0, 0, "", map[string]any{"Encoding": "UTF-16"}},
		{"UTF-16 BE", "\xFE\xFF\x00{\x00}", KindEncoding, "load.encoding", 0, 0, "", map[string]any{"Encoding": "UTF-16"}},
		{"UTF-32 LE", "\xFF\xFE\x00\x00{\x00\x00\x00", KindEncoding, "load.encoding", 0, 0, "", map[string]any{"Encoding": "UTF-32"}},
		{"GBK text", "{\n  \"name\": \"\xd5\xc5\xc8\xfd\"}", KindInvalidUTF8, "load.invalid_utf8", 2, 12, "", map[string]any{"Byte": "0xD5"}},
		{"invalid UTF-8 after Chinese", "{\"a\": \"张三\xff\"}", KindInvalidUTF8, "load.invalid_utf8", 1, 10, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("case.json", []byte(tt.in))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("want *Error, got %v (file %v)", err, f)
			}
			if e.Kind != tt.kind || e.MessageID != tt.id || e.Line != tt.line || e.Column != tt.col || e.Pointer != tt.pointer {
				t.Errorf("got %s %s %d:%d %q, want %s %s %d:%d %q", e.Kind, e.MessageID, e.Line, e.Column, e.Pointer,
					tt.kind, tt.id, tt.line, tt.col, tt.pointer)
			}
			if e.File != "case.json" || e.Args["File"] != "case.json" {
				t.Errorf("file %q args %v", e.File, e.Args)
			}
			if tt.line > 0 && (e.Args["Line"] != tt.line || e.Args["Column"] != tt.col) {
				t.Errorf("args %v", e.Args)
			}
			for k, v := range tt.args {
				if !reflect.DeepEqual(e.Args[k], v) {
					t.Errorf("arg %s = %#v, want %#v", k, e.Args[k], v)
				}
			}
		})
	}
}

func TestBOMAccepted(t *testing.T) {
	in := "\xEF\xBB\xBF{\n  \"a\": [1, \"x\"]\n}"
	f, err := Parse("bom.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(f.Bytes, []byte(in)) {
		t.Error("Bytes must keep the byte-order mark")
	}
	want := map[string]any{"a": []any{json.Number("1"), "x"}}
	if !reflect.DeepEqual(f.Raw, want) {
		t.Errorf("Raw = %#v", f.Raw)
	}
	if line, col, ok := f.Position("/a/1"); !ok || line != 2 || col != 12 {
		t.Errorf("Position(/a/1) = %d:%d %v", line, col, ok)
	}
	if off, ok := f.Offset("/a/1"); !ok || in[off] != '"' {
		t.Errorf("Offset(/a/1) = %d %v", off, ok)
	}
}

func TestSizeLimit(t *testing.T) {
	defer func(n int64) { MaxSize = n }(MaxSize)
	MaxSize = 64
	big := `{"a": "` + strings.Repeat("x", 60) + `"}`
	var e *Error
	if _, err := Parse("big.json", []byte(big)); !errors.As(err, &e) || e.Kind != KindTooLarge || e.Args["Limit"] != "64 B" {
		t.Errorf("Parse: %v", err)
	}
	if _, err := LoadFile(Stdin, strings.NewReader(big)); !errors.As(err, &e) || e.Kind != KindTooLarge || e.File != "-" {
		t.Errorf("stdin: %v", err)
	}
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path, nil); !errors.As(err, &e) || e.Kind != KindTooLarge {
		t.Errorf("file: %v", err)
	}
	MaxSize = 16 << 20
	if e := tooLarge("x", MaxSize); e.Args["Limit"] != "16 MiB" {
		t.Errorf("limit shown as %v", e.Args["Limit"])
	}
	MaxSize = int64(len(big))
	if _, err := LoadFile(Stdin, strings.NewReader(big)); err != nil {
		t.Errorf("a file of exactly MaxSize bytes: %v", err)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "case.json")
	if err := os.WriteFile(good, []byte(`{"version": 1, "persons": [{"id": "P1"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFile(good, nil)
	if err != nil || f.Name != good || f.Case.Version != 1 || f.Case.Persons[0].ID != "P1" {
		t.Fatalf("LoadFile: %v %+v", err, f)
	}
	f, err = LoadFile("-", strings.NewReader(`{"requested_state": "US"}`))
	if err != nil || f.Name != "-" || f.Case.RequestedState != "US" {
		t.Fatalf("stdin: %v %+v", err, f)
	}
	for _, tt := range []struct {
		path string
		kind Kind
	}{
		{filepath.Join(dir, "missing.json"), KindNotFound},
		{dir, KindIsDir},
	} {
		var e *Error
		if _, err := LoadFile(tt.path, nil); !errors.As(err, &e) || e.Kind != tt.kind || e.MessageID != "load."+string(tt.kind) {
			t.Errorf("%s: got %v, want %s", tt.path, err, tt.kind)
		} else if tt.kind == KindNotFound && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%v does not wrap fs.ErrNotExist", err)
		}
	}
}

// TestWrongTypesAreLeftToTheSchema: a well-formed file always loads; Case is
// filled as far as the types agree and CaseComplete says whether it is whole.
func TestWrongTypesAreLeftToTheSchema(t *testing.T) {
	f, err := Parse("x.json", []byte(`{"version": "one", "requested_state": "US", "persons": [{"id": 7}], "case": {"facts": "text"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if f.CaseComplete || f.Case.RequestedState != "US" {
		t.Errorf("complete %v, state %q", f.CaseComplete, f.Case.RequestedState)
	}
	if f.Case.Raw == nil || f.Raw == nil {
		t.Error("Raw not set")
	}
	f, err = Parse("x.json", []byte(`{"version": 1}`))
	if err != nil || !f.CaseComplete {
		t.Errorf("complete %v, %v", f.CaseComplete, err)
	}
}

func TestErrorText(t *testing.T) {
	_, err := Parse("case.json", []byte("{\"a\": 1,\n\"a\": 2}"))
	if got := err.Error(); got != "case.json:2:1: load.duplicate_key" {
		t.Errorf("Error() = %q", got)
	}
}

// TestFixturesDecodeStrictly checks that the Go struct covers every field the
// schema allows: each valid fixture and example decodes into Case with
// unknown fields refused, and re-encodes to the same JSON.
func TestFixturesDecodeStrictly(t *testing.T) {
	root := filepath.Join("..", "..")
	names, _ := filepath.Glob(filepath.Join(root, "schemas", "testdata", "*", "valid", "*.json"))
	examples, _ := filepath.Glob(filepath.Join(root, "examples", "*.json"))
	// The approved review beside each example is not a case file.
	examples = slices.DeleteFunc(examples, func(n string) bool { return strings.HasSuffix(n, ".review.json") })
	names = append(names, examples...)
	if len(names) < 3 {
		t.Fatalf("only %d files", len(names))
	}
	for _, name := range names {
		f, err := LoadFile(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(f.Bytes))
		dec.DisallowUnknownFields()
		var c Case
		if err := dec.Decode(&c); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !f.CaseComplete {
			t.Errorf("%s: CaseComplete is false", name)
		}
		again, _ := json.Marshal(c)
		var a, b any
		_ = json.Unmarshal(again, &a)
		_ = json.Unmarshal(f.Bytes, &b)
		// Case omits optional booleans that are false: false and absent
		// mean the same.
		dropFalse(a)
		dropFalse(b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: Case loses or adds fields on a round trip:\n%s", name, diffKeys(a, b, ""))
		}
	}
}

func dropFalse(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if x == false {
				delete(v, k)
			} else {
				dropFalse(x)
			}
		}
	case []any:
		for _, x := range v {
			dropFalse(x)
		}
	}
}

// diffKeys names the first places where two decoded documents differ.
func diffKeys(a, b any, ptr string) string {
	am, ok1 := a.(map[string]any)
	bm, ok2 := b.(map[string]any)
	if ok1 && ok2 {
		var out []string
		for k := range bm {
			if _, ok := am[k]; !ok {
				out = append(out, ptr+"/"+k+" lost")
			} else if d := diffKeys(am[k], bm[k], ptr+"/"+k); d != "" {
				out = append(out, d)
			}
		}
		for k := range am {
			if _, ok := bm[k]; !ok {
				out = append(out, ptr+"/"+k+" added")
			}
		}
		return strings.Join(out, "\n")
	}
	aa, ok1 := a.([]any)
	ba, ok2 := b.([]any)
	if ok1 && ok2 && len(aa) == len(ba) {
		var out []string
		for i := range aa {
			if d := diffKeys(aa[i], ba[i], ptr+"/"+itoa(i)); d != "" {
				out = append(out, d)
			}
		}
		return strings.Join(out, "\n")
	}
	if !reflect.DeepEqual(a, b) {
		return ptr + " differs"
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// FuzzParse: any input either loads or gives an *Error with a message id;
// nothing panics, and a loaded file's Raw is what encoding/json reads. The
// limits are small, so that the fuzzer reaches them: a loaded file keeps
// within them, and a refused one names where it breaks them.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{}`, `{"a": [1, {"b": "张三"}]}`, "\xEF\xBB\xBF{}", `{"a":1,"a":2}`, `{"a":`, "{\"a\"：1}", "\xff", `[]`,
		`[[[[[[[[[]]]]]]]]]`, `{"a\u001b": 1}`, `{"a": "` + strings.Repeat("长", 40) + `"}`} {
		f.Add([]byte(s))
	}
	root := filepath.Join("..", "..")
	for _, glob := range []string{"examples/*.json", "testdata/hostile/*.json", "schemas/testdata/*/*/*.json"} {
		names, _ := filepath.Glob(filepath.Join(root, glob))
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	small := Limits{MaxSize: 1 << 20, MaxDepth: 8, MaxString: 32}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []Limits{{}, small} {
			file, err := ParseLimits("fuzz.json", data, lim)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.MessageID == "" || e.Args["File"] != "fuzz.json" {
					t.Fatalf("not an *Error: %v", err)
				}
				switch e.Kind {
				case KindTooDeep, KindTooLong, KindKeyControl, KindDuplicateKey:
					if e.Line == 0 || e.Args["Pointer"] == nil {
						t.Fatalf("%s without a place: %+v", e.Kind, e)
					}
				}
				continue
			}
			checkLimits(t, file.Raw, lim.withDefaults(), 1)
			var want any
			d := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, bomUTF8)))
			d.UseNumber()
			if err := d.Decode(&want); err != nil || !reflect.DeepEqual(file.Raw, nfcValues(want)) {
				t.Fatalf("Raw %#v, encoding/json %#v (%v)", file.Raw, want, err)
			}
		}
	})
}

// nfcValues is v with every string value (not key) in NFC, as Parse reads
// them.
func nfcValues(v any) any {
	switch x := v.(type) {
	case string:
		return norm.NFC.String(x)
	case map[string]any:
		for k, e := range x {
			x[k] = nfcValues(e)
		}
	case []any:
		for i, e := range x {
			x[i] = nfcValues(e)
		}
	}
	return v
}

func TestLimits(t *testing.T) {
	nest := func(n int) string { return `{"a": ` + strings.Repeat("[", n-1) + strings.Repeat("]", n-1) + "}" }
	tests := []struct {
		name    string
		in      string
		lim     Limits
		kind    Kind // "" when the file must load
		pointer string
		args    map[string]any
	}{
		{"depth at the limit", nest(MaxDepth), Limits{}, "", "", nil},
		{"one level too deep", nest(MaxDepth + 1), Limits{}, KindTooDeep, "/a" + strings.Repeat("/0", MaxDepth-1), map[string]any{"Limit": MaxDepth}},
		// encoding/json refuses more than 10000 levels with a syntax error
		// of its own; the limit must still be named.
		{"deeper than encoding/json goes", nest(20000), Limits{}, KindTooDeep, "/a" + strings.Repeat("/0", MaxDepth-1), nil},
		{"a syntax error before the depth", `{"a": x, "b": ` + strings.Repeat("[", 20000), Limits{}, KindSyntax, "", nil},
		{"smaller depth limit", `{"a": {"b": {}}}`, Limits{MaxDepth: 2}, KindTooDeep, "/a/b", map[string]any{"Pointer": "/a/b", "Limit": 2}},
		{"string at the limit", `{"a": "` + strings.Repeat("张", 10) + `"}`, Limits{MaxString: 10}, "", "", nil},
		{"string too long", `{"a": ["` + strings.Repeat("张", 11) + `"]}`, Limits{MaxString: 10}, KindTooLong, "/a/0", map[string]any{"Length": 11, "Limit": 10, "Line": 1, "Column": 8}},
		{"key too long", `{"` + strings.Repeat("k", 11) + `": 1}`, Limits{MaxString: 10}, KindTooLong, "", nil},
		{"escape character in a key", `{"a": {"\u001b[2J": 1}}`, Limits{}, KindKeyControl, "/a", map[string]any{"Key": "<U+001B>[2J", "Char": "U+001B"}},
		{"zero-width space in a key", "{\"ver\u200bsion\": 1}", Limits{}, KindKeyControl, "", map[string]any{"Key": "ver<U+200B>sion"}},
		{"right-to-left override in a key", "{\"\u202eab\": 1}", Limits{}, KindKeyControl, "", nil},
		{"line break in a key", `{"a\nb": 1}`, Limits{}, KindKeyControl, "", map[string]any{"Char": "U+000A"}},
		{"control characters in values are left to the validator", `{"a": "x\u0007\u202e"}`, Limits{}, "", "", nil},
		{"file too large", `{"a": 1}`, Limits{MaxSize: 4}, KindTooLarge, "", map[string]any{"Limit": "4 B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLimits("case.json", []byte(tt.in), tt.lim)
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("want the file to load: %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("want *Error of kind %s, got %v", tt.kind, err)
			}
			if e.Kind != tt.kind || e.Pointer != tt.pointer || e.MessageID != "load."+string(tt.kind) && tt.kind != KindSyntax {
				t.Errorf("got %s %s at %q, want %s at %q", e.Kind, e.MessageID, e.Pointer, tt.kind, tt.pointer)
			}
			if tt.kind != KindTooLarge && tt.kind != KindSyntax && (e.Line == 0 || e.Args["Pointer"] == nil) {
				t.Errorf("no position or pointer: %+v", e)
			}
			for k, v := range tt.args {
				if !reflect.DeepEqual(e.Args[k], v) {
					t.Errorf("arg %s = %#v, want %#v", k, e.Args[k], v)
				}
			}
		})
	}
}

func TestLoadFileLimits(t *testing.T) {
	var e *Error
	_, err := LoadFileLimits(Stdin, strings.NewReader(`{"a": "0123456789"}`), Limits{MaxSize: 10})
	if !errors.As(err, &e) || e.Kind != KindTooLarge || e.Args["Limit"] != "10 B" {
		t.Errorf("size: %v", err)
	}
	_, err = LoadFileLimits(Stdin, strings.NewReader(`{"a": "0123456789"}`), Limits{MaxString: 9})
	if !errors.As(err, &e) || e.Kind != KindTooLong {
		t.Errorf("string: %v", err)
	}
	if _, err := LoadFileLimits(Stdin, strings.NewReader(`{"a": "0123456789"}`), Limits{}); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

func TestCharacterClasses(t *testing.T) {
	tests := []struct {
		r                  rune
		control, invisible bool
	}{
		{'a', false, false}, {'张', false, false}, {'\t', false, false}, {'\n', false, false}, {'\r', false, false},
		{0x00, true, false}, {0x1B, true, false}, {0x7F, true, false}, {0x85, true, false}, {0x9B, true, false},
		{0x202E, true, false}, {0x2066, true, false}, {0x200F, true, false}, {0x2028, true, false},
		{0xFFFE, true, false}, {0x1FFFF, true, false}, {0xFDD0, true, false},
		{0x200B, false, true}, {0x200D, false, true}, {0x00AD, false, true}, {0xFEFF, false, true}, {0x2060, false, true},
		{0xFE0F, false, true}, {0xFE00, false, true}, {0xE0100, false, true}, {0x034F, false, true},
		{0x2800, false, true}, {0x3164, false, true}, {0x0301, false, false}, {0x2801, false, false},
		{0xFFFD, false, false}, {0x20BB7, false, false}, {0x3000, false, false},
	}
	for _, tt := range tests {
		if Control(tt.r) != tt.control || Invisible(tt.r) != tt.invisible {
			t.Errorf("U+%04X: Control %v Invisible %v, want %v %v", tt.r, Control(tt.r), Invisible(tt.r), tt.control, tt.invisible)
		}
	}
	if got := Visible("a\x1b[31m\u200b张\n"); got != "a<U+001B>[31m<U+200B>张<U+000A>" {
		t.Errorf("Visible = %q", got)
	}
	if s := "张三 Zhang San"; Visible(s) != s {
		t.Errorf("Visible changed %q", s)
	}
}

// checkLimits fails when v breaks lim; depth is the nesting of v.
func checkLimits(t *testing.T, v any, lim Limits, depth int) {
	switch v := v.(type) {
	case string:
		if n := len([]rune(v)); n > lim.MaxString {
			t.Fatalf("a string of %d characters loaded", n)
		}
	case map[string]any:
		if depth > lim.MaxDepth {
			t.Fatalf("an object at depth %d loaded", depth)
		}
		for k, x := range v {
			if n := len([]rune(k)); n > lim.MaxString {
				t.Fatalf("a key of %d characters loaded", n)
			}
			for _, r := range k {
				if Control(r) || Invisible(r) || r == '\t' || r == '\n' || r == '\r' {
					t.Fatalf("a key with %U loaded", r)
				}
			}
			checkLimits(t, x, lim, depth+1)
		}
	case []any:
		if depth > lim.MaxDepth {
			t.Fatalf("an array at depth %d loaded", depth)
		}
		for _, x := range v {
			checkLimits(t, x, lim, depth+1)
		}
	}
}

// TestParseNormalisesToNFC: a name in decomposed form (a letter followed by
// combining accents) is read as the composed letters, in Raw and in Case
// alike, whether the accents are written as UTF-8 or as \u escapes; the
// file's bytes stay as they were.
func TestParseNormalisesToNFC(t *testing.T) {
	data := []byte(`{"version": 1, "persons": [{"id": "P1", "name": {"zh": "何塞", "en": "Jose\u0301 García"}}],` +
		` "case": {"title": {"zh": "案", "en": "Nguyễn"}, "facts": {"zh": "事实", "en": "Plain"}}}`)
	f, err := Parse("nfc.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Case.Persons[0].Name.In("en"); got != "José García" {
		t.Errorf("Case name = %q, want the composed form", got)
	}
	if got := f.Case.Matter.Title.In("en"); got != "Nguyễn" {
		t.Errorf("Case title = %q, want the composed form", got)
	}
	person := f.Raw.(map[string]any)["persons"].([]any)[0].(map[string]any)
	if got := person["name"].(map[string]any)["en"]; got != "José García" {
		t.Errorf("Raw name = %q, want the composed form", got)
	}
	if !bytes.Equal(f.Bytes, data) {
		t.Error("the bytes of the file changed")
	}
	if !f.CaseComplete || f.Case.Version != 1 {
		t.Errorf("Case decoded from the normalised values lost fields: complete %v, version %d", f.CaseComplete, f.Case.Version)
	}
}

func TestTextLength(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "张三": 2, "𠮷": 2, "é": 2} {
		if got := TextLength(s); got != want {
			t.Errorf("TextLength(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestLengthAfterNFC: the length limit holds for the text as read, in NFC,
// which may be longer than the text in the file.
func TestLengthAfterNFC(t *testing.T) {
	data := []byte(`{"a": "` + strings.Repeat("\u0958", 20) + `"}`) // 40 characters in NFC
	_, err := ParseLimits("nfc.json", data, Limits{MaxString: 32})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindTooLong || e.Args["Length"] != 40 {
		t.Fatalf("got %v, want too_long with length 40", err)
	}
}

// BenchmarkParse parses the largest example case file.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("../../examples/us-embezzlement.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("case.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMayChangeInNFC: every character the quick test passes is one NFC
// keeps as it is, and never joins to the character before it (so a text of
// such characters only is in NFC); the others are checked by NFC itself.
func TestMayChangeInNFC(t *testing.T) {
	passed := 0
	for r := rune(0); r <= 0x10FFFF; r++ {
		s := string(r)
		if r >= 0xD800 && r <= 0xDFFF || mayChangeInNFC(s) {
			continue
		}
		passed++
		p := norm.NFC.PropertiesString(s)
		if !norm.NFC.IsNormalString(s) || !p.BoundaryBefore() || p.CCC() != 0 {
			t.Fatalf("%U passes the quick test, but NFC may change it or join it to the character before", r)
		}
	}
	if passed < 20_000 {
		t.Errorf("only %d characters pass the quick test", passed)
	}
	if !mayChangeInNFC("Jose\u0301") || mayChangeInNFC("张三，Zhang San（１）") {
		t.Error("the quick test is wrong on a name")
	}
}
