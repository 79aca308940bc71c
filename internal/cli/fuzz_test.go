package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
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
	if len(names) < 3 {
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
	c, err := a.check("-")
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
	return c.profile != nil && c.file.CaseComplete && draftBlocked(c.report) == ""
}

// texts returns every text a document holds.
func texts(d *document.Document) []string {
	var out []string
	add := func(ts ...document.Text) {
		for _, t := range ts {
			out = append(out, t.Orig, t.Trans)
		}
	}
	add(d.HeaderLeft, d.HeaderRight, d.PageLabel, d.FooterNote, d.DraftMark, d.Meta.Title, d.Meta.Subject)
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case document.Heading:
			add(b.Text)
		case document.Paragraph:
			add(b.Text)
		case document.List:
			add(b.Items...)
			add(b.Labels...)
		case document.Fields:
			for _, f := range b.Items {
				add(f.Label, f.Value)
			}
		case document.Table:
			add(b.Caption)
			for _, c := range b.Columns {
				add(c.Header)
			}
			for _, r := range b.Rows {
				out = append(out, r...)
			}
		case document.Signature:
			add(b.Authority, b.Name, b.Title, b.Date, b.SealLabel)
		}
	}
	return out
}

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
				Offences: catalogOffences{c.offences}, Layout: layout, Draft: true, Creator: "mla", Fingerprint: strings.Repeat("0", 64)}
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
// manifest) of every case generate --draft would accept. It is slower than
// FuzzCompose: rendering a PDF takes tens of milliseconds, so its seeds
// are the valid cases only (TestHostileCorpus renders the hostile ones).
func FuzzGenerate(f *testing.F) {
	fuzzSeeds(f, "examples/*.json", "schemas/testdata/*/valid/*.json")
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
		if len(files) != len(bundleFiles) {
			t.Fatalf("%d files", len(files))
		}
	})
}
