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

	"github.com/mla-dev/mla/internal/benchcase"
	"github.com/mla-dev/mla/internal/safefile"
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
		benchcase.ScaleMap(c, nEvidence, nPersons)
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

func write(name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return safefile.Write(name, append(b, '\n'), safefile.WriteOptions{})
}
