package followup

import (
	"testing"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

func TestTimingWithoutFollowUp(t *testing.T) {
	tests := []struct {
		name, timing, status, want string
	}{
		{"quarter", "2026-Q1", "planned", "2026-03-31"},
		{"month in a leap year", "2028-02", "in-progress", "2028-02-29"},
		{"day", "2026-05-04", "blocked", "2026-05-04"},
		{"ongoing has no end", "ongoing", "planned", ""},
		{"done", "2026-Q1", "done", ""},
		{"dropped", "2026-Q1", "dropped", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plan(t, "", "date: 2026-01-10", "next_conversation: 2027-01-10",
				"goals:\n  - id: g\n    timing: \""+tt.timing+"\"\n    status: "+tt.status)
			if got := dueOf(Pending(p, rules), KindTiming); got != tt.want {
				t.Errorf("timing due %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTimingOverdueTheDayAfter(t *testing.T) {
	p := plan(t, "", "date: 2026-01-10", "next_conversation: 2027-01-10",
		"goals:\n  - id: g\n    timing: 2026-Q1\n    status: planned")
	for _, tt := range []struct {
		today string
		n     int
	}{{"2026-03-31", 0}, {"2026-04-01", 1}} {
		got := Select([]Plan{p}, rules, NewWindow(date(tt.today), pop.Span{}, false))
		if len(got) != tt.n {
			t.Errorf("on %s: %d items, want %d: %v", tt.today, len(got), tt.n, got)
		}
	}
}

func TestBlockedAtOnce(t *testing.T) {
	p := plan(t, "", "date: 2026-01-10", "next_conversation: 2027-01-10",
		"goals:\n  - id: g\n    timing: ongoing\n    status: blocked\n    updates:\n      - {date: 2026-02-03, note: stuck}")
	// Listed on the day the update says so, before any date has passed.
	got := Select([]Plan{p}, rules, NewWindow(date("2026-02-03"), pop.Span{}, false))
	if len(got) != 1 || got[0].Kind != KindBlocked || got[0].When != Overdue || got[0].Due != date("2026-02-03") {
		t.Fatalf("got %+v, want one blocked item from 2026-02-03", got)
	}
	if got[0].Goal != "g" || got[0].Basis != "status: blocked" {
		t.Errorf("item %+v", got[0])
	}
	// An update dated after the day looked at still lists it.
	got = Select([]Plan{p}, rules, NewWindow(date("2026-01-20"), pop.Span{}, false))
	if len(got) != 1 || got[0].Days != 0 {
		t.Errorf("got %+v", got)
	}
}

func TestDisagreementListed(t *testing.T) {
	for _, tt := range []struct {
		state signoff.State
		want  bool
	}{{signoff.Disagreed, true}, {signoff.Agreed, false}, {signoff.EmployeeSigned, false}, {signoff.Seen, false}} {
		p := plan(t, tt.state, "date: 2026-01-10", "next_conversation: 2027-01-10")
		got := Select([]Plan{p}, rules, NewWindow(date("2026-01-11"), pop.Span{}, false))
		found := false
		for _, d := range got {
			if d.Kind == KindDisagreement {
				found = true
			}
		}
		if found != tt.want {
			t.Errorf("state %s: disagreement listed %v, want %v (%v)", tt.state, found, tt.want, got)
		}
	}
}

func TestCurrent(t *testing.T) {
	f := func(path string) repo.File { return repo.ParseFilePath("pop", path) }
	files := []repo.File{
		f("pop/jan/2025-11-20.md"), f("pop/jan/2026-11-20.md"), f("pop/jan/2026-12-15.md"), f("pop/jan/2027-05-01.md"),
		f("pop/jan/2026-11-25-prep.md"), f("pop/sara/2027-01-01.md"),
	}
	for _, tt := range []struct {
		today, current, planned string
	}{
		{"2026-11-19", "pop/jan/2025-11-20.md", "pop/jan/2026-11-20.md"},
		{"2026-11-20", "pop/jan/2026-11-20.md", "pop/jan/2026-12-15.md"}, // on its day a POP is current
		{"2026-12-14", "pop/jan/2026-11-20.md", "pop/jan/2026-12-15.md"},
		{"2028-01-01", "pop/jan/2027-05-01.md", ""},
	} {
		cur, planned := Current(files, date(tt.today))
		if cur["jan"].Path != tt.current || planned["jan"].Path != tt.planned {
			t.Errorf("on %s: current %q planned %q, want %q %q", tt.today, cur["jan"].Path, planned["jan"].Path, tt.current, tt.planned)
		}
		if _, ok := cur["sara"]; ok && tt.today < "2027-01-01" {
			t.Errorf("on %s: sara's only POP is planned, not current", tt.today)
		}
	}
}

func TestHasLeft(t *testing.T) {
	if HasLeft(pop.Date{}, date("2030-01-01")) || HasLeft(date("2027-06-30"), date("2027-06-29")) || !HasLeft(date("2027-06-30"), date("2027-06-30")) {
		t.Error("HasLeft: out from the day given")
	}
}
