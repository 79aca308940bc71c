package pdf

import (
	"strings"
	"testing"
)

// breaksIn returns the text with "|" at every break opportunity.
func breaksIn(s string, mode breakMode) string {
	rs := []rune(s)
	opps := breakOpportunities(rs, mode)
	var b strings.Builder
	for i, r := range rs {
		if opps[i] {
			b.WriteByte('|')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestBreakOpportunities(t *testing.T) {
	tests := []struct {
		name, text string
		mode       breakMode
		want       string
	}{
		{"words at spaces", "Decision to open", breakNormal, "Decision |to |open"},
		{"never inside a word", "Documentary Institution", breakNormal, "Documentary |Institution"},
		{"after a hyphen", "state-owned", breakNormal, "state-|owned"},
		{"after a slash", "书证 / Documentary and/or", breakNormal, "书|证 / |Documentary |and/|or"},
		{"an ISO date is whole", "on 1975-06-12 in", breakNormal, "on |1975-06-12 |in"},
		{"an amount is whole, with its currency", "about USD 2,350,000 paid", breakNormal, "about |USD 2,350,000 |paid"},
		{"an identifier is whole", "rule date.after_request here", breakNormal, "rule |date.after_request |here"},
		{"a Chinese date is whole", "于2026年3月20日签", breakNormal, "于|2026年3月20日|签"},
		{"a count stays with its prefix and measure word", "附件，共24项", breakNormal, "附|件，|共24项"},
		{"a reference number is whole", "东监协〔2026〕7号", breakNormal, "东|监|协|〔2026〕7号"},
		{"a dotted foreign name is whole", "丹尼尔·惠特菲尔德", breakNormal, "丹尼尔·惠特菲尔德"},
		{"opening quote after Chinese", "他说“好”", breakNormal, "他|说|“好”"},
		{"a title breaks only between phrases", "关于林建华涉嫌贪污案的刑事司法协助请求书", breakPhrase, "关于|林建华涉嫌贪污案的|刑事司法协助请求书"},
		{"a leading slash stays with its word (UAX #14 also keeps it after a space)", "at /evidence/3/date now", breakNormal, "at /evidence/|3/|date |now"},
		{"never mode", "USD 2,350,000", breakNever, "USD 2,350,000"},
		{"a rune beyond the BMP is one rune", "𠮷野家 USD 1", breakNormal, "𠮷|野|家 |USD 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := breaksIn(tt.text, tt.mode); got != tt.want {
				t.Errorf("breaks in %q = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestHyphenation: a word wider than its line is cut with a hyphen drawn
// after it, which fits in the line; a code or a number is cut without one.
func TestHyphenation(t *testing.T) {
	for _, tt := range []struct {
		text   string
		hyphen bool
	}{
		{"Documentary", true},
		{"000000197506120000", false},
		{"3c7f8532bc229d81", false},
	} {
		rs := []rune(tt.text)
		ws := make([]float64, len(rs))
		for i := range ws {
			ws[i] = 1
		}
		const hyW, width = 0.5, 4
		lines := breakRunesWith(rs, ws, breakOpportunities(rs, breakNormal), width, width, hyW)
		if len(lines) < 2 {
			t.Fatalf("%q at width %v: %d line(s)", tt.text, float64(width), len(lines))
		}
		for i, l := range lines[:len(lines)-1] {
			if l.hyphen != tt.hyphen {
				t.Errorf("%q line %d: hyphen %v, want %v", tt.text, i, l.hyphen, tt.hyphen)
			}
			if l.width > width+eps {
				t.Errorf("%q line %d is %v wide with its hyphen, limit %v", tt.text, i, l.width, float64(width))
			}
		}
	}
}

// BenchmarkLineBreak measures the line breaker on a Chinese paragraph and
// an English one: break opportunities and breaking at a column width.
func BenchmarkLineBreak(b *testing.B) {
	for _, s := range breakTexts[:3] {
		rs := []rune(s)
		ws := make([]float64, len(rs))
		for i, r := range rs {
			ws[i] = fakeWidth(r)
		}
		b.Run(string(rs[:4]), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				breakRunesWith(rs, ws, breakOpportunities(rs, breakNormal), 30, 30, 0.5)
			}
		})
	}
}
