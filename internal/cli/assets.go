package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/safefile"
	"github.com/mla-dev/mla/internal/validate"
)

// overlayFS reads from top first and falls back to base, so that --assets DIR
// may hold only what it changes (one new state's folder, one corrected
// locale file) and take the rest from the embedded assets.
type overlayFS struct {
	top, base fs.FS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.base.Open(name)
}

func (o overlayFS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(o.top, name)
	if err == nil {
		return b, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return fs.ReadFile(o.base, name)
}

// ReadDir merges both listings; an entry of top hides the same name in base.
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	a, errA := fs.ReadDir(o.top, name)
	if errA != nil && !errors.Is(errA, fs.ErrNotExist) {
		return nil, errA
	}
	b, errB := fs.ReadDir(o.base, name)
	if errA != nil && errB != nil {
		return nil, errA
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range a {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range b {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (o overlayFS) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(o.top, name)
	if err == nil {
		return fi, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return fs.Stat(o.base, name)
}

// Limits of an --assets folder. The largest built-in asset is under 100 KB
// and the deepest nesting 10 levels.
const (
	maxAssetFile  = 4 << 20  // bytes per file
	maxAssetTotal = 64 << 20 // bytes of all files
	maxAssetFiles = 2000     // files mla reads
	maxAssetDirs  = 8        // folder levels under templates/
	maxAssetDepth = 64       // nesting of a JSON or TOML file
)

// assetKind says why a file of --assets DIR is refused; each has a message
// "cli.error.assets.<kind>".
type assetKind string

const (
	assetNoFolder    assetKind = "no_folder"    // DIR itself is not a folder
	assetLinkOutside assetKind = "link_outside" // a symbolic link leads out of DIR
	assetLinkFolder  assetKind = "link_folder"  // a symbolic link to a folder
	assetNotRegular  assetKind = "not_regular"  // a pipe, device or socket
	assetUnreadable  assetKind = "unreadable"   // permission, or a broken link
	assetTooLarge    assetKind = "too_large"    // over maxAssetFile
	assetTooMany     assetKind = "too_many"     // over maxAssetFiles or maxAssetTotal
	assetTooDeep     assetKind = "too_deep"     // nested over maxAssetDepth
)

// assetError is a file of --assets DIR that mla refuses to read: a user
// error (exit 2), never a fault of mla.
type assetError struct {
	kind   assetKind
	file   string // as the user names it: DIR/templates/us/profile.json
	line   int    // for assetTooDeep
	detail string // for assetUnreadable
}

func (e *assetError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.kind)
	}
	return fmt.Sprintf("%s: %s", e.file, e.kind)
}

// args are the message's arguments.
func (e *assetError) args() map[string]any {
	return map[string]any{"File": e.file, "Line": e.line, "Detail": e.detail,
		"Limit": maxAssetDepth, "Size": maxAssetFile >> 20, "Total": maxAssetTotal >> 20, "Count": maxAssetFiles}
}

// assetFault returns the localized user error (exit 2) for a refused file
// of --assets DIR in err's chain, or nil.
func (a *app) assetFault(err error) error {
	var ae *assetError
	if errors.As(err, &ae) {
		return a.fail(ExitUsage, "cli.error.assets."+string(ae.kind), ae.args())
	}
	var re *validate.RefError
	if errors.As(err, &re) {
		id := "cli.error.assets.schema_ref"
		if re.Missing {
			id = "cli.error.assets.schema_missing"
		}
		return a.fail(ExitUsage, id, map[string]any{"File": a.where(re.File), "Ref": re.Ref, "Base": validate.SchemaBase})
	}
	var rue *validate.RulesError
	if errors.As(err, &rue) {
		field := rue.Field
		if field == "" {
			field = "/"
		}
		id := "cli.error.assets.rules"
		if rue.File == validate.MajorFile {
			id = "cli.error.assets.major"
		}
		return a.fail(ExitUsage, id, map[string]any{"File": a.where(rue.File), "Line": rue.Line, "Field": field, "Detail": rue.Detail})
	}
	var pe *profile.AssetError
	if errors.As(err, &pe) {
		return a.fail(ExitUsage, "cli.error.assets."+pe.Problem, map[string]any{
			"File": a.where(pe.File), "Line": pe.Line, "Field": pe.Field, "Want": pe.Want, "Detail": pe.Detail,
		})
	}
	var lb *validate.LabelError
	if errors.As(err, &lb) {
		return a.fail(ExitUsage, "cli.error.assets.label_missing", map[string]any{
			"File": a.where(lb.File), "Field": lb.Pointer, "Value": lb.Value, "ID": lb.ID, "Lang": lb.Lang,
		})
	}
	var le *offences.LoadError
	if errors.As(err, &le) {
		lines := make([]string, len(le.Problems))
		for i, p := range le.Problems {
			lines[i] = a.t("cli.error.assets.offence_problem", map[string]any{"File": a.where(p.File), "Field": p.Pointer, "Detail": p.Detail, "Code": p.Code})
		}
		return &exitError{code: ExitUsage, msg: a.t("cli.error.assets.offence_data", map[string]any{"Count": len(lines)}) + "\n" + strings.Join(lines, "\n")}
	}
	var se *validate.SyntaxError
	if errors.As(err, &se) {
		return a.fail(ExitUsage, "cli.error.assets.schema_syntax", map[string]any{"File": a.where(se.File), "Line": se.Line, "Detail": se.Detail})
	}
	return nil
}

// errFS is an asset folder that could not be read: every use gives err.
type errFS struct{ err error }

func (e errFS) Open(string) (fs.File, error) { return nil, e.err }

// readAssets reads the files mla uses from the folder dir (--assets DIR)
// once, into memory, through an os.Root: a symbolic link may not lead out of
// dir nor to a folder, only regular files are opened (without blocking, so
// a pipe swapped in cannot hang mla), each file and the whole are limited in
// size, and a JSON or TOML file nested deeper than maxAssetDepth is refused
// before any parser sees it. Every command then reads the same bytes, and
// the manifest's assets digest covers exactly them.
func readAssets(dir string) (fs.FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, &assetError{kind: assetUnreadable, file: dir, detail: err.Error()}
	}
	defer root.Close()
	r := &assetReader{dir: dir, root: root, fs: memFS{}}
	for _, u := range bundle.AssetFiles {
		if err := r.walk(u.Dir, u.Ext, u.Deep, 0); err != nil {
			return nil, err
		}
	}
	return r.fs, nil
}

type assetReader struct {
	dir   string
	root  *os.Root
	fs    memFS
	total int64
}

func (r *assetReader) fail(kind assetKind, p string) *assetError {
	return &assetError{kind: kind, file: filepath.Join(r.dir, filepath.FromSlash(p))}
}

// follow returns what the symbolic link p leads to, inside the folder.
func (r *assetReader) follow(p string) (fs.FileInfo, error) {
	fi, err := r.root.Stat(p)
	if err == nil {
		return fi, nil
	}
	// os.Root refuses a link out of the folder. Its target, read but not
	// followed, or the same path followed without the root, tells a link
	// out from a broken one (only a stat: what it leads to is never opened).
	if t, lerr := r.root.Readlink(p); lerr == nil {
		t = filepath.FromSlash(t)
		if filepath.IsAbs(t) || !filepath.IsLocal(filepath.Join(filepath.Dir(filepath.FromSlash(p)), t)) {
			return nil, r.fail(assetLinkOutside, p)
		}
	}
	if _, serr := os.Stat(filepath.Join(r.dir, filepath.FromSlash(p))); serr == nil {
		return nil, r.fail(assetLinkOutside, p)
	}
	e := r.fail(assetUnreadable, p)
	e.detail = err.Error()
	return nil, e
}

// walk reads the used files of the folder p (ext, and subfolders if deep).
// level counts the folders below the top one.
func (r *assetReader) walk(p, ext string, deep bool, level int) error {
	fi, err := r.root.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) && level == 0 {
		return nil // DIR need not have every folder
	}
	if err != nil {
		e := r.fail(assetUnreadable, p)
		e.detail = err.Error()
		return e
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if fi, err = r.follow(p); err != nil {
			return err
		}
		if fi.IsDir() {
			return r.fail(assetLinkFolder, p)
		}
	}
	if !fi.IsDir() {
		return nil // a file named like a folder of assets: not used
	}
	entries, err := r.list(p)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := path.Join(p, e.Name())
		used := path.Ext(name) == ext
		switch t := e.Type(); {
		case t.IsDir():
			if deep && level+1 < maxAssetDirs {
				if err := r.walk(name, ext, deep, level+1); err != nil {
					return err
				}
			}
		case t&fs.ModeSymlink != 0:
			if !used {
				// Not read, unless it is a folder where subfolders are
				// read: a link to a folder is refused, never walked. Only
				// a stat tells; nothing it leads to is opened.
				full := filepath.Join(r.dir, filepath.FromSlash(name))
				if fi, err := os.Stat(full); !deep || err != nil || !fi.IsDir() {
					continue
				}
			}
			target, err := r.follow(name)
			if err != nil {
				return err
			}
			switch {
			case target.IsDir():
				return r.fail(assetLinkFolder, name)
			case !target.Mode().IsRegular():
				return r.fail(assetNotRegular, name)
			default:
				if err := r.read(name); err != nil {
					return err
				}
			}
		case !used:
		case !t.IsRegular():
			return r.fail(assetNotRegular, name)
		default:
			if err := r.read(name); err != nil {
				return err
			}
		}
	}
	return nil
}

// list returns the entries of the folder p, opened without blocking.
func (r *assetReader) list(p string) ([]fs.DirEntry, error) {
	f, err := safefile.OpenNonblocking(r.root, p)
	if err != nil {
		e := r.fail(assetUnreadable, p)
		e.detail = err.Error()
		return nil, e
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.IsDir() {
		return nil, r.fail(assetNotRegular, p) // swapped since Lstat
	}
	entries, err := f.ReadDir(-1)
	if err != nil {
		e := r.fail(assetUnreadable, p)
		e.detail = err.Error()
		return nil, e
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	return entries, nil
}

// read reads one used file into memory, after its checks.
func (r *assetReader) read(p string) error {
	if len(r.fs) >= maxAssetFiles {
		return r.fail(assetTooMany, p)
	}
	// The folder's listing (or the link's target) said regular: open
	// without blocking and check what was opened, in case it was swapped.
	f, err := safefile.OpenNonblocking(r.root, p)
	if err != nil {
		e := r.fail(assetUnreadable, p)
		e.detail = err.Error()
		return e
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return r.fail(assetNotRegular, p)
	}
	if fi.Size() > maxAssetFile {
		return r.fail(assetTooLarge, p)
	}
	// A file that grows after fstat is still cut at the limit.
	buf := bytes.NewBuffer(make([]byte, 0, fi.Size()+512))
	if _, err := buf.ReadFrom(io.LimitReader(f, maxAssetFile+1)); err != nil {
		e := r.fail(assetUnreadable, p)
		e.detail = err.Error()
		return e
	}
	data := buf.Bytes()
	if len(data) > maxAssetFile {
		return r.fail(assetTooLarge, p)
	}
	if r.total += int64(len(data)); r.total > maxAssetTotal {
		return r.fail(assetTooMany, p)
	}
	depth := jsonDepth
	if ext := path.Ext(p); ext == ".toml" || ext == ".conf" {
		depth = tomlDepth
	}
	if line := depth(data, maxAssetDepth); line > 0 {
		e := r.fail(assetTooDeep, p)
		e.line = line
		return e
	}
	r.fs[p] = data
	return nil
}

// memFS is an asset tree read into memory: slash path -> bytes. Its
// folders are those that hold a file.
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := m[name]; ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, r: bytes.NewReader(data)}, nil
	}
	entries, err := m.ReadDir(name)
	if err != nil {
		return nil, err
	}
	return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: entries}, nil
}

func (m memFS) ReadFile(name string) ([]byte, error) {
	if data, ok := m[name]; ok {
		return bytes.Clone(data), nil
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
}

func (m memFS) Stat(name string) (fs.FileInfo, error) {
	f, err := m.Open(name)
	if err != nil {
		return nil, err
	}
	return f.Stat()
}

// ReadDir lists the files and folders directly in name, sorted.
func (m memFS) ReadDir(name string) ([]fs.DirEntry, error) {
	prefix := name + "/"
	if name == "." {
		prefix = ""
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for p, data := range m {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		child, _, isDir := strings.Cut(rest, "/")
		if seen[child] {
			continue
		}
		seen[child] = true
		info := memInfo{name: child, dir: isDir}
		if !isDir {
			info.size = int64(len(data))
		}
		out = append(out, fs.FileInfoToDirEntry(info))
	}
	if out == nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o500
	}
	return 0o400
}

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	info    memInfo
	entries []fs.DirEntry
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *memDir) Close() error { return nil }

// ReadDir returns the remaining entries (all of them when n <= 0).
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 || n >= len(d.entries) {
		out := d.entries
		d.entries = nil
		if n > 0 && len(out) == 0 {
			return nil, io.EOF
		}
		return out, nil
	}
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}
