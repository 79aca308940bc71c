//go:build !linux && !windows

package cli

// availableMemory is unknown here: mla uses a default limit.
func availableMemory() (int64, bool) { return 0, false }
