package cli

import (
	"context"
	"errors"
	"io/fs"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/safefile"
	"github.com/mla-dev/mla/internal/translate"
)

type translateExportOptions struct {
	path  string
	lang  string
	out   string
	force bool
}

type translateImportOptions struct {
	path  string // the case file
	sheet string
}

func (a *app) newTranslateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "translate",
		Short: a.t("translate.short", nil),
		Long:  a.t("translate.long", nil),
		Args:  cobra.NoArgs,
	}
	eo := &translateExportOptions{}
	export := &cobra.Command{
		Use:     "export CASE --lang LANG --out FILE.xlsx",
		Short:   a.t("translate.export.short", nil),
		Long:    a.t("translate.export.long", nil),
		Example: a.t("translate.export.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			eo.path = args[0]
			return a.runTranslateExport(cmd.Context(), eo)
		},
	}
	export.Flags().StringVar(&eo.lang, "lang", "", a.t("translate.flag.lang", nil))
	export.Flags().StringVar(&eo.out, "out", "", a.t("i18n.flag.out", nil))
	export.Flags().BoolVar(&eo.force, "force", false, a.t("i18n.flag.force", nil))
	_ = export.MarkFlagRequired("lang")
	_ = export.MarkFlagRequired("out")

	imo := &translateImportOptions{}
	imp := &cobra.Command{
		Use:     "import CASE FILE.xlsx",
		Short:   a.t("translate.import.short", nil),
		Long:    a.t("translate.import.long", nil),
		Example: a.t("translate.import.example", nil),
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			imo.path, imo.sheet = args[0], args[1]
			return a.runTranslateImport(cmd.Context(), imo)
		},
	}
	cmd.AddCommand(export, imp)
	return cmd
}

// caseLanguages are the translation languages the case format allows.
func (a *app) caseLanguages() ([]string, error) {
	schema, err := fs.ReadFile(a.fsys, "schemas/case.schema.json")
	if err != nil {
		return nil, a.internal(err)
	}
	langs, err := translate.Languages(schema)
	if err != nil {
		return nil, a.internal(err)
	}
	return langs, nil
}

// checkCaseLang refuses a language the case format has no text for.
func (a *app) checkCaseLang(lang string) error {
	langs, err := a.caseLanguages()
	if err != nil {
		return err
	}
	for _, l := range langs {
		if l == lang {
			return nil
		}
	}
	return a.fail(ExitUsage, "translate.error.lang", map[string]any{"Lang": lang, "Langs": strings.Join(langs, ", ")})
}

// Columns of the case text spreadsheet, in order.
const (
	tcolPointer = iota
	tcolOriginal
	tcolTranslation
	tcolOriginalChars
	tcolTranslationChars
	tcolStatus
	tcolCheck
)

func (a *app) translateColumns(lang string) []document.Column {
	data := map[string]any{"Lang": lang}
	col := func(id string, width float64, kind document.CellKind) document.Column {
		return document.Column{Header: a.bilingual(id, data), Width: width, Kind: kind}
	}
	return []document.Column{
		col("translate.col.pointer", 30, document.KindText),
		col("translate.col.original", 60, document.KindText),
		col("translate.col.translation", 60, document.KindText),
		col("translate.col.original_chars", 10, document.KindInteger),
		col("translate.col.translation_chars", 10, document.KindInteger),
		col("translate.col.status", 10, document.KindText),
		col("translate.col.check", 18, document.KindText),
	}
}

func (a *app) runTranslateExport(_ context.Context, o *translateExportOptions) error {
	lang := strings.TrimSpace(o.lang)
	if err := a.checkCaseLang(lang); err != nil {
		return err
	}
	f, err := casefile.LoadFile(o.path, a.env.Stdin)
	if err != nil {
		return a.inputError(err)
	}
	rows := translate.Export(f, lang)
	var tl *translate.TooLongError
	if err := translate.CheckLengths(rows, lang); errors.As(err, &tl) {
		return a.fail(ExitUsage, "translate.error.too_long", map[string]any{"Pointer": tl.Pointer, "Lang": tl.Lang,
			"Chars": tl.Chars, "Limit": translate.MaxCellChars})
	}
	table := document.Table{
		Sheet:   lang,
		Caption: a.bilingual("translate.sheet.caption", map[string]any{"Lang": lang, "File": o.path}),
		Columns: a.translateColumns(lang),
	}
	missing := 0
	for _, r := range rows {
		if r.Status == translate.StatusMissing {
			missing++
		}
		table.Rows = append(table.Rows, []string{r.Pointer, r.Original, r.Translation,
			strconv.Itoa(translate.Chars(r.Original)), strconv.Itoa(translate.Chars(r.Translation)), r.Status, r.Check})
	}
	var inputs []string
	if o.path != casefile.Stdin {
		inputs = append(inputs, o.path)
	}
	if err := a.writeSheet(o.out, o.force, table, inputs...); err != nil {
		return err
	}
	if o.out != stdoutName {
		a.note("translate.export.done", map[string]any{"File": o.out, "Rows": len(rows), "Missing": missing, "Lang": lang})
	}
	return nil
}

func (a *app) runTranslateImport(_ context.Context, o *translateImportOptions) error {
	if o.path == casefile.Stdin {
		return a.fail(ExitUsage, "translate.error.stdin", nil)
	}
	book, err := a.openSheet(o.sheet)
	if err != nil {
		return err
	}
	lang := book.Name
	if err := a.checkCaseLang(lang); err != nil {
		return err
	}
	sheet, err := a.readSheet(o.sheet, book, a.translateColumns(lang))
	if err != nil {
		return err
	}
	f, err := casefile.LoadFile(o.path, nil)
	if err != nil {
		return a.inputError(err)
	}
	var rows []translate.Row
	for _, r := range sheet.Rows {
		c := r.Cell
		rows = append(rows, translate.Row{Row: r.Num, Pointer: strings.TrimSpace(c(tcolPointer)), Original: c(tcolOriginal),
			Translation: c(tcolTranslation), Check: strings.TrimSpace(c(tcolCheck))})
	}
	data, changed, errs, err := translate.Import(f, lang, rows)
	if err != nil {
		return a.internal(err)
	}
	if len(errs) > 0 {
		a.listCapped(len(errs), func(i int) {
			e := errs[i]
			a.say("translate.import.row", map[string]any{"File": o.sheet, "Row": e.Row, "Pointer": e.Pointer,
				"Message": a.t("translate.import."+e.Kind, map[string]any{"Lang": lang})})
		})
		return a.fail(ExitFindings, "i18n.import.refused", map[string]any{"Count": len(errs)})
	}
	if changed == 0 {
		a.say("translate.import.nothing", map[string]any{"File": o.path})
		return nil
	}
	if err := safefile.Write(o.path, data, safefile.WriteOptions{KeepMode: true, Unchanged: safefile.FingerprintOf(f.Bytes)}); err != nil {
		if errors.Is(err, safefile.ErrChanged) {
			return a.fail(ExitUsage, "translate.error.changed", map[string]any{"File": o.path})
		}
		return a.fail(ExitInternal, "i18n.error.write", map[string]any{"File": o.path, "Detail": err.Error()})
	}
	a.note("translate.import.done", map[string]any{"File": o.path, "Count": changed, "Lang": lang})
	return nil
}
