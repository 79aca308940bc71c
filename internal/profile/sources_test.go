package profile

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	mla "github.com/mla-dev/mla"
)

// internalNote matches what an expert reviewer cannot look up: the
// maintainers' research notes (FACTS.md, OFFENCES.md), their verification
// marks ([V], [P], [M], also with a source after a comma) and [analysis], and
// wording that says a fact was recalled rather than read. Sources, notes and
// checks reach the reviewer in findings, in `mla countries` and in the
// report, so they must name published sources and say plainly what is not
// confirmed.
var internalNote = regexp.MustCompile(`FACTS\.md|OFFENCES\.md|shared/legal|\[[VPM][\],;\s]|\[analysis|recollection|\brecalled\b|from memory|research notes?\b`)

func TestInternalNoteDetection(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Treaty art. 3; FACTS.md §3.2(b) [V]", true},
		{"OFFENCES.md §5.3", true},
		{"Per OFFENCES.md §5.1: describe the conduct", true},
		{"Treaty art. 9(2)-(4) read [V]", true},
		{"5-year maximum from criminalnotebook.ca; hybrid status [M]", true},
		{"s 8(1A) [P]; the current text was not read", true},
		{"any offence [V, mondaq / interest.co.nz].", true},
		{"foreign officials may not read it so. [analysis, see above]", true},
		{"The French name of the group is mla's recollection", true},
		{"not in the research notes; recalled", true},
		{"Global Times 2016; the day and month from memory", true},
		{"Facts follow shared/legal/OFFENCES.md.", true},

		{"Treaty art. 3", false},
		{"Canada's ratification date (2 October 2007) is not confirmed in a published source", false},
		{"[The requesting country] confirms that [the accused] will not be sentenced to death", false},
		{"Mutual Assistance in Criminal Matters Act 1992 (NZ) s 27(2)(ca)", false},
		{"UNCAC Art. 15 speaks of a “public official”, not a body. (mla's analysis)", false},
		{"S1: 刑法/刑法.md, commit 71f344a (2024-07-11); S2: charge name", false},
		{"Verification mark: V, P or M", false},
	}
	for _, tt := range tests {
		if got := internalNote.MatchString(tt.text); got != tt.want {
			t.Errorf("%q: internal note found = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestAssetsCiteOnlyPublicSources reads every JSON file of the embedded
// templates, schemas and examples and reports each string, wherever it sits,
// that cites the research notes or their marks.
func TestAssetsCiteOnlyPublicSources(t *testing.T) {
	fsys := mla.Assets()
	files := 0
	for _, root := range []string{"templates", "schemas", "examples"} {
		err := fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(name, ".json") {
				return err
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			var doc any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Errorf("%s: %v", name, err)
				return nil
			}
			files++
			eachString(doc, "", func(ptr, s string) {
				if m := internalNote.FindString(s); m != "" {
					t.Errorf("%s#%s cites %q, which a reviewer cannot look up; name the published source, or say that the fact is not confirmed in a published source: %s", name, ptr, m, s)
				}
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 10 {
		t.Fatalf("read %d JSON files; the asset tree looks incomplete", files)
	}
}

// eachString calls f with the JSON Pointer and value of every string in v,
// object keys in sorted order.
func eachString(v any, ptr string, f func(ptr, s string)) {
	switch v := v.(type) {
	case string:
		f(ptr, v)
	case []any:
		for i, e := range v {
			eachString(e, ptr+"/"+strconv.Itoa(i), f)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		esc := strings.NewReplacer("~", "~0", "/", "~1")
		for _, k := range keys {
			eachString(v[k], ptr+"/"+esc.Replace(k), f)
		}
	}
}
