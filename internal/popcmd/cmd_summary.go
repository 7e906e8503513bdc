package popcmd

import (
	"bufio"
	"context"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
)

type summaryOptions struct {
	Manager string
	Format  string
	Color   bool
}

func summaryCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "summary",
		Usage:     "goals by measure, status and person; budget totals; sign-off",
		ArgsUsage: " ",
		Description: `Counts the goals of the newest POP of each person: by VTO(C) measure
(vorming, training, opleiding, coaching, other), by status and by person;
totals the budgets per currency ("450 EUR", "EUR 1.200,50", "€300");
and says how many POPs both sides have signed. With org_goals in
.pop.yaml it counts goals and budgets per organisation goal; it sets the
budgets planned per year (the year a goal's timing ends, or its POP's
year when ongoing) against budgets in .pop.yaml, and warns on stderr
when a year is over (the exit status stays 0). Budgets that are not an
amount and a currency are counted and named by file and goal id, never
printed.

The summary holds counts and ids only, no goal texts, so it can be shared
beyond the people concerned. --format markdown suits an issue or a job
summary.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "manager", Usage: "only the people of manager `ID`"},
			formatFlag("text", "json", "markdown"),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("", "pop summary takes no arguments")
			}
			format, err := checkFormat(c, "text", "json", "markdown")
			if err != nil {
				return err
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runSummary(c.Context, env, r, summaryOptions{Manager: c.String("manager"), Format: format, Color: globals(c).color(env)})
		},
	}
}

func runSummary(ctx context.Context, env *Env, r *repo.Repo, o summaryOptions) error {
	defer lessGC(env)()
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	team, err := loadTeam(ctx, env, r, pop.Date{}, "", o.Manager, true)
	if err != nil {
		return err
	}
	s := followup.Summarize(team.Plans)
	rep := &report.SummaryReport{POPs: s.POPs, Goals: s.Goals, OpenGoals: s.Open,
		SignOff: report.SummarySignOff{POPs: s.POPs, BothSigned: s.SignOff.BothSigned}}
	conv := func(cs []followup.Count) []report.SummaryCount {
		var out []report.SummaryCount
		for _, c := range cs {
			out = append(out, report.SummaryCount{Value: c.Value, Count: c.N})
		}
		return out
	}
	rep.ByMeasure, rep.ByStatus, rep.SignOff.ByState = conv(s.ByMeasure), conv(s.ByStatus), conv(s.SignOff.ByState)
	for _, p := range s.ByPerson {
		rep.ByPerson = append(rep.ByPerson, report.SummaryPerson{Person: p.Person, Manager: p.Manager, Goals: p.Goals, Open: p.Open,
			Planned: p.ByStatus["planned"], InProgress: p.ByStatus["in-progress"], Blocked: p.ByStatus["blocked"], Done: p.ByStatus["done"], Dropped: p.ByStatus["dropped"]})
	}
	for _, b := range s.Budgets {
		rep.Budgets = append(rep.Budgets, report.SummaryBudget{Currency: b.Currency, Total: followup.FormatCents(b.Cents), Goals: b.Goals})
	}
	for _, u := range s.Unread {
		rep.Unread = append(rep.Unread, report.SummaryUnread{Path: u.Path, Goal: u.Goal})
	}
	planning, err := followup.PlanAgainst(team.Plans, r.Config.OrgGoals, r.Config.Budgets)
	if err != nil {
		return usagef("write each budget as an amount and a currency, such as 4000 EUR", "%s: %v", repo.ConfigFile, err)
	}
	for _, o := range planning.ByOrgGoal {
		if len(r.Config.OrgGoals) == 0 {
			break // no organisation goals to count by
		}
		so := report.SummaryOrgGoal{ID: o.ID, Title: o.Title, Goals: o.Goals, Open: o.Open}
		for _, b := range o.Budgets {
			so.Budgets = append(so.Budgets, report.SummaryBudget{Currency: b.Currency, Total: followup.FormatCents(b.Cents), Goals: b.Goals})
		}
		rep.ByOrgGoal = append(rep.ByOrgGoal, so)
	}
	for _, y := range planning.Years {
		sy := report.SummaryBudgetYear{Year: y.Year, Currency: y.Currency, Planned: followup.FormatCents(y.Planned), Goals: y.Goals, Over: y.Over}
		if y.HasBudget {
			sy.Available = followup.FormatCents(y.Available)
		}
		if y.Over {
			fmt.Fprintf(env.Stderr, "pop: warning: %d: the POPs plan %s %s, more than the %s %s at hand (budgets in %s)\n",
				y.Year, sy.Planned, y.Currency, sy.Available, y.Currency, repo.ConfigFile)
		}
		rep.BudgetYears = append(rep.BudgetYears, sy)
	}
	switch o.Format {
	case "json":
		return flushed(out, report.WriteSummaryJSON(out, rep))
	case "markdown":
		return flushed(out, report.WriteSummaryMarkdown(out, rep))
	}
	return flushed(out, report.WriteSummaryText(out, rep, report.Style{Color: o.Color}))
}
