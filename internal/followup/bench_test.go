package followup

import (
	"context"
	"testing"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// BenchmarkOverdue is pop overdue's work over a generated team of 10,000
// POPs (pop demo --people 10000 --no-git), step by step, so that
// BENCHMARKS.md can say where the time goes:
//
//	list      walk the POP folder (repo.List)
//	read      list, then read the newest POP of each person
//	load      list, read and parse the front matter in parallel (Load)
//	overdue   load, ask signoff.Verify once, select what is due
func BenchmarkOverdue(b *testing.B) {
	dir := b.TempDir()
	today := pop.NewDate(2026, 11, 23)
	if _, err := demo.Build(dir, demo.Options{Today: today, People: 10000, NoGit: true}); err != nil {
		b.Fatal(err)
	}
	r, err := repo.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("list", func(b *testing.B) {
		for range b.N {
			if _, err := r.List(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		for range b.N {
			files, err := r.List()
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range repo.Newest(files) {
				if _, err := r.ReadFile(f.Path); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		for range b.N {
			team, err := Load(ctx, r, LoadOptions{})
			if err != nil || len(team.Plans) != 10000 {
				b.Fatal(err)
			}
		}
	})
	w := NewWindow(today, pop.Span{N: 14, Unit: 'd'}, true)
	b.Run("overdue", func(b *testing.B) {
		for range b.N {
			team, err := Load(ctx, r, LoadOptions{SignOffs: VerifySignOffs(r)})
			if err != nil || len(team.Plans) != 10000 {
				b.Fatal(err)
			}
			Select(team.Plans, RulesOf(r.Config), w)
		}
	})
}
