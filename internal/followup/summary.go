package followup

import (
	"slices"
	"sort"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/signoff"
)

// Summary counts the goals of the team's newest POPs: by VTO(C) measure,
// status and person, with budget totals per currency and sign-off
// completion. It holds counts and ids only, never the text of a goal or
// a budget, so that it can be shared beyond the people concerned.
type Summary struct {
	POPs      int
	Goals     int
	Open      int
	ByMeasure []Count // every measure of the schema, then "unset" and "invalid" when any
	ByStatus  []Count // likewise for statuses
	ByPerson  []PersonCount
	Budgets   []Total  // per currency, by currency code
	Unread    []Unread // budgets that could not be read
	SignOff   SignOffCount
}

// Count is a number of goals with a value.
type Count struct {
	Value string
	N     int
}

// PersonCount is the goals of one person's newest POP, by status.
type PersonCount struct {
	Person, Manager string
	Goals, Open     int
	ByStatus        map[string]int
}

// Total is the sum of the budgets in one currency.
type Total struct {
	Currency string
	Cents    int64
	Goals    int
}

// Unread names a budget that could not be read, by file and goal id.
type Unread struct {
	Path, Goal string
}

// SignOffCount is how many POPs stand in each sign-off state.
type SignOffCount struct {
	BothSigned int
	ByState    []Count // in the order of signoff's states, then "not verified"
}

var signOffOrder = []signoff.State{signoff.Unsigned, signoff.EmployeeSigned, signoff.ManagerSigned,
	signoff.Agreed, signoff.Seen, signoff.Disagreed, signoff.Changed, signoff.Invalid}

// Summarize counts the plans' goals.
func Summarize(plans []Plan) Summary {
	s := Summary{POPs: len(plans)}
	measures, statuses := map[string]int{}, map[string]int{}
	totals := map[string]*Total{}
	states := map[signoff.State]int{}
	for _, p := range plans {
		pc := PersonCount{Person: p.Person, Manager: p.Manager, ByStatus: map[string]int{}}
		for _, g := range p.Doc.Goals {
			s.Goals++
			pc.Goals++
			if g.Open() {
				s.Open++
				pc.Open++
			}
			measures[bucket(g.Measure, pop.Measures)]++
			st := bucket(g.Status, pop.Statuses)
			statuses[st]++
			pc.ByStatus[st]++
			if g.Budget == "" {
				continue
			}
			m, ok := ParseBudget(g.Budget)
			if !ok {
				s.Unread = append(s.Unread, Unread{p.Path, g.ID})
				continue
			}
			t := totals[m.Currency]
			if t == nil {
				t = &Total{Currency: m.Currency}
				totals[m.Currency] = t
			}
			t.Cents += m.Cents
			t.Goals++
		}
		s.ByPerson = append(s.ByPerson, pc)
		states[p.SignOff]++
		if BothSigned(p.SignOff) {
			s.SignOff.BothSigned++
		}
	}
	s.ByMeasure = counts(measures, pop.Measures)
	s.ByStatus = counts(statuses, pop.Statuses)
	for _, t := range totals {
		s.Budgets = append(s.Budgets, *t)
	}
	sort.Slice(s.Budgets, func(i, j int) bool { return s.Budgets[i].Currency < s.Budgets[j].Currency })
	sort.Slice(s.ByPerson, func(i, j int) bool { return s.ByPerson[i].Person < s.ByPerson[j].Person })
	for _, st := range signOffOrder {
		s.SignOff.ByState = append(s.SignOff.ByState, Count{string(st), states[st]})
	}
	if n := states[""]; n > 0 {
		s.SignOff.ByState = append(s.SignOff.ByState, Count{"not verified", n})
	}
	return s
}

// bucket returns v when it is allowed, "unset" when empty, else "invalid":
// a misspelt value is counted without being repeated.
func bucket(v string, allowed []string) string {
	switch {
	case v == "":
		return "unset"
	case slices.Contains(allowed, v):
		return v
	}
	return "invalid"
}

func counts(m map[string]int, allowed []string) []Count {
	var out []Count
	for _, v := range allowed {
		out = append(out, Count{v, m[v]})
	}
	for _, v := range []string{"unset", "invalid"} {
		if m[v] > 0 {
			out = append(out, Count{v, m[v]})
		}
	}
	return out
}
