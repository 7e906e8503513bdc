package popcmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
	"github.com/popdev/pop/internal/signoff"
)

type verifyOptions struct {
	Paths   []string // as given
	Rev     string
	Trust   string
	Format  string
	Color   bool
	NoCache bool
}

var verifyFormats = []string{"text", "json", "github"}

func verifyCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "check the sign-offs of POPs",
		ArgsUsage: "[PATH...]",
		Description: `Reads history once, from --rev (default HEAD) and from
refs/pop/sign-offs/*, and reports the sign-off state of each POP at --rev:
unsigned, employee-signed, manager-signed, agreed, seen, disagreed,
changed (the agreement changed after a sign-off; the fields are named) or
invalid (a sign-off that does not count, and why).

People, allowed_signers and OpenPGP keys are read from --trust REV
(default: --rev). In CI on a pull request pass the base branch, so that a
pull request cannot add its own keys.

Judgments of sign-offs are kept in .git/pop/verify-cache, keyed by the
trust material and the pop program, so that a run checks only sign-offs
it has not seen; --no-cache checks every one and leaves the cache alone.

Exit status 0 only when every POP checked is agreed (or seen, with
verify.accept_seen: true in .pop.yaml). A shallow clone is an error:
fetch the whole history (actions/checkout: fetch-depth: 0).

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rev", Usage: "verify the POPs at `REV` (default HEAD)"},
			&cli.StringFlag{Name: "trust", Usage: "read people and keys from `REV` (default: --rev)"},
			&cli.BoolFlag{Name: "no-cache", Usage: "check every sign-off afresh; neither read nor write .git/pop/verify-cache"},
			formatFlag(verifyFormats...),
		},
		Action: func(c *cli.Context) error {
			format, err := checkFormat(c, verifyFormats...)
			if err != nil {
				return err
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runVerify(c.Context, env, r, verifyOptions{Paths: c.Args().Slice(), Rev: c.String("rev"),
				Trust: c.String("trust"), Format: format, Color: globals(c).color(env), NoCache: c.Bool("no-cache")})
		},
	}
}

func runVerify(ctx context.Context, env *Env, r *repo.Repo, o verifyOptions) error {
	var rels []string
	for _, p := range o.Paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(env.Dir, p)
		}
		rel, err := r.Rel(p)
		if err != nil {
			return usagef("", "%v", err)
		}
		rels = append(rels, rel)
	}
	// The POP folder, key paths and policy come from the trusted
	// .pop.yaml, never from the work tree (SPEC §6.2).
	trusted, drift, err := signoff.TrustedConfig(r, o.Rev, o.Trust)
	var rep *signoff.Report
	if err == nil {
		tr := *r
		tr.Config = trusted
		rep, err = signoff.Verify(ctx, signoff.Options{Repo: &tr, Rev: o.Rev, Trust: o.Trust, Paths: rels, NoCache: o.NoCache})
	}
	switch {
	case errors.Is(err, signoff.ErrShallow):
		return withHint(err, "fetch the whole history: git fetch --unshallow, or with actions/checkout set fetch-depth: 0")
	case errors.Is(err, signoff.ErrNoGit):
		return withHint(err, "sign-offs live in git history; run pop verify in a clone")
	case err != nil:
		return err
	}
	pass := func(s signoff.State) bool {
		return s == signoff.Agreed || (s == signoff.Seen && trusted.Verify.AcceptSeen)
	}
	rev := o.Rev
	if rev == "" {
		rev = "HEAD"
	}
	out := report.NewVerifyOutput(rev, rep.Statuses, pass)
	switch o.Format {
	case "json":
		err = report.WriteJSON(env.Stdout, out)
	case "github":
		err = report.WriteVerifyGitHub(env.Stdout, out)
	default:
		err = report.WriteVerifyText(env.Stdout, out, report.Style{Color: o.Color})
	}
	if err != nil {
		return err
	}
	if len(drift) > 0 {
		fmt.Fprintf(env.Stderr, "pop: error: %s in the work tree differs from the trusted one at %s in %s; verify used the trusted values\n",
			repo.ConfigFile, revName(o.Trust, rev), strings.Join(drift, ", "))
		fmt.Fprintf(env.Stderr, "pop: hint: change these keys in a change of their own, merged before the POPs that rely on them\n")
		return errFindings
	}
	if !out.OK {
		return errFindings
	}
	return nil
}

// revName is the revision trust is read from: --trust, else --rev.
func revName(trust, rev string) string {
	if trust != "" {
		return trust
	}
	return rev
}
