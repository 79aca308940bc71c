package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"aead.dev/minisign"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/safefile"
	"github.com/mla-dev/mla/internal/sign"
	"github.com/mla-dev/mla/internal/signoff"
)

// PasswordVar names the environment variable a key's password is read from;
// without it the password is asked on the terminal, without echo. Never a
// flag: a flag shows in the process list and the shell history.
const PasswordVar = "MLA_KEY_PASSWORD"

func (a *app) newKeysCmd() *cobra.Command {
	keys := &cobra.Command{
		Use:   "keys",
		Short: a.t("cli.keys.short", nil),
		Args:  cobra.NoArgs,
	}
	var out string
	var noPassword bool
	create := &cobra.Command{
		Use:     "new --out DIR",
		Short:   a.t("cli.keys_new.short", nil),
		Long:    a.t("cli.keys_new.long", map[string]any{"Var": PasswordVar}),
		Example: "mla keys new --out keys",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.noStdout(cmd, out); err != nil {
				return err
			}
			return a.runKeysNew(out, noPassword)
		},
	}
	create.Flags().StringVar(&out, "out", "", a.t("cli.flag.keys_out", nil))
	create.Flags().BoolVar(&noPassword, "no-password", false, a.t("cli.flag.no_password", nil))
	keys.AddCommand(create)
	return keys
}

func (a *app) runKeysNew(out string, noPassword bool) error {
	if out == "" {
		return a.fail(ExitUsage, "sign.error.out_missing", nil)
	}
	priv, pub := filepath.Join(out, sign.PrivateName), filepath.Join(out, sign.PublicName)
	for _, p := range []string{priv, pub} {
		if sign.Exists(p) {
			return a.fail(ExitUsage, "sign.error.key_exists", map[string]any{"File": p})
		}
	}
	password := ""
	if noPassword {
		fmt.Fprintln(a.env.Stderr, a.t("sign.warn.no_password", map[string]any{"File": priv}))
	} else {
		var err error
		if password, err = a.password(true); err != nil {
			return err
		}
	}
	k, err := sign.NewKey(password)
	if err != nil {
		return a.internal(err)
	}
	if err := os.MkdirAll(out, 0o700); err != nil {
		return a.fail(ExitUsage, "sign.error.write", map[string]any{"File": out, "Detail": err.Error()})
	}
	if err := safefile.Write(priv, k.Private, safefile.WriteOptions{New: true}); err != nil {
		return a.writeKeyError(priv, err)
	}
	if err := safefile.Write(pub, k.Public, safefile.WriteOptions{New: true}); err != nil {
		os.Remove(priv) // ours: written just above
		return a.writeKeyError(pub, err)
	}
	line := strings.TrimSpace(string(k.Public[strings.IndexByte(string(k.Public), '\n')+1:]))
	fmt.Fprintln(a.env.Stdout, a.t("sign.keys.created", map[string]any{"Private": priv, "Public": pub, "ID": k.ID, "Key": line}))
	return nil
}

func (a *app) writeKeyError(p string, err error) error {
	if errors.Is(err, fs.ErrExist) {
		return a.fail(ExitUsage, "sign.error.key_exists", map[string]any{"File": p})
	}
	return a.fail(ExitUsage, "sign.error.write", map[string]any{"File": p, "Detail": err.Error()})
}

// password returns the key password from PasswordVar or, on a terminal,
// asked without echo (twice when confirm is set).
func (a *app) password(confirm bool) (string, error) {
	if p := a.env.Getenv(PasswordVar); p != "" {
		return p, nil
	}
	f, ok := a.env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", a.fail(ExitUsage, "sign.error.no_password", map[string]any{"Var": PasswordVar})
	}
	fmt.Fprint(a.env.Stderr, a.t("sign.prompt.password", nil))
	p, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(a.env.Stderr)
	if err != nil {
		return "", a.fail(ExitUsage, "sign.error.no_password", map[string]any{"Var": PasswordVar})
	}
	if confirm {
		fmt.Fprint(a.env.Stderr, a.t("sign.prompt.again", nil))
		q, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.env.Stderr)
		if err != nil || string(q) != string(p) {
			return "", a.fail(ExitUsage, "sign.error.password_mismatch", nil)
		}
	}
	if len(p) == 0 {
		return "", a.fail(ExitUsage, "sign.error.no_password", map[string]any{"Var": PasswordVar})
	}
	return string(p), nil
}

func (a *app) newSignCmd() *cobra.Command {
	var key string
	cmd := &cobra.Command{
		Use:     "sign DIR|REVIEW-FILE --key KEY",
		Short:   a.t("cli.sign.short", nil),
		Long:    a.t("cli.sign.long", map[string]any{"Var": PasswordVar}),
		Example: "mla sign out --key keys/mla.key",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runSign(args[0], key)
		},
	}
	cmd.Flags().StringVar(&key, "key", "", a.t("cli.flag.sign_key", nil))
	return cmd
}

func (a *app) runSign(dir, keyPath string) error {
	if keyPath == "" {
		return a.fail(ExitUsage, "sign.error.key_missing", nil)
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().IsRegular() {
		return a.runSignReview(dir, keyPath)
	}
	priv, err := a.loadPrivate(keyPath)
	if err != nil {
		return err
	}
	// Sign only a bundle that verifies: a signature vouches for its files.
	if err := a.runVerify(context.Background(), &verifyOptions{dir: dir, format: "text", quiet: true}); err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.code == ExitFindings {
			return a.fail(ExitFindings, "sign.error.bundle_fails", map[string]any{"Dir": dir})
		}
		return err
	}
	mpath := filepath.Join(dir, bundle.ManifestName)
	mdata, err := sign.ReadFile(mpath, maxManifestBytes)
	if err != nil {
		return a.fail(ExitUsage, "sign.error.key_unreadable", map[string]any{"File": mpath, "Detail": err.Error()})
	}
	m, err := bundle.DecodeManifest(mdata)
	if err != nil {
		return a.fail(ExitFindings, "sign.error.bundle_fails", map[string]any{"Dir": dir})
	}
	return a.signManifest(a.env.Stdout, dir, priv, mdata, m)
}

// maxReviewBytes bounds what sign and verify read of a review file.
const maxReviewBytes = 16 << 20

// runSignReview signs a reviewer's review file (CASE.review.json) the way
// a bundle's manifest is signed: FILE.minisig beside it, whose trusted
// comment names the file's SHA-256, the version of the case it reviews and
// the case reference. Only a review file is signed.
func (a *app) runSignReview(file, keyPath string) error {
	data, err := sign.ReadFile(file, maxReviewBytes)
	if err != nil {
		return a.fail(ExitUsage, "cli.signoff.unreadable", map[string]any{"File": casefile.Visible(file), "Err": err.Error()})
	}
	rec, err := signoff.Parse(data)
	if err != nil {
		return a.reviewFileError(file, err)
	}
	priv, err := a.loadPrivate(keyPath)
	if err != nil {
		return err
	}
	sig := sign.Sign(priv, data, sign.ReviewComment(bundle.Hash("", data).SHA256, rec.CaseSHA256, rec.Reference))
	spath := file + sign.Ext
	if err := safefile.Write(spath, sig, safefile.WriteOptions{New: true}); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return a.fail(ExitUsage, "sign.error.signature_exists", map[string]any{"File": spath})
		}
		return a.fail(ExitUsage, "sign.error.write", map[string]any{"File": spath, "Detail": err.Error()})
	}
	fmt.Fprintln(a.env.Stdout, a.t("sign.signed_review", map[string]any{"File": spath, "ID": sign.KeyID(priv.ID()), "Review": file}))
	return nil
}

// checkReviewSignature checks the signature beside a review file
// (FILE.minisig) with the public key file pubPath, over review (the bytes
// read with the case) or, when nil, the file as it is now. Reason is
// "no_review" when there is no review file or it cannot be read, and
// otherwise as for the manifest's signature, "changed" meaning the review
// file was changed after it was signed.
func (a *app) checkReviewSignature(file string, review []byte, pubPath string) (signatureCheck, error) {
	sc := signatureCheck{Checked: true}
	data, err := sign.ReadFile(pubPath, sign.MaxKeyFile)
	if err != nil {
		return sc, a.fail(ExitUsage, "sign.error.key_unreadable", map[string]any{"File": pubPath, "Detail": err.Error()})
	}
	pub, err := sign.PublicKey(data)
	if err != nil {
		return sc, a.fail(ExitUsage, "sign.error.not_public_key", map[string]any{"File": pubPath})
	}
	if file == "" {
		sc.Reason = "no_review"
		return sc, nil
	}
	if review == nil {
		if review, err = sign.ReadFile(file, maxReviewBytes); err != nil {
			sc.Reason = "no_review"
			return sc, nil
		}
	}
	sig, err := sign.ReadFile(file+sign.Ext, sign.MaxKeyFile)
	if err != nil {
		sc.Reason = "missing"
		return sc, nil
	}
	sc.Present = true
	sc.KeyID, _ = sign.SignatureKeyID(sig)
	comment, err := sign.Verify(pub, review, sig)
	switch {
	case errors.Is(err, sign.ErrWrongKey):
		sc.Reason = "wrong_key"
	case errors.Is(err, sign.ErrComment):
		sc.Reason = "comment"
	case errors.Is(err, sign.ErrContent):
		sc.Reason, sc.Comment = "changed", comment
	case err != nil:
		sc.Reason = "malformed"
	default:
		sc.OK, sc.Comment = true, comment
	}
	return sc, nil
}

// loadPrivate reads a private key file, asking for its password when it
// has one.
func (a *app) loadPrivate(keyPath string) (minisign.PrivateKey, error) {
	data, err := sign.ReadFile(keyPath, sign.MaxKeyFile)
	if err != nil {
		return minisign.PrivateKey{}, a.fail(ExitUsage, "sign.error.key_unreadable", map[string]any{"File": keyPath, "Detail": err.Error()})
	}
	password := ""
	if sign.IsEncrypted(data) {
		if password, err = a.password(false); err != nil {
			return minisign.PrivateKey{}, err
		}
	}
	priv, err := sign.PrivateKey(data, password)
	switch {
	case errors.Is(err, sign.ErrPassword):
		return priv, a.fail(ExitUsage, "sign.error.password_wrong", map[string]any{"File": keyPath})
	case err != nil:
		return priv, a.fail(ExitUsage, "sign.error.not_private_key", map[string]any{"File": keyPath})
	}
	return priv, nil
}

// signManifest writes the signature of a bundle's manifest bytes into dir
// and says so.
func (a *app) signManifest(w io.Writer, dir string, priv minisign.PrivateKey, mdata []byte, m *bundle.Manifest) error {
	sig := sign.Sign(priv, mdata, sign.ManifestComment(m.ManifestSHA256, m.Reference))
	spath := filepath.Join(dir, bundle.SignatureName)
	if err := safefile.Write(spath, sig, safefile.WriteOptions{New: true}); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return a.fail(ExitUsage, "sign.error.signature_exists", map[string]any{"File": spath})
		}
		return a.fail(ExitUsage, "sign.error.write", map[string]any{"File": spath, "Detail": err.Error()})
	}
	fmt.Fprintln(w, a.t("sign.signed", map[string]any{"File": spath, "ID": sign.KeyID(priv.ID()), "Manifest": filepath.Join(dir, bundle.ManifestName)}))
	return nil
}

// maxManifestBytes bounds what sign and verify --key read of a manifest.
const maxManifestBytes = 64 << 20

// signatureCheck is the result of checking a bundle's signature.
type signatureCheck struct {
	Present bool   `json:"present"`
	Checked bool   `json:"checked"`           // a public key was given
	OK      bool   `json:"ok"`                // checked and valid
	KeyID   string `json:"key_id,omitempty"`  // the key the signature names
	Reason  string `json:"reason,omitempty"`  // why it failed
	Comment string `json:"comment,omitempty"` // the trusted comment, when authentic
	// PrintedKey is the key id the pages print (generate --sign), when it
	// is not the key that made the signature.
	PrintedKey string `json:"printed_key_id,omitempty"`
}

// checkSignature checks dir's manifest signature with the public key file
// pubPath, or only looks for it when pubPath is empty.
func (a *app) checkSignature(dir, pubPath string) (signatureCheck, error) {
	var sc signatureCheck
	sig, err := sign.ReadFile(filepath.Join(dir, bundle.SignatureName), sign.MaxKeyFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		sig = nil // there, but not a signature: a folder, a pipe, too large
		err = nil
	}
	if err != nil {
		// With a key, an unsigned bundle fails: the signature was asked for.
		sc.Reason, sc.Checked = "missing", pubPath != ""
		return sc, nil
	}
	sc.Present = true
	if sc.KeyID, err = sign.SignatureKeyID(sig); err != nil {
		sc.Reason = "malformed"
	}
	if pubPath == "" {
		return sc, nil
	}
	sc.Checked = true
	data, err := sign.ReadFile(pubPath, sign.MaxKeyFile)
	if err != nil {
		return sc, a.fail(ExitUsage, "sign.error.key_unreadable", map[string]any{"File": pubPath, "Detail": err.Error()})
	}
	pub, err := sign.PublicKey(data)
	if err != nil {
		return sc, a.fail(ExitUsage, "sign.error.not_public_key", map[string]any{"File": pubPath})
	}
	if sc.Reason != "" {
		return sc, nil
	}
	mdata, err := sign.ReadFile(filepath.Join(dir, bundle.ManifestName), maxManifestBytes)
	if err != nil {
		sc.Reason = "manifest_changed"
		return sc, nil
	}
	comment, err := sign.Verify(pub, mdata, sig)
	switch {
	case errors.Is(err, sign.ErrWrongKey):
		sc.Reason = "wrong_key"
	case errors.Is(err, sign.ErrComment):
		sc.Reason = "comment"
	case errors.Is(err, sign.ErrContent):
		sc.Comment = comment
		sc.Reason = "manifest_changed"
		_, ref, ok := sign.ParseManifestComment(comment)
		if m, derr := bundle.DecodeManifest(mdata); ok && m != nil && (derr == nil || errors.Is(derr, bundle.ErrSeal)) && m.Reference != ref {
			sc.Reason = "other_bundle"
		}
	case err != nil:
		sc.Reason = "malformed"
	default:
		sc.OK, sc.Comment = true, comment
		// A bundle signed by generate --sign prints its signer's key id
		// on every page (and the fingerprint covers it): a signature of
		// the same manifest by another key replaced the signer's.
		if m, derr := bundle.DecodeManifest(mdata); derr == nil && m.SigningKey != "" && m.SigningKey != sc.KeyID {
			sc.OK, sc.Reason, sc.PrintedKey = false, "printed_key", m.SigningKey
		}
	}
	return sc, nil
}

// signatureLine says what checkSignature found.
func (a *app) signatureLine(sc signatureCheck, pubPath string) string {
	args := map[string]any{"File": bundle.SignatureName, "ID": sc.KeyID, "Key": pubPath, "Comment": sc.Comment, "Printed": sc.PrintedKey}
	switch {
	case !sc.Present:
		return a.t("verify.signature.missing", args)
	case sc.OK:
		return a.t("verify.signature.ok", args)
	case !sc.Checked && sc.Reason == "":
		return a.t("verify.signature.unchecked", args)
	}
	if _, ref, ok := sign.ParseManifestComment(sc.Comment); ok {
		args["Reference"] = ref
	}
	return a.t("verify.signature."+sc.Reason, args)
}

// signGenerated signs the manifest generate has just written.
func (a *app) signGenerated(w io.Writer, out string, files []bundle.File, priv minisign.PrivateKey) error {
	for _, f := range files {
		if f.Name == bundle.ManifestName {
			m, err := bundle.DecodeManifest(f.Data)
			if err != nil {
				return a.internal(err)
			}
			return a.signManifest(w, out, priv, f.Data, m)
		}
	}
	return a.internal(errors.New("no manifest among the files written"))
}
