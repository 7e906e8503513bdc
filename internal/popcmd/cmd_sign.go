package popcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/check"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
	"github.com/popdev/pop/internal/suggest"
)

type signOptions struct {
	File     string // as given on the command line
	Decision signoff.Decision
	Reason   string
	Role     signoff.Role // "" to infer
	Goals    []string     // with --disagree: the disputed goals' ids
	DryRun   bool
}

func signCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "sign",
		Usage:     "record your sign-off of a POP as a signed commit",
		ArgsUsage: "FILE",
		Description: `Records that you agree to a POP (--agree, "voor akkoord"), have seen it
(--seen, "voor gezien": received and read, not agreeing) or disagree with
it (--disagree --reason TEXT), as one signed commit on the current branch.
The commit changes no files: its tree is HEAD's tree, and its message
carries the trailers pop verify reads (Pop-Sign-Off, Pop-Decision,
Pop-File, Pop-SHA256). It is signed the way git is configured to sign
(gpg.format ssh or openpgp, user.signingkey, gpg.program), so that
git verify-commit accepts it. refs/pop/sign-offs/<commit> points at it
too, so the sign-off survives a squash or rebase merge: push refs/pop/*
with the branch. A disagreement may name the goals it is about with
--goal ID (repeatable; each a goal of the file): each becomes a Pop-Goal
trailer, and pop verify and pop overdue name the disputed goals.

The file must pass pop check (a --disagree is recorded even when it does
not: refusing is always possible), be committed and be unchanged in the
work tree; your git user.email must be the employee's or the manager's in
the people registry, and they must be two different people. --as chooses
the role. The key that will sign must be registered for you, in the work
tree's registry and in the default branch's (origin's HEAD, else main or
master) when it has one: pop verify would not count another key, so pop
sign refuses it. --dry-run checks all of this and signs nothing.

A line of the reason that looks like a trailer ("Key: value") is recorded
indented by two spaces, so that it can never change what the trailers say.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "agree", Usage: `agree to the POP ("voor akkoord")`},
			&cli.BoolFlag{Name: "seen", Usage: `acknowledge the POP without agreeing ("voor gezien")`},
			&cli.BoolFlag{Name: "disagree", Usage: "refuse to sign; needs --reason"},
			&cli.StringFlag{Name: "reason", Usage: "why you disagree (`TEXT`)"},
			&cli.StringFlag{Name: "as", Usage: "sign as `ROLE`: employee or manager"},
			&cli.StringSliceFlag{Name: "goal", Usage: "with --disagree: the `ID` of a goal you disagree with (repeat for more)"},
			&cli.BoolFlag{Name: "dry-run", Usage: "check everything, the key included, and sign nothing"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("pop sign FILE --agree|--seen|--disagree --reason TEXT", "pop sign takes one FILE, got %d arguments", c.NArg())
			}
			var o signOptions
			o.File = c.Args().First()
			n := 0
			for flag, d := range map[string]signoff.Decision{"agree": signoff.DecisionAgreed, "seen": signoff.DecisionSeen, "disagree": signoff.DecisionDisagreed} {
				if c.Bool(flag) {
					o.Decision = d
					n++
				}
			}
			if n != 1 {
				return usagef("pop sign FILE --agree|--seen|--disagree --reason TEXT", "choose exactly one of --agree, --seen and --disagree")
			}
			o.Reason = c.String("reason")
			if o.Reason != "" && o.Decision != signoff.DecisionDisagreed {
				return usagef("--reason goes with --disagree", "--reason is only for --disagree")
			}
			o.Goals = c.StringSlice("goal")
			if len(o.Goals) > 0 && o.Decision != signoff.DecisionDisagreed {
				return usagef("--goal goes with --disagree", "--goal is only for --disagree")
			}
			switch as := c.String("as"); as {
			case "", string(signoff.RoleEmployee), string(signoff.RoleManager):
				o.Role = signoff.Role(as)
			default:
				return usagef("use --as employee or --as manager", "--as %q is not employee or manager", as)
			}
			o.DryRun = c.Bool("dry-run")
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runSign(c.Context, env, r, o)
		},
	}
}

func runSign(ctx context.Context, env *Env, r *repo.Repo, o signOptions) error {
	if o.Decision == signoff.DecisionDisagreed && strings.TrimSpace(o.Reason) == "" {
		return usagef("say why with --reason TEXT", "a disagreement needs a reason")
	}
	abs := o.File
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(env.Dir, abs)
	}
	rel, err := r.Rel(abs)
	if err != nil {
		return usagef("", "%v", err)
	}
	data, err := r.ReadFile(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return usagef("pop new PERSON writes a new POP", "%s: no such file", display(env, r, rel))
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", display(env, r, rel), err)
	}
	people, _, err := r.People()
	if err != nil {
		return err
	}
	doc := pop.Parse(rel, data)
	findings := check.Doc(r, people, doc)
	if check.HasErrors(findings) && o.Decision != signoff.DecisionDisagreed {
		for _, f := range findings {
			if f.Severity == check.Error {
				fmt.Fprintf(env.Stderr, "%s:%s: error: %s [%s]\n", display(env, r, rel), f.Pos, f.Message, f.Rule)
			}
		}
		return withHint(fmt.Errorf("%s does not pass pop check; nothing signed", display(env, r, rel)), "fix the problems, commit, and sign again")
	}
	// A --disagree is recorded even for a file whose front matter names
	// no kind (refusing must always be possible); a note is never signed.
	if doc.Kind != pop.KindPOP && (doc.Kind != "" || o.Decision != signoff.DecisionDisagreed) {
		hint := "a preparation note is the employee's own and is never signed"
		if doc.ManagerPrep() {
			hint = "the manager's preparation note is the manager's own and is never signed"
		}
		return usagef(hint, "%s is a %s note; only a POP (kind: pop) is signed", display(env, r, rel), doc.Kind)
	}
	if err := disputedGoals(doc, o.Goals); err != nil {
		return err
	}
	res, err := signoff.Sign(ctx, signoff.SignRequest{
		Repo: r, People: people, File: rel, Data: data, Doc: doc,
		Role: o.Role, Decision: o.Decision, Reason: o.Reason, Goals: o.Goals, Now: env.Now(), Getenv: env.Getenv, DryRun: o.DryRun,
	})
	var pe *signoff.PreconditionError
	if errors.As(err, &pe) {
		return withHint(fmt.Errorf("%s: %s; nothing signed", display(env, r, rel), pe.Msg), pe.Hint)
	}
	if err != nil {
		return err
	}
	if res.DryRun {
		fmt.Fprintf(env.Stderr, "pop: would record: %s %s (%s) %s %s, signed with %s key %s; nothing signed (--dry-run)\n",
			res.Role, res.Person, res.Email, res.Decision, display(env, r, rel), res.Method, res.Key)
		return nil
	}
	fmt.Fprintf(env.Stdout, "%s\n", res.Commit)
	fmt.Fprintf(env.Stderr, "pop: recorded: %s %s (%s) %s %s, signed with %s key %s\n",
		res.Role, res.Person, res.Email, res.Decision, display(env, r, rel), res.Method, res.Key)
	fmt.Fprintf(env.Stderr, "pop: hint: push the sign-off with the branch: git push origin %s 'refs/pop/*'\n", strings.TrimPrefix(res.Branch, "refs/heads/"))
	return nil
}

// disputedGoals checks that every --goal names a goal of doc, once.
func disputedGoals(doc *pop.Doc, ids []string) error {
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return usagef("name each goal once", "--goal %s is given twice", id)
		}
		seen[id] = true
		if _, ok := doc.Goal(id); ok {
			continue
		}
		var known []string
		for _, g := range doc.Goals {
			known = append(known, g.ID)
		}
		hint := "the goals of the file: " + strings.Join(known, ", ")
		if s := suggest.Closest(id, known); s != "" {
			hint = "did you mean " + s + "? " + hint
		}
		return usagef(hint, "--goal %q is not a goal of %s", id, doc.Path)
	}
	return nil
}
