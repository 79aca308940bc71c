package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

var (
	hexA = strings.Repeat("a", 64)
	hexB = strings.Repeat("b", 64)
	hexC = strings.Repeat("c", 64)
	hexD = strings.Repeat("d", 64)
)

// TestFingerprint checks the canonical text against a digest computed
// independently, with printf and sha256sum.
func TestFingerprint(t *testing.T) {
	in := FingerprintInput{MLAVersion: "0.1.0", AssetsSHA256: hexA, Layout: "parallel", Translation: "en", CaseSHA256: hexB,
		Evidence: [][2]string{{"/evidence/0", hexC}, {"/evidence/3", hexD}}}
	got, err := in.Sum()
	if err != nil {
		t.Fatal(err)
	}
	if want := "274a1b8edfba72843f528a44d38d1e4a272ecba0c26d67d4f8664530585b5d22"; got != want {
		text, _ := in.Text()
		t.Errorf("fingerprint %s, want %s; text:\n%s", got, want, text)
	}
	// Every covered value changes the fingerprint.
	changes := []func(*FingerprintInput){
		func(i *FingerprintInput) { i.MLAVersion = "0.1.1" },
		func(i *FingerprintInput) { i.AssetsSHA256 = hexD },
		func(i *FingerprintInput) { i.Draft = true },
		func(i *FingerprintInput) { i.Layout = "separate" },
		func(i *FingerprintInput) { i.Translation = "fr" },
		func(i *FingerprintInput) { i.CaseSHA256 = hexA },
		func(i *FingerprintInput) { i.Evidence = i.Evidence[:1] },
		func(i *FingerprintInput) { i.Evidence = [][2]string{{"/evidence/1", hexC}, {"/evidence/3", hexD}} },
		func(i *FingerprintInput) { i.Evidence = [][2]string{{"/evidence/0", hexD}, {"/evidence/3", hexD}} },
		func(i *FingerprintInput) { i.ReviewSHA256 = hexA },
		func(i *FingerprintInput) { i.SigningKey = "0123456789ABCDEF" },
	}
	for n, change := range changes {
		c := in
		c.Evidence = append([][2]string(nil), in.Evidence...)
		change(&c)
		if s, err := c.Sum(); err != nil || s == got {
			t.Errorf("change %d: fingerprint %s, %v", n, s, err)
		}
	}
	// No value can forge a line.
	for _, bad := range []FingerprintInput{
		{MLAVersion: "0.1.0\ncase_sha256 x", AssetsSHA256: hexA, Layout: "parallel", Translation: "en", CaseSHA256: hexB},
		{MLAVersion: "0.1.0", AssetsSHA256: hexA, Layout: "a b", Translation: "en", CaseSHA256: hexB},
		{MLAVersion: "0.1.0", AssetsSHA256: hexA, Layout: "parallel", Translation: "en", CaseSHA256: hexB, Evidence: [][2]string{{"/e 1", hexC}}},
		{MLAVersion: "0.1.0", AssetsSHA256: hexA, Layout: "parallel", Translation: "en", CaseSHA256: hexB, Evidence: [][2]string{{"/e", "x"}}},
		{MLAVersion: "0.1.0", AssetsSHA256: hexA, Layout: "parallel", Translation: "en", CaseSHA256: hexB, ReviewSHA256: "x\nsigning_key 0123456789ABCDEF"},
		{MLAVersion: "0.1.0", AssetsSHA256: hexA, Layout: "parallel", Translation: "en", CaseSHA256: hexB, SigningKey: "0123456789abcdef"},
	} {
		if _, err := bad.Sum(); err == nil {
			t.Errorf("%+v: want an error", bad)
		}
	}
}

// TestFingerprintReviewAndKey: the review file and the signing key add
// their lines, in this order, after the evidence, and only when there is
// one (the fixed fingerprint above is that of a bundle without them).
func TestFingerprintReviewAndKey(t *testing.T) {
	in := FingerprintInput{MLAVersion: "0.1.0", AssetsSHA256: hexA, Layout: "parallel", Translation: "en", CaseSHA256: hexB,
		Evidence: [][2]string{{"/evidence/0", hexC}}, ReviewSHA256: hexD, SigningKey: "0123456789ABCDEF"}
	text, err := in.Text()
	if err != nil {
		t.Fatal(err)
	}
	if want := "evidence /evidence/0 " + hexC + "\nreview_sha256 " + hexD + "\nsigning_key 0123456789ABCDEF\n"; !strings.HasSuffix(string(text), want) {
		t.Errorf("text:\n%s\nwant it to end with:\n%s", text, want)
	}
	m, err := NewManifest(Manifest{MLAVersion: "0.1.0", Options: RenderOptions{Layout: "parallel", Translation: "en"}, AssetsSHA256: hexA,
		Case: CaseEntry{Name: "c.json", SHA256: hexB}, Review: &ReviewEntry{Name: "c.review.json", SHA256: hexD}, SigningKey: "0123456789ABCDEF"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Fingerprint.Covers; c[len(c)-2] != "review.sha256" || c[len(c)-1] != "signing_key" {
		t.Errorf("covers %v", c)
	}
	back, err := DecodeManifest(m.Encode())
	if err != nil || back.Review == nil || back.Review.SHA256 != hexD || back.SigningKey != "0123456789ABCDEF" {
		t.Errorf("decoded %+v, %v", back, err)
	}
}

// TestAssetsDigest checks the digest against the output of
// "find schemas templates locales -type f | LC_ALL=C sort | xargs sha256sum | sha256sum"
// on the files mla reads; files it does not read change nothing.
func TestAssetsDigest(t *testing.T) {
	fsys := fstest.MapFS{
		"schemas/a.json":            {Data: []byte("{}")},
		"templates/us/profile.json": {Data: []byte("x")},
		"templates/offences.json":   {Data: []byte("y\n")},
		"locales/b.toml":            {Data: []byte("z")},
		"examples/e.json":           {Data: []byte("ignored")},
	}
	got, err := AssetsDigest(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if want := "a07cccfcd368bf74c7dbf911495bdeba650827170fadcedb1600aaff90dc6f59"; got != want {
		t.Errorf("digest %s, want %s", got, want)
	}
	fsys["examples/e.json"] = &fstest.MapFile{Data: []byte("changed")}
	if again, _ := AssetsDigest(fsys); again != got {
		t.Error("examples/ changed the digest")
	}
	for _, unused := range []string{"schemas/testdata/x.json", "schemas/notes.txt", "templates/us/notes.txt", "locales/sub/x.toml", "locales/x.json"} {
		fsys[unused] = &fstest.MapFile{Data: []byte("not read")}
		if again, _ := AssetsDigest(fsys); again != got {
			t.Errorf("%s changed the digest", unused)
		}
	}
	fsys["templates/us/deeper/x.json"] = &fstest.MapFile{Data: []byte("{}")}
	if again, _ := AssetsDigest(fsys); again == got {
		t.Error("a template file in a subfolder did not change the digest")
	}
	delete(fsys, "templates/us/deeper/x.json")
	fsys["locales/b.toml"] = &fstest.MapFile{Data: []byte("Z")}
	if again, _ := AssetsDigest(fsys); again == got {
		t.Error("a changed locale file did not change the digest")
	}
}

func sampleManifest(t testing.TB) Manifest {
	t.Helper()
	m, err := NewManifest(Manifest{
		MLAVersion: "0.1.0", State: "US", Reference: `示监协〔2026〕1号 "manifest_sha256": "` + zeros + `"`,
		Options: RenderOptions{Layout: "parallel", Translation: "en"}, AssetsSHA256: hexA,
		Case:     CaseEntry{Name: "case.json", Path: "../case.json", Folder: "..", Size: 2, SHA256: hexB},
		Evidence: []EvidenceEntry{{ID: "E1", Pointer: "/evidence/0", File: "scans/E1.pdf", Size: 3, SHA256: hexC}},
	}, []File{{"z.pdf", []byte("z")}, {"a.xlsx", []byte("a")}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestManifest(t *testing.T) {
	m := sampleManifest(t)
	if m.Files[0].Name != "a.xlsx" || m.Files[1].Name != "z.pdf" {
		t.Errorf("files not sorted: %+v", m.Files)
	}
	// SHA-256 of "a", computed independently.
	if m.Files[0].SHA256 != "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" {
		t.Errorf("sha256 of a = %s", m.Files[0].SHA256)
	}
	if m.Format != ManifestFormat || m.Fingerprint.Scheme != FingerprintScheme || len(m.Fingerprint.Covers) != 8 {
		t.Errorf("manifest %+v", m)
	}
	if fp, _ := m.Input().Sum(); fp != m.Fingerprint.SHA256 {
		t.Errorf("fingerprint %s, recomputed %s", m.Fingerprint.SHA256, fp)
	}
	// The outputs are not covered: the PDFs carry the fingerprint.
	other, _ := NewManifest(m, []File{{"a.xlsx", []byte("b")}})
	if other.Fingerprint.SHA256 != m.Fingerprint.SHA256 {
		t.Error("the fingerprint depends on the outputs")
	}
	data := m.Encode()
	if !bytes.Equal(data, m.Encode()) {
		t.Error("Encode is not deterministic")
	}
	got, err := DecodeManifest(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.ManifestSHA256 == zeros || !bytes.Contains(data, []byte(got.ManifestSHA256)) {
		t.Errorf("seal %s", got.ManifestSHA256)
	}
	got.ManifestSHA256 = ""
	if gj, _ := json.Marshal(got); !bytes.Equal(gj, mustJSON(m)) {
		t.Errorf("round trip:\n%s\n%s", gj, mustJSON(m))
	}
}

func mustJSON(m Manifest) []byte {
	b, _ := json.Marshal(m)
	return b
}

// TestEveryChangedByteOfTheManifest flips each byte of a manifest in turn:
// none of the changes may go unnoticed.
func TestEveryChangedByteOfTheManifest(t *testing.T) {
	data := sampleManifest(t).Encode()
	for i := range data {
		for _, flip := range []byte{0x01, 0x20, 0x80} {
			c := bytes.Clone(data)
			c[i] ^= flip
			m, err := DecodeManifest(c)
			if err == nil {
				t.Fatalf("byte %d (%q) ^ %#x: the change went unnoticed", i, data[i], flip)
			}
			if errors.Is(err, ErrFormat) {
				t.Fatalf("byte %d: a changed byte taken for another format", i)
			}
			if m != nil && m.wellFormed() != nil {
				t.Fatalf("byte %d: a manifest that is not well-formed was returned", i)
			}
		}
	}
}

func TestDecodeManifestRefuses(t *testing.T) {
	good := sampleManifest(t)
	tests := []struct {
		name string
		edit func(m *Manifest)
		want error
	}{
		{"newer format", func(m *Manifest) { m.Format = "mla-manifest/9" }, ErrFormat},
		{"not a manifest", func(m *Manifest) { m.Format = "something" }, ErrManifest},
		{"output outside the folder", func(m *Manifest) { m.Files[0].Name = "../x" }, ErrManifest},
		{"output in a subfolder", func(m *Manifest) { m.Files[0].Name = "a/x" }, ErrManifest},
		{"the manifest as an output", func(m *Manifest) { m.Files[0].Name = ManifestName }, ErrManifest},
		{"digest not hexadecimal", func(m *Manifest) { m.Files[0].SHA256 = strings.Repeat("G", 64) }, ErrManifest},
		{"evidence digest short", func(m *Manifest) { m.Evidence[0].SHA256 = "ab" }, ErrManifest},
	}
	for _, tt := range tests {
		m := good
		m.Files = append([]Entry(nil), good.Files...)
		m.Evidence = append([]EvidenceEntry(nil), good.Evidence...)
		tt.edit(&m)
		if _, err := DecodeManifest(m.Encode()); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	// A repeated key: readers disagree on which value counts.
	repeated := strings.Replace(string(good.Encode()), `"format": "mla-manifest/1"`, `"format": "mla-manifest/1", "format": "mla-manifest/1"`, 1)
	for _, in := range []string{"", "{", "[]", `{"format": "mla-manifest/1"} {}`, repeated} {
		if _, err := DecodeManifest([]byte(in)); !errors.Is(err, ErrManifest) {
			t.Errorf("%q: %v", in, err)
		}
	}
}
