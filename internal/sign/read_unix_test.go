//go:build unix

package sign

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/mla-dev/mla/internal/safefile"
)

// TestReadFileRefusesPipeAndLarge: a key or signature that is a named pipe
// is refused at once (never waited on), and so is one too large.
func TestReadFileRefusesPipeAndLarge(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "mla.pub")
	must(t, syscall.Mkfifo(fifo, 0o600))
	if _, err := ReadFile(fifo, MaxKeyFile); !errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("named pipe: %v", err)
	}
	big := filepath.Join(dir, "big")
	must(t, os.WriteFile(big, make([]byte, MaxKeyFile+1), 0o600))
	if _, err := ReadFile(big, MaxKeyFile); !errors.Is(err, ErrTooLarge) {
		t.Errorf("large file: %v", err)
	}
	if data, err := ReadFile(big, MaxKeyFile+1); err != nil || len(data) != MaxKeyFile+1 {
		t.Errorf("file at the limit: %d bytes, %v", len(data), err)
	}
}
