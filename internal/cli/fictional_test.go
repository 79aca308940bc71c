package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestFictionalStateFromAssets adds a requested state that mla has never
// heard of, from a folder given with --assets (its schema, profile and
// template only, no Go code), and generates a bundle for it.
func TestFictionalStateFromAssets(t *testing.T) {
	assets := filepath.Join("testdata", "fictional")
	kase := filepath.Join(assets, "case.json")

	code, out, errs := run(t, nil, "countries", "--assets", assets)
	if code != 0 || !strings.Contains(out, "XX") || !strings.Contains(out, "Republic of Examplia") || !strings.Contains(out, "US") {
		t.Fatalf("countries: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, nil, "validate", kase, "--assets", assets)
	if code != 0 || !strings.Contains(out, "dual_criminality.no_table") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
	// The state has no treaty with China: its profile says so, and the
	// request must then promise reciprocity (ICJAL art. 13).
	dir := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", approvedCopy(t, kase, "--assets", assets), "--assets", assets, "--out", dir); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, errs)
	}
	req := squeeze(pdfBody(t, filepath.Join(dir, "request.pdf")))
	for _, want := range []string{"MinistryofJusticeofExamplia(fictional)", "示例共和国司法部（虚构）", "also a criminal offence under the law of the requested State", "assuranceofreciprocity"} {
		if !strings.Contains(req, want) && !strings.Contains(req, squeeze(want)) {
			t.Errorf("request.pdf lacks %q", want)
		}
	}
	// The reciprocity itself is assured in the document of assurances,
	// for the authority that gives it, not in the organ's own letter.
	if as := squeeze(pdfBody(t, filepath.Join(dir, "assurances.pdf"))); !strings.Contains(as, "similarassistanceincomparablecases") {
		t.Errorf("assurances.pdf lacks the assurance of reciprocity")
	}
	// Its own checklist item reaches the reviewer's report.
	rdir := filepath.Join(t.TempDir(), "review")
	if code, _, errs := run(t, nil, "review", kase, "--assets", assets, "--out", rdir); code != 0 {
		t.Fatalf("review: exit %d\n%s", code, errs)
	}
	rep, err := os.ReadFile(filepath.Join(rdir, "report.json"))
	if err != nil || !strings.Contains(string(rep), `"examplia_translation"`) || !strings.Contains(string(rep), "Examplia Mutual Assistance Act s. 7 (fictional)") {
		t.Errorf("report.json lacks the state's checklist item (%v)", err)
	}
	// Without the embedded assets it would be an unknown state.
	if code, out, _ := run(t, nil, "validate", kase); code != ExitFindings || !strings.Contains(out, "state.unsupported") {
		t.Errorf("without --assets: exit %d\n%s", code, out)
	}
}

// TestFictionalSpanishStateFromAssets adds a requested state whose
// language is Spanish, from --assets only: its schema re-defines the
// localized text as Chinese with Spanish, its profile names "es" as the
// translation language, and its locale files and translated offence
// catalogue carry the Spanish. No Go code knows the language.
func TestFictionalSpanishStateFromAssets(t *testing.T) {
	assets := filepath.Join("testdata", "fictional-es")
	kase := filepath.Join(assets, "case.json")

	code, out, errs := run(t, nil, "countries", "--assets", assets)
	if code != 0 || !regexp.MustCompile(`(?m)^XE\s+Kingdom of Ejemplia \(fictional\)\s+es$`).MatchString(out) {
		t.Fatalf("countries: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, nil, "validate", kase, "--assets", assets, "--lang", "zh"); code != 0 {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errs)
	}
	dir := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := run(t, nil, "generate", approvedCopy(t, kase, "--assets", assets), "--assets", assets, "--out", dir, "--lang", "zh"); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, errs)
	}
	req := squeeze(pdfBody(t, filepath.Join(dir, "request.pdf")))
	for _, want := range []string{
		"Solicitud de asistencia judicial en materia penal",           // the locale's Spanish
		"Ministerio de Justicia de Ejemplia (ficticio)",               // the profile's Spanish
		"Caso de Zhang San, sospechoso de aceptar sobornos",           // the case's Spanish
		"Artículo 385 del Código Penal de la República Popular China", // the translated catalogue
		"示例王国司法部（虚构）",                                                 // the Chinese original
	} {
		if !strings.Contains(req, squeeze(want)) {
			t.Errorf("request.pdf lacks %q", want)
		}
	}
	if code, out, errs := run(t, nil, "verify", dir); code != 0 {
		t.Errorf("verify: exit %d\n%s%s", code, out, errs)
	}

	// A text without its Spanish is the state's own schema finding; a
	// Spanish that is the Chinese copied is the untranslated warning,
	// named in Chinese with the language's name from the state's locale.
	raw, err := os.ReadFile(kase)
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	matter := c["case"].(map[string]any)
	delete(matter["facts"].(map[string]any), "es")
	title := matter["title"].(map[string]any)
	title["es"] = title["zh"]
	broken := filepath.Join(t.TempDir(), "case.json")
	b, _ := json.Marshal(c)
	if err := os.WriteFile(broken, b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, nil, "validate", broken, "--assets", assets, "--lang", "zh", "--format", "json")
	if code != ExitFindings || !strings.Contains(out, `"/case/facts/es"`) || !strings.Contains(out, `"text.untranslated"`) || !strings.Contains(out, "西班牙文") {
		t.Errorf("validate of a case lacking Spanish: exit %d\n%s%s", code, out, errs)
	}
}
