package popcmd

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
)

type calendarOptions struct {
	Person  string
	Manager string
	Stamp   time.Time // DTSTAMP of every event
	Today   pop.Date  // the day looked at: current POPs, who has left
}

func calendarCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "calendar",
		Usage:     "follow-ups and next conversations as an iCalendar file",
		ArgsUsage: " ",
		Description: `Writes an iCalendar file (RFC 5545) to stdout with an all-day event for
every open follow-up (a goal neither done nor dropped, with no update on
or after its follow-up date) and for every person's next conversation,
from the newest POP of each person. Filter with --person or --manager.

Every event has a stable UID (follow-up.PERSON.GOAL@pop and
conversation.PERSON@pop; an id that is not a slug is replaced by a hash),
so importing the file again updates the events instead of duplicating
them; SEQUENCE grows with the day of the export, so a moved follow-up
replaces the event. Events name people and goal ids, not the text of a
goal.

  pop calendar --manager an-janssens > pop.ics

--as-of DATE stamps the events with that day instead of now, for
reproducible output.

` + exitStatusHelp,
		Flags: []cli.Flag{
			asOfFlag,
			&cli.StringFlag{Name: "person", Usage: "only person `ID`"},
			&cli.StringFlag{Name: "manager", Usage: "only the people of manager `ID`"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("pop calendar > pop.ics", "pop calendar takes no arguments; it writes to stdout")
			}
			o := calendarOptions{Person: c.String("person"), Manager: c.String("manager"), Stamp: env.Now().UTC()}
			var err error
			if o.Today, err = today(env, c.String("as-of")); err != nil {
				return err
			}
			if c.IsSet("as-of") {
				d, err := today(env, c.String("as-of"))
				if err != nil {
					return err
				}
				o.Stamp = d.Time()
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runCalendar(c.Context, env, r, o)
		},
	}
}

func runCalendar(ctx context.Context, env *Env, r *repo.Repo, o calendarOptions) error {
	defer lessGC(env)()
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	team, err := loadTeam(ctx, env, r, o.Today, o.Person, o.Manager, false)
	if err != nil {
		return err
	}
	people, _, err := r.People()
	if err != nil {
		return err
	}
	name := func(id string) string {
		if p, ok := people.Get(id); ok && p.Name != "" {
			return p.Name
		}
		return report.ID(id)
	}
	rules := followup.RulesOf(r.Config)
	var events []report.CalendarEvent
	for _, p := range team.Plans {
		for _, it := range followup.Pending(p, rules) {
			if pe, ok := people.Get(it.Person); ok && pe.HasLeft(it.Due) {
				continue // nothing is due from the day someone leaves
			}
			var e report.CalendarEvent
			switch it.Kind {
			case followup.KindFollowUp:
				e = report.CalendarEvent{
					Key:         []string{"follow-up", it.Person, it.Goal},
					Summary:     fmt.Sprintf("POP follow-up: %s, %s", name(it.Person), report.ID(it.Goal)),
					Description: fmt.Sprintf("Follow-up of goal %s in %s (%s).", report.ID(it.Goal), it.Path, it.Basis),
					Categories:  []string{"POP", "follow-up"},
				}
			case followup.KindConversation:
				e = report.CalendarEvent{
					Key:         []string{"conversation", it.Person},
					Summary:     "POP conversation: " + name(it.Person),
					Description: fmt.Sprintf("Next development conversation after %s (%s).", it.Path, it.Basis),
					Categories:  []string{"POP", "conversation"},
				}
			default:
				continue
			}
			e.Day, e.Modified = it.Due.Time(), p.Doc.Date.Time()
			events = append(events, e)
		}
	}
	title := "POP follow-ups"
	switch {
	case o.Person != "":
		title += ": " + name(o.Person)
	case o.Manager != "":
		title += ": team of " + name(o.Manager)
	}
	return flushed(out, report.WriteCalendar(out, title, events, o.Stamp))
}
