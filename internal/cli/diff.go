package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casediff"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/validate"
)

type diffOptions struct {
	old, new string
	format   string
}

func (a *app) newDiffCmd() *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:     "diff OLD NEW",
		Short:   a.t("cli.diff.short", nil),
		Long:    a.t("cli.diff.long", nil),
		Example: a.t("cli.diff.example", nil),
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.old, o.new = args[0], args[1]
			return a.runDiff(o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", a.t("cli.flag.format", nil))
	return cmd
}

// runDiff checks both versions of the case and prints what changed in the
// case and in its findings. The exit status is 0 when nothing differs and
// 1 when something does, as diff's.
func (a *app) runDiff(o *diffOptions) error {
	if o.format != "text" && o.format != "json" {
		return a.fail(ExitUsage, "cli.error.format", map[string]any{"Format": o.format})
	}
	if o.old == casefile.Stdin && o.new == casefile.Stdin {
		return a.fail(ExitUsage, "cli.diff.stdin_twice", nil)
	}
	co, err := a.check(o.old, checkOptions{})
	if err != nil {
		return err
	}
	cn, err := a.check(o.new, checkOptions{})
	if err != nil {
		return err
	}
	res := &casediff.Result{
		FormatVersion: 1,
		OldSHA256:     co.report.CaseSHA256,
		NewSHA256:     cn.report.CaseSHA256,
		Changes:       casediff.Cases(co.file.Raw, cn.file.Raw),
		Findings:      casediff.Findings(co.report.Findings, cn.report.Findings),
	}
	if res.Changes == nil {
		res.Changes = []casediff.Change{}
	}
	if res.Findings == nil {
		res.Findings = []casediff.FindingChange{}
	}
	if o.format == "json" {
		if err := writeJSON(a.env.Stdout, res); err != nil {
			return a.internal(err)
		}
	} else {
		a.printDiff(a.env.Stdout, o, res)
	}
	if !res.Same() {
		return &exitError{code: ExitFindings}
	}
	return nil
}

func (a *app) printDiff(w io.Writer, o *diffOptions, r *casediff.Result) {
	counts := map[string]int{}
	if len(r.Changes) > 0 {
		fmt.Fprintf(w, "== %s ==\n", a.t("cli.diff.heading.case", nil))
		for _, c := range r.Changes {
			counts["case."+c.Op]++
			where := c.Path
			if c.Pointer != c.Path {
				where += " (" + c.Pointer + ")"
			}
			fmt.Fprintf(w, "%s %s\n", a.t("cli.diff.op."+c.Op, nil), casefile.Visible(where))
			if c.Op == casediff.Changed {
				fmt.Fprintf(w, "    %s\n    → %s\n", shortValue(c.Old), shortValue(c.New))
			}
		}
		fmt.Fprintln(w)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(w, "== %s ==\n", a.t("cli.diff.heading.findings", nil))
		for _, f := range r.Findings {
			counts["finding."+f.Op]++
			x := f.New
			if x == nil {
				x = f.Old
			}
			fmt.Fprintf(w, "%s %s %s [%s] %s\n", a.t("cli.diff.finding."+f.Op, nil), f.ID, a.t("cli.severity."+string(x.Severity), nil), x.Rule, casefile.Visible(orSlash(x.Pointer)))
			fmt.Fprintf(w, "    %s\n", casefile.Visible(findingText(x, a.lang)))
		}
		fmt.Fprintln(w)
	}
	id := "cli.diff.summary"
	if r.Same() {
		id = "cli.diff.same"
	}
	fmt.Fprintln(w, a.t(id, map[string]any{
		"Old": casefile.Visible(o.old), "New": casefile.Visible(o.new),
		"Changed": counts["case.changed"], "Added": counts["case.added"], "Removed": counts["case.removed"],
		"Appeared": counts["finding.added"], "Gone": counts["finding.removed"], "Altered": counts["finding.changed"],
	}))
}

func orSlash(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// findingText is a finding's message in lang, else in English.
func findingText(f *validate.Finding, lang string) string {
	if s := f.Message[lang]; s != "" {
		return s
	}
	return f.Message["en"]
}

// shortValue shows a value of the case on one line, at most 80 characters.
func shortValue(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		b, _ := json.Marshal(x)
		s = string(b)
	case map[string]any:
		s = "{…}"
	case []any:
		s = "[…]"
	default:
		b, _ := json.Marshal(x)
		s = string(b)
	}
	s = strings.ReplaceAll(s, `\n`, " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return casefile.Visible(s)
}
