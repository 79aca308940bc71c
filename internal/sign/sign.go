// Package sign makes and checks detached signatures in minisign's format
// (Ed25519 over the file's BLAKE2b-512, with a trusted comment), so that
// anyone can check a file mla signed with minisign itself:
//
//	minisign -V -p mla.pub -m manifest.json
//
// It signs any file: a bundle's manifest.json, a reviewer's review.json.
package sign

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"aead.dev/minisign"

	"github.com/mla-dev/mla/internal/safefile"
)

// Ext is appended to a file's name to name its signature, as minisign does.
const Ext = ".minisig"

// File names written by NewKeyFiles.
const (
	PrivateName = "mla.key"
	PublicName  = "mla.pub"
)

var (
	// ErrMalformed: the signature file is not a minisign signature.
	ErrMalformed = errors.New("not a minisign signature")
	// ErrWrongKey: the signature was made with another key than the one given.
	ErrWrongKey = errors.New("signed with another key")
	// ErrComment: the trusted comment does not match its signature.
	ErrComment = errors.New("trusted comment altered")
	// ErrContent: the signature is authentic but not of these bytes.
	ErrContent = errors.New("file changed since it was signed")
	// ErrPassword: the private key could not be decrypted with the password.
	ErrPassword = errors.New("wrong password or damaged private key")
	// ErrNotKey: the file is not a minisign key.
	ErrNotKey = errors.New("not a minisign key")
)

// KeyID returns a key id as minisign prints it: 16 upper-case hex digits.
func KeyID(id uint64) string { return fmt.Sprintf("%016X", id) }

// Key is a new key pair, as its two files' bytes.
type Key struct {
	ID      string
	Public  []byte // minisign public key file
	Private []byte // minisign secret key file, encrypted unless the password was empty
}

// NewKey makes a key pair. With a password the private key is encrypted as
// minisign encrypts it (scrypt, and a checksum of the key); with an empty
// one it is stored unencrypted, as minisign -W does.
func NewKey(password string) (Key, error) {
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		return Key{}, err
	}
	k := Key{ID: KeyID(pub.ID())}
	if k.Public, err = pub.MarshalText(); err != nil {
		return Key{}, err
	}
	k.Public = append(bytes.TrimRight(k.Public, "\n"), '\n')
	if password == "" {
		k.Private, err = priv.MarshalText()
	} else {
		k.Private, err = minisign.EncryptKey(password, priv)
	}
	if err != nil {
		return Key{}, err
	}
	k.Private = append(bytes.TrimRight(k.Private, "\n"), '\n')
	return k, nil
}

// IsEncrypted reports whether a private key file needs a password.
func IsEncrypted(data []byte) bool { return minisign.IsEncrypted(data) }

// PrivateKey decodes a private key file, decrypting it with password when
// it is encrypted.
func PrivateKey(data []byte, password string) (minisign.PrivateKey, error) {
	var k minisign.PrivateKey
	if minisign.IsEncrypted(data) {
		k, err := minisign.DecryptKey(password, data)
		if err != nil {
			return k, ErrPassword
		}
		return k, nil
	}
	if err := k.UnmarshalText(data); err != nil {
		return k, ErrNotKey
	}
	return k, nil
}

// PublicKey decodes a public key file, or the one line of base64 that
// minisign -P takes.
func PublicKey(data []byte) (minisign.PublicKey, error) {
	var k minisign.PublicKey
	text := strings.TrimSpace(string(data))
	if !strings.Contains(text, "\n") {
		text = "untrusted comment: minisign public key\n" + text
	}
	if err := k.UnmarshalText([]byte(text)); err != nil {
		return k, ErrNotKey
	}
	return k, nil
}

// Sign returns the signature file of data: minisign's pre-hashed form, with
// trustedComment (one line) signed along.
func Sign(key minisign.PrivateKey, data []byte, trustedComment string) []byte {
	r := minisign.NewReader(bytes.NewReader(data))
	buf := make([]byte, 32<<10)
	for {
		if _, err := r.Read(buf); err != nil {
			break // a bytes.Reader ends with io.EOF only
		}
	}
	untrusted := "signature from mla secret key " + KeyID(key.ID())
	return r.SignWithComments(key, oneLine(trustedComment), untrusted)
}

func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// Verify checks that sig is key's signature of data and returns its
// trusted comment. The error says why not: ErrMalformed, ErrWrongKey,
// ErrComment, or ErrContent (with the trusted comment, which is then
// authentic: it tells what was signed).
func Verify(key minisign.PublicKey, data, sig []byte) (string, error) {
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil {
		return "", ErrMalformed
	}
	if s.KeyID != key.ID() {
		return "", ErrWrongKey
	}
	raw, err := base64.StdEncoding.DecodeString(key.String())
	if err != nil || len(raw) != 10+ed25519.PublicKeySize {
		return "", ErrNotKey
	}
	pub := ed25519.PublicKey(raw[10:])
	if !ed25519.Verify(pub, append(s.Signature[:], s.TrustedComment...), s.CommentSignature[:]) {
		return "", ErrComment
	}
	r := minisign.NewReader(bytes.NewReader(data))
	buf := make([]byte, 32<<10)
	for {
		if _, err := r.Read(buf); err != nil {
			break
		}
	}
	if !r.Verify(key, sig) {
		return s.TrustedComment, ErrContent
	}
	return s.TrustedComment, nil
}

// SignatureKeyID returns the key id a signature file names (not
// authenticated: a hint only).
func SignatureKeyID(sig []byte) (string, error) {
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil {
		return "", ErrMalformed
	}
	return KeyID(s.KeyID), nil
}

// Exists reports whether path names anything (a file, a folder, a link).
func Exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// ManifestComment is the trusted comment of a bundle manifest's signature:
// the manifest's SHA-256 and the case reference, quoted.
func ManifestComment(manifestSHA256, reference string) string {
	return "mla-manifest sha256=" + manifestSHA256 + " reference=" + strconv.Quote(reference)
}

// ReviewComment is the trusted comment of a review file's signature: the
// file's SHA-256, the SHA-256 of the version of the case it reviews, and
// the case reference, quoted.
func ReviewComment(fileSHA256, caseSHA256, reference string) string {
	return "mla-review sha256=" + fileSHA256 + " case_sha256=" + caseSHA256 + " reference=" + strconv.Quote(reference)
}

// ParseManifestComment returns what ManifestComment put in a comment.
func ParseManifestComment(c string) (manifestSHA256, reference string, ok bool) {
	rest, ok := strings.CutPrefix(c, "mla-manifest sha256=")
	if !ok {
		return "", "", false
	}
	sha, q, ok := strings.Cut(rest, " reference=")
	if !ok {
		return "", "", false
	}
	ref, err := strconv.Unquote(q)
	if err != nil {
		return "", "", false
	}
	return sha, ref, true
}

// MaxKeyFile bounds what ReadFile reads of a key or signature file: each
// is under 1 KiB.
const MaxKeyFile = 64 << 10

// ErrTooLarge: the file is larger than the limit ReadFile was given.
var ErrTooLarge = errors.New("file too large")

// ReadFile reads the regular file at path, of at most limit bytes. A named
// pipe, a device or a folder is refused (never waited on), as is a larger
// file.
func ReadFile(path string, limit int64) ([]byte, error) {
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, _, err := safefile.OpenRegular(root, filepath.Base(path))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, ErrTooLarge
	}
	return data, nil
}
