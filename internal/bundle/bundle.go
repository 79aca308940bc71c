// Package bundle writes a request bundle to its output folder and checks it
// afterwards.
//
// Writing: every file is first written into a temporary folder beside the
// target (".NAME.mla-tmp-PID-RANDOM"), with owner-only permissions (0700
// folder, 0600 files) and synced to disk; the folder is then renamed into
// place. A run that is killed leaves no folder at the target, only that
// hidden temporary folder; the next run for the same target removes it once
// the process that made it is gone (see WriteWith). An existing output is
// replaced only when the caller says so and it is mla's own, unchanged,
// alone in its folder (see OwnedBundle); the current folder, the folders
// above it, the inputs of the run and anything that is not a folder never
// are.
//
// Checking: manifest.json records the SHA-256 of every output, of the case
// file and of every evidence file, the fingerprint of the inputs, and its
// own checksum; Verify recomputes them.
package bundle

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/safefile"
)

// ErrExists is returned when the output folder exists, is not empty, and
// overwriting was not allowed.
var ErrExists = errors.New("output exists")

// Options change how WriteWith writes.
type Options struct {
	// Force replaces an existing output that Owned recognises.
	Force bool
	// Inputs are the files and folders the run reads: the case file, the
	// evidence files, the assets folder. A target that is one of them, or
	// holds one, is never replaced, with Force or without.
	Inputs []string
	// Owned decides whether a non-empty folder at the target is an output
	// of mla that Force may replace; it returns a *RefusedError saying why
	// not. Nil means OwnedBundle(Names).
	Owned func(dir string) error
	// Names are the file names that an earlier output may hold: those the
	// command writes in any case, not only this time. Nil means the names
	// of the files written.
	Names []string
}

// Write writes files into dir; see WriteWith.
func Write(dir string, files []File, force bool) error {
	return WriteWith(dir, files, Options{Force: force})
}

// WriteWith writes files into dir. Whatever is at dir is left alone, and
// a *RefusedError returned, when it is not a folder (a file, a symbolic
// link, a device), when it is the current folder or one above it, or when
// it is or holds one of o.Inputs. An empty folder is replaced. A folder
// that is not empty is replaced only if o.Owned recognises it as mla's own
// output (otherwise a *RefusedError says why) and o.Force is set
// (otherwise the error wraps ErrExists). A failure of the file system is a
// *WriteError.
//
// Before writing, it removes what earlier runs for the same target left
// behind when they were killed: hidden folders beside dir named
// ".NAME.mla-tmp-PID-…" or ".NAME.mla-old-PID-…" whose process PID no
// longer runs (on systems where that can be asked; elsewhere they are
// left, and never read), and that hold only regular files.
func WriteWith(dir string, files []File, o Options) error {
	abs, parent, base, err := target(dir)
	if err != nil {
		return err
	}
	for _, f := range files {
		if filepath.Base(f.Name) != f.Name || f.Name == "." || f.Name == ".." || strings.ContainsAny(f.Name, `/\`) {
			return fmt.Errorf("bundle: bad file name %q", f.Name)
		}
	}
	if _, err := checkTarget(dir, abs, files, o); err != nil {
		return err
	}
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return &WriteError{Dir: dir, Err: err}
	}
	removeLeftovers(parent, base, ownedOf(files, o))
	pid := strconv.Itoa(os.Getpid())
	tmp, err := os.MkdirTemp(parent, "."+base+".mla-tmp-"+pid+"-*")
	if err != nil {
		return &WriteError{Dir: dir, Err: err}
	}
	ok := false
	defer func() {
		if !ok {
			_ = removeFlat(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o700); err != nil {
		return &WriteError{Dir: dir, Err: err}
	}
	stage("tmp")
	for _, f := range files {
		if err := safefile.Write(filepath.Join(tmp, f.Name), f.Data, safefile.WriteOptions{New: true}); err != nil {
			return &WriteError{Dir: dir, Err: err}
		}
		stage("file:" + f.Name)
	}
	safefile.SyncDir(tmp)
	stage("synced")
	// Another run, or the user, may have changed the target since the
	// check above: check again, just before it is moved.
	exists, err := checkTarget(dir, abs, files, o)
	if err != nil {
		return err
	}
	var old string
	if exists {
		// Move the old bundle (or empty folder) aside first, so that a
		// failure between the two renames leaves one of them whole.
		old = filepath.Join(parent, "."+base+".mla-old-"+pid+"-"+strings.TrimPrefix(filepath.Base(tmp), "."+base+".mla-tmp-"+pid+"-"))
		if err := os.Rename(abs, old); err != nil {
			return &WriteError{Dir: dir, Err: err}
		}
		stage("aside")
	}
	if err := os.Rename(tmp, abs); err != nil {
		if old != "" {
			_ = os.Rename(old, abs)
		}
		return &WriteError{Dir: dir, Err: err}
	}
	ok = true
	stage("renamed")
	if old != "" {
		removeOld(old, ownedOf(files, o))
	}
	safefile.SyncDir(parent)
	stage("done")
	return nil
}

// CheckTarget tells, without writing anything, whether WriteWith would refuse
// dir with o as things are now: a command checks before it renders, so
// that a refusal comes at once.
func CheckTarget(dir string, o Options) error {
	abs, _, _, err := target(dir)
	if err != nil {
		return err
	}
	_, err = checkTarget(dir, abs, nil, o)
	return err
}

// target returns dir made absolute, its parent and its name.
func target(dir string) (abs, parent, base string, err error) {
	abs, err = filepath.Abs(dir)
	if err != nil {
		return "", "", "", &WriteError{Dir: dir, Err: err}
	}
	parent, base = filepath.Split(abs)
	if base == "" || base == "." || base == ".." {
		// The root folder: above every other.
		return "", "", "", &RefusedError{Dir: dir, Reason: RefuseWorkingDir}
	}
	return abs, filepath.Clean(parent), base, nil
}

// removeLeftovers removes the temporary folders that killed runs for the
// target base left in parent. A folder whose process still runs may belong
// to a run in progress and is kept. An old output moved aside is removed
// only if it is empty or owned still recognises it.
func removeLeftovers(parent, base string, owned func(string) error) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, old, ok := leftoverPID(e.Name(), base)
		if !ok || !e.IsDir() || processRuns(pid) {
			continue
		}
		if old {
			removeOld(filepath.Join(parent, e.Name()), owned)
			continue
		}
		_ = removeFlat(filepath.Join(parent, e.Name()))
	}
}

// removeFlat removes a folder that mla made and filled with regular files
// only (a temporary folder, an old bundle moved aside). When it holds
// anything else, a subfolder or a link, that was not mla's doing: the
// folder and that entry are left, and an error names it. It never follows
// a symbolic link.
func removeFlat(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() {
		return errors.Join(err, fmt.Errorf("%s is not a folder", dir))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			return fmt.Errorf("%s holds %s, which mla did not write", dir, e.Name())
		}
	}
	for _, e := range entries {
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return os.Remove(dir)
}

// leftoverPID returns the process id in the name of a temporary folder of
// the target base, and whether it holds an old output moved aside.
func leftoverPID(name, base string) (pid int, old, ok bool) {
	for _, kind := range []string{".mla-tmp-", ".mla-old-"} {
		rest, found := strings.CutPrefix(name, "."+base+kind)
		if !found {
			continue
		}
		p, _, found := strings.Cut(rest, "-")
		if !found {
			return 0, false, false
		}
		pid, err := strconv.Atoi(p)
		return pid, kind == ".mla-old-", err == nil && pid > 0
	}
	return 0, false, false
}
