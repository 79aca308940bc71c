package cli

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/render/pdf"
	"github.com/mla-dev/mla/internal/render/text"
	"github.com/mla-dev/mla/internal/render/xlsx"
	"github.com/mla-dev/mla/internal/report"
	"github.com/mla-dev/mla/internal/validate"
)

type reviewOptions struct {
	path   string
	out    string
	force  bool
	failOn string
}

func (a *app) newReviewCmd() *cobra.Command {
	o := &reviewOptions{}
	cmd := &cobra.Command{
		Use:     "review CASE --out DIR",
		Short:   a.t("cli.review.short", nil),
		Long:    a.t("cli.review.long", nil),
		Example: a.t("cli.review.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.path = args[0]
			return a.runReview(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "out", "", a.t("cli.flag.out", nil))
	f.BoolVar(&o.force, "force", false, a.t("cli.flag.force", nil))
	a.failOnFlag(cmd, &o.failOn)
	_ = cmd.MarkFlagRequired("out")
	cmd.AddCommand(a.newReviewImportCmd())
	return cmd
}

// runReview writes report.json, report.xlsx and report.pdf into o.out,
// whatever the findings; the exit status follows --fail-on.
func (a *app) runReview(_ context.Context, o *reviewOptions) error {
	level, err := a.parseFailOn(o.failOn)
	if err != nil {
		return err
	}
	c, err := a.check(o.path, checkOptions{})
	if err != nil {
		return err
	}
	if o.out == stdoutName {
		// One file can go to standard output: report.json, the same bytes
		// as in the folder (and as validate --format json).
		js, err := report.JSON(c.report)
		if err != nil {
			return a.internal(err)
		}
		if _, err := a.env.Stdout.Write(js); err != nil {
			return a.internal(err)
		}
		if atOrAbove(c.report, level) > 0 {
			return &exitError{code: ExitFindings}
		}
		return nil
	}
	bo := bundle.Options{Force: o.force, Inputs: a.inputsOf(c, nil), Owned: ownedReport(reviewNames)}
	if err := a.checkOutput(o.out, bo); err != nil {
		return err
	}
	jobs, err := a.reportJobs(c, "", "", pdf.Options{}, document.Parallel)
	if err != nil {
		return err
	}
	files, err := renderAll(jobs)
	if err != nil {
		return a.internal(err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	bo.Owned = ownedReport(append(names, reviewNames...))
	if err := a.writeOutput(o.out, files, bo); err != nil {
		return err
	}
	if !a.quiet {
		a.printReport(a.env.Stderr, o.path, c.report)
		a.note("cli.review.done", map[string]any{"Dir": casefile.Visible(o.out), "Files": strings.Join(names, ", ")})
	}
	if atOrAbove(c.report, level) > 0 {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// reviewNames are the files review writes: what review --force may
// replace (see ownedReport).
var reviewNames = []string{report.JSONName, report.XLSXName, report.PDFName}

// reportJobs composes the reviewer's report of a checked case and returns
// the jobs that render it, in the order of reviewNames: report.json,
// report.xlsx and report.pdf, the last two by the renderers of the request
// and the evidence list, from one document.
func (a *app) reportJobs(c *checked, fingerprint, signingKey string, popts pdf.Options, layout document.Layout) ([]job, error) {
	js, err := report.JSON(c.report)
	if err != nil {
		return nil, a.internal(err)
	}
	doc, err := report.Compose(report.Input{
		Layout:      layout,
		Fingerprint: fingerprint,
		SigningKey:  signingKey,
		Report:      c.report,
		File:        c.file,
		Profile:     c.profile,
		Template:    c.template,
		Catalog:     a.cat,
		Creator:     "mla " + Version,
	})
	if err != nil {
		return nil, a.internal(err)
	}
	return []job{
		{report.JSONName, func(w io.Writer) error { _, err := w.Write(js); return err }},
		{report.XLSXName, func(w io.Writer) error { return xlsx.Render(w, doc) }},
		{report.PDFName, func(w io.Writer) error { return pdf.RenderWith(w, doc, popts) }},
	}, nil
}

// review completes a checked case's report for the reviewer: the section
// of the request of each finding and the requested state's checklist.
func (a *app) review(c *checked) error {
	state := ""
	if c.profile != nil {
		state = c.profile.Code
	}
	cl, err := validate.LoadChecklist(a.fsys, state)
	if err != nil {
		return a.fail(ExitUsage, "cli.error.input", map[string]any{"Detail": err.Error()})
	}
	if err := validate.Review(c.report, c.file, c.template, cl, a.cat); err != nil {
		return a.internal(err)
	}
	return nil
}

// Severity ranks for --fail-on: a finding fails the run when its rank is at
// least the level's. "none" fails nothing.
var severityRank = map[validate.Severity]int{validate.Info: 1, validate.Warning: 2, validate.Error: 3}

const failNone = 4

func (a *app) failOnFlag(cmd *cobra.Command, v *string) {
	cmd.Flags().StringVar(v, "fail-on", "error", a.t("cli.flag.fail_on", nil))
}

// parseFailOn returns the rank of a --fail-on value.
func (a *app) parseFailOn(s string) (int, error) {
	if s == "none" {
		return failNone, nil
	}
	if r, ok := severityRank[validate.Severity(s)]; ok {
		return r, nil
	}
	return 0, a.fail(ExitUsage, "cli.error.fail_on", map[string]any{"Value": s})
}

// atOrAbove counts the findings whose severity ranks at least level.
func atOrAbove(r *validate.Report, level int) int {
	n := 0
	for _, f := range r.Findings {
		if severityRank[f.Severity] >= level {
			n++
		}
	}
	return n
}

// colour reports whether text written to w may be coloured: w is a
// terminal (for the process's own streams, asked of the stream itself;
// for any other writer, Env.Terminal says) and NO_COLOR is not set.
func (a *app) colour(w io.Writer) bool {
	if a.env.Getenv != nil && a.env.Getenv("NO_COLOR") != "" {
		return false
	}
	if f, ok := w.(*os.File); ok {
		fi, err := f.Stat()
		return err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
	return a.env.Terminal
}

// printReport prints the text form of the report (report.Findings): the
// findings in the user's language, grouped by the section of the request
// they belong to, in the order of the request, with the summary line last,
// coloured on a terminal (render/text).
func (a *app) printReport(w io.Writer, name string, r *validate.Report) {
	a.prog.clear()
	doc := report.Findings(report.FindingsInput{Report: r, Template: a.templateOf(r), Catalog: a.cat, Lang: a.lang, Name: name})
	// Like the lines printed before it, the report is best effort: a
	// closed terminal or pipe does not change the outcome of the run.
	_ = text.Render(w, doc, text.Options{Colour: a.colour(w)})
}

// templateOf returns the request template of the report's state, or nil.
func (a *app) templateOf(r *validate.Report) *profile.Template {
	if r.State == "" {
		return nil
	}
	v, _, err := a.validator()
	if err != nil {
		return nil
	}
	_, t, err := v.Registry.Load(r.State)
	if err != nil {
		return nil
	}
	return t
}
