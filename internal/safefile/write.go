package safefile

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrChanged is returned by Write, with nothing written, when the file to
// replace is no longer the one read (WriteOptions.Unchanged): someone
// changed it while mla was working on it.
var ErrChanged = errors.New("the file changed while mla was working on it")

// Fingerprint identifies the content of a file as it was read: its size and
// SHA-256. Two contents with the same fingerprint are taken as the same.
type Fingerprint struct {
	Size   int64
	SHA256 [sha256.Size]byte
}

// FingerprintOf returns the fingerprint of data, as read from a file.
func FingerprintOf(data []byte) *Fingerprint {
	return &Fingerprint{Size: int64(len(data)), SHA256: sha256.Sum256(data)}
}

// WriteOptions say how Write writes a file. The zero value replaces any
// regular file at the path, or creates one, owner-only (0600).
type WriteOptions struct {
	// Perm is the permission of the file written; 0 means 0600.
	Perm fs.FileMode
	// KeepMode: a file that is replaced keeps its own permissions instead
	// of Perm (a locale file the user made 0644 stays so).
	KeepMode bool
	// Unchanged, when set, names the content the file had when it was
	// read: if it has another now (or is gone), nothing is written and
	// Write returns ErrChanged.
	Unchanged *Fingerprint
	// New: the file must not exist; whatever is at the path (a file, a
	// link, even a broken one) is never replaced, and the error wraps
	// fs.ErrExist.
	New bool
}

// Write writes data to path so that nobody ever sees half a file, nor
// loses the file that was there.
//
// Without o.New, data is written into a temporary file in the same folder
// (".NAME.tmp-RANDOM"), synced to disk and renamed over path: a reader,
// and a run that is killed, see either the old file whole or the new one
// whole. A symbolic link at path is followed and its target replaced (the
// link stays); anything at path that is not a regular file (a folder, a
// pipe) is refused.
//
// With o.New, the temporary file is linked to path instead, which fails if
// anything is there: nothing that exists is ever replaced, and the new file
// appears whole. (Where the file system has no hard links, the file is
// created with O_EXCL and written in place; if writing fails, it is
// removed.)
//
// The folder is synced afterwards, where the system can, so that the new
// name survives a power cut.
func Write(path string, data []byte, o WriteOptions) error {
	perm := o.Perm
	if perm == 0 {
		perm = 0o600
	}
	if o.New {
		return writeNew(path, data, perm)
	}
	target := path
	if t, err := filepath.EvalSymlinks(path); err == nil {
		target = t
	}
	fi, err := os.Stat(target)
	switch {
	case err == nil:
		if !fi.Mode().IsRegular() {
			return &fs.PathError{Op: "write", Path: target, Err: ErrNotRegular}
		}
		if o.KeepMode {
			perm = fi.Mode().Perm()
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	case o.Unchanged != nil:
		return ErrChanged // it was read, and is gone
	}
	if o.Unchanged != nil {
		if same, err := holds(target, o.Unchanged); err != nil {
			return err
		} else if !same {
			return ErrChanged
		}
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := writeTemp(dir, base, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp) // ours: just created
		return err
	}
	SyncDir(dir)
	return nil
}

// writeNew writes data into a temporary file beside path and links it
// there: link(2) never replaces what exists, and the new file appears
// whole. Where the file system has no hard links (FAT, some network
// shares), it creates path with O_EXCL and writes into it instead.
func writeNew(path string, data []byte, perm fs.FileMode) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := writeTemp(dir, base, data, perm)
	if err != nil {
		if _, serr := os.Lstat(path); serr == nil {
			return &fs.PathError{Op: "write", Path: path, Err: fs.ErrExist}
		}
		return err
	}
	lerr := os.Link(tmp, path)
	os.Remove(tmp) // ours: just created
	switch {
	case lerr == nil:
		SyncDir(dir)
		return nil
	case errors.Is(lerr, fs.ErrExist):
		return lerr
	}
	if _, err := os.Lstat(path); err == nil {
		return &fs.PathError{Op: "write", Path: path, Err: fs.ErrExist}
	}
	return writeExclusive(path, data, perm)
}

// writeExclusive creates path with O_EXCL and writes data into it; a file
// it created and could not finish is removed.
func writeExclusive(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // ours: created above with O_EXCL
		return err
	}
	SyncDir(filepath.Dir(path))
	return nil
}

// writeTemp writes data, synced, with mode perm, into a new temporary file
// of dir named after base, and returns its path.
func writeTemp(dir, base string, data []byte, perm fs.FileMode) (string, error) {
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name()) // ours: just created
		return "", err
	}
	return tmp.Name(), nil
}

// holds reports whether the file name has the content fp identifies.
func holds(name string, fp *Fingerprint) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, err
	}
	defer f.Close()
	h := sha256.New()
	// One byte more than expected is enough to tell a longer file.
	n, err := io.Copy(h, io.LimitReader(f, fp.Size+1))
	if err != nil {
		return false, err
	}
	return n == fp.Size && bytes.Equal(h.Sum(nil), fp.SHA256[:]), nil
}

// SyncDir flushes a folder's entries (a file created or renamed in it) to
// disk. Some systems and file systems cannot sync a folder; the rename is
// atomic all the same, so a failure is not reported.
func SyncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	defer d.Close()
	_ = d.Sync()
}
