package bundle

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	files := []File{{"a.txt", []byte("one")}, {"b.txt", []byte("two")}}
	tests := []struct {
		name    string
		prepare func(dir string)
		force   bool
		wantErr error
		want    string // content of a.txt afterwards
	}{
		{"new folder", func(string) {}, false, nil, "one"},
		{"empty folder is reused", func(d string) { os.Mkdir(d, 0o755) }, false, nil, "one"},
		{"existing bundle kept", func(d string) { os.Mkdir(d, 0o755); os.WriteFile(filepath.Join(d, "a.txt"), []byte("old"), 0o600) }, false, ErrExists, "old"},
		{"existing bundle replaced with force", func(d string) { os.Mkdir(d, 0o755); os.WriteFile(filepath.Join(d, "a.txt"), []byte("old"), 0o600) }, true, nil, "one"},
		{"a file in the way", func(d string) { os.WriteFile(d, []byte("x"), 0o600) }, false, ErrExists, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			tt.prepare(dir)
			err := Write(dir, files, tt.force)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Write error = %v, want %v", err, tt.wantErr)
			}
			if tt.want != "" {
				got, err := os.ReadFile(filepath.Join(dir, "a.txt"))
				if err != nil || string(got) != tt.want {
					t.Errorf("a.txt = %q, %v; want %q", got, err, tt.want)
				}
			}
			entries, _ := os.ReadDir(parent)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("temporary folder left behind: %s", e.Name())
				}
			}
			if err == nil {
				fi, _ := os.Stat(dir)
				if fi.Mode().Perm() != 0o700 {
					t.Errorf("folder mode = %v, want 0700", fi.Mode().Perm())
				}
				fi, _ = os.Stat(filepath.Join(dir, "b.txt"))
				if fi.Mode().Perm() != 0o600 {
					t.Errorf("file mode = %v, want 0600", fi.Mode().Perm())
				}
			}
		})
	}
}

func TestWriteRejectsPathsOutsideTheBundle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	for _, name := range []string{"../x", "a/b", ".."} {
		if err := Write(dir, []File{{name, nil}}, false); err == nil {
			t.Errorf("Write accepted file name %q", name)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a failed Write left %s behind", dir)
	}
}

func TestManifest(t *testing.T) {
	m := NewManifest("1.0.0", "US", "R1", false, Hash("case.json", []byte("{}")),
		[]File{{"z.pdf", []byte("z")}, {"a.xlsx", []byte("a")}})
	if m.Files[0].Name != "a.xlsx" || m.Files[1].Name != "z.pdf" {
		t.Errorf("files not sorted: %+v", m.Files)
	}
	// SHA-256 of "a", computed independently.
	if m.Files[0].SHA256 != "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" {
		t.Errorf("sha256 of a = %s", m.Files[0].SHA256)
	}
	if string(m.Encode()) != string(NewManifest("1.0.0", "US", "R1", false, Hash("case.json", []byte("{}")),
		[]File{{"a.xlsx", []byte("a")}, {"z.pdf", []byte("z")}}).Encode()) {
		t.Error("manifest depends on the order files are given")
	}
}
