package i18n

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name, group, tag string
		ok               bool
	}{
		{"cli.en.toml", "cli", "en", true},
		{"request.zh-Hans.toml", "request", "zh-Hans", true},
		{"a.b.fr-CA.toml", "a.b", "fr-CA", true},
		{"languages.conf", "", "", false},
		{"cli.toml", "", "", false},
		{"cli.en.json", "", "", false},
		{".en.toml", "", "", false},
		{"cli..toml", "", "", false},
		{"cli.not_a_tag.toml", "", "", false},
	}
	for _, tt := range tests {
		g, tag, ok := ParseName(tt.name)
		if g != tt.group || tag != tt.tag || ok != tt.ok {
			t.Errorf("ParseName(%q) = %q, %q, %v; want %q, %q, %v", tt.name, g, tag, ok, tt.group, tt.tag, tt.ok)
		}
	}
}

// The repository's locale files are in the canonical layout: Encode gives
// back their bytes exactly, so an import that changes one message leaves
// every other line as it was.
func TestRepositoryFilesAreCanonical(t *testing.T) {
	files, err := filepath.Glob("../../locales/*.*.toml")
	if err != nil || len(files) < 6 {
		t.Fatalf("locale files: %v %v", files, err)
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ParseFile("locales/"+filepath.Base(p), data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got := f.Encode(); !bytes.Equal(got, data) {
			t.Errorf("%s is not in the canonical layout; first difference at byte %d", p, firstDiff(got, data))
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestEncodeRoundTrip(t *testing.T) {
	f := &File{
		Path: "locales/x.fr.toml", Group: "x", Tag: "fr",
		Header: []string{"# Header"},
		Messages: []*Message{
			{ID: "a.b", Description: `Quote " and backslash \ and tab` + "\t", Hash: "sha1-0", Forms: map[string]string{
				"other": "line\nbreak {{.Count}} \u0001 \u007f é 中", "one": "un", "many": "beaucoup"}},
			{ID: "with \"quote\"", Forms: map[string]string{"other": ""}},
		},
	}
	data := f.Encode()
	want := "# Header\n\n[\"a.b\"]\ndescription = \"Quote \\\" and backslash \\\\ and tab\\t\"\nhash = \"sha1-0\"\n" +
		"one = \"un\"\nmany = \"beaucoup\"\nother = \"line\\nbreak {{.Count}} \\u0001 \\u007F é 中\"\n\n" +
		"[\"with \\\"quote\\\"\"]\nother = \"\"\n"
	if string(data) != want {
		t.Errorf("Encode =\n%s\nwant\n%s", data, want)
	}
	g, err := ParseFile(f.Path, data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g.Encode(), data) {
		t.Error("parse then encode changed the bytes")
	}
	for i, m := range f.Messages {
		gm := g.Messages[i]
		if gm.ID != m.ID || gm.Description != m.Description || gm.Hash != m.Hash || len(gm.Forms) != len(m.Forms) {
			t.Errorf("message %d = %+v, want %+v", i, gm, m)
		}
		for k, v := range m.Forms {
			if gm.Forms[k] != v {
				t.Errorf("message %d form %s = %q, want %q", i, k, gm.Forms[k], v)
			}
		}
	}
}

func TestParseFileErrors(t *testing.T) {
	tests := []struct {
		name, data, kind string
	}{
		{"syntax", "[\"a\"\nother = 1", "unreadable"},
		{"top-level value", "other = \"x\"\n", "not_table"},
		{"misspelt key", "[\"a\"]\nohter = \"x\"\n", "unknown_key"},
		{"number", "[\"a\"]\nother = 1\n", "not_string"},
		{"nested table", "[a.b]\nother = \"x\"\n", "not_string"},
	}
	for _, tt := range tests {
		_, err := ParseFile("locales/x.en.toml", []byte(tt.data))
		var fe *FileError
		if !errors.As(err, &fe) || fe.Kind != tt.kind {
			t.Errorf("%s: error %v, want kind %s", tt.name, err, tt.kind)
		}
	}
	if _, err := ParseFile("locales/x.toml", nil); err == nil {
		t.Error("a file name without a language was accepted")
	}
}

func TestSourceHash(t *testing.T) {
	// The value goi18n merge writes for a message with only "other":
	// SHA-1 of the description followed by the text.
	m := &Message{Description: "d", Forms: map[string]string{"other": "o"}}
	if got, want := SourceHash(m), "sha1-eadcd9bd2a09c75aef04954e6799e50278ee124a"; got != want {
		t.Errorf("SourceHash = %s, want %s", got, want)
	}
	base := SourceHash(m)
	changes := []func(*Message){
		func(m *Message) { m.Description = "d2" },
		func(m *Message) { m.Forms["other"] = "o2" },
	}
	for i, ch := range changes {
		c := m.Clone()
		ch(c)
		if SourceHash(c) == base {
			t.Errorf("change %d left the hash as it was", i)
		}
	}
	// Like goi18n merge, the other plural forms are not hashed: a
	// translation goi18n keeps active is one mla i18n check finds current.
	c1 := m.Clone()
	c1.Forms["one"] = "1"
	if SourceHash(c1) != base {
		t.Error("a plural form other than \"other\" changed the hash; goi18n merge would call the translations stale")
	}
	c := m.Clone()
	c.Hash = "sha1-whatever"
	if SourceHash(c) != base {
		t.Error("the recorded hash changed the source hash")
	}
}

// Whatever ParseFile accepts, Encode writes as a file that parses to the
// same messages and encodes to the same bytes.
func FuzzParseFile(f *testing.F) {
	f.Add("# h\n\n[\"a\"]\ndescription = \"d\"\nother = \"x {{.Y}}\"\n")
	f.Add("[\"a.b\"]\none = 'literal'\nother = \"\"\"multi\nline\"\"\"\n")
	f.Add("[\"q\\\"\"]\nother = \"\\u0001\\t\\\\\"\n")
	f.Fuzz(func(t *testing.T, data string) {
		a, err := ParseFile("locales/x.fr.toml", []byte(data))
		if err != nil {
			return
		}
		enc := a.Encode()
		b, err := ParseFile("locales/x.fr.toml", enc)
		if err != nil {
			t.Fatalf("the encoded file does not parse: %v\n%s", err, enc)
		}
		if !bytes.Equal(b.Encode(), enc) {
			t.Fatalf("encoding is not stable:\n%s", enc)
		}
		if len(a.Messages) != len(b.Messages) {
			t.Fatalf("%d messages became %d", len(a.Messages), len(b.Messages))
		}
		for i, m := range a.Messages {
			n := b.Messages[i]
			if m.ID != n.ID || m.Description != n.Description || m.Hash != n.Hash || len(m.Forms) != len(n.Forms) {
				t.Fatalf("message %d changed: %+v -> %+v", i, m, n)
			}
			for k, v := range m.Forms {
				if n.Forms[k] != v {
					t.Fatalf("message %s form %s: %q -> %q", m.ID, k, v, n.Forms[k])
				}
			}
		}
	})
}
