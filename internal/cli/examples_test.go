package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// special lists, per requested state, what its request must contain
// because that state requires it (read back from request.pdf).
var special = map[string][]string{
	"US": {
		"Probable cause: facts showing that the offence was committed",
		"18 U.S.C. § 3512(e)",
		"18 U.S.C. §§ 2703 and 3512",
		"Certification of the evidence requested",
		"Form 1: documentary evidence", "Form 2: testimony", "Form 3: seized items",
		"相当理由（probable cause）", "格式一：书证",
	},
	"AU": {
		"Offences: text of the provisions and maximum penalties",
		"Text of the provision:", "Maximum penalty",
		"the maximum penalty for the following offences set out in this request includes the death penalty",
		"is given in the document of assurances annexed to this request",
		"decided by the Supreme People's Court and given by the Ministry of Foreign Affairs",
		"Authorities of Australia already know of this investigation",
		"Part VI of the Mutual Assistance in Criminal Matters Act 1987 (Cth)",
		"所涉犯罪：法律条文及最高刑",
	},
	"NZ": {
		"Certificate of criminal matter",
		"certifies, for the purposes of section 26 of the Mutual Assistance in Criminal Matters Act 1992 (New Zealand), that this request relates to a criminal matter",
		"as a prescribed foreign country under the Mutual Assistance in Criminal Matters (Prescribed Foreign Country) (People's Republic of China) Regulations 2007 (SR 2007/355)",
		"The assurance that WU Jianguo will not be sentenced to death, which New Zealand law requires, is given in the document of assurances annexed to this request",
		"Reasons for confidentiality",
		"刑事事项证明",
	},
	"CA": {
		"Motifs raisonnables de croire qu'une infraction a été commise",
		"Mise en garde",
		"présumées innocentes",
		"Accord entre la République populaire de Chine et le Canada sur le partage et la restitution des biens confisqués",
		"Traité d'entraide judiciaire en matière pénale entre le Canada et la République populaire de Chine",
		"Code criminel, art. 122",
		"Loi sur l'entraide juridique en matière criminelle",
		"Le texte français des dispositions ci-dessus est une traduction non officielle",
		"特别说明",
	},
}

// TestEveryExample validates every example (no error), generates its
// bundle, and reads it back: every text of the case, in Chinese and in the
// translation's language, is in the PDFs, the state's special requirements
// are in the request, and qpdf finds no structural error.
func TestEveryExample(t *testing.T) {
	names := exampleCases(t)
	if len(names) < 4 {
		t.Fatalf("want an example per state, found %d", len(names))
	}
	states := map[string]bool{}
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			raw, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var c map[string]any
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			state, _ := c["requested_state"].(string)
			states[state] = true
			lang, _ := c["translation"].(string)
			if lang == "" {
				lang = "en"
			}

			code, out, errs := run(t, nil, "validate", name, "--format", "json")
			var r struct {
				Valid    bool `json:"valid"`
				Findings []struct {
					Severity, Pointer, Rule string
				} `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 || !r.Valid {
				t.Fatalf("validate: exit %d, %v\n%s%s", code, err, out, errs)
			}
			for _, f := range r.Findings {
				if f.Severity != "info" {
					t.Errorf("%s finding %s at %s: an example should validate clean", f.Severity, f.Rule, f.Pointer)
				}
			}

			dir := filepath.Join(t.TempDir(), "bundle")
			if code, _, errs := run(t, nil, "generate", name, "--out", dir); code != 0 {
				t.Fatalf("generate: exit %d\n%s", code, errs)
			}
			req := squeeze(pdfBody(t, filepath.Join(dir, "request.pdf")))
			ev := squeeze(pdfBody(t, filepath.Join(dir, "evidence.pdf")))
			texts := map[string]string{}
			localized(c, "", texts)
			var ptrs []string
			for p := range texts {
				ptrs = append(ptrs, p)
			}
			sort.Strings(ptrs)
			for _, p := range ptrs {
				if !strings.HasSuffix(p, "/zh") && !strings.HasSuffix(p, "/"+lang) {
					continue
				}
				got, where := req, "request.pdf"
				if strings.HasPrefix(p, "/evidence/") {
					got, where = ev, "evidence.pdf"
				}
				for _, para := range strings.Split(texts[p], "\n") {
					if want := squeeze(para); !strings.Contains(got, want) {
						t.Errorf("%s: text of %s is missing: %q", where, p, para)
					}
				}
			}
			for _, want := range special[state] {
				if !strings.Contains(req, squeeze(want)) {
					t.Errorf("request.pdf lacks the %s requirement %q", state, want)
				}
			}
			q := checker(t, "qpdf")
			for _, f := range []string{"request.pdf", "evidence.pdf"} {
				if b, err := exec.Command(q, "--check", filepath.Join(dir, f)).CombinedOutput(); err != nil {
					t.Errorf("qpdf --check %s: %v\n%s", f, err, b)
				}
			}
		})
	}
	for st := range special {
		if !states[st] {
			t.Errorf("no example for %s", st)
		}
	}
}
