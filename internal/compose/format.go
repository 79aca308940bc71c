package compose

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/i18n"
)

// writer binds the catalog to the two languages of a document and records
// the first lookup that fails.
type writer struct {
	loc   *i18n.Localizer
	orig  string // "zh"
	trans string // "en" or "fr"
	// draft is set for generate --draft: a value the case does not give
	// (an empty text, a missing code, date or reference) is shown as a
	// placeholder naming the field instead of a blank or a fault.
	draft bool
}

// msg returns message id in both languages.
func (w *writer) msg(id string, data map[string]any) document.Text {
	return document.Text{Orig: w.loc.T(w.orig, id, data), Trans: w.loc.T(w.trans, id, data)}
}

// msgT returns message id in both languages, with each argument that is a
// Text filled in the matching language.
func (w *writer) msgT(id string, data map[string]any) document.Text {
	if w.draft {
		data = w.fillGaps(data)
	}
	return document.Text{Orig: w.loc.T(w.orig, id, pick(data, w.orig)), Trans: w.loc.T(w.trans, id, pick(data, w.trans))}
}

// fillGaps returns data with each case text that is empty in both
// languages of the document replaced by the missing mark (drafts only), so
// that a sentence of a draft shows the gap rather than reading on without
// its subject.
func (w *writer) fillGaps(data map[string]any) map[string]any {
	var out map[string]any
	for k, v := range data {
		var t casefile.Text
		switch x := v.(type) {
		case string:
			if x != "" || gapKeys[k] == "" {
				continue
			}
		case casefile.Text:
			t = x
		case *casefile.Text:
			if x == nil {
				continue // an optional text: the message reads without it
			}
			t = *x
		case bilingual:
			if x.in(w.orig) != "" || x.in(w.trans) != "" {
				continue
			}
		default:
			continue
		}
		switch v.(type) {
		case casefile.Text, *casefile.Text:
			if t.In(w.orig) != "" || t.In(w.trans) != "" {
				if out == nil {
					out = make(map[string]any, len(data))
					for k2, v2 := range data {
						out[k2] = v2
					}
				}
				out[k] = w.bi(w.text(t)) // a gap in one language at most
				continue
			}
		}
		if out == nil {
			out = make(map[string]any, len(data))
			for k2, v2 := range data {
				out[k2] = v2
			}
		}
		out[k] = w.bi(w.gap(gapKeys[k]))
	}
	if out == nil {
		return data
	}
	return out
}

// gapKeys names the field (see gap) that a message argument holds, where
// the argument's name tells it; a plain string argument is filled in a
// draft only when it is named here.
var gapKeys = map[string]string{
	"CaseTitle": "title",
	"Competent": "competent_authority",
	"Reference": "reference",
	"Phone":     "phone",
}

// gap is the mark a draft shows for a value the case does not give:
// "【待填写：案件阶段】" / "[to be completed: stage]" when field names a
// field (see fieldName), else "【待填写】" / "[to be completed]".
func (w *writer) gap(field string) document.Text {
	if field == "" {
		return w.msg("request.missing", nil)
	}
	name := w.msg("intake.field."+field, nil)
	return document.Text{
		Orig:  w.loc.T(w.orig, "request.missing_field", map[string]any{"Field": name.Orig}),
		Trans: w.loc.T(w.trans, "request.missing_field", map[string]any{"Field": name.Trans}),
	}
}

// has reports whether message id exists in both languages of the document.
func (w *writer) has(id string) bool {
	_, err1 := w.loc.C.T(w.orig, id, nil)
	_, err2 := w.loc.C.T(w.trans, id, nil)
	return err1 == nil && err2 == nil
}

// pick resolves Text and casefile.Text values of data to one language.
func pick(data map[string]any, lang string) map[string]any {
	out := make(map[string]any, len(data))
	for k, v := range data {
		switch t := v.(type) {
		case casefile.Text:
			out[k] = t.In(lang)
		case *casefile.Text:
			if t != nil {
				out[k] = t.In(lang)
			} else {
				out[k] = ""
			}
		case bilingual:
			out[k] = t.in(lang)
		default:
			out[k] = v
		}
	}
	return out
}

// bilingual is a value already resolved to the document's two languages,
// keyed by language code.
type bilingual map[string]string

func (b bilingual) in(lang string) string { return b[lang] }

func (w *writer) bi(t document.Text) bilingual {
	return bilingual{w.orig: t.Orig, w.trans: t.Trans}
}

// text turns case text into document text.
// In a draft, a text given in one language only shows the gap in the
// other.
func (w *writer) text(t casefile.Text) document.Text {
	d := document.Text{Orig: t.In(w.orig), Trans: t.In(w.trans)}
	if w.draft && (d.Orig == "") != (d.Trans == "") {
		g := w.gap("")
		if d.Orig == "" {
			d.Orig = g.Orig
		} else {
			d.Trans = g.Trans
		}
	}
	return d
}

// cell is a string value of a table cell in lang; in a draft, a value the
// case leaves empty shows the gap (field names it, see gap).
func (w *writer) cell(s, lang, field string) string {
	if s != "" || !w.draft {
		return s
	}
	g := w.gap(field)
	if lang == w.orig {
		return g.Orig
	}
	return both(g)
}

// label returns the label of an enum value: message prefix.value.
func (w *writer) label(prefix, value string) document.Text {
	if w.draft && (value == "" || !w.has(prefix+"."+value)) {
		return w.gap(labelField[prefix])
	}
	return w.msg(prefix+"."+value, nil)
}

// labelField names the field (its intake.field message) whose coded value
// a label prefix prints.
var labelField = map[string]string{
	"stage":           "stage",
	"role":            "role",
	"sex":             "sex",
	"language":        "languages",
	"assistance.type": "type",
	"asset.type":      "type",
	"evidence.kind":   "kind",
	"evidence.form":   "original",
	"id_document":     "type",
}

// roleLabel returns the label of a person's role, in its feminine form
// for a woman where the messages have one (role.<role>.female: French
// "suspecte").
func (w *writer) roleLabel(p *casefile.Person) document.Text {
	if w.draft && p.Role == "" {
		return w.gap("role")
	}
	if p.Sex == "female" {
		id := "role." + p.Role + ".female"
		if _, err := w.loc.C.T(w.trans, id, nil); err == nil {
			return w.msg(id, nil)
		}
	}
	return w.label("role", p.Role)
}

// date formats a YYYY-MM-DD date in both languages; a value that does not
// parse is printed as it is.
func (w *writer) date(s string) document.Text {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		if w.draft && s == "" {
			return w.gap("date")
		}
		return document.Same(s)
	}
	data := func(lang string) map[string]any {
		// A language may write the first day of a month otherwise (the
		// French "1er"): a message, since locale texts hold no conditions.
		day := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			day = w.loc.T(lang, "format.first_day", nil)
		}
		return map[string]any{
			"Year":      t.Year(),
			"Month":     int(t.Month()),
			"Day":       t.Day(),
			"DayName":   day,
			"MonthName": w.loc.T(lang, "month."+strconv.Itoa(int(t.Month())), nil),
		}
	}
	return document.Text{Orig: w.loc.T(w.orig, "format.date", data(w.orig)), Trans: w.loc.T(w.trans, "format.date", data(w.trans))}
}

// period formats a date range.
func (w *writer) period(p *casefile.Period) document.Text {
	if p == nil {
		return document.Text{}
	}
	from := w.date(p.From)
	if p.To == "" {
		return fillPeriod(w.msg("format.period_open", nil), from, document.Text{})
	}
	return fillPeriod(w.msg("format.period", nil), from, w.date(p.To))
}

// fillPeriod replaces the tokens {from} and {to} of a period format. The
// tokens are not template fields because the dates are already localized.
func fillPeriod(t, from, to document.Text) document.Text {
	r := func(s, f, u string) string {
		return strings.NewReplacer("{from}", f, "{to}", u).Replace(s)
	}
	return document.Text{Orig: r(t.Orig, from.Orig, to.Orig), Trans: r(t.Trans, from.Trans, to.Trans)}
}

// money formats an amount with its ISO 4217 code: "CNY 38,600,000".
func money(m *casefile.Money) string {
	if m == nil {
		return ""
	}
	return m.Currency + " " + groupDigits(m.Amount)
}

func groupDigits(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseNumeral writes 1..99 as Chinese numerals (一, 十, 十一, 二十三), the
// way section numbers of a Chinese official letter are written.
func chineseNumeral(n int) string {
	switch {
	case n <= 0 || n > 99:
		return strconv.Itoa(n)
	case n < 10:
		return cnDigits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + cnDigits[n%10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	default:
		return cnDigits[n/10] + "十" + cnDigits[n%10]
	}
}

// number returns the message-formatted section number in both languages:
// the Chinese form uses Chinese numerals, the translation Arabic ones.
func (w *writer) number(id string, n int) document.Text {
	return document.Text{
		Orig:  w.loc.T(w.orig, id, map[string]any{"N": numeralFor(w.orig, n)}),
		Trans: w.loc.T(w.trans, id, map[string]any{"N": numeralFor(w.trans, n)}),
	}
}

func numeralFor(lang string, n int) string {
	if lang == "zh" {
		return chineseNumeral(n)
	}
	return strconv.Itoa(n)
}

// join concatenates document texts with a separator message.
func (w *writer) join(items []document.Text) document.Text {
	sep := w.msg("format.list_separator", nil)
	var o, t []string
	for _, it := range items {
		o = append(o, it.Orig)
		t = append(t, it.Trans)
	}
	return document.Text{Orig: strings.Join(o, sep.Orig), Trans: strings.Join(t, sep.Trans)}
}

// labelled puts a label and a value together: "地址：…" / "Address: …".
func (w *writer) labelled(label, value document.Text) document.Text {
	f := w.msg("format.labelled", nil)
	r := func(s, l, v string) string { return strings.NewReplacer("{label}", l, "{value}", v).Replace(s) }
	tv := value.Trans
	if tv == "" {
		tv = value.Orig
	}
	return document.Text{Orig: r(f.Orig, label.Orig, value.Orig), Trans: r(f.Trans, label.Trans, tv)}
}

// capFirst capitalizes the first letter of each language of t: a name
// that reads "ministre de la Justice" in a sentence heads a block as
// "Ministre de la Justice".
func capFirst(t document.Text) document.Text {
	up := func(s string) string {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 || !unicode.IsLower(r) {
			return s
		}
		return string(unicode.ToUpper(r)) + s[n:]
	}
	return document.Text{Orig: up(t.Orig), Trans: up(t.Trans)}
}
