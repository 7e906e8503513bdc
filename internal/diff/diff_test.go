package diff

import (
	"testing"

	"github.com/popdev/pop/internal/pop"
)

func doc(t *testing.T, goals string) *pop.Doc {
	t.Helper()
	d := pop.Parse("x.md", []byte("---\npop: 1\nkind: pop\nemployee: jan\nmanager: an\ndate: 2026-11-20\ngoals:\n"+goals+"---\n\n## 1. Opening\n\nHi.\n"))
	if len(d.Problems) > 0 {
		t.Fatalf("fixture: %+v", d.Problems)
	}
	return d
}

func TestCompare(t *testing.T) {
	const a = "  - id: a\n    goal: A\n    status: planned\n"
	const b = "  - id: b\n    goal: B\n"
	for _, tc := range []struct {
		name      string
		old, new  string
		goals     string // id:status of each goal listed
		agreement bool
	}{
		{"status only", a, "  - id: a\n    goal: A\n    status: done\n", "a:modified", false},
		{"update added", a, a + "    updates:\n      - {date: 2027-01-01, note: x}\n", "a:modified", false},
		{"goal added", a, a + b, "b:added", true},
		{"goal removed", a + b, a, "b:removed", true},
		{"goal without text removed", a + "  - id: c\n", a, "c:removed", true},
		{"text changed", a, "  - id: a\n    goal: A2\n    status: planned\n", "a:modified", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Compare("x.md", doc(t, tc.old), doc(t, tc.new))
			var got string
			for i, g := range f.Goals {
				if i > 0 {
					got += ","
				}
				got += g.ID + ":" + string(g.Status)
			}
			if got != tc.goals {
				t.Errorf("goals %q, want %q", got, tc.goals)
			}
			if f.Agreement() != tc.agreement {
				t.Errorf("Agreement() = %v, want %v", f.Agreement(), tc.agreement)
			}
		})
	}
}

func TestCompareUpdates(t *testing.T) {
	old := doc(t, "  - id: a\n    updates:\n      - {date: 2027-01-01, note: one}\n")
	added := doc(t, "  - id: a\n    updates:\n      - {date: 2027-01-01, note: one}\n      - {date: 2027-02-01, note: two}\n")
	f := Compare("x.md", old, added)
	if len(f.Goals) != 1 || len(f.Goals[0].Updates) != 1 || f.Goals[0].Updates[0].Note != "two" || len(f.Goals[0].Fields) != 0 {
		t.Errorf("added update: %+v", f.Goals)
	}
	rewritten := doc(t, "  - id: a\n    updates:\n      - {date: 2027-01-01, note: changed}\n")
	f = Compare("x.md", old, rewritten)
	if len(f.Goals) != 1 || len(f.Goals[0].Updates) != 0 || len(f.Goals[0].Fields) != 1 {
		t.Errorf("rewritten update: %+v", f.Goals)
	}
}

func TestCompareAddedFile(t *testing.T) {
	f := Compare("x.md", nil, doc(t, "  - id: a\n    goal: A\n"))
	if f.Status != Added || len(f.Fields) != 0 || len(f.Goals) != 1 || f.Goals[0].Status != Added || f.Employee != "jan" {
		t.Errorf("added file: %+v", f)
	}
	f = Compare("x.md", doc(t, "  - id: a\n    goal: A\n"), nil)
	if f.Status != Removed || f.Goals[0].Status != Removed || f.Employee != "jan" {
		t.Errorf("removed file: %+v", f)
	}
}
