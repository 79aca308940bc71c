// Package bundle writes a request bundle to its output folder: every file
// is first written into a temporary folder beside the target, with
// owner-only permissions, and the folder is renamed into place at the end,
// so an interrupted run leaves no half bundle and an existing bundle is
// replaced only when the caller says so.
package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// ManifestName is the manifest's file name inside a bundle.
const ManifestName = "manifest.json"

// ManifestFormat versions the manifest's shape.
const ManifestFormat = "mla-manifest/1"

// File is one output file.
type File struct {
	Name string
	Data []byte
}

// Entry is a file recorded in the manifest.
type Entry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest records what a bundle holds. It has no timestamp: the same
// inputs give the same manifest.
type Manifest struct {
	Format     string  `json:"format"`
	MLAVersion string  `json:"mla_version"`
	State      string  `json:"state"`
	Reference  string  `json:"reference"`
	Draft      bool    `json:"draft"`
	Case       Entry   `json:"case"`
	Files      []Entry `json:"files"`
}

// Hash returns the entry of a file's bytes.
func Hash(name string, data []byte) Entry {
	sum := sha256.Sum256(data)
	return Entry{Name: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
}

// NewManifest records files (sorted by name) and the case file.
func NewManifest(version, state, reference string, draft bool, caseEntry Entry, files []File) Manifest {
	m := Manifest{Format: ManifestFormat, MLAVersion: version, State: state, Reference: reference, Draft: draft, Case: caseEntry}
	for _, f := range files {
		m.Files = append(m.Files, Hash(f.Name, f.Data))
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Name < m.Files[j].Name })
	return m
}

// Encode returns the manifest as indented JSON with a final newline.
func (m Manifest) Encode() []byte {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // a Manifest always marshals
	}
	return append(b, '\n')
}

// ErrExists is returned when the output folder exists, is not empty, and
// overwriting was not allowed.
var ErrExists = errors.New("output exists")

// Write writes files into dir. When dir exists and is not empty it is
// replaced only if force is set; otherwise Write returns ErrExists and
// changes nothing.
func Write(dir string, files []File, force bool) error {
	dir = filepath.Clean(dir)
	exists, err := nonEmpty(dir)
	if err != nil {
		return err
	}
	if exists && !force {
		return fmt.Errorf("%w: %s", ErrExists, dir)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o700); err != nil {
		return err
	}
	for _, f := range files {
		if filepath.Base(f.Name) != f.Name || f.Name == "." || f.Name == ".." {
			return fmt.Errorf("bundle: bad file name %q", f.Name)
		}
		if err := writeFile(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return err
		}
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	var old string
	if _, err := os.Lstat(dir); err == nil {
		// Move the old bundle (or empty folder) aside first, so that a
		// failure between the two renames leaves one of them whole.
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return err
	}
	ok = true
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return err
		}
	}
	return syncDir(parent)
}

func nonEmpty(dir string) (bool, error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return true, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	return len(entries) > 0, nil
}

func writeFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some file systems cannot sync a directory; the rename is still atomic.
	_ = d.Sync()
	return nil
}
