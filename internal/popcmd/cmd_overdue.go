package popcmd

import (
	"bufio"
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
	"github.com/popdev/pop/internal/safe"
)

type overdueOptions struct {
	Today     pop.Date
	Within    pop.Span
	HasWithin bool
	Person    string
	Manager   string
	FailOn    string // overdue | upcoming | never
	Format    string
	Color     bool
}

func overdueCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "overdue",
		Usage:     "list follow-ups, conversations and sign-offs that are due",
		ArgsUsage: " ",
		Description: `For the current POP of each person in the team (the newest dated on or
before --as-of; a POP dated later is a planned conversation and hides
nothing; people who have left are out from the day in the registry's
left), lists:
  - goals whose follow-up date has passed, that are neither done nor
    dropped, and have no update dated on or after the follow-up date;
  - goals past their timing that are neither done nor dropped;
  - blocked goals (status: blocked), at once;
  - the next conversation, when next_conversation (or the POP's date plus
    overdue.conversation_every) has passed;
  - sign-off, when the POP is older than overdue.unsigned_after and the
    employee and the manager have not both decided (agreed, seen or
    disagreed);
  - a disagreement, at once, until the role that disagreed agrees on the
    current content.
A date has passed the day after it. --within 14d also lists, as upcoming,
what falls due from today up to 14 days ahead.

Text output is grouped by manager; on a terminal due dates read "3 days
ago", piped they are ISO dates. --format markdown suits an issue or a job
summary, github writes workflow annotations.

Exit 1 when something is overdue (--fail-on overdue, the default), when
anything is overdue or upcoming (--fail-on upcoming), or never.

` + exitStatusHelp,
		Flags: []cli.Flag{
			asOfFlag,
			&cli.StringFlag{Name: "within", Usage: "also list what falls due within `DURATION` (14d, 2w, 1m)"},
			&cli.StringFlag{Name: "manager", Usage: "only the people of manager `ID`"},
			&cli.StringFlag{Name: "person", Usage: "only person `ID`"},
			&cli.StringFlag{Name: "fail-on", Value: "overdue", Usage: "exit 1 on `WHAT`: overdue, upcoming or never"},
			formatFlag("text", "json", "github", "markdown"),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("use --person ID to look at one person", "pop overdue takes no arguments")
			}
			format, err := checkFormat(c, "text", "json", "github", "markdown")
			if err != nil {
				return err
			}
			o := overdueOptions{Person: c.String("person"), Manager: c.String("manager"),
				FailOn: c.String("fail-on"), Format: format, Color: globals(c).color(env)}
			switch o.FailOn {
			case "overdue", "upcoming", "never":
			default:
				return usagef("use one of: overdue, upcoming, never", "--fail-on %q is not offered", o.FailOn)
			}
			if o.Today, err = today(env, c.String("as-of")); err != nil {
				return err
			}
			if s := c.String("within"); c.IsSet("within") {
				o.Within, err = pop.ParseSpan(s)
				if err != nil {
					return usagef("write --within as 14d, 2w, 1m or 1y", "--within: %v", err)
				}
				o.HasWithin = true
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runOverdue(c.Context, env, r, o)
		},
	}
}

func runOverdue(ctx context.Context, env *Env, r *repo.Repo, o overdueOptions) error {
	defer lessGC(env)()
	out := bufio.NewWriter(env.Stdout)
	defer out.Flush()
	team, err := loadTeam(ctx, env, r, o.Today, o.Person, o.Manager, true)
	if err != nil {
		return err
	}
	w := followup.NewWindow(o.Today, o.Within, o.HasWithin)
	rep := &report.OverdueReport{AsOf: o.Today.String(), FailOn: o.FailOn}
	if o.HasWithin {
		rep.Within = o.Within.String()
	}
	fail := false
	for _, d := range followup.Select(team.Plans, followup.RulesOf(r.Config), w) {
		it := report.OverdueItem{Kind: string(d.Kind), State: string(d.When), Person: d.Person, Manager: d.Manager,
			Path: d.Path, Line: d.Line, Goal: d.Goal, Due: d.Due.String(), Basis: d.Basis, Goals: d.Goals}
		if it.Goals == nil {
			it.Goals = []string{}
		}
		if d.Kind == followup.KindSignOff {
			it.SignOff = string(d.SignOff)
		}
		if d.When == followup.Overdue {
			rep.Overdue++
			it.DaysOverdue = d.Days
		} else {
			rep.Upcoming++
			it.DaysLeft = d.Days
		}
		fail = fail || o.FailOn == "upcoming" || (o.FailOn == "overdue" && d.When == followup.Overdue)
		rep.Items = append(rep.Items, it)
	}
	for _, s := range team.Skipped {
		rep.Skipped = append(rep.Skipped, report.OverdueSkipped{Path: s.Path, Reason: s.Reason})
	}
	switch o.Format {
	case "json":
		err = report.WriteOverdueJSON(out, rep)
	case "github":
		err = report.WriteOverdueGitHub(out, rep)
	case "markdown":
		err = report.WriteOverdueMarkdown(out, rep)
	default:
		err = report.WriteOverdueText(out, rep, report.Style{Color: o.Color}, env.Terminal(env.Stdout))
	}
	err = flushed(out, err)
	if err != nil {
		return err
	}
	if fail {
		return errFindings
	}
	return nil
}

// flushed flushes the buffered output and returns the first error.
func flushed(w *bufio.Writer, err error) error {
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}

// lessGC lets the heap grow to five times its live size before
// collecting, unless GOGC is set, and returns the function that restores
// the setting. Over 10,000 POPs the team kept in memory is ~57 MB and
// reading it allocates ~115 MB more, in a process that ends right after:
// collecting less often saves ~0.1 s of CPU for ~25 MB more peak memory
// (~150 MB instead of ~125 MB; BENCHMARKS.md, "pop overdue").
func lessGC(env *Env) func() {
	if env.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(400)
	return func() { debug.SetGCPercent(old) }
}

// loadTeam reads the newest POP of each person for the follow-up
// commands, checking the --person and --manager ids against the registry
// and warning on stderr about what could not be read.
//
// today is the day looked at: each person's current POP is their newest
// dated on or before it, and people who have left by then are left out.
// A zero today takes everyone's newest POP.
func loadTeam(ctx context.Context, env *Env, r *repo.Repo, today pop.Date, person, manager string, signOffs bool) (*followup.Team, error) {
	// The registry is read only when needed: for --person and --manager,
	// and for POPs that name no manager. Over a large team it costs as
	// much as reading the POPs.
	var people *repo.People
	var peopleErr error
	registry := func() (*repo.People, error) {
		if people == nil && peopleErr == nil {
			people, _, peopleErr = r.People()
			if peopleErr != nil {
				peopleErr = withHint(peopleErr, "run pop check to see what is wrong with the registry")
			}
		}
		return people, peopleErr
	}
	for _, id := range []struct{ flag, id string }{{"--person", person}, {"--manager", manager}} {
		if id.id == "" {
			continue
		}
		reg, err := registry()
		if err != nil {
			return nil, err
		}
		if _, ok := reg.Get(id.id); !ok {
			return nil, withHint(fmt.Errorf("%s %s: no such person in %s", id.flag, id.id, reg.Path), reg.Hint(id.id))
		}
	}
	o := followup.LoadOptions{Person: person, Manager: manager, Today: today, ManagerOf: func(id string) string {
		reg, err := registry()
		if err != nil {
			return ""
		}
		p, _ := reg.Get(id)
		if !today.IsZero() {
			return p.ManagerOn(today)
		}
		return p.Manager
	}}
	if !today.IsZero() && r.MayHaveLeavers() {
		// Who has left is in the registry only; a registry that cannot
		// be read fails below, as it does for --person.
		o.Left = func(id string) pop.Date {
			reg, err := registry()
			if err != nil {
				return pop.Date{}
			}
			p, _ := reg.Get(id)
			return p.Left
		}
	}
	if signOffs {
		o.SignOffs = followup.VerifySignOffs(r)
	}
	team, err := followup.Load(ctx, r, o)
	if err != nil {
		return nil, err
	}
	if peopleErr != nil {
		return nil, peopleErr
	}
	for _, s := range team.Skipped {
		fmt.Fprintf(env.Stderr, "pop: warning: %s: %s; left out (run pop check)\n", safe.Term(display(env, r, s.Path)), s.Reason)
	}
	if team.SignOffErr != nil {
		fmt.Fprintf(env.Stderr, "pop: warning: sign-offs could not be verified, so none count: %s\n",
			safe.Term(strings.TrimSuffix(lowerFirst(team.SignOffErr.Error()), ".")))
	}
	return team, nil
}
