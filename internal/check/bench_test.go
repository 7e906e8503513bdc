package check

import (
	"context"
	"testing"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// BenchmarkRun checks a generated team of 10,000 POPs, as
// pop demo --people 10000 --no-git DIR builds it. BENCHMARKS.md has the
// figures and the command-line measurement.
func BenchmarkRun(b *testing.B) {
	dir := b.TempDir()
	if _, err := demo.Build(dir, demo.Options{Today: pop.NewDate(2026, 11, 23), People: 10000, NoGit: true}); err != nil {
		b.Fatal(err)
	}
	r, err := repo.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := Run(context.Background(), r, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res.Files != 10000 || len(res.Findings) != 0 {
			b.Fatalf("checked %d files, %d findings", res.Files, len(res.Findings))
		}
	}
}
