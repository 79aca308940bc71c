package validate

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/mla-dev/mla/internal/profile"
)

// TestConsistencyRules: what the Chinese texts and titles say about the
// organ, the stage and the dates against the case's own data.
func TestConsistencyRules(t *testing.T) {
	const commission = `"requesting_authority": {"name": {"zh": "东海市监察委员会"}}`
	const procuratorate = `"requesting_authority": {"name": {"zh": "东海市人民检察院"}}`
	tests := []struct {
		name, doc string
		want      []rp
	}{
		{"procuratorate opened, commission drafts", `{` + commission + `, "case": {"stage": "investigation",
			"procedure": {"zh": "2021年3月10日，东海市人民检察院对吴某立案侦查。"}, "opened": "2021-03-10"}}`,
			[]rp{{"consistency.opening_organ", "/case/procedure"}}},
		{"commission opened and drafts", `{` + commission + `, "case": {"stage": "investigation",
			"procedure": {"zh": "2021年3月10日，东海市监察委员会对吴某立案调查。"}, "opened": "2021-03-10"}}`, nil},
		{"commission opened, procuratorate drafts at enforcement", `{` + procuratorate + `, "case": {"stage": "enforcement",
			"procedure": {"zh": "2021年3月10日，东海市监察委员会对吴某立案调查。东海市人民检察院于2023年9月提出没收违法所得的申请。"}, "opened": "2021-03-10"}}`, nil},
		{"abbreviated commission", `{` + procuratorate + `, "case": {"stage": "investigation",
			"summary": {"zh": "市纪委监委已对其立案审查调查"}}}`,
			[]rp{{"consistency.opening_organ", "/case/summary"}}},
		{"opening date differs", `{` + commission + `, "date": "2026-01-12", "case": {"stage": "investigation",
			"facts": {"zh": "东海市监察委员会于2021年3月11日立案。"}, "opened": "2021-03-10"}}`,
			[]rp{{"consistency.opened_date", "/case/facts"}}},
		{"date after the request", `{` + commission + `, "date": "2026-01-12", "case": {"stage": "investigation",
			"facts": {"zh": "2026年2月1日，吴某出境。2020年4月7日出境。"}}}`,
			[]rp{{"consistency.date_after_request", "/case/facts"}}},
		{"impossible date is not read", `{` + commission + `, "date": "2026-01-12", "case": {"stage": "investigation",
			"facts": {"zh": "2027年2月30日"}}}`, nil},
		{"commission at trial", `{` + commission + `, "case": {"stage": "trial"}}`,
			[]rp{{"consistency.stage_organ", "/case/stage"}}},
		{"procuratorate at prosecution", `{` + procuratorate + `, "case": {"stage": "prosecution"}}`, nil},
		{"signatory of another organ", `{` + commission + `, "case": {}, "signatory": {"title": {"zh": "东海市人民检察院检察长"}},
			"contact": {"title": {"zh": "东海市监察委员会干部"}}}`,
			[]rp{{"consistency.signatory_organ", "/signatory/title"}}},
	}
	for _, tt := range tests {
		var root map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &root); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []rp
		for _, f := range consistencyRules(root) {
			got = append(got, rp{f.Rule, f.Pointer})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestConsistencyExamples: the four examples tell a consistent story.
func TestConsistencyExamples(t *testing.T) {
	for _, name := range []string{"au-bribery", "ca-bribery-fr", "nz-confiscation", "us-embezzlement"} {
		b, err := os.ReadFile("../../examples/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var root map[string]any
		if err := json.Unmarshal(b, &root); err != nil {
			t.Fatal(err)
		}
		for _, f := range consistencyRules(root) {
			t.Errorf("%s: %s at %s", name, f.Rule, f.Pointer)
		}
	}
}

// TestFunctionsRule: a supervisory commission's request to a state whose
// template does not explain its functions is a warning; the four states'
// templates explain them, and a procuratorate's request needs nothing.
func TestFunctionsRule(t *testing.T) {
	v := New(repo)
	commission := map[string]any{"requesting_authority": map[string]any{"name": map[string]any{"zh": "东海市监察委员会"}}}
	procuratorate := map[string]any{"requesting_authority": map[string]any{"name": map[string]any{"zh": "东海市人民检察院"}}}
	for _, st := range []string{"US", "CA", "AU", "NZ"} {
		_, tmpl, err := v.Registry.Load(st)
		if err != nil {
			t.Fatal(err)
		}
		if fs := functionsRule(commission, tmpl); len(fs) != 0 {
			t.Errorf("%s: %v", st, fs)
		}
	}
	bare := &profile.Template{Sections: []profile.Section{{ID: "authority", Content: []string{"authority"}}}}
	fs := functionsRule(commission, bare)
	if len(fs) != 1 || fs[0].Rule != "authority.functions_missing" || fs[0].Pointer != "/requesting_authority/name" {
		t.Errorf("template without authority_functions: %v", fs)
	}
	if fs := functionsRule(procuratorate, bare); len(fs) != 0 {
		t.Errorf("procuratorate: %v", fs)
	}
}

// TestApprovalRule: a case without the competent authority's approval
// reference gets the review note; one with it does not.
func TestApprovalRule(t *testing.T) {
	for _, tt := range []struct {
		doc  string
		want int
	}{
		{`{}`, 1},
		{`{"requesting_authority": {"approval": {"date": "2026-01-01"}}}`, 1},
		{`{"requesting_authority": {"approval": {"reference": "高检协批〔2026〕2号", "date": "2026-01-01"}}}`, 0},
	} {
		var root map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &root); err != nil {
			t.Fatal(err)
		}
		fs := approvalRule(root)
		if len(fs) != tt.want || len(fs) == 1 && (fs[0].Rule != "authority.approval_missing" || fs[0].Pointer != "/requesting_authority/approval") {
			t.Errorf("%s: %v", tt.doc, fs)
		}
	}
}
