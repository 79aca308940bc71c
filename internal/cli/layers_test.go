package cli

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// layers says which of mla's own packages each package may import: the
// data goes case → check → documents → renderers, and a lower layer never
// reaches up. A package not listed may import any of mla's packages.
var layers = map[string][]string{
	"localized":   {},
	"schemadoc":   {"strictjson"},
	"safefile":    {},
	"strictjson":  {},
	"document":    {},
	"fonts":       {},
	"casefile":    {"localized", "strictjson"},
	"profile":     {"localized", "strictjson"},
	"offences":    {"localized", "strictjson"},
	"casefacts":   {"casefile", "localized", "offences"},
	"bundle":      {"safefile", "strictjson"},
	"sign":        {"safefile"},
	"render/text": {"document"},
	"render/pdf":  {"document", "fonts", "render/text"},
	"render/xlsx": {"document", "render/text"},
	"compose":     {"casefacts", "casefile", "document", "i18n", "localized", "offences", "profile"},
	"report":      {"casefile", "document", "fonts", "i18n", "localized", "profile", "validate"},
}

// forbidden lists imports a package must not have although the table
// above does not restrict it: the command line draws nothing itself.
var forbidden = map[string][]string{
	"cli": {"fonts"},
}

func TestPackageLayers(t *testing.T) {
	goTool := checker(t, "go")
	cmd := exec.Command(goTool, "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./internal/...")
	cmd.Dir = repo("")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const prefix = "github.com/mla-dev/mla/internal/"
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg, ok := strings.CutPrefix(f[0], prefix)
		if !ok {
			continue
		}
		seen[pkg] = true
		allowed, layered := layers[pkg]
		for _, imp := range f[1:] {
			dep, ok := strings.CutPrefix(imp, prefix)
			if !ok {
				continue
			}
			if layered && !slices.Contains(allowed, dep) {
				t.Errorf("%s imports %s; it may import only %v", pkg, dep, allowed)
			}
			if slices.Contains(forbidden[pkg], dep) {
				t.Errorf("%s imports %s, which it must not", pkg, dep)
			}
		}
	}
	for pkg := range layers {
		if !seen[pkg] {
			t.Errorf("package %s is in the layer table but go list did not find it", pkg)
		}
	}
}
