package strictjson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

type item struct {
	ID    string   `json:"id"`
	Tags  []string `json:"tags,omitempty"`
	Skip  string   `json:"-"`
	Plain int
}

type base struct {
	Schema string `json:"$schema"`
}

type doc struct {
	base
	Items []item            `json:"items"`
	Named map[string]item   `json:"named"`
	Free  map[string]any    `json:"free"`
	Raw   json.RawMessage   `json:"raw"`
	Own   *own              `json:"own"`
	Deep  map[string][]item `json:"deep"`
}

// own reads itself: any member is its business.
type own struct{ n int }

func (o *own) UnmarshalJSON(b []byte) error {
	o.n = len(b)
	return nil
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		kind      Kind
		reason    string
		line, col int
		pointer   string
		key       string
	}{
		{"trailing comma", "{\n  \"items\": [],\n}", KindSyntax, ReasonTrailingComma, 2, 14, "", ""},
		{"missing comma", "{\"items\": []\n \"named\": {}}", KindSyntax, ReasonMissingComma, 2, 2, "", ""},
		{"full-width colon", "{\"名称\"：1}", KindSyntax, ReasonFullWidth, 1, 6, "", ""},
		{"unexpected end", "{\"items\": [\n", KindSyntax, ReasonEOF, 1, 12, "", ""},
		{"bad literal", `{"items": tru}`, KindSyntax, "", 1, 14, "", ""},
		{"after the value", "{}\n{}", KindTrailing, "", 2, 1, "", ""},
		{"duplicate key", "{\"items\": [{\"id\": \"a\",\n \"id\": \"b\"}]}", KindDuplicateKey, "", 2, 2, "/items/0", "id"},
		{"duplicate key in a map", `{"free": {"x": 1, "x": 1}}`, KindDuplicateKey, "", 1, 19, "/free", "x"},
		{"unknown field", "{\"items\": [{\"id\": \"a\"},\n  {\"id\": \"b\", \"tgas\": []}]}", KindUnknownField, "", 2, 15, "/items/1/tgas", "tgas"},
		{"unknown field at the root", `{"$schema": "x", "itmes": []}`, KindUnknownField, "", 1, 18, "/itmes", "itmes"},
		{"a field tagged -", `{"items": [{"Skip": "x"}]}`, KindUnknownField, "", 1, 13, "/items/0/Skip", "Skip"},
		{"unknown field in a map's value", `{"named": {"a/b": {"di": "x"}}}`, KindUnknownField, "", 1, 20, "/named/a~1b/di", "di"},
		{"unknown field deep", `{"deep": {"k": [{"id": "x"}, {"x": 1}]}}`, KindUnknownField, "", 1, 31, "/deep/k/1/x", "x"},
		{"the first unknown field in the file", `{"items": [{"zz": 1}], "aa": 2}`, KindUnknownField, "", 1, 13, "/items/0/zz", "zz"},
		{"wrong type", "{\"items\": [{\"id\": \"a\"},\n {\"id\": 7}]}", KindWrongType, "", 2, 9, "/items/1/id", ""},
		{"wrong type of a list", `{"items": {"id": "a"}}`, KindWrongType, "", 1, 11, "/items", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v doc
			err := Decode([]byte(tt.in), &v, Options{})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if e.Kind != tt.kind || e.Reason != tt.reason || e.Line != tt.line || e.Column != tt.col || e.Pointer != tt.pointer || e.Key != tt.key {
				t.Errorf("got %s %q at %d:%d %q key %q, want %s %q at %d:%d %q key %q (%v)",
					e.Kind, e.Reason, e.Line, e.Column, e.Pointer, e.Key, tt.kind, tt.reason, tt.line, tt.col, tt.pointer, tt.key, e)
			}
		})
	}
}

func TestParseFindsTheFirstRepeatedKey(t *testing.T) {
	for in, want := range map[string]string{
		`{"a": 1, "b": {"c": [1, {"d": 2, "e": 3}]}}`:   "",
		`{"a": 1, "a": 2}`:                              "/a",
		`{"a": [{"x": 1}, {"x": 1, "y": {}, "x": 2}]}`:  "/a/1/x",
		`{"a/b": {"k": 1, "k": 2}}`:                     "/a~1b/k",
		`[{"a": {}}, {"b": [], "b": []}]`:               "/1/b",
		`{"a": {"b": 1}, "c": {"b": 1}, "d": [[], {}]}`: "",
		`{"k": {"x": 1, "x": 2}, "k": 3}`:               "/k/x",
	} {
		_, err := Parse([]byte(in), Options{})
		got := ""
		var e *Error
		if errors.As(err, &e) && e.Kind == KindDuplicateKey {
			got = e.Pointer + "/" + EscapePointer(e.Key)
		} else if err != nil {
			t.Errorf("Parse(%s): %v", in, err)
		}
		if got != want {
			t.Errorf("Parse(%s): repeated key at %q, want %q", in, got, want)
		}
	}
}

func TestDecodeAccepts(t *testing.T) {
	in := `{"$schema": "s", "items": [{"ID": "a", "plain": 2, "tags": ["x"]}],
	  "named": {"k": {"id": "b"}}, "free": {"any": {"thing": [1]}},
	  "raw": {"whatever": 1}, "own": {"what": "ever"}}`
	var v doc
	if err := Decode([]byte(in), &v, Options{}); err != nil {
		t.Fatal(err)
	}
	// Matched as encoding/json matches: a name that differs in case.
	if v.Schema != "s" || v.Items[0].ID != "a" || v.Items[0].Plain != 2 || v.Named["k"].ID != "b" || v.Own.n == 0 {
		t.Errorf("decoded %+v", v)
	}
	if err := Decode([]byte(`{"items": [{"id": "a", "new": 1}], "later": true}`), &v, Options{AllowUnknown: true}); err != nil {
		t.Errorf("AllowUnknown: %v", err)
	}
}

func TestParseLimitsAndStrings(t *testing.T) {
	var e *Error
	_, err := Parse([]byte(`{"a": [[["x"]]]}`), Options{MaxDepth: 3})
	if !errors.As(err, &e) || e.Kind != KindTooDeep || e.Pointer != "/a/0/0" || e.Limit != 3 || e.Column != 9 {
		t.Errorf("too deep: %v", err)
	}
	// Deeper than encoding/json itself reads: still our limit, not a
	// syntax error.
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	if _, err := Parse([]byte(deep), Options{MaxDepth: 32}); !errors.As(err, &e) || e.Kind != KindTooDeep {
		t.Errorf("very deep: %v", err)
	}
	_, err = Parse([]byte(`{"a": "éé", "b": "ééé"}`), Options{MaxString: 2})
	if !errors.As(err, &e) || e.Kind != KindTooLong || e.Pointer != "/b" || e.Length != 3 {
		t.Errorf("too long: %v", err)
	}
	if _, err := Parse([]byte(`{"ééé": 1}`), Options{MaxString: 2}); !errors.As(err, &e) || e.Kind != KindTooLong || e.Pointer != "" {
		t.Errorf("key too long: %v", err)
	}

	var seen []string
	mine := errors.New("mine")
	d, err := Parse([]byte(`{"b": "x", "a": ["y"]}`), Options{String: func(s, ptr string, at int, key bool) (string, error) {
		seen = append(seen, ptr+"="+s)
		if key {
			return s, nil
		}
		return strings.ToUpper(s), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seen, " "); got != "=b /b=x =a /a/0=y" {
		t.Errorf("String saw %s", got)
	}
	if !d.Changed || !reflect.DeepEqual(d.Value, map[string]any{"b": "X", "a": []any{"Y"}}) {
		t.Errorf("value %v, changed %v", d.Value, d.Changed)
	}
	if got := d.Keys(""); !reflect.DeepEqual(got, []string{"b", "a"}) {
		t.Errorf("keys %v, want the file's order", got)
	}
	if off, ok := d.Offset("/a/0"); !ok || off != 17 {
		t.Errorf("offset of /a/0: %d %v", off, ok)
	}
	if _, err := Parse([]byte(`{"a": 1}`), Options{String: func(string, string, int, bool) (string, error) { return "", mine }}); err != mine {
		t.Errorf("String's error: %v", err)
	}
}

func TestPositionCountsCharacters(t *testing.T) {
	data := []byte("{\n  \"名称\": x}")
	if l, c := Position(data, strings.Index(string(data), "x")); l != 2 || c != 9 {
		t.Errorf("line %d column %d, want 2 9", l, c)
	}
}

// FuzzParse: Parse accepts exactly the well-formed documents without a
// repeated key (within the limits), and every refusal has a place in the
// document and decodes to the same value encoding/json gives.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a": [1, "x", {"b": null}]}`, `{"a": 1, "a": 2}`, `[1,]`, `{"名称"：1}`, `"x" 1`, `{"a": "\u00e9"}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, Options{MaxDepth: 64})
		if err == nil {
			if !json.Valid(data) {
				t.Fatalf("accepted invalid JSON %q", data)
			}
			var want any
			dec := json.NewDecoder(strings.NewReader(string(data)))
			dec.UseNumber()
			if dec.Decode(&want) != nil || !reflect.DeepEqual(d.Value, want) {
				t.Fatalf("%q: value %#v, encoding/json gives %#v", data, d.Value, want)
			}
			// The fast reader of valid documents places every value
			// where encoding/json's tokens place it.
			slow := &Doc{data: data, spans: map[string]span{}}
			jd := json.NewDecoder(strings.NewReader(string(data)))
			jd.UseNumber()
			w := walker{d: slow, o: Options{MaxDepth: 64}, dec: jd}
			if _, err := w.value("", 0); err != nil || !reflect.DeepEqual(slow.spans, d.spans) {
				t.Fatalf("%q: spans %v, encoding/json's tokens give %v (%v)", data, d.spans, slow.spans, err)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%q: error %v is not an *Error", data, err)
		}
		if e.Line < 1 || e.Column < 1 || e.Offset < 0 || e.Offset > len(data) {
			t.Fatalf("%q: %v has no place in the document (offset %d)", data, e, e.Offset)
		}
		if json.Valid(data) && e.Kind != KindDuplicateKey && e.Kind != KindTooDeep {
			t.Fatalf("%q: valid JSON refused: %v", data, e)
		}
	})
}
