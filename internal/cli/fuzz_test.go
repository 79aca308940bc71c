package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/compose"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/fonts"
	"github.com/mla-dev/mla/internal/render/xlsx"
)

// allSeeds are every case file of the repository: the examples, the
// schema fixtures, the invalid cases and the hostile corpus.
var allSeeds = []string{"examples/*.json", "schemas/testdata/*/*/*.json", "testdata/invalid/*.json", "testdata/hostile/*.json"}

// fuzzSeeds adds the files that globs (relative to the repository) match as
// seeds.
func fuzzSeeds(f *testing.F, globs ...string) {
	f.Helper()
	var names []string
	for _, glob := range globs {
		m, _ := filepath.Glob(repo(glob))
		names = append(names, m...)
	}
	if len(names) < 2 {
		f.Fatalf("only %d seed files", len(names))
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func fuzzApp(f *testing.F) *app {
	f.Helper()
	a := &app{env: Env{Assets: mla.Assets(), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, lang: "en"}
	if err := a.load(); err != nil {
		f.Fatal(err)
	}
	return a
}

// checkBytes loads and validates data as a case read from standard input.
// A fault of mla is a test failure; an input that cannot be read is nil.
func checkBytes(t *testing.T, a *app, data []byte) *checked {
	t.Helper()
	a.env.Stdin = bytes.NewReader(data)
	c, err := a.check("-", checkOptions{})
	if err != nil {
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != ExitUsage || ee.msg == "" {
			t.Fatalf("check: %v", err)
		}
		return nil
	}
	for _, fd := range c.report.Findings {
		if fd.Rule == "" || fd.Message["zh"] == "" || fd.Message["en"] == "" || fd.Pointer != "" && !strings.HasPrefix(fd.Pointer, "/") {
			t.Fatalf("finding %+v", fd)
		}
	}
	return c
}

// draftable reports whether generate --draft goes on to compose c.
func draftable(c *checked) bool {
	id, _ := draftBlocked(c)
	return c.composable && c.file.CaseComplete && id == ""
}

// texts returns every text a document holds.
func texts(d *document.Document) []string { return d.Texts() }

// FuzzCompose: whatever the case file, checking it is never a fault of
// mla, and a case that generate --draft would compose composes without
// error into documents whose every character the PDF renderer can draw,
// and whose evidence list the workbook renderer writes.
func FuzzCompose(f *testing.F) {
	fuzzSeeds(f, allSeeds...)
	a := fuzzApp(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c := checkBytes(t, a, data)
		if c == nil || !draftable(c) {
			return
		}
		for _, layout := range []document.Layout{document.Parallel, document.Separate} {
			in := compose.Input{Case: c.file.Case, Profile: c.profile, Template: c.template, Catalog: a.cat,
				Offences: c.law, Equivalents: c.law, Translation: c.translation, Layout: layout, Draft: true, Creator: "mla", Fingerprint: strings.Repeat("0", 64)}
			req, err := compose.Request(in)
			if err != nil {
				t.Fatalf("compose request: %v", err)
			}
			ev, err := compose.EvidenceList(in)
			if err != nil {
				t.Fatalf("compose evidence list: %v", err)
			}
			for _, d := range []*document.Document{req, ev} {
				for _, s := range texts(d) {
					if p := fonts.Check(s); len(p) > 0 {
						t.Fatalf("the renderer cannot draw %U in %q", p[0].Rune, s)
					}
				}
			}
			if layout == document.Parallel {
				if err := xlsx.Render(&bytes.Buffer{}, ev); err != nil {
					t.Fatalf("xlsx: %v", err)
				}
			}
		}
	})
}

// FuzzGenerate renders the whole bundle (both PDFs, the workbook, the
// manifest) of every case generate --draft would accept. Rendering is slow
// under the fuzzer's instrumentation (seconds per input), so its seeds are
// the two small valid fixtures (TestHostileCorpus renders the hostile ones)
// and FuzzCompose and FuzzComposeField do the broad search.
func FuzzGenerate(f *testing.F) {
	fuzzSeeds(f, "schemas/testdata/*/valid/*.json")
	a := fuzzApp(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c := checkBytes(t, a, data)
		if c == nil || !draftable(c) {
			return
		}
		files, err := a.render(c, document.Parallel, &generateOptions{layout: "parallel", draft: true, out: t.TempDir()})
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		// The draft of assurances comes with a commitment on sentencing
		// or reciprocity.
		if n := len(files); n != len(bundleFiles) && n != len(bundleFiles)+1 {
			t.Fatalf("%d files", len(files))
		}
	})
}

// FuzzComposeField puts an arbitrary value into one field of a valid case
// (the n-th string or number of the example, in document order, or the
// n-th of its localized texts as a whole) and goes through the same steps as
// FuzzCompose. Mutating whole files mostly breaks their JSON; this reaches
// the composer with every kind of text, date, id and code in every place.
func FuzzComposeField(f *testing.F) {
	seed, err := os.ReadFile(repo("schemas/testdata/us/valid/full.json"))
	if err != nil {
		f.Fatal(err)
	}
	for i, s := range []string{"{{.Reference}} <b>x</b> %s # |", "", " ", "张𠮷", "\u202e", "2026-02-30", "P1", "E99", "0", "-1", "1e400", "\x00", "\t\r\n", strings.Repeat("长", 300), "appeal", "CN-CL-999"} {
		f.Add(s, uint16(i*7))
	}
	var base any
	if err := json.Unmarshal(seed, &base); err != nil {
		f.Fatal(err)
	}
	a := fuzzApp(f)
	f.Fuzz(func(t *testing.T, value string, n uint16) {
		var doc any
		_ = json.Unmarshal(seed, &doc)
		places := 0
		var set func(v any) any
		set = func(v any) any {
			switch x := v.(type) {
			case map[string]any:
				for _, k := range keysOf(x) {
					x[k] = set(x[k])
				}
			case []any:
				for i := range x {
					x[i] = set(x[i])
				}
			case string, json.Number, float64, bool:
				places++
				if places-1 == int(n)%countLeaves(base) {
					return value
				}
			}
			return v
		}
		doc = set(doc)
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		c := checkBytes(t, a, data)
		if c == nil || !draftable(c) {
			return
		}
		in := compose.Input{Case: c.file.Case, Profile: c.profile, Template: c.template, Catalog: a.cat,
			Offences: c.law, Equivalents: c.law, Layout: document.Parallel, Draft: true, Creator: "mla"}
		for _, make := range []func(compose.Input) (*document.Document, error){compose.Request, compose.EvidenceList} {
			d, err := make(in)
			if err != nil {
				t.Fatalf("compose: %v", err)
			}
			for _, s := range texts(d) {
				if p := fonts.Check(s); len(p) > 0 {
					t.Fatalf("the renderer cannot draw %U in %q", p[0].Rune, s)
				}
			}
		}
	})
}

func countLeaves(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 0
		for _, c := range x {
			n += countLeaves(c)
		}
		return n
	case []any:
		n := 0
		for _, c := range x {
			n += countLeaves(c)
		}
		return n
	}
	return 1
}

func keysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
