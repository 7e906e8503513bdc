package followup

import (
	"context"
	"testing"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// BenchmarkOverdue is pop overdue's work over a generated team of 10,000
// POPs: list, read and parse the newest POPs, ask for sign-off states
// once, and select what is due.
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
	w := NewWindow(today, pop.Span{N: 14, Unit: 'd'}, true)
	b.ResetTimer()
	for range b.N {
		team, err := Load(context.Background(), r, LoadOptions{SignOffs: VerifySignOffs(r)})
		if err != nil {
			b.Fatal(err)
		}
		if len(team.Plans) != 10000 {
			b.Fatalf("%d plans", len(team.Plans))
		}
		Select(team.Plans, RulesOf(r.Config), w)
	}
}
