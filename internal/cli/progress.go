package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/mla-dev/mla/internal/document"
)

// progressMin is the number of evidence items from which a single case
// shows its progress: below it validate and generate take a second or two.
const progressMin = 5000

// progressBigFile is the size of a case file from which "Reading …" is
// shown while it is parsed, before its items are counted (about 5,000
// items of the reference case).
const progressBigFile = 2 << 20

// progress is one line on standard error, rewritten in place with a
// carriage return, that says what a long validate or generate is doing.
// It is only shown on a terminal, and never for a batch (which has its
// own) or with --format json. A nil *progress shows nothing.
type progress struct {
	a     *app
	w     io.Writer
	mu    sync.Mutex
	width int    // columns of the line shown, to blank it out
	last  string // the line shown
	big   bool   // the case is large enough to show progress for
}

// newProgress returns the progress line of a single-case command, or nil
// where none may be shown.
func (a *app) newProgress() *progress {
	if !a.env.Terminal || a.quiet {
		return nil
	}
	return &progress{a: a, w: a.env.Stderr}
}

// reading shows "Reading FILE…" when the case file is large.
func (p *progress) reading(path string) {
	if p == nil || path == "" || path == "-" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Size() < progressBigFile {
		return
	}
	p.show(p.a.t("cli.progress.read", map[string]any{"File": path}))
}

// items records how many evidence items the case has: progress is shown
// from progressMin on (and "Reading …" is cleared below it).
func (p *progress) items(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.big = n >= progressMin
	p.mu.Unlock()
	if !p.big {
		p.clear()
	}
}

// step shows the message id with data, on a large case; numbers (ints)
// in data are shown with their digits grouped.
func (p *progress) step(id string, data map[string]any) {
	if p == nil || !p.large() {
		return
	}
	args := map[string]any{}
	for k, v := range data {
		if n, ok := v.(int); ok {
			v = p.number(n)
		}
		args[k] = v
	}
	p.show(p.a.t(id, args))
}

// count shows the message id with Done and Total, on a large case, each
// time the percentage changes (so a long loop writes a hundred lines, not
// one per item).
func (p *progress) count(id string, done, total int, data map[string]any) {
	if p == nil || total <= 0 {
		return
	}
	if done != total && done*100/total == (done-1)*100/total {
		return
	}
	args := map[string]any{"Done": done, "Total": total}
	for k, v := range data {
		args[k] = v
	}
	p.step(id, args)
}

func (p *progress) large() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.big
}

// show replaces the line with s, blanking what is left of a longer one.
func (p *progress) show(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s == p.last {
		return
	}
	w := document.DisplayWidth(s)
	pad := ""
	if p.width > w {
		pad = strings.Repeat(" ", p.width-w)
	}
	fmt.Fprintf(p.w, "\r%s%s", s, pad)
	if p.width > w {
		fmt.Fprintf(p.w, "\r%s", s)
	}
	p.width, p.last = w, s
}

// clear blanks the line, before anything else is written to the terminal.
func (p *progress) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
	}
	p.width, p.last = 0, ""
}

// number writes n with its thousands grouped as the language does:
// 100,000 in English and Chinese, 100 000 (narrow no-break spaces) in
// French.
func (p *progress) number(n int) string {
	sep := ","
	if p.a.lang == "fr" || strings.HasPrefix(p.a.lang, "fr-") {
		sep = "\u202f"
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}
