package casediff

import (
	"encoding/json"
	"testing"

	"github.com/mla-dev/mla/internal/validate"
)

func parse(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCasesMatchesItemsByID: a person inserted first shows as one added
// item, not as every person changed; a changed text of a later person is
// named by that person's id.
func TestCasesMatchesItemsByID(t *testing.T) {
	a := parse(t, `{"persons":[{"id":"P1","name":"A"},{"id":"P2","name":"B"}],"notes":["x","y"],"date":"2026-01-01"}`)
	b := parse(t, `{"persons":[{"id":"P3","name":"C"},{"id":"P1","name":"A"},{"id":"P2","name":"B2"}],"notes":["x"],"reference":"R"}`)
	got := Cases(a, b)
	want := []Change{
		{Op: Removed, Pointer: "/date", Path: "/date"},
		{Op: Removed, Pointer: "/notes/1", Path: "/notes/1"},
		{Op: Added, Pointer: "/persons/0", Path: "/persons/@P3"},
		{Op: Changed, Pointer: "/persons/2/name", Path: "/persons/@P2/name"},
		{Op: Added, Pointer: "/reference", Path: "/reference"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i].Op != want[i].Op || got[i].Pointer != want[i].Pointer || got[i].Path != want[i].Path {
			t.Errorf("change %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if got[3].Old != "B" || got[3].New != "B2" {
		t.Errorf("changed values %v → %v", got[3].Old, got[3].New)
	}
	if len(Cases(a, a)) != 0 {
		t.Error("a case differs from itself")
	}
}

func TestFindingsByID(t *testing.T) {
	f := func(key string, sev validate.Severity, msg string) validate.Finding {
		return validate.Finding{Key: key, Severity: sev, Rule: "r", Message: map[string]string{"en": msg}}
	}
	a := []validate.Finding{f("aaaaaaa", validate.Error, "x"), f("bbbbbbb", validate.Warning, "y"), f("ccccccc", validate.Info, "z")}
	b := []validate.Finding{f("bbbbbbb", validate.Warning, "y"), f("ccccccc", validate.Info, "z2"), f("ddddddd", validate.Error, "w")}
	got := Findings(a, b)
	want := []struct{ op, id string }{{Changed, "ccccccc"}, {Added, "ddddddd"}, {Removed, "aaaaaaa"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		if got[i].Op != w.op || got[i].ID != w.id {
			t.Errorf("%d: %s %s, want %s %s", i, got[i].Op, got[i].ID, w.op, w.id)
		}
	}
}
