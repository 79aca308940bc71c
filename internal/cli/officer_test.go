package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// officerEnv is a Chinese officer's system: messages follow LANG.
var officerEnv = map[string]string{"LANG": "zh_CN.UTF-8"}

// officerNotes is what the officer knows of the case
// (testdata/officer/notes.json): the texts of each field in Chinese and
// English, by the field's name or its parent and name, and the plain values.
type officerNotes struct {
	Texts         map[string][2]string `json:"texts"`
	TextsByParent map[string][2]string `json:"texts_by_parent"`
	Scalars       map[string]string    `json:"scalars"`
}

func loadNotes(t *testing.T) *officerNotes {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "officer", "notes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var n officerNotes
	if err := json.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	return &n
}

// text returns the officer's text for the field at ptr (without its
// language), such as /signatory/name: by parent and name, else by name.
func (n *officerNotes) text(ptr string) [2]string {
	var names []string
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if _, err := strconv.Atoi(tok); err != nil {
			names = append(names, tok)
		}
	}
	if len(names) >= 2 {
		if t, ok := n.TextsByParent[strings.Join(names[len(names)-2:], "/")]; ok {
			return t
		}
	}
	if t, ok := n.Texts[names[len(names)-1]]; ok {
		return t
	}
	return [2]string{"本案有关情况", "Details of the case"}
}

// officerFinding is what the officer reads of a finding.
type officerFinding struct {
	Pointer  string            `json:"pointer"`
	Rule     string            `json:"rule"`
	Severity string            `json:"severity"`
	Message  map[string]string `json:"message"`
}

var (
	quotedCode = regexp.MustCompile(`"([a-z_]+)"`)
	forExample = regexp.MustCompile(`例如\s*(.+?)(?:[；。;]|$)`)
	hanRE      = regexp.MustCompile(`\p{Han}`)
)

// TestOfficerCanadaInChinese plays a Chinese case officer for Canada on a
// system in Chinese, both ways in: (1) mla init, then each finding of
// validate answered in the case file (a code: the first value the message
// offers; a date, a phone number, an offence id: the message's example; a
// field the message says is missing: a value of the shape the editor
// schema, mla schema, gives it) until validate is clean, then generate;
// (2) the intake workbook, filled with openpyxl
// (testdata/officer/fill_intake.py): the required columns, then what
// validate asks for, then import and generate. Every message the officer
// reads is in Chinese. The number of validate rounds each way is logged
// (go test -v -run TestOfficerCanadaInChinese).
func TestOfficerCanadaInChinese(t *testing.T) {
	notes := loadNotes(t)
	code, schemaJSON, errs := runWithEnv(officerEnv, "schema", "ca")
	if code != 0 {
		t.Fatalf("schema: exit %d\n%s", code, errs)
	}
	var schema map[string]any
	if err := json.Unmarshal([]byte(schemaJSON), &schema); err != nil {
		t.Fatal(err)
	}

	t.Run("init", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "case.json")
		code, _, errs := runWithEnv(officerEnv, "init", "ca", "--out", path)
		if code != 0 || !strings.Contains(errs, "已生成") {
			t.Fatalf("init: exit %d\n%s", code, errs)
		}
		rounds := officerRounds(t, path, func(c map[string]any, f officerFinding) {
			officerAnswer(t, c, f, notes, schema)
		})
		t.Logf("init: %d validate rounds to a valid case", rounds)
		officerGenerate(t, path)
	})

	t.Run("intake", func(t *testing.T) {
		py := checker(t, "python3-openpyxl")
		dir := t.TempDir()
		book := filepath.Join(dir, "intake.xlsx")
		code, _, errs := runWithEnv(officerEnv, "intake", "template", "ca", "--out", book)
		if code != 0 || !strings.Contains(errs, "已写入") {
			t.Fatalf("intake template: exit %d\n%s", code, errs)
		}
		notesPath, _ := filepath.Abs(filepath.Join("testdata", "officer", "notes.json"))
		fill := func(args ...string) {
			t.Helper()
			cmd := exec.Command(py, append([]string{filepath.Join("testdata", "officer", "fill_intake.py"), book, notesPath}, args...)...)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("fill_intake.py: %v\n%s", err, b)
			}
		}
		fill() // the required columns
		path := filepath.Join(dir, "case.json")
		rounds := 0
		for ; rounds < 10; rounds++ {
			_ = os.Remove(path)
			code, _, errs := runWithEnv(officerEnv, "intake", "import", book, "--out", path)
			if code != 0 || !hanRE.MatchString(errs) {
				t.Fatalf("intake import: exit %d\n%s", code, errs)
			}
			fs := officerValidate(t, path)
			if fs == nil {
				break
			}
			var ptrs []string
			for _, f := range fs {
				t.Logf("intake round %d: %s %s", rounds+1, f.Rule, f.Pointer)
				if f.Rule == "evidence.unused" {
					// As the message says first: list it among the
					// evidence of the assistance item it supports.
					ptrs = append(ptrs, "/assistance/0/evidence")
					continue
				}
				if v, ok := officerExample(f); ok {
					ptrs = append(ptrs, f.Pointer+"="+v)
					continue
				}
				ptrs = append(ptrs, f.Pointer)
			}
			fill(ptrs...)
		}
		t.Logf("intake: %d validate rounds to a valid case", rounds+1)
		officerGenerate(t, path)
	})
}

// officerRounds runs validate on the case at path and answers each error
// or warning it reports, until it reports none; it returns the number of
// validate runs.
func officerRounds(t *testing.T, path string, answer func(map[string]any, officerFinding)) int {
	t.Helper()
	for round := 1; round <= 10; round++ {
		fs := officerValidate(t, path)
		if fs == nil {
			return round
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var c map[string]any
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			t.Logf("round %d: %s %s", round, f.Rule, f.Pointer)
			answer(c, f)
		}
		out, _ := json.MarshalIndent(c, "", "  ")
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("still not valid after 10 rounds of validate")
	return 0
}

// officerValidate validates the case as the officer does, in Chinese, and
// returns its errors and warnings, or nil when there are none (exit 0).
func officerValidate(t *testing.T, path string) []officerFinding {
	t.Helper()
	code, text, _ := runWithEnv(officerEnv, "validate", path)
	if !strings.Contains(text, "错误") || !strings.Contains(text, "警告") {
		t.Fatalf("validate does not speak Chinese:\n%s", text)
	}
	code2, js, errs := runWithEnv(officerEnv, "validate", path, "--format", "json")
	if code != code2 {
		t.Fatalf("validate: exit %d, with --format json %d\n%s", code, code2, errs)
	}
	var r struct {
		Findings []officerFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("validate --format json: %v\n%s", err, errs)
	}
	var out []officerFinding
	for _, f := range r.Findings {
		if f.Severity == "info" {
			continue
		}
		if !hanRE.MatchString(f.Message["zh"]) {
			t.Errorf("%s %s: no Chinese message: %q", f.Rule, f.Pointer, f.Message["zh"])
		}
		out = append(out, f)
	}
	switch {
	case code == 0 && len(out) == 0:
		return nil
	case code == 0:
		// Warnings do not stop the case; the officer answers them anyway.
		return out
	case code != ExitFindings || len(out) == 0:
		t.Fatalf("validate: exit %d with %d findings\n%s", code, len(out), text)
	}
	return out
}

// officerGenerate generates the valid case's bundle in Chinese.
func officerGenerate(t *testing.T, path string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "bundle")
	// A major case (an offence that carries the death penalty, such as
	// the starter's embezzlement) is refused, in Chinese, until a
	// reviewer's approval of this version is recorded, which the message
	// says how to do.
	code, _, errs := runWithEnv(officerEnv, "generate", path, "--out", out)
	if code != 0 {
		if code != ExitFindings || !strings.Contains(errs, "重大案件") || !strings.Contains(errs, "mla review import") {
			t.Fatalf("generate: exit %d, and not the refusal of a major case without review\n%s", code, errs)
		}
		approve(t, path)
		code, _, errs = runWithEnv(officerEnv, "generate", path, "--out", out)
	}
	if code != 0 || !strings.Contains(errs, "已生成") {
		t.Fatalf("generate: exit %d\n%s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "request.pdf")); err != nil {
		t.Fatal(err)
	}
}

// officerAnswer changes the case c as the finding f asks.
func officerAnswer(t *testing.T, c map[string]any, f officerFinding, n *officerNotes, schema map[string]any) {
	t.Helper()
	msg := f.Message["zh"]
	name := f.Pointer[strings.LastIndex(f.Pointer, "/")+1:]
	var v any
	switch {
	case f.Rule == "text.placeholder":
		txt := n.text(strings.TrimSuffix(f.Pointer, "/"+name))
		v = txt[0]
		if name != "zh" {
			v = txt[1]
		}
	case f.Rule == "schema.type" && strings.Contains(msg, "true"):
		v = true
	case f.Rule == "schema.enum" || f.Rule == "schema.pattern" || f.Rule == "schema.format":
		if s, ok := officerExample(f); ok {
			v = s
		} else if s, ok := n.Scalars[name]; ok {
			v = s
		} else {
			t.Fatalf("%s %s: no example in the message and none in the notes: %s", f.Rule, f.Pointer, msg)
		}
	case f.Rule == "schema.required" || !hasPointer(c, f.Pointer):
		// A field the message says is missing.
		v = officerValue(t, f.Pointer, n, schema)
	default:
		t.Fatalf("the officer does not know what to do with %s at %s: %s", f.Rule, f.Pointer, msg)
	}
	setPointer(t, c, f.Pointer, v)
}

// officerExample is the value a finding's message offers: the first code
// it lists, or its example ("例如 2026-03-20").
func officerExample(f officerFinding) (string, bool) {
	msg := f.Message["zh"]
	switch f.Rule {
	case "schema.enum":
		if m := quotedCode.FindStringSubmatch(msg); m != nil {
			return m[1], true
		}
	case "schema.pattern", "schema.format":
		if m := forExample.FindStringSubmatch(msg); m != nil {
			return strings.TrimSpace(m[1]), true
		}
	}
	return "", false
}

// officerValue is a value for the missing field at ptr, of the shape the
// editor schema gives the field.
func officerValue(t *testing.T, ptr string, n *officerNotes, schema map[string]any) any {
	t.Helper()
	s := schemaAt(schema, ptr)
	if s == nil {
		t.Fatalf("%s: the editor schema has no such field", ptr)
	}
	return officerBuild(t, ptr, s, n, schema, 0)
}

// schemaAt follows the JSON Pointer ptr of a case through the editor
// schema: members by their properties (in the schema or its conditional
// branches), list items by items, definitions by $ref.
func schemaAt(schema map[string]any, ptr string) map[string]any {
	defs, _ := schema["$defs"].(map[string]any)
	resolve := func(s map[string]any) map[string]any {
		for i := 0; i < 8 && s != nil; i++ {
			ref, ok := s["$ref"].(string)
			if !ok || s["type"] != nil || s["properties"] != nil || s["items"] != nil {
				return s
			}
			s, _ = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		return s
	}
	cur := schema
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		cur = resolve(cur)
		if cur == nil {
			return nil
		}
		if _, err := strconv.Atoi(tok); err == nil {
			cur, _ = cur["items"].(map[string]any)
			continue
		}
		cur = memberSchema(cur, tok)
	}
	return cur
}

// memberSchema is the schema of member name of an object schema s: from
// its properties, else from those of its conditional branches.
func memberSchema(s map[string]any, name string) map[string]any {
	if p, ok := s["properties"].(map[string]any); ok {
		if m, ok := p[name].(map[string]any); ok && (m["$ref"] != nil || m["type"] != nil) {
			return m
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf", "then", "else"} {
		switch x := s[k].(type) {
		case map[string]any:
			if m := memberSchema(x, name); m != nil {
				return m
			}
		case []any:
			for _, y := range x {
				if y, ok := y.(map[string]any); ok {
					if m := memberSchema(y, name); m != nil {
						return m
					}
				}
			}
		}
	}
	return nil
}

// officerBuild makes a value of schema s for the field at ptr: a text, an
// id, a date, the first of a list of codes, or an object with its required
// members.
func officerBuild(t *testing.T, ptr string, s map[string]any, n *officerNotes, schema map[string]any, depth int) any {
	t.Helper()
	if depth > 8 {
		t.Fatalf("%s: the schema nests too deep", ptr)
	}
	name := ptr[strings.LastIndex(ptr, "/")+1:]
	if v, ok := n.Scalars[name]; ok && s["type"] != "array" && !strings.HasSuffix(fmt.Sprint(s["$ref"]), "Refs") {
		return v
	}
	if ref, ok := s["$ref"].(string); ok {
		def := strings.TrimPrefix(ref, "#/$defs/")
		switch {
		case def == "text":
			txt := n.text(ptr)
			return map[string]any{"zh": txt[0], "en": txt[1]}
		case strings.HasSuffix(def, "Refs"):
			return []any{n.Scalars[name]}
		case def == "date":
			return n.Scalars["date"]
		}
		if v, ok := n.Scalars[def]; ok {
			return v
		}
		defs, _ := schema["$defs"].(map[string]any)
		d, ok := defs[def].(map[string]any)
		if !ok {
			t.Fatalf("%s: no definition %s", ptr, ref)
		}
		return officerBuild(t, ptr, d, n, schema, depth+1)
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	switch s["type"] {
	case "array":
		items, _ := s["items"].(map[string]any)
		if r, _ := items["$ref"].(string); strings.HasSuffix(r, "Id") {
			return []any{n.Scalars[name]}
		}
		if v, ok := n.Scalars[name]; ok {
			// A list of codes the officer knows (the languages of an
			// item's translations).
			return []any{v}
		}
		return []any{officerBuild(t, ptr+"/0", items, n, schema, depth+1)}
	case "object":
		props, _ := s["properties"].(map[string]any)
		obj := map[string]any{}
		req, _ := s["required"].([]any)
		if len(req) == 0 {
			// An object with no required member (the approval's reference
			// and date) is asked for whole: fill in each member.
			for k := range props {
				req = append(req, k)
			}
		}
		for _, k := range req {
			p, _ := props[k.(string)].(map[string]any)
			obj[k.(string)] = officerBuild(t, ptr+"/"+k.(string), p, n, schema, depth+1)
		}
		return obj
	case "boolean":
		return true
	}
	t.Fatalf("%s: the officer does not know what to write for %v", ptr, s)
	return nil
}

// hasPointer reports whether the case has a value at ptr.
func hasPointer(c map[string]any, ptr string) bool {
	var cur any = c
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[tok]
			if !ok {
				return false
			}
			cur = v
		case []any:
			j, err := strconv.Atoi(tok)
			if err != nil || j >= len(x) {
				return false
			}
			cur = x[j]
		default:
			return false
		}
	}
	return true
}

// setPointer sets the value at JSON Pointer ptr of c, making the objects
// on the way.
func setPointer(t *testing.T, c map[string]any, ptr string, v any) {
	t.Helper()
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	var cur any = c
	for i, tok := range toks {
		last := i == len(toks)-1
		switch x := cur.(type) {
		case map[string]any:
			if last {
				x[tok] = v
				return
			}
			if x[tok] == nil {
				x[tok] = map[string]any{}
			}
			cur = x[tok]
		case []any:
			j, err := strconv.Atoi(tok)
			if err != nil || j >= len(x) {
				t.Fatalf("%s: no item %s", ptr, tok)
			}
			if last {
				x[j] = v
				return
			}
			cur = x[j]
		default:
			t.Fatalf("%s: cannot set below a %T", ptr, cur)
		}
	}
}
