// Package mla embeds the files that people who are not Go programmers edit:
// the case file schemas, the per-state templates and profiles, the locale
// files and the examples. The command line can replace them at run time
// with --assets DIR.
package mla

import (
	"embed"
	"io/fs"
)

//go:embed schemas/*.json templates locales examples
var embedded embed.FS

// Assets returns the embedded asset tree: schemas/, templates/, locales/
// and examples/ at its root.
func Assets() fs.FS { return embedded }
