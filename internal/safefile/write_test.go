package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// onlyEntries fails unless dir holds exactly names: no temporary file is
// left behind.
func onlyEntries(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %v, want %v", got, names)
	}
	for i := range got {
		if got[i] != names[i] {
			t.Fatalf("folder holds %v, want %v", got, names)
		}
	}
}

func holdsText(t *testing.T, p, want string) {
	t.Helper()
	if b, err := os.ReadFile(p); err != nil || string(b) != want {
		t.Errorf("%s holds %q (%v), want %q", filepath.Base(p), b, err, want)
	}
}

func permOf(t *testing.T, p string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestWriteCreatesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "case.json")
	if err := Write(p, []byte("one"), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	holdsText(t, p, "one")
	if runtime.GOOS != "windows" && permOf(t, p) != 0o600 {
		t.Errorf("new file: mode %v, want 0600", permOf(t, p))
	}
	must(t, os.Chmod(p, 0o644))
	if err := Write(p, []byte("two"), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	holdsText(t, p, "two")
	if runtime.GOOS != "windows" && permOf(t, p) != 0o600 {
		t.Errorf("replaced without KeepMode: mode %v, want 0600", permOf(t, p))
	}
	onlyEntries(t, dir, "case.json")
}

func TestWriteKeepMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits to keep")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "fr.toml")
	must(t, os.WriteFile(p, []byte("old"), 0o640))
	if err := Write(p, []byte("new"), WriteOptions{Perm: 0o600, KeepMode: true}); err != nil {
		t.Fatal(err)
	}
	holdsText(t, p, "new")
	if got := permOf(t, p); got != 0o640 {
		t.Errorf("mode %v, want 0640 kept", got)
	}
	// A new file takes Perm.
	q := filepath.Join(dir, "en.toml")
	if err := Write(q, []byte("x"), WriteOptions{Perm: 0o644, KeepMode: true}); err != nil {
		t.Fatal(err)
	}
	if got := permOf(t, q); got != 0o644 {
		t.Errorf("new file: mode %v, want 0644", got)
	}
	onlyEntries(t, dir, "en.toml", "fr.toml")
}

func TestWriteFollowsALink(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "case.json")
	must(t, os.WriteFile(p, []byte("old"), 0o600))
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("case.json", link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := Write(link, []byte("new"), WriteOptions{Unchanged: FingerprintOf([]byte("old"))}); err != nil {
		t.Fatal(err)
	}
	holdsText(t, p, "new")
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	onlyEntries(t, dir, "case.json", "link.json")
}

func TestWriteRefusesAChangedFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "case.json")
	must(t, os.WriteFile(p, []byte("as read"), 0o600))
	read := FingerprintOf([]byte("as read"))
	for _, edit := range []string{"as reaD", "as read, and more", ""} {
		must(t, os.WriteFile(p, []byte(edit), 0o600))
		if err := Write(p, []byte("ours"), WriteOptions{Unchanged: read}); !errors.Is(err, ErrChanged) {
			t.Errorf("file changed to %q: %v, want ErrChanged", edit, err)
		}
		holdsText(t, p, edit)
	}
	must(t, os.Remove(p))
	if err := Write(p, []byte("ours"), WriteOptions{Unchanged: read}); !errors.Is(err, ErrChanged) {
		t.Errorf("file removed: %v, want ErrChanged", err)
	}
	if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a removed file was written again")
	}
	must(t, os.WriteFile(p, []byte("as read"), 0o600))
	if err := Write(p, []byte("ours"), WriteOptions{Unchanged: read}); err != nil {
		t.Fatalf("unchanged file: %v", err)
	}
	holdsText(t, p, "ours")
	onlyEntries(t, dir, "case.json")
}

func TestWriteRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "folder")
	must(t, os.Mkdir(sub, 0o700))
	if err := Write(sub, []byte("x"), WriteOptions{}); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a folder: %v, want ErrNotRegular", err)
	}
	if fi, err := os.Stat(sub); err != nil || !fi.IsDir() {
		t.Error("the folder is gone")
	}
	onlyEntries(t, dir, "folder")
}

func TestWriteNewNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mla.key")
	if err := Write(p, []byte("ours"), WriteOptions{New: true}); err != nil {
		t.Fatal(err)
	}
	holdsText(t, p, "ours")
	if runtime.GOOS != "windows" && permOf(t, p) != 0o600 {
		t.Errorf("mode %v, want 0600", permOf(t, p))
	}
	if err := Write(p, []byte("again"), WriteOptions{New: true}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("existing file: %v, want fs.ErrExist", err)
	}
	holdsText(t, p, "ours")
	// Not even a broken link is replaced, nor its target created.
	link := filepath.Join(dir, "link")
	if err := os.Symlink("nowhere", link); err == nil {
		if err := Write(link, []byte("x"), WriteOptions{New: true}); !errors.Is(err, fs.ErrExist) {
			t.Errorf("broken link: %v, want fs.ErrExist", err)
		}
		onlyEntries(t, dir, "link", "mla.key")
	}
}
