package validate

import (
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mla-dev/mla/internal/i18n"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// withMeta gives findings made by a rule function directly the metadata
// Validate gives them.
func withMeta(fs []Finding) []Finding {
	builtinRules().apply(fs)
	return fs
}

// TestRulesCoverGo: every rule id the Go code of this package can emit is
// in templates/rules.json, with a message id the code uses listed there.
// Rule ids are the string literals that look like one in a Finding's Rule
// field, or passed where a rule name goes (the add helpers, fileRule).
func TestRulesCoverGo(t *testing.T) {
	rs := builtinRules()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "ruledata.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !ruleIDForm.MatchString(s) || strings.HasPrefix(s, "finding.") || strings.HasSuffix(s, ".json") {
				return true
			}
			if _, ok := rs[s]; ok {
				seen[s] = true
				return true
			}
			if isRuleLiteral(s) {
				t.Errorf("%s: rule %q is not in %s", fset.Position(lit.Pos()), s, RulesFile)
			}
			return true
		})
	}
	for id, m := range rs {
		if !seen[id] && m.When == nil {
			t.Errorf("%s lists %q, which the Go code never emits", RulesFile, id)
		}
	}
}

// isRuleLiteral reports whether a dotted literal names a rule: its first
// word is one of the rule families.
func isRuleLiteral(s string) bool {
	fam, _, _ := strings.Cut(s, ".")
	switch fam {
	case "schema", "text", "date", "evidence", "ref", "id", "service", "offence", "profile", "asset",
		"testimony", "confiscation", "asset_recovery", "assurance", "translation", "dual_criminality",
		"search", "state", "country", "currency":
		return true
	}
	return false
}

// TestRulesApply: the file decides severity and source; a requirement's
// source follows the rule's own; a list's source is chosen by the list.
func TestRulesApply(t *testing.T) {
	fs := []Finding{
		{Rule: "text.invisible"},
		{Rule: "assurance.reciprocity_missing", Source: "Treaty art. 1"},
		{Rule: "ref.unresolved", Source: "evidence"},
	}
	builtinRules().apply(fs)
	want := []Finding{
		{Rule: "text.invisible", Severity: Warning, Source: "mla", ID: "finding.text.invisible"},
		{Rule: "assurance.reciprocity_missing", Severity: Error, Source: "ICJAL art. 13; Treaty art. 1", ID: "finding.assurances.reciprocity_required"},
		{Rule: "ref.unresolved", Severity: Error, Source: "ICJAL art. 9", ID: "finding.ref.unresolved"},
	}
	for i := range want {
		g, w := fs[i], want[i]
		if g.Severity != w.Severity || g.Source != w.Source || g.ID != w.ID {
			t.Errorf("%s: got %s %q %s, want %s %q %s", w.Rule, g.Severity, g.Source, g.ID, w.Severity, w.Source, w.ID)
		}
	}
}

// TestRulesFileErrors: a bad entry names the file, the line and the field.
func TestRulesFileErrors(t *testing.T) {
	cases := []struct {
		name, data string
		line       int
		field      string
	}{
		{"severity", "{\n\"rules\": {\n\"a.b\": {\n\"source\": \"mla\",\n\"severity\": \"grave\", \"messages\": [\"finding.a.b\"]}\n}}", 5, "/rules/a.b/severity"},
		{"no source", "{\"rules\": {\n\"a.b\": {\"severity\": \"error\", \"messages\": [\"finding.a.b\"]},\n\"c.d\": {}}}", 2, "/rules/a.b/source"},
		{"unknown field", "{\"rules\": {\n\n\"a.b\": {\"severity\": \"error\", \"sorce\": \"mla\", \"messages\": [\"finding.a.b\"]}}}", 3, "/rules/a.b/sorce"},
		{"rule listed twice", "{\"rules\": {\"a.b\": {\"severity\": \"info\", \"source\": \"mla\", \"messages\": [\"finding.a.b\"]},\n\"a.b\": {}}}", 2, "/rules/a.b"},
		{"wrong type", "{\"rules\": {\"a.b\": {\"severity\": \"info\", \"source\": \"mla\",\n\"messages\": \"finding.a.b\"}}}", 2, "/rules/a.b/messages"},
		{"message", "{\"rules\": {\"a.b\": {\"severity\": \"info\", \"source\": \"mla\", \"messages\": [\"a.b\"]}}}", 1, "/rules/a.b/messages/0"},
		{"rule id", "{\"rules\": {\n\"Bad\": {}}}", 2, "/rules/Bad"},
		{"syntax", "{\"rules\": {\n\"a.b\": {\n", 2, ""},
	}
	for _, c := range cases {
		_, err := LoadRules(fstest.MapFS{RulesFile: {Data: []byte(c.data)}})
		var re *RulesError
		if !errors.As(err, &re) {
			t.Errorf("%s: got %v, want a RulesError", c.name, err)
			continue
		}
		if re.File != RulesFile || re.Line != c.line || re.Field != c.field {
			t.Errorf("%s: got %s line %d field %q, want line %d field %q", c.name, re.File, re.Line, re.Field, c.line, c.field)
		}
	}
}

// TestRulesFileMatchesItsSchema: templates/rules.json passes
// schemas/rules.schema.json, which editors use, and the schema can fail.
func TestRulesFileMatchesItsSchema(t *testing.T) {
	s := compileSchemaFile(t, "rules.schema.json")
	data, _ := fs.ReadFile(repo, RulesFile)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s: %v", RulesFile, err)
	}
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"rules": {"a.b": {"severity": "error", "messages": ["finding.a.b"]}}}`))
	if s.Validate(bad) == nil {
		t.Error("a rule without a source passes the schema")
	}
}

// TestRuleMessagesExist: every message id of templates/rules.json is in
// the locales, in every language.
func TestRuleMessagesExist(t *testing.T) {
	cat, err := i18n.Load(repo, "locales")
	if err != nil {
		t.Fatal(err)
	}
	for id, m := range builtinRules() {
		for _, msg := range m.Messages {
			for _, lang := range []string{"zh", "en", "fr"} {
				if _, err := cat.T(lang, msg, map[string]any{}); errors.Is(err, i18n.ErrMissing) {
					t.Errorf("rule %s: %v", id, err)
				}
			}
		}
	}
}
