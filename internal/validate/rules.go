package validate

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/fonts"
	"github.com/mla-dev/mla/internal/localized"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

// Rules that a schema cannot express. Each works on whatever part of the
// instance is well-formed and skips the rest, which the schema reports. Each
// rule's severity, legal source and message are in templates/rules.json.
//
//	id.duplicate, ref.unresolved (source by list), service.address_missing,
//	text.undrawable, text.control, text.combining, text.invisible,
//	text.replacement (chars.go), text.too_long, text.line_break,
//	text.blank_lines, text.mixed_script (chars.go, layout),
//	text.cell_too_long (cells.go), date.period_reversed, date.after_request,
//	date.execute_by, text.untranslated, offence.unknown (with
//	Validator.Offences), profile.unconfirmed (AddUnconfirmed: the fact's
//	source)
func rules(raw any) []Finding {
	root, _ := raw.(map[string]any)
	var out []Finding
	if root != nil {
		ids := collectIDs(root, &out)
		out = append(out, references(root, ids)...)
		out = append(out, serviceAddresses(root, ids)...)
		out = append(out, dates(root)...)
		out = append(out, joinedCells(root)...)
	}
	walkStrings(raw, "", false, func(ptr, s string, inText bool) {
		if f, ok := undrawable(ptr, s); ok {
			out = append(out, f)
		}
		out = append(out, characters(ptr, s)...)
		out = append(out, layout(ptr, s, inText)...)
		if starterPlaceholder(ptr, s) {
			out = append(out, Finding{Pointer: ptr, Rule: "text.placeholder", Args: map[string]any{"Field": ptr}})
		}
	})
	out = append(out, untranslated(raw, "")...)
	out = append(out, reviewRules(raw)...)
	return out
}

// list describes one list of items with ids and how references to it are
// checked.
type list struct {
	key     string         // top-level key: persons, assistance, assets, evidence
	pattern *regexp.Regexp // the schema's id pattern
	label   Label          // how messages name the list
}

var lists = []list{
	{"persons", regexp.MustCompile(`^P[0-9]+$`), "finding.target.persons"},
	{"assistance", regexp.MustCompile(`^A[0-9]+$`), "finding.target.assistance"},
	{"assets", regexp.MustCompile(`^S[0-9]+$`), "finding.target.assets"},
	{"evidence", regexp.MustCompile(`^E[0-9]+$`), "finding.target.evidence"},
}

func listByKey(key string) list {
	for _, l := range lists {
		if l.key == key {
			return l
		}
	}
	panic("validate: unknown list " + key)
}

// idIndex maps, per list, each id to the index of its first item. A list is
// absent when it is missing, not an array, or has an item without a
// well-formed id: references to it are then not checked, since the schema
// already reports the root cause.
type idIndex map[string]map[string]int

func collectIDs(root map[string]any, out *[]Finding) idIndex {
	ids := idIndex{}
	for _, l := range lists {
		items, ok := root[l.key].([]any)
		if !ok {
			continue
		}
		m := map[string]int{}
		complete := true
		for i, it := range items {
			obj, _ := it.(map[string]any)
			id, _ := obj["id"].(string)
			if !l.pattern.MatchString(id) {
				complete = false
				continue
			}
			if first, dup := m[id]; dup {
				// References to this id are ambiguous until it is fixed.
				complete = false
				ptr := fmt.Sprintf("/%s/%d/id", l.key, i)
				*out = append(*out, Finding{
					Pointer: ptr, Rule: "id.duplicate",
					Args: map[string]any{"Field": ptr, "ID": id, "First": fmt.Sprintf("/%s/%d/id", l.key, first)},
				})
				continue
			}
			m[id] = i
		}
		if complete {
			ids[l.key] = m
		}
	}
	return ids
}

// ref is a reference from one field to an item of a list.
type ref struct {
	ptr    string
	id     string
	target string
}

// refsOf lists every well-formed reference in the instance.
func refsOf(root map[string]any) []ref {
	var out []ref
	add := func(ptr string, v any, target string) {
		if s, ok := v.(string); ok && listByKey(target).pattern.MatchString(s) {
			out = append(out, ref{ptr, s, target})
		}
	}
	addAll := func(ptr string, v any, target string) {
		arr, _ := v.([]any)
		for j, x := range arr {
			add(ptr+"/"+strconv.Itoa(j), x, target)
		}
	}
	if matter, ok := root["case"].(map[string]any); ok {
		offs, _ := matter["offences"].([]any)
		for i, o := range offs {
			if obj, ok := o.(map[string]any); ok {
				addAll(fmt.Sprintf("/case/offences/%d/persons", i), obj["persons"], "persons")
			}
		}
	}
	items, _ := root["assistance"].([]any)
	for i, it := range items {
		if obj, ok := it.(map[string]any); ok {
			for _, key := range []string{"persons", "assets", "evidence"} {
				addAll(fmt.Sprintf("/assistance/%d/%s", i, key), obj[key], key)
			}
		}
	}
	assets, _ := root["assets"].([]any)
	for i, a := range assets {
		if obj, ok := a.(map[string]any); ok {
			add(fmt.Sprintf("/assets/%d/owner", i), obj["owner"], "persons")
		}
	}
	return out
}

func references(root map[string]any, ids idIndex) []Finding {
	return unresolved(refsOf(root), ids)
}

// unresolved reports each reference whose target list has no such id; a
// list whose ids are not all well formed is not checked (the schema
// reports it).
func unresolved(refs []ref, ids idIndex) []Finding {
	var out []Finding
	for _, r := range refs {
		known, checked := ids[r.target]
		if !checked {
			continue
		}
		if _, ok := known[r.id]; ok {
			continue
		}
		l := listByKey(r.target)
		out = append(out, Finding{
			Pointer: r.ptr, Rule: "ref.unresolved", Source: l.key, // the list: its source is in the rules file
			Args: map[string]any{"Field": r.ptr, "ID": r.id, "List": l.label, "ListField": "/" + l.key},
		})
	}
	return out
}

// serviceAddresses checks that everyone on whom documents are to be served
// has an address: ICJAL art. 21 requires the address for service.
func serviceAddresses(root map[string]any, ids idIndex) []Finding {
	return withoutAddress(root, ids, "service_of_documents", "service.address_missing")
}

// withoutAddress reports, once each, the persons that an assistance item of
// type typ names but whose addresses are missing: the requested state
// cannot serve documents on, or question, someone it cannot find.
func withoutAddress(root map[string]any, ids idIndex, typ, rule string) []Finding {
	known, ok := ids["persons"]
	if !ok {
		return nil
	}
	persons := items(root, "persons")
	var out []Finding
	reported := map[int]bool{}
	for k, it := range items(root, "assistance") {
		obj := asMap(it)
		if obj["type"] != typ {
			continue
		}
		refs, _ := obj["persons"].([]any)
		for _, r := range refs {
			id, _ := r.(string)
			i, ok := known[id]
			if !ok || reported[i] {
				continue
			}
			if addrs, _ := asMap(persons[i])["addresses"].([]any); len(addrs) > 0 {
				continue
			}
			reported[i] = true
			ptr := fmt.Sprintf("/persons/%d/addresses", i)
			out = append(out, Finding{
				Pointer: ptr, Rule: rule, Args: map[string]any{"Field": ptr, "ID": id, "Item": fmt.Sprintf("/assistance/%d", k)},
			})
		}
	}
	return out
}

func dateAt(m map[string]any, key string) (time.Time, bool) {
	s, ok := m[key].(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

func child(m map[string]any, key string) map[string]any {
	c, _ := m[key].(map[string]any)
	return c
}

// dates checks that the dates of the case hold together.
func dates(root map[string]any) []Finding {
	var out []Finding
	add := func(ptr, rule string, args map[string]any) {
		args["Field"] = ptr
		out = append(out, Finding{Pointer: ptr, Rule: rule, Args: args})
	}
	reversed := func(ptr string, p map[string]any) {
		from, ok1 := dateAt(p, "from")
		to, ok2 := dateAt(p, "to")
		if ok1 && ok2 && to.Before(from) {
			add(ptr+"/to", "date.period_reversed",
				map[string]any{"From": p["from"], "To": p["to"]})
		}
	}
	matter := child(root, "case")
	if p := child(matter, "period"); p != nil {
		reversed("/case/period", p)
	}
	items, _ := root["assistance"].([]any)
	for i, it := range items {
		if p := child(asMap(it), "period"); p != nil {
			reversed(fmt.Sprintf("/assistance/%d/period", i), p)
		}
	}

	req, ok := dateAt(root, "date")
	if !ok {
		return out
	}
	reqText := root["date"]
	// Dates that lie in the past when the request is made.
	past := func(ptr string, m map[string]any, key string) {
		if t, ok := dateAt(m, key); ok && t.After(req) {
			add(ptr+"/"+key, "date.after_request",
				map[string]any{"Date": m[key], "RequestDate": reqText})
		}
	}
	if p := child(matter, "period"); p != nil {
		past("/case/period", p, "from")
		if f, ok := dateAt(p, "from"); !ok || !f.After(req) {
			past("/case/period", p, "to")
		}
	}
	persons, _ := root["persons"].([]any)
	for i, p := range persons {
		past(fmt.Sprintf("/persons/%d", i), asMap(p), "date_of_birth")
	}
	for i, it := range items {
		if o := child(asMap(it), "order"); o != nil {
			past(fmt.Sprintf("/assistance/%d/order", i), o, "date")
		}
	}
	assets, _ := root["assets"].([]any)
	for i, a := range assets {
		past(fmt.Sprintf("/assets/%d", i), asMap(a), "acquired")
	}
	evidence, _ := root["evidence"].([]any)
	for i, e := range evidence {
		past(fmt.Sprintf("/evidence/%d", i), asMap(e), "date")
	}
	if u := child(root, "urgency"); u != nil {
		if t, ok := dateAt(u, "execute_by"); ok && !t.After(req) {
			add("/urgency/execute_by", "date.execute_by",
				map[string]any{"Date": u["execute_by"], "RequestDate": reqText})
		}
	}
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// starterPlaceholder reports whether s is still the placeholder mla init wrote at
// ptr: in brackets 【】, naming its own JSON Pointer, in any language.
func starterPlaceholder(ptr, s string) bool {
	return strings.HasPrefix(s, "【") && strings.HasSuffix(s, "】") && strings.Contains(s, ptr+"】")
}

// walkStrings calls fn for every string value of v, in a stable order;
// inText says that the string is one language of a localized text.
func walkStrings(v any, ptr string, inText bool, fn func(ptr, s string, inText bool)) {
	switch v := v.(type) {
	case string:
		fn(ptr, v, inText)
	case map[string]any:
		_, zh := v[localized.Original].(string)
		text := zh && isText(v)
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walkStrings(v[k], ptr+"/"+casefile.EscapePointer(k), text, fn)
		}
	case []any:
		for i, x := range v {
			walkStrings(x, ptr+"/"+strconv.Itoa(i), false, fn)
		}
	}
}

// undrawable reports the characters of s that no embedded font can draw.
// Characters above U+FFFF pass when the fallback face has them (CJK
// Extensions B to F); others, such as Extension G or emoji, do not.
func undrawable(ptr, s string) (Finding, bool) {
	probs := fonts.Check(s)
	// Control characters are text.control findings (chars.go).
	probs = slices.DeleteFunc(probs, func(p fonts.Problem) bool { return casefile.Control(p.Rune) })
	if len(probs) == 0 {
		return Finding{}, false
	}
	chars := make(List, len(probs))
	for i, p := range probs {
		chars[i] = runeText(p.Rune)
	}
	return Finding{
		Pointer: ptr, Rule: "text.undrawable",
		Args: map[string]any{"Field": display(ptr), "Chars": shown(chars), "Count": len(probs)},
	}, true
}

// runeText writes a character as its code point followed by the character
// itself when it is visible: not a space, not invisible (a variation
// selector or the braille blank is graphic for Unicode and shows nothing),
// not a mark that would sit on the code point.
func runeText(r rune) string {
	if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !casefile.Invisible(r) && !isMark(r) {
		return fmt.Sprintf("U+%04X %c", r, r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// untranslated warns about a translation that is the Chinese text copied
// unchanged.
func untranslated(v any, ptr string) []Finding {
	var out []Finding
	switch v := v.(type) {
	case map[string]any:
		if zh, ok := v["zh"].(string); ok && isText(v) && hasHan(zh) {
			for _, lang := range translations(v) {
				if tr, ok := v[lang].(string); ok && strings.TrimSpace(tr) == strings.TrimSpace(zh) {
					p := ptr + "/" + lang
					out = append(out, Finding{
						Pointer: p, Rule: "text.untranslated", Args: map[string]any{"Field": p, "Lang": Label("finding.lang." + lang)},
					})
				}
			}
			return out
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, untranslated(v[k], ptr+"/"+casefile.EscapePointer(k))...)
		}
	case []any:
		for i, x := range v {
			out = append(out, untranslated(x, ptr+"/"+strconv.Itoa(i))...)
		}
	}
	return out
}

// isText reports whether an object is a localized text: only language
// keys. Which languages a text may hold is the schema's business (a state's
// overlay names its own); here any language tag will do, so that a state in
// another language is data.
func isText(m map[string]any) bool {
	for k := range m {
		if !langPattern(k) {
			return false
		}
	}
	return true
}

// translations returns the languages of a localized text other than the
// Chinese original, sorted.
func translations(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != localized.Original {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

var offenceID = regexp.MustCompile(`^CN-CL-[0-9]{3}(-[0-9])?$`)

// unknownOffences reports offence ids, well-formed, that the catalogue
// does not list: the request must cite the applicable provisions (ICJAL
// art. 13(3)), and the catalogue supplies their text.
func unknownOffences(raw any, cat *offences.Catalog) []Finding {
	offs, _ := child(asMap(raw), "case")["offences"].([]any)
	var out []Finding
	for i, o := range offs {
		id, _ := asMap(o)["id"].(string)
		if !offenceID.MatchString(id) {
			continue
		}
		if _, ok := cat.Offence(id); ok {
			continue
		}
		ptr := fmt.Sprintf("/case/offences/%d/id", i)
		out = append(out, Finding{
			Pointer: ptr, Rule: "offence.unknown", Args: map[string]any{"Field": ptr, "ID": id},
		})
	}
	return out
}

// AddUnconfirmed adds an info finding for each fact of the requested
// state's profile that the template relies on but that is not confirmed, so
// the reviewer checks it before the request leaves. The findings point at
// /requested_state, the field that selects the profile.
func AddUnconfirmed(r *Report, p *profile.Profile, t *profile.Template) {
	if r == nil || p == nil || t == nil {
		return
	}
	seen := map[string]bool{}
	var found []Finding
	for _, id := range t.Relies {
		fact, ok := p.Facts[id]
		if !ok || fact.Confirmed || seen[id] {
			continue
		}
		seen[id] = true
		found = append(found, Finding{
			Pointer: "/requested_state", Rule: "profile.unconfirmed",
			Source: fact.Source, Args: map[string]any{"Field": "/requested_state", "Fact": id, "Value": shortText(fact.Value), "Check": fact.Check.Text},
		})
	}
	r.meta().apply(found)
	r.Findings = dedupeFacts(append(r.Findings, found...))
	r.Valid = r.Errors() == 0
}

// dedupeFacts keeps one finding per fact when AddUnconfirmed runs twice.
func dedupeFacts(fs []Finding) []Finding {
	seen := map[string]bool{}
	out := fs[:0]
	for _, f := range fs {
		if f.Rule == "profile.unconfirmed" {
			k, _ := f.Args["Fact"].(string)
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, f)
	}
	return out
}

// factValueMax bounds the part of a fact's value a finding quotes. A fact
// may be a whole treaty paragraph; the reviewer identifies it by its name
// and reads it whole with mla countries.
const factValueMax = 80

// shortText cuts each language of a text to factValueMax characters.
func shortText(t casefile.Text) casefile.Text {
	cut := func(s string) string {
		r := []rune(s)
		if len(r) <= factValueMax {
			return s
		}
		return string(r[:factValueMax]) + "…"
	}
	out := make(casefile.Text, len(t))
	for lang, s := range t {
		out[lang] = cut(s)
	}
	return out
}
