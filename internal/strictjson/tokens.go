package strictjson

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// tokenSource is what the walker reads a document from: encoding/json's
// Decoder (with UseNumber), or, for a document json.Valid accepted, the
// faster validTokens.
type tokenSource interface {
	Token() (json.Token, error)
	More() bool
	InputOffset() int64
}

// validTokens reads the tokens of a well-formed document (json.Valid
// accepted it) as a json.Decoder with UseNumber would, without its
// bookkeeping: a document is read several times faster, which matters for
// the schemas and templates every run reads. It is only ever given valid
// JSON, so it checks nothing.
type validTokens struct {
	data []byte
	pos  int // end of the last token
}

// skip moves past white space and the separators between tokens.
func (t *validTokens) skip() {
	for t.pos < len(t.data) {
		switch t.data[t.pos] {
		case ' ', '\t', '\r', '\n', ',', ':':
			t.pos++
			continue
		}
		return
	}
}

func (t *validTokens) InputOffset() int64 { return int64(t.pos) }

func (t *validTokens) More() bool {
	i := t.pos
	for i < len(t.data) {
		switch t.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		case ']', '}':
			return false
		}
		return true
	}
	return false
}

func (t *validTokens) Token() (json.Token, error) {
	t.skip()
	b := t.data
	i := t.pos
	switch c := b[i]; c {
	case '{', '}', '[', ']':
		t.pos++
		return json.Delim(c), nil
	case '"':
		j, escaped := i+1, false
		for b[j] != '"' {
			if b[j] == '\\' {
				escaped = true
				j++
			}
			j++
		}
		t.pos = j + 1
		raw := b[i+1 : j]
		if !escaped && utf8.Valid(raw) {
			return string(raw), nil
		}
		// Escapes and invalid UTF-8 (replaced by U+FFFD) as
		// encoding/json decodes them.
		var s string
		err := json.Unmarshal(b[i:j+1], &s)
		return s, err
	case 't':
		t.pos += len("true")
		return true, nil
	case 'f':
		t.pos += len("false")
		return false, nil
	case 'n':
		t.pos += len("null")
		return nil, nil
	}
	j := i
	for j < len(b) && bytes.IndexByte([]byte("+-0123456789.eE"), b[j]) >= 0 {
		j++
	}
	t.pos = j
	return json.Number(b[i:j]), nil
}
