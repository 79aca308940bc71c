package compose

import (
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

// TestConfiscationApplication: a freezing item that rests on an
// application for the confiscation of illegal gains pending before a court
// names the court, the date and the reference in both languages; without
// the application the request does not mention one.
func TestConfiscationApplication(t *testing.T) {
	c := loadCase(t, "examples/us-embezzlement.json")
	_, en := letter(t, inputFor(t, c))
	if strings.Contains(en, "Application for confiscation of illegal gains") {
		t.Error("the request names an application the case does not have")
	}
	for i := range c.Assistance {
		if c.Assistance[i].Type == "freeze_seize" {
			c.Assistance[i].ConfiscationApplication = &casefile.Application{
				Court:     casefile.Text{"zh": "东川市中级人民法院", "en": "Dongchuan Intermediate People's Court"},
				Date:      "2026-02-10",
				Reference: "（2026）东01刑没初1号",
			}
		}
	}
	zh, en := letter(t, inputFor(t, c))
	wantAll(t, "English", en, "Application for confiscation of illegal gains", "pending before Dongchuan Intermediate People's Court since 10 February 2026, No. （2026）东01刑没初1号")
	wantAll(t, "Chinese", zh, "违法所得没收申请", "2026年2月10日提出，东川市中级人民法院正在审理，编号（2026）东01刑没初1号")
}
