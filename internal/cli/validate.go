package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/validate"
)

type validateOptions struct {
	path   string
	format string // text | json
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
	return cmd
}

func (a *app) runValidate(_ context.Context, o *validateOptions) error {
	if o.format != "text" && o.format != "json" {
		return a.fail(ExitUsage, "cli.error.format", map[string]any{"Format": o.format})
	}
	c, err := a.check(o.path)
	if err != nil {
		return err
	}
	switch o.format {
	case "json":
		if err := writeJSON(a.env.Stdout, c.report); err != nil {
			return a.internal(err)
		}
	default:
		a.printReport(a.env.Stdout, o.path, c.report)
	}
	if c.errors() > 0 {
		return &exitError{code: ExitFindings}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printReport prints findings as text in the user's language.
func (a *app) printReport(w io.Writer, name string, r *validate.Report) {
	for _, f := range r.Findings {
		fmt.Fprintf(w, "%s %s [%s]\n", a.t("cli.severity."+string(f.Severity), nil), f.Pointer, f.Rule)
		fmt.Fprintf(w, "    %s\n", f.Message[a.lang])
		if f.Source != "" {
			fmt.Fprintf(w, "    %s\n", a.t("cli.validate.source", map[string]any{"Source": f.Source}))
		}
	}
	fmt.Fprintln(w, a.t("cli.validate.summary", map[string]any{
		"File":     name,
		"State":    r.State,
		"Errors":   count(r, validate.Error),
		"Warnings": count(r, validate.Warning),
		"Infos":    count(r, validate.Info),
	}))
}
