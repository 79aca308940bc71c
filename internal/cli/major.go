package cli

import (
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/signoff"
	"github.com/mla-dev/mla/internal/validate"
)

// majorUnapproved refuses (exit 1) to generate a major case for issue
// until an approved review of this very version of the case is recorded:
// the review file beside the case names the case file's SHA-256, and
// signoff.Apply reports "approved" only when that is the SHA-256 of the
// case being generated, every finding is decided, none needs a change and
// the reviewer approved it. A draft (--draft) is never refused for this.
// The message names the criteria that make the case major and the
// commands that record the review.
func (a *app) majorUnapproved(path string, c *checked, draft bool) error {
	r := c.report
	if draft || len(r.Major) == 0 || (r.Review != nil && r.Review.Status == validate.StatusApproved) {
		return nil
	}
	var reasons []string
	for _, m := range r.Major {
		reasons = append(reasons, a.t("major.refused.criterion", map[string]any{"Criterion": a.t("major."+m.Criterion, nil), "Field": m.Pointer}))
	}
	var why string
	switch {
	case path == casefile.Stdin:
		why = a.t("major.refused.stdin", nil)
	case r.Review == nil:
		why = a.t("major.refused.none", map[string]any{"Review": casefile.Visible(signoff.PathFor(path))})
	case !r.Review.Current:
		why = a.t("major.refused.other_version", map[string]any{"Review": casefile.Visible(signoff.PathFor(path)), "Reviewed": short(r.Review.CaseSHA256), "Case": short(r.CaseSHA256)})
	default:
		why = a.t("major.refused.not_approved", map[string]any{"Review": casefile.Visible(signoff.PathFor(path)), "Status": a.t("report.request_status."+r.Review.Status, nil)})
	}
	return a.fail(ExitFindings, "major.refused", map[string]any{
		"File": casefile.Visible(path), "Criteria": strings.Join(reasons, a.t("major.refused.separator", nil)), "Why": why,
	})
}

// reviewUnsigned refuses (exit 1), with --review-key and without --draft,
// a case whose review file does not carry the reviewer's valid signature
// by that key (mla sign CASE.review.json): the approval that lets a major
// case be issued is then the reviewer's own, not a file anyone could
// write.
func (a *app) reviewUnsigned(path string, c *checked, o *generateOptions) error {
	if o.reviewKey == "" || o.draft {
		return nil
	}
	file := ""
	if c.review != nil {
		file = c.reviewFile
	}
	sc, err := a.checkReviewSignature(file, c.review, o.reviewKey)
	if err != nil || sc.OK {
		return err
	}
	why := a.t("verify.review_signature."+sc.Reason, map[string]any{"ID": sc.KeyID, "Key": o.reviewKey})
	switch {
	case path == casefile.Stdin:
		why = a.t("major.refused.stdin", nil)
	case sc.Reason == "no_review":
		why = a.t("major.refused.none", map[string]any{"Review": casefile.Visible(signoff.PathFor(path))})
	}
	return a.fail(ExitFindings, "major.refused.unsigned", map[string]any{"File": casefile.Visible(path), "Key": o.reviewKey, "Why": why})
}

// short is the first 12 hexadecimal digits of a SHA-256, as messages
// quote it.
func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}
