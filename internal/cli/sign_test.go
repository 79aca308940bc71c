package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/sign"
)

// newKeys makes an unprotected key pair in a new folder and returns the
// private and public key files.
func newKeys(t *testing.T) (string, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "keys")
	code, out, errs := run(t, nil, "keys", "new", "--out", dir, "--no-password")
	if code != 0 || !strings.Contains(errs, "mla.key") {
		t.Fatalf("keys new: exit %d\n%s%s", code, out, errs)
	}
	return filepath.Join(dir, sign.PrivateName), filepath.Join(dir, sign.PublicName)
}

// signedBundle generates the bundle of an example and signs it.
func signedBundle(t *testing.T, example, key string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", repo(example), "--out", out); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errs)
	}
	if code, stdout, errs := run(t, nil, "sign", out, "--key", key); code != 0 || !strings.Contains(stdout, bundle.SignatureName) {
		t.Fatalf("sign: exit %d\n%s%s", code, stdout, errs)
	}
	return out
}

func verifySignature(t *testing.T, dir, pub string) (int, signatureCheck, string) {
	t.Helper()
	args := []string{"verify", dir, "--format", "json"}
	if pub != "" {
		args = append(args, "--key", pub)
	}
	code, stdout, errs := run(t, nil, args...)
	var got verifyJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || got.Signature == nil {
		t.Fatalf("verify: exit %d, %v\n%s%s", code, err, stdout, errs)
	}
	_, text, _ := run(t, nil, append([]string{"verify", dir}, args[4:]...)...)
	return code, *got.Signature, text
}

func TestKeysNew(t *testing.T) {
	priv, pub := newKeys(t)
	for _, f := range []string{priv, pub, filepath.Dir(priv)} {
		fi, err := os.Stat(f)
		must(t, err)
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v, want no access for others", f, fi.Mode().Perm())
		}
	}
	// Never overwritten, whatever is there.
	before, _ := os.ReadFile(priv)
	code, _, errs := run(t, nil, "keys", "new", "--out", filepath.Dir(priv), "--no-password")
	if after, _ := os.ReadFile(priv); code != ExitUsage || !bytes.Equal(before, after) || !strings.Contains(errs, priv) {
		t.Errorf("second keys new: exit %d, key changed %v: %s", code, !bytes.Equal(before, after), errs)
	}
	// No password, no terminal, no --no-password: a usage error naming the variable.
	code, _, errs = run(t, nil, "keys", "new", "--out", filepath.Join(t.TempDir(), "k"))
	if code != ExitUsage || !strings.Contains(errs, PasswordVar) {
		t.Errorf("keys new without a password: exit %d: %s", code, errs)
	}
	// The private key is neither printed nor in a bundle.
	secret := privateBytes(t, priv)
	_, stdout, stderr := run(t, nil, "keys", "new", "--out", filepath.Join(t.TempDir(), "k2"), "--no-password")
	if strings.Contains(stdout+stderr, "minisign encrypted secret key") || !strings.Contains(stdout, "Key id") {
		t.Errorf("keys new prints:\n%s%s", stdout, stderr)
	}
	dir := signedBundle(t, example, priv)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		for _, part := range [][]byte{secret, []byte(base64.StdEncoding.EncodeToString(secret)), before} {
			if bytes.Contains(data, part) {
				t.Errorf("%s holds the private key", e.Name())
			}
		}
	}
}

// privateBytes returns the secret half of an unprotected key file.
func privateBytes(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	_, b64, _ := strings.Cut(strings.TrimSpace(string(data)), "\n")
	raw, err := base64.StdEncoding.DecodeString(b64)
	must(t, err)
	return raw[62 : 62+32] // the Ed25519 seed
}

// TestSignedBundleTampering plays each way of tampering with a signed
// bundle; verify --key fails and says which.
func TestSignedBundleTampering(t *testing.T) {
	priv, pub := newKeys(t)
	_, otherPub := newKeys(t)
	dir := signedBundle(t, example, priv)
	other := signedBundle(t, "examples/au-bribery.json", priv)

	code, sc, text := verifySignature(t, dir, pub)
	if code != 0 || !sc.OK || !strings.Contains(sc.Comment, "manifest_sha256") && !strings.Contains(sc.Comment, "sha256=") {
		t.Fatalf("signed bundle: exit %d %+v\n%s", code, sc, text)
	}
	if code, sc, text = verifySignature(t, dir, ""); code != 0 || sc.Checked || !sc.Present || !strings.Contains(text, "not checked") {
		t.Errorf("without --key: exit %d %+v\n%s", code, sc, text)
	}
	if code, sc, text = verifySignature(t, dir, otherPub); code != ExitFindings || sc.Reason != "wrong_key" || !strings.Contains(text, "made with key") {
		t.Errorf("another key: exit %d %+v\n%s", code, sc, text)
	}

	mpath := filepath.Join(dir, bundle.ManifestName)
	spath := filepath.Join(dir, bundle.SignatureName)
	manifest, _ := os.ReadFile(mpath)
	signature, _ := os.ReadFile(spath)
	restore := func() {
		must(t, os.WriteFile(mpath, manifest, 0o600))
		must(t, os.WriteFile(spath, signature, 0o600))
	}

	// A flipped byte in any file.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		f := filepath.Join(dir, e.Name())
		orig, _ := os.ReadFile(f)
		c := append([]byte(nil), orig...)
		c[len(c)/2] ^= 0x01
		must(t, os.WriteFile(f, c, 0o600))
		if code, _, text := verifySignature(t, dir, pub); code != ExitFindings || !strings.Contains(text, "NOT verified") {
			t.Errorf("%s changed: exit %d\n%s", e.Name(), code, text)
		}
		must(t, os.WriteFile(f, orig, 0o600))
	}

	// A file changed and the manifest re-written to match: the files check,
	// the signature does not.
	ev := filepath.Join(dir, "evidence.xlsx")
	evOrig, _ := os.ReadFile(ev)
	changed := append(append([]byte(nil), evOrig...), 0)
	must(t, os.WriteFile(ev, changed, 0o600))
	m, err := bundle.DecodeManifest(manifest)
	must(t, err)
	for i := range m.Files {
		if m.Files[i].Name == "evidence.xlsx" {
			m.Files[i] = bundle.Hash("evidence.xlsx", changed)
		}
	}
	must(t, os.WriteFile(mpath, m.Encode(), 0o600))
	if code, sc, text = verifySignature(t, dir, pub); code != ExitFindings || sc.Reason != "manifest_changed" || !strings.Contains(text, "re-written") {
		t.Errorf("re-written manifest: exit %d %+v\n%s", code, sc, text)
	}
	if code, _, _ := run(t, nil, "verify", dir); code != 0 {
		t.Errorf("re-written manifest without --key: exit %d (the files match it)", code)
	}
	must(t, os.WriteFile(ev, evOrig, 0o600))
	restore()

	// Another bundle's signature.
	otherSig, _ := os.ReadFile(filepath.Join(other, bundle.SignatureName))
	must(t, os.WriteFile(spath, otherSig, 0o600))
	if code, sc, text = verifySignature(t, dir, pub); code != ExitFindings || sc.Reason != "other_bundle" || !strings.Contains(text, "西监协") {
		t.Errorf("another bundle's signature: exit %d %+v\n%s", code, sc, text)
	}
	restore()

	// The signature deleted.
	must(t, os.Remove(spath))
	if code, sc, text = verifySignature(t, dir, pub); code != ExitFindings || sc.Reason != "missing" || !strings.Contains(text, "missing") {
		t.Errorf("no signature: exit %d %+v\n%s", code, sc, text)
	}
	// Signing again works once the old signature is gone; a second sign is refused.
	if code, _, errs := run(t, nil, "sign", dir, "--key", priv); code != 0 {
		t.Errorf("sign again: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, nil, "sign", dir, "--key", priv); code != ExitUsage || !strings.Contains(errs, "exists already") {
		t.Errorf("sign over a signature: exit %d %s", code, errs)
	}
	// A bundle that does not verify is not signed.
	must(t, os.Remove(spath))
	must(t, os.WriteFile(ev, changed, 0o600))
	if code, _, errs := run(t, nil, "sign", dir, "--key", priv); code != ExitFindings || sign.Exists(spath) {
		t.Errorf("sign a changed bundle: exit %d %s", code, errs)
	}
	must(t, os.WriteFile(ev, evOrig, 0o600))
	// The public key given as --key to sign is refused by name.
	if code, _, errs := run(t, nil, "sign", dir, "--key", pub); code != ExitUsage || !strings.Contains(errs, "not a minisign private key") {
		t.Errorf("sign with the public key: exit %d %s", code, errs)
	}
}

// TestMinisignVerifiesBundle has Debian's minisign check a signed bundle's
// manifest with the public key file.
func TestMinisignVerifiesBundle(t *testing.T) {
	bin := checker(t, "minisign")
	priv, pub := newKeys(t)
	dir := signedBundle(t, example, priv)
	out, err := exec.Command(bin, "-V", "-p", pub, "-m", filepath.Join(dir, bundle.ManifestName)).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "reference=") {
		t.Fatalf("minisign -V: %v\n%s", err, out)
	}
}

// TestGenerateSign signs while generating; --force replaces a signed
// bundle, stale signature and all.
func TestGenerateSign(t *testing.T) {
	priv, pub := newKeys(t)
	out := filepath.Join(t.TempDir(), "bundle")
	for _, args := range [][]string{
		{"generate", repo(example), "--out", out, "--sign", priv},
		{"generate", repo(example), "--out", out, "--force"},
	} {
		if code, stdout, errs := run(t, nil, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, stdout, errs)
		}
		code, sc, text := verifySignature(t, out, pub)
		signed := slicesContains(args, "--sign")
		if signed && (code != 0 || !sc.OK) || !signed && (code != ExitFindings || sc.Reason != "missing") {
			t.Errorf("%v, then verify --key: exit %d %+v\n%s", args, code, sc, text)
		}
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestBatchSign signs every bundle of a batch with the one key.
func TestBatchSign(t *testing.T) {
	priv, pub := newKeys(t)
	out := filepath.Join(t.TempDir(), "batch")
	code, stdout, errs := run(t, nil, "generate", repo(example), repo("examples/au-bribery.json"), "--out", out, "--sign", priv, "--jobs", "2")
	if code != 0 {
		t.Fatalf("batch: exit %d\n%s%s", code, stdout, errs)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		t.Fatalf("batch wrote %d folders", len(entries))
	}
	for _, e := range entries {
		if code, sc, text := verifySignature(t, filepath.Join(out, e.Name()), pub); code != 0 || !sc.OK {
			t.Errorf("%s: exit %d %+v\n%s", e.Name(), code, sc, text)
		}
	}
}
