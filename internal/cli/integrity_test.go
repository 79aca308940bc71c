package cli

import (
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // 0: refused
	}{
		{"1048576", 1 << 20},
		{"64MiB", 64 << 20},
		{"64 MiB", 64 << 20},
		{"512KiB", 512 << 10},
		{"2G", 2 << 30},
		{"100MB", 100 << 20},
		{"1B", 1},
		{"0", 0},
		{"-5", 0},
		{"lots", 0},
		{"1.5MiB", 0},
		{"64 TiB", 0},
		{"99999999999999999999", 0},
		{"9000000000GiB", 0},
	}
	for _, tt := range tests {
		got, ok := parseSize(tt.in)
		if ok != (tt.want != 0) || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, ok, tt.want)
		}
	}
}

// TestMaxSizeFromEnvironment: MLA_MAX_SIZE lowers and raises the limit, and
// the error says how to change it.
func TestMaxSizeFromEnvironment(t *testing.T) {
	path := repo(example) // about 30 KB
	code, _, errs := runWithEnv(map[string]string{MaxSizeEnv: "16KiB"}, "validate", path)
	if code != ExitUsage || !strings.Contains(errs, "16 KiB") || !strings.Contains(errs, MaxSizeEnv) {
		t.Errorf("exit %d: %s", code, errs)
	}
	if code, _, errs := runWithEnv(map[string]string{MaxSizeEnv: "64KiB"}, "validate", path); code != 0 {
		t.Errorf("exit %d: %s", code, errs)
	}
}
