package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/i18n/workbook"
	"github.com/mla-dev/mla/internal/render/xlsx"
	"github.com/mla-dev/mla/internal/safefile"
)

// localesDir is the folder of the locale files in the asset tree.
const localesDir = "locales"

type i18nExportOptions struct {
	lang  string
	out   string
	force bool
}

type i18nImportOptions struct {
	path string
}

type i18nStampOptions struct {
	lang string
	ids  []string
}

func (a *app) newI18nCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "i18n",
		Short: a.t("i18n.short", nil),
		Long:  a.t("i18n.long", nil),
		Args:  cobra.NoArgs,
	}
	check := &cobra.Command{
		Use:     "check",
		Short:   a.t("i18n.check.short", nil),
		Long:    a.t("i18n.check.long", nil),
		Example: a.t("i18n.check.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runI18nCheck(cmd.Context())
		},
	}

	eo := &i18nExportOptions{}
	export := &cobra.Command{
		Use:     "export --lang LANG --out FILE.xlsx",
		Short:   a.t("i18n.export.short", nil),
		Long:    a.t("i18n.export.long", nil),
		Example: a.t("i18n.export.example", nil),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runI18nExport(cmd.Context(), eo)
		},
	}
	export.Flags().StringVar(&eo.lang, "lang", "", a.t("i18n.flag.lang", nil))
	export.Flags().StringVar(&eo.out, "out", "", a.t("i18n.flag.out", nil))
	export.Flags().BoolVar(&eo.force, "force", false, a.t("i18n.flag.force", nil))
	_ = export.MarkFlagRequired("lang")
	_ = export.MarkFlagRequired("out")

	imo := &i18nImportOptions{}
	imp := &cobra.Command{
		Use:     "import FILE.xlsx",
		Short:   a.t("i18n.import.short", nil),
		Long:    a.t("i18n.import.long", nil),
		Example: a.t("i18n.import.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			imo.path = args[0]
			return a.runI18nImport(cmd.Context(), imo)
		},
	}

	so := &i18nStampOptions{}
	stamp := &cobra.Command{
		Use:     "stamp --lang LANG [ID...]",
		Short:   a.t("i18n.stamp.short", nil),
		Long:    a.t("i18n.stamp.long", nil),
		Example: a.t("i18n.stamp.example", nil),
		RunE: func(cmd *cobra.Command, args []string) error {
			so.ids = args
			return a.runI18nStamp(cmd.Context(), so)
		},
	}
	stamp.Flags().StringVar(&so.lang, "lang", "", a.t("i18n.flag.lang", nil))
	_ = stamp.MarkFlagRequired("lang")

	cmd.AddCommand(check, export, imp, stamp)
	return cmd
}

// targetLangCommands are the commands whose --lang names the language of
// a translation rather than the language of mla's messages, which then
// comes from MLA_LANG or LANG: a translator exports a language that mla
// may have no messages in yet.
var targetLangCommands = map[string]bool{"i18n export": true, "i18n stamp": true, "translate export": true}

// langIsTarget reports whether args run one of targetLangCommands.
func langIsTarget(args []string) bool {
	var words []string
	for i := 0; i < len(args) && len(words) < 2; i++ {
		a := args[i]
		switch {
		case a == "--":
			i = len(args)
		case a == "--lang" || a == "--assets":
			i++ // skip the value
		case strings.HasPrefix(a, "-"):
		default:
			words = append(words, a)
		}
	}
	return targetLangCommands[strings.Join(words, " ")]
}

// where names a file of the asset tree for the user: with --assets DIR,
// the file in DIR, unless only the built-in assets have it; a file that
// neither has (a missing translation) is named where it is to be created.
func (a *app) where(p string) string {
	if a.assets == "" {
		return p
	}
	full := filepath.Join(a.assets, filepath.FromSlash(p))
	if _, err := os.Stat(full); err != nil {
		if _, err := fs.Stat(a.env.Assets, p); err == nil {
			return p
		}
	}
	return full
}

// readLocales reads the locale files of fsys, refusing them when the
// folder cannot be read.
func (a *app) readLocales(fsys fs.FS) (*i18n.Set, error) {
	s, err := i18n.ReadSet(fsys, localesDir)
	if ue := a.assetFault(err); ue != nil {
		return nil, ue
	}
	if err != nil {
		return nil, a.fail(ExitUsage, "i18n.error.read", map[string]any{"File": localesDir, "Detail": err.Error()})
	}
	return s, nil
}

func (a *app) runI18nCheck(_ context.Context) error {
	s, err := a.readLocales(a.fsys)
	if err != nil {
		return err
	}
	problems := s.Check()
	errs, notes := 0, 0
	w := a.env.Stdout
	for _, p := range problems {
		label := "cli.severity.error"
		if p.Severity == i18n.SevError {
			errs++
		} else {
			notes++
			label = "cli.severity.info"
		}
		fmt.Fprintln(w, a.problemLine(a.t(label, nil), a.where(p.File), p.ID, a.problemText(p)))
	}
	messages := 0
	for _, f := range s.Files {
		if f.Tag == s.Config.Source {
			messages += len(f.Messages)
		}
	}
	a.say("i18n.check.summary", map[string]any{
		"Files": len(s.Files), "Langs": strings.Join(s.Langs(), ", "), "Source": s.Config.Source,
		"Messages": messages, "Errors": errs, "Notes": notes,
	})
	if errs > 0 {
		return &exitError{code: ExitFindings}
	}
	return nil
}

// problemText says what a problem is, in the user's language.
func (a *app) problemText(p i18n.Problem) string {
	data := map[string]any{}
	for k, v := range p.Args {
		data[k] = v
	}
	data["File"], data["ID"] = p.File, p.ID
	if _, tag, ok := i18n.ParseName(filepath.Base(p.File)); ok {
		data["Lang"] = tag
	}
	return a.t(p.MessageID(), data)
}

func (a *app) problemLine(severity, file, id, text string) string {
	if id == "" {
		return a.t("i18n.check.line_file", map[string]any{"Severity": severity, "File": file, "Message": text})
	}
	return a.t("i18n.check.line", map[string]any{"Severity": severity, "File": file, "ID": id, "Message": text})
}

// bilingual is a spreadsheet header: the message in Chinese above the
// message in English, whatever the user's language.
func (a *app) bilingual(id string, data map[string]any) document.Text {
	zh, _ := a.cat.T("zh", id, data)
	en, _ := a.cat.T("en", id, data)
	return document.Text{Orig: zh, Trans: en}
}

// headerCell is the text a header cell holds once written: the original
// above the translation, as the XLSX renderer joins them.
func headerCell(t document.Text) string {
	if t.Trans == "" || t.Trans == t.Orig {
		return t.Orig
	}
	return t.Orig + "\n" + t.Trans
}

// Columns of the messages spreadsheet, in order.
const (
	colID = iota
	colForm
	colDescription
	colReference
	colSource
	colTranslation
	colStatus
	colPlaceholders
	colFile
	colSourceHash
	colBase
)

func (a *app) i18nColumns(s *i18n.Set, lang string) []document.Column {
	data := map[string]any{"Lang": lang, "Source": s.Config.Source, "Reference": s.Config.Reference}
	col := func(id string, width float64) document.Column {
		return document.Column{Header: a.bilingual(id, data), Width: width}
	}
	return []document.Column{
		col("i18n.col.id", 30),
		col("i18n.col.form", 10),
		col("i18n.col.description", 40),
		col("i18n.col.reference", 40),
		col("i18n.col.source", 40),
		col("i18n.col.translation", 45),
		col("i18n.col.status", 10),
		col("i18n.col.placeholders", 20),
		col("i18n.col.file", 18),
		col("i18n.col.source_hash", 14),
		col("i18n.col.base", 14),
	}
}

// checkTag refuses a --lang value that is not a language tag mla can name
// a file with.
func (a *app) checkTag(lang string) (string, error) {
	tag := i18n.Tag(lang)
	if _, _, ok := i18n.ParseName("x." + tag + ".toml"); !ok {
		return "", a.fail(ExitUsage, "i18n.error.tag", map[string]any{"Lang": lang})
	}
	return tag, nil
}

func (a *app) runI18nExport(_ context.Context, o *i18nExportOptions) error {
	lang, err := a.checkTag(o.lang)
	if err != nil {
		return err
	}
	s, err := a.readLocales(a.fsys)
	if err != nil {
		return err
	}
	rows, err := s.Export(lang)
	switch {
	case errors.Is(err, i18n.ErrSourceLanguage):
		return a.fail(ExitUsage, "i18n.error.source_language", map[string]any{"Lang": lang})
	case errors.Is(err, i18n.ErrNoPluralRule):
		return a.fail(ExitUsage, "i18n.error.plural_rule", map[string]any{"Lang": lang})
	case err != nil:
		return a.internal(err)
	}
	table := document.Table{
		Sheet:   lang,
		Caption: a.bilingual("i18n.sheet.caption", map[string]any{"Lang": lang}),
		Columns: a.i18nColumns(s, lang),
	}
	count := map[string]int{}
	for _, r := range rows {
		count[r.Status]++
		table.Rows = append(table.Rows, []string{r.ID, r.Form, r.Description, r.Reference, r.Source, r.Translation,
			r.Status, r.Placeholders, r.File, r.SourceHash, r.Base})
	}
	if err := a.writeSheet(o.out, o.force, table); err != nil {
		return err
	}
	if o.out != stdoutName {
		a.note("i18n.export.done", map[string]any{"File": o.out, "Rows": len(rows), "Lang": lang,
			"Missing": count[i18n.StatusMissing], "Stale": count[i18n.StatusStale], "Done": count[i18n.StatusDone]})
	}
	return nil
}

// writeSheet renders table as a workbook and writes it to out ("-" for
// standard output), owner-only: it may hold a case's facts. Even with
// force it never replaces what is not a regular file (a folder, a link, a
// device) nor one of inputs, the files the command reads.
func (a *app) writeSheet(out string, force bool, table document.Table, inputs ...string) error {
	doc := &document.Document{
		Langs:  [2]string{"zh", "en"},
		Meta:   document.Meta{Title: table.Caption, Creator: "mla " + Version},
		Blocks: []document.Block{table},
	}
	var buf bytes.Buffer
	if err := xlsx.Render(&buf, doc); err != nil {
		if errors.Is(err, xlsx.ErrCellTooLong) {
			return a.fail(ExitUsage, "i18n.error.cell_too_long", map[string]any{"Detail": err.Error()})
		}
		return a.internal(err)
	}
	if out == "-" {
		if _, err := a.env.Stdout.Write(buf.Bytes()); err != nil {
			return a.fail(ExitInternal, "i18n.error.write", map[string]any{"File": out, "Detail": err.Error()})
		}
		return nil
	}
	if fi, err := os.Lstat(out); err == nil {
		if !fi.Mode().IsRegular() {
			return a.fail(ExitUsage, "cli.out.refused.not_file", map[string]any{"File": casefile.Visible(out)})
		}
		for _, in := range inputs {
			if st, err := os.Stat(in); err == nil && os.SameFile(st, fi) {
				return a.fail(ExitUsage, "cli.out.refused.input_file", map[string]any{"File": casefile.Visible(out)})
			}
		}
		if !force {
			return a.fail(ExitUsage, "i18n.error.exists", map[string]any{"File": out})
		}
	}
	if err := safefile.Write(out, buf.Bytes(), safefile.WriteOptions{}); err != nil {
		// The folder cannot be written, or the file changed meanwhile:
		// the user's to fix.
		return a.fail(ExitUsage, "cli.out.write_failed", map[string]any{"Dir": casefile.Visible(out), "Reason": a.writeReason(err)})
	}
	return nil
}

// openSheet opens the workbook at p ("-" for standard input); its first
// worksheet is read by readSheet once its columns are known.
func (a *app) openSheet(p string) (*workbook.Book, error) {
	var r io.Reader = a.env.Stdin
	if p != "-" {
		f, err := os.Open(p)
		if err != nil {
			return nil, a.fail(ExitUsage, "i18n.error.open", map[string]any{"File": p, "Detail": err.Error()})
		}
		defer f.Close()
		r = f
	}
	b, err := workbook.Open(r)
	if err != nil {
		return nil, a.sheetError(p, err)
	}
	return b, nil
}

// readSheet reads the rows of b, whose header row must be cols' headers.
// A bad cell is listed (the first maxListed of them) and refuses the
// whole sheet.
func (a *app) readSheet(p string, b *workbook.Book, cols []document.Column) (*workbook.Sheet, error) {
	want := make([]workbook.Column, len(cols))
	for i, c := range cols {
		want[i] = workbook.Column{Header: headerCell(c.Header), Number: c.Kind == document.KindInteger}
	}
	s, err := b.Read(want)
	if err != nil {
		return nil, a.sheetError(p, err)
	}
	return s, nil
}

// sheetError says why the workbook at p cannot be read.
func (a *app) sheetError(p string, err error) error {
	var (
		he *workbook.HeaderError
		le *workbook.LimitError
		ce *workbook.CellErrors
	)
	switch {
	case errors.As(err, &he):
		return a.fail(ExitUsage, "i18n.error.header", map[string]any{"File": p, "Column": he.Column,
			"Got": strings.ReplaceAll(he.Got, "\n", " / "), "Want": strings.ReplaceAll(he.Want, "\n", " / ")})
	case errors.As(err, &le) && le.Kind != "parts":
		id := "i18n.error.sheet_size"
		switch le.Kind {
		case "rows":
			id = "i18n.error.sheet_rows"
		case "cells":
			id = "i18n.error.sheet_cells"
		}
		return a.fail(ExitUsage, id, map[string]any{"File": p, "Limit": le.Limit})
	case errors.As(err, &ce):
		for _, c := range ce.List {
			a.say("i18n.cell.line", map[string]any{"File": p, "Cell": c.Cell,
				"Message": a.t("i18n.cell."+c.Kind, map[string]any{"Char": c.Char, "Chars": c.Chars, "Limit": workbook.MaxCellChars})})
		}
		if ce.More > 0 {
			a.say("i18n.import.more", map[string]any{"Count": ce.More})
		}
		return a.fail(ExitFindings, "i18n.import.cells_refused", map[string]any{"Count": len(ce.List) + ce.More})
	}
	return a.fail(ExitUsage, "i18n.error.sheet", map[string]any{"File": p, "Detail": err.Error()})
}

// maxListed is how many refused rows an import lists one by one; the rest
// are counted.
const maxListed = 50

// listCapped prints the first maxListed of n lines with line(i), then how
// many were left out.
func (a *app) listCapped(n int, line func(i int)) {
	for i := 0; i < n && i < maxListed; i++ {
		line(i)
	}
	if n > maxListed {
		a.say("i18n.import.more", map[string]any{"Count": n - maxListed})
	}
}

// writeRoot is the folder that imports write into: --assets DIR, or the
// current folder. The locale files an import starts from are read from it,
// over the built-in ones, so that it edits what it writes.
func (a *app) writeRoot() (string, fs.FS) {
	if a.assets != "" {
		return a.assets, a.fsys
	}
	top, err := readAssets(".")
	if err != nil {
		top = errFS{err}
	}
	return ".", overlayFS{top: top, base: a.env.Assets}
}

func (a *app) runI18nImport(_ context.Context, o *i18nImportOptions) error {
	book, err := a.openSheet(o.path)
	if err != nil {
		return err
	}
	lang := book.Name
	if _, _, ok := i18n.ParseName("x." + lang + ".toml"); !ok {
		return a.fail(ExitUsage, "i18n.error.sheet_lang", map[string]any{"File": o.path, "Sheet": lang})
	}
	root, fsys := a.writeRoot()
	s, err := a.readLocales(fsys)
	if err != nil {
		return err
	}
	if err := a.refuseBroken(s); err != nil {
		return err
	}
	sheet, err := a.readSheet(o.path, book, a.i18nColumns(s, lang))
	if err != nil {
		return err
	}
	var rows []i18n.ImportRow
	for _, r := range sheet.Rows {
		c := r.Cell
		rows = append(rows, i18n.ImportRow{Row: r.Num, ID: strings.TrimSpace(c(colID)), Form: strings.TrimSpace(c(colForm)),
			Translation: c(colTranslation), Status: c(colStatus), SourceHash: strings.TrimSpace(c(colSourceHash)),
			Base: strings.TrimSpace(c(colBase))})
	}
	header := func(group string) []string {
		return []string{"# " + a.t("i18n.file.header", map[string]any{"Group": group, "Lang": lang,
			"Source": group + "." + s.Config.Source + ".toml"})}
	}
	files, changed, errs := s.Import(lang, rows, header)
	if len(errs) > 0 {
		if errs[0].Kind == "source_language" {
			return a.fail(ExitUsage, "i18n.error.source_language", map[string]any{"Lang": lang})
		}
		a.listCapped(len(errs), func(i int) {
			e := errs[i]
			a.say("i18n.import.row", map[string]any{"File": o.path, "Row": e.Row, "ID": e.ID, "Form": e.Form,
				"Message": a.t(rowMessageID(e.Kind), withLang(e.Args, lang))})
		})
		return a.fail(ExitFindings, "i18n.import.refused", map[string]any{"Count": len(errs)})
	}
	return a.writeLocales(root, s, files, "i18n.import.done", changed)
}

func withLang(args map[string]any, lang string) map[string]any {
	out := map[string]any{"Lang": lang}
	for k, v := range args {
		out[k] = v
	}
	return out
}

// rowMessageID is the message of an import row error: the check's own
// message for a template or placeholder problem.
func rowMessageID(kind string) string {
	switch kind {
	case "template", "template_action", "placeholder_unknown", "placeholder_missing":
		return "i18n.problem." + kind
	}
	return "i18n.import." + kind
}

// refuseBroken refuses to rewrite locale files when one of them cannot be
// read: an import would otherwise replace it.
func (a *app) refuseBroken(s *i18n.Set) error {
	if len(s.Problems) == 0 {
		return nil
	}
	p := s.Problems[0]
	return a.fail(ExitFindings, "i18n.error.broken", map[string]any{"File": p.File, "Message": a.problemText(p)})
}

// writeLocales writes files under root, each replacing its old version
// atomically and keeping its permissions, and reports them.
func (a *app) writeLocales(root string, s *i18n.Set, files []*i18n.File, doneID string, changed int) error {
	if len(files) == 0 {
		a.say("i18n.import.nothing", nil)
		return nil
	}
	if err := os.MkdirAll(filepath.Join(root, localesDir), 0o755); err != nil {
		return a.fail(ExitInternal, "i18n.error.write", map[string]any{"File": filepath.Join(root, localesDir), "Detail": err.Error()})
	}
	var names []string
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		// A file that changed since it was read is left as it is; so is
		// one that appeared since (the set read the built-in one).
		o := safefile.WriteOptions{Perm: 0o644, KeepMode: true}
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			o.New = true
		} else if read, ok := s.Read(f.Path); ok {
			o.Unchanged = safefile.FingerprintOf(read)
		}
		if err := safefile.Write(p, f.Encode(), o); err != nil {
			if errors.Is(err, safefile.ErrChanged) || errors.Is(err, fs.ErrExist) {
				return a.fail(ExitUsage, "i18n.error.changed", map[string]any{"File": p})
			}
			return a.fail(ExitInternal, "i18n.error.write", map[string]any{"File": p, "Detail": err.Error()})
		}
		names = append(names, p)
	}
	a.note(doneID, map[string]any{"Files": strings.Join(names, ", "), "Count": changed})
	return nil
}

func (a *app) runI18nStamp(_ context.Context, o *i18nStampOptions) error {
	lang, err := a.checkTag(o.lang)
	if err != nil {
		return err
	}
	root, fsys := a.writeRoot()
	s, err := a.readLocales(fsys)
	if err != nil {
		return err
	}
	if err := a.refuseBroken(s); err != nil {
		return err
	}
	files, stamped, unknown, err := s.Stamp(lang, o.ids)
	switch {
	case errors.Is(err, i18n.ErrSourceLanguage):
		return a.fail(ExitUsage, "i18n.error.source_language", map[string]any{"Lang": lang})
	case err != nil:
		return a.internal(err)
	case len(unknown) > 0:
		return a.fail(ExitUsage, "i18n.stamp.unknown", map[string]any{"Lang": lang, "IDs": strings.Join(unknown, ", ")})
	}
	return a.writeLocales(root, s, files, "i18n.stamp.done", len(stamped))
}
