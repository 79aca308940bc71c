package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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

// expectation is what a scenario example declares it gives, in
// examples/expect/<name>.json: the rule ids of its errors and warnings, and
// the exit status of validate.
type expectation struct {
	Exit     int      `json:"exit"`
	Findings []string `json:"findings"`
}

// expected returns the expectation of the example at path, or nil when it
// has none (it must then validate clean).
func expected(t testing.TB, path string) *expectation {
	t.Helper()
	name := filepath.Join(filepath.Dir(path), "expect", filepath.Base(path))
	raw, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var e expectation
	dec := json.NewDecoder(bytes.NewReader(raw))
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	delete(probe, "$comment")
	for k := range probe {
		if k != "exit" && k != "findings" {
			t.Fatalf("%s: unknown field %q", name, k)
		}
	}
	if err := dec.Decode(&e); err != nil || len(e.Findings) == 0 {
		t.Fatalf("%s: %v (an expectation lists at least one finding)", name, err)
	}
	return &e
}

// generateArgs are the arguments that generate an example's bundle: as a
// draft when the example is expected to have errors.
func generateArgs(t testing.TB, path string, more ...string) []string {
	args := append([]string{"generate", path}, more...)
	if e := expected(t, path); e != nil && e.Exit != 0 {
		args = append(args, "--draft")
	}
	return args
}

// TestExpectationsHaveExamples: every expectation file names an example.
func TestExpectationsHaveExamples(t *testing.T) {
	names, _ := filepath.Glob(repo("examples/expect/*.json"))
	if len(names) < 4 {
		t.Fatalf("want a scenario example per state, found %d expectations", len(names))
	}
	for _, n := range names {
		if _, err := os.Stat(repo(filepath.Join("examples", filepath.Base(n)))); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}

// TestEveryExample validates every example (no error and no warning, or
// exactly the findings its expectation declares), generates its bundle (as
// a draft when it has errors), and reads it back: every text of the case,
// in Chinese and in the translation's language, is in the PDFs, the
// state's special requirements are in the request, and qpdf finds no
// structural error.
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
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("validate: exit %d, %v\n%s%s", code, err, out, errs)
			}
			want := expected(t, name)
			if want == nil {
				if code != 0 || !r.Valid {
					t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
				}
				for _, f := range r.Findings {
					if f.Severity != "info" {
						t.Errorf("%s finding %s at %s: an example should validate clean", f.Severity, f.Rule, f.Pointer)
					}
				}
			} else {
				got := map[string]bool{}
				for _, f := range r.Findings {
					if f.Severity != "info" {
						got[f.Rule] = true
					}
				}
				wanted := map[string]bool{}
				for _, id := range want.Findings {
					wanted[id] = true
				}
				if code != want.Exit || !maps.Equal(got, wanted) {
					t.Fatalf("validate: exit %d with %v, want exit %d with %v", code, slices.Sorted(maps.Keys(got)), want.Exit, want.Findings)
				}
			}

			dir := filepath.Join(t.TempDir(), "bundle")
			if code, _, errs := run(t, nil, generateArgs(t, name, "--out", dir)...); code != 0 {
				t.Fatalf("generate: exit %d\n%s", code, errs)
			}
			q := checker(t, "qpdf")
			for _, f := range []string{"request.pdf", "evidence.pdf"} {
				if b, err := exec.Command(q, "--check", filepath.Join(dir, f)).CombinedOutput(); err != nil {
					t.Errorf("qpdf --check %s: %v\n%s", f, err, b)
				}
			}
			if want != nil && want.Exit != 0 {
				// A draft's status lines in the page furniture break the
				// reading of its text; the example it copies is read in full.
				return
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
		})
	}
	for st := range special {
		if !states[st] {
			t.Errorf("no example for %s", st)
		}
	}
}
