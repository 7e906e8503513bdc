package popcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
	"github.com/popdev/pop/internal/seal"
)

type newOptions struct {
	Person string
	Date   pop.Date
	Kind   string
	For    string // "" or "employee", or pop.ForManager for the manager's prep note
	Lang   string // "" for the configured language
	// Identity is --identity: a key to open a sealed previous POP with.
	Identity string
}

func newCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "new",
		Usage:     "scaffold a POP or preparation note from the template",
		ArgsUsage: "PERSON",
		Description: `Writes <dir>/PERSON/<date>.md (or <date>-prep.md with --kind prep) from
the template, filled in with names, the date and a next conversation six
months later. The open goals of the person's previous POP are carried
over as goals and listed under the look-back section, with the done
and dropped goals and their last update. A carried goal whose timing has
passed is marked, with a hint to agree a new timing. With --kind prep
--for manager it writes the manager's own preparation note,
<date>-prep-manager.md: the earlier agreements with their status and last
update, the chances and needs in the team, the budget at hand; it is
never signed. It never overwrites. Prints the path of the new file.

When .pop.yaml says seal: true the new file is sealed: a POP to the
employee, the manager and the readers, a preparation note to the one who
prepares (pop share adds a reader). Goals are carried over from a sealed
previous POP when one of your keys opens it; when none does, pop new says
so and carries nothing over.

` + identityHelp + `

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "date", Usage: "`DATE` of the conversation (default: today)"},
			&cli.StringFlag{Name: "kind", Value: pop.KindPOP, Usage: "pop, or prep for the employee's preparation note"},
			&cli.StringFlag{Name: "for", Value: "employee", Usage: "with --kind prep: employee, or manager for the manager's own preparation"},
			&cli.StringFlag{Name: "lang", Usage: "template language, nl or en (default: lang in .pop.yaml)"},
			identityFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("pop new PERSON [--date YYYY-MM-DD] [--kind pop|prep]", "pop new takes one PERSON, got %d arguments", c.NArg())
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			var d pop.Date
			if s := c.String("date"); s != "" {
				if d, err = pop.ParseDate(s); err != nil {
					return usagef("write --date as YYYY-MM-DD", "--date: %v", err)
				}
			} else if d, err = today(env, ""); err != nil {
				return err
			}
			return runNew(c.Context, env, r, newOptions{Person: c.Args().First(), Date: d, Kind: c.String("kind"), For: c.String("for"), Lang: c.String("lang"), Identity: c.String("identity")})
		},
	}
}

func runNew(_ context.Context, env *Env, r *repo.Repo, o newOptions) error {
	if o.Kind != pop.KindPOP && o.Kind != pop.KindPrep {
		return usagef("use --kind pop or --kind prep", "--kind %q is not pop or prep", o.Kind)
	}
	switch {
	case o.For != "" && o.For != "employee" && o.For != pop.ForManager:
		return usagef("use --for employee or --for manager", "--for %q is not employee or manager", o.For)
	case o.For == pop.ForManager && o.Kind != pop.KindPrep:
		return usagef("the manager prepares with --kind prep --for manager", "--for manager needs --kind prep")
	}
	lang := o.Lang
	if lang == "" {
		lang = r.Config.Lang
	}
	if lang != "nl" && lang != "en" {
		return usagef("use --lang nl or --lang en", "--lang %q is not nl or en", lang)
	}
	people, _, err := r.People()
	if err != nil {
		return err
	}
	person, ok := people.Get(o.Person)
	if !ok {
		hint := "add them first: pop person add " + o.Person + " --name NAME --email EMAIL"
		if s := people.Hint(o.Person); s != "" && s[0] == 'd' {
			hint = s
		}
		return usagef(hint, "%s is not in the registry %s", o.Person, r.Config.People)
	}
	s := pop.Scaffold{
		Kind:         o.Kind,
		Employee:     person.ID,
		EmployeeName: person.Name,
		Manager:      person.Manager,
		Date:         o.Date,
	}
	tmplKind := o.Kind
	if o.For == pop.ForManager {
		s.For, tmplKind = pop.ForManager, pop.SectionsPrepManager
	}
	if m, ok := people.Get(person.Manager); ok {
		s.ManagerName = m.Name
	} else {
		s.ManagerName = person.Manager
		if o.Kind == pop.KindPOP || s.For == pop.ForManager {
			fmt.Fprintf(env.Stderr, "pop: warning: %s has no manager in the registry; fill in manager by hand\n", person.ID)
		}
	}
	if o.Kind == pop.KindPOP {
		s.NextConversation = o.Date.AddMonths(6)
	}
	files, err := r.List()
	if err != nil {
		return err
	}
	if prev, ok := repo.Previous(files, person.ID, o.Date); ok {
		data, err := r.ReadListed(prev.Path)
		if err != nil {
			return fmt.Errorf("read previous POP: %w", err)
		}
		if seal.IsSealed(data) {
			data = openPrevious(env, r, prev.Path, data, o.Identity)
		}
		if data != nil {
			doc := pop.Parse(prev.Path, data)
			if !doc.HasFrontMatter {
				fmt.Fprintf(env.Stderr, "pop: warning: %s could not be read; no goals carried over\n", prev.Path)
			}
			s.Carried = doc.OpenGoals()
			s.Previous = doc.Goals
			s.PreviousDate = prev.Date
		}
	}
	body, source, err := r.Template(lang, tmplKind)
	if err != nil {
		return err
	}
	out, err := s.Render(body)
	if err != nil {
		return err
	}
	rel := r.PathFor(person.ID, o.Date, tmplKind)
	// Never write a file that pop check refuses to read: a date near the
	// end of the calendar gives a next_conversation past 9999-12-31.
	if probs := pop.Parse(rel, out).Problems; len(probs) > 0 {
		p := probs[0]
		// pop writes the dates; the rest comes from the template and the
		// registry's names, which is where a control character hides.
		hint := "pass an earlier --date"
		if p.Code != pop.CodeBadDate {
			hint = "it is made from " + source + " and the names in the registry: fix what pop check names there"
		}
		return usagef(hint, "%s would not pass pop check: %s: %s [%s]; nothing was written", display(env, r, rel), p.Pos, p.Message, p.Code)
	}
	if r.Config.Seal {
		if out, err = sealNew(env, r, people, rel, out); err != nil {
			return err
		}
	}
	if err := writeNew(r.Abs(rel), out, 0o644); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usagef("edit the existing file, or pass another --date", "%s already exists", rel)
		}
		return fmt.Errorf("write %s: %w", rel, err)
	}
	fmt.Fprintln(env.Stdout, display(env, r, rel))
	switch {
	case s.For == pop.ForManager && len(s.Previous) > 0:
		fmt.Fprintf(env.Stderr, "pop: listed %s of %s\n", report.CountOf(len(s.Previous), "earlier agreement", "earlier agreements"), s.PreviousDate)
	case s.For == pop.ForManager:
	case len(s.Carried) > 0:
		fmt.Fprintf(env.Stderr, "pop: carried %s over from %s\n", report.CountOf(len(s.Carried), "open goal", "open goals"), s.PreviousDate)
	}
	if o.Kind == pop.KindPOP {
		for _, g := range s.Carried {
			if pop.TimingPassed(g, o.Date) {
				fmt.Fprintf(env.Stderr, "pop: hint: goal %s: its timing %s has passed; agree a new timing in the conversation\n", g.ID, g.Timing.Raw)
			}
		}
	}
	return nil
}

// openPrevious opens a sealed previous POP for its goals, or says
// plainly that it cannot and returns nil.
func openPrevious(env *Env, r *repo.Repo, rel string, data []byte, identity string) []byte {
	ids, _, err := identities(env, r.Root, identity)
	if err == nil {
		var doc []byte
		if doc, _, err = seal.Open(data, ids); err == nil {
			return doc
		}
	}
	fmt.Fprintf(env.Stderr, "pop: warning: %s is sealed and could not be opened (%s); no goals carried over\n", display(env, r, rel), lowerFirst(err.Error()))
	fmt.Fprintln(env.Stderr, "pop: hint: pass --identity FILE with a key that opens it to carry its open goals over")
	return nil
}

// sealNew seals a new POP or preparation note to its readers.
func sealNew(env *Env, r *repo.Repo, people *repo.People, rel string, doc []byte) ([]byte, error) {
	signers, err := r.AllowedSigners()
	if err != nil {
		return nil, err
	}
	d := pop.ParseFrontMatter(rel, doc)
	to, err := seal.NewKeyring(people, signers).For(seal.ReadersOf(d, r.Config.Readers, nil))
	var nk *seal.NoKeyError
	if errors.As(err, &nk) {
		return nil, withHint(fmt.Errorf("%s: %w; nothing was written (.pop.yaml says seal: true)", display(env, r, rel), err), nk.Hint())
	}
	if err != nil {
		return nil, err
	}
	out, err := seal.Seal(doc, seal.Options{To: to})
	if err != nil {
		return nil, fmt.Errorf("seal %s: %w", display(env, r, rel), err)
	}
	return out, nil
}
