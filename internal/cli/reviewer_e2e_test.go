package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/signoff"
)

// mlaBinary builds the mla command into the test's temporary folder and
// returns its path.
func mlaBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command, to build mla: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "mla")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command(goBin, "build", "-o", bin, "github.com/mla-dev/mla/cmd/mla").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// fillDecisions has openpyxl enter a reviewer's decisions in the Findings
// sheet of a report.xlsx, each column found by its English header. Each
// spec is "ID=decision" or "ID=decision|comment"; the id "*" stands for
// every row still without a decision (empty, or New).
const fillDecisions = `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Findings"]
head = [str(c.value or "").split("\n")[-1] for c in ws[1]]
idc, dc, cc = head.index("ID") + 1, head.index("Decision") + 1, head.index("Comment") + 1
want = dict(a.split("=", 1) for a in sys.argv[3:])
for r in range(2, ws.max_row + 1):
    fid = ws.cell(r, idc).value
    if fid is None:
        continue
    cur = str(ws.cell(r, dc).value or "")
    spec = want.get(fid)
    if spec is None and (cur == "" or "New" in cur):
        spec = want.get("*")
    if spec is None:
        continue
    dec, _, com = spec.partition("|")
    ws.cell(r, dc).value = dec
    if com:
        ws.cell(r, cc).value = com
wb.save(sys.argv[2])
`

// TestReviewerEndToEnd plays the reviewer and the issuing authority with
// the built mla: review, decisions entered with openpyxl, import, a second
// version of the case, review again (which decisions still hold, which
// findings are new), the major case refused until this version is
// approved, approval, generate, keys, sign (the bundle by the issuing
// authority, the review file by the reviewer), verify with the public keys,
// and verify failing, with its reason, for each way of tampering.
func TestReviewerEndToEnd(t *testing.T) {
	py := checker(t, "python3-openpyxl")
	mla := mlaBinary(t)
	dir := t.TempDir()
	// run runs the built mla in dir and returns its standard output (for
	// --format json) or, with all set, both streams.
	run := func(want int, all bool, args ...string) string {
		t.Helper()
		cmd := exec.Command(mla, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "MLA_LANG=en", "LANG=C", "NO_COLOR=1")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		out := stdout.String()
		if all {
			out += stderr.String()
		}
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("mla %s: %v", strings.Join(args, " "), err)
		}
		if code != want {
			t.Fatalf("mla %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, stdout.String(), stderr.String())
		}
		return out
	}
	sh := func(want int, args ...string) string { t.Helper(); return run(want, true, args...) }
	js := func(want int, args ...string) string { t.Helper(); return run(want, false, args...) }
	fill := func(in, out string, specs ...string) {
		t.Helper()
		if b, err := exec.Command(py, append([]string{"-c", fillDecisions, in, out}, specs...)...).CombinedOutput(); err != nil {
			t.Fatalf("openpyxl: %v\n%s", err, b)
		}
	}
	report := func(rv string) reportView {
		t.Helper()
		return readReport(t, filepath.Join(dir, rv))
	}
	raw, err := os.ReadFile(repo("examples/nz-confiscation.json"))
	must(t, err)
	kase := filepath.Join(dir, "case.json")
	must(t, os.WriteFile(kase, raw, 0o600))

	// Version 1: the reviewer's report, filled in and imported.
	sh(0, "review", "case.json", "--out", "rv1")
	v1 := report("rv1")
	if len(v1.Findings) < 3 || v1.Review != nil {
		t.Fatalf("first report: %d findings, review %+v", len(v1.Findings), v1.Review)
	}
	rejected := v1.Findings[0].ID
	fill(filepath.Join(dir, "rv1", "report.xlsx"), filepath.Join(dir, "filled1.xlsx"),
		rejected+"=不同意 / Reject|已向新西兰中央机关核实", "*=同意 / Accept")
	sh(0, "review", "import", "case.json", "filled1.xlsx", "--reviewer", "审核专家甲（虚构）", "--date", "2026-04-02", "--approve")
	rec1, err := signoff.Parse(mustRead(t, signoff.PathFor(kase)))
	if err != nil || !rec1.Approved || len(rec1.Decisions) != len(v1.Findings) || rec1.CaseSHA256 != v1.CaseSHA256 {
		t.Fatalf("review file: %v %+v", err, rec1)
	}

	// Version 2: the assets fall below the threshold of a major case (one
	// finding gone) and the English title is the Chinese copied (one new).
	var c map[string]any
	must(t, json.Unmarshal(raw, &c))
	for _, a := range c["assets"].([]any) {
		if v, ok := a.(map[string]any)["value"].(map[string]any); ok {
			v["amount"] = 1000
		}
	}
	title := c["case"].(map[string]any)["title"].(map[string]any)
	title["en"] = title["zh"]
	v2raw, err := json.MarshalIndent(c, "", "  ")
	must(t, err)
	must(t, os.WriteFile(kase, v2raw, 0o600))

	sh(0, "review", "case.json", "--out", "rv2")
	v2 := report("rv2")
	if v2.Review == nil || v2.Review.Current || v2.Review.Status != "draft" {
		t.Fatalf("second report's review: %+v", v2.Review)
	}
	was := map[string]bool{}
	for _, f := range v1.Findings {
		was[f.ID] = true
	}
	var held, fresh []string
	for _, f := range v2.Findings {
		switch {
		case f.Review == nil:
			t.Errorf("finding %s (%s) has no review state", f.ID, f.Rule)
		case was[f.ID] && !f.Review.New && f.Review.Decision != "":
			held = append(held, f.ID)
			if f.ID == rejected && (f.Review.Decision != "reject" || f.Review.Comment == "") {
				t.Errorf("the rejected finding %s shows %+v", f.ID, f.Review)
			}
		case !was[f.ID] && f.Review.New:
			fresh = append(fresh, f.ID+" "+f.Rule)
		default:
			t.Errorf("finding %s (%s): seen before %v, review %+v", f.ID, f.Rule, was[f.ID], f.Review)
		}
	}
	if len(held) != len(v1.Findings)-1 || len(fresh) != 1 || !strings.Contains(fresh[0], "text.untranslated") {
		t.Fatalf("second version: %d of %d decisions hold, new %q", len(held), len(v1.Findings), fresh)
	}
	// mla diff says the same: one finding disappeared, one appeared.
	must(t, os.WriteFile(filepath.Join(dir, "case-v1.json"), raw, 0o600))
	var d struct {
		Findings []struct {
			Op string `json:"op"`
			ID string `json:"id"`
		} `json:"findings"`
	}
	must(t, json.Unmarshal([]byte(js(1, "diff", "case-v1.json", "case.json", "--format", "json")), &d))
	ops := map[string]int{}
	for _, f := range d.Findings {
		ops[f.Op]++
	}
	if ops["added"] != 1 || ops["removed"] != 1 {
		t.Errorf("diff of the findings: %+v", d.Findings)
	}

	// A major case is not issued on the approval of another version.
	out := sh(1, "generate", "case.json", "--out", "refused")
	for _, want := range []string{"major", "/case/offences/0/id", "another version", "mla review import case.json"} {
		if !strings.Contains(out, want) {
			t.Errorf("refusal does not say %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "refused")); err == nil {
		t.Error("a refused generate wrote its folder")
	}
	sh(0, "generate", "case.json", "--out", "draft", "--draft")

	// The reviewer decides the new finding and approves this version.
	fill(filepath.Join(dir, "rv2", "report.xlsx"), filepath.Join(dir, "filled2.xlsx"), "*=同意 / Accept|英文标题待译")
	sh(2, "review", "import", "case.json", "filled1.xlsx", "--reviewer", "审核专家甲（虚构）", "--force")
	sh(0, "review", "import", "case.json", "filled2.xlsx", "--reviewer", "审核专家甲（虚构）", "--date", "2026-04-09", "--approve", "--force")

	// The reviewer signs the review file with their own key; generate
	// --review-key issues the case only on that signature.
	sh(0, "keys", "new", "--out", "reviewer", "--no-password")
	if out := sh(1, "generate", "case.json", "--out", "bundle", "--review-key", "reviewer/mla.pub"); !strings.Contains(out, "missing") {
		t.Errorf("generate --review-key, review not signed:\n%s", out)
	}
	sh(0, "sign", "case.review.json", "--key", "reviewer/mla.key")
	sh(0, "keys", "new", "--out", "keys", "--no-password")
	if out := sh(1, "generate", "case.json", "--out", "bundle", "--review-key", "keys/mla.pub"); !strings.Contains(out, "not this reviewer's signature") {
		t.Errorf("generate --review-key, another key:\n%s", out)
	}
	sh(0, "generate", "case.json", "--out", "bundle", "--review-key", "reviewer/mla.pub")

	// Keys, signature, verification.
	sh(0, "keys", "new", "--out", "keys2", "--no-password")
	sh(0, "sign", "bundle", "--key", "keys/mla.key")
	ok := sh(0, "verify", "bundle", "--key", "keys/mla.pub")
	if !strings.Contains(ok, "review file") || !strings.Contains(ok, "valid, key") {
		t.Errorf("verify of the signed bundle:\n%s", ok)
	}
	if bin, err := exec.LookPath("minisign"); err == nil {
		if b, err := exec.Command(bin, "-V", "-p", filepath.Join(dir, "keys", "mla.pub"), "-m", filepath.Join(dir, "bundle", bundle.ManifestName)).CombinedOutput(); err != nil {
			t.Errorf("minisign -V: %v\n%s", err, b)
		}
	}

	// verify checks the review file's signature with the reviewer's key.
	if text := sh(0, "verify", "bundle", "--key", "keys/mla.pub", "--review-key", "reviewer/mla.pub"); !strings.Contains(text, "Review file signature: valid") {
		t.Errorf("verify --review-key:\n%s", text)
	}
	if bin, err := exec.LookPath("minisign"); err == nil {
		if b, err := exec.Command(bin, "-V", "-p", filepath.Join(dir, "reviewer", "mla.pub"), "-m", filepath.Join(dir, "case.review.json")).CombinedOutput(); err != nil || !strings.Contains(string(b), "mla-review sha256=") {
			t.Errorf("minisign -V of the review file: %v\n%s", err, b)
		}
	}
	var rv verifyJSON
	must(t, json.Unmarshal([]byte(js(1, "verify", "bundle", "--review-key", "keys/mla.pub", "--format", "json")), &rv))
	if rv.OK || rv.ReviewSignature == nil || rv.ReviewSignature.Reason != "wrong_key" {
		t.Errorf("review signature checked with another key: %+v", rv.ReviewSignature)
	}

	verifyFails := func(what, reason string, wants ...string) string {
		t.Helper()
		var got verifyJSON
		must(t, json.Unmarshal([]byte(js(1, "verify", "bundle", "--key", "keys/mla.pub", "--format", "json")), &got))
		if got.OK || reason != "" && (got.Signature == nil || got.Signature.Reason != reason) {
			t.Errorf("%s: ok %v, signature %+v, want reason %q", what, got.OK, got.Signature, reason)
		}
		text := sh(1, "verify", "bundle", "--key", "keys/mla.pub")
		for _, w := range append(wants, "NOT verified") {
			if !strings.Contains(text, w) {
				t.Errorf("%s: verify does not say %q:\n%s", what, w, text)
			}
		}
		return text
	}
	flip := func(f string) func() {
		orig := mustRead(t, f)
		b := append([]byte(nil), orig...)
		b[len(b)/2] ^= 0x01
		must(t, os.WriteFile(f, b, 0o600))
		return func() { must(t, os.WriteFile(f, orig, 0o600)) }
	}

	// A flipped byte in any file of the bundle, or in its inputs.
	entries, err := os.ReadDir(filepath.Join(dir, "bundle"))
	must(t, err)
	for _, e := range entries {
		reason := ""
		if e.Name() == bundle.ManifestName {
			reason = "manifest_changed"
		}
		undo := flip(filepath.Join(dir, "bundle", e.Name()))
		if text := verifyFails(e.Name(), reason); !failedLine(text, e.Name()) {
			t.Errorf("%s changed: verify names it on no failed line:\n%s", e.Name(), text)
		}
		undo()
	}
	for _, f := range []struct{ file, want string }{{"case.json", "case file"}, {"case.review.json", "review file"}} {
		undo := flip(filepath.Join(dir, f.file))
		verifyFails(f.file, "", f.want, "fingerprint")
		if f.file == "case.review.json" {
			rv = verifyJSON{}
			must(t, json.Unmarshal([]byte(js(1, "verify", "bundle", "--review-key", "reviewer/mla.pub", "--format", "json")), &rv))
			if rv.ReviewSignature == nil || rv.ReviewSignature.Reason != "changed" {
				t.Errorf("review file changed after it was signed: %+v", rv.ReviewSignature)
			}
		}
		undo()
	}
	sh(0, "verify", "bundle", "--key", "keys/mla.pub")

	// A file changed and the manifest re-written to match it.
	mpath := filepath.Join(dir, "bundle", bundle.ManifestName)
	spath := filepath.Join(dir, "bundle", bundle.SignatureName)
	manifest, signature := mustRead(t, mpath), mustRead(t, spath)
	xl := filepath.Join(dir, "bundle", "evidence.xlsx")
	xlOrig := mustRead(t, xl)
	changed := append(append([]byte(nil), xlOrig...), '\n')
	must(t, os.WriteFile(xl, changed, 0o600))
	m, err := bundle.DecodeManifest(manifest)
	must(t, err)
	for i := range m.Files {
		if m.Files[i].Name == "evidence.xlsx" {
			m.Files[i] = bundle.Hash("evidence.xlsx", changed)
		}
	}
	must(t, os.WriteFile(mpath, m.Encode(), 0o600))
	sh(0, "verify", "bundle") // the files match the re-written manifest…
	verifyFails("re-written manifest", "manifest_changed", "re-written")
	must(t, os.WriteFile(xl, xlOrig, 0o600))
	must(t, os.WriteFile(mpath, manifest, 0o600))

	// Another bundle's signature, by the same key: a draft of another case
	// signed as it is generated, which prints its signer's key id on every
	// page.
	other := filepath.Join(dir, "other.json")
	must(t, os.WriteFile(other, mustRead(t, repo("examples/au-bribery.json")), 0o600))
	sh(0, "generate", "other.json", "--out", "other", "--draft", "--sign", "keys/mla.key")
	must(t, os.WriteFile(spath, mustRead(t, filepath.Join(dir, "other", bundle.SignatureName)), 0o600))
	verifyFails("another bundle's signature", "other_bundle", "signs another bundle")
	must(t, os.WriteFile(spath, signature, 0o600))

	om, err := bundle.DecodeManifest(mustRead(t, filepath.Join(dir, "other", bundle.ManifestName)))
	must(t, err)
	if om.SigningKey == "" {
		t.Fatal("generate --sign recorded no signing key")
	}
	for _, b := range []string{"other", "bundle"} {
		text := pdfText(t, filepath.Join(dir, b, "request.pdf"))
		pages, printed := strings.Count(text, "\f"), strings.Count(text, "Signing key "+om.SigningKey)
		if b == "other" && (pages == 0 || printed != pages) || b == "bundle" && strings.Contains(text, "Signing key") {
			t.Errorf("%s/request.pdf: %d pages, %d print the signing key %s", b, pages, printed, om.SigningKey)
		}
	}

	// Another key.
	var got verifyJSON
	must(t, json.Unmarshal([]byte(js(1, "verify", "bundle", "--key", "keys2/mla.pub", "--format", "json")), &got))
	if got.Signature == nil || got.Signature.Reason != "wrong_key" {
		t.Errorf("another key: %+v", got.Signature)
	}
	if text := sh(1, "verify", "bundle", "--key", "keys2/mla.pub"); !strings.Contains(text, "not with the key of") {
		t.Errorf("another key:\n%s", text)
	}

	// No signature.
	must(t, os.Remove(spath))
	verifyFails("no signature", "missing", "missing")
	must(t, os.WriteFile(spath, signature, 0o600))
	sh(0, "verify", "bundle", "--key", "keys/mla.pub")

	// The signature of a bundle generated with --sign replaced by another
	// key's: the pages print the first signer's key id.
	must(t, os.Remove(filepath.Join(dir, "other", bundle.SignatureName)))
	sh(0, "sign", "other", "--key", "keys2/mla.key")
	got = verifyJSON{}
	must(t, json.Unmarshal([]byte(js(1, "verify", "other", "--key", "keys2/mla.pub", "--format", "json")), &got))
	if got.Signature == nil || got.Signature.Reason != "printed_key" {
		t.Errorf("re-signed by another key: %+v", got.Signature)
	}
}

// failedLine reports whether a line of verify's text that is not "ok"
// names name.
func failedLine(text, name string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, name) && !strings.HasPrefix(l, "ok ") {
			return true
		}
	}
	return false
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	must(t, err)
	return b
}
