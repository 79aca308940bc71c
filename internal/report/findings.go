package report

import (
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/validate"
)

// FindingsInput is what the text form of the report is made from.
type FindingsInput struct {
	// Report is the localized report.
	Report *validate.Report
	// Template is the requested state's request template, whose sections
	// group the findings; nil groups them under the general sections.
	Template *profile.Template
	Catalog  *i18n.Catalog
	// Lang is the user's language, the one the text is written in.
	Lang string
	// Name is the case file as the user named it.
	Name string
}

// severityTone is the tone a finding's severity is shown in.
var severityTone = map[validate.Severity]document.Tone{
	validate.Error: document.Alert, validate.Warning: document.Caution, validate.Info: document.Notice,
}

// Findings composes the text form of the report, in the user's language
// only: the findings grouped under the headings of the sections of the
// request they belong to, in the order of the request, then those of a
// section the template does not have, each group followed by an empty
// line; then the summary line. A finding is a Line (severity, in its tone;
// JSON Pointer; rule, muted), its message indented, and its legal source
// as a Quote. The pointer, the file name and the state come from the case
// and are passed through casefile.Visible; the messages were made safe
// when they were localized. A missing message is left empty, as the text
// form is printed whatever else fails.
func Findings(in FindingsInput) *document.Document {
	t := func(id string, data map[string]any) document.Text {
		s, _ := in.Catalog.T(in.Lang, id, data)
		return document.Same(s)
	}
	r := in.Report
	doc := &document.Document{Langs: [2]string{in.Lang, ""}, Layout: document.Parallel}
	add := func(b ...document.Block) { doc.Blocks = append(doc.Blocks, b...) }
	placed := make([]bool, len(r.Findings))
	group := func(id, heading string) {
		first := true
		for i, f := range r.Findings {
			if placed[i] || id != "" && section(f) != id {
				continue
			}
			placed[i] = true
			if first && heading != "" {
				add(document.Heading{Level: 1, Text: t(heading, nil)})
			}
			first = false
			ptr := casefile.Visible(f.Pointer)
			if ptr == "" {
				ptr = "/"
			}
			add(
				document.Line{Spans: []document.Span{
					{Text: t("cli.severity."+string(f.Severity), nil), Tone: severityTone[f.Severity]},
					{Text: document.Same(" " + ptr + " ")},
					{Text: document.Same("[" + f.Rule + "]"), Tone: document.Muted},
				}},
				document.Paragraph{Style: document.Indented, Text: document.Same(f.Message[in.Lang])},
			)
			if f.Source != "" {
				add(document.Paragraph{Style: document.Quote, Text: t("cli.validate.source", map[string]any{"Source": f.Source})})
			}
		}
		if !first {
			add(document.Spacer{})
		}
	}
	for _, s := range validate.Sections(in.Template) {
		group(s.ID, s.Heading)
	}
	group("", "") // findings of a section the template does not have
	counts := map[validate.Severity]int{}
	for _, f := range r.Findings {
		counts[f.Severity]++
	}
	add(document.Paragraph{Text: t("cli.validate.summary", map[string]any{
		"File":     casefile.Visible(in.Name),
		"State":    casefile.Visible(r.State),
		"Errors":   counts[validate.Error],
		"Warnings": counts[validate.Warning],
		"Infos":    counts[validate.Info],
	})})
	return doc
}
