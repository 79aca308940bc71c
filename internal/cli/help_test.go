package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
)

// runLang runs mla with its messages in lang, chosen by MLA_LANG (--lang
// names the translation's language in i18n export and translate export).
func runLang(t *testing.T, lang string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Assets: mla.Assets(),
		Getenv: func(k string) string { return map[string]string{"MLA_LANG": lang}[k] }}
	code := Run(context.Background(), args, env)
	return code, out.String(), errb.String()
}

// cobraWords are the English words that cobra and pflag write themselves;
// none may remain in the help of a Chinese or French user.
var cobraWords = []string{
	"Usage:", "Aliases:", "Examples:", "Available Commands:", "Additional Commands:",
	"Flags:", "Global Flags:", "Additional help topics:", "for more information about a command",
	"[flags]", "[command]", "help for ", "version for ", "(default ", " string ",
	"Help about any command", "Help provides help", "autocompletion script",
	"disable completion descriptions", "To load completions",
}

// TestHelpHasNoEnglishWords runs every command's --help (and help, and
// help CMD) in Chinese and in French: no line may hold cobra's English.
func TestHelpHasNoEnglishWords(t *testing.T) {
	for _, lang := range []string{"zh", "fr"} {
		paths := commandPaths(t, lang)
		if len(paths) < 20 {
			t.Fatalf("only %d commands", len(paths))
		}
		var calls [][]string
		for _, p := range paths {
			calls = append(calls, append(append([]string{}, p...), "--help"))
			if len(p) > 0 {
				calls = append(calls, append([]string{"help"}, p...))
			}
		}
		calls = append(calls, []string{"help"}, []string{})
		for _, args := range calls {
			code, out, errs := runLang(t, lang, args...)
			if code != 0 {
				t.Errorf("mla %s: exit %d, stderr %s", strings.Join(args, " "), code, errs)
			}
			for _, line := range strings.Split(out+errs, "\n") {
				for _, w := range cobraWords {
					if strings.Contains(line, w) {
						t.Errorf("mla %s: %q is English:\n%s", strings.Join(args, " "), w, line)
					}
				}
			}
		}
	}
	// English keeps cobra's words, so the list above is what cobra writes.
	_, out, _ := run(t, nil, "validate", "--help", "--lang", "en")
	for _, w := range []string{"Usage:", "Flags:", "Global Flags:", "Examples:", "[flags]", "help for ", "(default ", " string "} {
		if !strings.Contains(out, w) {
			t.Errorf("English help lacks %q:\n%s", w, out)
		}
	}
}

// TestParserErrorsLocalized: the command line's own errors (unknown
// command or flag, a flag without its value, required flags, the wrong
// number of arguments) are said in the user's language, exit 2, and name
// what was wrong.
func TestParserErrorsLocalized(t *testing.T) {
	english := []string{"unknown command", "unknown flag", "unknown shorthand", "flag needs an argument",
		"required flag", "accepts", "arg(s)", "received", "Did you mean", "invalid argument", "Unknown help topic", "usage:"}
	tests := []struct {
		args []string
		want map[string]string // lang -> a text the error must hold
	}{
		{[]string{"nosuch"}, map[string]string{"zh": "“nosuch”", "fr": "«\u00a0nosuch\u00a0»", "en": `unknown command "nosuch"`}},
		{[]string{"valdate"}, map[string]string{"zh": "您要输入的是不是：\n\tvalidate", "fr": "Vouliez-vous dire\u00a0:\n\tvalidate", "en": "Did you mean this?\n\tvalidate"}},
		{[]string{"validate", "--nope", "x.json"}, map[string]string{"zh": "未知选项：--nope", "fr": "option inconnue\u00a0: --nope", "en": "unknown flag: --nope"}},
		{[]string{"validate", "-Z", "x.json"}, map[string]string{"zh": "-Z", "fr": "option courte inconnue", "en": "unknown shorthand flag: -Z"}},
		{[]string{"validate", "x.json", "--format"}, map[string]string{"zh": "选项 --format 需要一个值", "fr": "l’option --format attend une valeur", "en": "flag needs an argument: --format"}},
		{[]string{"generate", "x.json"}, map[string]string{"zh": "缺少必需的选项 --out", "fr": "l’option obligatoire --out manque", "en": "required flag --out not set"}},
		{[]string{"validate", "a.json", "b.json"}, map[string]string{"zh": "mla validate 需要 1 个参数，收到 2 个", "fr": "mla validate prend 1 argument, reçu 2", "en": "mla validate takes 1 argument, got 2"}},
		{[]string{"validate"}, map[string]string{"zh": "收到 0 个", "fr": "reçu 0", "en": "got 0"}},
		{[]string{"countries", "ca", "us"}, map[string]string{"zh": "最多接受 1 个参数", "fr": "prend au plus 1 argument", "en": "takes at most 1 argument"}},
		{[]string{"generate", "--out", "d"}, map[string]string{"zh": "至少需要 1 个参数", "fr": "prend au moins 1 argument", "en": "takes at least 1 argument"}},
		{[]string{"version", "x"}, map[string]string{"zh": "不接受参数", "fr": "ne prend pas d’argument", "en": "takes no arguments"}},
		{[]string{"help", "nosuch"}, map[string]string{"zh": "没有“nosuch”的帮助主题", "fr": "aucun sujet d’aide «\u00a0nosuch\u00a0»", "en": `no help topic "nosuch"`}},
		{[]string{"validate", "--force=maybe", "x.json"}, nil},
	}
	for _, tt := range tests {
		for _, lang := range []string{"zh", "fr", "en"} {
			args := tt.args
			code, out, errs := runLang(t, lang, args...)
			if code != ExitUsage {
				t.Errorf("mla %s: exit %d, want %d; stderr %s", strings.Join(args, " "), code, ExitUsage, errs)
			}
			if out != "" {
				t.Errorf("mla %s: standard output %q", strings.Join(args, " "), out)
			}
			if w := tt.want[lang]; w != "" && !strings.Contains(errs, w) {
				t.Errorf("mla %s: stderr lacks %q:\n%s", strings.Join(args, " "), w, errs)
			}
			if lang == "en" {
				continue
			}
			args = append(args, "MLA_LANG="+lang)
			for _, w := range english {
				if strings.Contains(errs, w) {
					t.Errorf("mla %s: %q is English:\n%s", strings.Join(args, " "), w, errs)
				}
			}
		}
	}
}

// TestPartialLanguage: a language whose translation is partial (a German
// locale under --assets) shows each message it lacks in English, says so
// once on standard error, in English since it lacks that message too, and
// never exits 3.
func TestPartialLanguage(t *testing.T) {
	assets := filepath.Join("testdata", "partial-de")
	valid, invalid := repo("examples/us-embezzlement.json"), repo("schemas/testdata/us/invalid/missing-facts.json")
	note := "not every message of mla is translated into de"
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"validate", valid}, ExitOK},
		{[]string{"validate", invalid}, ExitFindings},
		{[]string{"generate", "--draft", "--out", "OUT", invalid}, ExitOK},
		{[]string{"generate", "--out", "OUT", invalid}, ExitFindings},
		{[]string{"review", "--out", "OUT", valid}, ExitOK},
		{[]string{"validate", "--nope", valid}, ExitUsage},
	}
	for _, tt := range tests {
		args := append([]string{"--assets", assets, "--lang", "de"}, tt.args...)
		for i, a := range args {
			if a == "OUT" {
				args[i] = filepath.Join(t.TempDir(), "out")
			}
		}
		code, out, errs := run(t, nil, args...)
		name := strings.Join(tt.args, " ")
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", name, code, tt.code, errs)
		}
		if n := strings.Count(errs, note); n != 1 {
			t.Errorf("%s: the note on English messages appears %d times:\n%s", name, n, errs)
		}
		if strings.Contains(out+errs, "message missing") || strings.Contains(out+errs, "cli.") {
			t.Errorf("%s: a message is missing rather than in English:\n%s%s", name, out, errs)
		}
		if strings.HasPrefix(tt.args[0], "validate") && code != ExitUsage && !strings.Contains(out, "Unbestätigte Angabe") {
			t.Errorf("%s: the German finding is not used:\n%s", name, out)
		}
	}
	// The German message wins where there is one.
	_, _, errs := run(t, nil, "--assets", assets, "--lang", "de", "validate", "--nope", valid)
	if !strings.Contains(errs, "Aufruf: ") {
		t.Errorf("the German usage message is not used:\n%s", errs)
	}
	// A complete language says nothing of the kind.
	_, _, errs = run(t, nil, "--lang", "zh", "validate", invalid)
	if strings.Contains(errs, "提示：mla 的提示信息尚未全部译成") || strings.Contains(errs, note) {
		t.Errorf("Chinese is complete, yet a fallback note is shown:\n%s", errs)
	}
}
