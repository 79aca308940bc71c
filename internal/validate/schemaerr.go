package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// Annotations that the schemas carry (see the description of
// schemas/case.schema.json).
const (
	annSource      = "x-source"       // legal source of a requirement
	annMessage     = "x-message"      // message when the value is missing, empty or of the wrong form
	annTypeMessage = "x-type-message" // message when the value has the wrong JSON type
)

// findings turns a validation error tree into findings: one per root cause.
func (v *Validator) findings(root *jsonschema.ValidationError) []Finding {
	c := &collector{v: v}
	c.walk(root, inherited{})
	out := c.out
	if len(out) == 0 {
		// unevaluatedProperties errors that are not a cascade of another
		// error are real unknown fields.
		out = c.cascade
	}
	return dropTypoRequired(out)
}

type collector struct {
	v       *Validator
	out     []Finding
	cascade []Finding
}

// inherited is the x-source of a property schema that refers ($ref,
// $dynamicRef) to a shared type: it is the source of errors the shared type
// reports about that same value (requested_state -> country).
type inherited struct {
	source, ptr string
}

func (c *collector) walk(e *jsonschema.ValidationError, in inherited) {
	switch k := e.ErrorKind.(type) {
	case *kind.Reference:
		// The outermost reference at a value wins: the property's own
		// source, not that of the shared type it uses.
		if ptr := pointer(e.InstanceLocation); in.ptr != ptr || in.source == "" {
			if s := c.v.annotation(e.SchemaURL, annSource); s != "" {
				in = inherited{s, ptr}
			}
		}
		for _, cause := range e.Causes {
			c.walk(cause, in)
		}
	case *kind.Schema, *kind.Group, *kind.AllOf:
		for _, cause := range e.Causes {
			c.walk(cause, in)
		}
	case *kind.AnyOf:
		c.choice(e, in)
	case *kind.OneOf:
		if len(k.Subschemas) > 0 {
			c.addID(e, in, "schema.one_of", "finding.schema.one_of_many", nil)
			return
		}
		c.choice(e, in)
	default:
		c.leaf(e, in)
	}
}

// leaves returns the errors under e that are not mere containers; a nested
// choice counts as a leaf.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	switch e.ErrorKind.(type) {
	case *kind.Schema, *kind.Group, *kind.Reference, *kind.AllOf:
		var out []*jsonschema.ValidationError
		for _, cause := range e.Causes {
			out = append(out, leaves(cause)...)
		}
		return out
	}
	return []*jsonschema.ValidationError{e}
}

// choice reports an anyOf or oneOf that no branch satisfied: as an enum
// when every branch is a const (our enums are oneOf of const +
// description), as "fill one of" when every branch only misses a property,
// and otherwise by the branch that fits the value's shape best.
func (c *collector) choice(e *jsonschema.ValidationError, in inherited) {
	ptr := pointer(e.InstanceLocation)
	var consts, missing []string
	var got any
	allConst, allRequired := true, true
	branches := make([][]*jsonschema.ValidationError, len(e.Causes))
	for i, b := range e.Causes {
		branches[i] = leaves(b)
		for _, l := range branches[i] {
			same := pointer(l.InstanceLocation) == ptr
			switch k := l.ErrorKind.(type) {
			case *kind.Const:
				allRequired = false
				allConst = allConst && same
				consts = append(consts, jsonText(k.Want))
				got = k.Got
			case *kind.Required:
				allConst = false
				allRequired = allRequired && same
				missing = append(missing, k.Missing...)
			default:
				allConst, allRequired = false, false
			}
		}
	}
	switch {
	case len(e.Causes) > 0 && allConst:
		// Not the node's x-message: that one is for a missing value.
		c.addID(e, in, "schema.enum", "finding.schema.enum", map[string]any{"Got": jsonText(got), "Allowed": c.v.coded(e.SchemaURL, consts)})
		return
	case len(e.Causes) > 0 && allRequired:
		c.add(e, in, "schema.required_any", "finding.schema.required_any", map[string]any{"Fields": listOf(uniq(missing))})
		return
	}
	// The branch that fits: none of its errors is about the shape of the
	// value itself (type or const at this very location); fewest errors.
	best := -1
	for i, ls := range branches {
		fits := true
		for _, l := range ls {
			switch l.ErrorKind.(type) {
			case *kind.Type, *kind.Const, *kind.Enum:
				if pointer(l.InstanceLocation) == ptr {
					fits = false
				}
			}
		}
		if fits && (best < 0 || len(ls) < len(branches[best])) {
			best = i
		}
	}
	if best < 0 {
		c.addID(e, in, "schema.one_of", "finding.schema.one_of", nil)
		return
	}
	c.walk(e.Causes[best], in)
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func (c *collector) leaf(e *jsonschema.ValidationError, in inherited) {
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		c.missing(e, k.Missing)
	case *kind.DependentRequired:
		c.missing(e, k.Missing)
	case *kind.Dependency:
		c.missing(e, k.Missing)
	case *kind.Type:
		want := make(List, len(k.Want))
		for i, t := range k.Want {
			want[i] = Label("finding.type." + t)
		}
		id := "finding.schema.type"
		if m := c.v.annotation(e.SchemaURL, annTypeMessage); m != "" {
			id = m
		}
		c.addID(e, in, "schema.type", id, map[string]any{"Got": Label("finding.type." + k.Got), "Want": want})
	case *kind.Enum:
		allowed := make([]string, len(k.Want))
		for i, w := range k.Want {
			allowed[i] = jsonText(w)
		}
		c.addID(e, in, "schema.enum", "finding.schema.enum", map[string]any{"Got": jsonText(k.Got), "Allowed": c.v.coded(e.SchemaURL, allowed)})
	case *kind.Const:
		c.add(e, in, "schema.const", "finding.schema.const", map[string]any{"Got": jsonText(k.Got), "Want": jsonText(k.Want)})
	case *kind.Format:
		c.add(e, in, "schema.format", "finding.schema.format", map[string]any{"Got": jsonText(k.Got), "Format": k.Want})
	case *kind.Pattern:
		id := "finding.schema.pattern"
		if strings.TrimSpace(k.Got) == "" {
			id = "finding.schema.blank"
		}
		c.add(e, in, "schema.pattern", id, map[string]any{"Got": jsonText(k.Got)})
	case *kind.MinLength:
		c.add(e, in, "schema.min_length", "finding.schema.min_length", map[string]any{"Got": k.Got, "Want": k.Want})
	case *kind.MaxLength:
		c.addID(e, in, "schema.max_length", "finding.schema.max_length", map[string]any{"Got": k.Got, "Want": k.Want})
	case *kind.MinItems:
		c.add(e, in, "schema.min_items", "finding.schema.min_items", map[string]any{"Got": k.Got, "Want": k.Want})
	case *kind.MaxItems:
		c.addID(e, in, "schema.max_items", "finding.schema.max_items", map[string]any{"Got": k.Got, "Want": k.Want})
	case *kind.Minimum:
		c.addID(e, in, "schema.minimum", "finding.schema.minimum", ratArgs(k.Got, k.Want))
	case *kind.Maximum:
		c.addID(e, in, "schema.maximum", "finding.schema.maximum", ratArgs(k.Got, k.Want))
	case *kind.ExclusiveMinimum:
		c.addID(e, in, "schema.exclusive_minimum", "finding.schema.exclusive_minimum", ratArgs(k.Got, k.Want))
	case *kind.ExclusiveMaximum:
		c.addID(e, in, "schema.exclusive_maximum", "finding.schema.exclusive_maximum", ratArgs(k.Got, k.Want))
	case *kind.UniqueItems:
		base := pointer(e.InstanceLocation)
		c.out = append(c.out, Finding{
			Pointer: base + "/" + strconv.Itoa(k.Duplicates[1]), Rule: "schema.unique_items",
			ID: "finding.schema.unique_items", Source: c.v.source(e.SchemaURL, ""),
			Args: map[string]any{"Field": display(base + "/" + strconv.Itoa(k.Duplicates[1])), "First": display(base + "/" + strconv.Itoa(k.Duplicates[0]))},
		})
	case *kind.AdditionalProperties:
		c.unknown(e, k.Properties)
	case *kind.FalseSchema:
		if strings.HasSuffix(e.SchemaURL, "/unevaluatedProperties") || strings.HasSuffix(e.SchemaURL, "/unevaluatedItems") {
			// Reported only when nothing else is wrong: once any subschema
			// fails, its annotations are dropped and every property it
			// declares looks unevaluated.
			ptr := pointer(e.InstanceLocation)
			name := ""
			if n := len(e.InstanceLocation); n > 0 {
				name = e.InstanceLocation[n-1]
			}
			c.cascade = append(c.cascade, Finding{
				Pointer: ptr, Rule: "schema.unknown_property",
				// severity, source and message: templates/rules.json
				Args: map[string]any{"Field": display(ptr), "Name": name},
			})
			return
		}
		c.addID(e, in, "schema.not_allowed", "finding.schema.not_allowed", nil)
	case *kind.Not:
		c.addID(e, in, "schema.not_allowed", "finding.schema.not_allowed", nil)
	default:
		c.addID(e, in, "schema.invalid", "finding.schema.invalid", nil)
	}
}

func ratArgs(got, want *big.Rat) map[string]any {
	return map[string]any{"Got": ratString(got), "Want": ratString(want)}
}

// ratString writes a number as a person would: 0 rather than 0/1, and a
// decimal rather than a fraction.
func ratString(r *big.Rat) string {
	if r == nil {
		return ""
	}
	if r.IsInt() {
		return r.RatString()
	}
	s := r.FloatString(6)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// add records a finding at e's instance location; the node's x-message, when
// present, replaces the default message id. It is for the kinds that mean
// "missing, empty or of the wrong form" (required_any, const, format,
// pattern, min_length, min_items); the others use addID.
func (c *collector) add(e *jsonschema.ValidationError, in inherited, rule, id string, args map[string]any) {
	if m := c.v.annotation(e.SchemaURL, annMessage); m != "" {
		id = m
	}
	c.addID(e, in, rule, id, args)
}

func (c *collector) addID(e *jsonschema.ValidationError, in inherited, rule, id string, args map[string]any) {
	ptr := pointer(e.InstanceLocation)
	if args == nil {
		args = map[string]any{}
	}
	args["Field"] = display(ptr)
	src := c.v.annotation(e.SchemaURL, annSource)
	if src == "" && in.source != "" && in.ptr == ptr {
		src = in.source
	}
	if src == "" {
		src = "mla"
	}
	c.out = append(c.out, Finding{
		Pointer: ptr, Rule: rule, ID: id, Source: src, Args: args,
	})
}

// missing records one finding per missing property, with the message and
// source of the property's own schema when it has them.
func (c *collector) missing(e *jsonschema.ValidationError, names []string) {
	base := pointer(e.InstanceLocation)
	for _, name := range names {
		ptr := base + "/" + casefile.EscapePointer(name)
		id := c.v.propAnnotation(e.SchemaURL, name, annMessage)
		if id == "" {
			id = "finding.schema.required"
		}
		f := Finding{
			Pointer: ptr, Rule: "schema.required", ID: id,
			Source: c.v.source(e.SchemaURL, name),
			Args:   map[string]any{"Field": display(ptr), "Name": name},
		}
		// A missing coded value says what it may be (a field's own
		// message, written for it, may already say so).
		if vals := c.v.propValues(e.SchemaURL, name); len(vals) > 0 && id == "finding.schema.required" {
			f.Args["Allowed"] = c.v.codedAt(c.v.propNode(e.SchemaURL, name), vals)
			f.Also = "finding.schema.allowed"
		}
		c.out = append(c.out, f)
	}
}

// propNode returns the schema of property prop of the schema at loc,
// following one $ref, or nil.
func (v *Validator) propNode(loc, prop string) map[string]any {
	props, _ := v.node(loc)["properties"].(map[string]any)
	p, _ := props[prop].(map[string]any)
	if ref, ok := p["$ref"].(string); ok && strings.HasPrefix(ref, "#") {
		u, _, _ := strings.Cut(loc, "#")
		if n := v.node(u + ref); n != nil {
			merged := map[string]any{}
			for k, x := range n {
				merged[k] = x
			}
			for k, x := range p {
				merged[k] = x
			}
			return merged
		}
	}
	return p
}

// propValues returns the coded values property prop of the schema at loc
// may take (enum, or oneOf of const), as JSON text; nil when it is not
// coded.
func (v *Validator) propValues(loc, prop string) []string {
	p := v.propNode(loc, prop)
	var out []string
	for _, x := range anyList(p["enum"]) {
		out = append(out, jsonText(x))
	}
	for _, b := range anyList(p["oneOf"]) {
		bm, _ := b.(map[string]any)
		c, ok := bm["const"]
		if !ok {
			return nil
		}
		out = append(out, jsonText(c))
	}
	return out
}

func anyList(v any) []any { l, _ := v.([]any); return l }

// coded returns the allowed values of the enumeration at loc with their
// labels (x-label) when the schema gives them.
func (v *Validator) coded(loc string, values []string) List {
	return v.codedAt(v.node(loc), values)
}

func (v *Validator) codedAt(node map[string]any, values []string) List {
	prefix, _ := node[annLabel].(string)
	out := make(List, len(values))
	for i, s := range values {
		var code string
		if prefix != "" && json.Unmarshal([]byte(s), &code) == nil {
			out[i] = Coded{Code: s, Label: Label(prefix + "." + code)}
		} else {
			out[i] = s
		}
	}
	return out
}

// unknown records one finding per property the schema does not declare,
// suggesting the declared property it was probably meant to be.
func (c *collector) unknown(e *jsonschema.ValidationError, names []string) {
	base := pointer(e.InstanceLocation)
	known := c.v.declared(e.SchemaURL)
	sort.Strings(names)
	for _, name := range names {
		ptr := base + "/" + casefile.EscapePointer(name)
		f := Finding{
			Pointer: ptr, Rule: "schema.unknown_property",
			// severity, source and message: templates/rules.json
			Args: map[string]any{"Field": display(ptr), "Name": name},
		}
		if s := suggest(name, known); s != "" {
			f.ID = "finding.schema.unknown_property_suggest"
			f.Args["Suggestion"] = s
			f.Args["SuggestionField"] = display(base + "/" + casefile.EscapePointer(s))
		}
		c.out = append(c.out, f)
	}
}

// dropTypoRequired removes "missing X" when the same object has an unknown
// property whose suggestion is X: the misspelling is the one root cause.
func dropTypoRequired(fs []Finding) []Finding {
	typo := map[string]bool{}
	for _, f := range fs {
		if f.Rule == "schema.unknown_property" {
			if s, ok := f.Args["Suggestion"].(string); ok {
				typo[parent(f.Pointer)+"/"+casefile.EscapePointer(s)] = true
			}
		}
	}
	if len(typo) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Rule == "schema.required" && typo[f.Pointer] {
			continue
		}
		out = append(out, f)
	}
	return out
}

func parent(ptr string) string {
	if i := strings.LastIndexByte(ptr, '/'); i >= 0 {
		return ptr[:i]
	}
	return ""
}

// suggest returns the declared name closest to name: the same but for case
// or separators, or at most two edits away.
func suggest(name string, known []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(s))
	}
	best, bestD := "", 3
	for _, k := range known {
		if norm(k) == norm(name) {
			return k
		}
		limit := 2
		if n := utf8.RuneCountInString(k); n <= 4 {
			limit = 1
		}
		if d := distance(norm(name), norm(k)); d <= limit && d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// pointer builds a JSON Pointer from instance location tokens.
func pointer(loc []string) string {
	var b strings.Builder
	for _, t := range loc {
		b.WriteByte('/')
		b.WriteString(casefile.EscapePointer(t))
	}
	return b.String()
}

// display is a pointer as shown in messages: the root, "", as "/".
func display(ptr string) string {
	if ptr == "" {
		return "/"
	}
	return ptr
}

// jsonText writes a value as JSON, shortened to keep messages readable.
func jsonText(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	s := strings.TrimSpace(b.String())
	const max = 60
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return s
}

// node returns the decoded schema object at an absolute schema location
// (URL#pointer), or nil.
func (v *Validator) node(loc string) map[string]any {
	u, frag, _ := strings.Cut(loc, "#")
	doc, ok := v.docs.Load(u)
	if !ok {
		return nil
	}
	cur := doc
	if frag != "" {
		if f, err := url.PathUnescape(frag); err == nil {
			frag = f
		}
		for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
			switch c := cur.(type) {
			case map[string]any:
				cur = c[tok]
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(c) {
					return nil
				}
				cur = c[i]
			default:
				return nil
			}
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

func (v *Validator) annotation(loc, name string) string {
	s, _ := v.node(loc)[name].(string)
	return s
}

// propAnnotation returns annotation name of property prop of the schema at
// loc, falling back to the schema's own.
func (v *Validator) propAnnotation(loc, prop, name string) string {
	n := v.node(loc)
	if props, ok := n["properties"].(map[string]any); ok {
		if p, ok := props[prop].(map[string]any); ok {
			if s, ok := p[name].(string); ok {
				return s
			}
		}
	}
	s, _ := n[name].(string)
	return s
}

// source returns the legal source of the schema at loc (of its property
// prop, if given), or "mla".
func (v *Validator) source(loc, prop string) string {
	var s string
	if prop != "" {
		s = v.propAnnotation(loc, prop, annSource)
	} else {
		s = v.annotation(loc, annSource)
	}
	if s == "" {
		return "mla"
	}
	return s
}

// declared returns the property names the schema at loc declares.
func (v *Validator) declared(loc string) []string {
	props, _ := v.node(loc)["properties"].(map[string]any)
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
