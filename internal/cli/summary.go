package cli

import (
	"errors"
	"strings"

	"github.com/mla-dev/mla/internal/bundle"
	"github.com/mla-dev/mla/internal/validate"
)

// generateSummaryFormat names the shape of the summary that generate
// --format json writes on standard output (see README "Batch summary").
const generateSummaryFormat = "mla-generate/1"

// generateSummary is generate's --format json document: one per run,
// whether it generated one case or a batch.
type generateSummary struct {
	Format string `json:"format"`
	Draft  bool   `json:"draft"`
	// Out is the --out folder: the bundle itself for one case, the folder
	// that holds one bundle per case for a batch.
	Out string `json:"out"`
	// Total, Written and Failed count the cases; ExitCode is the run's exit
	// status (the most serious of the cases').
	Total    int           `json:"total"`
	Written  int           `json:"written"`
	Failed   int           `json:"failed"`
	ExitCode int           `json:"exit_code"`
	Cases    []*caseResult `json:"cases"`
}

// caseResult is the outcome of one case of a generate run.
type caseResult struct {
	// Case is the case file as given (or found in a folder given).
	Case string `json:"case"`
	// Out is the case's bundle folder.
	Out string `json:"out"`
	// Status is "written" (exit 0), "refused" (the case has findings that
	// stop it: exit 1) or "failed" (the case or the output could not be
	// read or written, exit 2; or a fault of mla, exit 3).
	Status   string `json:"status"`
	ExitCode int    `json:"exit_code"`
	// Findings counts the case's findings by severity; null when the case
	// could not be read.
	Findings *findingCounts `json:"findings"`
	// Fingerprint is the bundle's fingerprint (manifest.json
	// fingerprint.sha256), "" when no bundle was written.
	Fingerprint string `json:"fingerprint"`
	// Files are the files written, manifest last.
	Files []string `json:"files"`
	// Message says why a case was refused or failed, in the user's
	// language; "" when written.
	Message string `json:"message"`
}

type findingCounts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// count records the findings of the checked case.
func (r *caseResult) count(rep *validate.Report) {
	if r == nil {
		return
	}
	r.Findings = &findingCounts{
		Error:   count(rep, validate.Error),
		Warning: count(rep, validate.Warning),
		Info:    count(rep, validate.Info),
	}
}

// written records the files of the bundle written and its fingerprint.
func (r *caseResult) written(files []bundle.File) {
	if r == nil {
		return
	}
	for _, f := range files {
		r.Files = append(r.Files, f.Name)
		if f.Name == bundle.ManifestName {
			if m, err := bundle.DecodeManifest(f.Data); err == nil {
				r.Fingerprint = m.Fingerprint.SHA256
			}
		}
	}
}

// finish records the case's outcome from the error generateOne returned.
func (r *caseResult) finish(err error) {
	if r.Files == nil {
		r.Files = []string{}
	}
	if err == nil {
		r.Status, r.ExitCode = "written", ExitOK
		return
	}
	r.ExitCode, r.Message = ExitInternal, strings.TrimSpace(err.Error())
	var ee *exitError
	if errors.As(err, &ee) {
		r.ExitCode = ee.code
	}
	r.Status = "failed"
	if r.ExitCode == ExitFindings {
		r.Status = "refused"
	}
	if r.Fingerprint != "" && r.ExitCode != ExitOK {
		// Written, then a later step failed (signing): the bundle is there.
		r.Status = "failed"
	}
}

// summary gathers the outcomes of a run.
func summary(o *generateOptions, results []*caseResult) generateSummary {
	s := generateSummary{Format: generateSummaryFormat, Draft: o.draft, Out: o.out, Total: len(results), Cases: results}
	for _, r := range results {
		if r.Status == "written" {
			s.Written++
		} else {
			s.Failed++
		}
		s.ExitCode = max(s.ExitCode, r.ExitCode)
	}
	return s
}
