package cli

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/starter"
)

type initOptions struct {
	state string
	out   string
}

func (a *app) newInitCmd() *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:     "init CC [--out FILE]",
		Short:   a.t("cli.init.short", nil),
		Long:    a.t("cli.init.long", nil),
		Example: a.t("cli.init.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.state = strings.ToUpper(args[0])
			return a.runInit(o)
		},
	}
	cmd.Flags().StringVar(&o.out, "out", "", a.t("cli.flag.init_out", nil))
	return cmd
}

// runInit writes a starter case for the state: every field its schema
// requires, each with a placeholder (see package starter).
func (a *app) runInit(o *initOptions) error {
	v, _, err := a.validator()
	if err != nil {
		return a.internal(err)
	}
	p, _, err := v.Registry.Load(o.state)
	if errors.Is(err, profile.ErrUnknown) {
		codes, _ := v.Registry.Codes()
		return a.fail(ExitUsage, "cli.countries.unknown", map[string]any{"Code": casefile.Visible(o.state), "Known": strings.Join(codes, ", ")})
	}
	if err != nil {
		return a.internal(err)
	}
	data, err := starter.Build(a.fsys, starter.Options{
		Schema: p.Schema,
		Langs:  append([]string{"zh"}, p.TranslationLanguages[:min(1, len(p.TranslationLanguages))]...),
		Set:    map[string]any{"/assistance/0/evidence": []any{"E1"}},
		Placeholder: func(ptr, lang string) string {
			if lang == "zh" {
				lang = a.lang
				if !strings.HasPrefix(lang, "zh") {
					lang = "zh"
				}
			}
			s, err := a.cat.T(lang, "cli.init.placeholder", map[string]any{"Field": ptr})
			if err != nil {
				s, _ = a.cat.T("en", "cli.init.placeholder", map[string]any{"Field": ptr})
			}
			return s
		},
	})
	if err != nil {
		return a.internal(err)
	}
	if o.out == "" || o.out == "-" {
		if _, err := a.env.Stdout.Write(data); err != nil {
			return a.internal(err)
		}
		return nil
	}
	if err := a.writeNew(o.out, data); err != nil {
		return err
	}
	a.note("cli.init.done", map[string]any{"File": casefile.Visible(o.out), "State": o.state})
	return nil
}
