// Package compose turns a case, a state's profile and template, and the
// locale files into documents: the request letter and the evidence list.
// It knows nothing of PDF or XLSX; the renderers know nothing of cases.
package compose

import (
	"fmt"
	"strings"
	"time"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/profile"
)

// Offence is what the request quotes of a catalogued offence.
type Offence struct {
	Citation   casefile.Text
	Charge     casefile.Text
	Text       casefile.Text
	MaxPenalty casefile.Text
	// Unofficial is set when the translation of Text is mla's own.
	Unofficial bool
	// DeathPenalty is set when the offence can carry the death penalty.
	DeathPenalty bool
	// PenaltyBy are the ids of the articles that fix this one's penalty
	// (386 → 383); the request quotes them after it.
	PenaltyBy []string
}

// Offences looks offences up by catalogue id.
type Offences interface {
	Offence(id string) (Offence, bool)
}

// Input is everything composing needs.
type Input struct {
	Case     *casefile.Case
	Profile  *profile.Profile
	Template *profile.Template
	Catalog  *i18n.Catalog
	Offences Offences
	// Equivalents gives the requested state's comparable offences; may be nil.
	Equivalents Equivalents
	// Translation is the language of the translation ("en", "fr"); empty
	// means the case's choice, or else the profile's first language.
	Translation string
	Layout      document.Layout
	Draft       bool
	// Creator names the program and version for the document metadata.
	Creator string
	// Fingerprint, when set, is printed in the footer of every page
	// (see bundle.FingerprintInput).
	Fingerprint string
	// Status is the request's status (draft, reviewed, approved: see
	// validate.ReviewState), printed in the footer with the fingerprint.
	Status string
	// SigningKey is the id of the key generate --sign signs the bundle
	// with, printed after the fingerprint; "" for an unsigned bundle.
	SigningKey string
	// EvidenceSHA256 holds the SHA-256 of the file of evidence item i, as
	// mla computed it; the evidence list shows it.
	EvidenceSHA256 map[int]string
	// Guidance is the requested state's evidence guidelines checked
	// against the case (profile.EvidenceGuide.Evaluate); the evidence list
	// prints them.
	Guidance []profile.GuideResult
}

// composer holds the state of one composition.
type composer struct {
	writer
	in      Input
	c       *casefile.Case
	doc     *document.Document
	persons map[string]*casefile.Person
	assets  map[string]*casefile.Asset
	// used records the profile facts the document states.
	used map[string]bool
}

func newComposer(in Input) (*composer, error) {
	if in.Case == nil || in.Profile == nil || in.Catalog == nil {
		return nil, fmt.Errorf("compose: case, profile and catalog are required")
	}
	trans, ok := in.Profile.TranslationLanguage(in.Translation, in.Case.Translation)
	if !ok {
		return nil, fmt.Errorf("compose: %s does not take translations in %q (it takes %s)", in.Profile.Code, trans, strings.Join(in.Profile.TranslationLanguages, ", "))
	}
	k := &composer{
		writer:  writer{loc: &i18n.Localizer{C: in.Catalog}, orig: "zh", trans: trans, draft: in.Draft},
		in:      in,
		c:       in.Case,
		persons: map[string]*casefile.Person{},
		assets:  map[string]*casefile.Asset{},
		used:    map[string]bool{},
	}
	for i := range k.c.Persons {
		k.persons[k.c.Persons[i].ID] = &k.c.Persons[i]
	}
	for i := range k.c.Assets {
		k.assets[k.c.Assets[i].ID] = &k.c.Assets[i]
	}
	return k, nil
}

// caseDate is the document date: the request's date, never the clock.
func caseDate(c *casefile.Case) time.Time {
	t, err := time.Parse("2006-01-02", c.Date)
	if err != nil {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

func (k *composer) newDoc(titleID string, o document.Orientation) {
	c := k.c
	title := k.msgT(titleID, map[string]any{"CaseTitle": c.Matter.Title})
	k.doc = &document.Document{
		Langs:       [2]string{k.orig, k.trans},
		Layout:      k.in.Layout,
		Orientation: o,
		Meta: document.Meta{
			Title:    title,
			Subject:  k.msg("request.meta.subject", nil),
			Author:   c.RequestingAuthority.Name.In("zh"),
			Keywords: c.Reference,
			Creator:  k.in.Creator,
			Date:     caseDate(c),
		},
		HeaderLeft: k.msgT("request.header.reference", map[string]any{"Reference": c.Reference}),
		PageLabel:  k.msg("request.footer.page", nil),
		Draft:      k.in.Draft,
		DraftMark:  k.msg("request.draft", nil),
	}
	// A foreign authority cannot act on a PRC security classification: a
	// classified case, or one that asks for confidentiality, asks the
	// requested state to keep the request confidential (UNCAC art.
	// 46(20)). The classification itself heads the internal report only.
	if (c.Classification != "" && c.Classification != "none") || c.Assurances.Confidentiality {
		k.doc.HeaderRight = k.msg("request.header.confidential", nil)
	}
	if k.in.Draft {
		// Besides the watermark, the header says DRAFT in plain text, so
		// that a copy, a text extract or a screen reader shows it too.
		m := k.doc.DraftMark
		if k.doc.HeaderRight.Orig != "" {
			sep := k.msg("format.header_separator", nil)
			m = document.Text{Orig: m.Orig + sep.Orig + k.doc.HeaderRight.Orig, Trans: m.Trans + sep.Trans + k.doc.HeaderRight.Trans}
		}
		k.doc.HeaderRight = m
	}
	k.fingerprintNote()
}

func (k *composer) add(b ...document.Block) { k.doc.Blocks = append(k.doc.Blocks, b...) }

// missing marks a value the case does not give, so a draft shows the gap
// instead of hiding it.
func (k *composer) missing() document.Text { return k.msg("request.missing", nil) }

// ctext returns case text, or the missing mark when the text is empty.
func (k *composer) ctext(t casefile.Text) document.Text {
	d := k.text(t)
	if d.Orig == "" && d.Trans == "" {
		return k.missing()
	}
	return d
}

// optText returns case text of an optional field, or false when absent.
func (k *composer) optText(t *casefile.Text) (document.Text, bool) {
	if t == nil || (t.In("zh") == "" && t.In(k.trans) == "") {
		return document.Text{}, false
	}
	return k.text(*t), true
}

// Request composes the request letter.
func Request(in Input) (*document.Document, error) {
	k, err := request(in)
	if err != nil {
		return nil, err
	}
	return k.doc, nil
}

// request composes the request letter and returns the composer, which
// records the profile facts the letter used.
func request(in Input) (*composer, error) {
	k, err := newComposer(in)
	if err != nil {
		return nil, err
	}
	if in.Template == nil {
		return nil, fmt.Errorf("compose: no request template for %s", in.Profile.Code)
	}
	k.newDoc("request.title", document.Portrait)
	for _, part := range in.Template.Preamble {
		if err := k.part(part); err != nil {
			return nil, err
		}
	}
	n := 0
	for _, s := range in.Template.Sections {
		if !k.applies(s.When) {
			continue
		}
		n++
		head := k.number("request.number.section", n)
		h := k.msg(s.Heading, nil)
		k.add(document.Heading{Level: 1, Number: s.ID, Outline: true, Text: document.Text{Orig: head.Orig + h.Orig, Trans: head.Trans + h.Trans}})
		for _, part := range s.Content {
			if err := k.part(part); err != nil {
				return nil, fmt.Errorf("template %s, section %s: %w", in.Profile.Dir, s.ID, err)
			}
		}
	}
	for _, part := range in.Template.Closing {
		if err := k.part(part); err != nil {
			return nil, err
		}
	}
	if t, ok := k.optText(k.c.Notes); ok {
		k.add(document.Spacer{Height: 4}, document.Paragraph{Style: document.Small, Text: k.labelled(k.msg("request.notes", nil), t)})
	}
	if err := k.loc.Err(); err != nil {
		return nil, err
	}
	return k, nil
}

// part composes one content kind of a template.
func (k *composer) part(kind string) error {
	f, ok := parts[kind]
	if !ok {
		return fmt.Errorf("unknown content %q (known: %s)", kind, strings.Join(partNames(), ", "))
	}
	f(k)
	return nil
}

// parts are the content kinds a template may name, and what composes each.
var parts = map[string]func(*composer){
	"letterhead": (*composer).letterhead,
	"addressee":  (*composer).addressee,
	"opening":    (*composer).opening,
	"authority":  (*composer).authority,
	// functions.go
	"authority_functions": (*composer).authorityFunctions,
	"nature":              (*composer).nature,
	"summary":             (*composer).summary,
	"persons":             (*composer).personsPart,
	"facts":               (*composer).facts,
	"procedure":           (*composer).procedure,
	"offences":            (*composer).offences,
	"assistance":          (*composer).assistance,
	"links":               (*composer).links,
	"time_limit":          (*composer).timeLimit,
	"procedures":          (*composer).procedures,
	"confidentiality":     (*composer).confidentiality,
	"assurances":          (*composer).assurances,
	"contact":             (*composer).contact,
	"closing":             (*composer).closing,
	"signature":           (*composer).signature,
	"annexes":             (*composer).annexes,
	// legal.go
	"legal_basis":      (*composer).legalBasis,
	"dual_criminality": (*composer).dualCriminality,
	"asset_recovery":   (*composer).assetRecovery,
	"death_penalty":    (*composer).deathPenalty,
	// states.go
	"caution":             (*composer).caution,
	"certificate":         (*composer).certificate,
	"prior_contact":       (*composer).priorContact,
	"certification_annex": (*composer).certificationAnnex,
}

func partNames() []string {
	var out []string
	for n := range parts {
		out = append(out, n)
	}
	sortStrings(out)
	return out
}

// fact returns a profile fact; in a draft, an unconfirmed fact carries a
// visible mark so that nobody mistakes it for a checked one.
func (k *composer) fact(id string) document.Text {
	f := k.in.Profile.Fact(id)
	k.used[id] = true
	t := k.text(f.Value)
	if k.in.Draft && !f.ConfirmedIn(k.trans) {
		m := k.msg("request.unconfirmed_mark", nil)
		t = document.Text{Orig: t.Orig + m.Orig, Trans: t.Trans + m.Trans}
	}
	return t
}

// factT is fact as a template argument.
func (k *composer) factT(id string) bilingual { return k.bi(k.fact(id)) }

func (k *composer) letterhead() {
	c := k.c
	// The reference heads the letter; the running header of the first
	// page need not repeat it.
	k.doc.BodyHasHeaderLeft = true
	k.add(
		document.Paragraph{Style: document.RightAligned, Text: k.msgT("request.header.reference", map[string]any{"Reference": c.Reference})},
		document.Paragraph{Style: document.RightAligned, Text: k.date(c.Date)},
		document.Spacer{Height: 4},
		document.Heading{Level: 0, Outline: true, Number: "title", Text: k.doc.Meta.Title},
		document.Spacer{Height: 2},
	)
	// An urgent request says so on its first page (ICJAL art. 13(6); UNCAC
	// art. 46(24)), with the date it should be executed by.
	if u := k.c.Urgency; u.Level == "urgent" {
		t := k.msg("request.urgent_banner", nil)
		if u.ExecuteBy != "" {
			t = k.msgT("request.urgent_banner_by", map[string]any{"Date": k.bi(k.date(u.ExecuteBy))})
		}
		k.add(document.Paragraph{Style: document.Centered, Text: t}, document.Spacer{Height: 2})
	}
}

func (k *composer) addressee() {
	k.add(document.Fields{Items: []document.Field{
		{Label: k.msg("request.field.to", nil), Value: capFirst(k.fact("requested_central_authority"))},
		{Label: k.msg("request.field.through", nil), Value: capFirst(k.msgT("request.through", map[string]any{
			"CentralAuthority": k.factT("requesting_central_authority"),
			"Instrument":       k.factT("instrument_short"),
		}))},
		{Label: k.msg("request.field.from", nil), Value: k.ctext(k.c.RequestingAuthority.Name)},
	}})
}

func (k *composer) opening() {
	k.add(document.Paragraph{Text: k.msgT("request.opening", map[string]any{
		"Authority":        k.c.RequestingAuthority.Name,
		"Competent":        k.c.RequestingAuthority.CompetentAuthority,
		"Instrument":       k.factT("instrument"),
		"Signed":           k.factT("signed"),
		"InstrumentShort":  k.factT("instrument_short"),
		"CentralAuthority": k.factT("requesting_central_authority"),
		"UNCAC":            k.factT("uncac_party"),
		"CaseTitle":        k.c.Matter.Title,
	})})
}

func (k *composer) authority() {
	a := k.c.RequestingAuthority
	k.add(document.Paragraph{Text: k.msgT("request.authority.text", map[string]any{
		"Authority":        a.Name,
		"Competent":        a.CompetentAuthority,
		"Stage":            k.bi(k.label("stage", k.c.Matter.Stage)),
		"CentralAuthority": k.factT("requesting_central_authority"),
	})})
	items := []document.Field{
		{Label: k.msg("field.name", nil), Value: k.ctext(a.Name)},
		{Label: k.msg("field.address", nil), Value: k.ctext(a.Address)},
		{Label: k.msg("field.competent_authority", nil), Value: k.ctext(a.CompetentAuthority)},
	}
	// The competent authority's approval (ICJAL art. 9): its reference
	// and date, so that the requested State sees who approved the request.
	if ap := a.Approval; ap != nil && ap.Reference != "" {
		v := document.Same(ap.Reference)
		if ap.Date != "" {
			d := k.date(ap.Date)
			v = document.Text{Orig: ap.Reference + "，" + d.Orig, Trans: ap.Reference + ", " + d.Trans}
		}
		items = append(items, document.Field{Label: k.msg("field.approval", nil), Value: v})
	}
	if a.Phone != "" {
		items = append(items, document.Field{Label: k.msg("field.phone", nil), Value: document.Same(a.Phone)})
	}
	if a.Email != "" {
		items = append(items, document.Field{Label: k.msg("field.email", nil), Value: document.Same(a.Email)})
	}
	k.add(document.Fields{Items: items})
}

// charges lists the charge names of the case's offences, each once.
func (k *composer) charges() document.Text {
	var out []document.Text
	seen := map[string]bool{}
	for _, o := range k.c.Matter.Offences {
		info, ok := k.lookup(o.ID)
		if !ok || info.Charge.In("zh") == "" || seen[info.Charge.In("zh")] {
			continue
		}
		seen[info.Charge.In("zh")] = true
		out = append(out, k.text(info.Charge))
	}
	if len(out) == 0 {
		return k.missing()
	}
	return k.join(out)
}

func (k *composer) lookup(id string) (Offence, bool) {
	if k.in.Offences == nil {
		return Offence{}, false
	}
	return k.in.Offences.Offence(id)
}

func (k *composer) subheading(id string) {
	k.add(document.Heading{Level: 2, Text: k.msg(id, nil)})
}

func (k *composer) nature() {
	k.add(document.Paragraph{Text: k.msgT("request.case.nature", map[string]any{
		"CaseTitle": k.c.Matter.Title,
		"Stage":     k.bi(k.label("stage", k.c.Matter.Stage)),
		"Charges":   k.bi(k.charges()),
	})})
	if k.c.Matter.Period != nil {
		k.add(document.Paragraph{Text: k.labelled(k.msg("request.case.period", nil), k.period(k.c.Matter.Period))})
	}
}

func (k *composer) summary() {
	if t, ok := k.optText(k.c.Matter.Summary); ok {
		k.subheading("request.sub.summary")
		k.paragraphs(t)
	}
}

// paragraphs adds a case text as paragraphs: blank lines separate them.
// When both languages have the same number of paragraphs they are paired,
// so the parallel layout keeps each translation next to its original.
func (k *composer) paragraphs(t document.Text) {
	o := splitParas(t.Orig)
	tr := splitParas(t.Trans)
	if len(o) == len(tr) {
		for i := range o {
			k.add(document.Paragraph{Text: document.Text{Orig: o[i], Trans: tr[i]}})
		}
		return
	}
	k.add(document.Paragraph{Text: t})
}

func splitParas(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (k *composer) personName(id string) document.Text {
	p, ok := k.persons[id]
	if !ok {
		return document.Same(id)
	}
	return k.ctext(p.Name)
}

func (k *composer) personsPart() {
	if len(k.c.Persons) == 0 {
		if k.in.Draft {
			k.subheading("request.sub.persons")
			k.add(document.Paragraph{Text: k.gap("persons")})
		}
		return
	}
	k.subheading("request.sub.persons")
	for i := range k.c.Persons {
		p := &k.c.Persons[i]
		num := k.number("request.number.item", i+1)
		name := k.ctext(p.Name)
		role := k.roleLabel(p)
		k.add(document.Paragraph{Style: document.Bold, Text: document.Text{
			Orig:  num.Orig + name.Orig + k.loc.T(k.orig, "format.aside", map[string]any{"Text": role.Orig}),
			Trans: num.Trans + name.Trans + k.loc.T(k.trans, "format.aside", map[string]any{"Text": role.Trans}),
		}})
		k.add(document.Fields{Items: k.personFields(p)})
	}
}

func (k *composer) personFields(p *casefile.Person) []document.Field {
	var f []document.Field
	addf := func(id string, v document.Text) {
		f = append(f, document.Field{Label: k.msg(id, nil), Value: v})
	}
	if len(p.OtherNames) > 0 {
		addf("person.other_names", document.Same(strings.Join(p.OtherNames, ", ")))
	}
	if p.Sex != "" {
		addf("person.sex", k.label("sex", p.Sex))
	}
	if p.DateOfBirth != "" {
		addf("person.date_of_birth", k.date(p.DateOfBirth))
	}
	if t, ok := k.optText(p.PlaceOfBirth); ok {
		addf("person.place_of_birth", t)
	}
	if len(p.Nationalities) > 0 {
		var ns []document.Text
		for _, n := range p.Nationalities {
			ns = append(ns, k.country(n))
		}
		addf("person.nationality", k.join(ns))
	}
	for _, d := range p.Documents {
		addf("person.id_document", k.msgT("person.id_document_value", map[string]any{
			"Type":    k.bi(k.label("id_document", d.Type)),
			"Number":  d.Number,
			"Country": k.bi(k.country(d.Country)),
		}))
	}
	for _, a := range p.Addresses {
		v := k.ctext(a.Address)
		if a.Current {
			cur := k.msg("person.address_current", nil)
			v = document.Text{Orig: v.Orig + cur.Orig, Trans: v.Trans + cur.Trans}
		}
		addf("person.address", v)
	}
	if t, ok := k.optText(p.Occupation); ok {
		addf("person.occupation", t)
	}
	if t, ok := k.optText(p.Description); ok {
		addf("person.description", t)
	}
	return f
}

// country names a country by its ISO 3166 code; codes without a label in
// the locale files are printed as codes.
func (k *composer) country(code string) document.Text {
	id := "country." + code
	o, err1 := k.in.Catalog.T(k.orig, id, nil)
	t, err2 := k.in.Catalog.T(k.trans, id, nil)
	if err1 != nil || err2 != nil {
		return document.Same(code)
	}
	return document.Text{Orig: o, Trans: t}
}

func (k *composer) facts() {
	k.subheading("request.sub.facts")
	t := k.ctext(k.c.Matter.Facts)
	k.paragraphs(t)
}

func (k *composer) procedure() {
	if t, ok := k.optText(k.c.Matter.Procedure); ok {
		k.subheading("request.sub.procedure")
		k.paragraphs(t)
	}
}

func (k *composer) offences() {
	k.add(document.Paragraph{Text: k.msg("request.law.intro", nil)})
	unofficial := false
	// quoted holds the articles set out already: those the case cites, and
	// those quoted for another's penalty.
	quoted := map[string]bool{}
	for _, o := range k.c.Matter.Offences {
		quoted[o.ID] = true
	}
	for i, o := range k.c.Matter.Offences {
		info, ok := k.lookup(o.ID)
		num := k.number("request.number.item", i+1)
		var head document.Text
		if ok {
			head = k.msgT("request.law.offence_heading", map[string]any{"Citation": info.Citation, "Charge": info.Charge})
		} else if o.ID == "" && k.in.Draft {
			head = k.msgT("request.law.offence_unknown", map[string]any{"ID": k.bi(k.gap("id"))})
		} else {
			head = k.msgT("request.law.offence_unknown", map[string]any{"ID": o.ID})
		}
		k.add(document.Paragraph{Style: document.Bold, Text: document.Text{Orig: num.Orig + head.Orig, Trans: num.Trans + head.Trans}})
		if !ok {
			continue
		}
		unofficial = unofficial || info.Unofficial
		k.add(document.Paragraph{Text: k.msg("request.law.text_label", nil)})
		text := k.text(info.Text)
		for _, q := range pairParas(text) {
			k.add(document.Paragraph{Style: document.Quote, Text: q})
		}
		var f []document.Field
		f = append(f, document.Field{Label: k.msg("request.law.max_penalty", nil), Value: k.ctext(info.MaxPenalty)})
		if len(o.Persons) > 0 {
			var names []document.Text
			for _, id := range o.Persons {
				names = append(names, k.personName(id))
			}
			f = append(f, document.Field{Label: k.msg("request.law.persons", nil), Value: k.join(names)})
		}
		if t, ok := k.optText(o.Conduct); ok {
			f = append(f, document.Field{Label: k.msg("request.law.conduct", nil), Value: t})
		}
		if o.Amount != nil {
			f = append(f, document.Field{Label: k.msg("request.law.amount", nil), Value: document.Same(money(o.Amount))})
		}
		k.add(document.Fields{Items: f})
		unofficial = k.penaltyArticles(info, quoted) || unofficial
	}
	if unofficial {
		k.add(document.Paragraph{Style: document.Small, Text: k.msg("request.law.unofficial_translation", nil)})
	}
}

// pairParas splits a text into paragraphs on line breaks, pairing the
// languages when they have as many paragraphs.
func pairParas(t document.Text) []document.Text {
	o := splitLines(t.Orig)
	tr := splitLines(t.Trans)
	if len(o) != len(tr) {
		return []document.Text{t}
	}
	out := make([]document.Text, len(o))
	for i := range o {
		out[i] = document.Text{Orig: o[i], Trans: tr[i]}
	}
	return out
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (k *composer) timeLimit() {
	u := k.c.Urgency
	switch {
	case u.ExecuteBy != "":
		k.add(document.Paragraph{Text: k.msgT("request.time.by", map[string]any{"Date": k.bi(k.date(u.ExecuteBy))})})
	default:
		k.add(document.Paragraph{Text: k.msg("request.time.soon", nil)})
	}
	if u.Level == "urgent" {
		k.add(document.Paragraph{Style: document.Bold, Text: k.msg("request.time.urgent", nil)})
	}
	if u.Level == "" && k.in.Draft {
		k.add(document.Paragraph{Text: k.gap("level")})
	}
	if t, ok := k.optText(u.Reason); ok {
		k.add(document.Paragraph{Text: k.labelled(k.msg("request.time.reason", nil), t)})
	}
	if u.LimitationDate != "" {
		k.add(document.Paragraph{Text: k.msgT("request.time.limitation", map[string]any{"Date": k.bi(k.date(u.LimitationDate))})})
	}
	// A treaty that lets an urgent request be made by other means wants
	// it confirmed in writing: the letter says it is that confirmation.
	if _, ok := k.in.Profile.Facts[profile.RequireUrgentConfirmInWriting]; ok && u.Level == "urgent" {
		k.add(document.Paragraph{Text: k.msgT("request.time.confirm_in_writing", map[string]any{"Rule": k.factT(profile.RequireUrgentConfirmInWriting)})})
	}
}

func (k *composer) procedures() {
	k.add(document.Paragraph{Text: k.msg("request.other.procedure", nil)})
	k.add(document.Paragraph{Text: k.msg("request.other.admissibility", nil)})
}

func (k *composer) confidentiality() {
	if k.c.Assurances.Confidentiality {
		k.add(document.Paragraph{Text: k.msg("request.other.confidentiality", nil)})
		if t, ok := k.optText(k.c.Assurances.ConfidentialityReasons); ok {
			k.add(document.Paragraph{Text: k.labelled(k.msg("request.other.confidentiality_reasons", nil), t)})
		}
	}
}

func (k *composer) assurances() {
	a := k.c.Assurances
	var items []document.Text
	if a.Speciality {
		items = append(items, k.msg("request.assurance.speciality", nil))
	}
	if a.Confidentiality {
		items = append(items, k.msg("request.assurance.confidentiality", nil))
	}
	if a.ReturnEvidence {
		items = append(items, k.msg("request.assurance.return_evidence", nil))
	}
	if a.Costs {
		items = append(items, k.msg("request.assurance.costs", nil))
	}
	if reciprocityAssured(k.in) {
		items = append(items, k.msg("request.assurance.reciprocity", nil))
	}
	if t, ok := k.optText(a.Other); ok {
		items = append(items, t)
	}
	sentencing := k.sentencing()
	if len(sentencing) > 0 {
		items = append(items, sentencing[0])
	}
	if len(items) == 0 {
		k.add(document.Paragraph{Text: k.msg("request.assurance.none", nil)})
		return
	}
	k.add(document.List{Items: items, Labels: k.itemLabels(len(items))})
	for _, t := range sentencing[min(1, len(sentencing)):] {
		k.add(document.Paragraph{Text: t})
	}
	// Who decides and who gives the undertakings (ICJAL art. 11).
	k.add(document.Paragraph{Style: document.Small, Text: k.msg("request.assurance.authority", nil)})
}

// itemLabels returns "（一）"… / "(1)"… labels for n items.
func (k *composer) itemLabels(n int) []document.Text {
	out := make([]document.Text, n)
	for i := range out {
		out[i] = k.number("request.number.item", i+1)
	}
	return out
}

func (k *composer) contact() {
	ct := k.c.Contact
	k.add(document.Paragraph{Text: k.msg("request.contact.intro", nil)})
	f := []document.Field{{Label: k.msg("field.name", nil), Value: k.ctext(ct.Name)}}
	if t, ok := k.optText(ct.Title); ok {
		f = append(f, document.Field{Label: k.msg("field.title", nil), Value: t})
	}
	phone := document.Same(ct.Phone)
	if ct.Phone == "" && k.in.Draft {
		phone = k.gap("phone")
	}
	f = append(f, document.Field{Label: k.msg("field.phone", nil), Value: phone})
	if ct.Email != "" {
		f = append(f, document.Field{Label: k.msg("field.email", nil), Value: document.Same(ct.Email)})
	}
	if len(ct.Languages) > 0 {
		var ls []document.Text
		for _, l := range ct.Languages {
			ls = append(ls, k.label("language", l))
		}
		f = append(f, document.Field{Label: k.msg("field.languages", nil), Value: k.join(ls)})
	}
	k.add(document.Fields{Items: f})
}

func (k *composer) closing() {
	k.add(document.Spacer{Height: 4}, document.Paragraph{Text: k.msg("request.closing", nil)})
}

func (k *composer) signature() {
	k.add(document.Spacer{Height: 6}, document.Signature{
		Authority: k.ctext(k.c.RequestingAuthority.Name),
		Name:      k.ctext(k.c.Signatory.Name),
		Title:     k.ctext(k.c.Signatory.Title),
		Date:      k.date(k.c.Date),
		SealLabel: k.msg("request.seal", nil),
	})
}

func (k *composer) annexes() {
	k.add(document.Spacer{Height: 6}, document.Heading{Level: 2, Outline: true, Number: "annexes", Text: k.msg("request.heading.annexes", nil)})
	items := []document.Text{k.plural("request.annex.evidence_list", len(k.c.Evidence))}
	for _, a := range k.c.Annexes {
		t := k.ctext(a.Title)
		if a.Pages > 0 {
			p := k.plural("request.annex.pages", a.Pages)
			t = document.Text{Orig: t.Orig + p.Orig, Trans: t.Trans + p.Trans}
		}
		if tr, ok := k.annexTranslation(a); ok {
			t = document.Text{Orig: t.Orig + tr.Orig, Trans: t.Trans + tr.Trans}
		}
		items = append(items, t)
	}
	if k.in.Template != nil && contains(k.in.Template.Closing, "certification_annex") && len(k.forms()) > 0 {
		items = append(items, k.msg("request.cert.heading", nil))
	}
	if HasAssurances(k.in) {
		items = append(items, k.msg("assurances.title", nil))
	}
	k.add(document.List{Items: items, Labels: k.annexLabels(len(items))})
}

func (k *composer) annexLabels(n int) []document.Text {
	out := make([]document.Text, n)
	for i := range out {
		out[i] = k.number("request.number.annex", i+1)
	}
	return out
}

// plural returns a counted message in both languages.
func (k *composer) plural(id string, n int) document.Text {
	o, err := k.in.Catalog.Plural(k.orig, id, n, nil)
	if err != nil {
		k.loc.Errs = append(k.loc.Errs, err)
	}
	t, err := k.in.Catalog.Plural(k.trans, id, n, nil)
	if err != nil {
		k.loc.Errs = append(k.loc.Errs, err)
	}
	return document.Text{Orig: o, Trans: t}
}
