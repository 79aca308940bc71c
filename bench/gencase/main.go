// Command gencase writes fictional reference cases for the benchmarks: it
// takes a valid case file and scales it, or copies it under new references.
//
//	gencase -from examples/us-embezzlement.json -evidence 10000 -persons 1000 -out big.json
//	gencase -from examples/us-embezzlement.json -copies 200 -outdir batch/
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	from := flag.String("from", "examples/us-embezzlement.json", "case file to start from")
	evidence := flag.Int("evidence", 0, "number of evidence items in the scaled case (0: as in the source)")
	persons := flag.Int("persons", 0, "number of persons in the scaled case (0: as in the source)")
	out := flag.String("out", "", "file to write the scaled case to")
	copies := flag.Int("copies", 0, "number of copies to write into -outdir, each with its own reference")
	outdir := flag.String("outdir", "", "folder for -copies")
	flag.Parse()
	if err := run(*from, *evidence, *persons, *out, *copies, *outdir); err != nil {
		fmt.Fprintln(os.Stderr, "gencase:", err)
		os.Exit(1)
	}
}

func run(from string, nEvidence, nPersons int, out string, copies int, outdir string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	var c map[string]any
	if err := json.Unmarshal(data, &c); err != nil {
		return err
	}
	if out != "" {
		scale(c, nEvidence, nPersons)
		return write(out, c)
	}
	if copies > 0 && outdir != "" {
		if err := os.MkdirAll(outdir, 0o755); err != nil {
			return err
		}
		ref, _ := c["reference"].(string)
		for i := 1; i <= copies; i++ {
			c["reference"] = fmt.Sprintf("%s-%03d", ref, i)
			if err := write(filepath.Join(outdir, fmt.Sprintf("case-%03d.json", i)), c); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("give -out, or -copies with -outdir")
}

// scale repeats the source's evidence items and witnesses, with new ids,
// until the case has the numbers asked for.
func scale(c map[string]any, nEvidence, nPersons int) {
	if ev, _ := c["evidence"].([]any); nEvidence > 0 && len(ev) > 0 {
		var out []any
		for i := 0; i < nEvidence; i++ {
			e := clone(ev[i%len(ev)]).(map[string]any)
			e["id"] = fmt.Sprintf("E%d", i+1)
			out = append(out, e)
		}
		c["evidence"] = out
		// The first item of assistance relies on the added items, so that
		// the case stays clean (no evidence item unused).
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

func write(name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(b, '\n'), 0o600)
}
