package cli

import (
	"bufio"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
)

// The garbage collector's soft memory limit is chosen from the machine,
// not fixed: a fixed limit below what a large case holds makes the
// collector run almost all the time (a 100,000-item case took minutes
// under a 200 MiB limit, seconds without it).
const (
	// memoryShare is the part of the available memory mla lets its heap
	// grow to before collecting harder: half, because the memory is shared
	// with the user's other programs.
	memoryShare = 2
	// minMemoryLimit is the least limit mla sets, however little memory
	// the system says is available.
	minMemoryLimit = 256 << 20
	// defaultMemoryLimit is the limit where the available memory cannot be
	// read (systems other than Linux and Windows).
	defaultMemoryLimit = 2 << 30
	// caseMemoryFactor is how many times the size of its case file a case
	// needs of heap, at most (measured: a 43 MB case file of 100,000 items
	// holds about 600 MB while its bundle is rendered).
	caseMemoryFactor = 24
)

// memLimit is the soft limit mla set itself, or 0 when the user's own
// GOMEMLIMIT is in force.
var memLimit struct {
	sync.Mutex
	own int64
}

// tuneGC trades memory for speed: rendering allocates a lot of
// short-lived memory (the PDF library starts a new compressor for every
// page), so the collector runs half as often as by default, and it only
// collects harder when the heap nears half the memory the system has
// available. A user's own GOGC or GOMEMLIMIT wins.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if getenv("GOMEMLIMIT") == "" {
		avail, ok := availableMemory()
		limit := softLimit(avail, ok)
		memLimit.Lock()
		memLimit.own = limit
		memLimit.Unlock()
		debug.SetMemoryLimit(limit)
	}
}

// softLimit is the limit for avail bytes of available memory (ok false:
// unknown).
func softLimit(avail int64, ok bool) int64 {
	if !ok {
		return defaultMemoryLimit
	}
	return max(minMemoryLimit, avail/memoryShare)
}

// reserveForCase raises the soft limit, when mla set it, to what a case
// file of size bytes needs: below that the collector would run without
// end and free nothing. It never lowers the limit.
func reserveForCase(size int64) {
	memLimit.Lock()
	defer memLimit.Unlock()
	if memLimit.own == 0 {
		return
	}
	need := minMemoryLimit + size*caseMemoryFactor
	if need > memLimit.own {
		memLimit.own = need
		debug.SetMemoryLimit(need)
	}
}

// memAvailable reads MemAvailable from /proc/meminfo's format.
func memAvailable(r io.Reader) (int64, bool) {
	s := bufio.NewScanner(r)
	for s.Scan() {
		rest, ok := strings.CutPrefix(s.Text(), "MemAvailable:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0, false
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || n < 0 {
			return 0, false
		}
		if len(f) > 1 && f[1] == "kB" {
			n <<= 10
		}
		return n, true
	}
	return 0, false
}

// cgroupRoom is what a control group lets its processes still take: its
// limit (cgroup v2 memory.max, v1 memory.limit_in_bytes) less its usage.
// ok is false when there is no limit ("max", or v1's huge number).
func cgroupRoom(limit, usage string) (int64, bool) {
	limit, usage = strings.TrimSpace(limit), strings.TrimSpace(usage)
	l, err := strconv.ParseInt(limit, 10, 64)
	if err != nil || l <= 0 || l >= 1<<62 {
		return 0, false
	}
	u, err := strconv.ParseInt(usage, 10, 64)
	if err != nil || u < 0 {
		u = 0
	}
	return max(0, l-u), true
}
