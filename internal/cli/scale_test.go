package cli

import (
	mla "github.com/mla-dev/mla"
	"runtime"
	"testing"
)

// TestValidateScalesLinearly: validating a case four times larger
// allocates at most about four times as much memory (measured as bytes
// allocated, not time), so that no rule or parse step grows with the
// square of the number of evidence items, and a large case stays within
// a bounded number of bytes per item.
func TestValidateScalesLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cases of thousands of items")
	}
	a := benchAppT(t)
	allocated := func(n int) uint64 {
		path := scaledCase(t, t.TempDir(), n)
		if _, err := a.check(path, checkOptions{}); err != nil { // load the schemas and the catalogue first
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c, err := a.check(path, checkOptions{})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if c.errors() != 0 {
			t.Fatalf("%d items: %d error findings", n, c.errors())
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocated(2000), allocated(8000)
	if ratio := float64(large) / float64(small); ratio > 5 {
		t.Errorf("validate allocates %d bytes for 2,000 items and %d for 8,000: %.1f times as much for 4 times the items", small, large, ratio)
	}
	// About 19 KB per item today, for a case file of about 0.4 KB per item.
	if per := large / 8000; per > 64<<10 {
		t.Errorf("validate allocates %d bytes per evidence item, want at most 64 KiB", per)
	}
}

func benchAppT(t *testing.T) *app {
	t.Helper()
	a := &app{env: Env{Assets: mla.Assets(), Getenv: func(string) string { return "" }}, lang: "en"}
	if err := a.load(); err != nil {
		t.Fatal(err)
	}
	return a
}
