package signoff

import (
	"context"
	"os"
	"testing"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/repo"
)

func goGit(b *testing.B, dir string) gitx.Repo {
	g, err := gitx.OpenGoGit(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { g.Close() })
	return g
}

// BenchmarkVerifyLarge verifies the repository that
// go run ./internal/signoff/benchrepo/genrepo DIR builds; set
// POP_BENCH_REPO=DIR to run it (see BENCHMARKS.md).
func BenchmarkVerifyLarge(b *testing.B) {
	dir := os.Getenv("POP_BENCH_REPO")
	if dir == "" {
		b.Skip("set POP_BENCH_REPO to a repository made by go run ./internal/signoff/benchrepo/genrepo")
	}
	r, err := repo.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, bm := range []struct {
		name string
		o    Options
	}{
		{"git", Options{NoCache: true}},
		{"git-cached", Options{}},
		{"go-git", Options{NoCache: true, Git: goGit(b, dir)}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			o := bm.o
			o.Repo = r
			if !o.NoCache { // fill the cache first
				if _, err := Verify(context.Background(), o); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				rep, err := Verify(context.Background(), o)
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Statuses) == 0 {
					b.Fatal("no POPs")
				}
			}
		})
	}
}
