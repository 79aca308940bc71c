package compose

import (
	"github.com/mla-dev/mla/internal/document"
)

// fingerprintNote is the footer note that carries the bundle's fingerprint
// on every page, so that a paper copy can be matched to its bundle: the
// label in both languages, then the 64 hexadecimal digits once. It is one
// text (no translation), so both layouts print it whole on every page.
func (k *composer) fingerprintNote() {
	fp := k.in.Fingerprint
	if fp == "" {
		return
	}
	l := k.msg("integrity.footer.fingerprint", nil)
	note := both(l) + " " + fp
	if st := k.in.Status; st != "" {
		note = both(k.msg("integrity.footer.status."+st, nil)) + "  " + note
	}
	if id := k.in.SigningKey; id != "" {
		note += "  " + both(k.msg("integrity.footer.signing_key", nil)) + " " + id
	}
	if old := k.doc.FooterNote; old.Orig != "" || old.Trans != "" {
		// Keep a note set before; the fingerprint follows it.
		k.doc.FooterNote = document.Text{Orig: old.Orig + "  " + note, Trans: old.Trans + "  " + note}
		return
	}
	k.doc.FooterNote = document.Same(note)
}

// hasFiles reports whether any evidence item names a file or states a
// SHA-256: only then does the evidence list have the two columns for them.
func (k *composer) hasFiles() bool {
	for i, e := range k.c.Evidence {
		if e.File != "" || e.SHA256 != "" || k.in.EvidenceSHA256[i] != "" {
			return true
		}
	}
	return false
}

// fileColumns are the evidence list's columns for the file and its SHA-256.
func (k *composer) fileColumns() []document.Column {
	return []document.Column{
		k.col("evidence.col.file", 14, document.KindText),
		k.col("evidence.col.sha256", 20, document.KindText),
	}
}

// fileCells are the cells of item i for fileColumns: the file as the case
// names it and the SHA-256 that mla computed, or else the one the case
// states.
func (k *composer) fileCells(i int) []string {
	e := k.c.Evidence[i]
	sum := k.in.EvidenceSHA256[i]
	if sum == "" {
		sum = e.SHA256
	}
	return []string{e.File, sum}
}
