//go:build unix

package cli

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The kill tests run mla in a child process (this test binary, started
// again) and end it with SIGKILL, either at a named step of writing the
// bundle (the child kills itself there: the step is exact) or after a delay
// (while it validates or renders).

// killAtEnv names the step at which the child kills itself ("never" for
// none); mla's arguments follow "--" on the child's command line.
const killAtEnv = "MLA_TEST_KILL_AT"

// TestKillHelper is the child: it does nothing unless started by
// startChild.
func TestKillHelper(t *testing.T) {
	at := os.Getenv(killAtEnv)
	if at == "" {
		return
	}
	writeStage = func(stage string) {
		if stage == at {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	}
	os.Exit(Main(flag.Args(), os.Stdin, os.Stdout, os.Stderr))
}

// startChild runs mla with args in a child process that kills itself at
// step at.
func startChild(t *testing.T, at string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestKillHelper$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), killAtEnv+"="+at)
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
