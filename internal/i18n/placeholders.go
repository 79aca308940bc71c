package i18n

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"text/template/parse"
)

// token matches the placeholders in braces that mla fills outside
// text/template, such as {page} in a page footer.
var token = regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)

// ActionError is a message text that holds a template action other than
// a field: a message may hold only text and {{.Field}} (plural forms are
// the locale file's keys, not template code). Anything else (range, if,
// with, template, define, block, a function call, a pipeline, a variable,
// a comment) could loop, recurse or hide text when mla fills the message,
// and a translator's spreadsheet cell must not be able to do that.
type ActionError struct {
	Action string // the action as written, shortened
}

func (e *ActionError) Error() string {
	return fmt.Sprintf("%s: a message may hold only text and fields such as {{.Name}}", e.Action)
}

// Placeholders returns the placeholders of a message text, sorted: the
// template fields it uses, written as "{{.Field}}", and the tokens in
// braces such as "{page}". A text that is not a valid template is an error,
// with text/template's own description; one with an action other than a
// field is an *ActionError.
func Placeholders(text string) ([]string, error) {
	set := map[string]bool{}
	if !strings.Contains(text, "{{") {
		tokens(text, set)
	} else {
		t := parse.New("message")
		t.Mode = parse.SkipFuncCheck | parse.ParseComments
		trees := map[string]*parse.Tree{}
		if _, err := t.Parse(text, "", "", trees); err != nil {
			return nil, err
		}
		for name, tree := range trees {
			if name != "message" {
				return nil, &ActionError{Action: short(fmt.Sprintf("{{define %q}}", name))}
			}
			if err := simple(tree.Root); err != nil {
				return nil, err
			}
			fields(tree.Root, set)
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// CheckTemplate returns an *ActionError when text holds a template action
// other than a field, the error of text/template when it does not parse,
// or nil.
func CheckTemplate(text string) error {
	if onlyFields(text) {
		// Plain text and {{.Field}} actions only: nothing to refuse. Every
		// locale file is checked at each load, so the common case does
		// not parse.
		return nil
	}
	_, err := Placeholders(text)
	return err
}

// onlyFields reports whether text holds no action but {{.Field}}, with
// no space, trim marker or anything else inside the braces, and no
// stray "}}" outside them.
func onlyFields(text string) bool {
	for {
		i := strings.Index(text, "{{")
		if i < 0 {
			return !strings.Contains(text, "}}")
		}
		if strings.Contains(text[:i], "}}") {
			return false
		}
		rest := text[i+2:]
		if !strings.HasPrefix(rest, ".") {
			return false
		}
		j := 1
		for j < len(rest) && (rest[j] == '_' || 'a' <= rest[j] && rest[j] <= 'z' || 'A' <= rest[j] && rest[j] <= 'Z' || j > 1 && '0' <= rest[j] && rest[j] <= '9') {
			j++
		}
		if j == 1 || !strings.HasPrefix(rest[j:], "}}") {
			return false
		}
		text = rest[j+2:]
	}
}

// simple accepts a parse tree of text and {{.Field}} actions only.
func simple(root *parse.ListNode) error {
	if root == nil {
		return nil
	}
	for _, n := range root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
		case *parse.ActionNode:
			p := n.Pipe
			if p == nil || len(p.Decl) > 0 || p.IsAssign || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
				return &ActionError{Action: short(n.String())}
			}
			if _, ok := p.Cmds[0].Args[0].(*parse.FieldNode); !ok {
				return &ActionError{Action: short(n.String())}
			}
		default:
			return &ActionError{Action: short(n.String())}
		}
	}
	return nil
}

// short cuts an action to its first 40 characters, for a message.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// fields adds every field that node refers to, written "{{.A.B}}".
func fields(node parse.Node, set map[string]bool) {
	switch n := node.(type) {
	case nil:
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			fields(c, set)
		}
	case *parse.TextNode:
		tokens(string(n.Text), set)
	case *parse.ActionNode:
		fields(n.Pipe, set)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			fields(c, set)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			fields(a, set)
		}
	case *parse.FieldNode:
		set["{{."+strings.Join(n.Ident, ".")+"}}"] = true
	case *parse.ChainNode:
		fields(n.Node, set)
	case *parse.IfNode:
		branch(&n.BranchNode, set)
	case *parse.RangeNode:
		branch(&n.BranchNode, set)
	case *parse.WithNode:
		branch(&n.BranchNode, set)
	case *parse.TemplateNode:
		fields(n.Pipe, set)
	}
}

// tokens adds the brace tokens of literal text.
func tokens(text string, set map[string]bool) {
	for _, t := range token.FindAllString(text, -1) {
		set[t] = true
	}
}

func branch(n *parse.BranchNode, set map[string]bool) {
	fields(n.Pipe, set)
	fields(n.List, set)
	fields(n.ElseList, set)
}
