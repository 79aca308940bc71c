package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestOffencesShowsPenaltyArticles: `mla offences` on an article that refers
// to another for its penalty shows that article's text, in the text and the
// JSON output; an article with its own penalty shows none.
func TestOffencesShowsPenaltyArticles(t *testing.T) {
	code, out, errs := run(t, nil, "offences", "CN-CL-386")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Penalty fixed by Article 383 (CN-CL-383)", "第三百八十三条 对犯贪污罪的"} {
		if !strings.Contains(out, want) {
			t.Errorf("offences CN-CL-386 lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = run(t, nil, "offences", "CN-CL-191")
	if code != 0 || strings.Contains(out, "Penalty fixed by") {
		t.Errorf("offences CN-CL-191: exit %d, shows a penalty article:\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, nil, "offences", "CN-CL-385", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []struct {
		PenaltyBy []struct {
			ID   string              `json:"id"`
			Text map[string][]string `json:"text"`
		} `json:"penalty_by"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range got[0].PenaltyBy {
		ids = append(ids, p.ID)
		if len(p.Text["zh"]) == 0 {
			t.Errorf("%s quoted without its text", p.ID)
		}
	}
	if strings.Join(ids, ",") != "CN-CL-386,CN-CL-383" {
		t.Errorf("penalty_by of CN-CL-385 = %v, want CN-CL-386, CN-CL-383", ids)
	}
}
