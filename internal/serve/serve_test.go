package serve

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// fake is a Backend that answers every case with a fixed report and
// counts what reached it.
type fake struct{ checks int }

func (f *fake) States(string) ([]State, error)         { return []State{{Code: "AU", Name: "Australia"}}, nil }
func (f *fake) Schema(string, string) ([]byte, error)  { return []byte(`{}`), nil }
func (f *fake) Offences(string) ([]byte, error)        { return []byte(`[]`), nil }
func (f *fake) Starter(string, string) ([]byte, error) { return []byte(`{}`), nil }
func (f *fake) Messages(string) (map[string]string, error) {
	return map[string]string{"serve.ui.title": "mla"}, nil
}
func (f *fake) Check(_ string, c []byte) (*Checked, error) {
	f.checks++
	if !bytes.HasPrefix(c, []byte("{")) {
		return nil, &UserError{Msg: "not a case"}
	}
	return &Checked{Report: []byte(`{"findings":[]}`)}, nil
}
func (f *fake) Generate(_ string, c []byte, draft bool) (*Generated, error) {
	if !draft {
		return &Generated{Refused: "1 error", Report: []byte(`{"findings":[{"severity":"error"}]}`)}, nil
	}
	return &Generated{Files: []File{{Name: "request.pdf", Data: []byte("%PDF-")}, {Name: "manifest.json", Data: []byte("{}")}}}, nil
}
func (f *fake) Import(string, []byte) ([]byte, error) { return []byte(`{}`), nil }
func (f *fake) Export(string, []byte) ([]byte, error) { return []byte("PK"), nil }
func (f *fake) T(lang, id string, data map[string]any) string {
	return lang + ":" + id
}

const host = "127.0.0.1:8765"

// page loads the form and returns its anti-forgery token and cookie.
func page(t *testing.T, h http.Handler) (string, *http.Cookie) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "http://"+host+"/", nil)
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("GET /: %d %s", rec.Code, rec.Body)
	}
	m := regexp.MustCompile(`name="mla-csrf" content="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no anti-forgery token in the page:\n%s", rec.Body)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == csrfCookie {
			if c.SameSite != http.SameSiteStrictMode || !c.HttpOnly {
				t.Errorf("cookie %s: SameSite %v, HttpOnly %v; want Strict, HttpOnly", c.Name, c.SameSite, c.HttpOnly)
			}
			return m[1], c
		}
	}
	t.Fatal("no anti-forgery cookie")
	return "", nil
}

func post(h http.Handler, path, body string, mod func(*http.Request)) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "http://"+host+path, strings.NewReader(body))
	req.Header.Set("Origin", "http://"+host)
	if mod != nil {
		mod(req)
	}
	h.ServeHTTP(rec, req)
	return rec
}

func TestCSRF(t *testing.T) {
	f := &fake{}
	h := New(f, Options{})
	tok, cookie := page(t, h)
	with := func(tok string, c *http.Cookie) func(*http.Request) {
		return func(r *http.Request) {
			if tok != "" {
				r.Header.Set(csrfHeader, tok)
			}
			if c != nil {
				r.AddCookie(c)
			}
		}
	}
	other := &http.Cookie{Name: csrfCookie, Value: NewToken()}
	tests := []struct {
		name string
		mod  func(*http.Request)
		want int
	}{
		{"no token, no cookie", nil, 403},
		{"cookie without the header", with("", cookie), 403},
		{"header without the cookie", with(tok, nil), 403},
		{"header and another cookie", with(tok, other), 403},
		{"another site's origin", func(r *http.Request) {
			with(tok, cookie)(r)
			r.Header.Set("Origin", "http://evil.example")
		}, 403},
		{"a cross-site fetch without origin", func(r *http.Request) {
			with(tok, cookie)(r)
			r.Header.Del("Origin")
			r.Header.Set("Sec-Fetch-Site", "cross-site")
		}, 403},
		{"the page's own request", with(tok, cookie), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.checks
			rec := post(h, "/api/check", `{}`, tt.mod)
			if rec.Code != tt.want {
				t.Fatalf("code %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if reached := f.checks > before; reached != (tt.want == 200) {
				t.Errorf("the check ran: %v", reached)
			}
			if tt.want == 403 && !strings.Contains(rec.Body.String(), "serve.error.csrf") {
				t.Errorf("refusal says %s", rec.Body)
			}
		})
	}
	// Every POST route is guarded, not only the check.
	for _, p := range []string{"/api/generate", "/api/import", "/api/export"} {
		if rec := post(h, p, `{}`, nil); rec.Code != 403 {
			t.Errorf("POST %s without token: %d, want 403", p, rec.Code)
		}
	}
}

func TestCSP(t *testing.T) {
	h := New(&fake{}, Options{})
	for _, p := range []string{"/", "/static/app.js", "/api/states", "/nothing"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "http://"+host+p, nil))
		csp := rec.Header().Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "frame-src blob:"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") || strings.Contains(csp, "*") || strings.Contains(csp, "http") {
			t.Errorf("GET %s: CSP %q allows inline code or another origin", p, csp)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", p)
		}
	}
}

// TestAssetsSelfContained reads the embedded page: no inline script or
// style (which the CSP would block), no event attribute, nothing fetched
// from another site.
func TestAssetsSelfContained(t *testing.T) {
	bad := []*regexp.Regexp{
		regexp.MustCompile(`<script(?:\s[^>]*)?>[^<\s]`),    // inline script
		regexp.MustCompile(`<script(?:[^>]*)>\s*</script>`), // a script without src
		regexp.MustCompile(`<style`),
		regexp.MustCompile(`\sstyle=`),
		regexp.MustCompile(`\son[a-z]+=`),
		regexp.MustCompile(`https?://`),
		regexp.MustCompile(`\.innerHTML|eval\(|new Function`),
	}
	n := 0
	err := fs.WalkDir(web, "web", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := web.ReadFile(p)
		n++
		for _, re := range bad {
			if loc := re.FindIndex(data); loc != nil {
				if strings.HasSuffix(p, ".html") && re.String() == `<script(?:[^>]*)>\s*</script>` && bytes.Contains(data[loc[0]:loc[1]], []byte("src=")) {
					continue
				}
				t.Errorf("%s: %q at byte %d", p, data[loc[0]:loc[1]], loc[0])
			}
		}
		return nil
	})
	if err != nil || n < 3 {
		t.Fatalf("walked %d files: %v", n, err)
	}
}

func TestSizeLimit(t *testing.T) {
	f := &fake{}
	h := New(f, Options{MaxCase: 1 << 20})
	tok, cookie := page(t, h)
	auth := func(r *http.Request) { r.Header.Set(csrfHeader, tok); r.AddCookie(cookie) }
	big := "{" + strings.Repeat(" ", 1<<20) + "}"
	rec := post(h, "/api/check", big, auth)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "serve.error.too_large") {
		t.Fatalf("a body over the limit: %d %s", rec.Code, rec.Body)
	}
	if f.checks != 0 {
		t.Error("the check ran on a body over the limit")
	}
	if rec := post(h, "/api/check", "{"+strings.Repeat(" ", 1<<19)+"}", auth); rec.Code != 200 {
		t.Errorf("a body under the limit: %d %s", rec.Code, rec.Body)
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "example.com:0"} {
		if ln, err := Listen(addr, false); !errors.Is(err, ErrNotLoopback) {
			if ln != nil {
				ln.Close()
			}
			t.Errorf("Listen(%q) without remote: %v, want ErrNotLoopback", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0"} {
		ln, err := Listen(addr, false)
		if err != nil {
			t.Fatalf("Listen(%q): %v", addr, err)
		}
		ip := ln.Addr().(*net.TCPAddr).IP
		ln.Close()
		if !ip.IsLoopback() {
			t.Errorf("Listen(%q) listens on %v", addr, ip)
		}
	}
}

// TestHostChecked: on the loopback interface, a request that names another
// host (a site whose DNS name was pointed at 127.0.0.1) is refused.
func TestHostChecked(t *testing.T) {
	h := New(&fake{}, Options{})
	for host, want := range map[string]int{"127.0.0.1:8765": 200, "localhost:8765": 200, "[::1]:8765": 200, "evil.example:8765": 421, "evil.example": 421} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "http://x/api/states", nil)
		req.Host = host
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
}

func TestToken(t *testing.T) {
	const token = "s3cret-token-of-the-test-0123456789abcdef"
	h := New(&fake{}, Options{Token: token})
	get := func(url string, mod func(*http.Request)) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", url, nil)
		if mod != nil {
			mod(req)
		}
		h.ServeHTTP(rec, req)
		return rec
	}
	const base = "http://192.0.2.10:8765"
	if rec := get(base+"/api/states", nil); rec.Code != 401 {
		t.Errorf("no token: %d, want 401", rec.Code)
	}
	if rec := get(base+"/?token=wrong", nil); rec.Code != 401 {
		t.Errorf("wrong token: %d, want 401", rec.Code)
	}
	if rec := get(base+"/api/states", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: tokenCookie, Value: token + "x"}) }); rec.Code != 401 {
		t.Errorf("wrong cookie: %d, want 401", rec.Code)
	}
	rec := get(base+"/?token="+token+"&lang=en", nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("right token: %d, want 303", rec.Code)
	}
	if loc := rec.Header().Get("Location"); strings.Contains(loc, token) || !strings.Contains(loc, "lang=en") {
		t.Errorf("redirect to %q: the token must leave the address, the rest stay", loc)
	}
	var c *http.Cookie
	for _, x := range rec.Result().Cookies() {
		if x.Name == tokenCookie {
			c = x
		}
	}
	if c == nil || c.Value != token || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("token cookie %+v", c)
	}
	if rec := get(base+"/api/states", func(r *http.Request) { r.AddCookie(c) }); rec.Code != 200 {
		t.Errorf("cookie: %d, want 200", rec.Code)
	}
	if rec := get(base+"/api/states", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }); rec.Code != 200 {
		t.Errorf("bearer: %d, want 200", rec.Code)
	}
}

func TestGenerate(t *testing.T) {
	h := New(&fake{}, Options{})
	tok, cookie := page(t, h)
	auth := func(r *http.Request) { r.Header.Set(csrfHeader, tok); r.AddCookie(cookie) }
	rec := post(h, "/api/generate", `{}`, auth)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"report"`) {
		t.Fatalf("refused generate: %d %s", rec.Code, rec.Body)
	}
	rec = post(h, "/api/generate?draft=1", `{}`, auth)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("draft: %d %s", rec.Code, rec.Header())
	}
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		if f.Name == "bundle/request.pdf" && string(data) != "%PDF-" {
			t.Errorf("%s holds %q", f.Name, data)
		}
	}
	if strings.Join(names, ",") != "bundle/request.pdf,bundle/manifest.json" {
		t.Errorf("zip holds %v", names)
	}
	again := post(h, "/api/generate?draft=1", `{}`, auth)
	if !bytes.Equal(again.Body.Bytes(), rec.Body.Bytes()) {
		t.Error("the same bundle zipped twice gives different bytes")
	}
	rec = post(h, "/api/generate?draft=1&file=request.pdf", `{}`, auth)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" || rec.Body.String() != "%PDF-" {
		t.Errorf("preview: %d %s %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if rec := post(h, "/api/generate?draft=1&file=manifest.json", `{}`, auth); rec.Code != 404 {
		t.Errorf("preview of a file that is not a PDF: %d", rec.Code)
	}
}

func TestUserError(t *testing.T) {
	h := New(&fake{}, Options{})
	tok, cookie := page(t, h)
	rec := post(h, "/api/check", `not json`, func(r *http.Request) { r.Header.Set(csrfHeader, tok); r.AddCookie(cookie) })
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "not a case") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}
