package followup

import (
	"fmt"
	"strings"
	"testing"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

func TestPlanAgainst(t *testing.T) {
	a := plan(t, signoff.Agreed, "date: 2026-11-10", "next_conversation: 2027-05-10", `goals:
  - {id: a1, org_goal: klant, timing: Q1 2027, budget: 3000 EUR, status: planned}
  - {id: a2, org_goal: klant, timing: ongoing, budget: 500 EUR, status: done}
  - {id: a3, org_goal: klnat, timing: 2027-06, budget: 1500 EUR}
  - {id: a4, timing: 2027-06, budget: 999 EUR, status: dropped}
  - {id: a5, org_goal: veilig, timing: 2027-03, budget: 200 USD}`)
	budgets := []repo.Budget{{Year: 2027, Amount: "4000 EUR"}, {Year: 2026, Amount: "€1000"}}
	orgs := []repo.OrgGoal{{ID: "klant", Title: "Klantgericht"}, {ID: "veilig", Title: "Veilig"}, {ID: "leeg", Title: "Leeg"}}
	got, err := PlanAgainst([]Plan{a}, orgs, budgets)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, o := range got.ByOrgGoal {
		lines = append(lines, fmt.Sprintf("%s %d/%d %v", o.ID, o.Open, o.Goals, o.Budgets))
	}
	want := "klant 1/2 [{EUR 350000 2}]|veilig 1/1 [{USD 20000 1}]|leeg 0/0 []|unset 0/1 [{EUR 99900 1}]|invalid 1/1 [{EUR 150000 1}]"
	if s := strings.Join(lines, "|"); s != want {
		t.Errorf("by org goal\n got %s\nwant %s", s, want)
	}
	lines = nil
	for _, y := range got.Years {
		lines = append(lines, fmt.Sprintf("%d %s %d/%d over=%v has=%v n=%d", y.Year, y.Currency, y.Planned, y.Available, y.Over, y.HasBudget, y.Goals))
	}
	// 2026: the ongoing goal counts in its POP's year; 2027: 3000+1500
	// EUR over 4000 (the dropped goal spends nothing).
	want = "2026 EUR 50000/100000 over=false has=true n=1|2027 EUR 450000/400000 over=true has=true n=2|2027 USD 20000/0 over=false has=false n=1"
	if s := strings.Join(lines, "|"); s != want {
		t.Errorf("years\n got %s\nwant %s", s, want)
	}
	if _, err := PlanAgainst(nil, nil, []repo.Budget{{Year: 2027, Amount: "veel", Pos: pop.Pos{Line: 3, Col: 9}}}); err == nil || !strings.Contains(err.Error(), "budgets.2027 at line 3") {
		t.Errorf("bad budget: %v", err)
	}
}
