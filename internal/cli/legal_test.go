package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTranslationChoice: a Canadian case translated into French generates
// in French; asking for English, which its texts lack, or for a language
// Canada does not take, is refused with the finding that says why.
func TestTranslationChoice(t *testing.T) {
	kase := repo("examples/ca-bribery-fr.json")
	cases := []struct {
		flag string
		code int
		want string
	}{
		{"", 0, ""},
		{"fr", 0, ""},
		{"en", ExitFindings, "translation.missing"},
		{"de", ExitFindings, "translation.unsupported"},
		{"de --draft", ExitFindings, "translation.unsupported"},
	}
	for _, c := range cases {
		t.Run("translation="+c.flag, func(t *testing.T) {
			args := []string{"generate", kase, "--out", filepath.Join(t.TempDir(), "out")}
			if lang, draft, _ := strings.Cut(c.flag, " "); lang != "" {
				args = append(args, "--translation", lang)
				if draft != "" {
					args = append(args, draft)
				}
			}
			code, _, errs := run(t, nil, args...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, want %d with %q:\n%.600s", code, c.code, c.want, errs)
			}
		})
	}
}

// BenchmarkGenerateEveryExample measures a whole generate (validate with
// the review notes, compose, render, hash) of each state's example.
func BenchmarkGenerateEveryExample(b *testing.B) {
	names := exampleCases(b)
	a := benchApp(b)
	for _, name := range names {
		b.Run(filepath.Base(name), func(b *testing.B) {
			o := &generateOptions{layout: "parallel"}
			for b.Loop() {
				c, err := a.check(name, checkOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := a.render(c, 0, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
