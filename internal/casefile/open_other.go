//go:build !unix

package casefile

// nonblock is 0 where there are no named pipes to wait on.
const nonblock = 0
