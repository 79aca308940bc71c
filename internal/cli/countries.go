package cli

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/profile"
)

type countriesOptions struct {
	code   string
	format string
}

func (a *app) newCountriesCmd() *cobra.Command {
	o := &countriesOptions{}
	cmd := &cobra.Command{
		Use:     "countries [CC]",
		Short:   a.t("cli.countries.short", nil),
		Long:    a.t("cli.countries.long", nil),
		Example: a.t("cli.countries.example", nil),
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.code = args[0]
			}
			return a.runCountries(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", a.t("cli.flag.format", nil))
	return cmd
}

// countryJSON is the public shape of `mla countries --format json`.
type countryJSON struct {
	Code                 string                  `json:"code"`
	Name                 map[string]string       `json:"name"`
	TranslationLanguages []string                `json:"translation_languages"`
	Facts                map[string]profile.Fact `json:"facts,omitempty"`
}

func (a *app) runCountries(_ context.Context, o *countriesOptions) error {
	if o.format != "text" && o.format != "json" {
		return a.fail(ExitUsage, "cli.error.format", map[string]any{"Format": o.format})
	}
	v, _, err := a.validator()
	if err != nil {
		return a.internal(err)
	}
	codes, err := v.Registry.Codes()
	if err != nil {
		return a.internal(err)
	}
	if o.code != "" {
		want := strings.ToUpper(o.code)
		found := false
		for _, c := range codes {
			found = found || c == want
		}
		if !found {
			return a.fail(ExitUsage, "cli.countries.unknown", map[string]any{"Code": o.code, "Known": strings.Join(codes, ", ")})
		}
		codes = []string{want}
	}
	var out []countryJSON
	for _, c := range codes {
		p, _, err := v.Registry.Load(c)
		if err != nil {
			return a.internal(err)
		}
		cj := countryJSON{Code: p.Code, Name: maps.Clone(p.Name), TranslationLanguages: p.TranslationLanguages}
		if o.code != "" {
			cj.Facts = p.Facts
		}
		out = append(out, cj)
	}
	if o.format == "json" {
		if err := writeJSON(a.env.Stdout, out); err != nil {
			return a.internal(err)
		}
		return nil
	}
	if o.code == "" {
		tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\n", a.t("cli.countries.col.code", nil), a.t("cli.countries.col.name", nil), a.t("cli.countries.col.languages", nil))
		for _, c := range out {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Code, orEnglish(c.Name[a.lang], c.Name["en"]), strings.Join(c.TranslationLanguages, ", "))
		}
		return tw.Flush()
	}
	c := out[0]
	fmt.Fprintf(a.env.Stdout, "%s %s\n", c.Code, orEnglish(c.Name[a.lang], c.Name["en"]))
	p, _, _ := v.Registry.Load(c.Code)
	for _, id := range sortedKeys(p.Facts) {
		f := p.Facts[id]
		mark := a.t("cli.countries.confirmed", nil)
		if !f.Confirmed {
			mark = a.t("cli.countries.unconfirmed", nil)
		}
		fmt.Fprintf(a.env.Stdout, "\n%s [%s]\n  %s\n  %s\n", id, mark, orEnglish(f.Value.In(a.lang), f.Value.In("en")), a.t("cli.validate.source", map[string]any{"Source": f.Source}))
		if s := f.Check.In(a.lang); s != "" {
			fmt.Fprintf(a.env.Stdout, "  %s\n", s)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

// orEnglish returns s, or the English when the data has nothing in the
// user's language: most facts exist in Chinese and English only, and a
// blank would hide them.
func orEnglish(s, en string) string {
	if s != "" {
		return s
	}
	return en
}
