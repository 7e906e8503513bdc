package popcmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/diff"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
)

type diffOptions struct {
	Base, Head string
	Format     string
	Color      bool
	// Identity is --identity. Sealed text is shown only with it, or in
	// text on a terminal: never in CI (SPEC §10).
	Identity string
	Terminal bool
}

func diffCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "show what changed in the agreements between two revisions",
		ArgsUsage: "BASE [HEAD]",
		Description: `For each POP changed between BASE and HEAD (default HEAD): goals added
or removed, fields changed (old → new), progress updates added, body
sections rewritten, sign-offs made between the revisions, and whether
the earlier sign-offs still hold. Unchanged goals are not listed.
--format markdown is made for a pull-request comment or
$GITHUB_STEP_SUMMARY. Always exits 0 when the revisions can be read.

Sealed POPs are shown in clear when one of your keys opens them, but only
on a terminal (text format) or with --identity given: never in a CI log
or a job summary, even with POP_IDENTITY set. Otherwise a sealed POP
shows the changes of its clear fields, and a change of its sealed
agreement is named without its text.

` + identityHelp + `

` + exitStatusHelp,
		Flags: []cli.Flag{formatFlag("text", "json", "markdown"), identityFlag},
		Action: func(c *cli.Context) error {
			if c.NArg() < 1 || c.NArg() > 2 {
				return usagef("pop diff BASE [HEAD], for example pop diff origin/main", "pop diff takes BASE and optionally HEAD")
			}
			format, err := checkFormat(c, "text", "json", "markdown")
			if err != nil {
				return err
			}
			g := globals(c)
			r, err := g.open(env)
			if err != nil {
				return err
			}
			return runDiff(c.Context, env, r, diffOptions{Base: c.Args().Get(0), Head: c.Args().Get(1), Format: format, Color: g.color(env),
				Identity: c.String("identity"), Terminal: format == "text" && env.Terminal(env.Stdout)})
		},
	}
}

func runDiff(ctx context.Context, env *Env, r *repo.Repo, o diffOptions) error {
	if o.Head == "" {
		o.Head = "HEAD"
	}
	dopts := diff.Options{Repo: r, Base: o.Base, Head: o.Head}
	if o.Identity != "" || o.Terminal {
		open := newOpener(env, r, o.Identity)
		defer open.Warn("pop diff")
		dopts.Open = open.Open
	}
	res, err := diff.Run(ctx, dopts)
	if errors.Is(err, repo.ErrNoGit) {
		return withHint(err, "pop diff compares git revisions; run it inside the repository's work tree")
	}
	if err != nil {
		return withHint(err, "name revisions git knows, such as main, origin/main or HEAD~1")
	}
	if res.SignOffErr != nil {
		fmt.Fprintf(env.Stderr, "pop: warning: sign-offs not judged: %v\n", res.SignOffErr)
	}
	files := res.Files
	switch o.Format {
	case "json":
		return report.WriteDiffJSON(env.Stdout, o.Base, o.Head, files)
	case "markdown":
		return report.WriteDiffMarkdown(env.Stdout, o.Base, o.Head, files)
	}
	return report.WriteDiffText(env.Stdout, files, report.Style{Color: o.Color})
}
