package i18n

import (
	"bytes"
	"encoding/json"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// parseCanonical reads a locale file written in the canonical layout (see
// File.Encode): "[\"id\"]" headers and key = "string" lines whose strings
// use only JSON escapes. It is some ten times faster than the general TOML
// parser, which matters because every command loads its languages' files.
// It reports false for anything else, and the caller falls back to TOML.
func parseCanonical(data []byte) ([]*goi18n.Message, bool) {
	var out []*goi18n.Message
	var cur *goi18n.Message
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimRight(line, "\r")
		switch {
		case len(line) == 0 || line[0] == '#':
			continue
		case line[0] == '[':
			if len(line) < 4 || line[len(line)-1] != ']' {
				return nil, false
			}
			var id string
			if json.Unmarshal(line[1:len(line)-1], &id) != nil || id == "" {
				return nil, false
			}
			cur = &goi18n.Message{ID: id}
			out = append(out, cur)
		default:
			key, val, ok := bytes.Cut(line, []byte(" = "))
			if !ok || cur == nil || len(val) < 2 || val[0] != '"' {
				return nil, false
			}
			var s string
			if json.Unmarshal(val, &s) != nil {
				return nil, false
			}
			switch string(key) {
			case "description":
				cur.Description = s
			case "hash":
				cur.Hash = s
			case "zero":
				cur.Zero = s
			case "one":
				cur.One = s
			case "two":
				cur.Two = s
			case "few":
				cur.Few = s
			case "many":
				cur.Many = s
			case "other":
				cur.Other = s
			default:
				return nil, false
			}
		}
	}
	return out, true
}
