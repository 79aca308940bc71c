package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// sortedZip is the excelize.ZipWriter that makes a workbook's bytes a
// function of its content. excelize writes the parts that stream writers
// produced while ranging over a map, so a workbook with several sheets lists
// its parts in a different order from one run to the next. sortedZip keeps
// each part in memory as it comes and writes them all, sorted by name and
// stamped with one fixed time, when excelize closes it.
type sortedZip struct {
	w        io.Writer
	modified time.Time
	parts    []*zipPart
}

// zipPart is one part awaiting its place in the archive.
type zipPart struct {
	name string
	data bytes.Buffer
}

var _ excelize.ZipWriter = (*sortedZip)(nil)

// errAddFS reports a call excelize does not make when saving a workbook.
var errAddFS = errors.New("xlsx: AddFS is not supported")

// zipEpoch is the earliest time a zip entry can carry (MS-DOS dates start
// in 1980); it stands in for a missing or earlier document date.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// newSortedZip returns a writer that stamps every entry with modified, the
// document's date, so unzip shows the date of the document rather than the
// time it was rendered.
func newSortedZip(w io.Writer, modified time.Time) *sortedZip {
	modified = modified.UTC()
	// MS-DOS dates run from 1980 to 2107, the extended timestamp's Unix
	// seconds to 2106.
	if modified.Before(zipEpoch) || modified.Year() > 2105 {
		modified = zipEpoch
	}
	return &sortedZip{w: w, modified: modified}
}

// Create starts a new part.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	p := &zipPart{name: name}
	z.parts = append(z.parts, p)
	return &p.data, nil
}

// AddFS is part of excelize.ZipWriter; excelize does not call it when it
// saves a workbook.
func (z *sortedZip) AddFS(fs.FS) error { return errAddFS }

// Close writes the archive. [Content_Types].xml sorts first, where tools
// that sniff a file's type look for it.
func (z *sortedZip) Close() error {
	slices.SortStableFunc(z.parts, func(a, b *zipPart) int { return strings.Compare(a.name, b.name) })
	zw := zip.NewWriter(z.w)
	for _, p := range z.parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: z.modified})
		if err != nil {
			return err
		}
		if _, err := p.data.WriteTo(w); err != nil {
			return err
		}
	}
	return zw.Close()
}
