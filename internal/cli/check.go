package cli

import (
	"errors"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/compose"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/validate"
)

// checked is a case file that was loaded and validated.
type checked struct {
	file     *casefile.File
	report   *validate.Report
	profile  *profile.Profile
	template *profile.Template
	offences *offences.Catalog
	law      compose.Law // the catalogue and its translations, for composing
	// folder is where evidence files are looked for; evidence are the
	// files found there and hashed.
	folder   string
	evidence []validate.EvidenceFile
}

// errors counts the report's error findings.
func (c *checked) errors() int { return count(c.report, validate.Error) }

func count(r *validate.Report, s validate.Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// check loads and validates one case file. An error it returns is an
// *exitError ready to print.
func (a *app) check(path string) (*checked, error) {
	lim, err := a.limits()
	if err != nil {
		return nil, err
	}
	// The offence catalogue and the two languages of every finding load on
	// the other core while the case file is read and parsed.
	go func() {
		// The base schema, which every state's overlay refers to, compiles
		// meanwhile too; the overlay then compiles in a fraction of it.
		if v, _, err := a.validator(); err == nil {
			_, _ = v.Schema("case.schema.json")
		}
	}()
	go func() { _ = a.cat.Preload("zh", "en") }()
	a.prog.reading(path)
	f, err := casefile.LoadFileLimits(path, a.env.Stdin, lim)
	if err != nil {
		return nil, a.inputError(err)
	}
	reserveForCase(int64(len(f.Bytes)))
	items := evidenceCount(f)
	a.prog.items(items)
	a.prog.step("cli.progress.check", map[string]any{"Total": items})
	v, cat, err := a.validator()
	if err != nil {
		return nil, a.internal(err)
	}
	r, err := v.Validate(f)
	if err != nil {
		return nil, a.internal(err)
	}
	c := &checked{file: f, report: r, offences: cat, folder: evidenceFolder(path)}
	c.evidence = validate.CheckFilesProgress(r, f, c.folder, func(done, total int) {
		a.prog.count("cli.progress.files", done, total, nil)
	})
	a.prog.step("cli.progress.check", map[string]any{"Total": items})
	if f.Case != nil && f.Case.RequestedState != "" {
		if p, t, err := profile.Load(a.fsys, f.Case.RequestedState); err == nil {
			c.profile, c.template = p, t
			validate.AddUnconfirmed(r, p, t)
			if err := a.legalReview(c); err != nil {
				return nil, a.internal(err)
			}
		}
	}
	if err := validate.Localize(r, a.cat, a.lang); err != nil {
		return nil, a.internal(err)
	}
	if err := a.review(c); err != nil {
		return nil, err
	}
	return c, nil
}

// evidenceCount is the number of items in the case's evidence list.
func evidenceCount(f *casefile.File) int {
	m, _ := f.Raw.(map[string]any)
	items, _ := m["evidence"].([]any)
	return len(items)
}

// inputError turns a loading error into a localized message and exit 2.
// The file's name is shown as casefile.Visible shows case values: a batch
// reads every file of a folder, whatever its name holds.
func (a *app) inputError(err error) error {
	var ce *casefile.Error
	if errors.As(err, &ce) {
		args := make(map[string]any, len(ce.Args))
		for k, v := range ce.Args {
			args[k] = v
		}
		if f, ok := args["File"].(string); ok {
			args["File"] = casefile.Visible(f)
		}
		return &exitError{code: ExitUsage, msg: a.t(ce.MessageID, args) + a.tooLargeHint(ce)}
	}
	return &exitError{code: ExitUsage, msg: a.t("cli.error.input", map[string]any{"Detail": casefile.Visible(err.Error())})}
}

// internal reports a fault of mla itself. A locale message mla refuses to
// load, or a refused file of --assets DIR on the way, is the user's asset,
// not a fault (exit 2).
func (a *app) internal(err error) error {
	var me *i18n.MessageError
	if errors.As(err, &me) {
		return a.localeError(me)
	}
	if ue := a.assetFault(err); ue != nil {
		return ue
	}
	return &exitError{code: ExitInternal, msg: a.t("cli.error.internal", map[string]any{"Detail": err.Error()})}
}

// localeError names the locale file, message and language that cannot be
// loaded, and why.
func (a *app) localeError(me *i18n.MessageError) error {
	var ae *i18n.ActionError
	detail := me.Err.Error()
	if errors.As(me.Err, &ae) {
		detail = a.t("i18n.problem.template_action", map[string]any{"Action": ae.Action, "Example": "{{.Name}}"})
	}
	return a.fail(ExitUsage, "i18n.error.locale_message", map[string]any{"File": a.where(me.File), "ID": me.ID, "Lang": me.Lang, "Detail": detail})
}

// validator returns the validator and the offence catalogue, built once
// per process: a batch validates every case with the same compiled schemas.
func (a *app) validator() (*validate.Validator, *offences.Catalog, error) {
	a.once.Do(func() {
		a.offs, a.onceErr = offences.Open(a.fsys)
		if a.onceErr != nil {
			return
		}
		a.val = validate.New(a.fsys)
		a.val.Offences = a.offs
	})
	return a.val, a.offs, a.onceErr
}
