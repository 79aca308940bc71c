package validate

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestAnnexTranslations: an annex that does not say whether it is
// translated, one without a translation and one translated into another
// language than the request each give a warning; one translated into the
// request's language gives none.
func TestAnnexTranslations(t *testing.T) {
	v := New(repo)
	tests := []struct {
		state, doc string
		want       []rp
	}{
		{"US", `{"annexes": [{"title": {"zh": "甲"}}]}`, []rp{{"annex.translation_missing", "/annexes/0/translation"}}},
		{"US", `{"annexes": [{"title": {"zh": "甲"}, "translation": {"none": true}}]}`, []rp{{"annex.translation_none", "/annexes/0/translation"}}},
		{"US", `{"annexes": [{"title": {"zh": "甲"}, "translation": {"language": "fr"}}]}`, []rp{{"annex.translation_language", "/annexes/0/translation/language"}}},
		{"US", `{"annexes": [{"title": {"zh": "甲"}, "translation": {"language": "en", "file": "a.pdf"}}]}`, nil},
		{"CA", `{"translation": "fr", "annexes": [{"title": {"zh": "甲"}, "translation": {"language": "fr"}}]}`, nil},
		{"CA", `{"translation": "fr", "annexes": [{"title": {"zh": "甲"}, "translation": {"language": "en"}}]}`, []rp{{"annex.translation_language", "/annexes/0/translation/language"}}},
		{"NZ", `{}`, nil},
	}
	for _, tt := range tests {
		p := v.stateProfile(tt.state)
		var root map[string]any
		if err := json.Unmarshal([]byte(tt.doc), &root); err != nil {
			t.Fatal(err)
		}
		var got []rp
		for _, f := range annexTranslations(root, p) {
			got = append(got, rp{f.Rule, f.Pointer})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %s: %v, want %v", tt.state, tt.doc, got, tt.want)
		}
	}
}
