package validate

import (
	"os"
	"regexp"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

// TestIntegrityLocale checks locales/integrity.*.toml: both languages hold
// the same ids with the same placeholders and a description, the Chinese is
// Chinese, and every rule of files.go and chars.go and every loading error
// they add has its message.
var letters = regexp.MustCompile(`[A-Za-z]{2,}`)

func TestIntegrityLocale(t *testing.T) {
	en := readLocale(t, "integrity.en.toml")
	zh := readLocale(t, "integrity.zh-Hans.toml")
	if len(en) < 20 {
		t.Fatalf("only %d messages", len(en))
	}
	// A text with words must have Chinese ones; "SHA-256" stays as it is.
	compareLocales(t, en, zh, func(e, z string) bool {
		return letters.FindString(placeholder.ReplaceAllString(z, "")) != "" && !hasHan(z) && z != e
	})
	used := map[string]bool{}
	rule := regexp.MustCompile(`"((?:evidence|text)\.[a-z0-9_]+)"`)
	for _, file := range []string{"files.go", "chars.go"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rule.FindAllSubmatch(data, -1) {
			used["finding."+string(m[1])] = true
		}
	}
	if len(used) < 10 {
		t.Fatalf("only %d rules found: the scan is broken", len(used))
	}
	for _, k := range []casefile.Kind{casefile.KindTooDeep, casefile.KindTooLong, casefile.KindKeyControl} {
		used["load."+string(k)] = true
	}
	for id := range used {
		if _, ok := en[id]; !ok {
			t.Errorf("%s is used but not in integrity.en.toml", id)
		}
	}
}
