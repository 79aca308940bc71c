package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/compose"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
	"github.com/mla-dev/mla/internal/signoff"
	"github.com/mla-dev/mla/internal/validate"
)

// checkOptions are what a command asks of the check besides the case file.
type checkOptions struct {
	// translation is generate's --translation: the language of the
	// translation when it differs from the case's own choice ("" = none).
	translation string
	// noFiles: the case comes from the web form, whose evidence files are
	// in the officer's browser (hashed there), not in a folder here; none
	// is looked for.
	noFiles bool
}

// checked is a case file that was loaded and validated: the finished,
// localized report and everything the composers need, computed once.
type checked struct {
	file     *casefile.File
	report   *validate.Report
	profile  *profile.Profile  // nil when the case names no known state
	template *profile.Template // nil with profile
	offences *offences.Catalog
	law      compose.Law // the catalogue and its translations, for composing
	// translation is the language of the request's translation, decided
	// once (profile.TranslationLanguage); composable reports whether a
	// request (even a draft) can be composed: a known state that takes
	// translations in that language. When it cannot, the report says why.
	translation string
	composable  bool
	// folder is where evidence files are looked for ("" for none);
	// evidence are the files found there and hashed.
	folder   string
	evidence []validate.EvidenceFile
	// reviewFile and review are the review file read beside the case and
	// its bytes (nil when there is none): the status the pages print
	// comes from it, so the bundle records it as an input.
	reviewFile string
	review     []byte
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

// check loads and validates one case file: it owns the way from a case
// file to the finished report (schema and rules, evidence files, the state's
// legal review, localization, the reviewer's sections and checklist). An
// error it returns is an *exitError ready to print.
func (a *app) check(path string, o checkOptions) (*checked, error) {
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
	c := &checked{file: f, report: r, offences: cat}
	if !o.noFiles {
		c.folder = evidenceFolder(path)
		c.evidence = validate.CheckFilesProgress(r, f, c.folder, func(done, total int) {
			a.prog.count("cli.progress.files", done, total, nil)
		})
	}
	a.prog.step("cli.progress.check", map[string]any{"Total": items})
	if f.Case != nil && f.Case.RequestedState != "" {
		// Validate has read the state's profile: a broken one was its
		// error, an unknown state a finding.
		if p, t, err := v.Registry.Load(f.Case.RequestedState); err == nil {
			if err := a.checkLabels(v, p); err != nil {
				return nil, err
			}
			c.profile, c.template = p, t
			validate.AddUnconfirmed(r, p, t)
			if err := a.legalReview(c, o); err != nil {
				return nil, a.internal(err)
			}
			validate.AddMajor(r, f, validate.Major(f.Case, cat, a.major))
		}
	}
	if err := validate.Localize(r, a.cat, a.lang); err != nil {
		return nil, a.internal(err)
	}
	if err := a.review(c); err != nil {
		return nil, err
	}
	validate.Identify(r, f.Raw)
	sum := sha256.Sum256(f.Bytes)
	r.CaseSHA256 = hex.EncodeToString(sum[:])
	if path != casefile.Stdin {
		c.reviewFile = signoff.PathFor(path)
		if c.review, err = a.applyReview(r, c.reviewFile); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// evidenceCount is the number of items in the case's evidence list.
func evidenceCount(f *casefile.File) int {
	m, _ := f.Raw.(map[string]any)
	items, _ := m["evidence"].([]any)
	return len(items)
}

// checkLabels makes sure every labelled value of the state's schemas has
// its label in Chinese and in each language the state takes, so that a
// label left out of the locale files is an asset error (exit 2) when the
// state is loaded, not a fault when a document prints the value.
func (a *app) checkLabels(v *validate.Validator, p *profile.Profile) error {
	for _, name := range []string{validate.BaseSchema, p.Schema} {
		labels, err := v.Labels(name)
		if err != nil {
			return a.internal(err)
		}
		for _, l := range labels {
			for _, lang := range append([]string{"zh"}, p.TranslationLanguages...) {
				if _, err := a.cat.T(lang, l.ID, nil); err != nil {
					var me *i18n.MessageError
					if errors.As(err, &me) {
						return a.localeError(me)
					}
					return a.internal(&validate.LabelError{EnumLabel: l, Lang: lang})
				}
			}
		}
	}
	return nil
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
		a.major, a.onceErr = validate.LoadMajor(a.fsys)
	})
	return a.val, a.offs, a.onceErr
}
