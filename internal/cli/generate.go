package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/compose"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/render/pdf"
	"github.com/mla-dev/mla/internal/render/xlsx"
)

type generateOptions struct {
	path        string
	out         string
	draft       bool
	force       bool
	layout      string // parallel | separate
	translation string // "" = the state's first translation language
}

func (a *app) newGenerateCmd() *cobra.Command {
	o := &generateOptions{}
	cmd := &cobra.Command{
		Use:     "generate CASE --out DIR",
		Short:   a.t("cli.generate.short", nil),
		Long:    a.t("cli.generate.long", nil),
		Example: a.t("cli.generate.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

func (a *app) runGenerate(_ context.Context, o *generateOptions) error {
	var layout document.Layout
	switch o.layout {
	case "parallel":
		layout = document.Parallel
	case "separate":
		layout = document.Separate
	default:
		return a.fail(ExitUsage, "cli.error.layout", map[string]any{"Layout": o.layout})
	}
	c, err := a.check(o.path)
	if err != nil {
		return err
	}
	if n := c.errors(); n > 0 && !o.draft {
		a.printReport(a.env.Stderr, o.path, c.report)
		return a.fail(ExitFindings, "cli.generate.refused", map[string]any{"Count": n})
	}
	if c.profile == nil || !c.file.CaseComplete {
		// Even a draft needs a known state and a case whose values have the
		// types mla expects.
		a.printReport(a.env.Stderr, o.path, c.report)
		return a.fail(ExitFindings, "cli.generate.cannot_draft", nil)
	}
	if id, data := draftBlocked(c); id != "" {
		a.printReport(a.env.Stderr, o.path, c.report)
		return a.fail(ExitFindings, id, data)
	}
	files, err := a.render(c, layout, o)
	if err != nil {
		return err
	}
	if err := bundle.WriteWith(o.out, files, bundle.Options{Force: o.force, Stage: writeStage}); err != nil {
		if errors.Is(err, bundle.ErrExists) {
			return a.fail(ExitUsage, "cli.generate.exists", map[string]any{"Dir": o.out})
		}
		return a.fail(ExitInternal, "cli.generate.write_failed", map[string]any{"Dir": o.out, "Detail": err.Error()})
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	a.printReport(a.env.Stderr, o.path, c.report)
	a.say("cli.generate.done", map[string]any{"Dir": o.out, "Files": strings.Join(names, ", ")})
	return nil
}

// say prints a message to standard error (standard output stays free for
// data).
func (a *app) say(id string, data map[string]any) {
	_, _ = a.env.Stderr.Write([]byte(a.t(id, data) + "\n"))
}

// catalogOffences adapts the offence catalogue to what the composer quotes.
type catalogOffences struct{ c *offences.Catalog }

func (o catalogOffences) Offence(id string) (compose.Offence, bool) {
	return offenceFor(o.c, id)
}

// render composes and renders every file of the bundle, manifest last.
func (a *app) render(c *checked, layout document.Layout, o *generateOptions) ([]bundle.File, error) {
	m, err := a.fingerprint(c, o)
	if err != nil {
		return nil, err
	}
	in := compose.Input{
		Case:        c.file.Case,
		Profile:     c.profile,
		Template:    c.template,
		Catalog:     a.cat,
		Offences:    catalogOffences{c.offences},
		Translation: o.translation,
		Layout:      layout,
		Draft:       o.draft,
		Creator:     "mla " + Version,
	}
	in.Fingerprint, in.EvidenceSHA256 = m.Fingerprint.SHA256, evidenceSums(c)
	req, err := compose.Request(in)
	if err != nil {
		return nil, a.internal(err)
	}
	ev, err := compose.EvidenceList(in)
	if err != nil {
		return nil, a.internal(err)
	}
	var reqPDF, evPDF, evXLSX bytes.Buffer
	if err := pdf.Render(&reqPDF, req); err != nil {
		return nil, a.internal(err)
	}
	if err := pdf.Render(&evPDF, ev); err != nil {
		return nil, a.internal(err)
	}
	if err := xlsx.Render(&evXLSX, ev); err != nil {
		return nil, a.internal(err)
	}
	files := []bundle.File{
		{Name: "request.pdf", Data: reqPDF.Bytes()},
		{Name: "evidence.pdf", Data: evPDF.Bytes()},
		{Name: "evidence.xlsx", Data: evXLSX.Bytes()},
	}
	if m, err = bundle.NewManifest(m, files); err != nil {
		return nil, a.internal(err)
	}
	files = append(files, bundle.File{Name: bundle.ManifestName, Data: m.Encode()})
	return files, nil
}
