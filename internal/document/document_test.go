package document

import (
	"strings"
	"testing"
)

func TestTexts(t *testing.T) {
	d := &Document{
		HeaderLeft: Text{"页眉", "Header"},
		Blocks: []Block{
			Heading{Text: Text{"标题", "Title"}},
			Paragraph{Text: Same("段落")},
			List{Items: []Text{{"项", "Item"}}, Labels: []Text{{"（一）", "(1)"}}},
			Fields{Items: []Field{{Label: Text{"地址", "Address"}, Value: Same("X")}}},
			Table{Columns: []Column{{Header: Text{"列", "Col"}}}, Rows: [][]string{{"cell"}}},
			Signature{Name: Text{"签名", "Name"}},
			PageBreak{},
		},
	}
	body := strings.Join(d.BodyTexts(), "|")
	for _, want := range []string{"标题|Title", "段落|", "项|Item|（一）|(1)", "地址|Address|X|", "列|Col|cell", "签名|Name"} {
		if !strings.Contains(body, want) {
			t.Errorf("BodyTexts lacks %q in order: %s", want, body)
		}
	}
	if strings.Contains(body, "页眉") {
		t.Error("BodyTexts holds the running header")
	}
	if all := d.Texts(); all[0] != "页眉" || len(all) != len(d.BodyTexts())+14 {
		t.Errorf("Texts starts %q with %d strings, want the header first and 7 texts before the body", all[0], len(all))
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "中文": 4, "Ａ1": 3, "é": 1} {
		if got := DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
