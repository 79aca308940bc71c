package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// draftGaps are the marks a draft shows for a missing value in Chinese:
// the starter's placeholders (【待填：…】) and the composers' own
// (【待填写】, 【待填写：案件阶段】).
const draftGap = "【待填"

// generateDraft runs generate --draft on the case at path and checks that
// it is never a fault of mla: exit 0, or 1 with a localized reason. On
// exit 0 it returns the text of request.pdf, else "".
func generateDraft(t *testing.T, path string, lang string) (int, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "draft")
	code, _, errs := run(t, nil, "generate", "--draft", path, "--out", out, "--lang", lang)
	if code != ExitOK && code != ExitFindings {
		t.Fatalf("generate --draft %s: exit %d, want 0 or 1\n%s", filepath.Base(path), code, errs)
	}
	if code != ExitOK {
		return code, ""
	}
	return code, squeeze(pdfText(t, filepath.Join(out, "request.pdf")))
}

// TestDraftOfStarterCases: the starter case of every state, in every
// language of mla, makes a draft whose request shows the gaps; without
// --draft it is refused with findings.
func TestDraftOfStarterCases(t *testing.T) {
	checker(t, "pdftotext")
	for _, cc := range []string{"us", "ca", "au", "nz"} {
		for _, lang := range []string{"zh", "en", "fr"} {
			path := filepath.Join(t.TempDir(), "case.json")
			if code, _, errs := run(t, nil, "init", cc, "--out", path, "--lang", lang); code != 0 {
				t.Fatalf("init %s --lang %s: exit %d\n%s", cc, lang, code, errs)
			}
			code, text := generateDraft(t, path, lang)
			if code != ExitOK {
				t.Errorf("init %s --lang %s: generate --draft exit %d, want 0", cc, lang, code)
				continue
			}
			if !strings.Contains(text, draftGap) {
				t.Errorf("init %s --lang %s: request.pdf shows no placeholder %q", cc, lang, draftGap)
			}
			if code, _, _ := run(t, nil, "generate", path, "--out", filepath.Join(t.TempDir(), "b")); code != ExitFindings {
				t.Errorf("init %s: generate without --draft: exit %d, want %d", cc, code, ExitFindings)
			}
		}
	}
}

// TestDraftOfMinimalCases: a case that names only its state (or hardly
// more) makes a draft in which every missing value, the coded ones
// included, is a visible placeholder naming the field.
func TestDraftOfMinimalCases(t *testing.T) {
	checker(t, "pdftotext")
	cases := map[string]string{
		"state only":      `{"requested_state":"CA"}`,
		"state, version":  `{"version":1,"requested_state":"US"}`,
		"empty case":      `{"requested_state":"AU","case":{},"persons":[{}],"assistance":[{}],"evidence":[{}]}`,
		"nulls":           `{"requested_state":"NZ","case":{"stage":null,"title":null},"persons":[{"id":"P1","role":null}],"urgency":{"level":null}}`,
		"empty strings":   `{"requested_state":"CA","reference":"","date":"","case":{"stage":""},"persons":[{"id":"P1","role":"","name":{"zh":"","en":""}}],"assistance":[{"type":""}],"evidence":[{"id":"E1","kind":""}]}`,
		"assistance item": `{"requested_state":"US","assistance":[{"type":"records"},{"description":{"zh":"调取银行记录"}}]}`,
	}
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(t.TempDir(), "case.json")
		if err := os.WriteFile(path, []byte(cases[name]), 0o600); err != nil {
			t.Fatal(err)
		}
		code, text := generateDraft(t, path, "zh")
		if code != ExitOK {
			t.Errorf("%s: generate --draft exit %d, want 0", name, code)
			continue
		}
		// The stage is missing or empty in every one of them.
		for _, want := range []string{"【待填写：诉讼阶段】", "[tobecompleted:stage]"} {
			if name != "assistance item" && !strings.Contains(text, want) {
				t.Errorf("%s: request.pdf lacks %q", name, want)
			}
		}
		if !strings.Contains(text, "【待填写") {
			t.Errorf("%s: request.pdf shows no placeholder", name)
		}
		if code, _, _ := run(t, nil, "generate", path, "--out", filepath.Join(t.TempDir(), "b")); code != ExitFindings {
			t.Errorf("%s: generate without --draft: exit %d, want %d", name, code, ExitFindings)
		}
	}
}

// TestDraftWithoutEachRequiredField removes from each example, one at a
// time, every field its state's schema requires (the fields of the
// starter case, which holds those and no others), and makes a draft of
// each such case in one batch: every one is drafted, and every one is
// refused without --draft.
func TestDraftWithoutEachRequiredField(t *testing.T) {
	if testing.Short() {
		t.Skip("renders some two hundred bundles")
	}
	examples, _ := filepath.Glob(repo("examples/*.json"))
	if len(examples) == 0 {
		t.Fatal("no examples")
	}
	dir := t.TempDir()
	removed := map[string]string{} // bundle name: what the case lacks
	for _, ex := range examples {
		raw, err := os.ReadFile(ex)
		if err != nil {
			t.Fatal(err)
		}
		var c map[string]any
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		cc, _ := c["requested_state"].(string)
		code, starter, errs := run(t, nil, "init", strings.ToLower(cc))
		if code != 0 {
			t.Fatalf("init %s: exit %d\n%s", cc, code, errs)
		}
		var s map[string]any
		if err := json.Unmarshal([]byte(starter), &s); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ptr := range requiredPointers(s, "") {
			switch ptr {
			case "/requested_state", "/$schema":
				continue // without its state no draft can be made (exit 1, said so)
			case "/assistance/0/evidence":
				continue // not required: init sets it so the evidence item is used
			}
			var v map[string]any
			_ = json.Unmarshal(raw, &v)
			if !removeAt(v, ptr) {
				continue
			}
			n++
			// Each case gets its own reference, which names its bundle.
			name := strings.TrimSuffix(filepath.Base(ex), ".json") + "-" + strconv.Itoa(n)
			if ptr != "/reference" {
				v["reference"] = name
			}
			data, _ := json.Marshal(v)
			if err := os.WriteFile(filepath.Join(dir, name+".json"), data, 0o600); err != nil {
				t.Fatal(err)
			}
			removed[name] = filepath.Base(ex) + " without " + ptr
		}
		if n < 20 {
			t.Errorf("%s: only %d required fields removed", filepath.Base(ex), n)
		}
	}
	out := filepath.Join(t.TempDir(), "drafts")
	code, _, errs := run(t, nil, "generate", "--draft", dir, "--out", out, "--jobs", "2", "--lang", "zh")
	if code != ExitOK {
		t.Fatalf("generate --draft: exit %d, want 0\n%s", code, errs)
	}
	for name, what := range removed {
		if _, err := os.Stat(filepath.Join(out, name, "request.pdf")); err != nil {
			t.Errorf("%s: no draft request: %v", what, err)
		}
	}
	code, _, errs = run(t, nil, "generate", dir, "--out", filepath.Join(t.TempDir(), "final"), "--jobs", "2", "--lang", "zh")
	if code != ExitFindings || strings.Count(errs, "错误") < len(removed) {
		t.Errorf("generate without --draft: exit %d, want %d with every case refused\n%s", code, ExitFindings, errs)
	}
}

// requiredPointers lists the JSON Pointer of every member of the starter
// case v, parents before their children.
func requiredPointers(v any, ptr string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := ptr + "/" + k
			out = append(out, p)
			out = append(out, requiredPointers(x[k], p)...)
		}
	case []any:
		for i, y := range x {
			out = append(out, requiredPointers(y, ptr+"/"+strconv.Itoa(i))...)
		}
	}
	return out
}

// removeAt deletes the object member at ptr from v and reports whether it
// was there.
func removeAt(v any, ptr string) bool {
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for _, tok := range toks[:len(toks)-1] {
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i >= len(x) {
				return false
			}
			v = x[i]
		default:
			return false
		}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	last := toks[len(toks)-1]
	if _, ok := m[last]; !ok {
		return false
	}
	delete(m, last)
	return true
}
