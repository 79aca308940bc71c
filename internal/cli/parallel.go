package cli

import (
	"bytes"
	"io"
	"sync"

	"github.com/mla-dev/mla/internal/bundle"
)

// job renders one output file.
type job struct {
	name   string
	render func(io.Writer) error
}

// renderAll runs the jobs concurrently and returns their files in the
// jobs' order. Most of a PDF's time is the PDF library parsing and
// subsetting the CJK font, which one document cannot share with another,
// so the documents of a bundle are rendered side by side.
func renderAll(jobs []job) ([]bundle.File, error) {
	files := make([]bundle.File, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			errs[i] = j.render(&buf)
			files[i] = bundle.File{Name: j.name, Data: buf.Bytes()}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}
