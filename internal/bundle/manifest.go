package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/strictjson"
)

// ManifestName is the manifest's file name inside a bundle.
const ManifestName = "manifest.json"

// SignatureName is the manifest's detached minisign signature (mla sign).
const SignatureName = ManifestName + ".minisig"

// ManifestFormat versions the manifest's shape. Fields may be added within
// a format; a field that is removed or changes meaning makes a new format.
const ManifestFormat = "mla-manifest/1"

// FingerprintScheme names how the fingerprint is computed (see
// FingerprintInput.Text).
const FingerprintScheme = "mla-fingerprint/1"

// FingerprintCovers lists, for readers of the manifest, the fields whose
// values the fingerprint covers.
var FingerprintCovers = []string{
	"mla_version", "assets_sha256", "draft", "options.layout", "options.translation",
	"case.sha256", "evidence[].pointer", "evidence[].sha256",
}

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

// CaseEntry records the case file the bundle was generated from.
type CaseEntry struct {
	// Name is the case file's base name, or "-" for standard input.
	Name string `json:"name"`
	// Path is where the case file was, relative to the bundle folder, with
	// "/" separators ("../cases/case.json"); empty for standard input, or
	// when no relative path leads there (another Windows drive).
	Path string `json:"path,omitempty"`
	// Folder is the folder that evidence files are relative to, relative to
	// the bundle folder: the case file's folder, or for standard input the
	// folder mla ran in.
	Folder string `json:"folder,omitempty"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// EvidenceEntry records an evidence file the case names.
type EvidenceEntry struct {
	ID string `json:"id"`
	// Pointer is the JSON Pointer of the evidence item in the case file.
	Pointer string `json:"pointer"`
	// File is the path as the case file writes it, relative to Case.Folder.
	File   string `json:"file"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// ReviewEntry records the reviewer's review file (CASE.review.json) the
// bundle was generated with: the status it gives is printed on every page.
type ReviewEntry struct {
	// Name is the review file's base name.
	Name string `json:"name"`
	// Path is where it was, relative to the bundle folder, with "/"
	// separators; empty when no relative path leads there.
	Path   string `json:"path,omitempty"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// RenderOptions are the rendering options that change the outputs.
type RenderOptions struct {
	Layout      string `json:"layout"`
	Translation string `json:"translation"`
}

// Fingerprint identifies a bundle by its inputs; it is printed in the footer
// of every PDF page, so it cannot cover the PDFs themselves.
type Fingerprint struct {
	Scheme string   `json:"scheme"`
	Covers []string `json:"covers"`
	SHA256 string   `json:"sha256"`
}

// Manifest records what a bundle holds and what it was made from. It has no
// timestamp: the same inputs give the same manifest.
type Manifest struct {
	Format     string        `json:"format"`
	MLAVersion string        `json:"mla_version"`
	State      string        `json:"state"`
	Reference  string        `json:"reference"`
	Draft      bool          `json:"draft"`
	Options    RenderOptions `json:"options"`
	// AssetsSHA256 is the digest of the schemas, templates and locale files
	// used (see AssetsDigest).
	AssetsSHA256 string          `json:"assets_sha256"`
	Case         CaseEntry       `json:"case"`
	Evidence     []EvidenceEntry `json:"evidence"`
	// Review is the review file read with the case, when there was one.
	Review *ReviewEntry `json:"review,omitempty"`
	// SigningKey is the key id (16 hexadecimal digits) of the key that
	// generate --sign signed the bundle with, which every page prints;
	// empty for a bundle generated unsigned (and signed later or never).
	SigningKey  string      `json:"signing_key,omitempty"`
	Fingerprint Fingerprint `json:"fingerprint"`
	Files       []Entry     `json:"files"`
	// ManifestSHA256 is the SHA-256 of the manifest file itself, computed
	// with this value written as 64 zeros. It lets verify tell a changed
	// manifest from a changed output.
	ManifestSHA256 string `json:"manifest_sha256"`
}

// Hash returns the entry of a file's bytes.
func Hash(name string, data []byte) Entry {
	return Entry{Name: name, Size: int64(len(data)), SHA256: sum(data)}
}

func sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// FingerprintInput is what the fingerprint covers: everything that decides
// the content of the outputs, and nothing of the outputs themselves.
type FingerprintInput struct {
	MLAVersion   string
	AssetsSHA256 string
	Draft        bool
	Layout       string
	Translation  string
	CaseSHA256   string
	// Evidence holds the pointer and SHA-256 of each evidence file, in the
	// order of the evidence list.
	Evidence [][2]string
	// ReviewSHA256 is the SHA-256 of the review file, or "" for none;
	// SigningKey the key id printed on the pages, or "". Each adds its
	// line only when set, so that a bundle without them keeps the
	// fingerprint it had before they existed.
	ReviewSHA256 string
	SigningKey   string
}

var (
	token = regexp.MustCompile(`^[A-Za-z0-9._/+-]+$`)
	keyID = regexp.MustCompile(`^[0-9A-F]{16}$`)
)

// Text is the canonical text the fingerprint is the SHA-256 of: UTF-8
// lines ending in a line feed, the first naming the scheme, then one
// "name value" line per covered value, in this order:
//
//	mla-fingerprint/1
//	mla_version 0.1.0
//	assets_sha256 <64 hex digits>
//	draft false
//	layout parallel
//	translation en
//	case_sha256 <64 hex digits>
//	evidence /evidence/0 <64 hex digits>     (one line per evidence file)
//	review_sha256 <64 hex digits>            (with a review file only)
//	signing_key <16 hex digits>              (with generate --sign only)
//
// Anyone can rebuild it from manifest.json and check it with sha256sum.
// Every value is a token without spaces; Text fails otherwise, so that no
// value can forge a line.
func (in FingerprintInput) Text() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(FingerprintScheme + "\n")
	line := func(name, value string) error {
		if !token.MatchString(value) {
			return fmt.Errorf("fingerprint: %s %q is not a token", name, value)
		}
		b.WriteString(name + " " + value + "\n")
		return nil
	}
	err := errors.Join(
		line("mla_version", in.MLAVersion),
		line("assets_sha256", in.AssetsSHA256),
		line("draft", strconv.FormatBool(in.Draft)),
		line("layout", in.Layout),
		line("translation", in.Translation),
		line("case_sha256", in.CaseSHA256),
	)
	for _, e := range in.Evidence {
		if !token.MatchString(e[0]) || !hex64.MatchString(e[1]) {
			err = errors.Join(err, fmt.Errorf("fingerprint: evidence %q %q", e[0], e[1]))
			continue
		}
		b.WriteString("evidence " + e[0] + " " + e[1] + "\n")
	}
	if in.ReviewSHA256 != "" {
		if !hex64.MatchString(in.ReviewSHA256) {
			err = errors.Join(err, fmt.Errorf("fingerprint: review_sha256 %q", in.ReviewSHA256))
		}
		b.WriteString("review_sha256 " + in.ReviewSHA256 + "\n")
	}
	if in.SigningKey != "" {
		if !keyID.MatchString(in.SigningKey) {
			err = errors.Join(err, fmt.Errorf("fingerprint: signing_key %q", in.SigningKey))
		}
		b.WriteString("signing_key " + in.SigningKey + "\n")
	}
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Sum returns the fingerprint: the SHA-256 of Text, in hexadecimal.
func (in FingerprintInput) Sum() (string, error) {
	t, err := in.Text()
	if err != nil {
		return "", err
	}
	return sum(t), nil
}

// Input returns the fingerprint input that m records.
func (m *Manifest) Input() FingerprintInput {
	in := FingerprintInput{
		MLAVersion: m.MLAVersion, AssetsSHA256: m.AssetsSHA256, Draft: m.Draft,
		Layout: m.Options.Layout, Translation: m.Options.Translation, CaseSHA256: m.Case.SHA256,
	}
	for _, e := range m.Evidence {
		in.Evidence = append(in.Evidence, [2]string{e.Pointer, e.SHA256})
	}
	if m.Review != nil {
		in.ReviewSHA256 = m.Review.SHA256
	}
	in.SigningKey = m.SigningKey
	return in
}

// NewManifest records the outputs (sorted by name) and computes the
// fingerprint of the inputs m already holds. m.Format is set.
func NewManifest(m Manifest, files []File) (Manifest, error) {
	m.Format = ManifestFormat
	if m.Evidence == nil {
		m.Evidence = []EvidenceEntry{}
	}
	m.Files = nil
	for _, f := range files {
		m.Files = append(m.Files, Hash(f.Name, f.Data))
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Name < m.Files[j].Name })
	fp, err := m.Input().Sum()
	if err != nil {
		return Manifest{}, err
	}
	covers := slices.Clone(FingerprintCovers)
	if m.Review != nil {
		covers = append(covers, "review.sha256")
	}
	if m.SigningKey != "" {
		covers = append(covers, "signing_key")
	}
	m.Fingerprint = Fingerprint{Scheme: FingerprintScheme, Covers: covers, SHA256: fp}
	return m, nil
}

var zeros = strings.Repeat("0", 64)

// sealField is how the seal appears in the encoded manifest. A string value
// cannot contain it: its quotes would be escaped.
func sealField(v string) []byte { return []byte(`"manifest_sha256": "` + v + `"`) }

// Encode returns the manifest as indented JSON with a final newline, with
// ManifestSHA256 set to the SHA-256 of those bytes as they are with 64 zeros
// in its place.
func (m Manifest) Encode() []byte {
	m.ManifestSHA256 = zeros
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		panic(err) // a Manifest always encodes
	}
	data := b.Bytes()
	return bytes.Replace(data, sealField(zeros), sealField(sum(data)), 1)
}

// ErrManifest is wrapped by every error of ReadManifest about the content of
// the manifest (as opposed to reading it).
var ErrManifest = errors.New("not a manifest")

// ErrSeal is returned by ReadManifest, with the decoded manifest, when the
// manifest's bytes do not match its ManifestSHA256.
var ErrSeal = errors.New("manifest does not match its manifest_sha256")

// ErrFormat is returned by ReadManifest when the manifest is of a format
// this version cannot check.
var ErrFormat = errors.New("unknown manifest format")

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// DecodeManifest decodes and checks a manifest's bytes. It returns ErrSeal
// when they do not match their checksum (with the manifest when it is still
// well-formed, so that the outputs can be checked against it), ErrFormat
// with the manifest when its checksum matches but the format is one this
// version does not know, and an error wrapping ErrManifest when it is not a
// well-formed manifest.
func DecodeManifest(data []byte) (*Manifest, error) {
	var m Manifest
	// Members this version does not know are allowed: a later format is
	// told by its format field, below. A repeated key is not: two readers
	// could take different values.
	if err := strictjson.Decode(data, &m, strictjson.Options{AllowUnknown: true}); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrManifest, err)
	}
	sealed := hex64.MatchString(m.ManifestSHA256) && bytes.Count(data, sealField(m.ManifestSHA256)) == 1 &&
		sum(bytes.Replace(data, sealField(m.ManifestSHA256), sealField(zeros), 1)) == m.ManifestSHA256
	if m.Format != ManifestFormat {
		switch {
		case !sealed:
			// A changed byte, not a format to know about.
			return nil, ErrSeal
		case strings.HasPrefix(m.Format, "mla-manifest/"):
			return &m, ErrFormat
		}
		return nil, fmt.Errorf("%w: format %q", ErrManifest, m.Format)
	}
	if err := m.wellFormed(); err != nil {
		if !sealed {
			return nil, ErrSeal
		}
		return nil, fmt.Errorf("%w: %v", ErrManifest, err)
	}
	if !sealed {
		return &m, ErrSeal
	}
	return &m, nil
}

// wellFormed checks what verify relies on: digests that are digests, and
// output names that stay inside the bundle folder.
func (m *Manifest) wellFormed() error {
	digests := []string{m.ManifestSHA256, m.Case.SHA256, m.Fingerprint.SHA256}
	for _, f := range m.Files {
		if !fs.ValidPath(f.Name) || strings.Contains(f.Name, "/") || f.Name == "." || f.Name == ManifestName {
			return fmt.Errorf("file name %q", f.Name)
		}
		digests = append(digests, f.SHA256)
	}
	for _, e := range m.Evidence {
		digests = append(digests, e.SHA256)
	}
	if m.Review != nil {
		digests = append(digests, m.Review.SHA256)
	}
	if m.SigningKey != "" && !keyID.MatchString(m.SigningKey) {
		return fmt.Errorf("signing key %q", m.SigningKey)
	}
	for _, d := range digests {
		if !hex64.MatchString(d) {
			return fmt.Errorf("digest %q", d)
		}
	}
	return nil
}
