package cli

import (
	"os/exec"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// networking names the standard packages through which a program can reach
// a network or run another program. net/url and net/netip only parse text.
func networking(pkg string) bool {
	switch pkg {
	case "net", "net/http", "net/rpc", "net/smtp", "crypto/tls", "os/exec", "plugin":
		return true
	}
	return strings.HasPrefix(pkg, "net/http/") || strings.HasPrefix(pkg, "net/rpc/")
}

// ownNetworkImports are mla's own packages that may import a networking
// package, and why. Only the web form's server does; no other command
// listens, connects or runs a program.
var ownNetworkImports = map[string][]string{
	// mla serve: the local web form. It listens on the loopback interface
	// (elsewhere only with --listen and an access token), connects nowhere,
	// and with --open asks the system to open the browser at its address.
	"github.com/mla-dev/mla/internal/serve": {"net", "net/http", "os/exec"},
}

// knownNetworkImports are the dependencies of the binary that import a
// networking package, and why that is harmless. A new one fails the test
// until someone has checked it and added it here.
var knownNetworkImports = map[string][]string{
	// pflag imports net for flags that hold IP addresses; mla defines none.
	"github.com/spf13/pflag": {"net"},
	// excelize calls http.DetectContentType to tell the type of an image
	// from its bytes; it makes no request.
	"github.com/xuri/excelize/v2": {"net/http"},
}

// TestNoNetworkCode asserts what can be asserted before running: no package
// of mla imports a networking package (or os/exec) but the web form's
// server (ownNetworkImports), and the only
// dependencies of the binary that do are the ones listed, each with its
// reason. Whether the binary opens a socket when it runs is checked by
// TestGenerateMakesNoSocket.
func TestNoNetworkCode(t *testing.T) {
	goTool := checker(t, "go")
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}} {{join .Imports \" \"}}", "./cmd/mla")
	cmd.Dir = repo("")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	got := map[string][]string{}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[1] == "true" {
			continue
		}
		n++
		pkg := f[0]
		for _, imp := range f[2:] {
			if !networking(imp) {
				continue
			}
			if pkg == "github.com/mla-dev/mla" || strings.HasPrefix(pkg, "github.com/mla-dev/mla/") {
				if slices.Contains(ownNetworkImports[pkg], imp) {
					continue
				}
				t.Errorf("%s imports %s: mla makes no network access and runs no program", pkg, imp)
				continue
			}
			got[pkg] = append(got[pkg], imp)
		}
	}
	if n < 10 {
		t.Fatalf("go list found only %d packages:\n%s", n, out)
	}
	for _, v := range got {
		sort.Strings(v)
	}
	if !reflect.DeepEqual(got, knownNetworkImports) {
		t.Errorf("dependencies importing networking packages:\n got %v\nwant %v\n(check a new one and list it with its reason)", got, knownNetworkImports)
	}
}
