package cli

import (
	"os"
	"path/filepath"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/benchcase"
	"github.com/mla-dev/mla/internal/bundle"
)

// BenchmarkValidateExample measures validate on the example in-process
// (load, schema, rules, localization).
func BenchmarkValidateExample(b *testing.B) {
	a := benchApp(b)
	for b.Loop() {
		if _, err := a.check(repo(example), checkOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateExample measures a whole generate of the example:
// validate, compose, render the two PDFs and the workbook, hash.
func BenchmarkGenerateExample(b *testing.B) {
	a := benchApp(b)
	o := &generateOptions{layout: "parallel"}
	for b.Loop() {
		c, err := a.check(repo(example), checkOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.render(c, 0, o); err != nil {
			b.Fatal(err)
		}
	}
}

func benchApp(b *testing.B) *app {
	b.Helper()
	a := &app{env: Env{Assets: mla.Assets()}, lang: "en"}
	if err := a.load(); err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkVerifyExample measures verify of the example bundle: the
// manifest's checksum, every output, the case file and the fingerprint.
func BenchmarkVerifyExample(b *testing.B) {
	a := benchApp(b)
	out := filepath.Join(b.TempDir(), "bundle")
	c, err := a.check(repo(example), checkOptions{})
	if err != nil {
		b.Fatal(err)
	}
	o := &generateOptions{layout: "parallel", out: out}
	files, err := a.render(c, 0, o)
	if err != nil {
		b.Fatal(err)
	}
	if err := bundle.Write(out, files, false); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := bundle.Verify(out, bundle.VerifyOptions{})
		if err != nil || !r.OK() {
			b.Fatalf("%v %+v", err, r)
		}
	}
}

// BenchmarkAssetsDigest measures hashing the embedded assets, which every
// generate does for the fingerprint.
func BenchmarkAssetsDigest(b *testing.B) {
	a := benchApp(b)
	for b.Loop() {
		if _, err := bundle.AssetsDigest(a.fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadAssets measures reading a full copy of the assets given
// with --assets: every used file, checked and held in memory, at start.
func BenchmarkReadAssets(b *testing.B) {
	dir := b.TempDir()
	if err := os.CopyFS(dir, mla.Assets()); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := readAssets(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// largeCase writes the example scaled to n evidence items (and 1,000
// persons) into a temporary folder and returns its path, and an app that
// reads case files that large.
func largeCase(b *testing.B, n int) (*app, string) {
	b.Helper()
	if testing.Short() {
		b.Skip("large case: not with -short")
	}
	data, err := os.ReadFile(repo(example))
	if err != nil {
		b.Fatal(err)
	}
	big, err := benchcase.Scale(data, n, 1000)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "large.json")
	if err := os.WriteFile(path, big, 0o600); err != nil {
		b.Fatal(err)
	}
	a := benchApp(b)
	a.env.Getenv = func(k string) string {
		if k == MaxSizeEnv {
			return "256MiB"
		}
		return ""
	}
	return a, path
}

// BenchmarkValidateLarge measures validate of a 100,000-item case (the
// target is under 20 s on two cores).
func BenchmarkValidateLarge(b *testing.B) {
	a, path := largeCase(b, 100_000)
	for b.Loop() {
		c, err := a.check(path, checkOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if c.errors() != 0 {
			b.Fatalf("%d error findings", c.errors())
		}
	}
}

// BenchmarkGenerateLarge measures generate of a 100,000-item case (the
// target is under 60 s on two cores).
func BenchmarkGenerateLarge(b *testing.B) {
	a, path := largeCase(b, 100_000)
	o := &generateOptions{layout: "parallel"}
	for b.Loop() {
		c, err := a.check(path, checkOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.render(c, 0, o); err != nil {
			b.Fatal(err)
		}
	}
}
