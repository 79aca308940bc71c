package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"testing"
	"time"
)

var when = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// TestArchivesAreReproducible: the same files in another order give the
// same bytes; the entries are sorted, stamped with the release time, and
// a Chinese file name survives.
func TestArchivesAreReproducible(t *testing.T) {
	a := []entry{{"mla-0/README.md", []byte("r"), 0o644}, {"mla-0/docs/快速上手.md", []byte("快"), 0o644}, {"mla-0/mla", []byte("bin"), 0o755}}
	b := []entry{a[2], a[0], a[1]}
	for name, f := range map[string]func([]entry, time.Time) ([]byte, error){"zip": zipArchive, "tar": tarArchive} {
		x, err := f(a, when)
		if err != nil {
			t.Fatal(err)
		}
		y, _ := f(b, when)
		if !bytes.Equal(x, y) {
			t.Errorf("%s: the order of the files changes the archive", name)
		}
		z, _ := f(a, when.Add(time.Second))
		if bytes.Equal(x, z) {
			t.Errorf("%s: the release time does not reach the archive", name)
		}
	}
	zdata, _ := zipArchive(b, when)
	zr, err := zip.NewReader(bytes.NewReader(zdata), int64(len(zdata)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(when) {
			t.Errorf("%s stamped %v", f.Name, f.Modified)
		}
	}
	if want := "mla-0/README.md mla-0/docs/快速上手.md mla-0/mla"; join(names) != want {
		t.Errorf("zip holds %q, want %q", join(names), want)
	}
	tdata, _ := tarArchive(b, when)
	gz, err := gzip.NewReader(bytes.NewReader(tdata))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name == "mla-0/mla" && h.Mode != 0o755 || h.Uname != "" || !h.ModTime.Equal(when) {
			t.Errorf("%s: mode %o, owner %q, time %v", h.Name, h.Mode, h.Uname, h.ModTime)
		}
	}
}

func join(ss []string) string {
	var b bytes.Buffer
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}
