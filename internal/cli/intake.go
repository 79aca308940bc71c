package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/i18n/workbook"
	"github.com/mla-dev/mla/internal/intake"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

type intakeOptions struct {
	out string
}

// newIntakeCmd is mla intake: the case as a workbook an officer fills in
// a spreadsheet program (package intake).
func (a *app) newIntakeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "intake",
		Short: a.t("intake.short", nil),
		Long:  a.t("intake.long", nil),
		Args:  cobra.NoArgs,
	}
	o := &intakeOptions{}
	tmpl := &cobra.Command{
		Use:     "template CC --out FILE",
		Short:   a.t("intake.template.short", nil),
		Example: "  mla intake template CA --out intake.xlsx",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runIntakeTemplate(strings.ToUpper(args[0]), o)
		},
	}
	imp := &cobra.Command{
		Use:     "import FILE.xlsx --out case.json",
		Short:   a.t("intake.import.short", nil),
		Example: "  mla intake import intake.xlsx --out case.json\n  mla validate case.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runIntakeImport(args[0], o)
		},
	}
	exp := &cobra.Command{
		Use:     "export case.json --out FILE.xlsx",
		Short:   a.t("intake.export.short", nil),
		Example: "  mla intake export case.json --out intake.xlsx",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runIntakeExport(args[0], o)
		},
	}
	for _, c := range []*cobra.Command{tmpl, imp, exp} {
		c.Flags().StringVar(&o.out, "out", "", a.t("intake.flag.out", nil))
		_ = c.MarkFlagRequired("out")
		cmd.AddCommand(c)
	}
	return cmd
}

// intakeSchema loads the state's profile and its schema folded for the
// workbook, with the texts in Chinese and lang (the state's translation
// language when "").
func (a *app) intakeSchema(state, lang string) (*intake.Schema, *profile.Profile, error) {
	v, _, err := a.validator()
	if err != nil {
		return nil, nil, a.internal(err)
	}
	p, _, err := v.Registry.Load(state)
	if errors.Is(err, profile.ErrUnknown) {
		codes, _ := v.Registry.Codes()
		return nil, nil, a.fail(ExitUsage, "cli.countries.unknown", map[string]any{"Code": casefile.Visible(state), "Known": strings.Join(codes, ", ")})
	}
	if err != nil {
		return nil, nil, a.internal(err)
	}
	if lang == "" && len(p.TranslationLanguages) > 0 {
		lang = p.TranslationLanguages[0]
	}
	langs := []string{"zh"}
	if lang != "" && lang != "zh" {
		langs = append(langs, lang)
	}
	s, err := intake.Load(a.fsys, p.Schema, langs)
	if err != nil {
		return nil, nil, a.internal(err)
	}
	return s, p, nil
}

// intakeOptions gives the workbook its labels: the field names and coded
// values in Chinese (the officer's language), the offence catalogue's
// ids with their charges.
func (a *app) intakeWriteOptions() (intake.Options, error) {
	label := func(id string) (string, bool) {
		s, err := a.cat.T("zh-Hans", id, nil)
		return s, err == nil
	}
	o := intake.Options{
		Label:    label,
		Describe: a.describeField,
		Header: func(field string) string {
			// The workbook's own names of fields, then the request's.
			for _, id := range []string{"intake.field." + field, "field." + field} {
				if s, ok := label(id); ok && s != id {
					return s
				}
			}
			return ""
		},
		Choices: map[string][]intake.Choice{},
		Groups:  2,
	}
	_, cat, err := a.validator()
	if err != nil {
		return o, err
	}
	var list []intake.Choice
	for _, off := range cat.Offences() {
		if off.Kind == offences.KindDefinition {
			// Defines a term (art. 93: state functionaries); not an
			// offence a case can charge, and the schema refuses it there.
			continue
		}
		var names []string
		for _, c := range off.Charges {
			names = append(names, c.ZH)
		}
		l := strings.Join(names, "、")
		if l == "" {
			l = off.Citation.In("zh")
		}
		list = append(list, intake.Choice{Value: off.ID, Label: l})
	}
	o.Choices["offences/id"] = list
	return o, nil
}

func (a *app) runIntakeTemplate(state string, o *intakeOptions) error {
	s, p, err := a.intakeSchema(state, "")
	if err != nil {
		return err
	}
	wo, err := a.intakeWriteOptions()
	if err != nil {
		return a.internal(err)
	}
	wo.Seed = map[string]any{"$schema": p.Schema}
	f, _, err := intake.Write(s, nil, wo)
	if err != nil {
		return a.internal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return a.internal(err)
	}
	if err := a.writeNew(o.out, buf.Bytes()); err != nil {
		return err
	}
	if o.out != stdoutName {
		a.note("intake.template.done", map[string]any{"File": casefile.Visible(o.out), "State": state})
	}
	return nil
}

func (a *app) runIntakeExport(path string, o *intakeOptions) error {
	data, err := a.exportWorkbook(path)
	if err != nil {
		return err
	}
	if err := a.writeNew(o.out, data); err != nil {
		return err
	}
	a.say("intake.export.done", map[string]any{"File": casefile.Visible(o.out)})
	return nil
}

// exportWorkbook reads the case file path and returns it as an intake
// workbook.
func (a *app) exportWorkbook(path string) ([]byte, error) {
	f, err := casefile.LoadFile(path, a.env.Stdin)
	if err != nil {
		return nil, a.inputError(err)
	}
	var c map[string]any
	if err := json.Unmarshal(f.Bytes, &c); err != nil {
		return nil, a.fail(ExitUsage, "intake.export.not_object", map[string]any{"File": casefile.Visible(path)})
	}
	state, _ := c["requested_state"].(string)
	lang, _ := c["translation"].(string)
	s, _, err := a.intakeSchema(strings.ToUpper(state), lang)
	if err != nil {
		return nil, err
	}
	wo, err := a.intakeWriteOptions()
	if err != nil {
		return nil, a.internal(err)
	}
	wb, unheld, err := intake.Write(s, c, wo)
	if err != nil {
		return nil, a.internal(err)
	}
	if len(unheld) > 0 {
		var lines []string
		for _, u := range unheld {
			lines = append(lines, a.t("intake.export.unheld", map[string]any{"Ptr": u.Ptr, "Why": a.t("intake.unheld."+u.Why, nil)}))
		}
		return nil, &exitError{code: ExitUsage, msg: a.t("intake.export.unheld_head", map[string]any{"File": casefile.Visible(path), "Count": len(unheld)}) + "\n" + strings.Join(lines, "\n")}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		return nil, a.internal(err)
	}
	return buf.Bytes(), nil
}

func (a *app) runIntakeImport(path string, o *intakeOptions) error {
	// At most one byte over the reader's limit, which it then refuses.
	data, err := readLimited(path, workbook.MaxFileBytes+1)
	if err != nil {
		return a.fail(ExitUsage, "intake.import.unreadable", map[string]any{"File": casefile.Visible(path), "Err": err.Error()})
	}
	out, err := a.importWorkbook(path, data)
	if err != nil {
		return err
	}
	if err := a.writeNew(o.out, out); err != nil {
		return err
	}
	if o.out != stdoutName {
		a.note("intake.import.done", map[string]any{"File": casefile.Visible(o.out)})
	}
	return nil
}

// importWorkbook reads the intake workbook data (of the file path) into a
// case file.
func (a *app) importWorkbook(path string, data []byte) ([]byte, error) {
	// The state decides the columns: read it from the case sheet first.
	state, lang, err := intake.Peek(bytes.NewReader(data))
	if probs := intake.PeekProblems(err); probs != nil {
		return nil, a.intakeProblems(path, probs)
	}
	if err != nil {
		return nil, a.fail(ExitUsage, "intake.import.unreadable", map[string]any{"File": casefile.Visible(path), "Err": err.Error()})
	}
	s, _, err := a.intakeSchema(strings.ToUpper(state), lang)
	if err != nil {
		return nil, err
	}
	c, probs, err := intake.Import(s, bytes.NewReader(data))
	if err != nil {
		return nil, a.fail(ExitUsage, "intake.import.unreadable", map[string]any{"File": casefile.Visible(path), "Err": err.Error()})
	}
	if len(probs) > 0 {
		return nil, a.intakeProblems(path, probs)
	}
	out, err := intake.Encode(c)
	if err != nil {
		return nil, a.internal(err)
	}
	return out, nil
}

// intakeProblems is the error of an import that found problems: one line
// each, no case written.
func (a *app) intakeProblems(path string, probs []intake.Problem) error {
	lines := []string{a.t("intake.import.problems", map[string]any{"File": casefile.Visible(path), "Count": len(probs)})}
	for _, p := range probs {
		args := map[string]any{}
		for k, v := range p.Args {
			args[k] = v
		}
		if k, ok := args["Kind"].(string); ok {
			args["Kind"] = a.t("intake.cell."+k, nil)
		}
		lines = append(lines, "  "+a.t(p.ID, args))
	}
	return &exitError{code: ExitUsage, msg: strings.Join(lines, "\n")}
}

// readLimited reads at most n bytes of the file name.
func readLimited(name string, n int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}
