package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"aead.dev/minisign"
	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/compose"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/render/pdf"
	"github.com/mla-dev/mla/internal/render/xlsx"
	"github.com/mla-dev/mla/internal/report"
	"github.com/mla-dev/mla/internal/validate"
)

type generateOptions struct {
	path        string
	out         string
	draft       bool
	force       bool
	layout      string // parallel | separate | columns
	translation string // "" = the state's first translation language
	jobs        int    // batch: cases rendered at once
	compress    bool   // deflate the PDFs' page streams
	failOn      string // error | warning | info | none
	sign        string // --sign KEY: sign the manifest with this private key
	signKey     *minisign.PrivateKey
	format      string // text | json: the summary on standard output
	// reviewKey is --review-key PUB: the review file beside the case must
	// carry the reviewer's signature by this key.
	reviewKey string
	// inputs are the other files a batch reads (its cases), which no
	// bundle of the batch may replace.
	inputs []string
}

func (a *app) newGenerateCmd() *cobra.Command {
	o := &generateOptions{}
	cmd := &cobra.Command{
		Use:     "generate CASE... --out DIR",
		Short:   a.t("cli.generate.short", nil),
		Long:    a.t("cli.generate.long", nil),
		Example: a.t("cli.generate.example", nil),
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "text" && o.format != "json" {
				return a.fail(ExitUsage, "cli.error.format", map[string]any{"Format": o.format})
			}
			if err := a.noStdout(cmd, o.out); err != nil {
				return err
			}
			if o.sign != "" {
				// Once, before any case: a batch's cases share the key.
				k, err := a.loadPrivate(o.sign)
				if err != nil {
					return err
				}
				o.signKey = &k
			}
			if batch, err := a.isBatch(args); err != nil || batch {
				if err != nil {
					return err
				}
				return a.runBatch(cmd.Context(), args, o)
			}
			o.path = args[0]
			return a.runGenerate(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "out", "", a.t("cli.flag.out", nil))
	f.BoolVar(&o.draft, "draft", false, a.t("cli.flag.draft", nil))
	f.BoolVar(&o.force, "force", false, a.t("cli.flag.force", nil))
	f.StringVar(&o.layout, "layout", "parallel", a.t("cli.flag.layout", nil))
	f.StringVar(&o.translation, "translation", "", a.t("cli.flag.translation", nil))
	f.IntVar(&o.jobs, "jobs", runtime.NumCPU(), a.t("cli.flag.jobs", nil))
	f.BoolVar(&o.compress, "compress", false, a.t("cli.flag.compress", nil))
	f.StringVar(&o.sign, "sign", "", a.t("cli.flag.generate_sign", nil))
	f.StringVar(&o.format, "format", "text", a.t("cli.flag.generate_format", nil))
	f.StringVar(&o.reviewKey, "review-key", "", a.t("cli.flag.generate_review_key", nil))
	a.failOnFlag(cmd, &o.failOn)
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func (a *app) runGenerate(ctx context.Context, o *generateOptions) error {
	layout, err := a.layoutOf(o.layout)
	if err != nil {
		return err
	}
	if o.format == "text" {
		a.prog = a.newProgress()
	}
	res := &caseResult{Case: o.path, Out: o.out}
	err = a.generateOne(ctx, o.path, o.out, layout, o, a.env.Stderr, res)
	if o.format != "json" {
		return err
	}
	res.finish(err)
	sum := summary(o, []*caseResult{res})
	if werr := writeJSON(a.env.Stdout, sum); werr != nil {
		return a.internal(werr)
	}
	if err != nil {
		// The message still goes to standard error; the summary holds it too.
		return err
	}
	return nil
}

func (a *app) layoutOf(name string) (document.Layout, error) {
	switch name {
	case "parallel":
		return document.Parallel, nil
	case "separate":
		return document.Separate, nil
	case "columns":
		return document.Columns, nil
	}
	return 0, a.fail(ExitUsage, "cli.error.layout", map[string]any{"Layout": name})
}

// generateOne validates one case and writes its bundle into out; what it
// has to say about the case goes to w.
func (a *app) generateOne(_ context.Context, path, out string, layout document.Layout, o *generateOptions, w io.Writer, res *caseResult) error {
	level, err := a.parseFailOn(o.failOn)
	if err != nil {
		return err
	}
	c, err := a.check(path, checkOptions{translation: o.translation})
	if err != nil {
		return err
	}
	res.count(c.report)
	if err := a.refusal(c, o, level); err != nil {
		a.printReport(w, path, c.report)
		return err
	}
	if err := a.majorUnapproved(path, c, o.draft); err != nil {
		a.printReport(w, path, c.report)
		return err
	}
	if err := a.reviewUnsigned(path, c, o); err != nil {
		a.printReport(w, path, c.report)
		return err
	}
	bo := bundle.Options{Force: o.force, Inputs: a.inputsOf(c, o.inputs), Names: bundleNames}
	if err := a.checkOutput(out, bo); err != nil {
		return err
	}
	files, err := a.render(c, layout, o)
	if err != nil {
		return err
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	bo.Names = append(names, bundleNames...)
	a.prog.step("cli.progress.write", map[string]any{"Dir": casefile.Visible(out)})
	if err := a.writeOutput(out, files, bo); err != nil {
		return err
	}
	res.written(files)
	if !a.quiet {
		a.printReport(w, path, c.report)
		fmt.Fprintln(w, a.t("cli.generate.done", map[string]any{"Dir": casefile.Visible(out), "Files": strings.Join(names, ", ")}))
	}
	if o.signKey != nil {
		return a.signGenerated(w, out, files, *o.signKey)
	}
	return nil
}

// refusal says why a checked case cannot be rendered (an error ready to
// print, exit 1), or nil.
func (a *app) refusal(c *checked, o *generateOptions, level int) error {
	if n := c.errors(); n > 0 && !o.draft {
		return a.fail(ExitFindings, "cli.generate.refused", map[string]any{"Count": n})
	}
	if n := atOrAbove(c.report, level); n > 0 && !o.draft {
		return a.fail(ExitFindings, "cli.generate.refused_fail_on", map[string]any{"Count": n, "Level": o.failOn})
	}
	if !c.composable || !c.file.CaseComplete {
		// Even a draft needs a known state and a case whose values have the
		// types mla expects.
		return a.fail(ExitFindings, "cli.generate.cannot_draft", nil)
	}
	if id, data := draftBlocked(c); id != "" {
		return a.fail(ExitFindings, id, data)
	}
	return nil
}

// bundleNames are the files a bundle may hold, whichever the requested
// state and options: what --force may replace, when the bundle's manifest
// lists it and it is unchanged.
var bundleNames = []string{
	bundle.ManifestName, "request.pdf", "evidence.pdf", "evidence.xlsx", report.JSONName, report.XLSXName, report.PDFName,
	"transmittal.pdf", "assurances.pdf", bundle.SignatureName,
}

// render composes and renders every file of the bundle, manifest last.
func (a *app) render(c *checked, layout document.Layout, o *generateOptions) ([]bundle.File, error) {
	a.prog.step("cli.progress.compose", nil)
	m, err := a.fingerprint(c, o)
	if err != nil {
		return nil, err
	}
	in := compose.Input{
		Case:        c.file.Case,
		Profile:     c.profile,
		Template:    c.template,
		Catalog:     a.cat,
		Offences:    c.law,
		Equivalents: c.law,
		Translation: c.translation,
		Layout:      layout,
		Draft:       o.draft,
		Creator:     "mla " + Version,
	}
	in.Fingerprint, in.EvidenceSHA256, in.SigningKey = m.Fingerprint.SHA256, evidenceSums(c), m.SigningKey
	in.Guidance = c.profile.Guide.Evaluate(c.file.Raw, c.translation)
	in.Status = validate.StatusDraft
	if rv := c.report.Review; rv != nil {
		in.Status = rv.Status
	}
	req, err := compose.Request(in)
	if err != nil {
		return nil, a.internal(err)
	}
	ev, err := compose.EvidenceList(in)
	if err != nil {
		return nil, a.internal(err)
	}
	tr, err := compose.Transmittal(in)
	if err != nil {
		return nil, a.internal(err)
	}
	popts := pdf.Options{Compress: o.compress}
	var extra []job
	if compose.HasAssurances(in) {
		as, err := compose.Assurances(in)
		if err != nil {
			return nil, a.internal(err)
		}
		extra = append(extra, job{"assurances.pdf", func(w io.Writer) error { return pdf.RenderWith(w, as, popts) }})
	}
	evOpts := popts
	evOpts.Progress = func(page, pages int) {
		a.prog.count("cli.progress.pages", page, pages, map[string]any{"File": "evidence.pdf"})
	}
	// The reviewer's report renders beside the request and the evidence
	// list.
	rep, err := a.reportJobs(c, m.Fingerprint.SHA256, m.SigningKey, popts, layout)
	if err != nil {
		return nil, err
	}
	files, err := renderAll(append([]job{
		{"request.pdf", func(w io.Writer) error { return pdf.RenderWith(w, req, popts) }},
		{"transmittal.pdf", func(w io.Writer) error { return pdf.RenderWith(w, tr, popts) }},
		{"evidence.pdf", func(w io.Writer) error { return pdf.RenderWith(w, ev, evOpts) }},
		{"evidence.xlsx", func(w io.Writer) error { return xlsx.Render(w, ev) }},
	}, append(extra, rep...)...))
	var cell *xlsx.CellTooLongError
	if errors.As(err, &cell) {
		// Every text is at most casefile.MaxText (text.too_long), but a
		// cell of the evidence list may join several: a title with its
		// description, a person's addresses.
		return nil, a.fail(ExitFindings, "cli.generate.cell_too_long", map[string]any{"Sheet": cell.Sheet, "Cell": cell.Cell, "Length": cell.Length, "Limit": cell.Limit})
	}
	if err != nil {
		return nil, a.internal(err)
	}
	if m, err = bundle.NewManifest(m, files); err != nil {
		return nil, a.internal(err)
	}
	files = append(files, bundle.File{Name: bundle.ManifestName, Data: m.Encode()})
	return files, nil
}
