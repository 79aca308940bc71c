// Package benchcase scales a valid case file into a large fictional one,
// for the benchmarks (bench/gencase and the Go benchmarks of large cases).
package benchcase

import (
	"encoding/json"
	"fmt"
)

// Scale returns the case file data with nEvidence evidence items and at
// least nPersons persons (0: as in the source), written as compact JSON.
// It repeats the source's evidence items and its last person, with new
// ids; the first item of assistance relies on the added items, so that the
// case stays clean (no evidence item unused).
func Scale(data []byte, nEvidence, nPersons int) ([]byte, error) {
	var c map[string]any
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	ScaleMap(c, nEvidence, nPersons)
	return json.Marshal(c)
}

// ScaleMap is Scale on a decoded case file.
func ScaleMap(c map[string]any, nEvidence, nPersons int) {
	if ev, _ := c["evidence"].([]any); nEvidence > 0 && len(ev) > 0 {
		out := make([]any, 0, nEvidence)
		for i := 0; i < nEvidence; i++ {
			e := clone(ev[i%len(ev)]).(map[string]any)
			e["id"] = fmt.Sprintf("E%d", i+1)
			out = append(out, e)
		}
		c["evidence"] = out
		if as, _ := c["assistance"].([]any); len(as) > 0 {
			a := as[0].(map[string]any)
			refs, _ := a["evidence"].([]any)
			for i := len(ev); i < nEvidence; i++ {
				refs = append(refs, fmt.Sprintf("E%d", i+1))
			}
			a["evidence"] = refs
		}
	}
	if ps, _ := c["persons"].([]any); nPersons > len(ps) && len(ps) > 0 {
		// Extra persons are copies of the last witness; nothing refers to
		// them, as in a case that lists everyone questioned.
		w := ps[len(ps)-1]
		for i := len(ps); i < nPersons; i++ {
			p := clone(w).(map[string]any)
			p["id"] = fmt.Sprintf("P%d", i+1)
			ps = append(ps, p)
		}
		c["persons"] = ps
	}
}

func clone(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}
