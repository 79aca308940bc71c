//go:build unix

package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The kill tests run mla in a child process and end it with SIGKILL,
// either at a named step of writing the bundle or after a delay (while it
// validates or renders). For the first, the child is mla built with the tag
// testhooks (see internal/bundle/stage_testhooks.go): it kills itself at
// the step MLA_TEST_KILL_AT names, so the step is exact, and the default
// build has no hook at all. For the second, and for the tests that only
// need mla in a process of its own, the child is this test binary running
// Main (TestChildHelper).

// childEnv, set in a child's environment, makes TestChildHelper run mla
// with the arguments that follow "--" on its command line.
const childEnv = "MLA_TEST_CHILD"

// killAtEnv names the step at which the testhooks build kills itself.
const killAtEnv = "MLA_TEST_KILL_AT"

// TestChildHelper is the child: it does nothing unless started by
// startChild or isolated.
func TestChildHelper(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		return
	}
	os.Exit(Main(flag.Args(), os.Stdin, os.Stdout, os.Stderr))
}

var hooked struct {
	once    sync.Once
	started bool
	dir     string
	err     error
}

// buildHooked builds mla with the tag testhooks into a temporary folder,
// once, with the go command that runs the tests. A second call waits for
// the first to end.
func buildHooked() {
	hooked.once.Do(func() {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			hooked.err = err
			return
		}
		if hooked.dir, err = os.MkdirTemp("", "mla-testhooks-"); err != nil {
			hooked.err = err
			return
		}
		cmd := exec.Command(goCmd, "build", "-tags", "testhooks", "-o", filepath.Join(hooked.dir, "mla"), "github.com/mla-dev/mla/cmd/mla")
		if out, err := cmd.CombinedOutput(); err != nil {
			hooked.err = fmt.Errorf("%v\n%s", err, out)
		}
	})
}

// hookedMLA returns mla built with the tag testhooks.
func hookedMLA(t *testing.T) string {
	t.Helper()
	checker(t, "go")
	buildHooked()
	if hooked.err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("cannot build mla with -tags testhooks (CI is set): %v", hooked.err)
		}
		t.Skipf("cannot build mla with -tags testhooks: %v", hooked.err)
	}
	return filepath.Join(hooked.dir, "mla")
}

// TestMain starts building the testhooks mla at once when the kill tests
// are to run, so that the build overlaps the tests before them.
func TestMain(m *testing.M) {
	flag.Parse()
	if run := flag.Lookup("test.run").Value.String(); !strings.Contains(run, "/") {
		if ok, _ := regexp.MatchString(run, "TestKillDuringGenerate"); ok {
			hooked.started = true
			go buildHooked()
		}
	}
	code := m.Run()
	if hooked.started {
		buildHooked() // wait for it
	}
	if hooked.dir != "" {
		os.RemoveAll(hooked.dir)
	}
	os.Exit(code)
}

// startChild runs mla with args in a child process: the testhooks build
// that kills itself at step at, or, when at is "never", this test binary.
func startChild(t *testing.T, at string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	var cmd *exec.Cmd
	if at == "never" {
		cmd = exec.Command(os.Args[0], append([]string{"-test.run=^TestChildHelper$", "--"}, args...)...)
		cmd.Env = append(os.Environ(), childEnv+"=1")
	} else {
		cmd = exec.Command(hookedMLA(t), args...)
		cmd.Env = append(os.Environ(), killAtEnv+"="+at)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

func killed(cmd *exec.Cmd) bool {
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// checkAfterKill checks what a killed run left in parent: either no bundle
// at all, or (when it was killed after the rename) a bundle that verifies;
// beside it nothing but hidden temporary folders of that run. It returns
// whether a bundle is there.
func checkAfterKill(t *testing.T, parent, out string) bool {
	t.Helper()
	entries, _ := os.ReadDir(parent)
	there := false
	for _, e := range entries {
		switch {
		case e.Name() == filepath.Base(out):
			there = true
		case strings.HasPrefix(e.Name(), "."+filepath.Base(out)+".mla-tmp-"), strings.HasPrefix(e.Name(), "."+filepath.Base(out)+".mla-old-"):
			if fi, _ := e.Info(); fi.Mode().Perm() != 0o700 {
				t.Errorf("temporary folder %s has mode %v, want 0700", e.Name(), fi.Mode().Perm())
			}
		default:
			t.Errorf("left beside the bundle: %s", e.Name())
		}
	}
	if there {
		if code, stdout, _ := run(t, nil, "verify", out); code != 0 {
			t.Errorf("a bundle is there but does not verify:\n%s", stdout)
		}
	}
	return there
}

// checkNextRun runs generate again (with --force when a bundle is there):
// it must succeed and leave nothing but the bundle.
func checkNextRun(t *testing.T, parent, out, caseFile string, there bool) {
	t.Helper()
	args := []string{"generate", caseFile, "--out", out}
	if there {
		if code, _, _ := run(t, nil, args...); code != ExitUsage {
			t.Errorf("a complete bundle was not kept: exit %d", code)
		}
		args = append(args, "--force")
	}
	if code, _, errs := run(t, nil, args...); code != 0 {
		t.Fatalf("next run: exit %d\n%s", code, errs)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != filepath.Base(out) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("after the next run the folder holds %v, want only the bundle", names)
	}
}

func TestKillDuringGenerate(t *testing.T) {
	caseFile, err := filepath.Abs(repo(example))
	must(t, err)
	steps := []struct {
		at    string
		force bool // a bundle exists before and --force replaces it
		there bool // a bundle must be there afterwards
	}{
		{"tmp", false, false},
		{"file:request.pdf", false, false},
		{"file:evidence.pdf", false, false},
		{"file:evidence.xlsx", false, false},
		{"file:manifest.json", false, false},
		{"synced", false, false},
		{"renamed", false, true},
		{"done", false, true},
		// With --force the old bundle stays whole until the new one is
		// complete; between the two renames there is none.
		{"file:request.pdf", true, true},
		{"synced", true, true},
		{"aside", true, false},
		{"renamed", true, true},
	}
	for _, s := range steps {
		name := s.at
		if s.force {
			name += " with --force"
		}
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "bundle")
			args := []string{"generate", caseFile, "--out", out}
			if s.force {
				if code, _, errs := run(t, nil, args...); code != 0 {
					t.Fatalf("first run: %s", errs)
				}
				args = append(args, "--force")
			}
			cmd, log := startChild(t, s.at, args...)
			_ = cmd.Wait()
			if !killed(cmd) {
				t.Fatalf("the child was not killed at %s:\n%s", s.at, log)
			}
			if there := checkAfterKill(t, parent, out); there != s.there {
				t.Errorf("bundle there: %v, want %v", there, s.there)
			}
			checkNextRun(t, parent, out, caseFile, s.there)
		})
	}
}

// TestKillWhileRendering kills mla after a delay, while it loads, validates
// or renders: no bundle and no temporary folder may be left.
func TestKillWhileRendering(t *testing.T) {
	caseFile, err := filepath.Abs(repo(example))
	must(t, err)
	for _, d := range []time.Duration{0, 20 * time.Millisecond, 80 * time.Millisecond, 200 * time.Millisecond} {
		t.Run(d.String(), func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "bundle")
			cmd, log := startChild(t, "never", "generate", caseFile, "--out", out)
			time.Sleep(d)
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			there := checkAfterKill(t, parent, out)
			if !killed(cmd) && !there {
				t.Fatalf("the child ended by itself without a bundle:\n%s", log)
			}
			checkNextRun(t, parent, out, caseFile, there)
		})
	}
}
