// Package bundle writes a request bundle to its output folder and checks it
// afterwards.
//
// Writing: every file is first written into a temporary folder beside the
// target (".NAME.mla-tmp-PID-RANDOM"), with owner-only permissions (0700
// folder, 0600 files) and synced to disk; the folder is then renamed into
// place. A run that is killed leaves no folder at the target, only that
// hidden temporary folder; the next run for the same target removes it once
// the process that made it is gone (see WriteWith). An existing bundle is
// replaced only when the caller says so.
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
)

// ErrExists is returned when the output folder exists, is not empty, and
// overwriting was not allowed.
var ErrExists = errors.New("output exists")

// Options change how WriteWith writes.
type Options struct {
	// Force replaces an existing bundle.
	Force bool
	// Stage, when set, is called at each step of writing: "tmp" (the
	// temporary folder exists), "file:NAME" (after each file), "synced",
	// "aside" (an existing bundle was moved aside), "renamed" (the new
	// bundle is in place) and "done". Tests use it to interrupt a run at a
	// known point.
	Stage func(stage string)
}

// Write writes files into dir; see WriteWith.
func Write(dir string, files []File, force bool) error {
	return WriteWith(dir, files, Options{Force: force})
}

// WriteWith writes files into dir. When dir exists and is not empty it is
// replaced only if o.Force is set; otherwise WriteWith returns ErrExists and
// changes nothing. Before writing, it removes what earlier runs for the same
// target left behind when they were killed: hidden folders beside dir named
// ".NAME.mla-tmp-PID-…" or ".NAME.mla-old-PID-…" whose process PID no longer
// runs (on systems where that can be asked; elsewhere they are left, and
// never read).
func WriteWith(dir string, files []File, o Options) error {
	stage := o.Stage
	if stage == nil {
		stage = func(string) {}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	parent, base := filepath.Split(abs)
	parent = filepath.Clean(parent)
	if base == "" || base == "." || base == ".." {
		return fmt.Errorf("bundle: %s cannot be a bundle folder", dir)
	}
	exists, err := nonEmpty(abs)
	if err != nil {
		return err
	}
	if exists && !o.Force {
		return fmt.Errorf("%w: %s", ErrExists, dir)
	}
	for _, f := range files {
		if filepath.Base(f.Name) != f.Name || f.Name == "." || f.Name == ".." || strings.ContainsAny(f.Name, `/\`) {
			return fmt.Errorf("bundle: bad file name %q", f.Name)
		}
	}
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return err
	}
	removeLeftovers(parent, base)
	pid := strconv.Itoa(os.Getpid())
	tmp, err := os.MkdirTemp(parent, "."+base+".mla-tmp-"+pid+"-*")
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
	stage("tmp")
	for _, f := range files {
		if err := writeFile(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return err
		}
		stage("file:" + f.Name)
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	stage("synced")
	var old string
	if _, err := os.Lstat(abs); err == nil {
		// Another run may have written the bundle since the check above.
		if exists, err := nonEmpty(abs); err != nil || exists && !o.Force {
			return errors.Join(fmt.Errorf("%w: %s", ErrExists, dir), err)
		}
		// Move the old bundle (or empty folder) aside first, so that a
		// failure between the two renames leaves one of them whole.
		old = filepath.Join(parent, "."+base+".mla-old-"+pid+"-"+strings.TrimPrefix(filepath.Base(tmp), "."+base+".mla-tmp-"+pid+"-"))
		if err := os.Rename(abs, old); err != nil {
			return err
		}
		stage("aside")
	}
	if err := os.Rename(tmp, abs); err != nil {
		if old != "" {
			_ = os.Rename(old, abs)
		}
		return err
	}
	ok = true
	stage("renamed")
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return err
		}
	}
	err = syncDir(parent)
	stage("done")
	return err
}

// removeLeftovers removes the temporary folders that killed runs for the
// target base left in parent. A folder whose process still runs may belong
// to a run in progress and is kept.
func removeLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, ok := leftoverPID(e.Name(), base)
		if !ok || processRuns(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(parent, e.Name()))
	}
}

// leftoverPID returns the process id in the name of a temporary folder of
// the target base.
func leftoverPID(name, base string) (int, bool) {
	for _, kind := range []string{".mla-tmp-", ".mla-old-"} {
		rest, ok := strings.CutPrefix(name, "."+base+kind)
		if !ok {
			continue
		}
		p, _, ok := strings.Cut(rest, "-")
		if !ok {
			return 0, false
		}
		pid, err := strconv.Atoi(p)
		return pid, err == nil && pid > 0
	}
	return 0, false
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
