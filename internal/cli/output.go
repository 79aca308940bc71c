package cli

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/report"
	"github.com/mla-dev/mla/internal/safefile"
)

// writeOutput writes the files of a command into the folder out (see
// bundle.WriteWith) and turns what stops it into a message in the user's
// language: a folder that is refused, exists, or cannot be created or
// written is the user's to fix (exit 2), never a fault of mla.
func (a *app) writeOutput(out string, files []bundle.File, o bundle.Options) error {
	return a.outputError(out, bundle.WriteWith(out, files, o))
}

// checkOutput tells before anything is rendered whether writeOutput would
// refuse out.
func (a *app) checkOutput(out string, o bundle.Options) error {
	return a.outputError(out, bundle.CheckTarget(out, o))
}

func (a *app) outputError(out string, err error) error {
	if err == nil {
		return nil
	}
	dir := casefile.Visible(out)
	var re *bundle.RefusedError
	var we *bundle.WriteError
	switch {
	case errors.As(err, &re):
		return a.fail(ExitUsage, "cli.out.refused."+string(re.Reason), map[string]any{"Dir": dir, "Name": casefile.Visible(re.Name)})
	case errors.Is(err, bundle.ErrExists):
		return a.fail(ExitUsage, "cli.generate.exists", map[string]any{"Dir": dir})
	case errors.As(err, &we):
		return a.fail(ExitUsage, "cli.out.write_failed", map[string]any{"Dir": dir, "Reason": a.writeReason(we.Err)})
	}
	return a.fail(ExitInternal, "cli.generate.write_failed", map[string]any{"Dir": dir, "Detail": casefile.Visible(err.Error())})
}

// writeReason says in the user's language why the file system refused a
// write; for a reason without a message of its own, the system's text.
func (a *app) writeReason(err error) string {
	switch {
	case errors.Is(err, syscall.EROFS):
		return a.t("cli.out.reason.read_only", nil)
	case errors.Is(err, fs.ErrPermission):
		return a.t("cli.out.reason.permission", nil)
	case errors.Is(err, syscall.ENOTDIR):
		return a.t("cli.out.reason.not_folder", nil)
	case errors.Is(err, syscall.ENOSPC):
		return a.t("cli.out.reason.no_space", nil)
	case errors.Is(err, fs.ErrNotExist):
		return a.t("cli.out.reason.not_found", nil)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return a.t("cli.out.reason.other", map[string]any{"Detail": casefile.Visible(err.Error())})
}

// inputsOf lists what a run reads, so that no output replaces it: the case
// file, every evidence file found, the assets folder, and the other cases
// of a batch (extra).
func (a *app) inputsOf(c *checked, extra []string) []string {
	var in []string
	if c.file.Name != casefile.Stdin {
		in = append(in, c.file.Name)
	}
	for _, e := range c.evidence {
		if rel, err := safefile.EvidencePath(e.File); err == nil {
			in = append(in, filepath.Join(c.folder, rel))
		}
	}
	if a.assets != "" {
		in = append(in, a.assets)
	}
	return append(in, extra...)
}

// ownedReport recognises what review wrote, which has no manifest: a
// folder that holds report.json, an mla report (a JSON object with
// format_version and findings), and besides it only the other files review
// writes (names), each a regular file, and bundle.SystemFile. review --force replaces such a
// folder and nothing else.
func ownedReport(names []string) func(string) error {
	return func(dir string) error {
		const main = report.JSONName
		fi, err := os.Lstat(filepath.Join(dir, main))
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > 64<<20 {
			return &bundle.RefusedError{Dir: dir, Reason: bundle.RefuseNotOutput, Name: main}
		}
		data, err := os.ReadFile(filepath.Join(dir, main))
		var head struct {
			FormatVersion *int             `json:"format_version"`
			Findings      *json.RawMessage `json:"findings"`
		}
		if err != nil || json.Unmarshal(data, &head) != nil || head.FormatVersion == nil || head.Findings == nil {
			return &bundle.RefusedError{Dir: dir, Reason: bundle.RefuseNotOutput, Name: main}
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return &bundle.WriteError{Dir: dir, Err: err}
		}
		for _, e := range entries {
			if bundle.SystemFile(e) {
				continue
			}
			if !slices.Contains(names, e.Name()) || !e.Type().IsRegular() {
				return &bundle.RefusedError{Dir: dir, Reason: bundle.RefuseForeign, Name: e.Name()}
			}
		}
		return nil
	}
}

// writeNew writes data, owner-only, into a file that must not exist: an
// existing file (or link) is never replaced, and the new file appears
// whole or not at all.
func (a *app) writeNew(file string, data []byte) error {
	if file == stdoutName {
		if _, err := a.env.Stdout.Write(data); err != nil {
			return a.fail(ExitUsage, "cli.signoff.unwritable", map[string]any{"File": file, "Err": err.Error()})
		}
		return nil
	}
	err := safefile.Write(file, data, safefile.WriteOptions{New: true})
	switch {
	case errors.Is(err, fs.ErrExist):
		return a.fail(ExitUsage, "cli.init.exists", map[string]any{"File": casefile.Visible(file)})
	case err != nil:
		return a.fail(ExitUsage, "cli.signoff.unwritable", map[string]any{"File": casefile.Visible(file), "Err": err.Error()})
	}
	return nil
}
