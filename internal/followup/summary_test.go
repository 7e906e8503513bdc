package followup

import (
	"reflect"
	"testing"

	"github.com/popdev/pop/internal/signoff"
)

func TestSummarize(t *testing.T) {
	a := plan(t, signoff.Agreed, "date: 2026-01-10", "next_conversation: 2026-07-10", `goals:
  - id: a1
    goal: Secret text one
    measure: training
    budget: 450 EUR
    status: planned
  - id: a2
    measure: coaching
    budget: 1.200,50 EUR
    status: done
  - id: a3
    measure: trainig
    budget: ongeveer veel
    status: finished`)
	b := plan(t, signoff.Unsigned, "date: 2026-02-10", "next_conversation: 2026-07-10", `goals:
  - id: b1
    measure: opleiding
    budget: 395 USD
    status: in-progress
  - id: b2
    status: dropped`)
	b.Person, b.Path, b.Manager = "bo", "pop/bo/x.md", "al"
	c := plan(t, "", "date: 2026-02-10")
	c.Person, c.Path, c.SignOff = "cy", "pop/cy/x.md", ""

	s := Summarize([]Plan{c, a, b})
	if s.POPs != 3 || s.Goals != 5 || s.Open != 3 {
		t.Errorf("POPs %d goals %d open %d, want 3 5 3", s.POPs, s.Goals, s.Open)
	}
	wantMeasures := []Count{{"vorming", 0}, {"training", 1}, {"opleiding", 1}, {"coaching", 1}, {"other", 0}, {"unset", 1}, {"invalid", 1}}
	if !reflect.DeepEqual(s.ByMeasure, wantMeasures) {
		t.Errorf("by measure %v, want %v", s.ByMeasure, wantMeasures)
	}
	wantStatuses := []Count{{"planned", 1}, {"in-progress", 1}, {"blocked", 0}, {"done", 1}, {"dropped", 1}, {"invalid", 1}}
	if !reflect.DeepEqual(s.ByStatus, wantStatuses) {
		t.Errorf("by status %v, want %v", s.ByStatus, wantStatuses)
	}
	wantBudgets := []Total{{"EUR", 165050, 2}, {"USD", 39500, 1}}
	if !reflect.DeepEqual(s.Budgets, wantBudgets) {
		t.Errorf("budgets %v, want %v", s.Budgets, wantBudgets)
	}
	if want := []Unread{{"pop/jan/x.md", "a3"}}; !reflect.DeepEqual(s.Unread, want) {
		t.Errorf("unread %v, want %v", s.Unread, want)
	}
	if s.SignOff.BothSigned != 1 {
		t.Errorf("both signed %d, want 1", s.SignOff.BothSigned)
	}
	last := s.SignOff.ByState[len(s.SignOff.ByState)-1]
	if last != (Count{"not verified", 1}) {
		t.Errorf("last sign-off count %v", last)
	}
	if got := []string{s.ByPerson[0].Person, s.ByPerson[1].Person, s.ByPerson[2].Person}; !reflect.DeepEqual(got, []string{"bo", "cy", "jan"}) {
		t.Errorf("by person %v", got)
	}
	if p := s.ByPerson[2]; p.Goals != 3 || p.Open != 2 || p.ByStatus["invalid"] != 1 {
		t.Errorf("jan %+v", p)
	}
}
