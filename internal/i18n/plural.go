package i18n

import (
	"errors"
	"fmt"
	"strconv"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// ErrNoPluralRule is returned by PluralForms for a language that go-i18n
// has no CLDR plural rule for: it could not choose among plural forms.
var ErrNoPluralRule = errors.New("no CLDR plural rule")

var pluralCache sync.Map // tag -> []string

// pluralSamples are the counts PluralForms tries. Together they reach every
// form of the CLDR cardinal rules that go-i18n carries: the integers up to
// 1000 (one, two, few and many of the Slavic, Celtic and Semitic rules),
// round millions (French and Portuguese "many") and decimals (the forms of
// fractions, such as Russian "other" for 1.5).
var pluralSamples = func() []string {
	var s []string
	for i := 0; i <= 1000; i++ {
		s = append(s, strconv.Itoa(i))
	}
	for _, n := range []int{10000, 100000, 1000000, 2000000, 10000000, 100000000, 1000000000} {
		s = append(s, strconv.Itoa(n))
	}
	for i := 0; i <= 110; i++ {
		for _, frac := range []string{"0", "1", "2", "5", "00", "01", "10", "20"} {
			s = append(s, fmt.Sprintf("%d.%s", i, frac))
		}
	}
	return s
}()

// PluralForms returns the plural forms that go-i18n chooses among for tag
// (a BCP 47 tag such as "fr" or "zh-Hans"), in canonical order: for French
// one, many and other; for English one and other; for Chinese other.
//
// go-i18n keeps its rules in an internal package, so they are learnt by
// asking it: a probe message holding every form is localized for a range of
// counts, and each form it picks is recorded.
func PluralForms(tag string) ([]string, error) {
	if v, ok := pluralCache.Load(tag); ok {
		return v.([]string), nil
	}
	t, err := language.Parse(tag)
	if err != nil {
		return nil, fmt.Errorf("language tag %q: %w", tag, err)
	}
	b := goi18n.NewBundle(t)
	probe := &goi18n.Message{ID: "probe"}
	probe.Zero, probe.One, probe.Two, probe.Few, probe.Many, probe.Other = "zero", "one", "two", "few", "many", "other"
	if err := b.AddMessages(t, probe); err != nil {
		return nil, fmt.Errorf("%w for %s", ErrNoPluralRule, tag)
	}
	l := goi18n.NewLocalizer(b, t.String())
	seen := map[string]bool{}
	for _, n := range pluralSamples {
		s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: "probe", PluralCount: n})
		if err != nil {
			return nil, fmt.Errorf("plural forms of %s: %w", tag, err)
		}
		seen[s] = true
	}
	var forms []string
	for _, f := range Forms {
		if seen[f] {
			forms = append(forms, f)
		}
	}
	pluralCache.Store(tag, forms)
	return forms, nil
}
