package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/mla-dev/mla/internal/casefile"
)

// isBatch reports whether generate was given several cases or a folder.
func (a *app) isBatch(args []string) (bool, error) {
	if len(args) > 1 {
		return true, nil
	}
	if args[0] == casefile.Stdin {
		return false, nil
	}
	fi, err := os.Stat(args[0])
	if err != nil {
		return false, nil // generateOne reports the unreadable file
	}
	return fi.IsDir(), nil
}

// batchItem is one case of a batch and its outcome.
type batchItem struct {
	path string
	out  string
	log  bytes.Buffer
	err  error
	res  caseResult
}

// runBatch generates one bundle per case into o.out, named by the case's
// reference, with o.jobs cases at a time. A case that fails does not stop
// the others; the summary names every failure and the exit code is the
// most serious one.
func (a *app) runBatch(ctx context.Context, args []string, o *generateOptions) error {
	layout, err := a.layoutOf(o.layout)
	if err != nil {
		return err
	}
	paths, err := a.expand(args)
	if err != nil {
		return err
	}
	if o.jobs < 1 {
		return a.fail(ExitUsage, "cli.batch.jobs", map[string]any{"Jobs": o.jobs})
	}
	items := make([]*batchItem, len(paths))
	used := map[string]bool{}
	// No bundle of the batch may replace a case of the batch, nor a folder
	// given as a batch.
	bo := *o
	bo.inputs = append(append([]string(nil), paths...), args...)
	o = &bo
	for i, p := range paths {
		out := filepath.Join(o.out, uniqueName(a.bundleName(p), used))
		items[i] = &batchItem{path: p, out: out, res: caseResult{Case: p, Out: out}}
	}
	work := make(chan *batchItem)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < min(o.jobs, len(items)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				it.err = a.generateOne(ctx, it.path, it.out, layout, o, &it.log, &it.res)
				it.res.finish(it.err)
				mu.Lock()
				done++
				if a.env.Terminal && !a.quiet && o.format == "text" {
					fmt.Fprintf(a.env.Stderr, "\r%s", a.t("cli.batch.progress", map[string]any{"Done": done, "Total": len(items)}))
				}
				mu.Unlock()
			}
		}()
	}
	for _, it := range items {
		work <- it
	}
	close(work)
	wg.Wait()
	if a.env.Terminal && !a.quiet && o.format == "text" {
		fmt.Fprintln(a.env.Stderr)
	}
	code, failed := ExitOK, 0
	for _, it := range items {
		if it.err == nil {
			continue
		}
		failed++
		var ee *exitError
		c := ExitInternal
		if errors.As(it.err, &ee) {
			c = ee.code
		}
		code = max(code, c)
		fmt.Fprintln(a.env.Stderr, a.t("cli.batch.failed", map[string]any{"File": casefile.Visible(it.path), "Detail": strings.TrimSpace(it.err.Error())}))
		if s := strings.TrimSpace(it.log.String()); s != "" {
			fmt.Fprintln(a.env.Stderr, indent(s))
		}
	}
	if !a.quiet {
		fmt.Fprintln(a.env.Stderr, a.t("cli.batch.summary", map[string]any{"Total": len(items), "OK": len(items) - failed, "Failed": failed, "Dir": casefile.Visible(o.out)}))
	}
	if o.format == "json" {
		results := make([]*caseResult, len(items))
		for i, it := range items {
			results[i] = &it.res
		}
		if err := writeJSON(a.env.Stdout, summary(o, results)); err != nil {
			return a.internal(err)
		}
	}
	if code != ExitOK {
		return &exitError{code: code}
	}
	return nil
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// expand turns the arguments into case files: a folder stands for the
// *.json files directly in it, in name order, except the review files of
// its cases.
func (a *app) expand(args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err == nil && fi.IsDir() {
			m, _ := filepath.Glob(filepath.Join(arg, "*.json"))
			sort.Strings(m)
			m = withoutReviews(m)
			if len(m) == 0 {
				return nil, a.fail(ExitUsage, "cli.batch.empty_folder", map[string]any{"Dir": arg})
			}
			out = append(out, m...)
			continue
		}
		out = append(out, arg)
	}
	return out, nil
}

// withoutReviews leaves out of a folder's files the review files of its
// cases (CASE.review.json beside CASE.json, signoff.PathFor): they are read
// with their case, not generated as cases.
func withoutReviews(files []string) []string {
	cases := map[string]bool{}
	for _, f := range files {
		cases[f] = true
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, ".review.json") && cases[strings.TrimSuffix(f, ".review.json")+".json"] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// bundleName names a case's bundle by its reference; a case whose
// reference cannot be read is named by its file (generate then reports
// why). Only the reference is decoded: the case is loaded and checked in
// full once, by its worker.
func (a *app) bundleName(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	limit := casefile.MaxSize
	if lim, err := a.limits(); err == nil && lim.MaxSize > 0 {
		limit = lim.MaxSize
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() <= limit {
		var head struct {
			Reference string `json:"reference"`
		}
		if data, err := os.ReadFile(path); err == nil {
			data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
			if json.Unmarshal(data, &head) == nil && head.Reference != "" {
				name = head.Reference
			}
		}
	}
	return safeName(name)
}

// safeName makes a reference usable as a folder name on every system:
// path separators, characters Windows forbids, and every character that
// casefile.Visible would spell out (controls, direction and invisible
// format characters) become "_"; Chinese characters and brackets such as
// 〔〕 stay. A name of dots alone ("." or "..") becomes "_", so that no
// reference names the output folder itself or the one above it, and a
// name Windows keeps for a device (CON, NUL, COM1, …) gets a "_" before
// it, on every system, so that a batch names its bundles alike everywhere.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) || casefile.Visible(string(r)) != string(r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, ". ")
	if s == "" {
		return "_"
	}
	stem, _, _ := strings.Cut(s, ".")
	if windowsDevice.MatchString(strings.TrimRight(stem, " ")) {
		return "_" + s
	}
	return s
}

// windowsDevice matches the names Windows gives to devices, whatever the
// extension after them.
var windowsDevice = regexp.MustCompile(`(?i)^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])$`)

func uniqueName(name string, used map[string]bool) string {
	out := name
	for i := 2; used[out]; i++ {
		out = fmt.Sprintf("%s-%d", name, i)
	}
	used[out] = true
	return out
}
