package localized

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestTextIsAnyLanguage(t *testing.T) {
	var x Text
	if err := json.Unmarshal([]byte(`{"zh":"受贿罪","es":"cohecho pasivo","fr":"","de":"Bestechlichkeit"}`), &x); err != nil {
		t.Fatal(err)
	}
	if x.In("es") != "cohecho pasivo" || x.In("de") != "Bestechlichkeit" || x.In("en") != "" {
		t.Errorf("In: %q", x)
	}
	if got, want := x.Langs(), []string{"zh", "de", "es"}; !slices.Equal(got, want) {
		t.Errorf("Langs = %q, want %q (original first, empty fr left out)", got, want)
	}
	var none Text
	if none.In("zh") != "" || len(none.Langs()) != 0 {
		t.Error("a nil text must read as empty")
	}
}
