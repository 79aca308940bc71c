package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
)

type offencesOptions struct {
	id     string
	format string
	// text: the list gives each offence's text too (the web form shows it).
	text bool
}

func (a *app) newOffencesCmd() *cobra.Command {
	o := &offencesOptions{}
	cmd := &cobra.Command{
		Use:     "offences [ID]",
		Short:   a.t("cli.offences.short", nil),
		Long:    a.t("cli.offences.long", nil),
		Example: a.t("cli.offences.example", nil),
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.id = args[0]
			}
			return a.runOffences(o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", a.t("cli.flag.format", nil))
	return cmd
}

// offenceJSON is one entry of `mla offences --format json`.
type offenceJSON struct {
	ID           string                      `json:"id"`
	Article      map[string]string           `json:"article"`
	Charges      []map[string]string         `json:"charges"`
	MaxPenalty   map[string]string           `json:"max_penalty,omitempty"`
	DeathPenalty bool                        `json:"death_penalty"`
	Text         map[string][]string         `json:"text,omitempty"`
	PenaltyBy    []penaltyByJSON             `json:"penalty_by,omitempty"`
	Comparable   map[string][]comparableJSON `json:"comparable,omitempty"`
}

// penaltyByJSON is an article that fixes the penalty of the one shown
// (386 → 383), with its text, as the request quotes it.
type penaltyByJSON struct {
	ID         string              `json:"id"`
	Article    map[string]string   `json:"article"`
	MaxPenalty map[string]string   `json:"max_penalty,omitempty"`
	Text       map[string][]string `json:"text"`
}

type comparableJSON struct {
	Citation    string            `json:"citation"`
	Description map[string]string `json:"description"`
	MaxPenalty  map[string]string `json:"max_penalty,omitempty"`
	Confirmed   bool              `json:"confirmed"`
}

// runOffences lists the offence catalogue, or shows one offence in full
// with its comparable offences in each requested state.
func (a *app) runOffences(o *offencesOptions) error {
	if o.format != "text" && o.format != "json" {
		return a.fail(ExitUsage, "cli.error.format", map[string]any{"Format": o.format})
	}
	_, cat, err := a.validator()
	if err != nil {
		return a.internal(err)
	}
	list := cat.Offences()
	if o.id != "" {
		e, ok := cat.Offence(o.id)
		if !ok {
			return a.fail(ExitUsage, "cli.offences.unknown", map[string]any{"ID": casefile.Visible(o.id)})
		}
		list = []offences.Offence{e}
	}
	var out []offenceJSON
	for _, e := range list {
		if !e.Punishable() {
			continue
		}
		j := offenceJSON{
			ID:           e.ID,
			Article:      map[string]string{"zh": e.Article.ZH, "en": e.Article.EN},
			DeathPenalty: e.DeathPenalty,
		}
		for _, c := range e.Charges {
			j.Charges = append(j.Charges, map[string]string{"zh": c.ZH, "en": c.EN})
		}
		if p := e.MaxPenalty; p != nil {
			j.MaxPenalty = map[string]string{"zh": p.ZH, "en": p.EN}
		}
		if o.id != "" || o.text {
			j.Text = map[string][]string{"zh": e.Text.ZH, "en": e.Text.EN}
			for _, r := range cat.PenaltyArticles(e.ID) {
				pj := penaltyByJSON{ID: r.ID, Article: map[string]string{"zh": r.Article.ZH, "en": r.Article.EN}, Text: map[string][]string{"zh": r.Text.ZH, "en": r.Text.EN}}
				if p := r.MaxPenalty; p != nil {
					pj.MaxPenalty = map[string]string{"zh": p.ZH, "en": p.EN}
				}
				j.PenaltyBy = append(j.PenaltyBy, pj)
			}
		}
		if o.id != "" {
			j.Comparable = map[string][]comparableJSON{}
			for _, st := range cat.States() {
				for _, q := range cat.Equivalents(st, e.ID) {
					c := comparableJSON{Citation: q.Citation, Description: q.Description, Confirmed: q.Confirmed()}
					if q.MaxPenalty != nil {
						c.MaxPenalty = map[string]string{"zh": q.MaxPenalty.ZH, "en": q.MaxPenalty.EN}
					}
					j.Comparable[st] = append(j.Comparable[st], c)
				}
			}
		}
		out = append(out, j)
	}
	if o.format == "json" {
		if err := writeJSON(a.env.Stdout, out); err != nil {
			return a.internal(err)
		}
		return nil
	}
	lang := "en"
	if strings.HasPrefix(a.lang, "zh") {
		lang = "zh"
	}
	yes, no := a.t("cli.offences.yes", nil), a.t("cli.offences.no", nil)
	flag := func(b bool) string {
		if b {
			return yes
		}
		return no
	}
	w := a.env.Stdout
	if o.id == "" {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.t("cli.offences.col.id", nil), a.t("cli.offences.col.article", nil), a.t("cli.offences.col.charges", nil), a.t("cli.offences.col.max_penalty", nil), a.t("cli.offences.col.death", nil))
		for _, j := range out {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", j.ID, j.Article[lang], joinCharges(j.Charges, lang), j.MaxPenalty[lang], flag(j.DeathPenalty))
		}
		if err := tw.Flush(); err != nil {
			return a.internal(err)
		}
		fmt.Fprintln(w, a.t("cli.offences.more", nil))
		return nil
	}
	j := out[0]
	fmt.Fprintf(w, "%s  %s / %s\n", j.ID, j.Article["zh"], j.Article["en"])
	fmt.Fprintf(w, "%s: %s\n", a.t("cli.offences.col.charges", nil), joinCharges(j.Charges, lang))
	fmt.Fprintf(w, "%s: %s\n", a.t("cli.offences.col.max_penalty", nil), j.MaxPenalty[lang])
	fmt.Fprintf(w, "%s: %s\n\n", a.t("cli.offences.col.death", nil), flag(j.DeathPenalty))
	for _, p := range j.Text["zh"] {
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintf(w, "\n%s\n", a.t("cli.offences.unofficial", nil))
	for _, p := range j.Text["en"] {
		fmt.Fprintf(w, "  %s\n", p)
	}
	for _, r := range j.PenaltyBy {
		fmt.Fprintf(w, "\n== %s ==\n", a.t("cli.offences.penalty_by", map[string]any{"ID": r.ID, "Article": r.Article[lang]}))
		if r.MaxPenalty != nil {
			fmt.Fprintf(w, "%s: %s\n", a.t("cli.offences.col.max_penalty", nil), r.MaxPenalty[lang])
		}
		for _, p := range r.Text["zh"] {
			fmt.Fprintf(w, "  %s\n", p)
		}
		fmt.Fprintf(w, "\n%s\n", a.t("cli.offences.unofficial", nil))
		for _, p := range r.Text["en"] {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	for _, st := range cat.States() {
		cs := j.Comparable[st]
		fmt.Fprintf(w, "\n== %s ==\n", a.t("cli.offences.comparable", map[string]any{"State": st}))
		if len(cs) == 0 {
			fmt.Fprintf(w, "  %s\n", a.t("cli.offences.none", nil))
		}
		for _, c := range cs {
			mark := ""
			if !c.Confirmed {
				mark = "  " + a.t("cli.offences.unconfirmed", nil)
			}
			fmt.Fprintf(w, "  %s%s\n    %s\n", c.Citation, mark, orEnglish(c.Description[lang], c.Description["en"]))
			if c.MaxPenalty != nil {
				fmt.Fprintf(w, "    %s: %s\n", a.t("cli.offences.col.max_penalty", nil), orEnglish(c.MaxPenalty[lang], c.MaxPenalty["en"]))
			}
		}
	}
	return nil
}

func joinCharges(cs []map[string]string, lang string) string {
	sep := "; "
	if lang == "zh" {
		sep = "、"
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c[lang]
	}
	return strings.Join(names, sep)
}
