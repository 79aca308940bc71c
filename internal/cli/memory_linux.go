package cli

import (
	"os"
	"path"
	"strings"
)

// availableMemory is the memory the system can give mla without swapping:
// MemAvailable, or less when mla's control group has less room left.
func availableMemory() (int64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	avail, ok := memAvailable(f)
	f.Close()
	if room, found := cgroupMemoryRoom(); found && (!ok || room < avail) {
		return room, true
	}
	return avail, ok
}

// cgroupMemoryRoom reads the limit and usage of mla's own memory control
// group, cgroup v2 or v1.
func cgroupMemoryRoom() (int64, bool) {
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		// "0::/path" (v2) or "4:memory:/path" (v1).
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var root, limit, usage string
		switch {
		case parts[0] == "0" && parts[1] == "":
			root, limit, usage = "/sys/fs/cgroup", "memory.max", "memory.current"
		case parts[1] == "memory":
			root, limit, usage = "/sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.usage_in_bytes"
		default:
			continue
		}
		// The group's own folder; inside a container the group is often
		// mounted as the root instead.
		dir := path.Join(root, parts[2])
		l, err := os.ReadFile(path.Join(dir, limit))
		if err != nil {
			dir = root
			if l, err = os.ReadFile(path.Join(dir, limit)); err != nil {
				continue
			}
		}
		u, _ := os.ReadFile(path.Join(dir, usage))
		if room, ok := cgroupRoom(string(l), string(u)); ok {
			return room, true
		}
	}
	return 0, false
}
