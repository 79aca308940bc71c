//go:build unix

package safefile

import "syscall"

// nonblock opens a named pipe without waiting for a writer, so that a
// file swapped for a pipe cannot hang mla between a check and the open.
const nonblock = syscall.O_NONBLOCK
