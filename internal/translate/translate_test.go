package translate

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

func load(t *testing.T, data string) *casefile.File {
	t.Helper()
	f, err := casefile.Parse("case.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A case file written by hand: odd spacing, a byte-order mark, escapes,
// numbers in their own spelling, key orders of its own.
const handWritten = "\ufeff{\n" +
	`  "reference": "X-1", "amount": 1.50e3,` + "\n" +
	`  "case": {` + "\n" +
	`      "title" :  {"en": "Title", "zh" : "标题\u0041"},` + "\n" +
	`      "facts": {` + "\n" +
	`        "zh": "事实\n第二段"` + "\n" +
	`      },` + "\n" +
	`      "summary": { "zh": "摘要", "fr": "Résumé" }` + "\n" +
	`  },` + "\n" +
	`  "persons": [{"id": "P1", "name": {"zh":"张三","en":"ZHANG San"}}],` + "\n" +
	`  "codes": {"zh": 1}` + "\n" +
	"}\n"

func TestTexts(t *testing.T) {
	f := load(t, handWritten)
	got := Texts(f, "en")
	want := []struct {
		ptr, orig, trans string
		has              bool
	}{
		{"/case/title", "标题A", "Title", true},
		{"/case/facts", "事实\n第二段", "", false},
		{"/case/summary", "摘要", "", false},
		{"/persons/0/name", "张三", "ZHANG San", true},
	}
	if len(got) != len(want) {
		t.Fatalf("Texts found %d texts, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Pointer != w.ptr || g.Original != w.orig || g.Translation != w.trans || g.Has != w.has {
			t.Errorf("text %d = %+v, want %+v", i, g, w)
		}
	}
}

// rowsFor exports f and gives each row a number, as a sheet would.
func rowsFor(f *casefile.File, lang string) []Row {
	rows := Export(f, lang)
	for i := range rows {
		rows[i].Row = i + 2
	}
	return rows
}

func TestRoundTripWithoutEditsIsByteIdentical(t *testing.T) {
	example, err := os.ReadFile("../../examples/us-embezzlement.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, data string
	}{{"hand-written", handWritten}, {"example", string(example)}} {
		for _, lang := range []string{"en", "fr"} {
			f := load(t, tc.data)
			data, n, errs, err := Import(f, lang, rowsFor(f, lang))
			if err != nil || len(errs) > 0 {
				t.Fatalf("%s %s: %v %v", tc.name, lang, err, errs)
			}
			if n != 0 || !bytes.Equal(data, []byte(tc.data)) {
				t.Errorf("%s %s: %d changes, bytes differ: %v", tc.name, lang, n, !bytes.Equal(data, []byte(tc.data)))
			}
		}
	}
}

func TestImportEditsOnlyTheValues(t *testing.T) {
	tests := []struct {
		name string
		lang string
		ptr  string
		text string
		want string // the fragment of the file that must now appear
	}{
		{"replace", "en", "/case/title", "New \"title\" <b>&", `"title" :  {"en": "New \"title\" <b>&", "zh" : "标题\u0041"}`},
		{"insert into a multi-line object", "en", "/case/facts", "Facts\nsecond", "\"zh\": \"事实\\n第二段\",\n        \"en\": \"Facts\\nsecond\"\n      }"},
		{"insert into a one-line object", "en", "/case/summary", "Summary", `{ "zh": "摘要", "fr": "Résumé", "en": "Summary" }`},
		{"insert without spaces", "fr", "/persons/0/name", "ZHANG San", `{"zh":"张三","en":"ZHANG San","fr":"ZHANG San"}`},
		{"line separator is escaped", "en", "/case/title", "a\u2028b", `"en": "a\u2028b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := load(t, handWritten)
			rows := rowsFor(f, tt.lang)
			for i := range rows {
				if rows[i].Pointer == tt.ptr {
					rows[i].Translation = tt.text
				}
			}
			data, n, errs, err := Import(f, tt.lang, rows)
			if err != nil || len(errs) > 0 {
				t.Fatalf("%v %v", err, errs)
			}
			if n != 1 {
				t.Errorf("%d changes, want 1", n)
			}
			if !bytes.Contains(data, []byte(tt.want)) {
				t.Errorf("the file does not contain %s:\n%s", tt.want, data)
			}
			// Everything outside the edited object is unchanged.
			off, _ := f.Offset(tt.ptr)
			if !bytes.Equal(data[:off], f.Bytes[:off]) {
				t.Error("bytes before the edited text changed")
			}
			g := load(t, string(data))
			var got string
			for _, tx := range Texts(g, tt.lang) {
				if tx.Pointer == tt.ptr {
					got = tx.Translation
				}
			}
			if got != tt.text {
				t.Errorf("reloaded translation = %q, want %q", got, tt.text)
			}
			for _, tx := range Texts(g, "zh") {
				if tx.Original == "" {
					t.Errorf("%s lost its original", tx.Pointer)
				}
			}
		})
	}
}

func TestImportRefusesRows(t *testing.T) {
	tests := []struct {
		name string
		edit func(rows []Row) []Row
		kind string
	}{
		{"unknown pointer", func(r []Row) []Row { r[0].Pointer = "/case/nope"; return r }, "unknown_pointer"},
		{"given twice", func(r []Row) []Row { return append(r, r[0]) }, "duplicate"},
		{"check column changed", func(r []Row) []Row { r[0].Translation += "!"; r[0].Check = "xyz"; return r }, "bad_check"},
		{"original edited", func(r []Row) []Row { r[0].Original += "改"; return r }, "original_changed"},
		{"cleared", func(r []Row) []Row { r[0].Translation = ""; return r }, "cleared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := load(t, handWritten)
			rows := tt.edit(rowsFor(f, "en"))
			rows[len(rows)-1].Translation = "a valid edit"
			data, _, errs, err := Import(f, "en", rows)
			if err != nil {
				t.Fatal(err)
			}
			if data != nil {
				t.Error("Import returned data although it refused a row")
			}
			if len(errs) != 1 || errs[0].Kind != tt.kind || errs[0].Row == 0 {
				t.Errorf("errors %+v, want one %s naming its row", errs, tt.kind)
			}
		})
	}
}

func TestImportConflict(t *testing.T) {
	f := load(t, handWritten)
	rows := rowsFor(f, "en")
	rows[0].Translation = "Translator's title"
	// Meanwhile someone changed the case file's translation.
	changed := load(t, strings.Replace(handWritten, `"en": "Title"`, `"en": "Officer's title"`, 1))
	_, _, errs, err := Import(changed, "en", rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || errs[0].Kind != "conflict" || errs[0].Pointer != "/case/title" {
		t.Errorf("errors %+v, want a conflict at /case/title", errs)
	}
	// The same edit made on both sides is no conflict.
	rows[0].Translation = "Officer's title"
	data, n, errs, err := Import(changed, "en", rows)
	if err != nil || len(errs) > 0 || n != 0 || !bytes.Equal(data, changed.Bytes) {
		t.Errorf("same edit on both sides: %d changes, %v %v", n, errs, err)
	}
}

func TestLanguages(t *testing.T) {
	schema, err := os.ReadFile("../../schemas/case.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Languages(schema)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "en fr" {
		t.Errorf("Languages = %v, want en fr", got)
	}
	if _, err := Languages([]byte(`{"$defs": {}}`)); err == nil {
		t.Error("a schema without a text type gave no error")
	}
}

func TestChars(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "张三": 2, "é\n": 2} {
		if got := Chars(s); got != want {
			t.Errorf("Chars(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzImport(f *testing.F) {
	f.Add(handWritten, "x\"y\\z")
	f.Add(`{"t": {"zh": "一"}}`, "one")
	f.Add(`{"t": [{"zh": "一", "en": ""}]}`, "\u0000\t")
	f.Add(`{"t": {"zh": "一", "en": "one"}}`, "line\r\nbreak")
	f.Fuzz(func(t *testing.T, doc, text string) {
		cf, err := casefile.Parse("f.json", []byte(doc))
		if err != nil {
			return
		}
		rows := Export(cf, "en")
		for i := range rows {
			rows[i].Row = i + 2
			if text != "" {
				rows[i].Translation = text
			}
		}
		data, _, errs, err := Import(cf, "en", rows)
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		if len(errs) > 0 {
			return
		}
		g, err := casefile.Parse("f.json", data)
		if err != nil {
			t.Fatalf("result does not load: %v\n%s", err, data)
		}
		for _, tx := range Texts(g, "en") {
			// A spreadsheet's line breaks are written as JSON's "\n".
			if want := strings.ReplaceAll(text, "\r\n", "\n"); text != "" && tx.Translation != want {
				t.Fatalf("%s = %q, want %q", tx.Pointer, tx.Translation, want)
			}
		}
	})
}

// TestImportKeepsDecomposedBytes: the loader reads texts in NFC, but the
// file keeps the user's bytes: with no edit they come back unchanged, and
// an edit changes only its value. A translation typed with combining
// accents is written, and read back, in NFC.
func TestImportKeepsDecomposedBytes(t *testing.T) {
	src := `{"persons": [{"id": "P1", "name": {"zh": "何塞", "en": "Jose` + "\u0301" + ` Garci\u0301a"}}],` +
		` "case": {"title": {"zh": "标题"}}}`
	f := load(t, src)
	data, n, errs, err := Import(f, "en", rowsFor(f, "en"))
	if err != nil || len(errs) > 0 || n != 0 || !bytes.Equal(data, []byte(src)) {
		t.Fatalf("without edits: %v %v %d changes, bytes equal %v", err, errs, n, bytes.Equal(data, []byte(src)))
	}
	rows := rowsFor(f, "en")
	for i := range rows {
		if rows[i].Pointer == "/case/title" {
			rows[i].Translation = "Affaire Rene" + "\u0301"
		}
	}
	data, n, errs, err = Import(f, "en", rows)
	if err != nil || len(errs) > 0 || n != 1 {
		t.Fatalf("with an edit: %v %v %d changes", err, errs, n)
	}
	if !bytes.Contains(data, []byte(`"en": "Jose`+"\u0301"+` Garci\u0301a"`)) {
		t.Errorf("the decomposed name was rewritten:\n%s", data)
	}
	if !bytes.Contains(data, []byte("Affaire Ren\u00e9")) {
		t.Errorf("the new translation is not in NFC:\n%s", data)
	}
}
