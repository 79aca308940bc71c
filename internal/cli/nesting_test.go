package cli

import "testing"

func TestNestingDepth(t *testing.T) {
	tests := []struct {
		name       string
		data       string
		json, toml int // line where depth 3 is passed, or 0
	}{
		{"flat", `{"a": [1, 2]}`, 0, 0},
		{"deep", "{\n\"a\": [[[1]]]}", 2, 2},
		{"brackets in a string", `{"a": "[[[[{{{{"}`, 0, 0},
		{"escaped quote", `{"a": "\"[[[[[["}`, 0, 0},
		{"toml comment", "# [[[[[[\nx = 1\n", 0, 0},
		{"toml literal string", "x = '[[[[[['\n", 0, 0},
		{"toml multi-line string", "x = \"\"\"\n[[[[\n\"\"\"\ny = [[[[1]]]]\n", 0, 4},
		{"toml multi-line literal", "x = '''\n'[[[['\n'''\n", 0, 0},
		{"toml dotted key", "a.b.c.d = 1\n", 0, 1},
		{"toml table header", "[a.b]\nc = 1.5\n", 0, 0},
		{"toml deep header", "[a.b.c]\n", 0, 1},
		{"toml inline tables", "x = {a = {b = {c = 1}}}\n", 0, 1},
	}
	for _, tt := range tests {
		if tt.name[:4] != "toml" {
			if got := jsonDepth([]byte(tt.data), 3); got != tt.json {
				t.Errorf("%s: jsonDepth = %d, want %d", tt.name, got, tt.json)
			}
		}
		if got := tomlDepth([]byte(tt.data), 3); got != tt.toml {
			t.Errorf("%s: tomlDepth = %d, want %d", tt.name, got, tt.toml)
		}
	}
}
