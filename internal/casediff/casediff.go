// Package casediff tells what changed between two versions of a case file
// and which findings appeared, disappeared or changed. Items of a list that
// have an id (persons P1, assistance items A1, evidence E1, offences by
// their catalogue id) are matched by it, so that an item inserted before
// another does not show every later item as changed.
package casediff

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/validate"
)

// Change is one difference between the two versions of the case, at
// Pointer in the new version (in the old one for a removal). Path is the
// same place with list items named by their ids (/persons/@P2/name/en).
type Change struct {
	Op      string `json:"op"` // "added", "removed", "changed"
	Pointer string `json:"pointer"`
	Path    string `json:"path"`
	Old     any    `json:"old,omitempty"`
	New     any    `json:"new,omitempty"`
}

// Ops of a Change, and of a FindingChange.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// FindingChange is a finding that appeared, disappeared or changed
// (same id, other severity or message) between the two versions.
type FindingChange struct {
	Op  string            `json:"op"`
	ID  string            `json:"id"`
	Old *validate.Finding `json:"old,omitempty"`
	New *validate.Finding `json:"new,omitempty"`
}

// Result is the whole difference.
type Result struct {
	FormatVersion int             `json:"format_version"`
	OldSHA256     string          `json:"old_sha256"`
	NewSHA256     string          `json:"new_sha256"`
	Changes       []Change        `json:"changes"`
	Findings      []FindingChange `json:"findings"`
}

// Same reports whether nothing differs.
func (r *Result) Same() bool { return len(r.Changes) == 0 && len(r.Findings) == 0 }

// Cases lists the differences between the parsed case files a and b, in
// the order of b (removals where they were in a).
func Cases(a, b any) []Change {
	var out []Change
	walk(a, b, "", "", "", &out)
	return out
}

// walk compares a (at pointer pa) with b (at pointer pb); path is the
// stable path.
func walk(a, b any, pa, pb, path string, out *[]Change) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(av)+len(bv))
		for k := range av {
			keys = append(keys, k)
		}
		for k := range bv {
			if _, ok := av[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			tok := "/" + casefile.EscapePointer(k)
			x, inA := av[k]
			y, inB := bv[k]
			switch {
			case !inB:
				*out = append(*out, Change{Op: Removed, Pointer: pa + tok, Path: path + tok, Old: x})
			case !inA:
				*out = append(*out, Change{Op: Added, Pointer: pb + tok, Path: path + tok, New: y})
			default:
				walk(x, y, pa+tok, pb+tok, path+tok, out)
			}
		}
		return
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		list(av, bv, pa, pb, path, out)
		return
	}
	if !equal(a, b) {
		*out = append(*out, Change{Op: Changed, Pointer: pb, Path: path, Old: a, New: b})
	}
}

// list compares two arrays: by id when every element of both has one,
// by position otherwise.
func list(a, b []any, pa, pb, path string, out *[]Change) {
	ida, oka := ids(a)
	idb, okb := ids(b)
	if !oka || !okb {
		n := max(len(a), len(b))
		for i := 0; i < n; i++ {
			tok := "/" + strconv.Itoa(i)
			switch {
			case i >= len(b):
				*out = append(*out, Change{Op: Removed, Pointer: pa + tok, Path: path + tok, Old: a[i]})
			case i >= len(a):
				*out = append(*out, Change{Op: Added, Pointer: pb + tok, Path: path + tok, New: b[i]})
			default:
				walk(a[i], b[i], pa+tok, pb+tok, path+tok, out)
			}
		}
		return
	}
	posA := map[string]int{}
	for i, id := range ida {
		posA[id] = i
	}
	inB := map[string]bool{}
	for j, id := range idb {
		inB[id] = true
		tokB := "/" + strconv.Itoa(j)
		stable := path + "/@" + casefile.EscapePointer(id)
		if i, ok := posA[id]; ok {
			walk(a[i], b[j], pa+"/"+strconv.Itoa(i), pb+tokB, stable, out)
		} else {
			*out = append(*out, Change{Op: Added, Pointer: pb + tokB, Path: stable, New: b[j]})
		}
	}
	for i, id := range ida {
		if !inB[id] {
			*out = append(*out, Change{Op: Removed, Pointer: pa + "/" + strconv.Itoa(i), Path: path + "/@" + casefile.EscapePointer(id), Old: a[i]})
		}
	}
}

// ids returns the ids of the elements of l, and whether each element is an
// object with a distinct, non-empty string id.
func ids(l []any) ([]string, bool) {
	out := make([]string, len(l))
	seen := map[string]bool{}
	for i, x := range l {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, false
		}
		id, ok := m["id"].(string)
		if !ok || id == "" || seen[id] {
			return nil, false
		}
		seen[id] = true
		out[i] = id
	}
	return out, len(l) > 0
}

func equal(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// Findings compares the findings of two reports by their stable ids: a
// finding of b whose id a lacks appeared, one of a that b lacks
// disappeared, one in both with another severity or message changed.
// Appeared and changed ones come in the order of b, then the ones that
// disappeared in the order of a.
func Findings(a, b []validate.Finding) []FindingChange {
	byID := map[string]int{}
	for i, f := range a {
		byID[f.Key] = i
	}
	var out []FindingChange
	inB := map[string]bool{}
	for j := range b {
		f := &b[j]
		inB[f.Key] = true
		i, ok := byID[f.Key]
		switch {
		case !ok:
			out = append(out, FindingChange{Op: Added, ID: f.Key, New: f})
		case a[i].Severity != f.Severity || message(a[i]) != message(*f):
			out = append(out, FindingChange{Op: Changed, ID: f.Key, Old: &a[i], New: f})
		}
	}
	for i := range a {
		if !inB[a[i].Key] {
			out = append(out, FindingChange{Op: Removed, ID: a[i].Key, Old: &a[i]})
		}
	}
	return out
}

func message(f validate.Finding) string {
	keys := make([]string, 0, len(f.Message))
	for k := range f.Message {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "\x00" + f.Message[k] + "\x00")
	}
	return b.String()
}
