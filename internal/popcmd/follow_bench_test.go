package popcmd

import (
	"testing"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/pop"
)

// BenchmarkOverdueCommand runs pop overdue, as a user would, over a
// generated team of 10,000 POPs (pop demo --people 10000 --no-git).
func BenchmarkOverdueCommand(b *testing.B) {
	dir := b.TempDir()
	today := pop.NewDate(2026, 11, 23)
	if _, err := demo.Build(dir, demo.Options{Today: today, People: 10000, NoGit: true}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		_, _, code := runIn(b, dir, today.Time(), false, "overdue", "--within", "14d")
		if code != ExitFindings {
			b.Fatalf("exit %d", code)
		}
	}
}
