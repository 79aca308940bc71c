package compose

import (
	"strings"
	"testing"
)

// TestUrgentConfirmationInWriting: an urgent request to Canada, whose
// treaty lets an urgent request be made by other means, says the letter is
// its confirmation in writing; a normal one, or one to a state without
// that rule, does not. A limitation date is stated when the case has one.
func TestUrgentConfirmationInWriting(t *testing.T) {
	c := loadCase(t, "examples/ca-bribery-fr.json")
	c.Urgency.Level = "urgent"
	c.Urgency.LimitationDate = "2027-03-01"
	zh, tr := letter(t, inputFor(t, c))
	wantAll(t, "urgent request to Canada", zh, "本函即为书面确认", "时效期限：2027年3月1日")
	wantAll(t, "urgent request to Canada", tr, "confirmation écrite", "Date de prescription")
	c.Urgency.Level = "normal"
	c.Urgency.LimitationDate = ""
	zh, _ = letter(t, inputFor(t, c))
	if strings.Contains(zh, "书面确认") || strings.Contains(zh, "时效期限") {
		t.Error("a normal request to Canada says it confirms an urgent one, or states a limitation date")
	}
	us := loadCase(t, "examples/us-embezzlement.json")
	us.Urgency.Level = "urgent"
	zh, _ = letter(t, inputFor(t, us))
	if strings.Contains(zh, "本函即为书面确认") {
		t.Error("a request to the United States says it confirms an urgent one made by other means")
	}
}
