package cli

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/sign"
	"github.com/mla-dev/mla/internal/validate"
)

// MaxSizeEnv is the environment variable that raises or lowers the size
// limit of case files: a number of bytes, or of KiB or MiB ("64MiB").
const MaxSizeEnv = "MLA_MAX_SIZE"

var sizeValue = regexp.MustCompile(`^\s*([0-9]+)\s*(B|KiB|MiB|GiB|k|K|M|G|KB|MB|GB)?\s*$`)

// parseSize reads a size such as "1048576", "512KiB" or "64MiB". K, M and
// G (with or without a B) are taken as KiB, MiB, GiB.
func parseSize(s string) (int64, bool) {
	m := sizeValue.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	shift := map[string]uint{"": 0, "B": 0, "KiB": 10, "k": 10, "K": 10, "KB": 10, "MiB": 20, "M": 20, "MB": 20, "GiB": 30, "G": 30, "GB": 30}[m[2]]
	if n > (1<<62)>>shift {
		return 0, false
	}
	return n << shift, true
}

// limits returns the limits for loading case files: the defaults, with the
// size from MLA_MAX_SIZE when it is set.
func (a *app) limits() (casefile.Limits, error) {
	return a.limitsWith(a.env.Getenv)
}

// limitsWith reads the limits from getenv.
func (a *app) limitsWith(getenv func(string) string) (casefile.Limits, error) {
	var lim casefile.Limits
	if getenv == nil {
		return lim, nil
	}
	v := getenv(MaxSizeEnv)
	if v == "" {
		return lim, nil
	}
	n, ok := parseSize(v)
	if !ok {
		return lim, a.fail(ExitUsage, "integrity.max_size.invalid", map[string]any{"Value": v})
	}
	lim.MaxSize = n
	return lim, nil
}

// evidenceFolder is the folder that the evidence files of a case are
// relative to: the case file's folder, or for standard input the current
// folder.
func evidenceFolder(path string) string {
	if path == casefile.Stdin {
		return "."
	}
	return filepath.Dir(path)
}

// draftBlocked returns the message (and its data) that explains why even a
// draft cannot be made of a case, or "": a string that holds a character
// that cannot be printed (which the renderer would refuse), or a coded value
// outside its list (which has no label to print). The strings are checked
// here, not through the findings, because a schema finding on the same
// field (a malformed id that holds a control character) takes the place of
// text.control and text.undrawable.
func draftBlocked(c *checked) (string, map[string]any) {
	if ptr, r, ok := validate.Unprintable(c.file.Raw); ok {
		return "integrity.draft.unprintable", map[string]any{"Field": ptr, "Char": fmt.Sprintf("U+%04X", r)}
	}
	for _, f := range c.report.Findings {
		// A code left empty (null or "", as mla init writes it) is a gap
		// the draft shows as such; a code outside its list is a mistake
		// to correct first.
		if f.Severity == validate.Error && f.Rule == "schema.enum" && !emptyAt(c.file.Raw, f.Pointer) {
			return "integrity.draft.unknown_value", nil
		}
		// A text that does not fit a spreadsheet cell would be cut in the
		// evidence list; a draft is refused rather than cut silently.
		if f.Severity == validate.Error && (f.Rule == "text.too_long" || f.Rule == "text.cell_too_long") {
			return "integrity.draft.too_long", map[string]any{"Field": f.Pointer, "Length": f.Args["Length"], "Limit": f.Args["Limit"]}
		}
	}
	return "", nil
}

// emptyAt reports whether the value at JSON Pointer ptr of the decoded
// case is null or the empty string.
func emptyAt(raw any, ptr string) bool {
	v := raw
	if ptr != "" {
		for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
			switch x := v.(type) {
			case map[string]any:
				v = x[tok]
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(x) {
					return false
				}
				v = x[i]
			default:
				return false
			}
		}
	}
	return v == nil || v == ""
}

// relSlash returns target relative to the folder from, with "/"
// separators, or "" when no relative path leads there.
func relSlash(from, target string) string {
	af, err1 := filepath.Abs(from)
	at, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return ""
	}
	r, err := filepath.Rel(af, at)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(r)
}

// inputs records what the bundle is made from: the case file, where it,
// its review file and its evidence files were (relative to the bundle
// folder out), and their digests. The outputs and the fingerprint are added by bundle.NewManifest.
func inputs(c *checked, out string) bundle.Manifest {
	m := bundle.Manifest{Case: bundle.CaseEntry{Name: casefile.Stdin}}
	ce := bundle.Hash("", c.file.Bytes)
	m.Case.Size, m.Case.SHA256 = ce.Size, ce.SHA256
	if c.file.Name != casefile.Stdin {
		m.Case.Name = filepath.Base(c.file.Name)
		m.Case.Path = relSlash(out, c.file.Name)
	}
	if c.folder != "" {
		m.Case.Folder = relSlash(out, c.folder)
	}
	for _, e := range c.evidence {
		m.Evidence = append(m.Evidence, bundle.EvidenceEntry{ID: e.ID, Pointer: e.Pointer, File: e.File, Size: e.Size, SHA256: e.SHA256})
	}
	if c.review != nil {
		re := bundle.Hash("", c.review)
		m.Review = &bundle.ReviewEntry{Name: filepath.Base(c.reviewFile), Path: relSlash(out, c.reviewFile), Size: re.Size, SHA256: re.SHA256}
	}
	return m
}

// evidenceSums maps each evidence item's index to its file's SHA-256.
func evidenceSums(c *checked) map[int]string {
	m := map[int]string{}
	for _, e := range c.evidence {
		m[e.Index] = e.SHA256
	}
	return m
}

// tooLargeHint is printed after a size error, to say how to raise the limit.
func (a *app) tooLargeHint(ce *casefile.Error) string {
	if ce.Kind != casefile.KindTooLarge {
		return ""
	}
	return "\n" + a.t("integrity.max_size.hint", nil)
}

// fingerprint returns the manifest's inputs with the fingerprint computed:
// what the footer of every page shows before the outputs exist.
func (a *app) fingerprint(c *checked, o *generateOptions) (bundle.Manifest, error) {
	m := inputs(c, o.out)
	m.MLAVersion, m.State, m.Reference, m.Draft = Version, c.profile.Code, c.file.Case.Reference, o.draft
	m.Options = bundle.RenderOptions{Layout: o.layout, Translation: c.translation}
	if o.signKey != nil {
		// Printed on every page: the fingerprint covers it.
		m.SigningKey = sign.KeyID(o.signKey.ID())
	}
	digest, err := bundle.AssetsDigest(a.fsys)
	if err != nil {
		return m, a.internal(err)
	}
	m.AssetsSHA256 = digest
	if m, err = bundle.NewManifest(m, nil); err != nil {
		return m, a.internal(err)
	}
	return m, nil
}

// limitsFrom is limits with the environment given as a map (tests).
func (a *app) limitsFrom(env map[string]string) (casefile.Limits, error) {
	return a.limitsWith(func(k string) string { return env[k] })
}
