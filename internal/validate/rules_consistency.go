package validate

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mla-dev/mla/internal/casefacts"
)

// consistencyRules compare what the case's Chinese texts and signature
// blocks say about who handles the case, at what stage and since when with
// the case's own data, which the request's certificates (NZ MACMA s 26:
// "opened on …, handled by …"), its authority section and the transmittal
// state. They read words, not meaning, so each finding is a warning for
// the officer to check:
//
//	rule                          what
//	consistency.opening_organ     at the investigation stage, a text says an organ of another kind
//	                              opened the case (立案) than the drafting organ
//	consistency.opened_date       a text dates the opening of the case (…年…月…日…立案) otherwise
//	                              than /case/opened
//	consistency.date_after_request a date in the summary, facts or procedure lies after the request's
//	consistency.stage_organ       a supervisory commission or a public security organ drafts a
//	                              request at the prosecution or trial stage
//	consistency.signatory_organ   the signatory's or contact's title names an organ of another
//	                              kind than the drafting organ
//
// What they cannot catch: an organ named otherwise than by its kind
// (an abbreviation such as 市纪委监委 is caught, 专案组 is not), the
// same kind of organ at another level or place (东海市 against 西岭省),
// a date written otherwise than 2021年3月10日 (2021.3.10, 三月十日), an
// opening told in other words (决定调查, 受理), and texts in the
// translation only.
func consistencyRules(root map[string]any) []Finding {
	var out []Finding
	matter := child(root, "case")
	stage, _ := matter["stage"].(string)
	drafting := casefacts.OrganKind(zhOf(child(root, "requesting_authority")["name"]))
	opened, hasOpened := dateAt(matter, "opened")
	req, hasReq := dateAt(root, "date")
	for _, key := range []string{"summary", "facts", "procedure"} {
		ptr := "/case/" + key
		text := zhOf(matter[key])
		if text == "" {
			continue
		}
		reported := map[string]bool{}
		for _, s := range sentences(text) {
			at := strings.Index(s, "立案")
			if at >= 0 {
				if k := casefacts.LastOrganKind(s[:at]); k != "" && drafting != "" && k != drafting && stage == "investigation" && !reported["organ"] {
					reported["organ"] = true
					out = append(out, Finding{Pointer: ptr, Rule: "consistency.opening_organ", Args: map[string]any{
						"Field": ptr, "TextOrgan": organLabel(k), "Organ": organLabel(drafting),
					}})
				}
				if d, raw, ok := firstDate(s); ok && hasOpened && !d.Equal(opened) && !reported["opened"] {
					reported["opened"] = true
					out = append(out, Finding{Pointer: ptr, Rule: "consistency.opened_date", Args: map[string]any{
						"Field": ptr, "Date": raw, "Opened": matter["opened"],
					}})
				}
			}
			if !hasReq || reported["after"] {
				continue
			}
			for _, m := range zhDate.FindAllStringSubmatch(s, -1) {
				if d, ok := parseZhDate(m); ok && d.After(req) {
					reported["after"] = true
					out = append(out, Finding{Pointer: ptr, Rule: "consistency.date_after_request", Args: map[string]any{
						"Field": ptr, "Date": m[0], "RequestDate": root["date"],
					}})
					break
				}
			}
		}
	}
	if (stage == "prosecution" || stage == "trial") && (drafting == casefacts.Supervisory || drafting == casefacts.PublicSecurity) {
		out = append(out, Finding{Pointer: "/case/stage", Rule: "consistency.stage_organ", Args: map[string]any{
			"Field": "/case/stage", "Stage": Label("stage." + stage), "Organ": organLabel(drafting),
		}})
	}
	for _, ptr := range []string{"/signatory/title", "/contact/title"} {
		parts := strings.Split(ptr, "/")
		k := casefacts.OrganKind(zhOf(child(root, parts[1])[parts[2]]))
		if k != "" && drafting != "" && k != drafting {
			out = append(out, Finding{Pointer: ptr, Rule: "consistency.signatory_organ", Args: map[string]any{
				"Field": ptr, "TextOrgan": organLabel(k), "Organ": organLabel(drafting),
			}})
		}
	}
	return out
}

func organLabel(kind string) Label { return Label("finding.organ." + kind) }

// zhOf returns the Chinese of a localized text value, or "".
func zhOf(v any) string {
	s, _ := asMap(v)["zh"].(string)
	return s
}

// sentences splits a Chinese text at the marks that end a sentence or a
// clause of one.
func sentences(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '。' || r == '；' || r == '！' || r == '？' || r == '\n'
	})
}

var zhDate = regexp.MustCompile(`([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日`)

func parseZhDate(m []string) (time.Time, bool) {
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// firstDate returns the first full date of a sentence, as a time and as
// written.
func firstDate(s string) (time.Time, string, bool) {
	m := zhDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, "", false
	}
	t, ok := parseZhDate(m)
	return t, m[0], ok
}
