package followup

import (
	"fmt"
	"sort"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// Planning sets the team's plans against the organisation: goals and
// budgets per organisation goal (org_goals in .pop.yaml), and the
// budgets planned per year and currency against the budgets at hand
// (budgets in .pop.yaml). Like Summary it holds counts, ids and sums,
// never the text of a goal.
type Planning struct {
	ByOrgGoal []OrgGoalCount // every organisation goal in config order, then "unset" and "invalid" when any
	Years     []YearBudget   // by year, then currency
}

// OrgGoalCount is the goals that serve one organisation goal.
type OrgGoalCount struct {
	ID      string // an org_goals id, or "unset" / "invalid"
	Title   string // from .pop.yaml; "" for unset and invalid
	Goals   int
	Open    int
	Budgets []Total // per currency, by currency code
}

// YearBudget is what the plans spend in one year and currency, against
// what is at hand.
type YearBudget struct {
	Year      int
	Currency  string
	Planned   int64 // hundredths
	Goals     int   // goals whose budget counts here
	Available int64 // hundredths; meaningful when HasBudget
	HasBudget bool  // .pop.yaml sets a budget for this year and currency
	Over      bool  // planned exceeds the budget at hand
}

// BudgetYear is the year a goal's budget is spent in: the year its timing
// ends, or for an ongoing goal or one without a timing the year of its POP.
func BudgetYear(g pop.Goal, date pop.Date) int {
	if !g.Timing.End.IsZero() {
		return g.Timing.End.Year()
	}
	return date.Year()
}

// PlanAgainst counts the plans per organisation goal and per budget year.
// A configured budget that is not an amount and a currency is an error
// naming its place in .pop.yaml; goal budgets that cannot be read are
// left out here (Summary names them).
func PlanAgainst(plans []Plan, orgGoals []repo.OrgGoal, budgets []repo.Budget) (Planning, error) {
	type key struct {
		year int
		cur  string
	}
	years := map[key]*YearBudget{}
	at := func(k key) *YearBudget {
		y := years[k]
		if y == nil {
			y = &YearBudget{Year: k.year, Currency: k.cur}
			years[k] = y
		}
		return y
	}
	for _, b := range budgets {
		m, ok := ParseBudget(b.Amount)
		if !ok {
			return Planning{}, fmt.Errorf("budgets.%d at line %d: not an amount and a currency such as 4000 EUR", b.Year, b.Pos.Line)
		}
		y := at(key{b.Year, m.Currency})
		y.Available += m.Cents
		y.HasBudget = true
	}

	index := map[string]int{}
	var out Planning
	for i, o := range orgGoals {
		index[o.ID] = i
		out.ByOrgGoal = append(out.ByOrgGoal, OrgGoalCount{ID: o.ID, Title: o.Title})
	}
	extra := map[string]*OrgGoalCount{}
	totals := map[string]map[string]*Total{} // by org goal id (or unset, invalid), then currency
	for _, p := range plans {
		for _, g := range p.Doc.Goals {
			var c *OrgGoalCount
			if i, ok := index[g.OrgGoal]; ok {
				c = &out.ByOrgGoal[i]
			} else {
				name := "invalid"
				if g.OrgGoal == "" {
					name = "unset"
				}
				if extra[name] == nil {
					extra[name] = &OrgGoalCount{ID: name}
				}
				c = extra[name]
			}
			c.Goals++
			if g.Open() {
				c.Open++
			}
			m, ok := ParseBudget(g.Budget)
			if !ok {
				continue
			}
			if totals[c.ID] == nil {
				totals[c.ID] = map[string]*Total{}
			}
			t := totals[c.ID][m.Currency]
			if t == nil {
				t = &Total{Currency: m.Currency}
				totals[c.ID][m.Currency] = t
			}
			t.Cents += m.Cents
			t.Goals++
			if g.Status == "dropped" {
				continue // a dropped goal spends nothing more
			}
			y := at(key{BudgetYear(g, p.Doc.Date), m.Currency})
			y.Planned += m.Cents
			y.Goals++
		}
	}
	for _, name := range []string{"unset", "invalid"} {
		if c := extra[name]; c != nil {
			out.ByOrgGoal = append(out.ByOrgGoal, *c)
		}
	}
	for i := range out.ByOrgGoal {
		c := &out.ByOrgGoal[i]
		for _, t := range totals[c.ID] {
			c.Budgets = append(c.Budgets, *t)
		}
		sort.Slice(c.Budgets, func(a, b int) bool { return c.Budgets[a].Currency < c.Budgets[b].Currency })
	}
	for _, y := range years {
		y.Over = y.HasBudget && y.Planned > y.Available
		out.Years = append(out.Years, *y)
	}
	sort.Slice(out.Years, func(a, b int) bool {
		if out.Years[a].Year != out.Years[b].Year {
			return out.Years[a].Year < out.Years[b].Year
		}
		return out.Years[a].Currency < out.Years[b].Currency
	})
	return out, nil
}
