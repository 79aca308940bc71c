package cli

import (
	"encoding/json"
	"errors"
	"github.com/mla-dev/mla/internal/i18n"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/edschema"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/starter"
)

type schemaOptions struct {
	code string
	out  string
}

func (a *app) newSchemaCmd() *cobra.Command {
	o := &schemaOptions{}
	cmd := &cobra.Command{
		Use:     "schema CC [--out DIR]",
		Short:   a.t("cli.schema.short", nil),
		Long:    a.t("cli.schema.long", nil),
		Example: a.t("cli.schema.example", nil),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.code = strings.ToUpper(args[0])
			return a.runSchema(o)
		},
	}
	cmd.Flags().StringVar(&o.out, "out", "", a.t("cli.flag.schema_out", nil))
	return cmd
}

// runSchema prints (or writes into --out, with a sample of VS Code's
// settings) the state's schema as one self-contained document for editors
// (package edschema), its labels in the user's language.
func (a *app) runSchema(o *schemaOptions) error {
	v, _, err := a.validator()
	if err != nil {
		return a.internal(err)
	}
	p, _, err := v.Registry.Load(o.code)
	if errors.Is(err, profile.ErrUnknown) {
		return a.fail(ExitUsage, "cli.schema.unknown", map[string]any{"Code": casefile.Visible(o.code)})
	}
	if err != nil {
		return a.internal(err)
	}
	lang := a.lang
	label := func(id string) (string, bool) {
		s, err := a.cat.T(lang, id, nil)
		return s, err == nil
	}
	snippets, err := a.snippets(p)
	if err != nil {
		return a.internal(err)
	}
	doc, err := edschema.Build(a.fsys, p.Schema, edschema.Options{
		Label:       label,
		Snippets:    snippets,
		Title:       a.t("cli.schema.title", map[string]any{"State": orEnglish(p.Name.In(shortLang(lang)), p.Name.In("en"))}),
		Description: a.t("cli.schema.description", nil),
		Describe:    a.describeField,
		Source: func(s string) string {
			return "*" + a.t("cli.validate.source", map[string]any{"Source": s}) + "*"
		},
	})
	if err != nil {
		return a.internal(err)
	}
	if o.out == "" || o.out == stdoutName {
		if err := writeJSON(a.env.Stdout, doc); err != nil {
			return a.internal(err)
		}
		return nil
	}
	name := strings.ToLower(o.code) + ".schema.json"
	settings := map[string]any{"json.schemas": []any{map[string]any{
		"fileMatch": []any{"*.json", "!*.review.json", "!.vscode/*.json", "!" + name},
		"url":       "./" + name,
	}}}
	if err := os.MkdirAll(filepath.Join(o.out, ".vscode"), 0o700); err != nil {
		return a.fail(ExitUsage, "cli.signoff.unwritable", map[string]any{"File": casefile.Visible(o.out), "Err": err.Error()})
	}
	for file, v := range map[string]any{name: doc, filepath.Join(".vscode", "settings.json"): settings} {
		if err := a.writeNewJSON(filepath.Join(o.out, file), v); err != nil {
			return err
		}
	}
	a.note("cli.schema.written", map[string]any{"Dir": casefile.Visible(o.out), "File": name})
	return nil
}

// describeField returns a description of the case schemas (English) in
// the user's language: the message schemaDescID(en) of the locale group
// "schema", or the English while its translation is pending.
func (a *app) describeField(en string) string {
	if a.lang == "en" {
		return en
	}
	if s, err := a.cat.Strict(a.lang, schemaDescID(en), nil); err == nil {
		return s
	}
	return en
}

// schemaDescID is the locale message id of a description of the case
// schemas: "schema." and a fingerprint of its English text, so that a
// changed description is a new message (the old translation becomes an
// orphan that i18n check reports).
func schemaDescID(en string) string { return "schema." + i18n.TextHash(en) }

// writeNewJSON writes v as indented JSON into a file that must not exist.
func (a *app) writeNewJSON(file string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return a.internal(err)
	}
	return a.writeNew(file, append(data, '\n'))
}

// snippets are a new item of each list of the case, as the starter case
// has it, for editors to offer.
func (a *app) snippets(p *profile.Profile) (map[string]any, error) {
	data, err := starter.Build(a.fsys, starter.Options{
		Schema:      p.Schema,
		Langs:       append([]string{"zh"}, p.TranslationLanguages[:min(1, len(p.TranslationLanguages))]...),
		Placeholder: func(ptr, lang string) string { return "" },
	})
	if err != nil {
		return nil, err
	}
	var c map[string]any
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	out := map[string]any{}
	for k, v := range c {
		if l, ok := v.([]any); ok && len(l) > 0 {
			out[k] = l[0]
		}
	}
	return out, nil
}

// shortLang is the language tag of texts for a user's language ("zh" for
// "zh-Hans").
func shortLang(lang string) string {
	if strings.HasPrefix(lang, "zh") {
		return "zh"
	}
	return lang
}
