package compose

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
	"github.com/mla-dev/mla/internal/profile"
)

// TestEvidenceGuidance: the evidence list prints the requested state's
// guidelines with their status for the case: ✓ where every item meets one,
// ✗ and the failing items where one does not, — where none applies; and no
// section when the state has no guidelines.
func TestEvidenceGuidance(t *testing.T) {
	raw, err := os.ReadFile("../../examples/us-embezzlement.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	// E8 (a bank record) loses its translation; A1 keeps its certification.
	root["evidence"].([]any)[7].(map[string]any)["translations"] = []any{"fr"}
	c := example(t)
	in := input(t, c)
	if in.Profile.Guide == nil {
		t.Fatal("the United States has no evidence guidelines")
	}
	in.Guidance = in.Profile.Guide.Evaluate(root, "en")
	d, err := EvidenceList(in)
	if err != nil {
		t.Fatal(err)
	}
	var g *document.Table
	for _, b := range d.Blocks {
		if tb, ok := b.(document.Table); ok && tb.Sheet == "Guidelines" {
			g = &tb
		}
	}
	if g == nil {
		t.Fatal("no guidance table")
	}
	if len(g.Rows) != len(in.Profile.Guide.Items) {
		t.Fatalf("%d rows for %d guidelines", len(g.Rows), len(in.Profile.Guide.Items))
	}
	rows := map[string][]string{}
	for i, it := range in.Profile.Guide.Items {
		rows[it.ID] = g.Rows[i]
		if len(g.Rows[i]) != len(g.Columns) {
			t.Fatalf("row %d has %d cells for %d columns", i, len(g.Rows[i]), len(g.Columns))
		}
		if src := g.Rows[i][6]; src != it.SourceText() {
			t.Errorf("%s: source %q, want %q", it.ID, src, it.SourceText())
		}
	}
	if r := rows["translation"]; !strings.HasPrefix(r[5], "✗") || !strings.Contains(r[4], "E8 ✗") || strings.Contains(r[4], "E9 ✗") {
		t.Errorf("translation: %q %q", r[4], r[5])
	}
	if r := rows["order_authenticated"]; r[4] != "E24" || !strings.HasPrefix(r[5], "✓") {
		t.Errorf("order_authenticated: %q %q", r[4], r[5])
	}
	if r := rows["us.records_certificate"]; r[4] != "A1, A6 ✗" {
		t.Errorf("us.records_certificate: %q", r[4])
	}
	// A guideline nothing in the case concerns.
	root["evidence"] = []any{}
	in.Guidance = in.Profile.Guide.Evaluate(root, "en")
	d, err = EvidenceList(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Blocks {
		if tb, ok := b.(document.Table); ok && tb.Sheet == "Guidelines" {
			if r := tb.Rows[0]; r[4] != "" || !strings.HasPrefix(r[5], "—") {
				t.Errorf("translation with no evidence: %q %q", r[4], r[5])
			}
		}
	}
	// No guidelines, no section.
	in.Guidance = (*profile.EvidenceGuide)(nil).Evaluate(root, "en")
	d, err = EvidenceList(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Blocks {
		if h, ok := b.(document.Heading); ok && h.Number == "guidance" {
			t.Error("a guidance section without guidelines")
		}
	}
}

// TestEvidenceGuidanceManyItems: for a guideline that applies to many
// items the cell gives their number and the failing ones, at most
// listFailed of them and how many more, so a case of any size fits.
func TestEvidenceGuidanceManyItems(t *testing.T) {
	in := input(t, example(t))
	k, err := newComposer(in)
	if err != nil {
		t.Fatal(err)
	}
	items := func(n int, fail func(i int) bool) profile.GuideResult {
		res := profile.GuideResult{Item: in.Profile.Guide.Items[0]}
		for i := range n {
			res.Targets = append(res.Targets, profile.GuideTarget{ID: "E" + strconv.Itoa(i+1), OK: !fail(i)})
		}
		return res
	}
	if got := k.guidanceItems(items(3, func(i int) bool { return i == 1 })); got != "E1, E2 ✗, E3" {
		t.Errorf("few items: %q", got)
	}
	if got := k.guidanceItems(items(500, func(i int) bool { return false })); got != "共 500 项 / 500 items" {
		t.Errorf("many items, none failing: %q", got)
	}
	if got := k.guidanceItems(items(500, func(i int) bool { return i == 9 || i == 499 })); got != "共 500 项 / 500 items\n✗ E10, E500" {
		t.Errorf("many items, two failing: %q", got)
	}
	got := k.guidanceItems(items(10000, func(i int) bool { return true }))
	if !strings.HasSuffix(got, "E100 另有 9900 项 / and 9900 more") || len(got) > 2000 {
		t.Errorf("all of 10,000 failing: %d bytes, ends %q", len(got), got[max(0, len(got)-60):])
	}
}
