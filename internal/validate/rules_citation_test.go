package validate

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestProvisionCitations: legal provisions that name a law without an
// article in the same clause give a warning naming that law; cited by
// article, none.
func TestProvisionCitations(t *testing.T) {
	tests := []struct {
		doc  string
		want []rp
		laws string
	}{
		{`{"assistance": [{"legal_provisions": {"zh": "《中华人民共和国监察法》关于冻结的规定；《中华人民共和国刑法》第六十四条。"}}]}`,
			[]rp{{"legal_provisions.article_missing", "/assistance/0/legal_provisions"}}, "《中华人民共和国监察法》"},
		{`{"assistance": [{"type": "records"}, {"legal_provisions": {"zh": "《中华人民共和国刑事诉讼法》第二百九十八条；《中华人民共和国刑法》第六十四条。"}}]}`, nil, ""},
		{`{"assistance": [{"legal_provisions": {"zh": "有关法律规定。"}}]}`, nil, ""},
		{`{"assistance": [{"legal_provisions": {"zh": "《甲法》和《乙法》的规定\n《甲法》第3条"}}]}`,
			[]rp{{"legal_provisions.article_missing", "/assistance/0/legal_provisions"}}, "《甲法》、《乙法》"},
	}
	for _, tt := range tests {
		var root map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &root); err != nil {
			t.Fatal(err)
		}
		fs := provisionCitations(root)
		var got []rp
		for _, f := range fs {
			got = append(got, rp{f.Rule, f.Pointer})
			if f.Args["Laws"] != tt.laws {
				t.Errorf("%s: laws %v, want %s", tt.doc, f.Args["Laws"], tt.laws)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.doc, got, tt.want)
		}
	}
}
