package offences

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var (
	idPattern     = regexp.MustCompile(`^CN-CL-([0-9]+)(-([0-9]))?$`)
	numberPattern = regexp.MustCompile(`^([0-9]+)(之([一二三四五六七八九]))?$`)
	statuteKey    = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)
	statePattern  = regexp.MustCompile(`^[A-Z]{2}$`)
)

// checker collects the problems of one file.
type checker struct {
	file     string
	problems []Problem
}

func (c *checker) add(ptr, code, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: c.file, Pointer: ptr, Code: code, Detail: fmt.Sprintf(format, args...)})
}

// text checks that a localized text has both languages.
func (c *checker) text(ptr string, t Text) {
	if strings.TrimSpace(t.In("zh")) == "" {
		c.add(ptr+"/zh", "data.empty_text", "the Chinese text is empty; write it")
	}
	if strings.TrimSpace(t.In("en")) == "" {
		c.add(ptr+"/en", "data.empty_text", "the English text is empty; write it")
	}
}

func (c *checker) optText(ptr string, t *Text) {
	if t != nil {
		c.text(ptr, *t)
	}
}

// source checks a Source: a known mark, confirmed only when the mark is V or
// a confirming source is named, and known refs.
func (c *checker) source(ptr string, s Source, refs map[string]bool) {
	if strings.TrimSpace(s.Detail) == "" {
		c.add(ptr+"/detail", "source.empty_detail", "say where the fact was read")
	}
	switch s.Mark {
	case MarkVerified, MarkPartly, MarkNotChecked:
	default:
		c.add(ptr+"/mark", "source.bad_mark", "mark %q is not V, P or M", s.Mark)
	}
	want := s.Mark == MarkVerified || strings.TrimSpace(s.ConfirmedBy) != ""
	if s.Confirmed != want {
		if s.Confirmed {
			c.add(ptr+"/confirmed", "source.unconfirmed", "marked %s: set confirmed to false, or name the source that confirms it in confirmed_by", s.Mark)
		} else {
			c.add(ptr+"/confirmed", "source.confirmed_false", "marked %s or confirmed_by given: set confirmed to true", s.Mark)
		}
	}
	for i, r := range s.Refs {
		if !refs[r] {
			c.add(ptr+pointer("refs", i), "source.unknown_ref", "source %q is not in the catalogue's sources", r)
		}
	}
}

// checkCatalog checks templates/offences.json.
func checkCatalog(cf *catalogFile) []Problem {
	c := &checker{file: CatalogPath}
	if cf.Version != 1 {
		c.add("/version", "data.version", "version %d is not supported; this mla reads version 1", cf.Version)
	}
	c.text("/law", cf.Law)
	c.text("/text_as_of", cf.TextAsOf)
	c.text("/translation_notice", cf.TranslationNotice)
	refs := map[string]bool{}
	for i, s := range cf.Sources {
		p := pointer("sources", i)
		if refs[s.ID] {
			c.add(p+"/id", "offences.duplicate_source", "source id %q is used twice", s.ID)
		}
		refs[s.ID] = true
		c.text(p+"/title", s.Title)
		if strings.TrimSpace(s.Locator) == "" {
			c.add(p+"/locator", "source.empty_detail", "say where the source was read")
		}
	}
	byID := map[string]*Offence{}
	for i := range cf.Offences {
		o := &cf.Offences[i]
		if _, dup := byID[o.ID]; dup {
			c.add(pointer("offences", i, "id"), "offences.duplicate_id", "id %q is used by an earlier entry; ids must be unique", o.ID)
			continue
		}
		byID[o.ID] = o
	}
	if len(cf.Offences) == 0 {
		c.add("/offences", "offences.empty", "the catalogue has no entries")
	}
	for i := range cf.Offences {
		checkOffence(c, pointer("offences", i), &cf.Offences[i], byID, refs)
	}
	return c.problems
}

func checkOffence(c *checker, p string, o *Offence, byID map[string]*Offence, refs map[string]bool) {
	// Id, number and headings must agree: CN-CL-388-1, 388之一, 第三百八十八条之一, Article 388-1.
	m := idPattern.FindStringSubmatch(o.ID)
	n := numberPattern.FindStringSubmatch(o.Article.Number)
	switch {
	case m == nil:
		c.add(p+"/id", "offences.bad_id", "id %q is not of the form CN-CL-<article> or CN-CL-<article>-<n>", o.ID)
	case n == nil:
		c.add(p+"/article/number", "offences.bad_number", "article number %q is not digits, optionally followed by 之一 …", o.Article.Number)
	default:
		num, _ := strconv.Atoi(n[1])
		sub := 0
		if n[3] != "" {
			sub = strings.Index("一二三四五六七八九", n[3])/len("一") + 1
		}
		wantID := "CN-CL-" + n[1]
		wantZH := "第" + chineseNumeral(num) + "条"
		wantEN := "Article " + n[1]
		if sub > 0 {
			wantID += "-" + strconv.Itoa(sub)
			wantZH += "之" + n[3]
			wantEN += "-" + strconv.Itoa(sub)
		}
		if o.ID != wantID {
			c.add(p+"/id", "offences.id_mismatch", "id %q does not match article %s; it should be %q", o.ID, o.Article.Number, wantID)
		}
		if o.Article.ZH != wantZH {
			c.add(p+"/article/zh", "offences.heading_mismatch", "Chinese heading %q does not match article %s; it should be %q", o.Article.ZH, o.Article.Number, wantZH)
		}
		if o.Article.EN != wantEN {
			c.add(p+"/article/en", "offences.heading_mismatch", "English heading %q does not match article %s; it should be %q", o.Article.EN, o.Article.Number, wantEN)
		}
	}
	c.text(p+"/citation", o.Citation)

	// The statute text: verbatim Chinese starting with the heading, an English
	// rendering of the same shape, and a statement of its status.
	if len(o.Text.ZH) == 0 {
		c.add(p+"/text/zh", "offences.empty_text", "the Chinese statutory text is missing; copy it verbatim from the source")
	}
	for j, para := range o.Text.ZH {
		if strings.TrimSpace(para) == "" {
			c.add(p+pointer("text", "zh", j), "offences.empty_text", "paragraph %d of the Chinese text is empty", j+1)
		}
	}
	if len(o.Text.ZH) > 0 && !strings.HasPrefix(o.Text.ZH[0], o.Article.ZH+" ") {
		c.add(p+"/text/zh/0", "offences.text_heading", "the Chinese text must begin with the heading %q and a space", o.Article.ZH)
	}
	if len(o.Text.EN) != len(o.Text.ZH) {
		c.add(p+"/text/en", "offences.translation_shape", "the English text has %d paragraphs, the Chinese %d; keep them paragraph for paragraph", len(o.Text.EN), len(o.Text.ZH))
	}
	for j, para := range o.Text.EN {
		if strings.TrimSpace(para) == "" {
			c.add(p+pointer("text", "en", j), "offences.empty_text", "paragraph %d of the English text is empty", j+1)
		}
	}
	if len(o.Text.EN) > 0 && !strings.HasPrefix(o.Text.EN[0], o.Article.EN+" ") {
		c.add(p+"/text/en/0", "offences.text_heading", "the English text must begin with the heading %q and a space", o.Article.EN)
	}
	if strings.TrimSpace(o.Text.Translation) == "" {
		c.add(p+"/text/translation", "offences.translation_status", "say what the English text is, e.g. \"unofficial, prepared for mla\"")
	}
	c.source(p+"/source", o.Source, refs)
	for j, n := range o.Notes {
		c.text(p+pointer("notes", j), n)
	}

	switch o.Kind {
	case KindDefinition:
		if o.Term == nil {
			c.add(p+"/term", "offences.definition_term", "a definition names the term it defines")
		} else {
			c.text(p+"/term", *o.Term)
		}
		if len(o.Charges) > 0 || o.MaxPenalty != nil || o.DeathPenalty || o.Units != nil || o.Thresholds != nil {
			c.add(p, "offences.definition_fields", "a definition has no charges, penalty, death_penalty, units or thresholds")
		}
	case KindOffence, KindPenalty:
		checkCharges(c, p, o)
		checkPenalty(c, p, o, byID)
		if o.Units == nil {
			c.add(p+"/units", "offences.units_missing", "say whether a unit (单位) can commit the offence")
		} else {
			u := o.Units
			if u.CanCommit != (u.OnlyUnits != nil && u.UnitFined != nil) {
				c.add(p+"/units", "offences.units_shape", "only_units and unit_fined are given exactly when can_commit is true")
			}
			c.optText(p+"/units/note", u.Note)
		}
	default:
		c.add(p+"/kind", "offences.bad_kind", "kind %q is not offence, penalty or definition", o.Kind)
	}
	checkRelated(c, p, o, byID)
	checkPenaltyBy(c, p, o, byID)
	if t := o.Thresholds; t != nil {
		checkThresholds(c, p+"/thresholds", t, refs)
	}
}

func checkCharges(c *checker, p string, o *Offence) {
	if len(o.Charges) == 0 {
		c.add(p+"/charges", "offences.no_charge", "name the charge (罪名) the article defines or punishes")
	}
	seen := map[int]bool{}
	for j, ch := range o.Charges {
		cp := p + pointer("charges", j)
		c.text(cp, Text{"zh": ch.ZH, "en": ch.EN})
		c.optText(cp+"/formerly", ch.Formerly)
		c.optText(cp+"/note", ch.Note)
		if len(o.Charges) > 1 && len(ch.Paragraphs) == 0 {
			c.add(cp+"/paragraphs", "offences.charge_paragraphs", "the article has several charges: say which paragraphs (款) define this one")
		}
		for _, n := range ch.Paragraphs {
			if seen[n] {
				c.add(cp+"/paragraphs", "offences.charge_paragraphs", "paragraph %d is given to two charges", n)
			}
			seen[n] = true
		}
	}
}

func checkPenalty(c *checker, p string, o *Offence, byID map[string]*Offence) {
	mp := o.MaxPenalty
	if mp == nil {
		c.add(p+"/max_penalty", "offences.penalty_missing", "give the maximum penalty")
		return
	}
	pp := p + "/max_penalty"
	switch mp.Punishment {
	case Death, LifeImprisonment, FixedTermImprisonment, CriminalDetention:
	default:
		c.add(pp+"/punishment", "offences.bad_punishment", "punishment %q is not death, life_imprisonment, fixed_term_imprisonment or criminal_detention", mp.Punishment)
	}
	switch mp.Accessory {
	case "none", "fine", "fine_or_confiscation", "confiscation":
	default:
		c.add(pp+"/accessory", "offences.bad_accessory", "accessory %q is not none, fine, fine_or_confiscation or confiscation", mp.Accessory)
	}
	if mp.Punishment == FixedTermImprisonment && mp.MaxYears == nil {
		c.add(pp+"/max_years", "offences.penalty_years", "fixed-term imprisonment needs max_years")
	}
	if mp.MinYears != nil && mp.MaxYears != nil && *mp.MinYears > *mp.MaxYears {
		c.add(pp, "offences.penalty_years", "min_years %d is above max_years %d", *mp.MinYears, *mp.MaxYears)
	}
	if mp.Via != "" {
		if t, ok := byID[mp.Via]; !ok || !t.Punishable() {
			c.add(pp+"/via", "offences.unknown_ref", "%q is not a catalogued offence or penalty article", mp.Via)
		}
	}
	c.text(pp, Text{"zh": mp.ZH, "en": mp.EN})
	// death_penalty is asked for on its own (OFFENCES.md §2.1) but must agree
	// with the penalty data.
	if o.DeathPenalty != (mp.Punishment == Death) {
		c.add(p+"/death_penalty", "offences.death_penalty_mismatch", "death_penalty is %t but the maximum penalty is %q", o.DeathPenalty, mp.Punishment)
	}
	if o.DeathPenalty && o.DeathPenaltyNote == nil {
		c.add(p+"/death_penalty_note", "offences.death_penalty_note", "explain how the death penalty arises")
	}
	c.optText(p+"/death_penalty_note", o.DeathPenaltyNote)
}

// mirrors are the relations that must be recorded on both entries.
var mirrors = map[string]string{
	"penalty_in":  "penalty_for",
	"penalty_for": "penalty_in",
	"counterpart": "counterpart",
}

func checkRelated(c *checker, p string, o *Offence, byID map[string]*Offence) {
	for j, r := range o.Related {
		rp := p + pointer("related", j)
		switch r.Relation {
		case "penalty_in", "penalty_for", "punished_under", "definition_in", "counterpart", "see_also":
		default:
			c.add(rp+"/relation", "offences.bad_relation", "relation %q is not known", r.Relation)
		}
		other, ok := byID[r.ID]
		if !ok {
			c.add(rp+"/id", "offences.unknown_ref", "%q is not in the catalogue", r.ID)
			continue
		}
		if r.ID == o.ID {
			c.add(rp+"/id", "offences.self_ref", "an entry cannot relate to itself")
		}
		if back, ok := mirrors[r.Relation]; ok && !slices.Contains(other.Related, Relation{ID: o.ID, Relation: back}) {
			c.add(rp, "offences.relation_not_mirrored", "%s says %s %s; add {\"id\": %q, \"relation\": %q} to %s", o.ID, r.Relation, r.ID, o.ID, back, r.ID)
		}
	}
}

// checkPenaltyBy checks the articles an entry's penalty is fixed by: each
// is a punishable entry of the catalogue, other than the entry itself, and
// following them never leads back to it.
func checkPenaltyBy(c *checker, p string, o *Offence, byID map[string]*Offence) {
	for j, id := range o.PenaltyBy {
		rp := p + pointer("penalty_by", j)
		other, ok := byID[id]
		switch {
		case !ok:
			c.add(rp, "offences.unknown_ref", "%q is not in the catalogue", id)
		case id == o.ID:
			c.add(rp, "offences.self_ref", "an entry cannot fix its own penalty")
		case !other.Punishable():
			c.add(rp, "offences.penalty_by_definition", "%s is a definition, not an article with a penalty", id)
		case reaches(byID, id, o.ID, map[string]bool{}):
			c.add(rp, "offences.penalty_by_cycle", "following penalty_by from %s leads back to %s", id, o.ID)
		}
	}
}

// reaches reports whether following penalty_by from id leads to target.
func reaches(byID map[string]*Offence, id, target string, seen map[string]bool) bool {
	if id == target {
		return true
	}
	if seen[id] {
		return false
	}
	seen[id] = true
	o, ok := byID[id]
	if !ok {
		return false
	}
	for _, r := range o.PenaltyBy {
		if reaches(byID, r, target, seen) {
			return true
		}
	}
	return false
}

func checkThresholds(c *checker, p string, t *Thresholds, refs map[string]bool) {
	if len(t.Tiers) == 0 {
		c.add(p+"/tiers", "offences.thresholds_empty", "give at least one tier")
	}
	for j, tier := range t.Tiers {
		tp := p + pointer("tiers", j)
		switch tier.Level {
		case "relatively_large", "huge", "particularly_huge", "prosecution":
		default:
			c.add(tp+"/level", "offences.bad_level", "level %q is not known", tier.Level)
		}
		c.text(tp, Text{"zh": tier.ZH, "en": tier.EN})
		if tier.Below != nil && *tier.Below <= tier.From {
			c.add(tp+"/below", "offences.tier_range", "below (%d) must be above from (%d)", *tier.Below, tier.From)
		}
		if j > 0 && tier.From <= t.Tiers[j-1].From {
			c.add(tp+"/from", "offences.tier_order", "tiers must be listed lowest first")
		}
	}
	c.optText(p+"/note", t.Note)
	c.source(p+"/source", t.Source, refs)
}

// weakRisks are the ratings at which OFFENCES.md §5.6 counts an equivalence as weak.
var weakRisks = map[Risk]bool{RiskMedium: true, RiskMediumHigh: true, RiskHigh: true}

// checkTable checks one equivalents table against the catalogue.
func checkTable(file, dir string, tf *tableFile, cat *Catalog, refs map[string]bool) []Problem {
	c := &checker{file: file}
	if tf.Version != 1 {
		c.add("/version", "data.version", "version %d is not supported; this mla reads version 1", tf.Version)
	}
	if !statePattern.MatchString(tf.State) || tf.State != strings.ToUpper(dir) {
		c.add("/state", "equivalents.state_mismatch", "state %q must be the folder name %q in capitals", tf.State, dir)
	}
	for i, b := range tf.Basis {
		c.text(pointer("basis", i, "text"), b.Text)
		c.source(pointer("basis", i, "source"), b.Source, refs)
	}
	c.optText("/note", tf.Note)

	for key, s := range tf.Statutes {
		sp := pointer("statutes", key)
		if !statuteKey.MatchString(key) {
			c.add(sp, "equivalents.bad_key", "statute key %q may use letters, digits, '.', '_' and '-' only", key)
		}
		if strings.TrimSpace(s.Citation) == "" {
			c.add(sp+"/citation", "equivalents.empty_citation", "give the citation")
		}
		if strings.TrimSpace(s.CitationZH) == "" {
			c.add(sp+"/citation_zh", "equivalents.empty_citation", "give the citation in Chinese, as the Chinese original of the request names the provision")
		}
		switch s.Kind {
		case ProvisionOffence, ProvisionLiabilityRule, ProvisionDefinition:
		default:
			c.add(sp+"/kind", "equivalents.bad_kind", "kind %q is not offence, liability_rule or definition", s.Kind)
		}
		c.text(sp+"/description", s.Description)
		c.source(sp+"/source", s.Source, refs)
		if s.MaxPenalty != nil {
			c.text(sp+"/max_penalty", Text{"zh": s.MaxPenalty.ZH, "en": s.MaxPenalty.EN})
			c.source(sp+"/max_penalty/source", s.MaxPenalty.Source, refs)
		}
		c.optText(sp+"/note", s.Note)
		checkScope(c, sp, tf.State, s)
	}

	used := map[string]bool{}
	for id, a := range tf.Offences {
		ap := pointer("offences", id)
		o, ok := cat.Offence(id)
		if !ok {
			c.add(ap, "equivalents.unknown_offence", "%q is not in %s", id, CatalogPath)
			continue
		}
		if !o.Punishable() {
			c.add(ap, "equivalents.not_an_offence", "%s is a definition, not an offence; remove it", id)
			continue
		}
		if a.SameAs != "" {
			t, ok := tf.Offences[a.SameAs]
			switch {
			case !ok:
				c.add(ap+"/same_as", "equivalents.unknown_same_as", "%q has no entry in this file", a.SameAs)
			case t.SameAs != "":
				c.add(ap+"/same_as", "equivalents.same_as_chain", "%q itself uses same_as; point to the entry that has the assessment", a.SameAs)
			}
			if a.Weak != nil || a.Risk != nil || a.WeakReason != nil || a.Note != nil || a.NoneKnown != nil || a.Equivalents != nil {
				c.add(ap, "equivalents.same_as_fields", "an entry with same_as has no other fields")
			}
			continue
		}
		checkAssessment(c, ap, o, a, tf.Statutes, used)
	}
	for _, o := range cat.offences {
		if _, ok := tf.Offences[o.ID]; o.Punishable() && !ok {
			c.add(pointer("offences", o.ID), "equivalents.missing_offence", "%s has no entry; list its equivalents, or set none_known with a weak_reason", o.ID)
		}
	}
	for key := range tf.Statutes {
		if !used[key] {
			c.add(pointer("statutes", key), "equivalents.unused_statute", "statute %q is not used by any offence; use it or remove it", key)
		}
	}
	slices.SortStableFunc(c.problems, func(a, b Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
	return c.problems
}

func checkAssessment(c *checker, ap string, o Offence, a assessmentJSON, statutes map[string]statuteJSON, used map[string]bool) {
	if a.Weak == nil {
		c.add(ap+"/weak", "equivalents.weak_missing", "say whether the equivalence is weak")
	}
	weak := a.Weak != nil && *a.Weak
	none := a.NoneKnown != nil && *a.NoneKnown
	if weak && a.WeakReason == nil {
		c.add(ap+"/weak_reason", "equivalents.weak_reason", "explain why the equivalence is weak")
	}
	if !weak && a.WeakReason != nil {
		c.add(ap+"/weak_reason", "equivalents.weak_reason", "weak is false: remove weak_reason or set weak to true")
	}
	c.optText(ap+"/weak_reason", a.WeakReason)
	c.optText(ap+"/note", a.Note)
	if a.Risk != nil {
		switch *a.Risk {
		case RiskLow, RiskLowMedium, RiskMedium, RiskMediumHigh, RiskHigh:
			if weak != weakRisks[*a.Risk] {
				c.add(ap+"/weak", "equivalents.weak_risk", "risk %q means weak is %t", *a.Risk, weakRisks[*a.Risk])
			}
		default:
			c.add(ap+"/risk", "equivalents.bad_risk", "risk %q is not low, low_medium, medium, medium_high or high", *a.Risk)
		}
	}
	switch {
	case a.Equivalents == nil:
		c.add(ap+"/equivalents", "equivalents.missing", "give equivalents, or an empty list with none_known")
	case none && len(a.Equivalents) > 0:
		c.add(ap+"/none_known", "equivalents.none_known", "none_known is true but equivalents are listed")
	case !none && len(a.Equivalents) == 0:
		c.add(ap+"/equivalents", "equivalents.empty", "no equivalents: set none_known to true and explain in weak_reason")
	}
	if none && !weak {
		c.add(ap+"/weak", "equivalents.none_known_weak", "with no known equivalent, weak must be true")
	}

	// Paragraph numbers must name paragraphs that define one of the article's charges.
	paras := map[int]bool{}
	for _, ch := range o.Charges {
		for _, n := range ch.Paragraphs {
			paras[n] = true
		}
	}
	for j, m := range a.Equivalents {
		mp := ap + pointer("equivalents", j)
		if _, ok := statutes[m.Statute]; !ok {
			c.add(mp+"/statute", "equivalents.unknown_statute", "%q is not in this file's statutes", m.Statute)
		}
		used[m.Statute] = true
		if (m.Provision == "") != (strings.TrimSpace(m.ProvisionZH) == "") {
			c.add(mp+"/provision_zh", "equivalents.provision_zh", "give provision and provision_zh together: the citation of this match in the translation and in the Chinese original")
		}
		for _, n := range m.Paragraphs {
			if !paras[n] {
				c.add(mp+"/paragraphs", "equivalents.bad_paragraph", "%s has no charge defined by paragraph %d", o.ID, n)
			}
		}
		c.optText(mp+"/applies_when", m.AppliesWhen)
		c.optText(mp+"/note", m.Note)
	}
}

// chineseNumeral writes n (1–999) in Chinese numerals as the Criminal Law
// numbers its articles: 93 九十三, 110 一百一十, 105 一百零五.
func chineseNumeral(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n <= 0 || n > 999 {
		return strconv.Itoa(n)
	}
	h, t, u := n/100, n/10%10, n%10
	var b strings.Builder
	if h > 0 {
		b.WriteString(digits[h] + "百")
	}
	switch {
	case t > 0:
		if h > 0 || t > 1 {
			b.WriteString(digits[t])
		}
		b.WriteString("十")
	case h > 0 && u > 0:
		b.WriteString("零")
	}
	if u > 0 {
		b.WriteString(digits[u])
	}
	return b.String()
}

var (
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
	regionPattern   = regexp.MustCompile(`^([A-Z]{2})-[A-Z0-9]{1,3}$`)
)

// checkScope checks the facts that let a provision's fit to a case be
// checked: a positive threshold in an ISO 4217 currency, a region of the
// table's own State, known kinds of official.
func checkScope(c *checker, sp, state string, s statuteJSON) {
	if t := s.Threshold; t != nil {
		if !(t.Amount > 0) {
			c.add(sp+"/threshold/amount", "equivalents.bad_threshold", "the threshold must be more than 0")
		}
		if !currencyPattern.MatchString(t.Currency) {
			c.add(sp+"/threshold/currency", "equivalents.bad_currency", "currency %q is not an ISO 4217 code such as AUD", t.Currency)
		}
	}
	if s.Region != "" {
		if m := regionPattern.FindStringSubmatch(s.Region); m == nil || m[1] != state {
			c.add(sp+"/region", "equivalents.bad_region", "region %q is not an ISO 3166-2 code of %s (such as %s-NSW)", s.Region, state, state)
		}
	}
	for i, k := range s.Officials {
		if k == OfficialNone || !slices.Contains(OfficialKinds, k) {
			c.add(sp+pointer("officials", i), "equivalents.bad_official", "%q is not a kind of official: use one of judicial_officer, legislator, minister, law_enforcement, public_official, foreign_public_official", k)
		}
	}
}
