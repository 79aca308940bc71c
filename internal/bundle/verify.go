package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/mla-dev/mla/internal/safefile"
)

// AssetFiles are the files of an asset tree that mla reads, which decide
// the outputs: schemas/*.json, templates/**/*.json (any folder below),
// locales/*.toml and locales/*.conf (languages.conf, the translations'
// configuration). Nothing else of an --assets folder is read or hashed.
var AssetFiles = []AssetPattern{
	{Dir: "schemas", Ext: ".json"},
	{Dir: "templates", Ext: ".json", Deep: true},
	{Dir: "locales", Ext: ".conf"},
	{Dir: "locales", Ext: ".toml"},
}

// AssetPattern is the files of Dir whose names end in Ext, and with Deep
// those of its subfolders too.
type AssetPattern struct {
	Dir, Ext string
	Deep     bool
}

// IsAssetFile reports whether the slash path p is one of AssetFiles.
func IsAssetFile(p string) bool {
	for _, a := range AssetFiles {
		if a.match(p) {
			return true
		}
	}
	return false
}

// match reports whether the slash path p is one of a's files.
func (a AssetPattern) match(p string) bool {
	rest, ok := strings.CutPrefix(p, a.Dir+"/")
	return ok && path.Ext(rest) == a.Ext && (a.Deep || !strings.Contains(rest, "/"))
}

// AssetsDigest returns the SHA-256 of a listing of AssetFiles in fsys, one
// line per file, sorted by path in byte order, each "<sha256 of the file>
// <path>\n": the output of
//
//	find schemas templates locales -type f \( -path 'schemas/*.json' -o -path 'templates/*.json' -o -path 'locales/*.toml' -o -path 'locales/*.conf' \) \
//	  ! -path 'schemas/*/*' ! -path 'locales/*/*' | LC_ALL=C sort | xargs sha256sum
//
// run in the assets folder. The built-in assets hold nothing else, so for
// them it is every file of schemas, templates and locales, as before.
func AssetsDigest(fsys fs.FS) (string, error) {
	var paths []string
	for _, a := range AssetFiles {
		err := fs.WalkDir(fsys, a.Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != a.Dir && !a.Deep {
				return fs.SkipDir
			}
			if !d.IsDir() && a.match(p) {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return "", err
		}
		io.WriteString(h, sum(data)+"  "+p+"\n")
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Status is the outcome of checking one file.
type Status string

// Statuses. Only StatusOK and StatusUnchecked are not failures.
const (
	StatusOK         Status = "ok"
	StatusChanged    Status = "changed"
	StatusMissing    Status = "missing"
	StatusExtra      Status = "extra"      // in the folder, not in the manifest
	StatusUnreadable Status = "unreadable" // there, but cannot be read
	StatusUnchecked  Status = "unchecked"  // an input that could not be found
)

// Failed reports whether s makes verification fail.
func (s Status) Failed() bool { return s != StatusOK && s != StatusUnchecked }

// Role says what a checked file is.
type Role string

// Roles of checked files.
const (
	RoleManifest Role = "manifest"
	RoleOutput   Role = "output"
	RoleCase     Role = "case"
	RoleEvidence Role = "evidence"
	// RoleReview is the reviewer's review file the bundle was generated
	// with (its status is printed on the pages).
	RoleReview      Role = "review"
	RoleFingerprint Role = "fingerprint"
	// RolePrinted checks the fingerprint printed on the pages of a PDF of
	// the bundle against the manifest's.
	RolePrinted Role = "printed_fingerprint"
	// RoleAssets compares the mla version and assets the manifest records
	// with those of the mla that verifies.
	RoleAssets Role = "assets"
)

// Reason explains a status in more detail, for messages.
type Reason string

// Reasons.
const (
	ReasonNone            Reason = ""
	ReasonDigest          Reason = "digest"           // the SHA-256 differs
	ReasonNotRegular      Reason = "not_regular"      // a folder, link or device now
	ReasonManifestMissing Reason = "manifest_missing" // no manifest.json
	ReasonManifestInvalid Reason = "manifest_invalid" // not a readable manifest
	ReasonManifestSeal    Reason = "manifest_seal"    // does not match manifest_sha256
	ReasonNotFound        Reason = "not_found"        // an input is not where recorded
	ReasonStdin           Reason = "stdin"            // the case came from standard input
	ReasonOutside         Reason = "outside"          // an evidence path leads out of the folder
	ReasonNotListed       Reason = "not_listed"       // an extra file
	ReasonNoManifest      Reason = "no_manifest"      // not checked: no readable manifest
	ReasonPrintedOther    Reason = "printed_other"    // pages print another fingerprint
	ReasonPrintedNone     Reason = "printed_none"     // pages print no fingerprint
	ReasonNotPDF          Reason = "not_pdf"          // its pages cannot be read
	ReasonOtherVersion    Reason = "other_version"    // made by another version of mla
	ReasonOtherAssets     Reason = "other_assets"     // made with other assets (--assets)
)

// Basis says what a recomputed fingerprint was computed from.
type Basis string

// Bases of the fingerprint check.
const (
	// BasisInputs: the case file and every evidence file were read.
	BasisInputs Basis = "inputs"
	// BasisPartial: the case file was read, some evidence files were not
	// found and their recorded digests were used.
	BasisPartial Basis = "partial"
	// BasisRecords: the case file was not read; only the manifest's own
	// records were used, so the check shows that the manifest agrees with
	// itself, not that it matches a case file.
	BasisRecords Basis = "records"
)

// Check is the result of checking one file, or the fingerprint.
type Check struct {
	Role Role   `json:"role"`
	Name string `json:"name"`
	// ID is the evidence id (role evidence).
	ID string `json:"id,omitempty"`
	// Path is where the file was looked for (case and evidence files).
	Path     string `json:"path,omitempty"`
	Status   Status `json:"status"`
	Reason   Reason `json:"reason,omitempty"`
	Expected string `json:"expected_sha256,omitempty"`
	Actual   string `json:"actual_sha256,omitempty"`
	// Pages are the page numbers (from 1) that do not print the expected
	// fingerprint (role printed_fingerprint); Actual is then another
	// fingerprint they print, if any.
	Pages []int `json:"pages,omitempty"`
	// Basis is what the fingerprint was recomputed from (role
	// fingerprint).
	Basis Basis `json:"basis,omitempty"`
}

// Result is the outcome of Verify.
type Result struct {
	// Manifest is the decoded manifest; nil when it is missing or
	// unreadable.
	Manifest *Manifest `json:"-"`
	Checks   []Check   `json:"checks"`
}

// Problems counts the failed checks.
func (r *Result) Problems() int {
	n := 0
	for _, c := range r.Checks {
		if c.Status.Failed() {
			n++
		}
	}
	return n
}

// OK reports whether everything checked is as recorded.
func (r *Result) OK() bool { return r.Problems() == 0 }

// VerifyOptions change what Verify checks.
type VerifyOptions struct {
	// CaseFile, when set, is the case file to check instead of the one at
	// the path the manifest records; evidence files are then looked for
	// relative to its folder, and an input that is missing is a failure.
	CaseFile string
	// ReviewFile, with CaseFile, is the review file that goes with it (for
	// a bundle whose manifest records one); it must then be there.
	ReviewFile string
	// Version and AssetsSHA256 are those of the mla that verifies: when
	// both match the manifest's, the assets the bundle was made with are
	// known to be this mla's; otherwise that is reported as not checked.
	Version, AssetsSHA256 string
}

// ErrNotDir is returned by Verify when dir is not a folder.
var ErrNotDir = errors.New("not a folder")

// Verify checks the bundle in dir against its manifest:
//
//   - manifest.json against its own checksum (manifest_sha256);
//   - every output it lists: ok, changed or missing; a file in dir that it
//     does not list is extra;
//   - the case file, the review file and the evidence files, where they can be found:
//     where the manifest says, or relative to o.CaseFile; one that cannot
//     be found is unchecked (not a failure) unless o.CaseFile was given;
//   - the fingerprint, recomputed from the manifest's inputs with the
//     digests of the case and evidence files that were found.
//
// The error is only for a dir that is not a folder or cannot be listed, and
// ErrFormat (with the manifest in the Result) for a manifest of a format this
// version does not know; everything else is a Check.
func Verify(dir string, o VerifyOptions) (*Result, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, ErrNotDir
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	r := &Result{}
	mc := Check{Role: RoleManifest, Name: ManifestName, Status: StatusOK}
	data, err := readRegular(filepath.Join(dir, ManifestName))
	var m *Manifest
	switch {
	case errors.Is(err, fs.ErrNotExist):
		mc.Status, mc.Reason = StatusMissing, ReasonManifestMissing
	case errors.Is(err, errNotRegular):
		mc.Status, mc.Reason = StatusChanged, ReasonNotRegular
	case err != nil:
		mc.Status = StatusUnreadable
	default:
		m, err = DecodeManifest(data)
		switch {
		case errors.Is(err, ErrFormat):
			return &Result{Manifest: m}, err
		case errors.Is(err, ErrSeal):
			mc.Status, mc.Reason = StatusChanged, ReasonManifestSeal
		case err != nil:
			mc.Status, mc.Reason = StatusChanged, ReasonManifestInvalid
		}
	}
	r.Checks = append(r.Checks, mc)
	r.Manifest = m
	// The manifest's signature (mla sign) is checked by the caller.
	listed := map[string]bool{ManifestName: true, SignatureName: true}
	if m != nil {
		for _, f := range m.Files {
			listed[f.Name] = true
			r.Checks = append(r.Checks, checkFile(Check{Role: RoleOutput, Name: f.Name, Expected: f.SHA256}, filepath.Join(dir, f.Name), false))
		}
	}
	for _, e := range entries {
		switch {
		case listed[e.Name()]:
		case m == nil:
			r.Checks = append(r.Checks, Check{Role: RoleOutput, Name: e.Name(), Status: StatusUnchecked, Reason: ReasonNoManifest})
		default:
			r.Checks = append(r.Checks, Check{Role: RoleOutput, Name: e.Name(), Status: StatusExtra, Reason: ReasonNotListed})
		}
	}
	if m == nil {
		return r, nil
	}
	r.Checks = append(r.Checks, checkPrinted(dir, m)...)
	r.Checks = append(r.Checks, verifyInputs(dir, m, o)...)
	if o.Version != "" {
		ac := Check{Role: RoleAssets, Name: m.MLAVersion, Expected: m.AssetsSHA256, Actual: o.AssetsSHA256, Status: StatusOK}
		switch {
		case m.MLAVersion != o.Version:
			ac.Status, ac.Reason = StatusUnchecked, ReasonOtherVersion
		case m.AssetsSHA256 != o.AssetsSHA256:
			ac.Status, ac.Reason = StatusUnchecked, ReasonOtherAssets
		}
		r.Checks = append(r.Checks, ac)
	}
	return r, nil
}

// maxPDF is the largest PDF whose pages verify reads; the evidence list of
// a case with 10,000 items is about 20 MB.
const maxPDF = 1 << 30

// checkPrinted reads the text of every page of each PDF the manifest lists
// and checks that each page prints the manifest's fingerprint: a PDF taken
// from another bundle, with the manifest rewritten to match its digest,
// still prints that other bundle's fingerprint.
func checkPrinted(dir string, m *Manifest) []Check {
	var out []Check
	for _, f := range m.Files {
		if !strings.EqualFold(filepath.Ext(f.Name), ".pdf") {
			continue
		}
		c := Check{Role: RolePrinted, Name: f.Name, Expected: m.Fingerprint.SHA256, Status: StatusOK}
		data, err := readRegularMax(filepath.Join(dir, f.Name), maxPDF)
		if err != nil {
			// The output's own check says why it is missing or unreadable.
			continue
		}
		pages, err := pdfPageTexts(data)
		if err != nil || len(pages) == 0 {
			c.Status, c.Reason = StatusChanged, ReasonNotPDF
			out = append(out, c)
			continue
		}
		for i, p := range pages {
			found := printedFingerprints(p)
			if slices.Contains(found, c.Expected) {
				continue
			}
			c.Pages = append(c.Pages, i+1)
			if len(found) > 0 && c.Actual == "" {
				c.Actual = found[len(found)-1]
			}
		}
		if len(c.Pages) > 0 {
			c.Status, c.Reason = StatusChanged, ReasonPrintedNone
			if c.Actual != "" {
				c.Reason = ReasonPrintedOther
			}
		}
		out = append(out, c)
	}
	return out
}

// verifyInputs checks the case file, the evidence files and the
// fingerprint.
func verifyInputs(dir string, m *Manifest, o VerifyOptions) []Check {
	var out []Check
	in := m.Input()
	required := o.CaseFile != ""

	cc := Check{Role: RoleCase, Name: m.Case.Name, Expected: m.Case.SHA256}
	var folder string
	switch {
	case o.CaseFile != "":
		cc.Path = o.CaseFile
		cc = checkFile(cc, o.CaseFile, true)
		folder = filepath.Dir(o.CaseFile)
	case m.Case.Path != "":
		cc.Path = filepath.Join(dir, filepath.FromSlash(m.Case.Path))
		cc = checkFile(cc, cc.Path, true)
		if cc.Status == StatusMissing {
			cc.Status, cc.Reason = StatusUnchecked, ReasonNotFound
		}
	case m.Case.Name == "-":
		cc.Status, cc.Reason = StatusUnchecked, ReasonStdin
	default: // no relative path led there (another drive)
		cc.Status, cc.Reason = StatusUnchecked, ReasonNotFound
	}
	if m.Case.Folder != "" && o.CaseFile == "" {
		folder = filepath.Join(dir, filepath.FromSlash(m.Case.Folder))
	}
	if cc.Actual != "" {
		in.CaseSHA256 = cc.Actual
	}
	out = append(out, cc)

	if m.Review != nil {
		rc := Check{Role: RoleReview, Name: m.Review.Name, Expected: m.Review.SHA256}
		switch {
		case o.ReviewFile != "":
			rc.Path = o.ReviewFile
			rc = checkFile(rc, rc.Path, true)
		case o.CaseFile == "" && m.Review.Path != "":
			rc.Path = filepath.Join(dir, filepath.FromSlash(m.Review.Path))
			rc = checkFile(rc, rc.Path, true)
			if rc.Status == StatusMissing {
				rc.Status, rc.Reason = StatusUnchecked, ReasonNotFound
			}
		default:
			rc.Status, rc.Reason = StatusUnchecked, ReasonNotFound
			if required {
				rc.Status = StatusMissing
			}
		}
		if rc.Actual != "" {
			in.ReviewSHA256 = rc.Actual
		}
		out = append(out, rc)
	}

	for i, e := range m.Evidence {
		ec := Check{Role: RoleEvidence, Name: e.File, ID: e.ID, Expected: e.SHA256}
		if folder == "" {
			ec.Status, ec.Reason = StatusUnchecked, ReasonNotFound
			out = append(out, ec)
			continue
		}
		ec.Path = filepath.Join(folder, filepath.FromSlash(strings.ReplaceAll(e.File, `\`, "/")))
		_, got, err := safefile.HashEvidence(folder, e.File)
		switch {
		case err == nil:
			ec.Actual = got
			ec.Status = StatusOK
			if got != e.SHA256 {
				ec.Status, ec.Reason = StatusChanged, ReasonDigest
			}
			in.Evidence[i][1] = got
		case errors.Is(err, safefile.ErrMissing):
			ec.Status, ec.Reason = StatusUnchecked, ReasonNotFound
			if required {
				ec.Status, ec.Reason = StatusMissing, ReasonNone
			}
		case errors.Is(err, safefile.ErrUnreadable):
			ec.Status = StatusUnreadable
		default:
			ec.Status, ec.Reason = StatusChanged, ReasonOutside
		}
		out = append(out, ec)
	}

	fc := Check{Role: RoleFingerprint, Name: m.Fingerprint.SHA256, Expected: m.Fingerprint.SHA256, Status: StatusOK, Basis: BasisInputs}
	switch {
	case cc.Actual == "":
		fc.Basis = BasisRecords
	case slices.ContainsFunc(out, func(c Check) bool { return (c.Role == RoleEvidence || c.Role == RoleReview) && c.Actual == "" }):
		fc.Basis = BasisPartial
	}
	got, err := in.Sum()
	switch {
	case m.Fingerprint.Scheme != FingerprintScheme || err != nil:
		fc.Status, fc.Reason = StatusChanged, ReasonManifestInvalid
	case got != m.Fingerprint.SHA256:
		fc.Status, fc.Reason, fc.Actual = StatusChanged, ReasonDigest, got
	default:
		fc.Actual = got
		if fc.Basis == BasisRecords {
			// Nothing outside the manifest was read: the fingerprint was
			// not checked against any input.
			fc.Status = StatusUnchecked
		}
	}
	return append(out, fc)
}

var errNotRegular = errors.New("not a regular file")

// maxManifest is the largest manifest Verify reads; a real one is a few
// kilobytes.
const maxManifest = 16 << 20

// readRegular reads a file that must be a regular file (not a link, folder
// or device, which could block or point anywhere) of at most maxManifest
// bytes; a larger one is read only that far, and will not decode.
func readRegular(name string) ([]byte, error) {
	return readRegularMax(name, maxManifest)
}

// readRegularMax is readRegular with another limit.
func readRegularMax(name string, limit int64) ([]byte, error) {
	f, err := openRegular(name, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// openRegular opens name only if it is a regular file: a symbolic link is
// followed only with follow set. It opens without blocking and checks the
// type of the file it opened, so that a file swapped for a pipe between
// the check and the open cannot hang verify.
func openRegular(name string, follow bool) (*os.File, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if !follow {
			return nil, errNotRegular
		}
		if name, err = filepath.EvalSymlinks(name); err != nil {
			return nil, err
		}
	}
	root, err := os.OpenRoot(filepath.Dir(name))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, _, err := safefile.OpenRegular(root, filepath.Base(name))
	if errors.Is(err, safefile.ErrNotRegular) {
		return nil, errNotRegular
	}
	return f, err
}

// checkFile hashes the file at name and compares it with c.Expected. A
// case file given by the user may be a symbolic link (follow); files of the
// bundle may not.
func checkFile(c Check, name string, follow bool) Check {
	f, err := openRegular(name, follow)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		c.Status = StatusMissing
		return c
	case errors.Is(err, errNotRegular):
		c.Status, c.Reason = StatusChanged, ReasonNotRegular
		return c
	case err != nil:
		c.Status = StatusUnreadable
		return c
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		c.Status = StatusUnreadable
		return c
	}
	c.Actual = hex.EncodeToString(h.Sum(nil))
	c.Status = StatusOK
	if c.Actual != c.Expected {
		c.Status, c.Reason = StatusChanged, ReasonDigest
	}
	return c
}
