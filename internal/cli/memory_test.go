package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestMemAvailable(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"MemTotal:       24684000 kB\nMemFree:        23463688 kB\nMemAvailable:   23374888 kB\n", 23374888 << 10, true},
		{"MemTotal:       24684000 kB\nMemFree:        23463688 kB\n", 0, false}, // kernels before 3.14
		{"MemAvailable:   oops kB\n", 0, false},
		{"MemAvailable:\n", 0, false},
	}
	for _, tt := range tests {
		got, ok := memAvailable(strings.NewReader(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("memAvailable(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCgroupRoom(t *testing.T) {
	tests := []struct {
		limit, usage string
		want         int64
		ok           bool
	}{
		{"1073741824\n", "268435456\n", 768 << 20, true},
		{"max\n", "268435456\n", 0, false},                  // v2 without a limit
		{"9223372036854771712\n", "2990280704\n", 0, false}, // v1 without a limit
		{"1073741824\n", "2147483648\n", 0, true},           // over the limit already
		{"1073741824\n", "", 1 << 30, true},                 // usage unreadable
	}
	for _, tt := range tests {
		got, ok := cgroupRoom(tt.limit, tt.usage)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cgroupRoom(%q, %q) = %d, %v; want %d, %v", tt.limit, tt.usage, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSoftLimit: half the available memory, never under the floor, and a
// default where the available memory is unknown.
func TestSoftLimit(t *testing.T) {
	if got := softLimit(8<<30, true); got != 4<<30 {
		t.Errorf("8 GiB available: limit %d, want 4 GiB", got)
	}
	if got := softLimit(100<<20, true); got != minMemoryLimit {
		t.Errorf("100 MiB available: limit %d, want the floor %d", got, minMemoryLimit)
	}
	if got := softLimit(0, false); got != defaultMemoryLimit {
		t.Errorf("unknown: limit %d, want the default %d", got, defaultMemoryLimit)
	}
}

// TestReserveForCase: a large case raises the limit mla set, a small one
// leaves it, and a user's own GOMEMLIMIT is never touched.
func TestReserveForCase(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	memLimit.Lock()
	oldOwn := memLimit.own
	memLimit.Unlock()
	t.Cleanup(func() {
		debug.SetMemoryLimit(old)
		memLimit.Lock()
		memLimit.own = oldOwn
		memLimit.Unlock()
	})

	set := func(own int64) {
		memLimit.Lock()
		memLimit.own = own
		memLimit.Unlock()
		if own == 0 {
			own = 1 << 40 // the user's own limit
		}
		debug.SetMemoryLimit(own)
	}
	set(minMemoryLimit)
	reserveForCase(100 << 20)
	if got, want := debug.SetMemoryLimit(-1), int64(minMemoryLimit+100<<20*caseMemoryFactor); got != want {
		t.Errorf("100 MB case: limit %d, want %d", got, want)
	}
	set(8 << 30)
	reserveForCase(1 << 20)
	if got := debug.SetMemoryLimit(-1); got != 8<<30 {
		t.Errorf("1 MB case: limit %d, want it left at 8 GiB", got)
	}
	set(0)
	reserveForCase(100 << 20)
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("user's GOMEMLIMIT: limit %d, want it left at 1 TiB", got)
	}
}
