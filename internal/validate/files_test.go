package validate

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

// SHA-256 of "abc" (FIPS 180-2, appendix B.1).
const sumABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

// evidenceCase writes the minimal valid fixture, with the evidence items
// changed by edit, into dir as case.json and loads it.
func evidenceCase(t *testing.T, dir string, edit func(items []any)) *casefile.File {
	t.Helper()
	f := load(t, "schemas/testdata/us/valid/minimal.json")
	var inst map[string]any
	if err := json.Unmarshal(f.Bytes, &inst); err != nil {
		t.Fatal(err)
	}
	delete(inst, "$schema")
	items := inst["evidence"].([]any)
	item := items[0].(map[string]any)
	for len(items) < 3 {
		c := map[string]any{}
		for k, v := range item {
			c[k] = v
		}
		c["id"] = "E" + itoa(len(items)+1)
		items = append(items, c)
	}
	inst["evidence"] = items
	edit(items)
	data, _ := json.MarshalIndent(inst, "", "  ")
	path := filepath.Join(dir, "case.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cf, err := casefile.LoadFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cf
}

func TestCheckFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs symbolic links")
	}
	type set map[string]any // field -> value for evidence item 0
	tests := []struct {
		name   string
		items  []set
		want   []rp
		hashed []string // files hashed, in order
		valid  bool
	}{
		{"no files", nil, []rp{}, nil, true},
		{"a file and its digest", []set{{"file": "scans/E1.pdf", "sha256": sumABC}}, []rp{}, []string{"scans/E1.pdf"}, true},
		{"a file without a digest", []set{{"file": "scans/E1.pdf"}}, []rp{}, []string{"scans/E1.pdf"}, true},
		{"backslashes", []set{{"file": `scans\E1.pdf`}}, []rp{}, []string{`scans\E1.pdf`}, true},
		{"a digest that differs", []set{{"file": "scans/E1.pdf", "sha256": strings.Repeat("0", 64)}},
			[]rp{{"evidence.sha256_mismatch", "/evidence/0/sha256"}}, []string{"scans/E1.pdf"}, false},
		{"a digest without a file", []set{{"sha256": sumABC}}, []rp{{"evidence.sha256_unchecked", "/evidence/0/sha256"}}, nil, true},
		{"a malformed digest is the schema's", []set{{"file": "scans/E1.pdf", "sha256": strings.ToUpper(sumABC)}},
			[]rp{{"schema.pattern", "/evidence/0/sha256"}}, []string{"scans/E1.pdf"}, false},
		{"parent folder", []set{{"file": "../outside.pdf"}}, []rp{{"evidence.file_outside", "/evidence/0/file"}}, nil, false},
		{"absolute path", []set{{"file": "/etc/passwd"}}, []rp{{"evidence.file_outside", "/evidence/0/file"}}, nil, false},
		{"symbolic link out", []set{{"file": "link.pdf"}}, []rp{{"evidence.file_link_outside", "/evidence/0/file"}}, nil, false},
		{"missing", []set{{"file": "scans/E9.pdf"}}, []rp{{"evidence.file_missing", "/evidence/0/file"}}, nil, false},
		{"a folder", []set{{"file": "scans"}}, []rp{{"evidence.file_not_regular", "/evidence/0/file"}}, nil, false},
		{"a file that is not a string is the schema's", []set{{"file": 7}}, []rp{{"schema.type", "/evidence/0/file"}}, nil, false},
		{"several items, in order", []set{{"file": "scans/E1.pdf"}, {"file": "missing.pdf"}, {"file": "E3.txt", "sha256": sumABC}},
			[]rp{{"evidence.file_missing", "/evidence/1/file"}, {"evidence.sha256_mismatch", "/evidence/2/sha256"}}, []string{"scans/E1.pdf", "E3.txt"}, false},
	}
	v := New(repo)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			outside := filepath.Join(t.TempDir(), "secret.pdf")
			must(t, os.WriteFile(outside, []byte("secret"), 0o600))
			must(t, os.Mkdir(filepath.Join(dir, "scans"), 0o700))
			must(t, os.WriteFile(filepath.Join(dir, "scans", "E1.pdf"), []byte("abc"), 0o600))
			must(t, os.WriteFile(filepath.Join(dir, "E3.txt"), []byte("not abc"), 0o600))
			must(t, os.Symlink(outside, filepath.Join(dir, "link.pdf")))
			f := evidenceCase(t, dir, func(items []any) {
				for i, s := range tt.items {
					for k, val := range s {
						items[i].(map[string]any)[k] = val
					}
				}
			})
			r := validate(t, v, f)
			got := CheckFiles(r, f, dir)
			if g := rulesAt(r); !reflect.DeepEqual(g, tt.want) {
				t.Errorf("findings %v, want %v", g, tt.want)
			}
			var files []string
			for _, e := range got {
				files = append(files, e.File)
				if e.Pointer != "/evidence/"+itoa(e.Index) || e.ID != "E"+itoa(e.Index+1) || len(e.SHA256) != 64 {
					t.Errorf("entry %+v", e)
				}
				if e.File == "scans/E1.pdf" && (e.SHA256 != sumABC || e.Size != 3) {
					t.Errorf("scans/E1.pdf: %s %d, want %s 3", e.SHA256, e.Size, sumABC)
				}
			}
			if !reflect.DeepEqual(files, tt.hashed) {
				t.Errorf("hashed %v, want %v", files, tt.hashed)
			}
			if r.Valid != tt.valid {
				t.Errorf("valid %v, want %v", r.Valid, tt.valid)
			}
			if err := Localize(r, catalog(t)); err != nil {
				t.Fatal(err)
			}
			for _, fd := range r.Findings {
				if fd.Rule == "evidence.sha256_mismatch" && !(strings.Contains(fd.Message["en"], sumABC) || strings.Contains(fd.Message["en"], strings.Repeat("0", 64))) {
					t.Errorf("message does not show the digests: %s", fd.Message["en"])
				}
			}
		})
	}
}

func TestCharacterFindings(t *testing.T) {
	tests := []struct {
		text string
		want []rp
		args string // the Chars argument, joined
	}{
		{"张三 Zhang San\n第二段\tx\r\n", nil, ""},
		{"bell\a", []rp{{"text.control", "/p"}}, "U+0007"},
		{"escape \x1b[31m and delete \x7f", []rp{{"text.control", "/p"}}, "U+001B U+007F"},
		{"C1 \u0085 \u009b", []rp{{"text.control", "/p"}}, "U+0085 U+009B"},
		{"right-to-left \u202egnp.exe", []rp{{"text.control", "/p"}}, "U+202E"},
		{"isolate \u2066x\u2069", []rp{{"text.control", "/p"}}, "U+2066 U+2069"},
		{"line separator \u2028", []rp{{"text.control", "/p"}}, "U+2028"},
		{"noncharacter \uFFFE", []rp{{"text.control", "/p"}}, "U+FFFE"},
		{"zero\u200bwidth soft\u00adhyphen", []rp{{"text.invisible", "/p"}}, "U+200B U+00AD"},
		{"bad conversion \uFFFD", []rp{{"text.replacement", "/p"}}, ""},
		{"all \u0000 \u200d \uFFFD \u0000", []rp{{"text.control", "/p"}, {"text.invisible", "/p"}, {"text.replacement", "/p"}}, "U+0000 U+200D"},
	}
	for _, tt := range tests {
		got := withMeta(characters("/p", tt.text))
		var rules []rp
		var chars []string
		for _, f := range got {
			rules = append(rules, rp{f.Rule, f.Pointer})
			if l, ok := f.Args["Chars"].(List); ok {
				for _, c := range l {
					chars = append(chars, c.(string))
				}
			}
			if f.ID != "finding."+f.Rule || f.Source != "mla" {
				t.Errorf("%q: finding %+v", tt.text, f)
			}
			if want := map[string]Severity{"text.control": Error, "text.invisible": Warning, "text.replacement": Warning}[f.Rule]; f.Severity != want {
				t.Errorf("%s severity %s, want %s", f.Rule, f.Severity, want)
			}
		}
		if !reflect.DeepEqual(rules, tt.want) || strings.Join(chars, " ") != tt.args {
			t.Errorf("%q: %v %q, want %v %q", tt.text, rules, strings.Join(chars, " "), tt.want, tt.args)
		}
	}
}

// TestControlIsNotAlsoUndrawable: a control character gives one finding,
// text.control, through the whole validator.
func TestControlIsNotAlsoUndrawable(t *testing.T) {
	f := load(t, "schemas/testdata/us/valid/minimal.json")
	var inst map[string]any
	_ = json.Unmarshal(f.Bytes, &inst)
	inst["case"].(map[string]any)["facts"].(map[string]any)["en"] = "a\u0007b \u202e 𰀀"
	r := validate(t, New(repo), parse(t, "control.json", inst))
	want := []rp{{"text.control", "/case/facts/en"}, {"text.undrawable", "/case/facts/en"}} // same pointer: by rule
	if got := rulesAt(r); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, fd := range r.Findings {
		if fd.Rule == "text.undrawable" && fd.Args["Count"] != 1 {
			t.Errorf("undrawable lists %v, want only U+30000", fd.Args["Chars"])
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestUndrawableAboveBMP: characters above U+FFFF that the fallback face
// draws (CJK Extensions B to F, common in names) pass; one that no face
// has (a variation selector, an unassigned plane-2 code point, Extension G)
// is still an error, and only those are listed.
func TestUndrawableAboveBMP(t *testing.T) {
	f := load(t, "schemas/testdata/us/valid/minimal.json")
	var inst map[string]any
	_ = json.Unmarshal(f.Bytes, &inst)
	persons := inst["persons"].([]any)
	name := persons[0].(map[string]any)["name"].(map[string]any)
	name["zh"] = "张𠀀𨭉𡒄"
	r := validate(t, New(repo), parse(t, "ext-b.json", inst))
	if got := rulesAt(r); len(got) != 0 {
		t.Errorf("Extension B name: %v", got)
	}
	name["zh"] = "张𠀀\U000E0100\U0002FFF0𰀀"
	r = validate(t, New(repo), parse(t, "undrawable.json", inst))
	// The variation selector U+E0100 prints as nothing: it is invisible
	// (a warning) as well as undrawable.
	want := []rp{{"text.invisible", "/persons/0/name/zh"}, {"text.undrawable", "/persons/0/name/zh"}}
	if got := rulesAt(r); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got := fmt.Sprint(r.Findings[1].Args["Chars"]); got != "[U+E0100 U+2FFF0 U+30000 𰀀]" {
		t.Errorf("undrawable lists %s", got)
	}
}
