package validate

import (
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

func TestLocalArgFallsBackRatherThanBlank(t *testing.T) {
	tests := []struct {
		text casefile.Text
		lang string
		want string
	}{
		{casefile.Text{"zh": "贪污罪", "en": "Embezzlement", "fr": "Détournement"}, "fr", "Détournement"},
		{casefile.Text{"zh": "贪污罪", "en": "Embezzlement"}, "fr", "Embezzlement"},
		{casefile.Text{"zh": "贪污罪"}, "en", "贪污罪"},
		{casefile.Text{"zh": "贪污罪", "en": "Embezzlement"}, "zh", "贪污罪"},
	}
	for _, tt := range tests {
		got, err := localArg(tt.text, tt.lang, nil)
		if err != nil || got != tt.want {
			t.Errorf("localArg(%+v, %s) = %v, %v; want %q", tt.text, tt.lang, got, err, tt.want)
		}
	}
}
