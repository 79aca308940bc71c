package i18n

import (
	"regexp"
	"sort"
	"strings"
	"text/template/parse"
)

// token matches the placeholders in braces that mla fills outside
// text/template, such as {page} in a page footer.
var token = regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)

// Placeholders returns the placeholders of a message text, sorted: the
// template fields it uses, written as "{{.Field}}", and the tokens in
// braces such as "{page}". A text that is not a valid template is an error,
// with text/template's own description.
func Placeholders(text string) ([]string, error) {
	set := map[string]bool{}
	if !strings.Contains(text, "{{") {
		tokens(text, set)
	} else {
		t := parse.New("message")
		t.Mode = parse.SkipFuncCheck
		trees := map[string]*parse.Tree{}
		if _, err := t.Parse(text, "", "", trees); err != nil {
			return nil, err
		}
		for _, tree := range trees {
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
