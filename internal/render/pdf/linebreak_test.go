package pdf

import (
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/document"
)

// fakeWidth gives full-width runes 1 unit and the rest half a unit, spaces
// a quarter: enough to exercise the breaker without fonts.
func fakeWidth(r rune) float64 {
	switch {
	case r == ' ':
		return 0.25
	case isCJK(r):
		return 1
	}
	return 0.5
}

func fakeBreak(s string, width float64) (rs []rune, lines []span) {
	rs = []rune(s)
	ws := make([]float64, len(rs))
	for i, r := range rs {
		ws[i] = fakeWidth(r)
	}
	return rs, breakRunes(rs, ws, width, width)
}

func drawn(rs []rune, lines []span) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = string(rs[l.start:l.drawEnd])
	}
	return out
}

func TestBreakRunesCases(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"between Han characters", "一二三四五六", 3, []string{"一二三", "四五六"}},
		{"fits on one line", "一二三", 3, []string{"一二三"}},
		{"comma stays with the character before it", "一二，三四", 2, []string{"一", "二，", "三四"}},
		{"full stop at the end of a full line", "一二三。四", 3, []string{"一二", "三。四"}},
		{"opening bracket moves down with what it opens", "一二（三）", 3, []string{"一二", "（三）"}},
		{"brackets kept whole", "一（二）三", 3, []string{"一", "（二）", "三"}},
		{"closing quote", "他说“好”。然后", 4, []string{"他说", "“好”。然", "后"}},
		{"English at spaces", "the quick brown fox", 4.5, []string{"the quick", "brown fox"}},
		{"spaces at the break are not drawn", "ab    cd", 1, []string{"ab", "cd"}},
		{"long word is hard broken", "abcdefghij", 2, []string{"abcd", "efgh", "ij"}},
		{"hyphenated word", "well-known case", 4.75, []string{"well-", "known case"}},
		{"French guillemets keep their spaces", "voir « pièce » ; fin", 6, []string{"voir", "« pièce » ;", "fin"}},
		{"no-break space before a colon", "Objet\u00A0: demande", 3.5, []string{"Objet\u00A0:", "demande"}},
		{"Latin inside Chinese", "账户Bank of America在", 5, []string{"账户Bank", "of America", "在"}},
		{"a number stays with its unit and prefix", "共计约230万美元", 4, []string{"共计", "约230万", "美元"}},
		{"percent stays with its number", "增长12%，下降", 2.5, []string{"增长", "12%，", "下降"}},
		{"ellipsis and dash do not start a line", "等等……——完", 3, []string{"等", "等……——", "完"}},
		{"single glyph wider than the line", "一二", 0.5, []string{"一", "二"}},
		{"empty", "", 3, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, lines := fakeBreak(tt.text, tt.width)
			got := drawn(rs, lines)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("breakRunes(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

// Realistic texts: Chinese, English, French and mixed.
var breakTexts = []string{
	"经查，犯罪嫌疑人王某某，男，1968年5月出生，原任某某市住房和城乡建设局局长。2015年至2021年间，王某某利用职务便利，在工程项目审批、土地出让等方面为多家房地产开发企业谋取利益，先后多次收受上述企业负责人给予的现金、房产及股权，折合人民币共计约4,860万元。",
	"《中华人民共和国刑法》第三百八十五条第一款：国家工作人员利用职务上的便利，索取他人财物的，或者非法收受他人财物，为他人谋取利益的，是受贿罪。（见附件一「证据清单」『第3项』）",
	"The People's Procuratorate of Moumou Province (the \"Requesting Authority\") requests mutual legal assistance from the competent authorities of the United States of America, pursuant to Article 46 of the United Nations Convention against Corruption (UNCAC); see Annex 1, items 3-7.",
	"L'autorité requérante sollicite l'entraide judiciaire des autorités compétentes du Canada : « pièce n° 12 » — relevés bancaires de L'HAŸ-LES-ROSES, pour 12,50\u202F€ ; voir l'annexe\u00A02 ! Merci ?",
	"调取李某在美国银行（Bank of America, N.A.）开设的账号为 4417-2290-8831 的账户自2018年1月1日至2022年12月31日的开户资料、交易明细及相关凭证；并查明 « Irvine, California » 房产的资金来源。",
	"Supercalifragilisticexpialidocious-and-a-very-long-identifier_without_spaces_0123456789 then short words.",
}

func checkLines(t *testing.T, rs []rune, ws []float64, lines []span, width float64, strict bool) {
	t.Helper()
	var b strings.Builder
	for i, l := range lines {
		if i == 0 && l.start != 0 || i > 0 && l.start != lines[i-1].end {
			t.Fatalf("width %v: line %d starts at %d, previous ended at %d", width, i, l.start, lines[i-1].end)
		}
		b.WriteString(string(rs[l.start:l.end]))
		for k := l.drawEnd; k < l.end; k++ {
			if rs[k] != ' ' {
				t.Errorf("width %v: line %d drops %q, which is not a space", width, i, rs[k])
			}
		}
		sum := 0.0
		for k := l.start; k < l.drawEnd; k++ {
			sum += ws[k]
		}
		if diff := sum - l.width; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("width %v: line %d reports width %v, its runes measure %v", width, i, l.width, sum)
		}
		if l.width > width+1e-9 && l.drawEnd-l.start > 1 {
			t.Errorf("width %v: line %d %q is %v wide", width, i, string(rs[l.start:l.drawEnd]), l.width)
		}
		if l.drawEnd == l.start && len(rs) > 0 {
			t.Errorf("width %v: line %d is empty", width, i)
		}
		if i > 0 && l.start < len(rs) {
			if rs[l.start] == ' ' {
				t.Errorf("width %v: line %d starts with a space", width, i)
			}
			if strict && noBreakBefore(rs[l.start]) {
				t.Errorf("width %v: line %d starts with %q: %q", width, i, rs[l.start], string(rs[l.start:l.drawEnd]))
			}
		}
		if strict && i < len(lines)-1 && l.drawEnd > l.start && noBreakAfter(rs[l.drawEnd-1]) {
			t.Errorf("width %v: line %d ends with %q", width, i, rs[l.drawEnd-1])
		}
	}
	if got := b.String(); got != string(rs) {
		t.Errorf("width %v: lines join to\n%q\nwant\n%q", width, got, string(rs))
	}
	if lines[len(lines)-1].end != len(rs) {
		t.Errorf("width %v: last line ends at %d of %d", width, lines[len(lines)-1].end, len(rs))
	}
}

func TestBreakRunesManyWidths(t *testing.T) {
	for ti, s := range breakTexts {
		rs := []rune(s)
		ws := make([]float64, len(rs))
		for i, r := range rs {
			ws[i] = fakeWidth(r)
		}
		for width := 0.25; width <= 60; width += 0.25 {
			lines := breakRunes(rs, ws, width, width)
			// Below three full-width characters, punctuation rules cannot
			// always be kept; the text must still come out whole.
			checkLines(t, rs, ws, lines, width, width >= 3)
			if t.Failed() {
				t.Fatalf("text %d failed at width %v", ti, width)
			}
		}
	}
}

// TestBreakRunesRealFonts breaks with the widths the renderer measures in
// the embedded fonts, including a first-line indent.
func TestBreakRunesRealFonts(t *testing.T) {
	r := newRenderer(&document.Document{}, Options{})
	for _, st := range []tstyle{styBody[0], styBody[1], styCell, styTitle[0]} {
		for _, s := range breakTexts {
			sh := r.shape(s, st, s)
			if r.err != nil {
				t.Fatal(r.err)
			}
			for _, width := range []float64{20, 35, 60, 97.3, 156} {
				lines := breakRunes(sh.rs, sh.ws, width-8, width)
				// The first line is narrower by the indent.
				if lines[0].width > width-8+1e-9 && lines[0].drawEnd-lines[0].start > 1 {
					t.Errorf("first line %q is %v wide, limit %v", string(sh.rs[lines[0].start:lines[0].drawEnd]), lines[0].width, width-8)
				}
				// As with fake widths: the rules hold from three
				// full-width characters per line.
				strict := width-8 >= 3*st.size*ptToMM
				checkLines(t, sh.rs, sh.ws, lines, width, strict)
			}
		}
	}
}

func TestNormalizeCollapsesBlankLines(t *testing.T) {
	tests := map[string]string{
		"one":                                    "one",
		"a\nb":                                   "a\nb",
		"a\n\nb":                                 "a\n\nb",
		"a\n\n\n\nb":                             "a\n\nb",
		"a\n \n\t\n\u3000\nb":                    "a\n\nb",
		"a\r\n\r\n\r\n\r\nb":                     "a\n\nb",
		"\n\n\n\na\n\n\n":                        "\na\n",
		"a\n" + strings.Repeat("\n", 5000) + "b": "a\n\nb",
	}
	for in, want := range tests {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
