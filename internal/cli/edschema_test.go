package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEditorSchemaAgreesWithAjv: the schema mla schema prints for a state
// holds no $dynamicRef and no reference to another file, and Ajv (a
// validator without mla's schema loader, as editors have) judges every
// example and every fixture of the state as mla's own schema check does.
func TestEditorSchemaAgreesWithAjv(t *testing.T) {
	script := checker(t, "ajv")
	node := checker(t, "node")
	for _, cc := range []string{"us", "ca", "au", "nz"} {
		code, out, errs := run(t, nil, "schema", cc, "--lang", "zh")
		if code != 0 {
			t.Fatalf("schema %s: exit %d\n%s", cc, code, errs)
		}
		if strings.Contains(out, "$dynamicRef") || strings.Contains(out, `.schema.json#`) || strings.Contains(out, `"$ref": "case.schema.json"`) {
			t.Errorf("schema %s refers outside itself or dynamically", cc)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), cc+".schema.json")
		if err := os.WriteFile(file, []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
		cases, _ := filepath.Glob(repo("schemas/testdata/" + cc + "/*/*.json"))
		for _, ex := range exampleCases(t) {
			if strings.HasPrefix(filepath.Base(ex), cc+"-") {
				cases = append(cases, ex)
			}
		}
		// A fixture of another state (or of none) is checked by mla
		// against another schema: not comparable.
		mine := cases[:0]
		for _, c := range cases {
			var head struct {
				State any `json:"requested_state"`
			}
			b, _ := os.ReadFile(c)
			if json.Unmarshal(b, &head) == nil && head.State == strings.ToUpper(cc) {
				mine = append(mine, c)
			}
		}
		cases = mine
		if len(cases) < 3 {
			t.Fatalf("%s: only %d cases to compare", cc, len(cases))
		}
		res, err := exec.Command(node, append([]string{script, file}, cases...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("ajv: %v\n%s", err, res)
		}
		ajv := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(string(res)), "\n") {
			verdict, f, _ := strings.Cut(line, " ")
			ajv[f] = verdict == "valid"
		}
		invalid := 0
		for _, c := range cases {
			_, js, _ := run(t, nil, "validate", c, "--format", "json")
			var rep struct{ Findings []struct{ Rule string } }
			if err := json.Unmarshal([]byte(js), &rep); err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			ours := true
			for _, f := range rep.Findings {
				if strings.HasPrefix(f.Rule, "schema.") {
					ours = false
				}
			}
			if !ours {
				invalid++
			}
			if got, ok := ajv[c]; !ok || got != ours {
				t.Errorf("%s: mla's schema check says valid=%v, Ajv says %v (%v)", c, ours, got, ok)
			}
		}
		if invalid == 0 {
			t.Errorf("%s: no fixture is invalid by the schema: the comparison proves nothing", cc)
		}
	}
}

// TestEditorSchemaOut: --out writes the schema and a sample of VS Code's
// settings pointing at it, and never replaces a file.
func TestEditorSchemaOut(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, nil, "schema", "ca", "--out", dir, "--lang", "zh"); code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, ".vscode", "settings.json"))
	if err != nil || !strings.Contains(string(b), `"./ca.schema.json"`) {
		t.Errorf("settings.json %v:\n%s", err, b)
	}
	s, err := os.ReadFile(filepath.Join(dir, "ca.schema.json"))
	if err != nil || !strings.Contains(string(s), "审查起诉") {
		t.Errorf("the schema lacks the Chinese labels of coded values (%v)", err)
	}
	if code, _, _ := run(t, nil, "schema", "ca", "--out", dir); code != ExitUsage {
		t.Errorf("a second schema --out replaced files: exit %d", code)
	}
}
