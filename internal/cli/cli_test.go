package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	mla "github.com/mla-dev/mla"
)

// run runs mla in-process and returns the exit code and both streams.
func run(t *testing.T, stdin io.Reader, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	env := Env{Stdin: stdin, Stdout: &out, Stderr: &errb, Assets: mla.Assets(), Getenv: func(string) string { return "" }}
	code := Run(context.Background(), args, env)
	return code, out.String(), errb.String()
}

// repo returns a path relative to the repository root.
func repo(p string) string { return filepath.Join("..", "..", p) }

// checker returns the path of an external checker; when CI is set a
// missing checker fails the test, otherwise the test is skipped.
func checker(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	switch name {
	case "python3-openpyxl":
		p = "/usr/bin/python3"
		err = exec.Command(p, "-c", "import openpyxl").Run()
	case "ajv":
		// Ajv from npm, installed by .ci/run under .ci/js; the script to
		// run it with node is returned.
		p = repo(".ci/js/validate.js")
		if _, err = exec.LookPath("node"); err == nil {
			_, err = os.Stat(repo(".ci/js/node_modules/ajv/package.json"))
		}
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("checker %s is missing (CI is set): %v", name, err)
		}
		t.Skipf("checker %s is missing: %v", name, err)
	}
	return p
}

// TestHelp walks every command and parses its --help, so that a broken flag
// or a missing help message cannot ship.
func TestHelp(t *testing.T) {
	for _, lang := range []string{"en", "zh", "fr"} {
		for _, p := range commandPaths(t, lang) {
			args := append(append([]string{}, p...), "--help", "--lang", lang)
			code, out, errs := run(t, nil, args...)
			if code != 0 {
				t.Errorf("mla %s: exit %d, stderr %s", strings.Join(args, " "), code, errs)
			}
			if strings.Contains(out, "cli.") || strings.Contains(out, "<no value>") {
				t.Errorf("mla %s: help shows a message id or an empty placeholder:\n%s", strings.Join(args, " "), out)
			}
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"validate", "--nope", "x.json"}, "--nope"},
		{"bad format", []string{"validate", "--format", "xml", repo("examples/us-embezzlement.json")}, "xml"},
		{"bad layout", []string{"generate", "--layout", "columns3", "--out", "x", repo("examples/us-embezzlement.json")}, "columns3"},
		{"missing file", []string{"validate", "does-not-exist.json"}, "does-not-exist.json"},
		{"unknown country", []string{"countries", "zz"}, "zz"},
		{"unknown language", []string{"validate", "--lang", "xx", "a.json"}, "xx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, nil, tt.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d; stderr %s", code, ExitUsage, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr does not name %q:\n%s", tt.want, errs)
			}
		})
	}
}

func TestPrescan(t *testing.T) {
	tests := []struct {
		args       []string
		env        map[string]string
		ui         string // the Windows interface language
		lang, dirs string
	}{
		{[]string{"validate", "--lang", "zh", "x"}, nil, "", "zh", ""},
		{[]string{"--lang=zh-Hans", "--assets=d"}, nil, "", "zh", "d"},
		{[]string{"x"}, map[string]string{"LANG": "zh_CN.UTF-8"}, "", "zh", ""},
		{[]string{"x"}, map[string]string{"MLA_LANG": "en", "LANG": "zh_CN.UTF-8"}, "", "en", ""},
		{[]string{"--", "--lang", "zh"}, nil, "", "en", ""},
		// --lang, then MLA_LANG, then LC_ALL, LC_MESSAGES, LANG.
		{[]string{"--lang", "fr", "x"}, map[string]string{"MLA_LANG": "zh", "LC_ALL": "zh_CN.UTF-8"}, "zh-CN", "fr", ""},
		{[]string{"x"}, map[string]string{"MLA_LANG": "fr", "LC_ALL": "zh_CN.UTF-8"}, "", "fr", ""},
		{[]string{"x"}, map[string]string{"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "", "zh", ""},
		{[]string{"x"}, map[string]string{"LC_ALL": "fr_CA.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "", "fr", ""},
		{[]string{"x"}, map[string]string{"LC_MESSAGES": "zh_SG.GB18030", "LANG": "fr_FR.UTF-8"}, "", "zh", ""},
		{[]string{"x"}, map[string]string{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_TW.UTF-8"}, "", "zh", ""},
		// The first one set decides, even "C": English, not the next one.
		{[]string{"x"}, map[string]string{"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "", "en", ""},
		{[]string{"x"}, map[string]string{"LC_MESSAGES": "POSIX", "LANG": "zh_CN.UTF-8"}, "zh-CN", "en", ""},
		// Then the Windows interface language.
		{[]string{"x"}, nil, "zh-CN", "zh", ""},
		{[]string{"x"}, nil, "fr-FR", "fr", ""},
		{[]string{"x"}, map[string]string{"LANG": "en_GB.UTF-8"}, "zh-CN", "en", ""},
		{[]string{"x"}, nil, "", "en", ""},
	}
	for _, tt := range tests {
		lang, dir, _ := prescan(tt.args, func(k string) string { return tt.env[k] }, func() string { return tt.ui })
		if lang != tt.lang || dir != tt.dirs {
			t.Errorf("prescan(%q, %v, ui %q) = %q, %q; want %q, %q", tt.args, tt.env, tt.ui, lang, dir, tt.lang, tt.dirs)
		}
	}
}

func TestLocaleLang(t *testing.T) {
	tests := map[string]string{
		"zh_CN.UTF-8": "zh", "zh_SG": "zh", "zh-Hans": "zh", "zh-Hans-CN": "zh", "zh_CN.GB18030": "zh",
		// Only simplified Chinese exists: its readers read it better than English.
		"zh_TW.UTF-8": "zh", "zh_HK": "zh", "zh-Hant-TW": "zh",
		"fr_CA.UTF-8": "fr", "fr_FR@euro": "fr", "fr-BE": "fr",
		"en_US.UTF-8": "en", "en_GB": "en", "en-AU": "en",
		"C": "en", "POSIX": "en", "C.UTF-8": "en", "": "en", "   ": "en",
		"de_DE.UTF-8": "de", "not a locale": "en", "xx_YY": "en", "ü": "en",
	}
	for in, want := range tests {
		if got := localeLang(in); got != want {
			t.Errorf("localeLang(%q) = %q, want %q", in, got, want)
		}
	}
}

// A system language mla has no messages for gives English; the same
// language asked for with --lang or MLA_LANG is a usage error (see
// TestUsageErrors), and a locale name given to --lang is understood.
func TestSystemLanguageWithoutMessages(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"LANG": "de_DE.UTF-8"}, []string{"version"}, "en"},
		{map[string]string{"LC_ALL": "ja_JP.UTF-8"}, []string{"version"}, "en"},
		{nil, []string{"--lang", "zh_CN.UTF-8", "version"}, "zh"},
		{nil, []string{"--lang", "fr-CA", "version"}, "fr"},
		{map[string]string{"MLA_LANG": "en_GB"}, []string{"version"}, "en"},
	} {
		a := &app{env: Env{Assets: mla.Assets(), Getenv: func(k string) string { return tt.env[k] }}}
		a.lang, a.assets, a.langFromSystem = prescan(tt.args, a.env.Getenv, nil)
		if err := a.load(); err != nil {
			t.Errorf("%v %q: %v", tt.env, tt.args, err)
			continue
		}
		if a.lang != tt.want {
			t.Errorf("%v %q: language %q, want %q", tt.env, tt.args, a.lang, tt.want)
		}
	}
	code, _, errs := run(t, nil, "--lang", "de", "version")
	if code != ExitUsage || !strings.Contains(errs, "de") {
		t.Errorf("--lang de without German messages: exit %d, stderr %s", code, errs)
	}
}

// commandPaths lists the path of every command of mla ("", "i18n check",
// …), built with its help texts in lang.
func commandPaths(t *testing.T, lang string) [][]string {
	t.Helper()
	a := &app{env: Env{Assets: mla.Assets()}, lang: lang}
	if err := a.load(); err != nil {
		t.Fatal(err)
	}
	var paths [][]string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		paths = append(paths, strings.Fields(c.CommandPath())[1:])
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(a.newRootCmd())
	return paths
}
