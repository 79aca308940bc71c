package bundle

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// withManifest returns files and, last, the manifest that lists them.
func withManifest(t *testing.T, files ...File) []File {
	t.Helper()
	m := sampleManifest(t)
	m, err := NewManifest(m, files)
	must(t, err)
	return append(files, File{ManifestName, m.Encode()})
}

// writeOld writes a bundle that mla could have written into dir: a.txt
// holding text, and its manifest.
func writeOld(t *testing.T, dir, text string) {
	t.Helper()
	must(t, os.MkdirAll(dir, 0o700))
	for _, f := range withManifest(t, File{"a.txt", []byte(text)}) {
		must(t, os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o600))
	}
}

// snapshot records every entry under root: its kind and content (a
// file's bytes, a link's target).
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			out[rel] = "link:" + target
			return err
		case d.IsDir():
			out[rel] = "dir"
		default:
			data, err := os.ReadFile(p)
			out[rel] = "file:" + string(data)
			return err
		}
		return nil
	})
	must(t, err)
	return out
}

// sameTree fails the test unless root holds exactly what before recorded:
// nothing lost, nothing changed, nothing added (no leftover).
func sameTree(t *testing.T, root string, before map[string]string) {
	t.Helper()
	after := snapshot(t, root)
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s: %.40q, was %.40q", p, after[p], v)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		if runtime.GOOS == "windows" {
			t.Skip("symbolic links need a privilege here:", err)
		}
		t.Fatal(err)
	}
}

// TestWriteRefuses: what --force must never replace. Each case prepares a
// folder of the user's files, writes with Force, and checks that the
// refusal says why and that every file is still there, byte for byte.
func TestWriteRefuses(t *testing.T) {
	files := withManifest(t, File{"a.txt", []byte("new")}, File{"b.txt", []byte("new")})
	tests := []struct {
		name string
		// prepare fills root and returns the target and the inputs.
		prepare func(t *testing.T, root string) (string, []string)
		want    Refusal
		what    string // RefusedError.Name, when it says
	}{
		{"the current folder", func(t *testing.T, root string) (string, []string) {
			writeOld(t, root, "old") // even a bundle
			t.Chdir(root)
			return ".", nil
		}, RefuseWorkingDir, ""},
		{"the folder above the current one", func(t *testing.T, root string) (string, []string) {
			must(t, os.WriteFile(filepath.Join(root, "case.json"), []byte("{}"), 0o600))
			must(t, os.Mkdir(filepath.Join(root, "sub"), 0o700))
			t.Chdir(filepath.Join(root, "sub"))
			return "..", nil
		}, RefuseWorkingDir, ""},
		{"the current folder, spelt another way", func(t *testing.T, root string) (string, []string) {
			must(t, os.Mkdir(filepath.Join(root, "work"), 0o700))
			must(t, os.WriteFile(filepath.Join(root, "work", "case.json"), []byte("{}"), 0o600))
			t.Chdir(filepath.Join(root, "work"))
			return filepath.Join(root, "work", "..", "work"), nil
		}, RefuseWorkingDir, ""},
		{"a file", func(t *testing.T, root string) (string, []string) {
			p := filepath.Join(root, "case.json")
			must(t, os.WriteFile(p, []byte("{}"), 0o600))
			return p, []string{p}
		}, RefuseNotFolder, ""},
		{"a link to a bundle", func(t *testing.T, root string) (string, []string) {
			writeOld(t, filepath.Join(root, "real"), "old")
			symlink(t, "real", filepath.Join(root, "out"))
			return filepath.Join(root, "out"), nil
		}, RefuseNotFolder, ""},
		{"a link to nowhere", func(t *testing.T, root string) (string, []string) {
			symlink(t, "missing", filepath.Join(root, "out"))
			return filepath.Join(root, "out"), nil
		}, RefuseNotFolder, ""},
		{"the folder of the case file", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "cases")
			writeOld(t, out, "old")
			must(t, os.WriteFile(filepath.Join(out, "case.json"), []byte("{}"), 0o600))
			return out, []string{filepath.Join(out, "case.json")}
		}, RefuseHoldsInput, ""},
		{"a folder above an evidence file", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "out")
			must(t, os.MkdirAll(filepath.Join(out, "scans"), 0o700))
			must(t, os.WriteFile(filepath.Join(out, "scans", "E1.pdf"), []byte("%PDF"), 0o600))
			return out, []string{filepath.Join(out, "scans", "E1.pdf")}
		}, RefuseHoldsInput, ""},
		{"the assets folder", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "assets")
			must(t, os.MkdirAll(filepath.Join(out, "locales"), 0o700))
			return out, []string{out}
		}, RefuseHoldsInput, ""},
		{"an input named through a link", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "out")
			writeOld(t, out, "old")
			must(t, os.WriteFile(filepath.Join(out, "case.json"), []byte("{}"), 0o600))
			symlink(t, "out", filepath.Join(root, "cases"))
			return out, []string{filepath.Join(root, "cases", "case.json")}
		}, RefuseHoldsInput, ""},
		{"an empty folder that holds an input", func(t *testing.T, root string) (string, []string) {
			// Empty folders are reused without --force; one that is an
			// input (an empty assets folder) is not.
			out := filepath.Join(root, "assets")
			must(t, os.Mkdir(out, 0o700))
			return out, []string{out}
		}, RefuseHoldsInput, ""},
		{"a folder of the user's", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "out")
			must(t, os.Mkdir(out, 0o700))
			must(t, os.WriteFile(filepath.Join(out, "a.txt"), []byte("mine"), 0o600))
			return out, nil
		}, RefuseNotOutput, ManifestName},
		{"a manifest that is not mla's", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "out")
			must(t, os.Mkdir(out, 0o700))
			must(t, os.WriteFile(filepath.Join(out, ManifestName), []byte(`{"name": "my-app"}`), 0o600))
			return out, nil
		}, RefuseNotOutput, ManifestName},
		{"a bundle and a file of the user's", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "out")
			writeOld(t, out, "old")
			must(t, os.WriteFile(filepath.Join(out, "notes.docx"), []byte("mine"), 0o600))
			return out, nil
		}, RefuseForeign, "notes.docx"},
		{"a bundle and a folder of the user's", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "out")
			writeOld(t, out, "old")
			must(t, os.MkdirAll(filepath.Join(out, "scans"), 0o700))
			must(t, os.WriteFile(filepath.Join(out, "scans", "E1.pdf"), []byte("%PDF"), 0o600))
			return out, nil
		}, RefuseForeign, "scans"},
		{"a bundle whose file is a link", func(t *testing.T, root string) (string, []string) {
			// The link has the name and leads to the bytes the manifest
			// lists; it is still not a file mla wrote.
			out := filepath.Join(root, "out")
			writeOld(t, out, "old")
			must(t, os.WriteFile(filepath.Join(root, "precious.txt"), []byte("old"), 0o600))
			must(t, os.Remove(filepath.Join(out, "a.txt")))
			symlink(t, filepath.Join("..", "precious.txt"), filepath.Join(out, "a.txt"))
			return out, nil
		}, RefuseForeign, "a.txt"},
		{"a bundle whose file was edited", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "out")
			writeOld(t, out, "old")
			must(t, os.WriteFile(filepath.Join(out, "a.txt"), []byte("signed"), 0o600))
			return out, nil
		}, RefuseChanged, "a.txt"},
		{"a manifest edited to list the user's file", func(t *testing.T, root string) (string, []string) {
			out := filepath.Join(root, "out")
			writeOld(t, out, "old")
			must(t, os.WriteFile(filepath.Join(out, "notes.docx"), []byte("mine"), 0o600))
			data, err := os.ReadFile(filepath.Join(out, ManifestName))
			must(t, err)
			data = []byte(strings.Replace(string(data), `"name": "a.txt"`, `"name": "notes.docx"`, 1))
			must(t, os.WriteFile(filepath.Join(out, ManifestName), data, 0o600))
			return out, nil
		}, RefuseChanged, ManifestName},
		{"a manifest written afresh to list the user's file", func(t *testing.T, root string) (string, []string) {
			// The checksum matches (anyone can compute it), but mla
			// writes no notes.docx.
			out := filepath.Join(root, "out")
			must(t, os.Mkdir(out, 0o700))
			must(t, os.WriteFile(filepath.Join(out, "notes.docx"), []byte("mine"), 0o600))
			for _, f := range withManifest(t, File{"notes.docx", []byte("mine")}) {
				must(t, os.WriteFile(filepath.Join(out, f.Name), f.Data, 0o600))
			}
			return out, nil
		}, RefuseForeign, "notes.docx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			target, inputs := tt.prepare(t, root)
			before := snapshot(t, root)
			for _, force := range []bool{false, true} {
				err := WriteWith(target, files, Options{Force: force, Inputs: inputs})
				var re *RefusedError
				if !errors.As(err, &re) || re.Reason != tt.want || tt.what != "" && re.Name != tt.what {
					t.Errorf("WriteWith(%s, force %v) = %v, want refusal %s %s", target, force, err, tt.want, tt.what)
				}
				if re != nil && re.Dir != target {
					t.Errorf("the refusal names %s, not %s", re.Dir, target)
				}
				if err := CheckTarget(target, Options{Force: force, Inputs: inputs, Names: []string{"a.txt", "b.txt"}}); !errors.As(err, &re) || re.Reason != tt.want {
					t.Errorf("CheckTarget(%s, force %v) = %v, want refusal %s", target, force, err, tt.want)
				}
			}
			sameTree(t, root, before)
		})
	}
}

// TestWriteReplacesItsOwnBundle: what --force does replace, and that the
// old files are gone, with nothing left beside.
func TestWriteReplacesItsOwnBundle(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	writeOld(t, out, "old")
	// What the system's file browser leaves does not make it the user's.
	must(t, os.WriteFile(filepath.Join(out, ".DS_Store"), []byte("Bud1"), 0o600))
	must(t, os.WriteFile(filepath.Join(root, "case.json"), []byte("{}"), 0o600))
	files := withManifest(t, File{"b.txt", []byte("new")})
	// Without Names, only the files written this time may be replaced.
	err := WriteWith(out, files, Options{Force: true})
	var re *RefusedError
	if !errors.As(err, &re) || re.Reason != RefuseForeign || re.Name != "a.txt" {
		t.Errorf("WriteWith, a.txt not written now: %v", err)
	}
	must(t, WriteWith(out, files, Options{Force: true, Inputs: []string{filepath.Join(root, "case.json")}, Names: []string{"a.txt", "b.txt"}}))
	got := snapshot(t, root)
	want := map[string]string{".": "dir", "case.json": "file:{}", "out": "dir", "out/b.txt": "file:new", "out/manifest.json": "file:" + string(files[1].Data)}
	if len(got) != len(want) {
		t.Errorf("after: %v", got)
	}
	for p, v := range want {
		if got[filepath.FromSlash(p)] != v {
			t.Errorf("%s: %.40q, want %.40q", p, got[p], v)
		}
	}
}

func TestWriteRefusesADevice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/null")
	}
	err := WriteWith("/dev/null", withManifest(t), Options{Force: true})
	var re *RefusedError
	if !errors.As(err, &re) || re.Reason != RefuseNotFolder {
		t.Errorf("WriteWith(/dev/null) = %v", err)
	}
	if fi, err := os.Lstat("/dev/null"); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("/dev/null: %v %v", fi, err)
	}
}

// TestWriteError: a folder that cannot be created is a WriteError that
// carries the system's reason, and nothing is left behind.
func TestWriteError(t *testing.T) {
	root := t.TempDir()
	must(t, os.WriteFile(filepath.Join(root, "case.json"), []byte("{}"), 0o600))
	tests := []struct {
		dir  string
		want error
	}{
		{filepath.Join(root, "case.json", "out"), syscall.ENOTDIR},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests, struct {
			dir  string
			want error
		}{"/proc/mla-out", fs.ErrNotExist})
	}
	for _, tt := range tests {
		before := snapshot(t, root)
		err := WriteWith(tt.dir, withManifest(t), Options{})
		var we *WriteError
		if !errors.As(err, &we) || !errors.Is(err, tt.want) || we.Dir != tt.dir {
			t.Errorf("WriteWith(%s) = %v, want a WriteError for %v", tt.dir, err, tt.want)
		}
		sameTree(t, root, before)
	}
}

// TestWriteKeepsAFileAddedWhileReplacing: a file saved into the old
// bundle after it was checked (while it is moved aside) is not removed with
// it: the old folder stays, hidden, with the file. The old folder is made
// here as WriteWith moves it aside, and removeOld called on it as WriteWith
// calls it once the new bundle is in place.
func TestWriteKeepsAFileAddedWhileReplacing(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	files := withManifest(t, File{"a.txt", []byte("new")})
	owned := ownedOf(files, Options{})
	old := filepath.Join(parent, ".out.mla-old-"+strconv.Itoa(os.Getpid())+"-1")

	// Unchanged, the old bundle is removed.
	writeOld(t, old, "old")
	removeOld(old, owned)
	if _, err := os.Lstat(old); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the old bundle moved aside was not removed: %v", err)
	}

	writeOld(t, old, "old")
	must(t, os.WriteFile(filepath.Join(old, "late.docx"), []byte("mine"), 0o600))
	removeOld(old, owned)
	if b, err := os.ReadFile(filepath.Join(old, "late.docx")); string(b) != "mine" {
		t.Fatalf("the file saved while replacing is gone: %q, %v", b, err)
	}
	// A later run leaves it too, once the process that moved it has
	// ended: it is not mla's output any more.
	ended := filepath.Join(parent, ".out.mla-old-"+strconv.Itoa(deadPID(t))+"-1")
	must(t, os.Rename(old, ended))
	must(t, WriteWith(out, files, Options{Force: true}))
	if b, err := os.ReadFile(filepath.Join(ended, "late.docx")); string(b) != "mine" {
		t.Errorf("a later run removed it: %q, %v", b, err)
	}
}
