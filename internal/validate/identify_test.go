package validate

import (
	"encoding/json"
	"testing"
)

// TestIdentifyStable: a finding keeps its key when the items around it
// change (a person is removed before the one it is about), and findings
// of one rule at one place are told apart by what they are about.
func TestIdentifyStable(t *testing.T) {
	parse := func(s string) any {
		var v any
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	v1 := parse(`{"persons":[{"id":"P1","name":{"zh":"甲"}},{"id":"P2","occupation":{"zh":"局长"}}],"case":{"facts":{"zh":"x"}}}`)
	v2 := parse(`{"persons":[{"id":"P2","occupation":{"zh":"局长"}}],"case":{"facts":{"zh":"x"}}}`)
	r1 := &Report{Findings: []Finding{
		{Rule: "translation.missing", Pointer: "/persons/1/occupation/en"},
		{Rule: "text.chinese_in_translation", Pointer: "/case/facts/en", Args: map[string]any{"Chinese": "局长"}},
		{Rule: "text.chinese_in_translation", Pointer: "/case/facts/en", Args: map[string]any{"Chinese": "规划局"}},
	}}
	r2 := &Report{Findings: []Finding{
		{Rule: "translation.missing", Pointer: "/persons/0/occupation/en"},
		{Rule: "translation.missing", Pointer: "/persons/0/name/en"},
	}}
	Identify(r1, v1)
	Identify(r2, v2)
	if r1.Findings[0].Key == "" || r1.Findings[0].Key != r2.Findings[0].Key {
		t.Errorf("the same defect of P2 has keys %q and %q", r1.Findings[0].Key, r2.Findings[0].Key)
	}
	if r2.Findings[1].Key == r2.Findings[0].Key {
		t.Errorf("two fields of P2 share the key %q", r2.Findings[0].Key)
	}
	if r1.Findings[1].Key == r1.Findings[2].Key {
		t.Errorf("two findings about different phrases share the key %q", r1.Findings[1].Key)
	}
	for _, f := range append(r1.Findings, r2.Findings...) {
		if len(f.Key) != keyLength {
			t.Errorf("key %q is not %d characters", f.Key, keyLength)
		}
	}
	if got := StablePath(v1, "/persons/1/occupation/zh"); got != "/persons/@P2/occupation/zh" {
		t.Errorf("StablePath = %q", got)
	}
	if got := StablePath(v1, "/persons/7/name"); got != "/persons/7/name" {
		t.Errorf("StablePath of an index out of range = %q", got)
	}
}
