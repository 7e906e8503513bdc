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

func benchDoc(b *testing.B) []byte {
	dir := b.TempDir()
	res, err := demo.Build(dir, demo.Options{Today: pop.NewDate(2026, 11, 23), People: 3, NoGit: true})
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, res.Files[2])) // three goals
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParse and BenchmarkParseFrontMatter compare the two ways of
// reading one generated POP with three goals.
func BenchmarkParse(b *testing.B) {
	data := benchDoc(b)
	b.ReportAllocs()
	for range b.N {
		pop.Parse("p.md", data)
	}
}

func BenchmarkParseFrontMatter(b *testing.B) {
	data := benchDoc(b)
	b.ReportAllocs()
	for range b.N {
		pop.ParseFrontMatter("p.md", data)
	}
}
