package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFictionalAssistanceTypeFromAssets adds an assistance type that mla
// has never heard of, "sequestration", through --assets and no Go: the case
// schema gains the type and its if/then required fields, the locales its
// label, its clause and its finding's message, templates/assistance.json
// its clause, and templates/rules.json a rule of data (a warning when an
// item of the type names no account). validate reports the rule; generate
// writes the type's label and clause into the request.
func TestFictionalAssistanceTypeFromAssets(t *testing.T) {
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(repo(p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	replace := func(s, old, new string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("the asset no longer has %q", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	files := map[string]string{}

	// The schema: the type, and what it requires.
	schema := read("schemas/case.schema.json")
	schema = replace(schema, `{"const": "expert_evaluation",`,
		`{"const": "sequestration", "description": "Sequester property with a court-appointed keeper (fictional)."},
            {"const": "expert_evaluation",`)
	schema = replace(schema, `{
          "if": {"properties": {"type": {"const": "records"}}, "required": ["type"]},`,
		`{
          "if": {"properties": {"type": {"const": "sequestration"}}, "required": ["type"]},
          "then": {"required": ["institution", "address"], "x-source": "Fictional Act s 1"}
        },
        {
          "if": {"properties": {"type": {"const": "records"}}, "required": ["type"]},`)
	files["schemas/case.schema.json"] = schema

	// The label, the clause and the finding's message, in every language.
	words := map[string][3]string{
		"en":      {"Sequestration", "The keeper appointed by the court is asked to account for the property every month.", "{{.Field}}: a sequestration names no account ({{.Item}})."},
		"fr":      {"Séquestre", "Le séquestre désigné par le tribunal est prié de rendre compte des biens chaque mois.", "{{.Field}}\u00a0: un séquestre ne nomme aucun compte ({{.Item}})."},
		"zh-Hans": {"财产托管", "请法院指定的托管人每月报告财产情况。", "{{.Field}}：财产托管未列明账户（{{.Item}}）。"},
	}
	for lang, w := range words {
		files["locales/request."+lang+".toml"] = read("locales/request."+lang+".toml") + `
["assistance.type.sequestration"]
description = "Type of assistance: sequestration (fictional)."
other = "` + w[0] + `"

["assistance.sequestration_keeper"]
description = "Sequestration: the keeper reports (fictional)."
other = "` + w[1] + `"
`
		files["locales/findings."+lang+".toml"] = read("locales/findings."+lang+".toml") + `
["finding.sequestration.account_missing"]
description = "A sequestration names no account (fictional)."
other = "` + w[2] + `"
`
	}

	// The clause and the rule.
	var clauses map[string]any
	mustDo(t, json.Unmarshal([]byte(read("templates/assistance.json")), &clauses))
	clauses["types"].(map[string]any)["sequestration"] = map[string]any{
		"clauses": []any{map[string]any{"message": "assistance.sequestration_keeper"}},
	}
	var rules map[string]any
	mustDo(t, json.Unmarshal([]byte(read("templates/rules.json")), &rules))
	rules["rules"].(map[string]any)["sequestration.account_missing"] = map[string]any{
		"severity": "warning", "source": "Fictional Act s 2", "messages": []any{"finding.sequestration.account_missing"},
		"when": map[string]any{"assistance_type": "sequestration"}, "requires": []any{"accounts"},
	}
	for name, v := range map[string]any{"templates/assistance.json": clauses, "templates/rules.json": rules} {
		b, err := json.MarshalIndent(v, "", "  ")
		mustDo(t, err)
		files[name] = string(b)
	}

	// A case asking for it.
	var kase map[string]any
	mustDo(t, json.Unmarshal([]byte(read("examples/us-embezzlement.json")), &kase))
	items := kase["assistance"].([]any)
	text := func(zh, en string) map[string]any { return map[string]any{"zh": zh, "en": en} }
	kase["assistance"] = append(items, map[string]any{
		"id": "A99", "type": "sequestration",
		"description": text("请求对涉案房产指定托管人。", "Appointment of a keeper for the house."),
		"purpose":     text("保全财产。", "To preserve the property."),
		"link":        text("该房产以赃款购买。", "The house was bought with the proceeds."),
		"institution": text("示例法院", "Example Court"),
		"address":     text("示例街1号", "1 Example Street"),
	})
	files["case.json"] = ""
	dir := assetsDir(t, files)
	b, err := json.MarshalIndent(kase, "", "  ")
	mustDo(t, err)
	kfile := filepath.Join(dir, "case.json")
	mustDo(t, os.WriteFile(kfile, b, 0o600))

	code, out, errs := run(t, nil, "validate", kfile, "--assets", dir, "--format", "json")
	if code != 0 || !strings.Contains(out, `"sequestration.account_missing"`) || !strings.Contains(out, "Fictional Act s 2") {
		t.Fatalf("validate: exit %d, want 0 with the rule's warning\n%s%s", code, out, errs)
	}
	// The schema's if/then: without the institution, an error.
	delete(kase["assistance"].([]any)[len(items)].(map[string]any), "institution")
	b, _ = json.Marshal(kase)
	bad := filepath.Join(dir, "bad.json")
	mustDo(t, os.WriteFile(bad, b, 0o600))
	if code, out, _ := run(t, nil, "validate", bad, "--assets", dir); code != ExitFindings || !strings.Contains(out, "/assistance/"+strconv.Itoa(len(items))+"/institution") {
		t.Errorf("without the institution: exit %d\n%s", code, out)
	}

	outDir := filepath.Join(t.TempDir(), "bundle")
	approve(t, kfile, "--assets", dir)
	if code, _, errs := run(t, nil, "generate", kfile, "--assets", dir, "--out", outDir); code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, errs)
	}
	req := squeeze(pdfBody(t, filepath.Join(outDir, "request.pdf")))
	for _, want := range []string{"Sequestration", "财产托管", words["en"][1], words["zh-Hans"][1]} {
		if !strings.Contains(req, squeeze(want)) {
			t.Errorf("request.pdf lacks %q", want)
		}
	}
	// Without the assets, the type is unknown.
	if code, out, _ := run(t, nil, "validate", kfile); code != ExitFindings || !strings.Contains(out, "schema.enum") {
		t.Errorf("without --assets: exit %d\n%s", code, out)
	}
}
