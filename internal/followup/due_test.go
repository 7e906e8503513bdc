package followup

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/signoff"
)

var rules = Rules{UnsignedAfter: pop.Span{N: 14, Unit: 'd'}, ConversationEvery: pop.Span{N: 12, Unit: 'm'}}

func date(s string) pop.Date {
	d, err := pop.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// plan builds a plan from front matter lines; the sign-off state is agreed
// unless given, so that only the rule under test yields items.
func plan(t *testing.T, state signoff.State, lines ...string) Plan {
	t.Helper()
	src := "---\npop: 1\nkind: pop\nemployee: jan\nmanager: an\n" + strings.Join(lines, "\n") + "\n---\n"
	d := pop.ParseFrontMatter("pop/jan/x.md", []byte(src))
	if len(d.Problems) > 0 {
		t.Fatalf("bad test POP: %v", d.Problems)
	}
	if state == "" {
		state = signoff.Agreed
	}
	return Plan{Path: "pop/jan/x.md", Person: "jan", Manager: "an", Doc: d, SignOff: state}
}

func goal(followUp, status string, updates ...string) string {
	s := "goals:\n  - id: g\n    follow_up: \"" + followUp + "\"\n    status: " + status
	if len(updates) > 0 {
		s += "\n    updates:"
		for _, u := range updates {
			s += "\n      - {date: " + u + ", note: n}"
		}
	}
	return s
}

// dueOf returns the due date of the only item of a kind, or "" when none.
func dueOf(items []Item, k Kind) string {
	var found []string
	for _, it := range items {
		if it.Kind == k {
			found = append(found, it.Due.String())
		}
	}
	if len(found) > 1 {
		return fmt.Sprint(found)
	}
	if len(found) == 0 {
		return ""
	}
	return found[0]
}

func TestFollowUpDate(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		want   string // due date, "" for nothing pending
		wantAt string // for a pending follow-up: the line of its key
	}{
		{"absolute date", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("2026-03-01", "planned")}, "2026-03-01", ""},
		{"plus days", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("+10d", "planned")}, "2026-01-20", ""},
		{"plus weeks", []string{"date: 2026-12-28", "next_conversation: 2027-06-10", goal("+2w", "planned")}, "2027-01-11", ""},
		{"plus 3m from 31 January", []string{"date: 2026-01-31", "next_conversation: 2026-07-10", goal("+3m", "planned")}, "2026-04-30", ""},
		{"plus 1m from 31 January", []string{"date: 2026-01-31", "next_conversation: 2026-07-10", goal("+1m", "planned")}, "2026-02-28", ""},
		{"plus 1m from 31 January in a leap year", []string{"date: 2028-01-31", "next_conversation: 2028-07-10", goal("+1m", "planned")}, "2028-02-29", ""},
		{"plus 12m from 29 February", []string{"date: 2028-02-29", "next_conversation: 2028-07-10", goal("+12m", "planned")}, "2029-02-28", ""},
		{"plus 1y from 29 February", []string{"date: 2028-02-29", "next_conversation: 2028-07-10", goal("+1y", "planned")}, "2029-02-28", ""},
		{"plus 1m from 31 March to the quarter's end", []string{"date: 2026-05-31", "next_conversation: 2026-12-10", goal("+1m", "planned")}, "2026-06-30", ""},
		{"next is next_conversation", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("next", "planned")}, "2026-07-10", ""},
		{"next without next_conversation", []string{"date: 2026-01-31", goal("next", "planned")}, "2027-01-31", ""},
		{"next without next_conversation from 29 February", []string{"date: 2028-02-29", goal("next", "planned")}, "2029-02-28", ""},
		{"in progress", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("+1m", "in-progress")}, "2026-02-10", ""},
		{"no status counts as open", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", "goals:\n  - id: g\n    follow_up: +1m"}, "2026-02-10", ""},
		{"done", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("+1m", "done")}, "", ""},
		{"dropped", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("+1m", "dropped")}, "", ""},
		{"goal without id", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", "goals:\n  - status: planned\n    follow_up: +1m"}, "2026-02-10", ""},
		{"no follow-up", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", "goals:\n  - id: g\n    status: planned"}, "", ""},
		{"update on the follow-up day", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("+1m", "planned", "2026-02-10")}, "", ""},
		{"update after the follow-up day", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("+1m", "planned", "2026-03-01")}, "", ""},
		{"update the day before", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("+1m", "planned", "2026-02-09")}, "2026-02-10", ""},
		{"newest update last is not assumed", []string{"date: 2026-01-10", "next_conversation: 2026-07-10", goal("+1m", "planned", "2026-02-11", "2026-01-20")}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := Pending(plan(t, "", tt.lines...), rules)
			if got := dueOf(items, KindFollowUp); got != tt.want {
				t.Errorf("follow-up due %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFollowUpItem(t *testing.T) {
	p := plan(t, "", "date: 2026-01-10", "next_conversation: 2026-07-10", goal("+1m", "planned"))
	items := Pending(p, rules)
	var fu Item
	for _, it := range items {
		if it.Kind == KindFollowUp {
			fu = it
		}
	}
	want := Item{Kind: KindFollowUp, Person: "jan", Manager: "an", Path: "pop/jan/x.md", Line: 10,
		Goal: "g", Due: date("2026-02-10"), Basis: "follow_up: +1m"}
	if !reflect.DeepEqual(fu, want) {
		t.Errorf("item\n got %+v\nwant %+v", fu, want)
	}
}

func TestConversationDate(t *testing.T) {
	tests := []struct {
		name, want, basis string
		lines             []string
	}{
		{"next_conversation", "2026-07-10", "next_conversation", []string{"date: 2026-01-10", "next_conversation: 2026-07-10"}},
		{"conversation_every from date", "2027-01-10", "date + 12m", []string{"date: 2026-01-10"}},
		{"conversation_every from 31 January", "2027-01-31", "date + 12m", []string{"date: 2026-01-31"}},
		{"conversation_every from 29 February", "2029-02-28", "date + 12m", []string{"date: 2028-02-29"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := Pending(plan(t, "", tt.lines...), rules)
			if got := dueOf(items, KindConversation); got != tt.want {
				t.Errorf("conversation due %q, want %q", got, tt.want)
			}
			for _, it := range items {
				if it.Kind == KindConversation && it.Basis != tt.basis {
					t.Errorf("basis %q, want %q", it.Basis, tt.basis)
				}
			}
		})
	}
	t.Run("every quarter", func(t *testing.T) {
		r := rules
		r.ConversationEvery = pop.Span{N: 3, Unit: 'm'}
		items := Pending(plan(t, "", "date: 2026-11-30"), r)
		if got := dueOf(items, KindConversation); got != "2027-02-28" {
			t.Errorf("conversation due %q, want 2027-02-28", got)
		}
	})
}

func TestSignOffRule(t *testing.T) {
	tests := []struct {
		state   signoff.State
		pending bool
	}{
		{signoff.Unsigned, true},
		{signoff.EmployeeSigned, true},
		{signoff.ManagerSigned, true},
		{signoff.Changed, true},
		{signoff.Invalid, true},
		{"", true}, // could not be verified
		{signoff.Agreed, false},
		{signoff.Seen, false},
		{signoff.Disagreed, false},
	}
	for _, tt := range tests {
		name := string(tt.state)
		if name == "" {
			name = "unverified"
		}
		t.Run(name, func(t *testing.T) {
			p := plan(t, "", "date: 2026-01-31", "next_conversation: 2026-07-10")
			p.SignOff = tt.state
			got := dueOf(Pending(p, rules), KindSignOff)
			want := ""
			if tt.pending {
				want = "2026-02-14"
			}
			if got != want {
				t.Errorf("sign-off due %q, want %q", got, want)
			}
		})
	}
}

// TestRulesAtBoundaries shows each rule of SPEC §5 the day before, on and
// after its date: a date has passed only the day after it.
func TestRulesAtBoundaries(t *testing.T) {
	p := plan(t, signoff.EmployeeSigned, "date: 2026-01-31", "next_conversation: 2026-07-31", goal("+1m", "planned"))
	items := Pending(p, rules)
	if len(items) != 3 {
		t.Fatalf("want 3 pending items, got %+v", items)
	}
	dues := map[Kind]pop.Date{}
	for _, it := range items {
		dues[it.Kind] = it.Due
	}
	tests := []struct {
		kind  Kind
		due   string
		today string
		when  When
		days  int
	}{
		{KindFollowUp, "2026-02-28", "2026-02-27", Later, 1},
		{KindFollowUp, "2026-02-28", "2026-02-28", Later, 0},
		{KindFollowUp, "2026-02-28", "2026-03-01", Overdue, 1},
		{KindConversation, "2026-07-31", "2026-07-31", Later, 0},
		{KindConversation, "2026-07-31", "2026-08-01", Overdue, 1},
		{KindConversation, "2026-07-31", "2027-08-01", Overdue, 366},
		{KindSignOff, "2026-02-14", "2026-02-14", Later, 0},
		{KindSignOff, "2026-02-14", "2026-02-15", Overdue, 1},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+" on "+tt.today, func(t *testing.T) {
			if got := dues[tt.kind].String(); got != tt.due {
				t.Fatalf("due %s, want %s", got, tt.due)
			}
			when, days := NewWindow(date(tt.today), pop.Span{}, false).When(dues[tt.kind])
			if when != tt.when || days != tt.days {
				t.Errorf("got %s %d days, want %s %d", when, days, tt.when, tt.days)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	two := pop.Span{N: 2, Unit: 'w'}
	month := pop.Span{N: 1, Unit: 'm'}
	tests := []struct {
		name, today, due string
		within           pop.Span
		has              bool
		when             When
		days             int
	}{
		{"without window, today is not listed", "2026-11-23", "2026-11-23", pop.Span{}, false, Later, 0},
		{"within 0d lists today", "2026-11-23", "2026-11-23", pop.Span{N: 0, Unit: 'd'}, true, Upcoming, 0},
		{"yesterday is overdue", "2026-11-23", "2026-11-22", two, true, Overdue, 1},
		{"last day of the window", "2026-11-23", "2026-12-07", two, true, Upcoming, 14},
		{"day after the window", "2026-11-23", "2026-12-08", two, true, Later, 15},
		{"a month from 31 January", "2026-01-31", "2026-02-28", month, true, Upcoming, 28},
		{"a month from 31 January, one day beyond", "2026-01-31", "2026-03-01", month, true, Later, 29},
		{"across new year", "2026-12-31", "2027-01-01", pop.Span{N: 1, Unit: 'd'}, true, Upcoming, 1},
		{"leap day", "2028-02-28", "2028-02-29", pop.Span{N: 1, Unit: 'd'}, true, Upcoming, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			when, days := NewWindow(date(tt.today), tt.within, tt.has).When(date(tt.due))
			if when != tt.when || days != tt.days {
				t.Errorf("got %s %d, want %s %d", when, days, tt.when, tt.days)
			}
		})
	}
}

func TestSelect(t *testing.T) {
	a := plan(t, signoff.Unsigned, "date: 2026-10-01", "next_conversation: 2027-04-01", goal("+1m", "planned"))
	b := plan(t, "", "date: 2026-11-01", "next_conversation: 2026-11-20", goal("2026-12-01", "planned"))
	b.Person, b.Path, b.Manager = "bo", "pop/bo/x.md", "al"
	w := NewWindow(date("2026-11-23"), pop.Span{N: 14, Unit: 'd'}, true)
	got := Select([]Plan{a, b}, rules, w)
	var lines []string
	for _, d := range got {
		lines = append(lines, fmt.Sprintf("%s %s %s %s %s %d", d.Manager, d.Person, d.Kind, d.Due, d.When, d.Days))
	}
	want := []string{
		"al bo conversation 2026-11-20 overdue 3",
		"al bo follow-up 2026-12-01 upcoming 8",
		"an jan follow-up 2026-11-01 overdue 22",
		"an jan sign-off 2026-10-15 overdue 39",
	}
	// jan's items are sorted by due date.
	want[2], want[3] = want[3], want[2]
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestGoalWithoutIDIsNamedByField(t *testing.T) {
	p := plan(t, "", "date: 2026-01-10", "next_conversation: 2026-07-10", "goals:\n  - id: a\n    status: done\n  - status: planned\n    follow_up: +1m")
	items := Pending(p, rules)
	if len(items) == 0 || items[0].Goal != "goals[1]" {
		t.Errorf("items %+v, want the follow-up of goals[1] first", items)
	}
}
