package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/i18n/workbook"
	"github.com/mla-dev/mla/internal/report"
	"github.com/mla-dev/mla/internal/safefile"
	"github.com/mla-dev/mla/internal/signoff"
	"github.com/mla-dev/mla/internal/validate"
)

// applyReview carries the review recorded beside a case (its
// CASE.review.json, written by review import) into the case's report. No
// file, no review (nil); a file that is not a review is an input error.
// It returns the review file's bytes: an input of the bundle.
func (a *app) applyReview(r *validate.Report, file string) ([]byte, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, a.fail(ExitUsage, "cli.signoff.unreadable", map[string]any{"File": casefile.Visible(file), "Err": err.Error()})
	}
	rec, err := signoff.Parse(data)
	if err != nil {
		return nil, a.reviewFileError(file, err)
	}
	signoff.Apply(r, rec)
	return data, nil
}

func (a *app) reviewFileError(file string, err error) error {
	var fe *signoff.FieldError
	if errors.As(err, &fe) {
		return a.fail(ExitUsage, "cli.signoff.bad_field", map[string]any{"File": casefile.Visible(file), "Field": fe.Pointer, "Value": casefile.Visible(fe.Value)})
	}
	return a.fail(ExitUsage, "cli.signoff.not_review", map[string]any{"File": casefile.Visible(file), "Err": err.Error()})
}

type importOptions struct {
	casePath string
	workbook string
	bundle   string
	reviewer string
	date     string
	approve  bool
	out      string
	force    bool
}

func (a *app) newReviewImportCmd() *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:     "import CASE [report.xlsx] --reviewer NAME",
		Short:   a.t("cli.review_import.short", nil),
		Long:    a.t("cli.review_import.long", nil),
		Example: a.t("cli.review_import.example", nil),
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.casePath = args[0]
			if len(args) == 2 {
				o.workbook = args[1]
			}
			return a.runReviewImport(o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.bundle, "bundle", "", a.t("cli.flag.review_bundle", nil))
	f.StringVar(&o.reviewer, "reviewer", "", a.t("cli.flag.reviewer", nil))
	f.StringVar(&o.date, "date", "", a.t("cli.flag.review_date", nil))
	f.BoolVar(&o.approve, "approve", false, a.t("cli.flag.approve", nil))
	f.StringVar(&o.out, "out", "", a.t("cli.flag.review_out", nil))
	f.BoolVar(&o.force, "force", false, a.t("cli.flag.review_force", nil))
	_ = cmd.MarkFlagRequired("reviewer")
	return cmd
}

// runReviewImport reads the decisions a reviewer entered in report.xlsx
// and records them, with the reviewer, the date and the case's SHA-256, in
// the review file beside the case.
func (a *app) runReviewImport(o *importOptions) error {
	switch {
	case o.workbook == "" && o.bundle == "":
		return a.fail(ExitUsage, "cli.review_import.which", nil)
	case o.workbook != "" && o.bundle != "":
		return a.fail(ExitUsage, "cli.review_import.which", nil)
	case o.bundle != "":
		o.workbook = filepath.Join(o.bundle, report.XLSXName)
	}
	if strings.TrimSpace(o.reviewer) == "" {
		return a.fail(ExitUsage, "cli.review_import.no_reviewer", nil)
	}
	date := o.date
	if date == "" {
		date = time.Now().Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, date); err != nil {
		return a.fail(ExitUsage, "cli.review_import.bad_date", map[string]any{"Value": casefile.Visible(date)})
	}
	out := o.out
	if out == "" {
		if o.casePath == casefile.Stdin {
			return a.fail(ExitUsage, "cli.review_import.stdin", nil)
		}
		out = signoff.PathFor(o.casePath)
	}
	c, err := a.check(o.casePath, checkOptions{})
	if err != nil {
		return err
	}
	layout, err := a.signoffLayout(c)
	if err != nil {
		return err
	}
	wb, err := os.Open(o.workbook)
	if err != nil {
		return a.fail(ExitUsage, "cli.signoff.unreadable", map[string]any{"File": casefile.Visible(o.workbook), "Err": err.Error()})
	}
	hash, filled, err := signoff.ReadWorkbook(wb, layout)
	wb.Close()
	if err != nil {
		return a.workbookError(o.workbook, err)
	}
	if hash != c.report.CaseSHA256 {
		return a.fail(ExitUsage, "cli.review_import.other_case", map[string]any{"File": casefile.Visible(o.workbook), "Case": casefile.Visible(o.casePath), "Got": hash[:12], "Want": c.report.CaseSHA256[:12]})
	}
	findings := map[string]validate.Finding{}
	for _, f := range c.report.Findings {
		findings[f.Key] = f
	}
	rec := &signoff.Record{
		FormatVersion: signoff.FormatVersion, Reference: c.report.Reference, State: c.report.State,
		CaseSHA256: c.report.CaseSHA256, Reviewer: strings.TrimSpace(o.reviewer), Date: date, Approved: o.approve,
		Decisions: []signoff.Entry{},
	}
	for _, d := range filled {
		if d.Decision == "" {
			if d.Comment != "" {
				return a.fail(ExitUsage, "cli.review_import.comment_only", map[string]any{"File": casefile.Visible(o.workbook), "Sheet": layout.FindingsSheet, "Row": d.Row, "ID": d.ID})
			}
			continue // "new": not decided yet
		}
		f, ok := findings[d.ID]
		if !ok {
			return a.fail(ExitUsage, "cli.review_import.unknown_id", map[string]any{"File": casefile.Visible(o.workbook), "Sheet": layout.FindingsSheet, "Row": d.Row, "ID": casefile.Visible(d.ID)})
		}
		rec.Decisions = append(rec.Decisions, signoff.Entry{ID: d.ID, Rule: f.Rule, Pointer: f.Pointer, Decision: d.Decision, Comment: d.Comment})
	}
	if o.approve {
		decided := map[string]string{}
		for _, e := range rec.Decisions {
			decided[e.ID] = e.Decision
		}
		for _, f := range c.report.Findings {
			switch decided[f.Key] {
			case "":
				return a.fail(ExitUsage, "cli.review_import.approve_undecided", map[string]any{"ID": f.Key, "Rule": f.Rule, "Field": f.Pointer})
			case "change":
				return a.fail(ExitUsage, "cli.review_import.approve_change", map[string]any{"ID": f.Key, "Rule": f.Rule, "Field": f.Pointer})
			}
		}
	}
	data, err := signoff.Marshal(rec)
	if err != nil {
		return a.internal(err)
	}
	if err := a.writeReviewFile(out, data, o.force); err != nil {
		return err
	}
	if out != stdoutName {
		a.note("cli.review_import.done", map[string]any{"File": casefile.Visible(out), "Count": len(rec.Decisions), "Total": len(c.report.Findings)})
	}
	return nil
}

// writeReviewFile writes a review file, owner-only. An existing file is
// replaced only with force, and only when it is a review file itself:
// anything else is never overwritten.
func (a *app) writeReviewFile(out string, data []byte, force bool) error {
	if out == stdoutName {
		if _, err := a.env.Stdout.Write(data); err != nil {
			return a.fail(ExitUsage, "cli.signoff.unwritable", map[string]any{"File": out, "Err": err.Error()})
		}
		return nil
	}
	var prev *safefile.Fingerprint
	if old, err := os.Lstat(out); err == nil {
		if !force {
			return a.fail(ExitUsage, "cli.review_import.exists", map[string]any{"File": casefile.Visible(out)})
		}
		b, rerr := os.ReadFile(out)
		if !old.Mode().IsRegular() || rerr != nil {
			return a.fail(ExitUsage, "cli.review_import.not_ours", map[string]any{"File": casefile.Visible(out)})
		}
		if _, perr := signoff.Parse(b); perr != nil {
			return a.fail(ExitUsage, "cli.review_import.not_ours", map[string]any{"File": casefile.Visible(out)})
		}
		prev = safefile.FingerprintOf(b)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return a.fail(ExitUsage, "cli.signoff.unreadable", map[string]any{"File": casefile.Visible(out), "Err": err.Error()})
	}
	// Replaced only if it still holds the review read above.
	if err := safefile.Write(out, data, safefile.WriteOptions{Unchanged: prev}); err != nil {
		return a.fail(ExitUsage, "cli.signoff.unwritable", map[string]any{"File": casefile.Visible(out), "Err": err.Error()})
	}
	return nil
}

// signoffLayout is what report.xlsx holds for this case, as this version
// of mla writes it: the findings sheet's headers and columns, the summary
// sheet's, and the drop-down's choices in every language.
func (a *app) signoffLayout(c *checked) (signoff.Layout, error) {
	doc, err := report.Compose(report.Input{Report: c.report, File: c.file, Profile: c.profile, Template: c.template, Catalog: a.cat, Creator: "mla " + Version})
	if err != nil {
		return signoff.Layout{}, a.internal(err)
	}
	l := signoff.Layout{Choices: map[string]string{}}
	var terr error
	tr := func(lang, id string) string {
		s, err := a.cat.T(lang, id, nil)
		if err != nil {
			terr = err
		}
		return s
	}
	findings, summary := tr("en", "report.sheet.findings"), tr("en", "report.sheet.summary")
	for _, b := range doc.Blocks {
		t, ok := b.(document.Table)
		if !ok {
			continue
		}
		switch t.Sheet {
		case findings:
			l.FindingsSheet = t.Sheet
			for i, col := range t.Columns {
				l.Headers = append(l.Headers, report.HeaderText(col.Header))
				l.Numbers = append(l.Numbers, col.Kind == document.KindInteger || col.Kind == document.KindNumber)
				switch {
				case col.Choices != nil:
					l.DecisionCol = i
				case i > 0 && t.Columns[i-1].Choices != nil:
					l.CommentCol = i
				case col.Hint == document.HintID:
					l.IDCol = i
				}
			}
		case summary:
			l.SummarySheet = t.Sheet
			for _, col := range t.Columns {
				l.SummaryHeaders = append(l.SummaryHeaders, report.HeaderText(col.Header))
			}
		}
	}
	l.HashLabel = report.HeaderText(document.Text{Orig: tr("zh", "report.field.case_hash"), Trans: tr("en", "report.field.case_hash")})
	choice := func(d string) string {
		return report.Choice(document.Text{Orig: tr("zh", "report.decision."+d), Trans: tr("en", "report.decision."+d)})
	}
	// The drop-down's text, or the decision typed in any of the
	// languages of the locale files, or its code.
	for _, d := range validate.Decisions {
		l.Choices[d] = d
		for _, lang := range a.cat.Languages() {
			if s, err := a.cat.T(lang, "report.decision."+d, nil); err == nil {
				l.Choices[strings.ToLower(s)] = d
			}
		}
		l.Choices[strings.ToLower(choice(d))] = d
	}
	l.Choices[strings.ToLower(choice("new"))] = ""
	if terr != nil {
		return l, a.internal(terr)
	}
	if l.FindingsSheet == "" || l.SummarySheet == "" || slices.Contains(l.Headers, "") {
		return l, a.internal(fmt.Errorf("report layout: findings %q, summary %q", l.FindingsSheet, l.SummarySheet))
	}
	return l, nil
}

// workbookError explains why a reviewer's workbook cannot be read back.
func (a *app) workbookError(file string, err error) error {
	var ce *signoff.CellError
	var he *workbook.HeaderError
	switch {
	case errors.As(err, &ce):
		return a.fail(ExitUsage, "cli.review_import.cell."+ce.Problem, map[string]any{"File": casefile.Visible(file), "Sheet": ce.Sheet, "Cell": ce.Cell, "Value": casefile.Visible(ce.Value)})
	case errors.As(err, &he):
		return a.fail(ExitUsage, "cli.review_import.header", map[string]any{"File": casefile.Visible(file), "Column": he.Column, "Got": casefile.Visible(he.Got), "Want": casefile.Visible(he.Want)})
	case errors.Is(err, signoff.ErrNoHash), errors.Is(err, workbook.ErrNoSheet):
		return a.fail(ExitUsage, "cli.review_import.not_report", map[string]any{"File": casefile.Visible(file)})
	}
	return a.fail(ExitUsage, "cli.signoff.unreadable", map[string]any{"File": casefile.Visible(file), "Err": err.Error()})
}
