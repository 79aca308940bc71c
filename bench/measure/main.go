// Command measure runs mla on the reference cases in new processes and
// prints the median wall time and peak memory (maximum resident set size)
// of each scenario. bench/run.sh builds mla and calls it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

type scenario struct {
	name string
	runs int
	per  int // divide the time by this (cases in a batch)
	args func(out string) []string
	env  []string // added to the environment
}

func main() {
	mla := flag.String("mla", "", "mla binary")
	dir := flag.String("dir", "", "folder holding the reference cases (example.json, batch/, big.json, huge.json)")
	runs := flag.Int("runs", 7, "runs of each small scenario")
	match := flag.String("match", "", "run only the scenarios whose name holds this text")
	flag.Parse()
	if *mla == "" || *dir == "" {
		fmt.Fprintln(os.Stderr, "usage: measure -mla BIN -dir DIR")
		os.Exit(2)
	}
	example := filepath.Join(*dir, "example.json")
	batch := filepath.Join(*dir, "batch")
	big := filepath.Join(*dir, "big.json")
	huge := filepath.Join(*dir, "huge.json")
	// The 100,000-item case file is 43 MB, over the default size limit.
	hugeEnv := []string{"MLA_MAX_SIZE=64MiB"}
	nBatch := count(batch)
	// The example is generated for issue, with its approved review beside
	// it (example.review.json); the cases bench/gencase derives from it are
	// new versions no reviewer approved, so they are generated as drafts,
	// which does the same work and stamps each page.
	scenarios := []scenario{
		{name: "validate (example)", runs: *runs, per: 1, args: func(string) []string { return []string{"validate", example} }},
		{name: "generate (example, new process)", runs: *runs, per: 1, args: func(out string) []string { return []string{"generate", example, "--out", out} }},
		{name: fmt.Sprintf("generate (batch of %d, per case)", nBatch), runs: 3, per: nBatch, args: func(out string) []string { return []string{"generate", batch, "--out", out, "--draft"} }},
		{name: "validate (10,000-item case)", runs: 3, per: 1, args: func(string) []string { return []string{"validate", big} }},
		{name: "generate (10,000-item case)", runs: 3, per: 1, args: func(out string) []string { return []string{"generate", big, "--out", out, "--draft"} }},
		{name: "validate (100,000-item case)", runs: 3, per: 1, env: hugeEnv, args: func(string) []string { return []string{"validate", huge} }},
		{name: "generate (100,000-item case)", runs: 3, per: 1, env: hugeEnv, args: func(out string) []string { return []string{"generate", huge, "--out", out, "--draft"} }},
	}
	if _, err := os.Stat(huge); err != nil {
		scenarios = scenarios[:len(scenarios)-2]
	}
	// CPU time (user and system) is shown beside the wall time: on a
	// machine shared with other work it varies less.
	fmt.Printf("| %-36s | %12s | %12s | %14s | %4s |\n", "scenario", "median", "CPU", "peak memory", "runs")
	fmt.Printf("|%s|%s|%s|%s|%s|\n", dashes(38), dashes(14), dashes(14), dashes(16), dashes(6))
	for _, s := range scenarios {
		if !strings.Contains(s.name, *match) {
			continue
		}
		var times, cpus []time.Duration
		var peaks []int64
		for i := 0; i < s.runs; i++ {
			out := filepath.Join(*dir, "out")
			os.RemoveAll(out)
			d, cpu, rss, err := run(*mla, s.args(out), s.env)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", s.name, err)
				os.Exit(1)
			}
			times = append(times, d/time.Duration(s.per))
			cpus = append(cpus, cpu/time.Duration(s.per))
			peaks = append(peaks, rss)
		}
		fmt.Printf("| %-36s | %9.1f ms | %9.1f ms | %11.1f MB | %4d |\n", s.name, ms(median(times)), ms(median(cpus)), float64(medianInt(peaks))/1024, s.runs)
	}
}

func run(bin string, args, env []string) (time.Duration, time.Duration, int64, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = nil, nil
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		again := exec.Command(bin, args...)
		again.Env = cmd.Env
		out, _ := again.CombinedOutput()
		return 0, 0, 0, fmt.Errorf("%v: %s", err, out)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var rss int64
	if ru != nil {
		rss = ru.Maxrss // kilobytes on Linux
	}
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), rss, nil
}

func count(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	return len(m)
}

func median(d []time.Duration) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

func medianInt(v []int64) int64 {
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	return v[len(v)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func dashes(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '-'
	}
	return string(b)
}
