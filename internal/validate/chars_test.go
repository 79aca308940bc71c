package validate

import (
	"strings"
	"testing"

	"github.com/mla-dev/mla/internal/casefile"
)

// TestLayout: each rule of layout fires on the text it is about, at its
// severity, and not on an ordinary text.
func TestLayout(t *testing.T) {
	tests := []struct {
		name, ptr, text string
		rule            string // "" when no finding is expected
		sev             Severity
	}{
		{"plain name", "/persons/0/name/en", "Zhang San", "", ""},
		{"too long", "/evidence/0/title/en", strings.Repeat("a", casefile.MaxText+1), "text.too_long", Error},
		{"at the limit", "/evidence/0/title/en", strings.Repeat("a", casefile.MaxText), "", ""},
		{"above U+FFFF counts twice", "/case/facts/zh", strings.Repeat("\U00020BB7", casefile.MaxText/2+1), "text.too_long", Error},
		{"CR in a name", "/persons/0/name/en", "Zhang\rSan", "text.line_break", Error},
		{"LF in a name", "/persons/0/name/zh", "张\n三", "text.line_break", Error},
		{"LF in an id", "/persons/0/id", "P1\n", "text.line_break", Error},
		{"LF in an address", "/persons/0/addresses/0/address/en", "1 Road\nCity", "text.line_break", Error},
		{"LF in an evidence title", "/evidence/0/title/fr", "Relevé\nbancaire", "text.line_break", Error},
		{"LF in the facts", "/case/facts/en", "One.\n\nTwo.", "", ""},
		{"LF in a question", "/assistance/0/questions/0/en", "One?\nTwo?", "", ""},
		{"two blank lines", "/case/facts/en", "One.\n\n\nTwo.", "", ""},
		{"three blank lines", "/case/facts/en", "One.\n\n\n\nTwo.", "text.blank_lines", Warning},
		{"blank lines of spaces and CR LF", "/case/facts/zh", "一。\r\n \r\n\t\r\n\u3000\r\n二。", "text.blank_lines", Warning},
		{"5000 blank lines", "/case/facts/en", "One." + strings.Repeat("\n", 5000) + "Two.", "text.blank_lines", Warning},
		{"Cyrillic a in a Latin name", "/persons/0/name/en", "Zh\u0430ng San", "text.mixed_script", Warning},
		{"Greek omicron in a Latin word", "/case/facts/en", "The b\u03bfard met.", "text.mixed_script", Warning},
		{"a Russian name", "/persons/0/name/en", "Иван Петров", "", ""},
		{"a Greek word beside a Latin one", "/case/facts/en", "the word λόγος means", "", ""},
		{"accented Latin", "/persons/0/name/en", "José García Nguyễn", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := withMeta(layout(tt.ptr, tt.text, !strings.HasSuffix(tt.ptr, "/id")))
			if tt.rule == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected findings %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Rule != tt.rule || got[0].Severity != tt.sev || got[0].Pointer != tt.ptr {
				t.Fatalf("got %+v, want one %s at %s", got, tt.rule, tt.ptr)
			}
		})
	}
}

// TestLayoutArgs: the messages name what they are about.
func TestLayoutArgs(t *testing.T) {
	f := withMeta(layout("/evidence/0/title/en", strings.Repeat("a", 40_001), true))[0]
	if f.Args["Length"] != 40_001 || f.Args["Limit"] != casefile.MaxText {
		t.Errorf("text.too_long args %v", f.Args)
	}
	f = withMeta(layout("/persons/0/name/en", "Zh\u0430ng San", true))[0]
	if f.Args["Word"] != "Zh\u0430ng" || len(f.Args["Chars"].(List)) != 1 || f.Args["Chars"].(List)[0] != "U+0430 \u0430" {
		t.Errorf("text.mixed_script args %v", f.Args)
	}
	f = withMeta(layout("/case/facts/en", "a"+strings.Repeat("\n", 11)+"b", true))[0]
	if f.Args["Count"] != 10 {
		t.Errorf("text.blank_lines counts %v blank lines, want 10", f.Args["Count"])
	}
	f = withMeta(layout("/persons/0/name/en", "Zhang\r\nSan", true))[0]
	if f.Args["Char"] != "U+000D" {
		t.Errorf("text.line_break names %v, want U+000D", f.Args["Char"])
	}
}

// TestCharsShownAreCapped: a text with thousands of different invisible
// characters gives a finding that quotes maxCharsShown of them and "…",
// and counts them all.
func TestCharsShownAreCapped(t *testing.T) {
	var b strings.Builder
	for r := rune(0xFE00); r <= 0xFE0F; r++ {
		b.WriteRune(r)
	}
	for r := rune(0x200B); r <= 0x200D; r++ {
		b.WriteRune(r)
	}
	b.WriteString("\u2060\u2061\u2062\u2063\u2064\u00AD")
	fs := withMeta(characters("/case/facts/en", b.String()))
	if len(fs) != 1 || fs[0].Rule != "text.invisible" {
		t.Fatalf("got %+v", fs)
	}
	chars := fs[0].Args["Chars"].(List)
	if len(chars) != maxCharsShown+1 || chars[maxCharsShown] != "…" || fs[0].Args["Count"] != 25 {
		t.Errorf("quoted %d (%v), count %v; want %d and …, count 25", len(chars), chars, fs[0].Args["Count"], maxCharsShown)
	}
}

// TestCombining: a mark that NFC could not compose with its letter is an
// error naming the letter and the mark; composed letters, variation
// selectors (text.invisible) and marks no font draws (text.undrawable) are
// not reported here.
func TestCombining(t *testing.T) {
	tests := []struct {
		text string
		want List
	}{
		{"José García Nguyễn", nil},
		{"Q\u0301uinn", List{"Q\u0301 (U+0301)"}},
		{"Zha\u030c\u0301ng Zha\u030c\u0301ng", List{"a\u030c\u0301 (U+030C U+0301)"}},
		{"\u0301start", List{"\u0301 (U+0301)"}},
		{"heart \u2764\ufe0f", nil},
	}
	for _, tt := range tests {
		got := combining(tt.text)
		if len(got) != len(tt.want) || len(got) > 0 && got[0] != tt.want[0] {
			t.Errorf("combining(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	fs := withMeta(characters("/persons/0/name/en", "Q\u0301uinn"))
	if len(fs) != 1 || fs[0].Rule != "text.combining" || fs[0].Severity != Error {
		t.Errorf("characters = %+v, want one text.combining error", fs)
	}
}

// TestJoinedCells: texts that share a cell of the evidence list are
// checked together against the cell's limit, once per item.
func TestJoinedCells(t *testing.T) {
	long := strings.Repeat("x", 20_000)
	text := func(zh, en string) map[string]any { return map[string]any{"zh": zh, "en": en} }
	root := map[string]any{
		"evidence": []any{
			map[string]any{"title": text("标题", "Title"), "description": text("说明", "Description")},
			map[string]any{"title": text(long, long), "description": text(long, long)},
		},
		"persons": []any{map[string]any{"addresses": []any{
			map[string]any{"address": text("地址", long)}, map[string]any{"address": text("地址", long)},
		}}},
		"assets": []any{map[string]any{"location": text(long, long+"y"), "link": text("关联", "Link")}},
	}
	var got []string
	for _, f := range withMeta(joinedCells(root)) {
		if f.Rule != "text.cell_too_long" || f.Severity != Error || f.Args["Limit"] != casefile.MaxCell {
			t.Errorf("unexpected finding %+v", f)
		}
		got = append(got, f.Pointer)
	}
	want := []string{"/evidence/1/title", "/persons/0/addresses", "/assets/0/location"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("findings at %v, want %v", got, want)
	}
}

// TestRuneTextHidesInvisible: a character that shows nothing, or would sit
// on the code point, is written as its code point alone.
func TestRuneTextHidesInvisible(t *testing.T) {
	for r, want := range map[rune]string{0xFE0F: "U+FE0F", 0x2800: "U+2800", 0x0301: "U+0301", 0x200B: "U+200B", 0x0430: "U+0430 \u0430"} {
		if got := runeText(r); got != want {
			t.Errorf("runeText(%U) = %q, want %q", r, got, want)
		}
	}
}
