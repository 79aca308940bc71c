// Package serve is mla's local web form: a page generated in the browser
// from a requested state's editor schema, checked live by the same check as
// the command line, that downloads the checked bundle as a zip.
//
// The server keeps nothing: a case lives in the officer's browser, is posted
// to be checked or rendered, and is forgotten when the answer is sent. It
// listens on the loopback interface unless told otherwise, and then only
// with an access token. Every answer carries a strict Content-Security-Policy
// (no inline script or style, nothing from another origin); every POST needs
// the page's anti-forgery token, which matches a SameSite=Strict cookie, and
// an Origin of the server's own; every body is limited in size.
//
// What the form does with a case (check it, render it, read or write the
// intake workbook) is the command line's: a Backend.
package serve

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

//go:embed web
var web embed.FS

// Backend does the work of the form's requests; the command line
// implements it with its own check, starter case, editor schema, intake
// workbook and renderers. lang is the officer's language ("zh", "en",
// "fr"). An error that is the officer's (a case that cannot be read, a
// workbook with problems) is a *UserError.
type Backend interface {
	// States lists the requested states mla knows, their names in lang.
	States(lang string) ([]State, error)
	// Schema is the state's self-contained editor schema with its labels
	// in lang.
	Schema(state, lang string) ([]byte, error)
	// Offences is the offence catalogue as `mla offences --format json`.
	Offences(lang string) ([]byte, error)
	// Starter is `mla init`'s starter case for the state.
	Starter(state, lang string) ([]byte, error)
	// Messages are the page's own texts and the fields' names in lang.
	Messages(lang string) (map[string]string, error)
	// Check checks a case: the report as `mla validate --format json`.
	Check(lang string, c []byte) (*Checked, error)
	// Generate renders the bundle of a case; with errors left (and not
	// draft) it returns the report and a Refused message instead.
	Generate(lang string, c []byte, draft bool) (*Generated, error)
	// Import reads an intake workbook into a case file.
	Import(lang string, xlsx []byte) ([]byte, error)
	// Export writes a case as an intake workbook.
	Export(lang string, c []byte) ([]byte, error)
	// T is the message id in lang, with data.
	T(lang, id string, data map[string]any) string
}

// State is a requested state the form offers.
type State struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Checked is the answer to a check.
type Checked struct {
	Report []byte // as mla validate --format json
	Errors int
}

// Generated is the answer to a generate: the bundle's files, or the
// reason it was refused (in the officer's language) with the report.
type Generated struct {
	Files   []File
	Report  []byte
	Refused string
}

// File is one file of a bundle.
type File struct {
	Name string
	Data []byte
}

// UserError is a mistake in what the officer sent, already in their
// language.
type UserError struct{ Msg string }

func (e *UserError) Error() string { return e.Msg }

// Limits on what a request may carry, in bytes.
const (
	// MaxCase is a posted case file: the command line's own limit
	// (casefile.MaxSize).
	MaxCase = 16 << 20
	// MaxWorkbook is a posted intake workbook (workbook.MaxFileBytes).
	MaxWorkbook = 32 << 20
)

// Options configure a Server.
type Options struct {
	// Token, when not empty, is the access token every request must carry
	// (listening beyond the loopback interface).
	Token string
	// Lang is the page's language when the address does not say (?lang=).
	Lang string
	// Langs are the languages the page offers; Lang must be one.
	Langs []string
	// MaxCase and MaxWorkbook replace the limits above when not zero.
	MaxCase, MaxWorkbook int64
	// BundleDir is the name of the folder inside the zip.
	BundleDir string
}

// Server is the form's HTTP handler.
type Server struct {
	b    Backend
	o    Options
	page *template.Template
	mux  *http.ServeMux
}

// Cookie and header names.
const (
	csrfCookie  = "mla_csrf"
	csrfHeader  = "X-MLA-CSRF"
	tokenCookie = "mla_token"
	tokenParam  = "token"
)

// CSP is the Content-Security-Policy of every answer: everything from the
// server itself, nothing inline, the request's preview in a frame of a
// blob: URL the page makes.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; object-src blob:; frame-src blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// New returns the form's server.
func New(b Backend, o Options) *Server {
	if o.MaxCase == 0 {
		o.MaxCase = MaxCase
	}
	if o.MaxWorkbook == 0 {
		o.MaxWorkbook = MaxWorkbook
	}
	if o.Lang == "" {
		o.Lang = "zh"
	}
	if len(o.Langs) == 0 {
		o.Langs = []string{"zh", "en", "fr"}
	}
	if o.BundleDir == "" {
		o.BundleDir = "bundle"
	}
	s := &Server{b: b, o: o, mux: http.NewServeMux()}
	s.page = template.Must(template.ParseFS(web, "web/index.html"))
	static, _ := fs.Sub(web, "web/static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.index)
	s.mux.HandleFunc("GET /api/states", s.states)
	s.mux.HandleFunc("GET /api/schema", s.schema)
	s.mux.HandleFunc("GET /api/offences", s.offences)
	s.mux.HandleFunc("GET /api/starter", s.starter)
	s.mux.HandleFunc("GET /api/messages", s.messages)
	s.mux.HandleFunc("POST /api/check", s.check)
	s.mux.HandleFunc("POST /api/generate", s.generate)
	s.mux.HandleFunc("POST /api/import", s.importWorkbook)
	s.mux.HandleFunc("POST /api/export", s.export)
	return s
}

// ServeHTTP applies the security of every request, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	if s.o.Token == "" && !loopbackHost(r.Host) {
		// A page of another site that a DNS name pointed at this machine
		// (DNS rebinding) names its own host.
		s.refuse(w, r, http.StatusMisdirectedRequest, "serve.error.host")
		return
	}
	if s.o.Token != "" && !s.authorized(w, r) {
		return
	}
	if r.Method == http.MethodPost && !s.sameSite(r) {
		s.refuse(w, r, http.StatusForbidden, "serve.error.csrf")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// authorized checks the access token: from the address (the link printed
// at start, which then sets the cookie and drops it from the address), the
// cookie, or an Authorization: Bearer header.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if q := r.URL.Query().Get(tokenParam); q != "" {
		if !equal(q, s.o.Token) {
			s.refuse(w, r, http.StatusUnauthorized, "serve.error.token")
			return false
		}
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: s.o.Token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		u := *r.URL
		v := u.Query()
		v.Del(tokenParam)
		u.RawQuery = v.Encode()
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return false
	}
	if c, err := r.Cookie(tokenCookie); err == nil && equal(c.Value, s.o.Token) {
		return true
	}
	if b, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && equal(b, s.o.Token) {
		return true
	}
	s.refuse(w, r, http.StatusUnauthorized, "serve.error.token")
	return false
}

// sameSite checks a state-changing request: the page's anti-forgery token
// in the header equals the cookie set with the page, and the Origin, which
// browsers send with every POST, is the server's own.
func (s *Server) sameSite(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" || !equal(r.Header.Get(csrfHeader), c.Value) {
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" {
		// Not a browser's fetch (which always names its origin) but a
		// client holding both the cookie and the page's token.
		return r.Header.Get("Sec-Fetch-Site") == "" || r.Header.Get("Sec-Fetch-Site") == "same-origin"
	}
	return o == "http://"+r.Host
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// loopbackHost reports whether a Host header names the loopback interface.
func loopbackHost(host string) bool {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}

// ErrNotLoopback is Listen's refusal of an address beyond the loopback
// interface when remote access was not asked for.
var ErrNotLoopback = errors.New("not a loopback address")

// Listen opens addr. Unless remote, addr must be on the loopback interface
// (127.0.0.1, ::1 or localhost), so that no other machine can reach the
// form.
func Listen(addr string, remote bool) (net.Listener, error) {
	if !remote {
		h, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		if !loopbackHost(h) {
			return nil, ErrNotLoopback
		}
		if strings.EqualFold(h, "localhost") {
			// The name, resolved, might not be the loopback address.
			addr = net.JoinHostPort("127.0.0.1", addr[strings.LastIndex(addr, ":")+1:])
		}
	}
	return net.Listen("tcp", addr)
}

// Serve answers requests on ln with h until ctx is done.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// OpenBrowser asks the system to open url in the default browser; when it
// cannot, the address mla serve printed is there to open by hand.
func OpenBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go func() { _ = cmd.Wait() }()
	}
}

// NewToken returns a random token of 32 bytes, URL-safe.
func NewToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// lang is the request's language: ?lang= when the page offers it, else the
// server's.
func (s *Server) lang(r *http.Request) string {
	l := r.URL.Query().Get("lang")
	if strings.HasPrefix(l, "zh") {
		l = "zh"
	}
	for _, x := range s.o.Langs {
		if x == l {
			return l
		}
	}
	return s.o.Lang
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	tok := ""
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		tok = c.Value
	} else {
		tok = NewToken()
	}
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	lang := s.lang(r)
	msgs, err := s.b.Messages(lang)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	htmlLang := lang
	if lang == "zh" {
		htmlLang = "zh-Hans"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var buf bytes.Buffer
	if err := s.page.Execute(&buf, map[string]any{"Lang": lang, "HTMLLang": htmlLang, "CSRF": tok, "T": msgs, "Langs": s.o.Langs}); err != nil {
		s.fail(w, r, err)
		return
	}
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) states(w http.ResponseWriter, r *http.Request) {
	st, err := s.b.States(s.lang(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.json(w, st)
}

func (s *Server) schema(w http.ResponseWriter, r *http.Request) {
	data, err := s.b.Schema(r.URL.Query().Get("state"), s.lang(r))
	s.raw(w, r, "application/json", data, err)
}

func (s *Server) offences(w http.ResponseWriter, r *http.Request) {
	data, err := s.b.Offences(s.lang(r))
	s.raw(w, r, "application/json", data, err)
}

func (s *Server) starter(w http.ResponseWriter, r *http.Request) {
	data, err := s.b.Starter(r.URL.Query().Get("state"), s.lang(r))
	s.raw(w, r, "application/json", data, err)
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	m, err := s.b.Messages(s.lang(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.json(w, m)
}

// body reads a request's body, refusing one over limit bytes.
func (s *Server) body(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.refuseWith(w, r, http.StatusRequestEntityTooLarge, "serve.error.too_large", map[string]any{"Limit": limit >> 20})
		return nil, false
	}
	if err != nil {
		s.refuse(w, r, http.StatusBadRequest, "serve.error.body")
		return nil, false
	}
	return data, true
}

func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	data, ok := s.body(w, r, s.o.MaxCase)
	if !ok {
		return
	}
	c, err := s.b.Check(s.lang(r), data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(c.Report)
}

// generate answers with the bundle as a zip, or with ?file=request.pdf
// that file alone (the page's preview).
func (s *Server) generate(w http.ResponseWriter, r *http.Request) {
	data, ok := s.body(w, r, s.o.MaxCase)
	if !ok {
		return
	}
	q := r.URL.Query()
	g, err := s.b.Generate(s.lang(r), data, q.Get("draft") == "1")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if g.Refused != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": g.Refused, "report": json.RawMessage(g.Report)})
		return
	}
	if name := q.Get("file"); name != "" {
		for _, f := range g.Files {
			if f.Name == name && strings.HasSuffix(name, ".pdf") {
				w.Header().Set("Content-Type", "application/pdf")
				_, _ = w.Write(f.Data)
				return
			}
		}
		s.refuse(w, r, http.StatusNotFound, "serve.error.no_file")
		return
	}
	z, err := Zip(s.o.BundleDir, g.Files)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+s.o.BundleDir+`.zip"`)
	_, _ = w.Write(z)
}

// Zip packs a bundle's files into a folder dir of a zip archive, in the
// order given, with a fixed time: the same files give the same bytes.
func Zip(dir string, files []File) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stamp := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range files {
		h := &zip.FileHeader{Name: dir + "/" + f.Name, Method: zip.Deflate, Modified: stamp}
		h.SetMode(0o600)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (s *Server) importWorkbook(w http.ResponseWriter, r *http.Request) {
	data, ok := s.body(w, r, s.o.MaxWorkbook)
	if !ok {
		return
	}
	c, err := s.b.Import(s.lang(r), data)
	s.raw(w, r, "application/json", c, err)
}

func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	data, ok := s.body(w, r, s.o.MaxCase)
	if !ok {
		return
	}
	x, err := s.b.Export(s.lang(r), data)
	if err == nil {
		w.Header().Set("Content-Disposition", `attachment; filename="intake.xlsx"`)
	}
	s.raw(w, r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", x, err)
}

func (s *Server) raw(w http.ResponseWriter, r *http.Request, typ string, data []byte, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", typ)
	_, _ = w.Write(data)
}

func (s *Server) json(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// fail answers with an error: the officer's (400, their message) or the
// server's own (500).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ue *UserError
	if errors.As(err, &ue) {
		s.errorJSON(w, http.StatusBadRequest, ue.Msg)
		return
	}
	s.refuseWith(w, r, http.StatusInternalServerError, "serve.error.internal", map[string]any{"Detail": err.Error()})
}

func (s *Server) refuse(w http.ResponseWriter, r *http.Request, code int, id string) {
	s.refuseWith(w, r, code, id, nil)
}

func (s *Server) refuseWith(w http.ResponseWriter, r *http.Request, code int, id string, data map[string]any) {
	s.errorJSON(w, code, s.b.T(s.lang(r), id, data))
}

func (s *Server) errorJSON(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
