// Package safefile reads the user's files without being led astray: an
// evidence file named in a case is read inside the case's folder only
// (through an os.Root, so neither ".." nor a symbolic link leads out of
// it), and only if it is a regular file, opened without blocking so that a
// named pipe or a device can neither hang nor feed mla. The case loader,
// the check and verify share it.
//
// It also writes the user's files, every one of them (see Write): through a
// temporary file and a rename, so that nobody sees half a file, with options
// to keep a replaced file's permissions, to refuse a file changed since it
// was read, and to create a new file only, never replacing one.
package safefile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Reasons an evidence file cannot be hashed. HashEvidence wraps one of them.
var (
	// ErrOutside: the path is absolute, or climbs out of the case's folder
	// with "..".
	ErrOutside = errors.New("path leaves the case's folder")
	// ErrLinkOutside: the path is inside the folder, but a symbolic link
	// on the way leads out of it (or is absolute).
	ErrLinkOutside = errors.New("symbolic link leads out of the case's folder")
	// ErrMissing: nothing at the path.
	ErrMissing = errors.New("file not found")
	// ErrNotRegular: a folder, device, pipe or socket, not a file.
	ErrNotRegular = errors.New("not a regular file")
	// ErrUnreadable: the file exists but cannot be read.
	ErrUnreadable = errors.New("file cannot be read")
)

// EvidencePath turns the file of an evidence item, as written in the case,
// into a path relative to the case's folder, with the operating system's
// separators. Both "/" and "\" separate folders, so that a case written on
// Windows reads the same everywhere. A path that is absolute on any system
// ("/x", "\\server\x", "C:\x", "C:x"), empty, the folder itself, or that
// climbs out with ".." is refused with ErrOutside.
func EvidencePath(file string) (string, error) {
	p := strings.ReplaceAll(file, `\`, "/")
	if p == "" || strings.HasPrefix(p, "/") || len(p) >= 2 && p[1] == ':' && isLetter(p[0]) {
		return "", ErrOutside
	}
	p = path.Clean(p)
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return "", ErrOutside
	}
	local := filepath.FromSlash(p)
	if !filepath.IsLocal(local) { // Windows: reserved names such as NUL
		return "", ErrOutside
	}
	return local, nil
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// HashEvidence returns the size and SHA-256 (lower-case hexadecimal) of the
// evidence file named file (as written in the case) inside the folder base.
// The file is read through an os.Root at base, so neither ".." nor a
// symbolic link can take it out of the folder; symbolic links inside it are
// followed. Only regular files are read, so a pipe or device cannot block or
// feed mla. The error wraps one of ErrOutside, ErrLinkOutside, ErrMissing,
// ErrNotRegular, ErrUnreadable.
func HashEvidence(base, file string) (size int64, sum string, err error) {
	rel, err := EvidencePath(file)
	if err != nil {
		return 0, "", err
	}
	root, err := os.OpenRoot(base)
	if err != nil {
		return 0, "", classify(err, base, rel)
	}
	defer root.Close()
	f, _, err := OpenRegular(root, rel)
	if err != nil {
		if errors.Is(err, ErrNotRegular) || errors.Is(err, ErrUnreadable) {
			return 0, "", err
		}
		return 0, "", classify(err, base, rel)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", errors.Join(ErrUnreadable, err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// OpenRegular opens name in root for reading, only if it is a regular
// file. It opens without blocking (a named pipe would otherwise wait for a
// writer) and checks the type of the file it opened, not only of the path,
// so that a file swapped for a pipe or a folder between the check and the
// open is refused rather than read. A file that is not regular gives
// ErrNotRegular, a failed fstat an error wrapping ErrUnreadable; other
// errors are os.Root's.
func OpenRegular(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	// Checked before opening too, so that a device is never opened.
	if fi, err := root.Stat(name); err != nil {
		return nil, nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, nil, ErrNotRegular
	}
	f, err := OpenNonblocking(root, name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, errors.Join(ErrUnreadable, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, ErrNotRegular
	}
	return f, fi, nil
}

// OpenNonblocking opens name in root for reading without waiting for a
// writer if it is a named pipe. The caller checks the type of what it
// opened (f.Stat) before reading.
func OpenNonblocking(root *os.Root, name string) (*os.File, error) {
	return root.OpenFile(name, os.O_RDONLY|nonblock, 0)
}

// classify maps an error of os.Root to the reasons above. A path that
// os.Root refuses although it exists when followed without a root leaves
// the folder through a symbolic link (or the link is absolute).
func classify(err error, base, rel string) error {
	if errors.Is(err, fs.ErrPermission) {
		return errors.Join(ErrUnreadable, err)
	}
	if _, serr := os.Stat(filepath.Join(base, rel)); serr == nil {
		return errors.Join(ErrLinkOutside, err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return errors.Join(ErrMissing, err)
	}
	return errors.Join(ErrUnreadable, err)
}
