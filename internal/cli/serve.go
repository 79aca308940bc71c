package cli

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/report"
	"github.com/mla-dev/mla/internal/serve"
)

// DefaultServeAddr is where mla serve listens unless told otherwise.
const DefaultServeAddr = "127.0.0.1:8765"

type serveOptions struct {
	addr   string // --addr: a loopback address
	listen string // --listen: any address, with an access token
	open   bool
	// lang is the page's language unless the address says (?lang=).
	lang string
}

// newServeCmd is mla serve: the web form (package serve).
func (a *app) newServeCmd() *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:     "serve [--addr 127.0.0.1:8765] [--open]",
		Short:   a.t("serve.short", nil),
		Long:    a.t("serve.long", nil),
		Example: "  mla serve --open\n  mla serve --listen 192.0.2.10:8765",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.lang = a.pageLang(cmd.Flags().Changed("lang"))
			return a.runServe(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", DefaultServeAddr, a.t("serve.flag.addr", nil))
	f.StringVar(&o.listen, "listen", "", a.t("serve.flag.listen", nil))
	f.BoolVar(&o.open, "open", false, a.t("serve.flag.open", nil))
	cmd.MarkFlagsMutuallyExclusive("addr", "listen")
	return cmd
}

// pageLang is the form's language: the command line's when the officer
// chose one (--lang, MLA_LANG), else Chinese, the officers' own.
func (a *app) pageLang(flag bool) string {
	if flag || (a.env.Getenv != nil && a.env.Getenv("MLA_LANG") != "") {
		return shortLang(a.lang)
	}
	return "zh"
}

func (a *app) runServe(ctx context.Context, o *serveOptions) error {
	addr, remote := o.addr, o.listen != ""
	if remote {
		addr = o.listen
	}
	ln, err := serve.Listen(addr, remote)
	if errors.Is(err, serve.ErrNotLoopback) {
		return a.fail(ExitUsage, "serve.error.not_loopback", map[string]any{"Addr": casefile.Visible(addr)})
	}
	if err != nil {
		return a.fail(ExitUsage, "serve.error.listen", map[string]any{"Addr": casefile.Visible(addr), "Err": err.Error()})
	}
	defer ln.Close()
	token := ""
	if remote {
		token = serve.NewToken()
	}
	h := serve.New(a.formBackend(), serve.Options{Token: token, Lang: o.lang})
	url := "http://" + ln.Addr().String() + "/"
	if token != "" {
		url += "?token=" + token
		a.say("serve.started_token", map[string]any{"URL": url})
	} else {
		a.say("serve.started", map[string]any{"URL": url})
	}
	if o.open {
		serve.OpenBrowser(url)
	}
	if err := serve.Serve(ctx, ln, h); err != nil {
		return a.internal(err)
	}
	return nil
}

// formBackend does the web form's work with this invocation's commands:
// the check, the starter case, the editor schema, the intake workbook and
// the renderers, each answering in the language of the request. The
// commands share the app's state (its language, its streams), so requests
// are taken one at a time.
type formBackend struct {
	mu sync.Mutex
	a  *app
}

func (a *app) formBackend() *formBackend { return &formBackend{a: a} }

// run runs f with the app in lang, reading in from standard input and
// writing standard output into out; an error that is the officer's
// becomes a serve.UserError.
func (b *formBackend) run(lang string, in []byte, f func() error) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a := b.a
	saved, savedIn, savedOut := a.lang, a.env.Stdin, a.env.Stdout
	defer func() { a.lang, a.env.Stdin, a.env.Stdout = saved, savedIn, savedOut }()
	var out bytes.Buffer
	a.lang, a.env.Stdin, a.env.Stdout = formLang(lang), bytes.NewReader(in), &out
	if err := a.cat.Preload(a.lang); err != nil {
		return nil, err
	}
	err := f()
	var ee *exitError
	if errors.As(err, &ee) && ee.code != ExitInternal {
		return nil, &serve.UserError{Msg: ee.msg}
	}
	return out.Bytes(), err
}

// formLang is the app's code of a page language.
func formLang(lang string) string { return i18n.Short(i18n.Tag(lang)) }

func (b *formBackend) T(lang, id string, data map[string]any) string {
	s, _ := b.a.cat.T(formLang(lang), id, data)
	return s
}

func (b *formBackend) States(lang string) ([]serve.State, error) {
	var out []serve.State
	_, err := b.run(lang, nil, func() error {
		v, _, err := b.a.validator()
		if err != nil {
			return b.a.internal(err)
		}
		codes, err := v.Registry.Codes()
		if err != nil {
			return b.a.internal(err)
		}
		for _, c := range codes {
			p, _, err := v.Registry.Load(c)
			if err != nil {
				return b.a.internal(err)
			}
			out = append(out, serve.State{Code: c, Name: orEnglish(p.Name.In(lang), p.Name.In("en"))})
		}
		return nil
	})
	return out, err
}

// state is a state's code as the page sends it, refused when unknown.
func (b *formBackend) state(code string) (string, error) {
	code = strings.ToUpper(code)
	v, _, err := b.a.validator()
	if err != nil {
		return "", b.a.internal(err)
	}
	if _, _, err := v.Registry.Load(code); errors.Is(err, profile.ErrUnknown) {
		return "", b.a.fail(ExitUsage, "cli.schema.unknown", map[string]any{"Code": casefile.Visible(code)})
	}
	return code, nil
}

func (b *formBackend) Schema(state, lang string) ([]byte, error) {
	return b.run(lang, nil, func() error {
		code, err := b.state(state)
		if err != nil {
			return err
		}
		return b.a.runSchema(&schemaOptions{code: code})
	})
}

func (b *formBackend) Offences(lang string) ([]byte, error) {
	return b.run(lang, nil, func() error {
		return b.a.runOffences(&offencesOptions{format: "json", text: true})
	})
}

func (b *formBackend) Starter(state, lang string) ([]byte, error) {
	return b.run(lang, nil, func() error {
		code, err := b.state(state)
		if err != nil {
			return err
		}
		return b.a.runInit(&initOptions{state: code})
	})
}

// Messages are the page's texts (every serve message, as written in the
// locale file: the page fills in their {{.Name}} itself) and the names of
// the case's fields (the intake workbook's, intake.field.*), by id.
func (b *formBackend) Messages(lang string) (map[string]string, error) {
	out := map[string]string{}
	_, err := b.run(lang, nil, func() error {
		for _, tag := range []string{"en", i18n.Tag(lang)} {
			f, err := localeFile(b.a.fsys, "serve", tag)
			if err != nil {
				return b.a.internal(err)
			}
			for _, m := range f.Messages {
				if s := m.Forms["other"]; s != "" {
					out[m.ID] = s
				}
			}
		}
		f, err := localeFile(b.a.fsys, "intake", "en")
		if err != nil {
			return b.a.internal(err)
		}
		for _, m := range f.Messages {
			if strings.HasPrefix(m.ID, "intake.field.") {
				out[m.ID] = b.a.t(m.ID, nil)
			}
		}
		return nil
	})
	return out, err
}

// localeFile reads the locale file of a group in a language.
func localeFile(fsys fs.FS, group, tag string) (*i18n.File, error) {
	name := path.Join(localesDir, group+"."+tag+".toml")
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return i18n.ParseFile(name, data)
}

func (b *formBackend) Check(lang string, c []byte) (*serve.Checked, error) {
	var res serve.Checked
	_, err := b.run(lang, c, func() error {
		ch, err := b.a.check(casefile.Stdin, checkOptions{noFiles: true})
		if err != nil {
			return err
		}
		data, err := report.JSON(ch.report)
		if err != nil {
			return b.a.internal(err)
		}
		res = serve.Checked{Report: data, Errors: ch.errors()}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// Generate renders the bundle in memory, as generate would write it from
// standard input in the parallel layout.
func (b *formBackend) Generate(lang string, c []byte, draft bool) (*serve.Generated, error) {
	var res serve.Generated
	_, err := b.run(lang, c, func() error {
		a := b.a
		ch, err := a.check(casefile.Stdin, checkOptions{noFiles: true})
		if err != nil {
			return err
		}
		o := &generateOptions{draft: draft, layout: "parallel", failOn: "error"}
		level, err := a.parseFailOn(o.failOn)
		if err != nil {
			return err
		}
		if err := a.refusal(ch, o, level); err != nil {
			var ee *exitError
			if !errors.As(err, &ee) {
				return err
			}
			data, jerr := report.JSON(ch.report)
			if jerr != nil {
				return a.internal(jerr)
			}
			msg := ee.msg
			if n := ch.errors(); n > 0 && !draft {
				// The page's own words: a box to tick, not --draft.
				msg = a.t("serve.error.refused", map[string]any{"Count": n})
			}
			res = serve.Generated{Report: data, Refused: msg}
			return nil
		}
		if !draft && len(ch.report.Major) > 0 {
			// A major case is issued only on an approved review of its
			// version, which the form cannot record: a draft only.
			data, jerr := report.JSON(ch.report)
			if jerr != nil {
				return a.internal(jerr)
			}
			var reasons []string
			for _, m := range ch.report.Major {
				reasons = append(reasons, a.t("major.refused.criterion", map[string]any{"Criterion": a.t("major."+m.Criterion, nil), "Field": m.Pointer}))
			}
			res = serve.Generated{Report: data, Refused: a.t("serve.error.major", map[string]any{"Criteria": strings.Join(reasons, a.t("major.refused.separator", nil))})}
			return nil
		}
		files, err := a.render(ch, document.Parallel, o)
		if err != nil {
			return err
		}
		for _, f := range files {
			res.Files = append(res.Files, serve.File{Name: f.Name, Data: f.Data})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

func (b *formBackend) Import(lang string, xlsx []byte) ([]byte, error) {
	var out []byte
	_, err := b.run(lang, nil, func() error {
		var err error
		out, err = b.a.importWorkbook("intake.xlsx", xlsx)
		return err
	})
	return out, err
}

func (b *formBackend) Export(lang string, c []byte) ([]byte, error) {
	var out []byte
	_, err := b.run(lang, c, func() error {
		var err error
		out, err = b.a.exportWorkbook(casefile.Stdin)
		return err
	})
	return out, err
}
