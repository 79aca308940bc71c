package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/serve"
)

// formClient is the form's server with this package's backend, and the
// page's anti-forgery token and cookie.
type formClient struct {
	h      http.Handler
	token  string
	cookie *http.Cookie
}

func newFormClient(tb testing.TB) *formClient {
	tb.Helper()
	a := &app{env: Env{Assets: mla.Assets(), Getenv: func(string) string { return "" }}, lang: "en"}
	if err := a.load(); err != nil {
		tb.Fatal(err)
	}
	h := serve.New(a.formBackend(), serve.Options{Lang: "en"})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:8765/", nil))
	m := regexp.MustCompile(`name="mla-csrf" content="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if rec.Code != 200 || m == nil {
		tb.Fatalf("GET /: %d %s", rec.Code, rec.Body)
	}
	return &formClient{h: h, token: m[1], cookie: rec.Result().Cookies()[0]}
}

func (c *formClient) post(path string, body []byte) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "http://127.0.0.1:8765"+path, bytes.NewReader(body))
	req.Header.Set("Origin", "http://127.0.0.1:8765")
	req.Header.Set("X-MLA-CSRF", c.token)
	req.AddCookie(c.cookie)
	c.h.ServeHTTP(rec, req)
	return rec
}

var examples = []string{"examples/au-bribery.json", "examples/ca-bribery-fr.json", "examples/nz-confiscation.json", "examples/us-embezzlement.json"}

// TestServeCheckIsValidate: the form's check answers with the very bytes
// of mla validate --format json on the same case (read from standard
// input: the form has no folder of evidence files).
func TestServeCheckIsValidate(t *testing.T) {
	c := newFormClient(t)
	for _, ex := range examples {
		data, err := os.ReadFile(repo(ex))
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en", "zh", "fr"} {
			rec := c.post("/api/check?lang="+lang, data)
			if rec.Code != 200 {
				t.Fatalf("%s %s: %d %s", ex, lang, rec.Code, rec.Body)
			}
			_, want, _ := run(t, bytes.NewReader(data), "validate", "-", "--format", "json", "--lang", lang)
			if rec.Body.String() != want {
				t.Errorf("%s --lang %s: the form's check differs from validate --format json", ex, lang)
			}
		}
	}
}

func TestServeCheckUserError(t *testing.T) {
	c := newFormClient(t)
	rec := c.post("/api/check?lang=en", []byte(`{"version": 1,`))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Fatalf("a broken case: %d %s", rec.Code, rec.Body)
	}
}

// TestServeGenerateRefused: a case with errors is refused with its report
// unless draft.
func TestServeGenerateRefused(t *testing.T) {
	c := newFormClient(t)
	rec := c.post("/api/generate?lang=en", []byte(`{"version": 1, "requested_state": "AU"}`))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"findings"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

// TestServeGenerateMajor: a major case with no error is refused, naming
// what makes it major, unless draft: the form cannot record the approved
// review a major case needs to be issued.
func TestServeGenerateMajor(t *testing.T) {
	c := newFormClient(t)
	data, err := os.ReadFile(repo("examples/au-bribery.json"))
	if err != nil {
		t.Fatal(err)
	}
	rec := c.post("/api/generate?lang=zh", data)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "重大案件") || !strings.Contains(rec.Body.String(), "草稿") {
		t.Fatalf("a major case, not a draft: %d %s", rec.Code, rec.Body)
	}
	rec = c.post("/api/generate?lang=zh&draft=1&file=request.pdf", data)
	if rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("the same case as a draft: %d %.200s", rec.Code, rec.Body)
	}
}

func TestServeAddrRefused(t *testing.T) {
	code, _, stderr := run(t, nil, "serve", "--addr", "0.0.0.0:0", "--lang", "en")
	if code != ExitUsage || !strings.Contains(stderr, "--listen") {
		t.Errorf("serve --addr 0.0.0.0:0: exit %d, %s", code, stderr)
	}
}

// BenchmarkCheckHandler measures the form's live check of each example:
// the request through the handler (security, size limit, the check, the
// report's JSON), as the page posts it on each change.
func BenchmarkCheckHandler(b *testing.B) {
	c := newFormClient(b)
	for _, ex := range examples {
		data, err := os.ReadFile(repo(ex))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(ex), ".json"), func(b *testing.B) {
			for b.Loop() {
				if rec := c.post("/api/check?lang=zh", data); rec.Code != 200 {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// TestServeSchemaLabels: the form's schema gives each coded value its
// label in the page's language, which the page shows in its lists.
func TestServeSchemaLabels(t *testing.T) {
	c := newFormClient(t)
	for lang, want := range map[string]string{"zh": `**审查起诉**`, "en": `**`} {
		rec := httptest.NewRecorder()
		c.h.ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1:8765/api/schema?state=CA&lang="+lang, nil))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("schema in %s: %d, no %s", lang, rec.Code, want)
		}
	}
}
