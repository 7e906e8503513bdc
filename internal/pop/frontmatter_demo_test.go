package pop_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/pop"
)

// TestParseFrontMatterOnDemo checks that the POPs pop demo writes, the
// sample team and a generated one, take the fast path and read exactly as
// Parse reads them.
func TestParseFrontMatterOnDemo(t *testing.T) {
	for _, people := range []int{0, 40} {
		dir := t.TempDir()
		res, err := demo.Build(dir, demo.Options{Today: pop.NewDate(2026, 11, 23), People: people, NoGit: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range res.Files {
			data, err := os.ReadFile(filepath.Join(dir, rel))
			if err != nil {
				t.Fatal(err)
			}
			full := pop.Parse(rel, data)
			fast := pop.ParseFrontMatter(rel, data)
			full.Sections = nil
			if !reflect.DeepEqual(full, fast) {
				t.Errorf("%s: ParseFrontMatter differs from Parse:\nfull %+v\nfast %+v", rel, full, fast)
			}
			if len(full.Problems) > 0 {
				t.Errorf("%s: demo POP has problems: %v", rel, full.Problems)
			}
		}
	}
}
