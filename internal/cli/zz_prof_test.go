package cli

import (
	"os"
	"testing"
)

func BenchmarkBatchProf(b *testing.B) {
	for b.Loop() {
		os.RemoveAll("/tmp/bout")
		code, _, errs := run(&testing.T{}, nil, "generate", "/tmp/batch", "--out", "/tmp/bout")
		if code != 0 {
			b.Fatal(errs)
		}
	}
}
