package offences

import (
	"io/fs"
	"reflect"
	"testing"
	"testing/fstest"

	mla "github.com/mla-dev/mla"
)

// TestOpenAgreesWithLoad: the lazy catalogue answers every question as the
// eager one does.
func TestOpenAgreesWithLoad(t *testing.T) {
	eager, err := Load(mla.Assets())
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := Open(mla.Assets())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(eager.States(), lazy.States()) || len(lazy.States()) < 4 {
		t.Fatalf("states %v and %v", eager.States(), lazy.States())
	}
	for _, st := range eager.States() {
		if err := lazy.TableError(st); err != nil {
			t.Errorf("%s: %v", st, err)
		}
		if !reflect.DeepEqual(eager.Basis(st), lazy.Basis(st)) {
			t.Errorf("%s: basis differs", st)
		}
		for _, o := range eager.Offences() {
			a1, ok1 := eager.Assessment(st, o.ID)
			a2, ok2 := lazy.Assessment(st, o.ID)
			if ok1 != ok2 || !reflect.DeepEqual(a1, a2) {
				t.Errorf("%s %s: assessments differ", st, o.ID)
			}
		}
	}
}

// TestOpenReportsABrokenTableOnUse: a table that does not parse is reported
// for its State, and the others still answer.
func TestOpenReportsABrokenTableOnUse(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, p := range []string{CatalogPath, "templates/us/equivalents.json"} {
		data, err := readAsset(p)
		if err != nil {
			t.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: data}
	}
	fsys["templates/zz/equivalents.json"] = &fstest.MapFile{Data: []byte("{not json")}
	c, err := Open(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if c.TableError("ZZ") == nil {
		t.Error("a broken table is not reported")
	}
	if err := c.TableError("US"); err != nil || len(c.Basis("US")) == 0 {
		t.Errorf("US table: %v", err)
	}
}

func readAsset(p string) ([]byte, error) {
	return fs.ReadFile(mla.Assets(), p)
}
