// Package cli implements mla's commands. Each command lives in its own file
// with an options struct, a constructor that only parses flags and a run
// function that does the work; tests call the run functions with buffers.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/spf13/cobra"

	mla "github.com/mla-dev/mla"
	"github.com/mla-dev/mla/internal/i18n"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/validate"
)

// Version is mla's version; it is written into every manifest and PDF.
const Version = "0.1.0"

// Exit codes, listed under EXIT STATUS in the root help.
const (
	ExitOK       = 0 // success; for validate: no error finding
	ExitFindings = 1 // the case has error findings, or a bundle failed verification
	ExitUsage    = 2 // bad usage, or input that could not be read
	ExitInternal = 3 // a fault of mla itself (a bug): please report it
)

// Env is what commands may touch of the outside world. Commands never use
// os.Stdout, the clock or the embedded files directly.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Assets is the embedded asset tree (schemas/, templates/, locales/).
	Assets fs.FS
	Getenv func(string) string
	// UILanguage returns the operating system's interface language where
	// the environment names none (Windows), or "". Nil: none.
	UILanguage func() string
	// Terminal is set when standard error is a terminal (progress, colour).
	Terminal bool
}

// exitError carries an exit code and a message already in the user's
// language.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// app is the state shared by the commands of one invocation.
type app struct {
	env  Env
	lang string
	// langFromSystem is set when lang comes from the locale of the system
	// rather than from --lang or MLA_LANG: a language mla lacks then gives
	// English instead of an error.
	langFromSystem bool
	assets         string // --assets DIR, or ""
	// fellBack is set once a message was missing in lang and shown in
	// English (see noteFallback).
	fellBack atomic.Bool
	// quiet is --quiet: standard error carries errors only (no progress,
	// no report of a case that passes, no "written" lines).
	quiet bool
	cat   *i18n.Catalog
	fsys  fs.FS

	// Built once, on first use (see validator).
	once    sync.Once
	val     *validate.Validator
	offs    *offences.Catalog
	major   []validate.MajorCriterion
	onceErr error
	// prog is the progress line of a single-case validate or generate
	// on a terminal, or nil.
	prog *progress
}

// Main runs mla with the process's arguments and streams and returns the
// exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	tuneGC(os.Getenv)
	env := Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Assets: mla.Assets(), Getenv: os.Getenv, UILanguage: uiLanguage}
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			env.Terminal = true
		}
	}
	return Run(context.Background(), args, env)
}

// Run runs mla with args in env and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	a := &app{env: env}
	a.lang, a.assets, a.langFromSystem = prescan(args, env.Getenv, env.UILanguage)
	if err := a.load(); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			fmt.Fprintln(env.Stderr, ee.msg)
		} else {
			fmt.Fprintln(env.Stderr, "mla:", err)
		}
		return ExitUsage
	}
	root := a.newRootCmd()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	a.prog.clear()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(env.Stderr, ee.msg)
		}
		return ee.code
	}
	// Errors from cobra itself: unknown command, required flags.
	fmt.Fprintln(env.Stderr, a.cobraError(root, err))
	return ExitUsage
}

// prescan finds --lang and --assets before the commands are built, because
// the help texts themselves come from the locale files. Without --lang the
// language comes from MLA_LANG, then from the system (see systemLang), and
// fromSystem says so.
func prescan(args []string, getenv func(string) string, uiLang func() string) (lang, assets string, fromSystem bool) {
	target := langIsTarget(args) // --lang names the translation's language
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		for _, name := range []string{"--lang", "--assets"} {
			var v string
			switch {
			case strings.HasPrefix(a, name+"="):
				v = strings.TrimPrefix(a, name+"=")
			case a == name && i+1 < len(args):
				v = args[i+1]
			default:
				continue
			}
			if name == "--lang" {
				if !target {
					lang = v
				}
			} else {
				assets = v
			}
		}
	}
	if lang == "" && getenv != nil {
		lang = getenv("MLA_LANG")
	}
	if lang == "" {
		lang, fromSystem = systemLang(getenv, uiLang), true
	}
	if lang == "" {
		lang = "en"
	}
	return i18n.Short(i18n.Tag(lang)), assets, fromSystem
}

func (a *app) load() error {
	a.fsys = a.env.Assets
	if a.assets != "" {
		if fi, err := os.Stat(a.assets); err != nil || !fi.IsDir() {
			return a.assetLoadError(&assetError{kind: assetNoFolder, file: a.assets})
		}
		top, err := readAssets(a.assets)
		if err != nil {
			return a.assetLoadError(err)
		}
		a.fsys = overlayFS{top: top, base: a.env.Assets}
	}
	cat, err := i18n.Load(a.fsys, "locales")
	if err != nil {
		return err
	}
	a.cat = cat
	if !cat.Has(a.lang) {
		// --lang zh_CN, fr-CA, en_GB: the language of a locale name.
		if l, ok := localeBase(a.lang); ok && cat.Has(l) {
			a.lang = l
		} else if a.langFromSystem {
			a.lang = "en"
		} else {
			return fmt.Errorf("--lang %s: no messages in this language (available: %s)", a.lang, strings.Join(cat.Languages(), ", "))
		}
	}
	if err := cat.Preload(a.lang); err != nil {
		return a.assetLoadError(err)
	}
	if a.lang != "en" && cat.Has("en") {
		// A partial translation (a language under --assets) speaks
		// English where it must, message by message, and says so once.
		cat.SetFallback(a.lang, "en", a.noteFallback)
	}
	return nil
}

// noteFallback says once, on standard error, that messages missing in the
// user's language are shown in English; the note itself is in English
// when the language lacks it too.
func (a *app) noteFallback(lang, _ string) {
	if a.fellBack.Swap(true) {
		return
	}
	fmt.Fprintln(a.env.Stderr, a.t("cli.note.fallback", map[string]any{"Lang": i18n.Tag(lang)}))
}

// assetLoadError localizes a refused asset met while the locale files
// themselves are being read: in the built-in messages.
func (a *app) assetLoadError(err error) error {
	var ae *assetError
	if !errors.As(err, &ae) {
		return fmt.Errorf("--assets %s: %w", a.assets, err)
	}
	saved := a.cat
	defer func() { a.cat = saved }()
	cat, cerr := i18n.Load(a.env.Assets, "locales")
	if cerr != nil {
		return err
	}
	a.cat = cat
	if !cat.Has(a.lang) {
		a.lang = "en"
	}
	return a.assetFault(err)
}

// t returns a message in the user's language. A missing message shows its
// id, which the locale check in CI prevents.
func (a *app) t(id string, data map[string]any) string {
	s, _ := a.cat.T(a.lang, id, data)
	return s
}

func (a *app) fail(code int, id string, data map[string]any) error {
	return &exitError{code: code, msg: a.t(id, data)}
}

func (a *app) newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "mla",
		Short:         a.t("cli.root.short", nil),
		Long:          a.t("cli.root.long", nil),
		Version:       Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("lang", a.lang, a.t("cli.flag.lang", nil))
	root.PersistentFlags().String("assets", "", a.t("cli.flag.assets", nil))
	root.PersistentFlags().BoolVarP(&a.quiet, "quiet", "q", false, a.t("cli.flag.quiet", nil))
	root.SetVersionTemplate("mla {{.Version}}\n")
	root.AddCommand(
		a.newValidateCmd(),
		a.newGenerateCmd(),
		a.newReviewCmd(),
		a.newDiffCmd(),
		a.newOffencesCmd(),
		a.newInitCmd(),
		a.newIntakeCmd(),
		a.newCountriesCmd(),
		a.newSchemaCmd(),
		a.newVersionCmd(),
		a.newI18nCmd(),
		a.newTranslateCmd(),
		a.newVerifyCmd(),
		a.newKeysCmd(),
		a.newSignCmd(),
		a.newServeCmd(),
	)
	// cobra's own words in the user's language. The help flags are also
	// known before parsing, so that "mla --help --lang en" reads "en" as
	// the value of --lang rather than as a command name.
	a.localize(root)
	return root
}

// say prints a message to standard error (standard output stays free for
// data).
func (a *app) say(id string, data map[string]any) {
	fmt.Fprintln(a.env.Stderr, a.t(id, data))
}

// stdoutName is the name of standard output where a command writes one
// file: "--out -".
const stdoutName = "-"

// noStdout refuses "--out -" for a command that writes several files into
// a folder: "-" never becomes a folder of that name ("./-" does).
func (a *app) noStdout(cmd *cobra.Command, out string) error {
	if out != stdoutName {
		return nil
	}
	return a.fail(ExitUsage, "cli.out.dash_folder", map[string]any{"Command": cmd.CommandPath()})
}

// note prints a message that only informs (a file written, a summary) to
// standard error, unless --quiet.
func (a *app) note(id string, data map[string]any) {
	if !a.quiet {
		a.say(id, data)
	}
}
