package bundle

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	files := withManifest(t, File{"a.txt", []byte("one")}, File{"b.txt", []byte("two")})
	var refused *RefusedError
	tests := []struct {
		name    string
		prepare func(dir string)
		force   bool
		wantErr any    // an error for errors.Is, or a pointer for errors.As
		want    string // content of a.txt afterwards
	}{
		{"new folder", func(string) {}, false, nil, "one"},
		{"empty folder is reused", func(d string) { os.Mkdir(d, 0o755) }, false, nil, "one"},
		{"existing bundle kept", func(d string) { writeOld(t, d, "old") }, false, ErrExists, "old"},
		{"existing bundle replaced with force", func(d string) { writeOld(t, d, "old") }, true, nil, "one"},
		{"a file in the way", func(d string) { os.WriteFile(d, []byte("x"), 0o600) }, true, &refused, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			tt.prepare(dir)
			err := Write(dir, files, tt.force)
			if target, ok := tt.wantErr.(**RefusedError); ok {
				if !errors.As(err, target) {
					t.Fatalf("Write error = %v, want a RefusedError", err)
				}
			} else if want, _ := tt.wantErr.(error); !errors.Is(err, want) {
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

// deadPID returns the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("leftovers are not removed where processes cannot be asked")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestWriteRemovesLeftoversOfEndedRuns(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	dead, alive := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getpid())
	leftovers := map[string]bool{ // name -> removed
		".out.mla-tmp-" + dead + "-123":   true,
		".out.mla-tmp-" + alive + "-789":  false, // may be a run in progress
		".other.mla-tmp-" + dead + "-123": false, // another target
		".out.mla-tmp-x-1":                false, // not ours
		"out.mla-tmp-" + dead + "-1":      false,
	}
	for name := range leftovers {
		must(t, os.MkdirAll(filepath.Join(parent, name), 0o700))
		must(t, os.WriteFile(filepath.Join(parent, name, "request.pdf"), []byte("partial"), 0o600))
	}
	// An old bundle moved aside by a run killed before it removed it, and
	// an empty folder likewise, are removed; a folder named so that holds
	// a file of the user's is not.
	writeOld(t, filepath.Join(parent, ".out.mla-old-"+dead+"-456"), "old")
	must(t, os.Mkdir(filepath.Join(parent, ".out.mla-old-"+dead+"-457"), 0o700))
	writeOld(t, filepath.Join(parent, ".out.mla-old-"+dead+"-458"), "old")
	must(t, os.WriteFile(filepath.Join(parent, ".out.mla-old-"+dead+"-458", "mine.txt"), []byte("mine"), 0o600))
	leftovers[".out.mla-old-"+dead+"-456"] = true
	leftovers[".out.mla-old-"+dead+"-457"] = true
	leftovers[".out.mla-old-"+dead+"-458"] = false
	// Named like a leftover of an ended run, but mla never makes a
	// subfolder or a link in one: not mla's, kept whole.
	foreign := map[string]func(string){
		".out.mla-tmp-" + dead + "-sub":  func(d string) { must(t, os.MkdirAll(filepath.Join(d, "sub"), 0o700)) },
		".out.mla-old-" + dead + "-link": func(d string) { must(t, os.Symlink(filepath.Join(parent, "keep"), filepath.Join(d, "l"))) },
	}
	must(t, os.WriteFile(filepath.Join(parent, "keep"), []byte("keep"), 0o600))
	for name, make := range foreign {
		d := filepath.Join(parent, name)
		must(t, os.Mkdir(d, 0o700))
		must(t, os.WriteFile(filepath.Join(d, "mine.txt"), []byte("mine"), 0o600))
		make(d)
		leftovers[name] = false
	}
	must(t, Write(dir, withManifest(t, File{"a.txt", []byte("one")}), false))
	for name, removed := range leftovers {
		_, err := os.Stat(filepath.Join(parent, name))
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed %v, want %v", name, gone, removed)
		}
	}
	for name := range foreign {
		if b, err := os.ReadFile(filepath.Join(parent, name, "mine.txt")); string(b) != "mine" {
			t.Errorf("%s/mine.txt: %q, %v", name, b, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(parent, "keep")); string(b) != "keep" {
		t.Errorf("keep: %q, %v", b, err)
	}
}

func TestWriteRefusesTheRoot(t *testing.T) {
	if err := Write(string(filepath.Separator), nil, true); err == nil {
		t.Error("Write to the root folder succeeded")
	}
}
