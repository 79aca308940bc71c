package validate

import (
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/offences"
	"github.com/mla-dev/mla/internal/profile"
)

func TestCiteInFrench(t *testing.T) {
	e := offences.Offence{ID: "CN-CL-385", Citation: casefile.Text{ZH: "第三百八十五条", EN: "Article 385"}}
	fr := &profile.OffenceTexts{Language: "fr", Offences: map[string]profile.OffenceText{"CN-CL-385": {Citation: "Article 385 du Code pénal"}}}
	if got := (StateReview{Texts: fr}).cite(e); got.FR != "Article 385 du Code pénal" || got.EN != "Article 385" {
		t.Errorf("cite with French texts = %+v", got)
	}
	if got := (StateReview{}).cite(e); got.FR != "" {
		t.Errorf("cite without French texts = %+v", got)
	}
}
