package validate

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestVideoLinkTerms: testimony by video link without the witness's rights
// and obligations, protection or allowances gives a warning for each one
// missing; with all three, or testimony not by video link, none.
func TestVideoLinkTerms(t *testing.T) {
	const all = `"rights_and_obligations": {"zh": "甲"}, "protection": {"zh": "乙"}, "allowances": {"zh": "丙"}`
	tests := []struct {
		doc  string
		want []rp
	}{
		{`{"assistance": [{"type": "testimony", "video_link": true}]}`, []rp{
			{"testimony.video_link_rights_and_obligations_missing", "/assistance/0/rights_and_obligations"},
			{"testimony.video_link_protection_missing", "/assistance/0/protection"},
			{"testimony.video_link_allowances_missing", "/assistance/0/allowances"},
		}},
		{`{"assistance": [{"type": "records"}, {"type": "testimony", "video_link": true, "rights_and_obligations": {"zh": "甲"}, "protection": {"zh": ""}}]}`, []rp{
			{"testimony.video_link_protection_missing", "/assistance/1/protection"},
			{"testimony.video_link_allowances_missing", "/assistance/1/allowances"},
		}},
		{`{"assistance": [{"type": "testimony", "video_link": true, ` + all + `}]}`, nil},
		{`{"assistance": [{"type": "testimony", "video_link": false}]}`, nil},
		{`{"assistance": [{"type": "testimony"}]}`, nil},
	}
	for _, tt := range tests {
		var root map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &root); err != nil {
			t.Fatal(err)
		}
		var got []rp
		for _, f := range videoLinkTerms(root) {
			got = append(got, rp{f.Rule, f.Pointer})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.doc, got, tt.want)
		}
	}
}
