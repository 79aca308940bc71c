//go:build !unix

package safefile

// nonblock is 0 where there are no named pipes to wait on.
const nonblock = 0
