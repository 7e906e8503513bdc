package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// SummaryReport is the output of pop summary: counts only, no goal or
// budget texts, so it can be shared beyond the people concerned. Its JSON
// form is documented in the README and stable.
type SummaryReport struct {
	POPs      int             `json:"pops"`
	Goals     int             `json:"goals"`
	OpenGoals int             `json:"open_goals"`
	ByMeasure []SummaryCount  `json:"by_measure"`
	ByStatus  []SummaryCount  `json:"by_status"`
	ByPerson  []SummaryPerson `json:"by_person"`
	Budgets   []SummaryBudget `json:"budgets"`
	Unread    []SummaryUnread `json:"unreadable_budgets"`
	SignOff   SummarySignOff  `json:"sign_off"`
	// ByOrgGoal and BudgetYears set the plans against .pop.yaml's
	// org_goals and budgets (SPEC §13).
	ByOrgGoal   []SummaryOrgGoal    `json:"by_org_goal"`
	BudgetYears []SummaryBudgetYear `json:"budget_years"`
}

// SummaryOrgGoal is the goals serving one organisation goal; ID is
// "unset" for goals that name none and "invalid" for unknown ids.
type SummaryOrgGoal struct {
	ID      string          `json:"id"`
	Title   string          `json:"title"` // from .pop.yaml
	Goals   int             `json:"goals"`
	Open    int             `json:"open"`
	Budgets []SummaryBudget `json:"budgets"`
}

// SummaryBudgetYear is the budget planned in one year and currency
// against the budget at hand; Available is "" when .pop.yaml sets none.
type SummaryBudgetYear struct {
	Year      int    `json:"year"`
	Currency  string `json:"currency"`
	Planned   string `json:"planned"`
	Available string `json:"available"`
	Goals     int    `json:"goals"`
	Over      bool   `json:"over"`
}

// SummaryCount is how many goals (or POPs) have a value.
type SummaryCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// SummaryPerson is one person's goals by status.
type SummaryPerson struct {
	Person     string `json:"person"`
	Manager    string `json:"manager"`
	Goals      int    `json:"goals"`
	Open       int    `json:"open"`
	Planned    int    `json:"planned"`
	InProgress int    `json:"in_progress"`
	Blocked    int    `json:"blocked"`
	Done       int    `json:"done"`
	Dropped    int    `json:"dropped"`
}

// SummaryBudget is the total of the budgets in one currency.
type SummaryBudget struct {
	Currency string `json:"currency"`
	Total    string `json:"total"` // decimal, "1650.50"
	Goals    int    `json:"goals"`
}

// SummaryUnread names a budget that could not be read, without its text.
type SummaryUnread struct {
	Path string `json:"path"`
	Goal string `json:"goal"`
}

// SummarySignOff is the sign-off completion of the POPs.
type SummarySignOff struct {
	POPs       int            `json:"pops"`
	BothSigned int            `json:"both_signed"`
	ByState    []SummaryCount `json:"by_state"`
}

// normal returns r with lists that are not nil and every id shown
// through ID: what each writer writes.
func (r *SummaryReport) normal() SummaryReport {
	out := *r
	for _, l := range []*[]SummaryCount{&out.ByMeasure, &out.ByStatus, &out.SignOff.ByState} {
		if *l == nil {
			*l = []SummaryCount{}
		}
	}
	out.ByPerson = make([]SummaryPerson, len(r.ByPerson))
	for i, p := range r.ByPerson {
		p.Person, p.Manager = ID(p.Person), ID(p.Manager)
		out.ByPerson[i] = p
	}
	if out.Budgets == nil {
		out.Budgets = []SummaryBudget{}
	}
	out.Unread = make([]SummaryUnread, len(r.Unread))
	for i, u := range r.Unread {
		u.Goal = ID(u.Goal)
		out.Unread[i] = u
	}
	if out.ByOrgGoal == nil {
		out.ByOrgGoal = []SummaryOrgGoal{}
	}
	for i := range out.ByOrgGoal {
		if out.ByOrgGoal[i].Budgets == nil {
			out.ByOrgGoal[i].Budgets = []SummaryBudget{}
		}
	}
	if out.BudgetYears == nil {
		out.BudgetYears = []SummaryBudgetYear{}
	}
	return out
}

// WriteSummaryJSON writes the report as documented JSON.
func WriteSummaryJSON(w io.Writer, r *SummaryReport) error {
	return WriteJSON(w, r.normal())
}

func summaryPercent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", (100*n+of/2)/of)
}

// WriteSummaryText writes the counts as aligned blocks.
func WriteSummaryText(w io.Writer, r *SummaryReport, s Style) error {
	n := r.normal()
	r = &n
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	t := &termWriter{w: tw}
	t.printf("%s (the newest of each person), %s, %d open\n", CountOf(r.POPs, "POP", "POPs"), CountOf(r.Goals, "goal", "goals"), r.OpenGoals)
	block := func(title string, cs []SummaryCount) {
		t.printf("\n%s\n", s.Bold(title))
		for _, c := range cs {
			t.printf("  %s\t%d\n", c.Value, c.Count)
		}
	}
	block("By measure", r.ByMeasure)
	block("By status", r.ByStatus)
	t.printf("\n%s\n", s.Bold("By person"))
	t.printf("  person\tmanager\tgoals\topen\tplanned\tin-progress\tblocked\tdone\tdropped\n")
	for _, p := range r.ByPerson {
		t.printf("  %s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", p.Person, p.Manager, p.Goals, p.Open, p.Planned, p.InProgress, p.Blocked, p.Done, p.Dropped)
	}
	t.printf("\n%s\n", s.Bold("Budgets"))
	if len(r.Budgets) == 0 {
		t.printf("  none\n")
	}
	for _, b := range r.Budgets {
		t.printf("  %s\t%s\t%s\n", b.Currency, b.Total, CountOf(b.Goals, "goal", "goals"))
	}
	if n := len(r.Unread); n > 0 {
		t.printf("  %s\n", s.Yellow(fmt.Sprintf("%s not counted: not an amount and a currency such as 450 EUR", CountOf(n, "budget", "budgets"))))
		for _, u := range r.Unread {
			t.printf("    %s goal %s\n", u.Path, u.Goal)
		}
	}
	if len(r.BudgetYears) > 0 {
		t.printf("\n%s\n", s.Bold("Budget per year"))
		t.printf("  year\tcurrency\tplanned\tavailable\tgoals\n")
		for _, y := range r.BudgetYears {
			avail := y.Available
			if avail == "" {
				avail = "-"
			}
			over := Styled("")
			if y.Over {
				over = "\t" + s.Red("over")
			}
			t.printf("  %d\t%s\t%s\t%s\t%d%s\n", y.Year, y.Currency, y.Planned, avail, y.Goals, over)
		}
	}
	if len(r.ByOrgGoal) > 0 {
		t.printf("\n%s\n", s.Bold("By organisation goal"))
		for _, o := range r.ByOrgGoal {
			var budgets []string
			for _, b := range o.Budgets {
				budgets = append(budgets, b.Total+" "+b.Currency)
			}
			line := []any{o.ID, CountOf(o.Goals, "goal", "goals"), o.Open, strings.Join(budgets, ", ")}
			if o.Title != "" {
				t.printf("  %s\t%s\t%d open\t%s\t%s\n", append(line, strings.Join(strings.Fields(o.Title), " "))...)
			} else {
				t.printf("  %s\t%s\t%d open\t%s\n", line...)
			}
		}
	}
	t.printf("\n%s\n", s.Bold("Sign-off"))
	t.printf("  signed by both\t%d of %d\t%s\n", r.SignOff.BothSigned, r.SignOff.POPs, summaryPercent(r.SignOff.BothSigned, r.SignOff.POPs))
	for _, c := range r.SignOff.ByState {
		t.printf("  %s\t%d\n", c.Value, c.Count)
	}
	if t.err != nil {
		return t.err
	}
	return tw.Flush()
}

// WriteSummaryMarkdown writes the counts as Markdown tables.
func WriteSummaryMarkdown(w io.Writer, r *SummaryReport) error {
	n := r.normal()
	r = &n
	var b strings.Builder
	t := &mdWriter{w: &b}
	t.printf("## POP summary\n\n")
	t.printf("%s (the newest of each person), %s, %d open.\n", CountOf(r.POPs, "POP", "POPs"), CountOf(r.Goals, "goal", "goals"), r.OpenGoals)
	table := func(title, head string, cs []SummaryCount) {
		t.printf("\n### %s\n\n| %s | Goals |\n| --- | ---: |\n", title, head)
		for _, c := range cs {
			t.printf("| %s | %d |\n", mdCell(c.Value), c.Count)
		}
	}
	table("By measure", "Measure", r.ByMeasure)
	table("By status", "Status", r.ByStatus)
	t.printf("\n### By person\n\n| Person | Manager | Goals | Open | Planned | In progress | Blocked | Done | Dropped |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, p := range r.ByPerson {
		t.printf("| %s | %s | %d | %d | %d | %d | %d | %d | %d |\n", mdCell(p.Person), mdCell(p.Manager), p.Goals, p.Open, p.Planned, p.InProgress, p.Blocked, p.Done, p.Dropped)
	}
	t.printf("\n### Budgets\n\n")
	if len(r.Budgets) == 0 {
		t.printf("None.\n")
	} else {
		t.printf("| Currency | Total | Goals |\n| --- | ---: | ---: |\n")
		for _, x := range r.Budgets {
			t.printf("| %s | %s | %d |\n", mdCell(x.Currency), mdCell(x.Total), x.Goals)
		}
	}
	if n := len(r.Unread); n > 0 {
		t.printf("\n%s not counted (not an amount and a currency such as 450 EUR):\n\n", CountOf(n, "budget", "budgets"))
		for _, u := range r.Unread {
			t.printf("- %s, goal %s\n", mdCode(u.Path), mdCode(u.Goal))
		}
	}
	if len(r.BudgetYears) > 0 {
		t.printf("\n### Budget per year\n\n| Year | Currency | Planned | Available | Goals | Over |\n| ---: | --- | ---: | ---: | ---: | --- |\n")
		for _, y := range r.BudgetYears {
			avail, over := y.Available, ""
			if avail == "" {
				avail = "-"
			}
			if y.Over {
				over = "over"
			}
			t.printf("| %d | %s | %s | %s | %d | %s |\n", y.Year, mdCell(y.Currency), mdCell(y.Planned), mdCell(avail), y.Goals, over)
		}
	}
	if len(r.ByOrgGoal) > 0 {
		t.printf("\n### By organisation goal\n\n| Organisation goal | Title | Goals | Open | Budgets |\n| --- | --- | ---: | ---: | --- |\n")
		for _, o := range r.ByOrgGoal {
			var budgets []string
			for _, x := range o.Budgets {
				budgets = append(budgets, x.Total+" "+x.Currency)
			}
			t.printf("| %s | %s | %d | %d | %s |\n", mdCell(o.ID), mdCell(o.Title), o.Goals, o.Open, mdCell(strings.Join(budgets, ", ")))
		}
	}
	t.printf("\n### Sign-off\n\nSigned by both: %d of %d (%s).\n\n| State | POPs |\n| --- | ---: |\n",
		r.SignOff.BothSigned, r.SignOff.POPs, summaryPercent(r.SignOff.BothSigned, r.SignOff.POPs))
	for _, c := range r.SignOff.ByState {
		t.printf("| %s | %d |\n", mdCell(c.Value), c.Count)
	}
	if t.err != nil {
		return t.err
	}
	_, err := io.WriteString(w, b.String())
	return err
}
