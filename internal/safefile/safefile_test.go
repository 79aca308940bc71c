package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestEvidencePath(t *testing.T) {
	tests := []struct {
		in, want string // want "" when refused
	}{
		{"scan.pdf", "scan.pdf"},
		{"扫描件/E1.pdf", filepath.Join("扫描件", "E1.pdf")},
		{`scans\E1.pdf`, filepath.Join("scans", "E1.pdf")},
		{"a/../b.pdf", "b.pdf"},
		{"./a.pdf", "a.pdf"},
		{"", ""},
		{".", ""},
		{"a/..", ""},
		{"..", ""},
		{"../x.pdf", ""},
		{"a/../../x.pdf", ""},
		{`..\x.pdf`, ""},
		{"/etc/passwd", ""},
		{`\\server\share\x.pdf`, ""},
		{`C:\x.pdf`, ""},
		{"c:x.pdf", ""},
	}
	for _, tt := range tests {
		got, err := EvidencePath(tt.in)
		if tt.want == "" {
			if !errors.Is(err, ErrOutside) {
				t.Errorf("EvidencePath(%q) = %q, %v; want ErrOutside", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("EvidencePath(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestHashEvidence(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and pipes need a Unix system")
	}
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	must(t, os.WriteFile(secret, []byte("secret"), 0o600))
	base := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(base, "scans"), 0o700))
	must(t, os.WriteFile(filepath.Join(base, "scans", "E1.pdf"), []byte("abc"), 0o600))
	must(t, os.Symlink("E1.pdf", filepath.Join(base, "scans", "inside-link.pdf")))
	must(t, os.Symlink(secret, filepath.Join(base, "absolute-link.txt")))
	must(t, os.Symlink("../"+filepath.Base(outside)+"/secret.txt", filepath.Join(base, "relative-link.txt")))
	must(t, os.Symlink(outside, filepath.Join(base, "dir-link")))
	must(t, os.Symlink("nothing-here.pdf", filepath.Join(base, "dangling.pdf")))
	if err := mkfifo(filepath.Join(base, "pipe")); err != nil {
		t.Fatal(err)
	}
	unreadable := filepath.Join(base, "locked.pdf")
	must(t, os.WriteFile(unreadable, []byte("x"), 0o000))

	// SHA-256 of "abc" (FIPS 180-2, appendix B.1).
	const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	tests := []struct {
		file string
		err  error
	}{
		{"scans/E1.pdf", nil},
		{`scans\E1.pdf`, nil},
		{"scans/inside-link.pdf", nil},
		{"scans/../scans/E1.pdf", nil},
		{"../" + filepath.Base(outside) + "/secret.txt", ErrOutside},
		{secret, ErrOutside},
		{"absolute-link.txt", ErrLinkOutside},
		{"relative-link.txt", ErrLinkOutside},
		{"dir-link/secret.txt", ErrLinkOutside},
		{"dangling.pdf", ErrMissing},
		{"scans/E2.pdf", ErrMissing},
		{"scans", ErrNotRegular},
		{"pipe", ErrNotRegular},
		{"scans/E1.pdf/x", ErrUnreadable},
	}
	if os.Geteuid() != 0 { // root reads any file
		tests = append(tests, struct {
			file string
			err  error
		}{"locked.pdf", ErrUnreadable})
	}
	for _, tt := range tests {
		size, sum, err := HashEvidence(base, tt.file)
		if tt.err == nil {
			if err != nil || size != 3 || sum != abc {
				t.Errorf("%s: %d %s %v; want 3 %s", tt.file, size, sum, err, abc)
			}
			continue
		}
		if !errors.Is(err, tt.err) {
			t.Errorf("%s: error %v, want %v", tt.file, err, tt.err)
		}
		if sum != "" {
			t.Errorf("%s: hashed although refused", tt.file)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestHashEvidenceSwappedForPipe swaps an evidence file for a named pipe
// and back while it is hashed: every hash must return, with the file's
// digest or ErrNotRegular. Opening the pipe in blocking mode would wait for
// a writer forever; the timeout only guards the test against that hang.
// The window between the check and the open is narrow: with a blocking
// open, 2,000 runs hung in two tries out of three.
func TestHashEvidenceSwappedForPipe(t *testing.T) {
	base := t.TempDir()
	if err := mkfifo(filepath.Join(base, "probe")); err != nil {
		t.Skip(err)
	}
	const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	target := filepath.Join(base, "E1.pdf")
	must(t, os.WriteFile(target, []byte("abc"), 0o600))
	stop := make(chan struct{})
	swapped := make(chan error, 1)
	go func() {
		file, pipe := filepath.Join(base, "file.tmp"), filepath.Join(base, "pipe.tmp")
		for {
			select {
			case <-stop:
				swapped <- nil
				return
			default:
			}
			err := os.WriteFile(file, []byte("abc"), 0o600)
			if err == nil {
				err = os.Rename(file, target)
			}
			if err == nil {
				err = mkfifo(pipe)
			}
			if err == nil {
				err = os.Rename(pipe, target)
			}
			if err != nil {
				swapped <- err
				return
			}
		}
	}()
	defer func() {
		close(stop)
		if err := <-swapped; err != nil {
			t.Errorf("swapping: %v", err)
		}
	}()
	type result struct {
		sum string
		err error
	}
	const runs = 5000
	results := make(chan result)
	go func() {
		for i := 0; i < runs; i++ {
			_, sum, err := HashEvidence(base, "E1.pdf")
			results <- result{sum, err}
		}
	}()
	var hashed, refused int
	for i := 0; i < runs; i++ {
		select {
		case r := <-results:
			switch {
			case r.err == nil && r.sum == abc:
				hashed++
			case errors.Is(r.err, ErrNotRegular):
				refused++
			default:
				t.Fatalf("run %d: sum %q, error %v; want the digest of the file or ErrNotRegular", i, r.sum, r.err)
			}
		case <-time.After(time.Minute):
			t.Fatalf("run %d: hashing a file swapped for a pipe did not return", i)
		}
	}
	t.Logf("%d hashed, %d refused as not regular", hashed, refused)
}
