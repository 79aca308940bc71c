// Package report composes the expert reviewer's report on a case file:
// report.json (the validation report, validate.Report, with each finding's
// section of the request and the requested state's checklist, encoded by
// JSON), and one document.Document (Compose) that the command line renders
// as report.xlsx and report.pdf with the renderers of the request and the
// evidence list, so that the two cannot disagree. Findings composes the
// text form of the report that render/text prints on a terminal. The
// package renders nothing itself.
//
// The document holds, in order: the case's identity; the findings, one row
// each (severity, section of the request, JSON Pointer, rule, message in
// Chinese and in English, legal source, and empty columns for the
// reviewer's decision, with a drop-down list, and comment); the checklist
// of the requested state's requirements, each met or not with the numbers
// of the findings that bear on it; a summary by section; and the reviewer's
// conclusion with lines for name, signature and date. The XLSX renderer
// writes the three tables as the sheets Findings, Checklist and Summary.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/validate"
)

// File names of the report in a bundle or a review folder.
const (
	JSONName = "report.json"
	XLSXName = "report.xlsx"
	PDFName  = "report.pdf"
)

// Input is what the report is made from.
type Input struct {
	// Report is the localized report, completed by validate.Review.
	Report *validate.Report
	// File is the case file; its reference, date, title and
	// classification head the report. It may be nil.
	File *casefile.File
	// Profile and Template are the requested state's, or nil when the
	// state is not supported.
	Profile  *profile.Profile
	Template *profile.Template
	Catalog  *i18n.Catalog
	// Creator names the program ("mla 0.1.0").
	Creator string
	// Fingerprint is the bundle's fingerprint, printed in the footer of
	// every page when the report is part of a bundle; empty otherwise.
	Fingerprint string
	// SigningKey is the id of the key generate --sign signs the bundle
	// with, printed after the fingerprint; "" otherwise.
	SigningKey string
	// Layout is the request's layout; the report follows it when it is
	// Columns and is Parallel otherwise (it is a working document, never
	// drawn twice).
	Layout document.Layout
}

func layoutOf(l document.Layout) document.Layout {
	if l == document.Columns {
		return document.Columns
	}
	return document.Parallel
}

// JSON encodes the report as report.json holds it and `mla validate
// --format json` prints it: indented, HTML characters unescaped, with a
// final newline.
func JSON(r *validate.Report) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return EscapeInvisible(b.Bytes()), nil
}

// blank is the line a reviewer writes on in the printed report.
const blank = "______________________________"

// composer builds the review document in Chinese with English beside it:
// the two languages of every finding's message.
type composer struct {
	in  Input
	loc *i18n.Localizer
	doc *document.Document
	raw map[string]any
}

func (k *composer) msg(id string, data map[string]any) document.Text {
	return document.Text{Orig: k.loc.T("zh", id, data), Trans: k.loc.T("en", id, data)}
}

// both puts a text's two languages in one cell, on two lines.
func both(t document.Text) string {
	if t.Trans == "" || t.Trans == t.Orig {
		return t.Orig
	}
	return t.Orig + "\n" + t.Trans
}

// short puts a short label's two languages on one line: "错误 / Error".
func short(t document.Text) string {
	if t.Trans == "" || t.Trans == t.Orig {
		return t.Orig
	}
	return t.Orig + " / " + t.Trans
}

func (k *composer) str(path ...string) string {
	var v any = k.raw
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	s, _ := v.(string)
	return s
}

// Compose builds the review document.
func Compose(in Input) (*document.Document, error) {
	if in.Report == nil || in.Catalog == nil {
		return nil, fmt.Errorf("report: no report or no catalog")
	}
	k := &composer{in: in, loc: &i18n.Localizer{C: in.Catalog}}
	if in.File != nil {
		k.raw, _ = in.File.Raw.(map[string]any)
	}
	r := in.Report
	ref := r.Reference
	if ref == "" {
		ref = k.str("reference")
	}
	ref = clip(ref)
	var date time.Time
	if d, err := time.Parse(time.DateOnly, k.str("date")); err == nil {
		date = d
	}
	title := k.msg("report.title", nil)
	k.doc = &document.Document{
		Langs:       [2]string{"zh", "en"},
		Layout:      layoutOf(k.in.Layout),
		Orientation: document.Landscape,
		Meta: document.Meta{
			Title:    title,
			Subject:  document.Same(ref),
			Keywords: ref,
			Creator:  in.Creator,
			Date:     date,
		},
		HeaderLeft: k.msg("report.header.reference", map[string]any{"Reference": ref}),
		PageLabel:  k.msg("report.footer.page", nil),
	}
	k.doc.HeaderRight = k.msg("report.header.title", nil)
	if c := k.str("classification"); c != "" && c != "none" {
		// A report on a classified case carries the case's classification.
		lvl := k.msg("classification."+c, nil)
		k.doc.HeaderRight = document.Text{
			Orig:  k.loc.T("zh", "request.header.classification", map[string]any{"Level": lvl.Orig}),
			Trans: k.loc.T("en", "request.header.classification", map[string]any{"Level": lvl.Trans}),
		}
		k.doc.FooterNote = k.msg("report.header.title", nil)
	}
	if fp := in.Fingerprint; fp != "" {
		// As on every page of the request and the evidence list, so that a
		// printed report can be matched to its bundle.
		l := k.msg("integrity.footer.fingerprint", nil)
		note := l.Orig + " / " + l.Trans + " " + fp
		if id := in.SigningKey; id != "" {
			s := k.msg("integrity.footer.signing_key", nil)
			note += "  " + s.Orig + " / " + s.Trans + " " + id
		}
		if st := requestStatus(in.Report); st != "" {
			s := k.msg("integrity.footer.status."+st, nil)
			note = s.Orig + " / " + s.Trans + "  " + note
		}
		// One text, so that the parallel layout prints the fingerprint
		// once per page.
		if old := k.doc.FooterNote; old.Orig != "" {
			note = old.Orig + " / " + old.Trans + "  " + note
		}
		k.doc.FooterNote = document.Same(note)
	}

	numbers := k.order()
	k.add(
		document.Heading{Level: 0, Outline: true, Number: "title", Text: title},
		document.Fields{Items: []document.Field{
			{Label: k.msg("report.field.reference", nil), Value: document.Same(ref)},
			{Label: k.msg("report.field.state", nil), Value: k.state()},
			{Label: k.msg("report.field.case", nil), Value: k.caseTitle()},
			{Label: k.msg("report.field.date", nil), Value: document.Same(k.str("date"))},
			{Label: k.msg("report.field.result", nil), Value: k.result()},
			{Label: k.msg("report.field.checklist", nil), Value: k.checklistCounts()},
		}},
		document.Spacer{Height: 2},
	)

	k.add(document.Heading{Level: 1, Outline: true, Number: "findings", Text: k.msg("report.heading.findings", nil)})
	if len(r.Findings) == 0 {
		k.add(k.findingsTable(), document.Paragraph{Text: k.msg("report.findings.none", nil)})
	} else {
		k.add(document.Paragraph{Style: document.Small, Text: k.msg("report.findings.intro", nil)}, k.findingsTable())
	}

	k.add(document.Heading{Level: 1, Outline: true, Number: "checklist", Text: k.msg("report.heading.checklist", nil)},
		document.Paragraph{Style: document.Small, Text: k.msg("report.checklist.intro", nil)},
		k.checklistTable(numbers))

	k.add(document.Heading{Level: 1, Outline: true, Number: "summary", Text: k.msg("report.heading.summary", nil)},
		k.summaryTable())

	// The conclusion and the signature lines share a page.
	k.add(document.PageBreak{},
		document.Heading{Level: 1, Outline: true, Number: "conclusion", Text: k.msg("report.heading.conclusion", nil)},
		document.Paragraph{Text: k.msg("report.conclusion.options", nil)},
		document.Spacer{Height: 4},
		document.Fields{Items: []document.Field{
			{Label: k.msg("report.sign.reviewer", nil), Value: document.Same(blank)},
			{Label: k.msg("report.sign.signature", nil), Value: document.Same(blank)},
			{Label: k.msg("report.sign.date", nil), Value: document.Same(blank)},
		}},
	)
	if err := k.loc.Err(); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	makePrintable(k.doc)
	return k.doc, nil
}

func (k *composer) add(b ...document.Block) { k.doc.Blocks = append(k.doc.Blocks, b...) }

// sections returns the review's sections with their headings.
func (k *composer) sections() ([]validate.Section, map[string]document.Text) {
	secs := validate.Sections(k.in.Template)
	heads := make(map[string]document.Text, len(secs))
	for _, s := range secs {
		heads[s.ID] = k.msg(s.Heading, nil)
	}
	return secs, heads
}

// order returns the numbers the findings have in the report's list, by
// rule and pointer (several notes about the state's facts share both).
func (k *composer) order() map[validate.FindingRef][]int {
	numbers := map[validate.FindingRef][]int{}
	for i, f := range k.ordered() {
		ref := validate.FindingRef{Rule: f.Rule, Pointer: f.Pointer}
		numbers[ref] = append(numbers[ref], i+1)
	}
	return numbers
}

// ordered returns the findings in the order the report lists them: section
// by section and, within a section, in the order of the case file.
func (k *composer) ordered() []validate.Finding {
	secs, _ := k.sections()
	var out []validate.Finding
	placed := make([]bool, len(k.in.Report.Findings))
	for _, s := range secs {
		for i, f := range k.in.Report.Findings {
			if !placed[i] && section(f) == s.ID {
				placed[i] = true
				out = append(out, f)
			}
		}
	}
	for i, f := range k.in.Report.Findings {
		if !placed[i] {
			out = append(out, f)
		}
	}
	return out
}

// section is a finding's section; one Review did not place is general.
func section(f validate.Finding) string {
	if f.Section == "" {
		return validate.SectionGeneral
	}
	return f.Section
}

func (k *composer) col(id string, width float64, kind document.CellKind) document.Column {
	return document.Column{Header: k.msg(id, nil), Width: width, Kind: kind}
}

// translated marks a column as the translation of the column before it.
func translated(c document.Column) document.Column {
	c.Translates = true
	return c
}

// The least widths, in millimetres, of the columns the reviewer writes in
// by hand on the printed report: a decision (accept, reject, needs change)
// and a comment of a few words per line.
const (
	decisionWidth = 22
	commentWidth  = 45
)

func (k *composer) findingsTable() document.Table {
	// The reviewer writes the decision and comment by hand on report.pdf.
	decision := k.col("report.col.decision", 13, document.KindText)
	decision.MinWidth = decisionWidth
	comment := k.col("report.col.comment", 13, document.KindText)
	comment.MinWidth = commentWidth
	ruleCol := k.col("report.col.rule", 17, document.KindText)
	ruleCol.Hint = document.HintCode
	pointerCol := k.col("report.col.pointer", 20, document.KindText)
	idCol := k.col("report.col.id", 9, document.KindText)
	idCol.Hint = document.HintID
	pointerCol.Hint = document.HintCode
	for _, d := range validate.Decisions {
		decision.Choices = append(decision.Choices, k.choice(d))
	}
	t := document.Table{
		Sheet: k.loc.T("en", "report.sheet.findings", nil),
		Columns: []document.Column{
			k.col("report.col.no", 7, document.KindInteger),
			idCol,
			k.col("report.col.severity", 12, document.KindText),
			k.col("report.col.section", 20, document.KindText),
			pointerCol,
			ruleCol,
			k.col("report.col.message_zh", 40, document.KindText),
			translated(k.col("report.col.message_en", 44, document.KindText)),
			k.col("report.col.source", 16, document.KindText),
			decision,
			comment,
		},
	}
	_, heads := k.sections()
	for i, f := range k.ordered() {
		ptr := f.Pointer
		if ptr == "" {
			ptr = "/"
		}
		decision, comment := k.verdict(f.Review)
		t.Rows = append(t.Rows, []string{
			strconv.Itoa(i + 1),
			f.Key,
			both(k.msg("report.severity."+string(f.Severity), nil)),
			both(heads[section(f)]),
			ptr,
			f.Rule,
			f.Message["zh"],
			f.Message["en"],
			f.Source,
			decision,
			comment,
		})
	}
	return t
}

// choice is the text of a decision in the reviewer's drop-down list.
func (k *composer) choice(decision string) string {
	return Choice(k.msg("report.decision."+decision, nil))
}

// requestStatus is the status of the request the report is about: the
// recorded review's, or a draft when there is none.
func requestStatus(r *validate.Report) string {
	if r.Review != nil {
		return r.Review.Status
	}
	return validate.StatusDraft
}

// Choice is the text of a decision (its label in Chinese and English) in
// the reviewer's drop-down list of report.xlsx.
func Choice(label document.Text) string { return short(label) }

// HeaderText is a column header as report.xlsx writes it: the Chinese,
// and the English on a second line.
func HeaderText(t document.Text) string { return both(t) }

// verdict is what the decision and comment cells of a finding show: the
// recorded decision and comment, "new" for a finding the recorded review
// did not see, nothing when there is no review.
func (k *composer) verdict(v *validate.Verdict) (decision, comment string) {
	switch {
	case v == nil:
		return "", ""
	case v.New:
		return k.choice("new"), ""
	}
	return k.choice(v.Decision), v.Comment
}

func (k *composer) checklistTable(numbers map[validate.FindingRef][]int) document.Table {
	t := document.Table{
		Sheet: k.loc.T("en", "report.sheet.checklist", nil),
		Columns: []document.Column{
			k.col("report.col.no", 6, document.KindInteger),
			k.col("report.col.requirement_zh", 40, document.KindText),
			translated(k.col("report.col.requirement_en", 48, document.KindText)),
			k.col("report.col.source", 26, document.KindText),
			k.col("report.col.status", 14, document.KindText),
			k.col("report.col.findings", 16, document.KindText),
		},
	}
	for i, q := range k.in.Report.Checklist {
		var ns []int
		seen := map[validate.FindingRef]bool{}
		for _, ref := range q.Findings {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			ns = append(ns, numbers[ref]...)
		}
		sort.Ints(ns)
		t.Rows = append(t.Rows, []string{
			strconv.Itoa(i + 1),
			q.Requirement["zh"],
			q.Requirement["en"],
			q.Source,
			both(k.msg("report.status."+q.Status, nil)),
			numberRanges(ns),
		})
	}
	return t
}

func (k *composer) summaryTable() document.Table {
	t := document.Table{
		Sheet: k.loc.T("en", "report.sheet.summary", nil),
		Columns: []document.Column{
			k.col("report.col.item", 40, document.KindText),
			k.col("report.col.value", 90, document.KindText),
		},
	}
	row := func(label, value document.Text) {
		t.Rows = append(t.Rows, []string{both(label), both(value)})
	}
	row(k.msg("report.field.reference", nil), document.Same(clip(k.in.Report.Reference)))
	row(k.msg("report.field.state", nil), k.state())
	row(k.msg("report.field.case", nil), k.caseTitle())
	row(k.msg("report.field.date", nil), document.Same(k.str("date")))
	row(k.msg("report.field.case_hash", nil), document.Same(k.in.Report.CaseSHA256))
	if rv := k.in.Report.Review; rv != nil {
		which := "report.review.earlier"
		if rv.Current {
			which = "report.review.current"
		}
		row(k.msg("report.field.review", nil), k.msg(which, map[string]any{"Reviewer": clip(rv.Reviewer), "Date": rv.Date}))
		row(k.msg("report.field.request_status", nil), k.msg("report.request_status."+rv.Status, nil))
	}
	row(k.msg("report.field.result", nil), k.result())
	row(k.msg("report.field.checklist", nil), k.checklistCounts())
	secs, heads := k.sections()
	for _, s := range secs {
		var e, w, n int
		for _, f := range k.in.Report.Findings {
			if section(f) != s.ID {
				continue
			}
			switch f.Severity {
			case validate.Error:
				e++
			case validate.Warning:
				w++
			default:
				n++
			}
		}
		row(heads[s.ID], k.msg("report.count", map[string]any{"Errors": e, "Warnings": w, "Infos": n}))
	}
	row(k.msg("report.field.producer", nil), document.Same(k.in.Creator))
	return t
}

// state names the requested state from its profile, or gives its code.
func (k *composer) state() document.Text {
	if p := k.in.Profile; p != nil {
		return document.Text{Orig: p.Name.In("zh"), Trans: p.Name.In("en")}
	}
	return document.Same(k.in.Report.State)
}

func (k *composer) caseTitle() document.Text {
	return document.Text{Orig: clip(k.str("case", "title", "zh")), Trans: clip(k.str("case", "title", "en"))}
}

// maxQuoted is how many characters of the case's reference and title the
// report quotes: enough to identify the case. The report is written for a
// case with errors too, a text longer than a spreadsheet cell among them
// (text.too_long), and must fit its workbook whatever the case holds.
const maxQuoted = 500

// clip cuts s to maxQuoted characters, marking the cut with "…".
func clip(s string) string {
	if len(s) <= maxQuoted || utf8.RuneCountInString(s) <= maxQuoted {
		return s
	}
	return string([]rune(s)[:maxQuoted]) + "…"
}

func (k *composer) counts() map[string]any {
	c := map[string]any{"Errors": 0, "Warnings": 0, "Infos": 0}
	for _, f := range k.in.Report.Findings {
		switch f.Severity {
		case validate.Error:
			c["Errors"] = c["Errors"].(int) + 1
		case validate.Warning:
			c["Warnings"] = c["Warnings"].(int) + 1
		default:
			c["Infos"] = c["Infos"].(int) + 1
		}
	}
	return c
}

func (k *composer) result() document.Text {
	c := k.counts()
	if c["Errors"].(int) > 0 {
		return k.msg("report.result.errors", c)
	}
	return k.msg("report.result.clean", c)
}

func (k *composer) checklistCounts() document.Text {
	c := map[string]any{"Total": len(k.in.Report.Checklist), "Met": 0, "NotMet": 0, "Check": 0, "NA": 0}
	key := map[string]string{validate.Met: "Met", validate.NotMet: "NotMet", validate.ToCheck: "Check", validate.NotApplicable: "NA"}
	for _, q := range k.in.Report.Checklist {
		if name, ok := key[q.Status]; ok {
			c[name] = c[name].(int) + 1
		}
	}
	return k.msg("report.checklist.counts", c)
}

// maxRanges bounds the finding numbers listed in one checklist cell; a
// case with thousands of findings would overflow a spreadsheet cell.
const maxRanges = 40

// numberRanges lists sorted finding numbers compactly: "1-3, 7, 9-120".
// Past maxRanges runs it ends with "…".
func numberRanges(ns []int) string {
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] <= ns[j]+1 {
			j++
		}
		if len(parts) == maxRanges {
			parts = append(parts, "…")
			break
		}
		if ns[j] > ns[i] {
			parts = append(parts, strconv.Itoa(ns[i])+"-"+strconv.Itoa(ns[j]))
		} else {
			parts = append(parts, strconv.Itoa(ns[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
