package validate

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/fonts"
	"github.com/mla-dev/mla/internal/localized"
)

// More rules that a schema cannot express, for the expert reviewer
// (severity, source and message in templates/rules.json):
//
//	evidence.unused, country.unknown, currency.unknown,
//	text.chinese_in_translation
//
// Each skips what the schema already reports (a value of the wrong form, an
// evidence list whose ids are not all well formed), so that one root cause
// gives one finding.
func reviewRules(raw any) []Finding {
	root, _ := raw.(map[string]any)
	var out []Finding
	if root != nil {
		out = append(out, unusedEvidence(root)...)
	}
	out = append(out, unknownCodes(raw)...)
	out = append(out, chineseInTranslation(raw, "")...)
	return out
}

// evidenceMention finds evidence ids written in a text: "E11", "证据E11",
// and ranges "E1-E8", "E1–E8", "E1至E8", "E1~8", "E1 to E8".
var evidenceMention = regexp.MustCompile(`\bE([1-9][0-9]*)(?:(?:\s*(?:-|–|—|~|～|至|到)\s*E?|\s+to\s+E)([1-9][0-9]*))?\b`)

// unusedEvidence warns about an evidence item that no assistance item
// relies on and that no text of the case cites. An item is used when an
// assistance item lists its id under "evidence", or when its id is written
// in any text outside the evidence list itself (the facts, the procedure,
// a link, a person's description, an annex: "证据E11", "E1至E8"). The
// evidence list is annexed to the request as its supporting material (ICJAL
// art. 9): an item nothing relies on is either missing its place in the
// facts or does not belong in the request. A legal document of the case is
// always used.
func unusedEvidence(root map[string]any) []Finding {
	items, ok := root["evidence"].([]any)
	if !ok || len(items) == 0 {
		return nil
	}
	pattern := listByKey("evidence").pattern
	ids := make([]string, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		id, _ := asMap(it)["id"].(string)
		if !pattern.MatchString(id) || seen[id] {
			// The schema or id.duplicate reports it; which item a
			// reference means is unclear until it is fixed.
			return nil
		}
		seen[id] = true
		ids[i] = id
	}
	used := map[string]bool{}
	for _, r := range refsOf(root) {
		if r.target != "evidence" {
			continue
		}
		if !seen[r.id] {
			// A reference that does not resolve (ref.unresolved) may be
			// a mistyped id of an item that would then look unused: one
			// cause, one finding, until the reference is corrected.
			return nil
		}
		used[r.id] = true
	}
	keys := make([]string, 0, len(root))
	for k := range root {
		if k != "evidence" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		walkTextStrings(root[k], func(s string) {
			for _, m := range evidenceMention.FindAllStringSubmatch(s, -1) {
				from, err := strconv.Atoi(m[1])
				if err != nil {
					continue
				}
				to := from
				if m[2] != "" {
					if n, err := strconv.Atoi(m[2]); err == nil && n >= from && n-from <= len(items) {
						to = n
					}
				}
				for n := from; n <= to; n++ {
					used["E"+strconv.Itoa(n)] = true
				}
			}
		})
	}
	var out []Finding
	for i, id := range ids {
		// A legal document of the case (the decision to open it, a wanted
		// notice, a freezing order) supports the request as a whole: it
		// shows the proceedings the request is made in.
		if used[id] || asMap(items[i])["kind"] == "legal_document" {
			continue
		}
		ptr := "/evidence/" + strconv.Itoa(i)
		out = append(out, Finding{
			Pointer: ptr, Rule: "evidence.unused", Args: map[string]any{"Field": ptr, "ID": id},
		})
	}
	return out
}

// walkTextStrings calls fn with every string of every localized text in v
// (not with codes, account or passport numbers, which may look like ids).
func walkTextStrings(v any, fn func(s string)) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["zh"]; ok && isText(v) {
			for _, lang := range append([]string{localized.Original}, translations(v)...) {
				if s, ok := v[lang].(string); ok {
					fn(s)
				}
			}
			return
		}
		for _, x := range v {
			walkTextStrings(x, fn)
		}
	case []any:
		for _, x := range v {
			walkTextStrings(x, fn)
		}
	}
}

// codeList is an ISO code list embedded from codes/: the codes and where
// they were taken from.
type codeList struct {
	Standard string            `json:"standard"`
	Source   string            `json:"source"`
	Excluded map[string]string `json:"excluded"`
	Codes    []string          `json:"codes"`

	set map[string]bool
}

//go:embed codes/*.json
var codeFiles embed.FS

var (
	codesOnce             sync.Once
	countries, currencies *codeList
)

func loadCodes() {
	codesOnce.Do(func() {
		countries = mustCodeList("codes/iso3166-1.json")
		currencies = mustCodeList("codes/iso4217.json")
	})
}

func mustCodeList(name string) *codeList {
	data, err := codeFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	l := &codeList{}
	if err := json.Unmarshal(data, l); err != nil {
		panic(fmt.Sprintf("validate: %s: %v", name, err))
	}
	l.set = make(map[string]bool, len(l.Codes))
	for _, c := range l.Codes {
		l.set[c] = true
	}
	return l
}

// Countries returns the ISO 3166-1 alpha-2 codes mla accepts and the source
// of the list.
func Countries() (codes []string, source string) {
	loadCodes()
	return append([]string(nil), countries.Codes...), countries.Source
}

// Currencies returns the ISO 4217 codes mla accepts and the source of the
// list.
func Currencies() (codes []string, source string) {
	loadCodes()
	return append([]string(nil), currencies.Codes...), currencies.Source
}

var (
	countryForm  = regexp.MustCompile(`^[A-Z]{2}$`)
	currencyForm = regexp.MustCompile(`^[A-Z]{3}$`)
)

// unknownCodes reports country and currency codes that have the right form
// (the schema checks the form) but are not on the ISO lists: every string
// under a key "country", every element of "nationalities", and every string
// under a key "currency", wherever they are in the case file.
func unknownCodes(raw any) []Finding {
	loadCodes()
	var out []Finding
	check := func(ptr string, v any, form *regexp.Regexp, l *codeList, rule string) {
		s, ok := v.(string)
		if !ok || !form.MatchString(s) || l.set[s] {
			return
		}
		out = append(out, Finding{
			Pointer: ptr, Rule: rule,
			Args: map[string]any{"Field": ptr, "Code": s},
		})
	}
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := ptr + "/" + casefile.EscapePointer(k)
				switch k {
				case "country":
					check(p, v[k], countryForm, countries, "country.unknown")
				case "nationalities":
					arr, _ := v[k].([]any)
					for i, x := range arr {
						check(p+"/"+strconv.Itoa(i), x, countryForm, countries, "country.unknown")
					}
				case "currency":
					check(p, v[k], currencyForm, currencies, "currency.unknown")
				default:
					walk(v[k], p)
				}
			}
		case []any:
			for i, x := range v {
				walk(x, ptr+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(raw, "")
	return out
}

// chineseInTranslation warns about a translation that still holds Chinese
// characters: a part left untranslated. A translation that is the Chinese
// text copied whole is text.untranslated instead, one finding for one cause.
// The finding quotes the Chinese it found so that the reviewer can tell a
// forgotten phrase from a name deliberately given in Chinese as well.
func chineseInTranslation(v any, ptr string) []Finding {
	var out []Finding
	switch v := v.(type) {
	case map[string]any:
		if zh, ok := v["zh"].(string); ok && isText(v) {
			for _, lang := range translations(v) {
				tr, ok := v[lang].(string)
				if !ok || strings.TrimSpace(tr) == strings.TrimSpace(zh) && hasHan(zh) {
					continue
				}
				if len(fonts.Check(tr)) > 0 {
					continue // text.undrawable, an error, is reported here
				}
				runs := hanRuns(tr, 3, 12)
				if len(runs) == 0 {
					continue
				}
				p := ptr + "/" + lang
				out = append(out, Finding{
					Pointer: p, Rule: "text.chinese_in_translation",
					Args: map[string]any{"Field": p, "Lang": Label("finding.lang." + lang), "Chinese": runs},
				})
			}
			return out
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, chineseInTranslation(v[k], ptr+"/"+casefile.EscapePointer(k))...)
		}
	case []any:
		for i, x := range v {
			out = append(out, chineseInTranslation(x, ptr+"/"+strconv.Itoa(i))...)
		}
	}
	return out
}

// hanRuns returns up to max runs of Chinese characters in s (CJK
// punctuation between them kept), each cut to width characters.
func hanRuns(s string, max, width int) List {
	var out List
	var cur []rune
	flush := func() {
		if len(cur) == 0 {
			return
		}
		if len(out) < max {
			run := strings.TrimRightFunc(string(cur), func(r rune) bool { return !unicode.Is(unicode.Han, r) })
			if rs := []rune(run); len(rs) > width {
				run = string(rs[:width]) + "…"
			}
			out = append(out, "“"+run+"”")
		}
		cur = cur[:0]
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			cur = append(cur, r)
		case len(cur) > 0 && isCJKPunct(r):
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// isCJKPunct reports full-width punctuation that joins Chinese phrases.
func isCJKPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFF65
}
