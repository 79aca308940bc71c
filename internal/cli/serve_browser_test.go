package cli

import (
	"archive/zip"
	"bytes"
	"context"
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

// TestServeBrowser fills the Australian bribery case in the form from
// scratch in headless Chromium, field by field, all but the sentencing
// assurance; sees the death-penalty finding; gives the assurance; sees the
// errors gone; generates; unzips the download and verifies it.
// Screenshots of each step go to $MLA_SCREENSHOTS, or a temporary folder.
func TestServeBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser: not in -short")
	}
	chrome := checker(t, "chromium")
	shots := os.Getenv("MLA_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o700); err != nil {
		t.Fatal(err)
	}
	downloads := t.TempDir()

	a := &app{env: Env{Assets: mla.Assets(), Getenv: func(string) string { return "" }}, lang: "en"}
	if err := a.load(); err != nil {
		t.Fatal(err)
	}
	ln, err := serve.Listen("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: serve.New(a.formBackend(), serve.Options{Lang: "en"}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.WindowSize(1280, 1000),
		chromedp.Flag("no-sandbox", true), // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	defer cancelT()

	step := 0
	shot := func(name string) {
		t.Helper()
		step++
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		file := filepath.Join(shots, fmt.Sprintf("%02d-%s.png", step, name))
		if err := os.WriteFile(file, png, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", file)
	}
	eval := func(js string) string {
		t.Helper()
		res, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return res
	}
	// settled waits for the page's debounced check of the last change.
	settled := func() {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('status').dataset.pending === '0'`, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
			t.Fatalf("waiting for the check: %v", err)
		}
	}
	rules := func() []string {
		r := strings.Split(eval(`Array.from(document.querySelectorAll('#findings li')).filter(li => !li.classList.contains('info')).map(li => li.className + ' ' + li.dataset.rule + ' ' + li.dataset.ptr).join('\n')`), "\n")
		if len(r) == 1 && r[0] == "" {
			return nil
		}
		sort.Strings(r)
		return r
	}

	// 1. The page, in English; choose Australia; a new empty case.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="1"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#state`), "AU"),
		chromedp.Click(chromedp.CSS(`#new`)),
		chromedp.WaitVisible(chromedp.CSS(`#form .section`)),
	); err != nil {
		t.Fatal(err)
	}
	settled()
	shot("new-case")
	eval(pageHelpers + "'ok'")

	// 2. Every field of the example but the sentencing assurance, typed
	// into the form.
	data, err := os.ReadFile(repo("examples/au-bribery.json"))
	if err != nil {
		t.Fatal(err)
	}
	var later [][2]any
	for _, l := range leaves(t, data) {
		ptr := l[0].(string)
		switch {
		case ptr == "/$schema" || ptr == "/version" || ptr == "/requested_state":
			continue // set by the page
		case strings.HasPrefix(ptr, "/assurances/sentencing"):
			later = append(later, l)
			continue
		}
		v, _ := json.Marshal(l[1])
		p, _ := json.Marshal(ptr)
		if res := eval(fmt.Sprintf(`__t.set(%s, %s)`, p, v)); res != "ok" {
			t.Fatalf("filling %s: %s", ptr, res)
		}
	}
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
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#generate`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('status').className === 'bad'`)); err != nil {
		t.Fatal(err)
	}
	status := eval(`document.getElementById('status').textContent`)
	if !strings.Contains(status, "1 error") {
		t.Errorf("generate with an error: status %q", status)
	}
	shot("generate-refused")

	// 4. The assurance, given in the form: no error left.
	for _, l := range later {
		v, _ := json.Marshal(l[1])
		p, _ := json.Marshal(l[0])
		if res := eval(fmt.Sprintf(`__t.set(%s, %s)`, p, v)); res != "ok" {
			t.Fatalf("filling %s: %s", l[0], res)
		}
	}
	settled()
	if got := rules(); len(got) != 0 {
		t.Fatalf("findings left after the assurance: %v", got)
	}
	eval(`document.querySelector('[data-ptr="/assurances/sentencing"]').scrollIntoView(), 'ok'`)
	shot("assurance-given")

	// 5. The preview of request.pdf, then the bundle.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#preview`)), chromedp.WaitVisible(chromedp.CSS(`#preview-box iframe`)),
		chromedp.Sleep(3*time.Second)); err != nil { // for the screenshot: the viewer draws its pages
		t.Fatal(err)
	}
	if src := eval(`document.querySelector('#preview-box iframe').src`); !strings.HasPrefix(src, "blob:") {
		t.Errorf("the preview's frame shows %q, want a blob: URL", src)
	}
	shot("preview")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#generate`))); err != nil {
		t.Fatal(err)
	}
	zipFile := filepath.Join(downloads, "bundle.zip")
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('status').className === '' && document.getElementById('status').dataset.generated === '1'`)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 600; i++ { // the browser writes the file after the page's click
		if fi, err := os.Stat(zipFile); err == nil && fi.Size() > 0 {
			if _, err := os.Stat(zipFile + ".crdownload"); err != nil {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	shot("generated")

	// 6. Unzip and verify.
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
