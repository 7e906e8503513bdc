package popcmd

import (
	"bufio"
	"context"
	"slices"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
)

type statusOptions struct {
	Today  pop.Date
	Format string
	Color  bool
}

func statusCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "status",
		Usage:     "one line per person: latest POP, sign-off, open goals, next due date",
		ArgsUsage: " ",
		Description: `Shows, for every person with a POP and every person in the registry
who has a manager: the date of their newest POP, its sign-off state, how
many of its goals are open (neither done nor dropped), and the next thing
it waits for — a follow-up, the next conversation or sign-off — with its
date, as pop overdue decides them.

pop status reports; it exits 0 whatever it finds. Use pop overdue to
fail a CI job.

` + exitStatusHelp,
		Flags: []cli.Flag{asOfFlag, formatFlag("text", "json")},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("", "pop status takes no arguments")
			}
			format, err := checkFormat(c, "text", "json")
			if err != nil {
				return err
			}
			o := statusOptions{Format: format, Color: globals(c).color(env)}
			if o.Today, err = today(env, c.String("as-of")); err != nil {
				return err
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runStatus(c.Context, env, r, o)
		},
	}
}

func runStatus(ctx context.Context, env *Env, r *repo.Repo, o statusOptions) error {
	defer lessGC(env)()
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	team, err := loadTeam(ctx, env, r, o.Today, "", "", true)
	if err != nil {
		return err
	}
	people, _, err := r.People()
	if err != nil {
		return err
	}
	rules := followup.RulesOf(r.Config)
	w := followup.NewWindow(o.Today, pop.Span{}, false)
	rep := &report.StatusReport{AsOf: o.Today.String()}
	seen := map[string]bool{}
	for _, p := range team.Plans {
		seen[p.Person] = true
		row := report.StatusRow{Person: p.Person, Manager: p.Manager, Path: p.Path, Date: p.Date().String(),
			SignOff: string(p.SignOff), Goals: len(p.Doc.Goals), OpenGoals: len(p.Doc.OpenGoals())}
		if items := statusItems(p, rules); len(items) > 0 {
			it := items[0]
			when, days := w.Of(it)
			state := "upcoming"
			if when == followup.Overdue {
				state = "overdue"
			}
			row.NextDue = &report.StatusDue{Kind: string(it.Kind), Goal: it.Goal, Due: it.Due.String(), State: state, Days: days}
		}
		rep.People = append(rep.People, row)
	}
	for _, s := range team.Skipped {
		f := repo.ParseFilePath(r.Config.Dir, s.Path)
		seen[f.Person] = true
		pe, _ := people.Get(f.Person)
		rep.People = append(rep.People, report.StatusRow{Person: f.Person, Manager: pe.Manager, Path: s.Path, Unreadable: true})
	}
	for _, pe := range people.List {
		if seen[pe.ID] || pe.HasLeft(o.Today) {
			continue
		}
		manager := pe.ManagerOn(o.Today)
		if f, ok := team.Planned[pe.ID]; ok {
			// Only a planned conversation: it is what comes next.
			when, days := w.When(f.Date)
			row := report.StatusRow{Person: pe.ID, Manager: manager}
			row.NextDue = &report.StatusDue{Kind: string(followup.KindConversation), Due: f.Date.String(), State: string(when), Days: days}
			if when == followup.Later {
				row.NextDue.State = "upcoming"
			}
			rep.People = append(rep.People, row)
			continue
		}
		if manager != "" {
			rep.People = append(rep.People, report.StatusRow{Person: pe.ID, Manager: manager})
		}
	}
	sort.SliceStable(rep.People, func(i, j int) bool { return rep.People[i].Person < rep.People[j].Person })
	if o.Format == "json" {
		return flushed(out, report.WriteStatusJSON(out, rep))
	}
	return flushed(out, report.WriteStatusText(out, rep, report.Style{Color: o.Color}))
}

// statusItems is what a plan waits for as pop status shows it: a
// conversation already planned (a POP dated later) is the next
// conversation, in place of the date the POP asked for.
func statusItems(p followup.Plan, rules followup.Rules) []followup.Item {
	items := followup.Pending(p, rules)
	if p.Planned.IsZero() {
		return items
	}
	out := items[:0]
	for _, it := range items {
		if it.Kind == followup.KindConversation {
			it.Due, it.Basis, it.Line = p.Planned, "planned", 0
		}
		out = append(out, it)
	}
	slices.SortStableFunc(out, func(a, b followup.Item) int {
		switch {
		case a.Due.Before(b.Due):
			return -1
		case b.Due.Before(a.Due):
			return 1
		}
		return 0
	})
	return out
}
