package popcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

type signOptions struct {
	File     string // as given on the command line
	Decision signoff.Decision
	Reason   string
	Role     signoff.Role // "" to infer
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
with the branch.

The file must pass pop check, be committed and be unchanged in the work
tree; your git user.email must be the employee's or the manager's in the
people registry. --as chooses the role when you are both.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "agree", Usage: `agree to the POP ("voor akkoord")`},
			&cli.BoolFlag{Name: "seen", Usage: `acknowledge the POP without agreeing ("voor gezien")`},
			&cli.BoolFlag{Name: "disagree", Usage: "refuse to sign; needs --reason"},
			&cli.StringFlag{Name: "reason", Usage: "why you disagree (`TEXT`)"},
			&cli.StringFlag{Name: "as", Usage: "sign as `ROLE`: employee or manager"},
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
			switch as := c.String("as"); as {
			case "", string(signoff.RoleEmployee), string(signoff.RoleManager):
				o.Role = signoff.Role(as)
			default:
				return usagef("use --as employee or --as manager", "--as %q is not employee or manager", as)
			}
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
	if probs := precheck(r, people, rel, data); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintf(env.Stderr, "%s: %s\n", display(env, r, rel), p)
		}
		return withHint(fmt.Errorf("%s does not pass pop check; nothing signed", display(env, r, rel)), "fix the problems, commit, and sign again")
	}
	res, err := signoff.Sign(ctx, signoff.SignRequest{
		Repo: r, People: people, File: rel, Data: data, Doc: pop.Parse(rel, data),
		Role: o.Role, Decision: o.Decision, Reason: o.Reason, Now: env.Now(), Getenv: env.Getenv,
	})
	var pe *signoff.PreconditionError
	if errors.As(err, &pe) {
		return withHint(fmt.Errorf("%s: %s; nothing signed", display(env, r, rel), pe.Msg), pe.Hint)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s\n", res.Commit)
	fmt.Fprintf(env.Stderr, "pop: recorded: %s %s (%s) %s %s, signed with %s key %s\n",
		res.Role, res.Person, res.Email, res.Decision, display(env, r, rel), res.Method, res.Key)
	fmt.Fprintf(env.Stderr, "pop: hint: push the sign-off with the branch: git push origin %s 'refs/pop/*'\n", strings.TrimPrefix(res.Branch, "refs/heads/"))
	return nil
}

// precheck is replaced by check.File when pop check lands.
//
// precheck returns the errors that keep a file from being signed: the
// parser's problems (unless .pop.yaml turns their rule off or down to a
// warning), a kind other than pop, and an employee or manager missing
// from the registry.
func precheck(r *repo.Repo, people *repo.People, rel string, data []byte) []string {
	doc := pop.Parse(rel, data)
	var out []string
	for _, p := range doc.Problems {
		if sev := r.Config.Rules[p.Code]; sev == "off" || sev == "warning" {
			continue
		}
		out = append(out, fmt.Sprintf("%s: error: %s [%s]", p.Pos, p.Message, p.Code))
	}
	if len(doc.Problems) > 0 {
		return out
	}
	at := func(field string) pop.Pos {
		if p, ok := doc.ValuePos(field); ok {
			return p
		}
		return pop.Pos{Line: 1, Col: 1}
	}
	if doc.Kind != pop.KindPOP {
		out = append(out, fmt.Sprintf("%s: error: kind is %q; only a POP (kind: pop) is signed", at("kind"), doc.Kind))
	}
	for _, f := range []struct{ name, id string }{{"employee", doc.Employee}, {"manager", doc.Manager}} {
		if f.id == "" {
			out = append(out, fmt.Sprintf("%s: error: %s is missing", at(f.name), f.name))
		} else if _, ok := people.Get(f.id); !ok {
			out = append(out, fmt.Sprintf("%s: error: %s %s is not in the people registry", at(f.name), f.name, f.id))
		}
	}
	return out
}
