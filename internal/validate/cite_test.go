package validate

import (
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

func TestCiteInFrench(t *testing.T) {
	e := offences.Offence{ID: "CN-CL-385", Citation: casefile.Text{"zh": "第三百八十五条", "en": "Article 385"}}
	fr := &profile.OffenceTexts{Language: "fr", Offences: map[string]profile.OffenceText{"CN-CL-385": {Citation: "Article 385 du Code pénal"}}}
	if got := (StateReview{Texts: fr}).cite(e); got.In("fr") != "Article 385 du Code pénal" || got.In("en") != "Article 385" {
		t.Errorf("cite with French texts = %+v", got)
	}
	if got := (StateReview{}).cite(e); got.In("fr") != "" {
		t.Errorf("cite without French texts = %+v", got)
	}
}
