package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/signoff"
)

type verifyOptions struct {
	dir    string
	caseAt string // --case FILE
	format string // text | json
	key    string // --key PUB: check the manifest's signature with it
	// reviewKey is --review-key PUB: check the review file's signature
	// with the reviewer's public key.
	reviewKey string
	quiet     bool // print nothing (mla sign checks the bundle first)
}

func (a *app) newVerifyCmd() *cobra.Command {
	o := &verifyOptions{}
	cmd := &cobra.Command{
		Use:     "verify DIR",
		Short:   a.t("cli.verify.short", nil),
		Long:    a.t("cli.verify.long", nil),
		Example: a.t("cli.verify.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = args[0]
			return a.runVerify(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.caseAt, "case", "", a.t("cli.flag.case", nil))
	cmd.Flags().StringVar(&o.format, "format", "text", a.t("cli.flag.format", nil))
	cmd.Flags().StringVar(&o.key, "key", "", a.t("cli.flag.verify_key", nil))
	cmd.Flags().StringVar(&o.reviewKey, "review-key", "", a.t("cli.flag.verify_review_key", nil))
	return cmd
}

// verifyJSON is the public shape of `mla verify --format json`.
type verifyJSON struct {
	Format      string          `json:"format"` // "mla-verify/1"
	OK          bool            `json:"ok"`
	Dir         string          `json:"dir"`
	Fingerprint string          `json:"fingerprint,omitempty"`
	Checks      []bundle.Check  `json:"checks"`
	Signature   *signatureCheck `json:"signature,omitempty"`
	// ReviewSignature is the review file's signature, with --review-key.
	ReviewSignature *signatureCheck `json:"review_signature,omitempty"`
}

func (a *app) runVerify(_ context.Context, o *verifyOptions) error {
	if o.format != "text" && o.format != "json" {
		return a.fail(ExitUsage, "cli.error.format", map[string]any{"Format": o.format})
	}
	vo := bundle.VerifyOptions{CaseFile: o.caseAt, Version: Version}
	if o.caseAt != "" && o.caseAt != casefile.Stdin {
		vo.ReviewFile = signoff.PathFor(o.caseAt)
	}
	digest, err := bundle.AssetsDigest(a.fsys)
	if err != nil {
		return a.internal(err)
	}
	vo.AssetsSHA256 = digest
	r, err := bundle.Verify(o.dir, vo)
	switch {
	case errors.Is(err, bundle.ErrFormat):
		return a.fail(ExitUsage, "verify.format_unknown", map[string]any{"Format": r.Manifest.Format})
	case errors.Is(err, bundle.ErrNotDir), errors.Is(err, fs.ErrNotExist):
		return a.fail(ExitUsage, "verify.not_a_folder", map[string]any{"Dir": o.dir})
	case err != nil:
		return a.fail(ExitUsage, "cli.error.input", map[string]any{"Detail": err.Error()})
	}
	ok := r.OK()
	if o.quiet {
		if !ok {
			return &exitError{code: ExitFindings}
		}
		return nil
	}
	sc, err := a.checkSignature(o.dir, o.key)
	if err != nil {
		return err
	}
	if sc.Checked && !sc.OK {
		ok = false
	}
	var rs *signatureCheck
	if o.reviewKey != "" {
		file := ""
		for _, c := range r.Checks {
			if c.Role == bundle.RoleReview && c.Path != "" {
				file = c.Path
			}
		}
		s, err := a.checkReviewSignature(file, nil, o.reviewKey)
		if err != nil {
			return err
		}
		rs, ok = &s, ok && s.OK
	}
	if o.format == "json" {
		out := verifyJSON{Format: "mla-verify/1", OK: ok, Dir: o.dir, Checks: r.Checks, Signature: &sc, ReviewSignature: rs}
		if r.Manifest != nil {
			out.Fingerprint = r.Manifest.Fingerprint.SHA256
		}
		if err := writeJSON(a.env.Stdout, out); err != nil {
			return a.internal(err)
		}
	} else {
		line := a.signatureLine(sc, o.key)
		if rs != nil {
			st := "ok"
			if !rs.OK {
				st = rs.Reason
			}
			line += "\n" + a.t("verify.review_signature."+st, map[string]any{"ID": rs.KeyID, "Key": o.reviewKey, "Comment": rs.Comment})
		}
		a.printVerify(o.dir, r, line, ok)
	}
	if !ok {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// printVerify prints one line per check, its status first, aligned, then
// the summary.
func (a *app) printVerify(dir string, r *bundle.Result, signature string, ok bool) {
	labels := map[bundle.Status]string{}
	w := 0
	for _, s := range []bundle.Status{bundle.StatusOK, bundle.StatusChanged, bundle.StatusMissing, bundle.StatusExtra, bundle.StatusUnreadable, bundle.StatusUnchecked} {
		labels[s] = a.t("verify.status."+string(s), nil)
		w = max(w, document.DisplayWidth(labels[s]))
	}
	checked := 0
	for _, c := range r.Checks {
		if c.Status == bundle.StatusOK && (c.Role == bundle.RoleManifest || c.Role == bundle.RoleOutput || c.Role == bundle.RoleCase || c.Role == bundle.RoleEvidence) {
			checked++
		}
		l := labels[c.Status]
		line := a.checkLine(c)
		fmt.Fprintf(a.env.Stdout, "%s%s  %s\n", l, strings.Repeat(" ", w-document.DisplayWidth(l)), line)
	}
	fmt.Fprintln(a.env.Stdout, signature)
	if ok {
		fmt.Fprintln(a.env.Stdout, a.t("verify.summary.ok", map[string]any{"Dir": dir, "Count": checked}))
	} else {
		fmt.Fprintln(a.env.Stdout, a.t("verify.summary.failed", map[string]any{"Dir": dir, "Count": max(r.Problems(), 1)}))
	}
}

// checkLine says what a check is about and, where it helps, why it has its
// status.
func (a *app) checkLine(c bundle.Check) string {
	what := c.Name
	path := c.Path
	if path == "" {
		path = c.Name
	}
	switch c.Role {
	case bundle.RoleCase:
		what = a.t("verify.what.case", map[string]any{"Path": path})
	case bundle.RoleEvidence:
		what = a.t("verify.what.evidence", map[string]any{"ID": c.ID, "Path": path})
	case bundle.RoleReview:
		what = a.t("verify.what.review", map[string]any{"Path": path})
	case bundle.RoleFingerprint:
		what = a.t("verify.what.fingerprint", map[string]any{"SHA256": c.Expected})
	case bundle.RolePrinted:
		what = a.t("verify.what.printed", map[string]any{"Name": c.Name})
	case bundle.RoleAssets:
		what = a.t("verify.what.assets", map[string]any{"Version": c.Name})
	}
	detail := ""
	switch {
	case c.Role == bundle.RoleFingerprint && c.Reason == bundle.ReasonNone:
		detail = a.t("verify.detail.fingerprint_"+string(c.Basis), nil)
	case c.Role == bundle.RolePrinted && c.Status == bundle.StatusOK:
		detail = a.t("verify.detail.printed_ok", nil)
	case c.Role == bundle.RolePrinted && c.Reason != bundle.ReasonNotPDF:
		detail = a.t("verify.detail."+string(c.Reason), map[string]any{"Pages": pageList(c.Pages), "Actual": c.Actual})
	case c.Role == bundle.RoleAssets && c.Status == bundle.StatusOK:
		detail = a.t("verify.detail.assets_ok", nil)
	case c.Role == bundle.RoleAssets:
		detail = a.t("verify.detail."+string(c.Reason), map[string]any{"Version": c.Name, "Current": Version})
	case c.Role == bundle.RoleFingerprint && c.Reason == bundle.ReasonDigest:
		detail = a.t("verify.detail.fingerprint", map[string]any{"Recorded": c.Expected, "Actual": c.Actual})
	case c.Reason == bundle.ReasonDigest:
		detail = a.t("verify.detail.changed", nil)
	case c.Reason != bundle.ReasonNone:
		detail = a.t("verify.detail."+string(c.Reason), nil)
	case c.Role == bundle.RoleManifest && c.Status == bundle.StatusMissing:
		detail = a.t("verify.detail.manifest_missing", nil)
	}
	if detail == "" {
		return what
	}
	return a.t("verify.line", map[string]any{"What": what, "Detail": detail})
}

// pageList writes page numbers as ranges: "1–3, 7".
func pageList(pages []int) string {
	var b strings.Builder
	for i := 0; i < len(pages); {
		j := i
		for j+1 < len(pages) && pages[j+1] == pages[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(pages[i]))
		if j > i {
			b.WriteString("–" + strconv.Itoa(pages[j]))
		}
		i = j + 1
	}
	return b.String()
}
