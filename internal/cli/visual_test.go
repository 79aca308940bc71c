package cli

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the reference page images of TestVisual (testdata/visual) and the examples' approved reviews (TestExampleReviews)")

// Visual regression check. Each PDF of each example bundle is rendered at
// visualDPI in grey and compared, page by page, with the images under
// testdata/visual/<example>/. The page counts must match, and each page
// must stay within the tolerances below, loose enough for another version
// of the rasterizer and tight enough that a moved line or block fails.
// Measured on the US example's request: rendering the vector art without
// anti-aliasing gives at most 0.24 levels and 0.22 % of pixels; one
// Chinese clause more in the facts, which moves the following lines,
// gives 1.33 levels and 1.28 % on its page. A changed digit is below what
// 30 dpi shows: the check is for layout, the text tests are for words. After a change to the layout, rerun
// with -update and review the changed images in the diff:
//
//	go test ./internal/cli -run TestVisual -update
const (
	visualDPI = 30
	// maxMeanDiff is the largest mean absolute difference of a page's
	// pixels, in grey levels (0-255).
	maxMeanDiff = 0.5
	// maxChanged is the largest share of a page's pixels that may differ
	// by more than changedLevel grey levels.
	maxChanged   = 0.005
	changedLevel = 48
)

func TestVisual(t *testing.T) {
	pdftoppm := checker(t, "pdftoppm")
	examples := exampleCases(t)
	for _, ex := range examples {
		name := strings.TrimSuffix(filepath.Base(ex), ".json")
		t.Run(name, func(t *testing.T) {
			// A scenario example is a copy of another with one defect: its
			// layout is that example's, compared only if it has references.
			if expected(t, ex) != nil {
				if _, err := os.Stat(repo(filepath.Join("testdata/visual", name))); err != nil {
					t.Skip("scenario example without reference images")
				}
			}
			out := filepath.Join(t.TempDir(), "bundle")
			if code, _, errs := run(t, nil, generateArgs(t, ex, "--out", out)...); code != 0 {
				t.Fatalf("generate: exit %d\n%s", code, errs)
			}
			got := renderPages(t, pdftoppm, out)
			dir := repo(filepath.Join("testdata/visual", name))
			if *update {
				writeReferences(t, dir, got)
				return
			}
			want, err := filepath.Glob(filepath.Join(dir, "*.png"))
			if err != nil || len(want) == 0 {
				t.Fatalf("no reference images in %s: run go test ./internal/cli -run TestVisual -update", dir)
			}
			if g, w := pageCounts(keys(got)), pageCounts(baseNames(want)); g != w {
				t.Errorf("pages: %s, references: %s", g, w)
			}
			for _, ref := range want {
				page := filepath.Base(ref)
				img, ok := got[page]
				if !ok {
					continue // counted above
				}
				mean, changed, err := compareImages(ref, img)
				if err != nil {
					t.Errorf("%s: %v", page, err)
					continue
				}
				if mean > maxMeanDiff || changed > maxChanged {
					t.Errorf("%s differs from its reference: mean difference %.2f grey levels (at most %.2f), %.2f%% of pixels changed (at most %.2f%%); if the change is meant, rerun with -update and review the images",
						page, mean, maxMeanDiff, 100*changed, 100*maxChanged)
				}
			}
		})
	}
}

// renderPages renders every PDF of a bundle and returns each page's PNG
// under the name <pdf>-<page, 3 digits>.png.
func renderPages(t *testing.T, pdftoppm, bundle string) map[string][]byte {
	t.Helper()
	pdfs, _ := filepath.Glob(filepath.Join(bundle, "*.pdf"))
	if len(pdfs) == 0 {
		t.Fatal("the bundle holds no PDF")
	}
	pages := map[string][]byte{}
	for _, pdf := range pdfs {
		base := strings.TrimSuffix(filepath.Base(pdf), ".pdf")
		tmp := t.TempDir()
		cmd := exec.Command(pdftoppm, "-r", fmt.Sprint(visualDPI), "-gray", "-png", pdf, filepath.Join(tmp, "p"))
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm %s: %v\n%s", base, err, b)
		}
		files, _ := filepath.Glob(filepath.Join(tmp, "p-*.png"))
		slices.Sort(files) // pdftoppm pads the page numbers of a file to one width
		for i, f := range files {
			b, err := greyPNG(f)
			if err != nil {
				t.Fatal(err)
			}
			pages[fmt.Sprintf("%s-%03d.png", base, i+1)] = b
		}
	}
	return pages
}

// writeReferences replaces the reference images of one example.
func writeReferences(t *testing.T, dir string, pages map[string][]byte) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	for name, b := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("wrote %d reference images to %s", len(pages), dir)
}

// pageCounts describes how many pages each PDF has, from page image names.
func pageCounts(names []string) string {
	n := map[string]int{}
	for _, s := range names {
		if i := strings.LastIndexByte(s, '-'); i > 0 {
			n[s[:i]]++
		}
	}
	var parts []string
	for pdf, c := range n {
		parts = append(parts, fmt.Sprintf("%s.pdf %d", pdf, c))
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

// compareImages returns the mean absolute difference of two grey images of
// the same size, in grey levels, and the share of pixels that differ by
// more than changedLevel.
func compareImages(refPath string, got []byte) (mean, changed float64, err error) {
	f, err := os.Open(refPath)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	ref, err := png.Decode(f)
	if err != nil {
		return 0, 0, fmt.Errorf("reference: %w", err)
	}
	img, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		return 0, 0, fmt.Errorf("rendering: %w", err)
	}
	if ref.Bounds() != img.Bounds() {
		return 0, 0, fmt.Errorf("size %v, reference %v", img.Bounds().Size(), ref.Bounds().Size())
	}
	b := ref.Bounds()
	var sum, n, big int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			d := grey(ref, x, y) - grey(img, x, y)
			if d < 0 {
				d = -d
			}
			sum += d
			if d > changedLevel {
				big++
			}
			n++
		}
	}
	return float64(sum) / float64(n), float64(big) / float64(n), nil
}

func grey(m image.Image, x, y int) int {
	r, g, b, _ := m.At(x, y).RGBA()
	return int((r + g + b) / 3 >> 8)
}

// greyPNG re-encodes a page image as 16 grey levels (a 4-bit palette),
// which keeps the committed references small; anti-aliasing needs no more
// for a check at this resolution. pdftoppm writes RGB even with -gray.
func greyPNG(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		return nil, err
	}
	pal := make(color.Palette, 16)
	for i := range pal {
		pal[i] = color.Gray{Y: uint8(i * 17)}
	}
	b := src.Bounds()
	dst := image.NewPaletted(b, pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dst.SetColorIndex(x, y, uint8((grey(src, x, y)+8)/17))
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestVisualCompare: the comparison finds nothing between a page and
// itself, and fails a page whose content moved down by two pixels (about
// 1.7 mm, a fraction of a line).
func TestVisualCompare(t *testing.T) {
	refs, _ := filepath.Glob(repo("testdata/visual/us-embezzlement/request-001.png"))
	if len(refs) != 1 {
		t.Fatal("no reference image")
	}
	b, err := os.ReadFile(refs[0])
	if err != nil {
		t.Fatal(err)
	}
	if m, c, err := compareImages(refs[0], b); err != nil || m != 0 || c != 0 {
		t.Fatalf("a page against itself: %v %v %v", m, c, err)
	}
	src, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	moved := image.NewGray(src.Bounds())
	for y := src.Bounds().Min.Y; y < src.Bounds().Max.Y; y++ {
		for x := src.Bounds().Min.X; x < src.Bounds().Max.X; x++ {
			moved.SetGray(x, y, color.Gray{Y: 255})
			if y >= 2 {
				moved.SetGray(x, y, color.Gray{Y: uint8(grey(src, x, y-2))})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, moved); err != nil {
		t.Fatal(err)
	}
	m, c, err := compareImages(refs[0], buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if m <= maxMeanDiff && c <= maxChanged {
		t.Errorf("a page moved by two pixels passes: mean %.2f, changed %.4f", m, c)
	}
}
