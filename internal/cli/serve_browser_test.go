package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/serve"
)

// pageHelpers are the test's hands in the page: they find a field by its
// JSON Pointer (data-ptr), add list items with the page's own buttons and
// type a value as the officer would (an input event per change).
const pageHelpers = `
window.__t = {
  control(ptr) {
    return document.querySelector('input[data-ptr="' + CSS.escape(ptr) + '"],select[data-ptr="' + CSS.escape(ptr) + '"],textarea[data-ptr="' + CSS.escape(ptr) + '"]');
  },
  // ensure clicks "Add" until the list at ptr has index i.
  ensure(list, i) {
    for (let n = 0; n < 50; n++) {
      if (document.querySelector('[data-ptr^="' + CSS.escape(list + '/' + i) + '"]')) return true;
      const add = document.querySelector('button[data-add="' + CSS.escape(list) + '"]');
      if (!add) return false;
      add.click();
    }
    return false;
  },
  set(ptr, value) {
    const parts = ptr.split('/');
    for (let k = 2; k < parts.length; k++) {
      if (/^\d+$/.test(parts[k]) && !this.ensure(parts.slice(0, k).join('/'), parts[k])) return 'no list ' + parts.slice(0, k).join('/');
    }
    const c = this.control(ptr);
    if (!c) return 'no field';
    if (c.tagName === 'SELECT') {
      const want = JSON.stringify(value);
      const o = Array.from(c.options).find((o) => o.dataset.value === want);
      if (!o) return 'no option ' + want;
      c.value = o.value;
      c.dispatchEvent(new Event('change', { bubbles: true }));
    } else {
      c.focus();
      c.value = String(value);
      c.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return 'ok';
  },
};
true;
`

// fill types the values into their fields, in order, in one go.
func fill(s *session, values [][2]any) {
	s.t.Helper()
	list := mustJSON(s.t, values)
	if res := s.eval(`(() => { for (const [p, v] of ` + string(list) + `) { const r = __t.set(p, v); if (r !== 'ok') return p + ': ' + r; } return 'ok'; })()`); res != "ok" {
		s.t.Fatalf("filling %s", res)
	}
}

// leaves lists the scalar values of a case with their JSON Pointers, in
// the file's order.
func leaves(t *testing.T, data []byte) [][2]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out [][2]any
	var walk func(ptr string) error
	walk = func(ptr string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch d := tok.(type) {
		case json.Delim:
			switch d {
			case '{':
				for dec.More() {
					k, err := dec.Token()
					if err != nil {
						return err
					}
					if err := walk(ptr + "/" + strings.ReplaceAll(strings.ReplaceAll(k.(string), "~", "~0"), "/", "~1")); err != nil {
						return err
					}
				}
			case '[':
				for i := 0; dec.More(); i++ {
					if err := walk(ptr + "/" + strconv.Itoa(i)); err != nil {
						return err
					}
				}
			}
			_, err = dec.Token() // the closing delimiter
			return err
		case json.Number:
			f, _ := d.Float64()
			out = append(out, [2]any{ptr, f})
		default:
			out = append(out, [2]any{ptr, d})
		}
		return nil
	}
	if err := walk(""); err != nil {
		t.Fatal(err)
	}
	return out
}

// session is a headless Chromium on the form's server, for one test.
type session struct {
	t         *testing.T
	ctx       context.Context
	base      string // the server's address
	downloads string // where the browser saves downloads
	shots     string
	step      int
}

// newSession starts the form's server (in lang) and a browser on its page.
// Screenshots go to $MLA_SCREENSHOTS/<name>, or a temporary folder.
func newSession(t *testing.T, name, lang string) *session {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser: not in -short")
	}
	chrome := checker(t, "chromium")
	s := &session{t: t, shots: t.TempDir(), downloads: t.TempDir()}
	if d := os.Getenv("MLA_SCREENSHOTS"); d != "" {
		s.shots = filepath.Join(d, name)
		if err := os.MkdirAll(s.shots, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	a := &app{env: Env{Assets: mla.Assets(), Getenv: func(string) string { return "" }}, lang: lang}
	if err := a.load(); err != nil {
		t.Fatal(err)
	}
	ln, err := serve.Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: serve.New(a.formBackend(), serve.Options{Lang: lang}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	s.base = "http://" + ln.Addr().String()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.WindowSize(1280, 1000),
		chromedp.Flag("no-sandbox", true), // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	s.ctx = ctx
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="1"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: s.downloads}); err != nil {
		t.Fatal(err)
	}
	s.eval(pageHelpers + "'ok'")
	return s
}

func (s *session) do(actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, actions...); err != nil {
		s.t.Fatal(err)
	}
}

func (s *session) shot(name string) {
	s.t.Helper()
	s.step++
	png, err := chromedp.Run(s.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		s.t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(s.shots, fmt.Sprintf("%02d-%s.png", s.step, name))
	if err := os.WriteFile(file, png, 0o600); err != nil {
		s.t.Fatal(err)
	}
	s.t.Logf("screenshot %s", file)
}

func (s *session) eval(js string) string {
	s.t.Helper()
	res, err := chromedp.Run(s.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		s.t.Fatalf("%s: %v", js, err)
	}
	return res
}

func (s *session) poll(js string) {
	s.t.Helper()
	if _, err := chromedp.Run(s.ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		st, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.getElementById('status').textContent`))
		s.t.Fatalf("waiting for %s: %v (status: %q)", js, err, st)
	}
}

// settled waits for the page's debounced check of the last change.
func (s *session) settled() {
	s.t.Helper()
	s.poll(`document.getElementById('status').dataset.pending === '0'`)
}

// rules are the findings in the page's list, but notes.
func (s *session) rules() []string {
	r := strings.Split(s.eval(`Array.from(document.querySelectorAll('#findings li')).filter(li => !li.classList.contains('info')).map(li => li.className + ' ' + li.dataset.rule + ' ' + li.dataset.ptr).join('\n')`), "\n")
	if len(r) == 1 && r[0] == "" {
		return nil
	}
	sort.Strings(r)
	return r
}

// download waits for the browser to have saved the file name.
func (s *session) download(name string) string {
	s.t.Helper()
	p := filepath.Join(s.downloads, name)
	for i := 0; i < 1200; i++ {
		if fi, err := os.Stat(p); err == nil && fi.Size() > 0 {
			if _, err := os.Stat(p + ".crdownload"); err != nil {
				return p
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("the browser saved no %s", name)
	return ""
}

// TestServeBrowser fills the Australian bribery case in the form from
// scratch in headless Chromium, field by field, all but the sentencing
// assurance; sees the death-penalty finding; gives the assurance; sees the
// errors gone; generates; unzips the download and verifies it.
func TestServeBrowser(t *testing.T) {
	s := newSession(t, "fill-au", "en")

	shot, eval, settled, rules := s.shot, s.eval, s.settled, s.rules

	// 1. Australia; a new empty case.
	s.do(
		chromedp.SetValue(chromedp.CSS(`#state`), "AU"),
		chromedp.Click(chromedp.CSS(`#new`)),
		chromedp.WaitVisible(chromedp.CSS(`#form .section`)),
	)
	settled()
	shot("new-case")

	// 2. Every field of the example but the sentencing assurance, typed
	// into the form.
	data, err := os.ReadFile(repo("examples/au-bribery.json"))
	if err != nil {
		t.Fatal(err)
	}
	var now, later [][2]any
	for _, l := range leaves(t, data) {
		ptr := l[0].(string)
		switch {
		case ptr == "/$schema" || ptr == "/version" || ptr == "/requested_state":
			continue // set by the page
		case strings.HasPrefix(ptr, "/assurances/sentencing"):
			later = append(later, l)
		default:
			now = append(now, l)
		}
	}
	fill(s, now)
	settled()
	got := rules()
	want := []string{"error assurance.sentencing_missing /assurances/sentencing"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("findings of the case without its assurance:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The finding stands beside its field too, and the list jumps to it.
	beside := eval(`(document.querySelector('#findings li.error a').click(), document.activeElement.closest('[data-ptr="/assurances/sentencing"]') ? 'focus inside' : 'focus outside') + '|' + (document.querySelector('[data-ptr="/assurances/sentencing"] .finding.error') || {}).textContent`)
	if !strings.HasPrefix(beside, "focus inside|") || !strings.Contains(beside, "sentencing commitment") {
		t.Errorf("the finding beside its field, and the focus after the jump: %q", beside)
	}
	shot("death-penalty-finding")

	// 3. Generate is refused while the error remains.
	s.do(chromedp.Click(chromedp.CSS(`#generate`)))
	s.poll(`document.getElementById('status').className === 'bad'`)
	status := eval(`document.getElementById('status').textContent`)
	if !strings.Contains(status, "1 error") || !strings.Contains(status, "Draft") {
		t.Errorf("generate with an error: status %q", status)
	}
	shot("generate-refused")

	// 4. The assurance, given in the form: no error left.
	fill(s, later)
	settled()
	if got := rules(); len(got) != 0 {
		t.Fatalf("findings left after the assurance: %v", got)
	}
	eval(`document.querySelector('[data-ptr="/assurances/sentencing"]').scrollIntoView(), 'ok'`)
	shot("assurance-given")

	// 5. A major case (a death-penalty offence) is issued only on an
	// approved review, which the form cannot record: refused, then a
	// draft.
	s.do(chromedp.Click(chromedp.CSS(`#generate`)))
	s.poll(`document.getElementById('status').className === 'bad' && document.getElementById('status').textContent.includes('major case')`)
	if status := eval(`document.getElementById('status').textContent`); !strings.Contains(status, "major case") || !strings.Contains(status, "Draft") {
		t.Errorf("generate a major case without review: status %q", status)
	}
	shot("major-refused")
	s.do(chromedp.Click(chromedp.CSS(`#draft`)))

	// 6. The preview of request.pdf, then the bundle.
	s.do(chromedp.Click(chromedp.CSS(`#preview`)), chromedp.WaitVisible(chromedp.CSS(`#preview-box iframe`)),
		chromedp.Sleep(3*time.Second)) // for the screenshot: the viewer draws its pages
	if src := eval(`document.querySelector('#preview-box iframe').src`); !strings.HasPrefix(src, "blob:") {
		t.Errorf("the preview's frame shows %q, want a blob: URL", src)
	}
	shot("preview")
	s.do(chromedp.Click(chromedp.CSS(`#generate`)))
	s.poll(`document.getElementById('status').dataset.generated === '1'`)
	zipFile := s.download("bundle.zip")
	shot("generated")

	// 7. Unzip and verify.
	out := t.TempDir()
	unzip(t, zipFile, out)
	code, stdout, stderr := run(t, nil, "verify", filepath.Join(out, "bundle"), "--lang", "en")
	if code != ExitOK {
		t.Fatalf("mla verify of the downloaded bundle: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout+stderr, "request.pdf") {
		t.Errorf("verify did not see request.pdf:\n%s%s", stdout, stderr)
	}
}

func unzip(t *testing.T, file, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("the download: %v", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			t.Fatalf("zip entry %q", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestServeBrowserFiles: the page in Chinese by default; the starter case;
// a case file opened, saved back unchanged; exported as an intake workbook
// and imported again.
func TestServeBrowserFiles(t *testing.T) {
	s := newSession(t, "files-zh", "zh")
	if got := s.eval(`document.documentElement.lang + ' ' + document.title`); !strings.HasPrefix(got, "zh-Hans mla——") {
		t.Errorf("the page's language and title: %q", got)
	}
	// wait runs the page's action and waits for its check.
	wait := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		s.eval(`document.getElementById('status').dataset.pending = 'x', 'ok'`)
		s.do(actions...)
		s.settled()
	}

	wait(chromedp.SetValue(chromedp.CSS(`#state`), "AU"), chromedp.Click(chromedp.CSS(`#starter`)))
	if got := s.eval(`Array.from(document.querySelectorAll('#form .section > h2')).map(h => h.textContent).join('|')`); !strings.Contains(got, "涉案人员") {
		t.Errorf("the sections of the starter case are not named in Chinese: %s", got)
	}
	if got := s.eval(`document.querySelector('textarea[data-ptr="/case/title/zh"]').value`); !strings.Contains(got, "待填") {
		t.Errorf("the starter case's placeholder: %q", got)
	}
	s.shot("starter-zh")

	example, err := filepath.Abs(repo("examples/au-bribery.json"))
	if err != nil {
		t.Fatal(err)
	}
	wait(chromedp.SetUploadFiles(chromedp.CSS(`#open`), []string{example}))
	if got := s.rules(); len(got) != 0 {
		t.Errorf("findings of the example opened in the form: %v", got)
	}
	s.shot("opened")

	// An offence: its maximum penalty and the death penalty shown under it.
	if got := s.eval(`(document.querySelector('[data-ptr="/case/offences/0/id"]').scrollIntoView({block: 'start'}), document.querySelector('[data-ptr="/case/offences/0/id"].field .offence-info').textContent)`); !strings.Contains(got, "最高法定刑") || !strings.Contains(got, "死刑") {
		t.Errorf("under the offence CN-CL-385: %q", got)
	}
	s.shot("offence")

	s.do(chromedp.Click(chromedp.CSS(`#save`)))
	want, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	var ref struct{ Reference string }
	_ = json.Unmarshal(want, &ref)
	saved := s.download(strings.NewReplacer("〔", "_", "〕", "_").Replace(ref.Reference) + ".json")
	got, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(want, &w)
	if gb, _ := json.Marshal(g); !bytes.Equal(gb, mustJSON(t, w)) {
		t.Errorf("the case saved from the form differs from the one opened")
	}

	s.do(chromedp.Click(chromedp.CSS(`#export`)))
	xlsx := s.download("intake.xlsx")
	s.eval(`document.querySelector('textarea[data-ptr="/case/title/zh"]').value = '', 'ok'`)
	wait(chromedp.SetUploadFiles(chromedp.CSS(`#import`), []string{xlsx}))
	if got := s.rules(); len(got) != 0 {
		t.Errorf("findings of the case imported from its own workbook: %v", got)
	}
	if got := s.eval(`document.querySelector('input[data-ptr="/reference"]').value`); got != ref.Reference {
		t.Errorf("reference after the import: %q, want %q", got, ref.Reference)
	}
	s.shot("imported")

	// An evidence file, hashed in the browser: its SHA-256 fills the item's
	// sha256.
	ev := filepath.Join(t.TempDir(), "bank-statement.pdf")
	content := []byte("%PDF-1.4 a statement of account\n")
	if err := os.WriteFile(ev, content, 0o600); err != nil {
		t.Fatal(err)
	}
	wait(chromedp.SetUploadFiles(chromedp.CSS(`[data-ptr="/evidence/0"] .hash input[type=file]`), []string{ev}))
	sum := sha256.Sum256(content)
	if got := s.eval(`document.querySelector('input[data-ptr="/evidence/0/sha256"]').value`); got != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 of the evidence file hashed in the browser: %q, want %x", got, sum)
	}
	s.eval(`document.querySelector('[data-ptr="/evidence/0"]').scrollIntoView(), 'ok'`)
	s.shot("evidence-hashed")

	// At 200 % zoom (half the width in CSS pixels, twice the pixels per
	// pixel) the page reflows: nothing needs a horizontal scroll.
	s.do(chromedp.EmulateViewport(640, 500, chromedp.EmulateScale(2)))
	s.eval(`window.scrollTo(0, 0), 'ok'`)
	if got := s.eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); got != "0" {
		t.Errorf("at 200 %% zoom the page is %s CSS pixels wider than the window", got)
	}
	s.shot("zoom-200")
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
