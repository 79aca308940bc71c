package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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

// TestDraftOfStarterCases: the starter case of every state (Canada's in
// every language of mla) makes a draft whose request shows the gaps; without
// --draft it is refused with findings.
func TestDraftOfStarterCases(t *testing.T) {
	checker(t, "pdftotext")
	for _, cc := range []string{"us", "ca", "au", "nz"} {
		langs := []string{"zh"}
		if cc == "ca" {
			langs = []string{"zh", "en", "fr"} // the starter's placeholders in each language
		}
		for _, lang := range langs {
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

// TestDraftWithoutEachRequiredField removes from an example, one at a
// time, every field its state's schema requires (the fields of the
// starter case, which holds those and no others), and makes a draft of
// each such case in one batch: every one is drafted, and every one is
// refused without --draft.
func TestDraftWithoutEachRequiredField(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a bundle per required field")
	}
	// The Canadian example (the base schema's fields and Canada's); under
	// CI, every example, each with its state's own required fields.
	examples := []string{repo("examples/ca-bribery-fr.json")}
	if os.Getenv("CI") != "" {
		examples = exampleCases(t)
	}
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
	hasPDFText := checker(t, "pdftotext") != ""
	for name, what := range removed {
		if _, err := os.Stat(filepath.Join(out, name, "request.pdf")); err != nil {
			t.Errorf("%s: no draft request: %v", what, err)
			continue
		}
		ptr := what[strings.Index(what, " without ")+len(" without "):]
		if !hasPDFText || unprinted[regexp.MustCompile(`/[0-9]+`).ReplaceAllString(ptr, "/0")] {
			continue
		}
		shows := func(file string) bool {
			text := squeeze(pdfText(t, filepath.Join(out, name, file)))
			return strings.Contains(text, draftGap) || strings.Contains(text, "[tobecompleted") || strings.Contains(text, "[àcompléter")
		}
		if !shows("request.pdf") && !shows("evidence.pdf") {
			t.Errorf("%s: the draft shows no placeholder", what)
		}
	}
	code, _, errs = run(t, nil, "generate", dir, "--out", filepath.Join(t.TempDir(), "final"), "--jobs", "2", "--lang", "zh")
	if code != ExitFindings || strings.Count(errs, "错误") < len(removed) {
		t.Errorf("generate without --draft: exit %d, want %d with every case refused\n%s", code, ExitFindings, errs)
	}
}

// unprinted are the required fields whose absence a draft does not show:
// a yes/no left out reads as no, the format version and an assistance
// item's id are not printed.
var unprinted = map[string]bool{
	"/version":                    true,
	"/assurances":                 true,
	"/assurances/confidentiality": true,
	"/assurances/speciality":      true,
	"/prior_contact/aware":        true,
	"/assistance/0/id":            true,
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

// TestGenerateJSONSummary: generate --format json writes one document on
// standard output for a batch, with each case's status, bundle folder,
// findings and fingerprint, and the fingerprint is the manifest's.
func TestGenerateJSONSummary(t *testing.T) {
	dir := t.TempDir()
	ex, err := os.ReadFile(repo("examples/us-embezzlement.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The example is a major case: its approved review goes with it.
	rv, err := os.ReadFile(repo("examples/us-embezzlement.review.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"a.json": string(ex), "a.review.json": string(rv), "b.json": `{"requested_state":"CA"}`, "c.json": `{`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := run(t, nil, "generate", dir, "--out", out, "--format", "json", "--quiet", "--jobs", "1")
	if code != ExitUsage {
		t.Errorf("exit %d, want %d (an unreadable case)", code, ExitUsage)
	}
	var s generateSummary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, stdout)
	}
	if s.Format != "mla-generate/1" || s.Total != 3 || s.Written != 1 || s.Failed != 2 || s.ExitCode != ExitUsage || len(s.Cases) != 3 {
		t.Fatalf("summary %+v", s)
	}
	want := map[string]struct {
		status string
		code   int
	}{"a.json": {"written", 0}, "b.json": {"refused", 1}, "c.json": {"failed", 2}}
	for _, c := range s.Cases {
		w := want[filepath.Base(c.Case)]
		if c.Status != w.status || c.ExitCode != w.code {
			t.Errorf("%s: status %s exit %d, want %s %d", c.Case, c.Status, c.ExitCode, w.status, w.code)
		}
		switch c.Status {
		case "written":
			m, err := os.ReadFile(filepath.Join(c.Out, "manifest.json"))
			if err != nil || c.Fingerprint == "" || !strings.Contains(string(m), c.Fingerprint) || c.Findings == nil || c.Findings.Error != 0 {
				t.Errorf("%s: fingerprint %q, findings %+v, manifest: %v", c.Case, c.Fingerprint, c.Findings, err)
			}
		case "refused":
			if c.Findings == nil || c.Findings.Error == 0 || c.Message == "" || c.Fingerprint != "" {
				t.Errorf("%s: %+v", c.Case, c)
			}
		case "failed":
			if c.Findings != nil || c.Message == "" {
				t.Errorf("%s: %+v", c.Case, c)
			}
		}
	}
	// --quiet: only the failures on standard error, no summary line.
	if strings.Contains(stderr, "bundles written") || !strings.Contains(stderr, "c.json") {
		t.Errorf("stderr under --quiet:\n%s", stderr)
	}
	if code, _, errs := run(t, nil, "generate", dir, "--out", out, "--format", "xml"); code != ExitUsage || !strings.Contains(errs, "xml") {
		t.Errorf("--format xml: exit %d\n%s", code, errs)
	}
}

// TestQuiet: with --quiet a case that passes prints nothing at all, and
// an error is still printed.
func TestQuiet(t *testing.T) {
	ex := repo("examples/au-bribery.json")
	out := filepath.Join(t.TempDir(), "b")
	for _, args := range [][]string{
		{"validate", ex, "--quiet"},
		{"-q", "generate", ex, "--out", out},
		{"review", ex, "--out", filepath.Join(t.TempDir(), "r"), "--quiet"},
		{"init", "ca", "--out", filepath.Join(t.TempDir(), "c.json"), "-q"},
	} {
		code, stdout, stderr := run(t, nil, args...)
		if code != 0 || stdout != "" || stderr != "" {
			t.Errorf("mla %s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), code, stdout, stderr)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"requested_state":"CA"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, nil, "validate", bad, "--quiet")
	if code != ExitFindings || !strings.Contains(stdout, "/case") || stderr != "" {
		t.Errorf("validate --quiet of a failing case: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, _, stderr = run(t, nil, "generate", bad, "--out", filepath.Join(t.TempDir(), "x"), "--quiet")
	if code != ExitFindings || stderr == "" {
		t.Errorf("generate --quiet of a failing case: exit %d, stderr %q", code, stderr)
	}
}

// TestOutDash: every --out given "-" either writes its one file to
// standard output or is refused; none creates a file or folder named "-".
func TestOutDash(t *testing.T) {
	ex, err := filepath.Abs(repo("examples/ca-bribery-fr.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	tests := []struct {
		args   []string
		stdout string // what standard output starts with; "" = refused
	}{
		{[]string{"generate", ex, "--out", "-"}, ""},
		{[]string{"generate", "--draft", ex, "--out", "-", "--format", "json"}, ""},
		{[]string{"keys", "new", "--out", "-", "--no-password"}, ""},
		{[]string{"review", ex, "--out", "-"}, "{"},
		{[]string{"schema", "ca", "--out", "-"}, "{"},
		{[]string{"init", "ca", "--out", "-"}, "{"},
		{[]string{"intake", "template", "ca", "--out", "-"}, "PK"},
		{[]string{"intake", "export", ex, "--out", "-"}, "PK"},
		{[]string{"i18n", "export", "--lang", "fr", "--out", "-"}, "PK"},
		{[]string{"translate", "export", ex, "--lang", "fr", "--out", "-"}, "PK"},
	}
	for _, tt := range tests {
		args := tt.args
		if !slices.Contains(args, "--lang") {
			args = append(args, "--lang", "zh")
		}
		code, stdout, stderr := run(t, nil, args...)
		name := "mla " + strings.Join(tt.args, " ")
		if tt.stdout == "" {
			if code != ExitUsage || !strings.Contains(stderr, "./-") || stdout != "" {
				t.Errorf("%s: exit %d, stdout %d bytes, stderr %q; want refused", name, code, len(stdout), stderr)
			}
		} else if code > ExitFindings || !strings.HasPrefix(stdout, tt.stdout) || strings.Contains(stderr, "已生成") {
			t.Errorf("%s: exit %d, stdout starts %q, stderr %q", name, code, stdout[:min(8, len(stdout))], stderr)
		}
		if _, err := os.Lstat(filepath.Join(dir, "-")); err == nil {
			t.Fatalf("%s created a file or folder named -", name)
		}
	}
}
