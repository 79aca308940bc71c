//go:build unix

package bundle

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// An output swapped for a named pipe is reported, never opened for
// reading (which would wait for a writer for ever).
func TestVerifyPipeInPlaceOfAnOutput(t *testing.T) {
	fx := newFixture(t)
	p := filepath.Join(fx.out, "request.pdf")
	must(t, os.Remove(p))
	must(t, syscall.Mkfifo(p, 0o600))
	done := make(chan *Result, 1)
	go func() {
		r, _ := Verify(fx.out, VerifyOptions{})
		done <- r
	}()
	select {
	case r := <-done:
		if r == nil {
			t.Fatal("verify failed")
		}
		if got := strings.Join(statuses(r), " "); got != "output:request.pdf=changed" {
			t.Errorf("got %q", got)
		}
	case <-time.After(time.Minute): // a guard against a hang, not a timing
		t.Fatal("verify hangs on a named pipe")
	}
}
