//go:build testhooks && unix

package bundle

import (
	"os"
	"syscall"
)

// killAtEnv names the step (see stage.go) at which a build of mla with
// the tag testhooks kills itself. The kill tests (internal/cli/kill_test.go)
// build mla so and run it, to check what a run killed at each step of
// writing leaves behind. The default build has no such variable.
const killAtEnv = "MLA_TEST_KILL_AT"

func stage(s string) {
	if os.Getenv(killAtEnv) == s {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}
