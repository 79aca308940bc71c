//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// isolated runs generate of the example in a child process (see
// TestChildHelper) whose home, temporary and cache folders and working
// folder are empty folders of their own, writing the bundle to
// parent/bundle; wrap, when set, runs the child under another program
// (strace). It returns those folders for inspection.
func isolated(t *testing.T, wrap ...string) (home, tmp, cwd, parent string) {
	t.Helper()
	caseFile, err := filepath.Abs(repo(example))
	must(t, err)
	root := t.TempDir()
	home, tmp, cwd, parent = filepath.Join(root, "home"), filepath.Join(root, "tmp"), filepath.Join(root, "cwd"), filepath.Join(root, "out")
	for _, d := range []string{home, tmp, cwd, parent} {
		must(t, os.Mkdir(d, 0o700))
	}
	args := append(wrap, os.Args[0], "-test.run=^TestChildHelper$", "--", "generate", caseFile, "--out", filepath.Join(parent, "bundle"))
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = cwd
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "HOME", "TMPDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "GOCOVERDIR":
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, childEnv+"=1", "HOME="+home, "TMPDIR="+tmp,
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_DATA_HOME="+filepath.Join(home, ".local"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return home, tmp, cwd, parent
}

// TestGenerateWritesOnlyItsBundle: with empty home, temporary and working
// folders, generate leaves them empty, leaves nothing but the bundle beside
// it, and makes the bundle owner-only.
func TestGenerateWritesOnlyItsBundle(t *testing.T) {
	home, tmp, cwd, parent := isolated(t)
	for _, d := range []string{home, tmp, cwd} {
		entries, err := os.ReadDir(d)
		if err != nil || len(entries) != 0 {
			t.Errorf("%s holds %v (%v)", d, entries, err)
		}
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "bundle" {
		t.Errorf("beside the bundle: %v", entries)
	}
	dir := filepath.Join(parent, "bundle")
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("bundle folder: %v %v", fi.Mode().Perm(), err)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != len(bundleFiles) {
		t.Errorf("bundle holds %d files", len(files))
	}
	for _, f := range files {
		if fi, _ := f.Info(); fi.Mode().Perm() != 0o600 || !fi.Mode().IsRegular() {
			t.Errorf("%s: mode %v, want a regular file 0600", f.Name(), fi.Mode())
		}
	}
}

var (
	straceCall = regexp.MustCompile(`^(?:\d+\s+)?([a-z0-9_]+)\((.*)\)\s+=\s+(-?\d+)`)
	quoted     = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	fdPath     = regexp.MustCompile(`^(?:\d+|AT_FDCWD)<([^>]*)>$`)
)

// networkCalls are the system calls by which a process talks to a network.
var networkCalls = map[string]bool{
	"socket": true, "socketpair": true, "connect": true, "bind": true, "listen": true, "accept": true, "accept4": true,
	"sendto": true, "sendmsg": true, "sendmmsg": true, "recvfrom": true, "recvmsg": true, "recvmmsg": true,
	"getsockopt": true, "setsockopt": true, "shutdown": true, "getsockname": true, "getpeername": true,
}

// writeCalls are the system calls that create, change or remove a name in
// the file system, with whether every path they name is written to (for
// openat, only with a flag that writes).
var writeCalls = map[string]bool{
	"openat": false, "open": false, "creat": true, "mkdir": true, "mkdirat": true, "rename": true, "renameat": true, "renameat2": true,
	"unlink": true, "unlinkat": true, "rmdir": true, "link": true, "linkat": true, "symlink": true, "symlinkat": true,
	"truncate": true, "mknod": true, "mknodat": true, "chmod": true, "fchmodat": true, "fchmodat2": true,
}

// TestGenerateMakesNoSocket runs generate under strace: the process and its
// threads make no network system call, and every name it creates, changes
// or removes lies inside the folder that holds the bundle (the bundle, and
// its temporary folder beside it).
func TestGenerateMakesNoSocket(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("strace is for Linux")
	}
	strace := checker(t, "strace")
	log := filepath.Join(t.TempDir(), "strace.log")
	_, _, cwd, parent := isolated(t, strace, "-f", "-qq", "-y", "-e", "signal=none", "-e", "trace=%network,%file,%desc", "-o", log)
	data, err := os.ReadFile(log)
	must(t, err)
	lines := strings.Split(string(data), "\n")
	if len(lines) < 50 {
		t.Fatalf("strace logged only %d lines", len(lines))
	}
	writes := 0
	for _, line := range lines {
		m := straceCall.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		call, args := m[1], m[2]
		if networkCalls[call] {
			t.Errorf("network system call: %s", line)
			continue
		}
		always, ok := writeCalls[call]
		if !ok || m[3] == "-1" {
			continue
		}
		if !always && !regexp.MustCompile(`O_WRONLY|O_RDWR|O_CREAT|O_TRUNC`).MatchString(args) {
			continue
		}
		writes++
		for _, p := range namedPaths(args, cwd) {
			if rel, err := filepath.Rel(parent, p); err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
				t.Errorf("writes outside the bundle's folder: %s", line)
			}
		}
	}
	if writes < len(bundleFiles) {
		t.Errorf("only %d writes seen: the log is not what this test expects", writes)
	}
}

// namedPaths returns the absolute paths a system call's arguments name:
// each quoted path, relative to the directory descriptor before it (which
// strace -y shows as 5</some/dir>) or to cwd.
func namedPaths(args, cwd string) []string {
	var out []string
	dir := cwd
	for _, a := range splitArgs(args) {
		a = strings.TrimSpace(a)
		if m := fdPath.FindStringSubmatch(a); m != nil {
			dir = m[1]
			continue
		}
		if a == "AT_FDCWD" {
			dir = cwd
			continue
		}
		if q := quoted.FindStringSubmatch(a); q != nil && strings.HasPrefix(a, `"`) {
			p := q[1]
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			out = append(out, filepath.Clean(p))
		}
	}
	return out
}

// splitArgs splits strace's argument list at the commas outside quotes,
// brackets and braces.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '[' || c == '{' || c == '(':
			depth++
		case c == ']' || c == '}' || c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func TestNamedPaths(t *testing.T) {
	tests := []struct{ args, want string }{
		{`AT_FDCWD</w>, "/o/.b.mla-tmp-1-2/request.pdf", O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0600`, "/o/.b.mla-tmp-1-2/request.pdf"},
		{`AT_FDCWD</w>, "notes.txt", O_WRONLY|O_CREAT, 0600`, "/w/notes.txt"},
		{`5</o/.b.mla-old-1-2>, "request.pdf", 0`, "/o/.b.mla-old-1-2/request.pdf"},
		{`AT_FDCWD</w>, "/o/.b.mla-tmp-1-2", AT_FDCWD</w>, "/o/b"`, "/o/.b.mla-tmp-1-2 /o/b"},
		{`AT_FDCWD</w>, "a, \"b\"", 0700`, `/w/a, \"b\"`},
	}
	for _, tt := range tests {
		if got := strings.Join(namedPaths(tt.args, "/w"), " "); got != tt.want {
			t.Errorf("namedPaths(%s) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
