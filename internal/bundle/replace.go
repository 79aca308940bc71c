package bundle

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Refusal says why WriteWith will not write to, or replace, its target.
type Refusal string

// Reasons a target is refused. Each keeps the user's files: mla replaces
// only a folder it can recognise as its own output, unchanged.
const (
	// RefuseWorkingDir: the target is the folder mla runs in, or a folder
	// above it (the root folder included).
	RefuseWorkingDir Refusal = "working_dir"
	// RefuseNotFolder: something other than a folder is at the target: a
	// file, a symbolic link (even to a folder), a device, a pipe.
	RefuseNotFolder Refusal = "not_folder"
	// RefuseHoldsInput: the target is, or holds, a file or folder that
	// the run reads (the case file, an evidence file, the assets folder).
	RefuseHoldsInput Refusal = "holds_input"
	// RefuseNotOutput: the target is not an output of mla: it has no
	// manifest.json (or, for a review, no report.json) that mla wrote.
	RefuseNotOutput Refusal = "not_output"
	// RefuseForeign: the target holds an entry that its manifest does not
	// list, or that is not a regular file (a folder, a symbolic link).
	RefuseForeign Refusal = "foreign"
	// RefuseChanged: a file the manifest lists differs from what mla
	// wrote (it was edited, or the manifest was).
	RefuseChanged Refusal = "changed"
)

// RefusedError is returned when WriteWith leaves its target alone because
// writing there could lose a file mla did not write. Nothing was written.
type RefusedError struct {
	Dir    string
	Reason Refusal
	// Name is the entry of the target, or the input, concerned; empty for
	// RefuseWorkingDir and RefuseNotFolder.
	Name string
}

func (e *RefusedError) Error() string {
	what := map[Refusal]string{
		RefuseWorkingDir: "is the current folder or a folder above it",
		RefuseNotFolder:  "is not a folder",
		RefuseHoldsInput: "holds an input",
		RefuseNotOutput:  "is not an output of mla",
		RefuseForeign:    "holds an entry that is not part of the output",
		RefuseChanged:    "holds a file changed since mla wrote it",
	}[e.Reason]
	if e.Name != "" {
		return fmt.Sprintf("bundle: %s %s: %s", e.Dir, what, e.Name)
	}
	return fmt.Sprintf("bundle: %s %s", e.Dir, what)
}

// WriteError is a failure of the file system while writing the output:
// the folder or one above it cannot be created, or written (permissions, a
// read-only or full disk, a file where a folder should be). Err is the
// operating system's error.
type WriteError struct {
	Dir string
	Err error
}

func (e *WriteError) Error() string { return fmt.Sprintf("bundle: writing %s: %v", e.Dir, e.Err) }
func (e *WriteError) Unwrap() error { return e.Err }

// OwnedBundle returns the default Options.Owned for a run that writes
// files named names: dir is a bundle mla wrote when it holds
// manifest.json, a manifest whose checksum matches, and besides it only
// files that the manifest lists and that are among names, each a regular
// file whose size and SHA-256 are the ones recorded (and a SystemFile).
// A folder holding anything else, or a file changed since (a worksheet filled in, a PDF
// signed), is refused. The checksum is no signature: anyone can write a
// manifest that lists their own files, which is why only the names mla
// writes are replaced.
func OwnedBundle(names []string) func(dir string) error {
	return func(dir string) error { return ownedBundle(dir, names) }
}

func ownedBundle(dir string, names []string) error {
	data, err := readRegular(filepath.Join(dir, ManifestName))
	if err != nil {
		return &RefusedError{Dir: dir, Reason: RefuseNotOutput, Name: ManifestName}
	}
	m, err := DecodeManifest(data)
	switch {
	case m == nil:
		return &RefusedError{Dir: dir, Reason: RefuseNotOutput, Name: ManifestName}
	case errors.Is(err, ErrSeal):
		return &RefusedError{Dir: dir, Reason: RefuseChanged, Name: ManifestName}
	}
	listed := map[string]Entry{}
	for _, f := range m.Files {
		listed[f.Name] = f
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return &WriteError{Dir: dir, Err: err}
	}
	for _, e := range entries {
		if e.Name() == ManifestName || SystemFile(e) {
			continue
		}
		if e.Name() == SignatureName && slices.Contains(names, SignatureName) && e.Type().IsRegular() {
			continue // the manifest's signature (mla sign): not listed in it
		}
		want, ok := listed[e.Name()]
		if !ok || !slices.Contains(names, e.Name()) || !e.Type().IsRegular() {
			return &RefusedError{Dir: dir, Reason: RefuseForeign, Name: e.Name()}
		}
		if !sameContent(filepath.Join(dir, e.Name()), want) {
			return &RefusedError{Dir: dir, Reason: RefuseChanged, Name: e.Name()}
		}
	}
	return nil
}

// SystemFile reports whether e is a file that the system's file browser
// leaves in any folder it shows (.DS_Store on macOS, Thumbs.db on
// Windows): it holds nothing of the user's, and does not stop an output
// from being recognised as mla's.
func SystemFile(e fs.DirEntry) bool {
	return e.Type().IsRegular() && (e.Name() == ".DS_Store" || e.Name() == "Thumbs.db")
}

// sameContent reports whether the regular file at name has the size and
// SHA-256 of want. A symbolic link is never followed, and the file is
// opened as verify opens one (checkFile): without blocking, so that a file
// swapped for a pipe cannot hang the run.
func sameContent(name string, want Entry) bool {
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != want.Size {
		return false
	}
	return checkFile(Check{Expected: want.SHA256}, name, false).Status == StatusOK
}

// checkTarget decides whether the existing entry at abs (dir as the user
// wrote it) may be replaced; see WriteWith. It returns whether there is
// something there.
func checkTarget(dir, abs string, files []File, o Options) (bool, error) {
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, &WriteError{Dir: dir, Err: err}
	}
	if !fi.IsDir() {
		return true, &RefusedError{Dir: dir, Reason: RefuseNotFolder}
	}
	if holds(fi, workingDirs()...) != "" {
		return true, &RefusedError{Dir: dir, Reason: RefuseWorkingDir}
	}
	if in := holds(fi, o.Inputs...); in != "" {
		return true, &RefusedError{Dir: dir, Reason: RefuseHoldsInput, Name: in}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return true, &WriteError{Dir: dir, Err: err}
	}
	if len(entries) == 0 {
		return true, nil
	}
	// Without Force too, so that the error says whether Force would do.
	if err := ownedOf(files, o)(abs); err != nil {
		var re *RefusedError
		if errors.As(err, &re) {
			re.Dir = dir
		}
		return true, err
	}
	if !o.Force {
		return true, fmt.Errorf("%w: %s", ErrExists, dir)
	}
	return true, nil
}

// ownedOf returns o.Owned, or by default OwnedBundle of o.Names or of the
// names of files.
func ownedOf(files []File, o Options) func(string) error {
	if o.Owned != nil {
		return o.Owned
	}
	names := o.Names
	if names == nil {
		for _, f := range files {
			names = append(names, f.Name)
		}
	}
	return OwnedBundle(names)
}

// removeOld removes an old output that was moved aside: an empty folder,
// or one that owned still recognises. Should anything else have come into
// it since it was checked, it is kept whole, hidden, and never removed.
func removeOld(dir string, owned func(string) error) {
	if os.Remove(dir) == nil { // it was empty
		return
	}
	if owned(dir) == nil {
		_ = removeFlat(dir)
	}
}

// workingDirs returns the folder mla runs in.
func workingDirs() []string {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	return []string{wd}
}

// holds returns the first of paths that the folder dir is, or is above,
// or "". Each path is compared as written (made absolute) and with its
// symbolic links resolved, folder by folder up to the root, by identity
// of the folder (os.SameFile), so that another spelling of the same folder
// (a different case on Windows and macOS, a link) is still recognised.
// Each folder is looked at once, however many paths share it: a batch
// passes every case of the batch.
func holds(dir os.FileInfo, paths ...string) string {
	seen := map[string]bool{}
	resolved := map[string]string{} // folder -> with its links resolved
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		spellings := []string{abs}
		if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				spellings = append(spellings, real)
			}
		} else {
			up := filepath.Dir(abs)
			real, ok := resolved[up]
			if !ok {
				real, err = filepath.EvalSymlinks(up)
				if err != nil {
					real = up
				}
				resolved[up] = real
			}
			spellings = append(spellings, filepath.Join(real, filepath.Base(abs)))
		}
		for _, s := range spellings {
			for !seen[s] {
				seen[s] = true
				if fi, err := os.Stat(s); err == nil && os.SameFile(fi, dir) {
					return p
				}
				up := filepath.Dir(s)
				if up == s {
					break
				}
				s = up
			}
		}
	}
	return ""
}
