// Command release builds mla's release archives: for each target, the
// binary (built with -trimpath, no VCS stamp, CGO off), the README, the
// Chinese quick start, the examples and the fonts' licences, in a .zip for
// Windows and a .tar.gz elsewhere, and a SHA256SUMS file that
// `sha256sum -c` checks. The archives are reproducible: entries sorted,
// every time stamp the release date, no owner names.
//
//	go run ./scripts/release --out dist [--targets windows/amd64,linux/amd64] [--date 2026-12-04T00:00:00Z]
//
// The date defaults to SOURCE_DATE_EPOCH, else the last commit's time.
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mla-dev/mla/internal/safefile"
)

// defaultTargets are the systems officers use: Windows first.
var defaultTargets = []string{"windows/amd64", "windows/arm64", "darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64"}

// shipped are the files every archive holds beside the binary: patterns
// relative to the repository root, and where they go in the archive.
var shipped = []struct{ glob, dir string }{
	{"README.md", ""},
	{"docs/*.md", "docs"},
	{"docs/images/*.png", "docs/images"},
	{"examples/*.json", "examples"},
	{"internal/fonts/LICENSE-*.txt", "licenses"},
	{"internal/fonts/OFL-*.txt", "licenses"},
}

func main() {
	out := flag.String("out", "dist", "folder for the archives (created; must not exist)")
	targets := flag.String("targets", strings.Join(defaultTargets, ","), "comma-separated GOOS/GOARCH list")
	date := flag.String("date", "", "time stamp of every file (RFC 3339; default: SOURCE_DATE_EPOCH, else the last commit)")
	flag.Parse()
	if err := run(*out, strings.Split(*targets, ","), *date); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(out string, targets []string, date string) error {
	stamp, err := releaseTime(date)
	if err != nil {
		return err
	}
	version, err := readVersion()
	if err != nil {
		return err
	}
	if err := os.Mkdir(out, 0o755); err != nil {
		return fmt.Errorf("%s: %w (give a folder that does not exist yet)", out, err)
	}
	files, err := collect()
	if err != nil {
		return err
	}
	var sums []string
	for _, t := range targets {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(t), "/")
		if !ok {
			return fmt.Errorf("target %q is not GOOS/GOARCH", t)
		}
		bin, err := build(goos, goarch)
		if err != nil {
			return err
		}
		name := "mla"
		if goos == "windows" {
			name += ".exe"
		}
		top := fmt.Sprintf("mla-%s-%s-%s", version, goos, goarch)
		entries := append([]entry{{path.Join(top, name), bin, 0o755}}, prefixed(top, files)...)
		var data []byte
		archive := top
		if goos == "windows" {
			archive += ".zip"
			data, err = zipArchive(entries, stamp)
		} else {
			archive += ".tar.gz"
			data, err = tarArchive(entries, stamp)
		}
		if err != nil {
			return err
		}
		if err := safefile.Write(filepath.Join(out, archive), data, safefile.WriteOptions{Perm: 0o644}); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		sums = append(sums, hex.EncodeToString(sum[:])+"  "+archive)
		fmt.Println(archive)
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i][66:] < sums[j][66:] })
	return safefile.Write(filepath.Join(out, "SHA256SUMS"), []byte(strings.Join(sums, "\n")+"\n"), safefile.WriteOptions{Perm: 0o644})
}

// entry is a file of an archive.
type entry struct {
	name string
	data []byte
	mode int64
}

func prefixed(top string, es []entry) []entry {
	out := make([]entry, len(es))
	for i, e := range es {
		out[i] = entry{path.Join(top, e.name), e.data, e.mode}
	}
	return out
}

func collect() ([]entry, error) {
	var out []entry
	for _, s := range shipped {
		names, err := filepath.Glob(filepath.FromSlash(s.glob))
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			out = append(out, entry{path.Join(s.dir, filepath.Base(n)), data, 0o644})
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no README or examples found: run from the repository root")
	}
	return out, nil
}

func build(goos, goarch string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "mla-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "mla")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", bin, "./cmd/mla")
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build %s/%s: %w", goos, goarch, err)
	}
	return os.ReadFile(bin)
}

var versionConst = regexp.MustCompile(`(?m)^const Version = "([^"]+)"`)

// readVersion reads mla's version from the source, so that the archives'
// names and `mla version` agree.
func readVersion() (string, error) {
	src, err := os.ReadFile(filepath.Join("internal", "cli", "root.go"))
	if err != nil {
		return "", err
	}
	m := versionConst.FindSubmatch(src)
	if m == nil {
		return "", errors.New("internal/cli/root.go has no const Version")
	}
	return string(m[1]), nil
}

func releaseTime(date string) (time.Time, error) {
	if date != "" {
		return time.Parse(time.RFC3339, date)
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: %w", s, err)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	b, err := exec.Command("git", "log", "-1", "--format=%ct").Output()
	if err != nil {
		return time.Time{}, errors.New("no --date, no SOURCE_DATE_EPOCH and no git history to date the release")
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(n, 0).UTC(), nil
}

func sorted(es []entry) []entry {
	out := append([]entry(nil), es...)
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// zipArchive writes a reproducible zip: sorted entries, one time stamp,
// UTF-8 names (the quick start's name is Chinese).
func zipArchive(es []entry, stamp time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range sorted(es) {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: stamp}
		h.SetMode(fs.FileMode(e.mode))
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tarArchive writes a reproducible .tar.gz: sorted entries, one time stamp,
// no owner, PAX names.
func tarArchive(es []entry, stamp time.Time) ([]byte, error) {
	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	gz.ModTime = stamp
	tw := tar.NewWriter(gz)
	for _, e := range sorted(es) {
		h := &tar.Header{Name: e.name, Mode: e.mode, Size: int64(len(e.data)), ModTime: stamp, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
