package popcmd

import (
	"context"
	"errors"
	"filippo.io/age"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
	"github.com/popdev/pop/internal/seal"
	"github.com/popdev/pop/internal/signoff"
)

type verifyOptions struct {
	Paths   []string // as given
	Rev     string
	Trust   string
	Format  string
	Color   bool
	NoCache bool
	// Reasons keeps the reasons given with sign-offs (why someone
	// disagrees): plan text, which a CI log must not carry. Set by
	// --reasons, or when stdout is a terminal and the format is text.
	Reasons bool
	Changed string // judge only POPs added or changed since the merge base with this revision
	Require string // agreed or decided
	// Identity is --identity: a key to open the sealed reasons of
	// sign-offs on sealed POPs with, when reasons are shown.
	Identity string
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

People, allowed_signers, OpenPGP keys and .pop.yaml (the POP folder, the
registry and key paths, verify.accept_seen) are read from --trust REV
(default: --rev). In CI on a pull request pass the base branch, so that a
pull request cannot add its own keys. When the work tree's .pop.yaml
differs from the trusted one in any of those keys, turns seal off or adds
readers, verify fails naming them.

Judgments of sign-offs are kept in .git/pop/verify-cache, keyed by the
trust material and the pop program, so that a run checks only sign-offs
it has not seen; --no-cache checks every one and leaves the cache alone.

A sign-off's reason (why someone disagrees) is plan text: it is printed
only with --reasons, or in text format on a terminal, never in a CI log.
On a sealed POP the reason is sealed in the commit to the POP's readers;
verify needs no key, and opens such a reason, when it prints reasons,
with your key (see pop show), or says that none of your keys opens it.

A sign-off speaks for the content it signed: a sign-off of content --rev
never held (a proposal on another branch, an abandoned pull request)
does not change a POP's state; --format json lists it under "elsewhere".

--changed BASE judges only the POPs added or changed between the merge
base of BASE and --rev: in a pull request, an unrelated POP that is
unsigned or disagreed does not fail it.

--require agreed (the default) passes a POP that both agreed (or seen,
with verify.accept_seen: true in .pop.yaml); --require decided also
passes seen and disagreed: both sides decided.

Exit status 0 only when every POP judged passes --require. A shallow
clone is an error: fetch the whole history (actions/checkout:
fetch-depth: 0). A revision git does not know is a usage error (2).

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rev", Usage: "verify the POPs at `REV` (default HEAD)"},
			&cli.StringFlag{Name: "trust", Usage: "read people and keys from `REV` (default: --rev)"},
			&cli.StringFlag{Name: "changed", Usage: "judge only POPs added or changed since the merge base with `BASE`"},
			&cli.StringFlag{Name: "require", Value: "agreed", Usage: "what passes: `agreed` (both agreed) or decided (agreed, seen or disagreed)"},
			&cli.BoolFlag{Name: "no-cache", Usage: "check every sign-off afresh; neither read nor write .git/pop/verify-cache"},
			&cli.BoolFlag{Name: "reasons", Usage: "print the reasons given with sign-offs (plan text; off in CI logs)"},
			identityFlag,
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
				Trust: c.String("trust"), Format: format, Color: globals(c).color(env), NoCache: c.Bool("no-cache"),
				Reasons: c.Bool("reasons") || (format == "text" && env.Terminal(env.Stdout)),
				Changed: c.String("changed"), Require: c.String("require"), Identity: c.String("identity")})
		},
	}
}

func runVerify(ctx context.Context, env *Env, r *repo.Repo, o verifyOptions) error {
	// AcceptSeen is set from the trusted .pop.yaml below.
	policy := signoff.Policy{Require: signoff.Require(o.Require)}
	switch policy.Require {
	case "":
		policy.Require = signoff.RequireAgreed
	case signoff.RequireAgreed, signoff.RequireDecided:
	default:
		return usagef("--require agreed, or --require decided", "--require takes agreed or decided, not %q", o.Require)
	}
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
		policy.AcceptSeen = trusted.Verify.AcceptSeen
		tr := *r
		tr.Config = trusted
		// A cold cache means a signature check per sign-off: seconds in a
		// large history, so a terminal gets a count of them.
		bar, _ := startProgress(env, -1, "verify")
		rep, err = signoff.Verify(ctx, signoff.Options{Repo: &tr, Rev: o.Rev, Trust: o.Trust, Paths: rels, NoCache: o.NoCache, Changed: o.Changed,
			Progress: func() { bar.Add(1) }})
		bar.Done()
	}
	switch {
	case errors.Is(err, signoff.ErrBadRevision):
		return withHint(err, "name a revision git knows, such as HEAD, main or origin/main; see git log")
	case errors.Is(err, signoff.ErrShallow):
		return withHint(err, "fetch the whole history: git fetch --unshallow, or with actions/checkout set fetch-depth: 0")
	case errors.Is(err, signoff.ErrNoGit):
		return withHint(err, "sign-offs live in git history; run pop verify in a clone")
	case err != nil:
		return err
	}
	rev := o.Rev
	if rev == "" {
		rev = "HEAD"
	}
	out := report.NewVerifyOutput(rev, rep.Statuses, policy.Pass)
	if !o.Reasons {
		out = out.WithoutReasons()
	} else {
		openReasons(env, r, o.Identity, out)
	}
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

// openReasons replaces each sealed reason (a disagreement on a sealed POP)
// by its text when one of the user's keys opens it, and by a note when
// none does. Identities are looked up only when there is one.
func openReasons(env *Env, r *repo.Repo, identity string, out report.VerifyOutput) {
	var (
		loaded bool
		ids    []age.Identity
	)
	for _, it := range out.Pops {
		for _, so := range []*report.VerifySignOff{it.Employee, it.Manager} {
			if so == nil || !seal.IsSealedText(so.Reason) {
				continue
			}
			if !loaded {
				loaded = true
				ids, _, _ = identities(env, r.Root, identity)
			}
			if text, err := seal.OpenText(so.Reason, ids); err == nil {
				so.Reason = text
			} else {
				so.Reason = "(sealed; none of your keys opens it)"
			}
		}
	}
}
