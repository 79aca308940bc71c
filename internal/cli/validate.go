package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/report"
)

type validateOptions struct {
	path   string
	format string // text | json
	failOn string // error | warning | info | none
}

func (a *app) newValidateCmd() *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:     "validate CASE",
		Short:   a.t("cli.validate.short", nil),
		Long:    a.t("cli.validate.long", nil),
		Example: a.t("cli.validate.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.path = args[0]
			return a.runValidate(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", a.t("cli.flag.format", nil))
	a.failOnFlag(cmd, &o.failOn)
	return cmd
}

func (a *app) runValidate(_ context.Context, o *validateOptions) error {
	if o.format != "text" && o.format != "json" {
		return a.fail(ExitUsage, "cli.error.format", map[string]any{"Format": o.format})
	}
	level, err := a.parseFailOn(o.failOn)
	if err != nil {
		return err
	}
	if o.format == "text" {
		a.prog = a.newProgress()
	}
	c, err := a.check(o.path, checkOptions{})
	a.prog.clear()
	if err != nil {
		return err
	}
	switch o.format {
	case "json":
		// The same bytes as the report.json of review and generate.
		data, err := report.JSON(c.report)
		if err != nil {
			return a.internal(err)
		}
		if _, err := a.env.Stdout.Write(data); err != nil {
			return a.internal(err)
		}
	default:
		// --quiet: a case that passes prints nothing; one that fails, its
		// findings (what was asked for).
		if !a.quiet || atOrAbove(c.report, level) > 0 {
			a.printReport(a.env.Stdout, o.path, c.report)
		}
	}
	if atOrAbove(c.report, level) > 0 {
		return &exitError{code: ExitFindings}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(report.EscapeInvisible(buf.Bytes()))
	return err
}
