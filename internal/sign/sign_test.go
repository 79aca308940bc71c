package sign

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func newKey(t *testing.T) Key {
	t.Helper()
	k, err := NewKey("")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSignVerify(t *testing.T) {
	k, other := newKey(t), newKey(t)
	priv, err := PrivateKey(k.Private, "")
	if err != nil {
		t.Fatal(err)
	}
	pub, err := PublicKey(k.Public)
	if err != nil {
		t.Fatal(err)
	}
	otherPub, err := PublicKey(other.Public)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("{\"a\": 1}\n")
	comment := ManifestComment(strings.Repeat("ab", 32), "京检\n2026")
	sig := Sign(priv, data, comment)
	got, err := Verify(pub, data, sig)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	sha, ref, ok := ParseManifestComment(got)
	if !ok || sha != strings.Repeat("ab", 32) || ref != "京检\n2026" {
		t.Errorf("comment %q parsed as %q %q %v", got, sha, ref, ok)
	}
	if id, _ := SignatureKeyID(sig); id != k.ID {
		t.Errorf("signature names key %s, want %s", id, k.ID)
	}
	changed := bytes.Replace(data, []byte("1"), []byte("2"), 1)
	if _, err := Verify(pub, changed, sig); !errors.Is(err, ErrContent) {
		t.Errorf("changed data: %v, want ErrContent", err)
	}
	if _, err := Verify(otherPub, data, sig); !errors.Is(err, ErrWrongKey) {
		t.Errorf("other key: %v, want ErrWrongKey", err)
	}
	forged := bytes.Replace(sig, []byte("reference="), []byte("reference=X"), 1)
	if _, err := Verify(pub, data, forged); !errors.Is(err, ErrComment) {
		t.Errorf("altered comment: %v, want ErrComment", err)
	}
	if _, err := Verify(pub, data, []byte("hello")); !errors.Is(err, ErrMalformed) {
		t.Errorf("garbage: %v, want ErrMalformed", err)
	}
}

// TestEncryptedKey decrypts a password-protected key (scrypt with
// minisign's cost: about 1 GiB for a second or two).
func TestEncryptedKey(t *testing.T) {
	if testing.Short() {
		t.Skip("scrypt with minisign's cost")
	}
	k, err := NewKey("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !IsEncrypted(k.Private) {
		t.Fatal("a key made with a password is not encrypted")
	}
	if _, err := PrivateKey(k.Private, "wrong"); !errors.Is(err, ErrPassword) {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := PrivateKey(k.Private, "correct horse"); err != nil {
		t.Errorf("right password: %v", err)
	}
}

// TestMinisignVerifies has minisign itself check a signature made here.
func TestMinisignVerifies(t *testing.T) {
	bin, err := exec.LookPath("minisign")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("checker minisign is missing (CI is set): %v", err)
		}
		t.Skipf("checker minisign is missing: %v", err)
	}
	dir := t.TempDir()
	k := newKey(t)
	priv, _ := PrivateKey(k.Private, "")
	data := []byte("manifest\n")
	msg, pubFile := filepath.Join(dir, "m.json"), filepath.Join(dir, PublicName)
	must(t, os.WriteFile(msg, data, 0o600))
	must(t, os.WriteFile(pubFile, k.Public, 0o600))
	must(t, os.WriteFile(msg+Ext, Sign(priv, data, ManifestComment(strings.Repeat("0", 64), "R-1")), 0o600))
	out, err := exec.Command(bin, "-V", "-p", pubFile, "-m", msg).CombinedOutput()
	if err != nil || !strings.Contains(string(out), `reference="R-1"`) {
		t.Fatalf("minisign -V: %v\n%s", err, out)
	}
	must(t, os.WriteFile(msg, []byte("manifest!\n"), 0o600))
	if out, err := exec.Command(bin, "-V", "-p", pubFile, "-m", msg).CombinedOutput(); err == nil {
		t.Fatalf("minisign -V accepts a changed file:\n%s", out)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
