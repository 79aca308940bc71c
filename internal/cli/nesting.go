package cli

// jsonDepth returns the line of the first place where the JSON text data
// nests objects and arrays more than limit levels deep, or 0. It only
// counts brackets outside strings, in one pass without recursion, so that a
// file nested two million levels deep is refused before a parser (which
// would recurse) sees it. Malformed JSON is left to the parser.
func jsonDepth(data []byte, limit int) int {
	depth, line := 0, 1
	inString, escaped := false, false
	for _, c := range data {
		if c == '\n' {
			line++
		}
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			if depth++; depth > limit {
				return line
			}
		case '}', ']':
			depth--
		}
	}
	return 0
}

// tomlDepth is jsonDepth for TOML: the document's own table, arrays and
// inline tables, plus the parts of a dotted key ("a.b.c = 1", "[a.b.c]"),
// which nest tables too; so a TOML file counts as deep as the same data
// in JSON. Strings (basic, literal, multi-line) and comments are skipped.
func tomlDepth(data []byte, limit int) int {
	depth, dots, line := 0, 0, 1
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '\n':
			line++
			dots = 0
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			multi := i+2 < len(data) && data[i+1] == c && data[i+2] == c
			if multi {
				i += 2
			}
			for i++; i < len(data); i++ {
				d := data[i]
				if d == '\n' {
					line++
					if !multi {
						break // an unterminated string: the parser reports it
					}
				}
				if d == '\\' && c == '"' {
					i++
					if i < len(data) && data[i] == '\n' {
						line++
					}
					continue
				}
				if d == c && (!multi || i+2 < len(data) && data[i+1] == c && data[i+2] == c) {
					if multi {
						i += 2
					}
					break
				}
			}
		case '[', '{':
			depth++
			dots = 0
		case ']', '}':
			depth--
			dots = 0
		case '=', ',':
			dots = 0
		case '.':
			dots++
		}
		if 1+depth+dots > limit {
			return line
		}
	}
	return 0
}
