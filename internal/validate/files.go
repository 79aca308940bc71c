package validate

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/mla-dev/mla/internal/casefile"
	"github.com/mla-dev/mla/internal/safefile"
)

// Evidence files. An evidence item may name its file ("file", relative to
// the folder of the case file) and state its SHA-256 ("sha256"). CheckFiles
// reads and hashes each named file and reports:
//
//	rule                        severity  pointer                what
//	evidence.file_outside       error     /evidence/N/file       absolute, or climbs out with ".."
//	evidence.file_link_outside  error     /evidence/N/file       a symbolic link leads out of the folder
//	evidence.file_missing       error     /evidence/N/file       nothing there
//	evidence.file_not_regular   error     /evidence/N/file       a folder, pipe or device
//	evidence.file_unreadable    error     /evidence/N/file       cannot be read
//	evidence.sha256_mismatch    error     /evidence/N/sha256     the file's SHA-256 is not the stated one
//	evidence.sha256_unchecked   info      /evidence/N/sha256     a SHA-256 stated without a file to check it
//
// A file is never followed out of the case's folder, and nothing is read
// but regular files.

// EvidenceFile is an evidence file that was found and hashed.
type EvidenceFile struct {
	// Index is the item's index in /evidence; Pointer is "/evidence/Index".
	Index   int
	Pointer string
	ID      string
	// File is the path as the case writes it.
	File   string
	Size   int64
	SHA256 string
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// CheckFiles hashes the evidence files that f names, relative to the folder
// base, adds the findings to r (keeping its order and Valid up to date) and
// returns the files it hashed, in the order of the evidence list. A field
// that the schema already reported is skipped.
func CheckFiles(r *Report, f *casefile.File, base string) []EvidenceFile {
	return CheckFilesProgress(r, f, base, nil)
}

// CheckFilesProgress is CheckFiles that calls progress (when not nil)
// after each evidence item, with the number of items done and in all.
func CheckFilesProgress(r *Report, f *casefile.File, base string, progress func(done, total int)) []EvidenceFile {
	items, _ := asMap(f.Raw)["evidence"].([]any)
	reported := map[string]bool{}
	for _, fd := range r.Findings {
		reported[fd.Pointer] = true
	}
	var out []EvidenceFile
	var found []Finding
	add := func(ptr, rule string, args map[string]any) {
		args["Field"] = ptr
		found = append(found, Finding{Pointer: ptr, Rule: rule, Args: args})
	}
	for i, it := range items {
		if progress != nil {
			progress(i+1, len(items))
		}
		item := asMap(it)
		base0 := fmt.Sprintf("/evidence/%d", i)
		if item == nil || reported[base0] {
			continue
		}
		id, _ := item["id"].(string)
		file, hasFile := item["file"].(string)
		stated, hasSum := item["sha256"].(string)
		filePtr, sumPtr := base0+"/file", base0+"/sha256"
		hasFile = hasFile && !reported[filePtr]
		hasSum = hasSum && !reported[sumPtr] && sha256Hex.MatchString(stated)
		if !hasFile {
			if hasSum && item["file"] == nil {
				add(sumPtr, "evidence.sha256_unchecked", map[string]any{})
			}
			continue
		}
		size, sum, err := safefile.HashEvidence(base, file)
		if err != nil {
			add(filePtr, fileRule(err), map[string]any{"File": casefile.Visible(file)})
			continue
		}
		out = append(out, EvidenceFile{Index: i, Pointer: base0, ID: id, File: file, Size: size, SHA256: sum})
		if hasSum && !strings.EqualFold(stated, sum) {
			add(sumPtr, "evidence.sha256_mismatch", map[string]any{"File": casefile.Visible(file), "Stated": stated, "Actual": sum})
		}
	}
	if len(found) > 0 {
		r.meta().apply(found)
		r.Findings = append(r.Findings, found...)
		sortFindings(f, r.Findings)
		r.Valid = r.Errors() == 0
	}
	return out
}

func fileRule(err error) string {
	switch {
	case errors.Is(err, safefile.ErrOutside):
		return "evidence.file_outside"
	case errors.Is(err, safefile.ErrLinkOutside):
		return "evidence.file_link_outside"
	case errors.Is(err, safefile.ErrMissing):
		return "evidence.file_missing"
	case errors.Is(err, safefile.ErrNotRegular):
		return "evidence.file_not_regular"
	}
	return "evidence.file_unreadable"
}
