package popcmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/progress"
	"github.com/popdev/pop/internal/seal"
)

type demoOptions struct {
	Dir    string // "" for a new temporary folder
	Today  pop.Date
	People int
	NoGit  bool
	Tour   bool
	NoSeal bool
}

func demoCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "demo",
		Usage:     "build a sample team repository and show pop at work on it",
		ArgsUsage: "[DIR]",
		Description: `Builds a sample POP repository in DIR (default: a new temporary folder):
a git repository with a registry of six people, POPs in Dutch and English
with goals in different states, a preparation note, a follow-up that is
overdue and one coming up, and sign-offs made with throwaway SSH keys
(one POP agreed, one signed by the employee only, one disagreed, one
changed after sign-off; the private keys are in .git/pop-demo-keys). The
POPs and prep notes are sealed to those keys (seal: true), and the tour
shows side by side what CI and the team see — the clear fields — and what
the employee sees with pop show; --no-seal writes everything in clear.
Then it runs the main commands on it. The same --as-of day gives the same
files in clear; the keys, the sealed blocks and the sign-off commits
differ from run to run.

--people N builds a generated team of N employees instead, for
benchmarks; --no-git writes only the files.

` + exitStatusHelp,
		Flags: []cli.Flag{
			asOfFlag,
			&cli.IntFlag{Name: "people", Usage: "generate a team of `N` employees with one POP each"},
			&cli.BoolFlag{Name: "no-git", Usage: "write the files only, without a git history"},
			&cli.BoolFlag{Name: "no-tour", Usage: "build the repository without running commands on it"},
			&cli.BoolFlag{Name: "no-seal", Usage: "write the sample POPs in clear (seal: false)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usagef("pop demo [DIR]", "pop demo takes at most one DIR")
			}
			t, err := today(env, c.String("as-of"))
			if err != nil {
				return err
			}
			dir := c.Args().First()
			if dir != "" && !filepath.IsAbs(dir) {
				dir = filepath.Join(env.Dir, dir)
			}
			if c.Int("people") < 0 {
				return usagef("", "--people must be 0 or more")
			}
			return runDemo(c.Context, env, demoOptions{Dir: dir, Today: t, People: c.Int("people"),
				NoGit: c.Bool("no-git"), Tour: !c.Bool("no-tour") && c.Int("people") == 0, NoSeal: c.Bool("no-seal")})
		},
	}
}

func runDemo(ctx context.Context, env *Env, o demoOptions) error {
	if o.Dir == "" {
		d, err := os.MkdirTemp("", "pop-demo-")
		if err != nil {
			return err
		}
		o.Dir = d
	}
	opts := demo.Options{Today: o.Today, People: o.People, NoGit: o.NoGit, Seal: !o.NoSeal}
	if o.People > 0 {
		// A generated team takes seconds to write and to commit: a bar
		// for the files, then a spinner while git stages them.
		var bar *progress.Bar
		stage := ""
		opts.Step = func(s string) {
			if s != stage {
				bar.Done()
				bar, stage = nil, s
				switch s {
				case demo.StageWrite:
					bar, _ = startProgress(env, o.People, "writing POPs")
				case demo.StageCommit:
					bar, _ = startProgress(env, -1, "committing")
				}
			}
			bar.Add(1)
		}
	}
	res, err := demo.Build(o.Dir, opts)
	if opts.Step != nil {
		opts.Step("") // the bar ends before the results are printed
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Built a sample POP repository in %s\n", res.Dir)
	fmt.Fprintf(env.Stdout, "  %d people, %d POP files\n", len(res.Team), len(res.Files))
	if !o.Tour {
		return nil
	}
	// Commands that depend on today run on the demo's day; --as-of is
	// shown only when that is not today.
	var asOf []string
	if !o.Today.Equal(pop.DateOf(env.Now())) {
		asOf = []string{"--as-of", o.Today.String()}
	}
	if !o.NoGit {
		// The rendered site is output, not part of the sample's history:
		// keep it out of git status.
		if err := excludeFromGit(res.Dir, "/site/"); err != nil {
			return err
		}
	}
	tour := [][]string{
		{"person", "list"},
		{"check"},
		{"verify", "--reasons"},
		append([]string{"overdue", "--within", "14d"}, asOf...),
		append([]string{"status"}, asOf...),
		{"summary"},
		{"render", "--all", "--out", "site", "--as-of", o.Today.String()},
	}
	for _, args := range tour {
		fmt.Fprintf(env.Stdout, "\n$ pop %s\n", strings.Join(args, " "))
		sub := *env
		sub.Dir = res.Dir
		Run(ctx, &sub, append([]string{"pop", "--repo", res.Dir}, args...))
		if args[0] == "check" {
			sealedTour(ctx, env, res)
		}
	}
	fmt.Fprintf(env.Stdout, "\nOpen the team's reports in a browser: %s\n", filepath.Join(res.Dir, "site", "index.html"))
	fmt.Fprintf(env.Stdout, "\nFiles:\n")
	for _, f := range res.Files {
		fmt.Fprintf(env.Stdout, "  %s\n", f)
	}
	fmt.Fprintf(env.Stdout, "\nTry next (with pop on your PATH: go install ./cmd/pop in a clone of pop):\n  cd %s\n  pop new jan-peeters --kind prep\n  pop new lotte-de-smet --date %s\n", res.Dir, o.Today)
	fmt.Fprintf(env.Stdout, "  git config user.email an.janssens@example.com\n  git config gpg.format ssh\n  git config user.signingkey %s/an-janssens\n  pop sign pop/lotte-de-smet/%s.md --agree\n",
		demo.KeyDir, o.Today.AddDays(-20))
	return nil
}

// sealedTour shows one sealed POP twice: as CI and the team see it (the
// file: clear fields and armor) and as its employee sees it (pop show
// with the employee's throwaway key).
func sealedTour(ctx context.Context, env *Env, res *demo.Result) {
	rel := ""
	for _, f := range res.Files {
		if strings.HasPrefix(f, "pop/jan-peeters/") && !strings.Contains(f, "-prep") && f > rel {
			rel = f
		}
	}
	data, err := os.ReadFile(filepath.Join(res.Dir, filepath.FromSlash(rel)))
	if rel == "" || err != nil || !seal.IsSealed(data) {
		return
	}
	// The clear front matter and the first lines of each block.
	var shown []string
	armor := 0
	for _, l := range strings.SplitAfter(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "-----BEGIN"):
			armor = 1
			shown = append(shown, l)
		case strings.HasPrefix(l, "-----END"):
			shown = append(shown, "…\n", l)
			armor = 0
		case armor > 0 && armor < 3:
			armor++
			shown = append(shown, l)
		case armor == 0:
			shown = append(shown, l)
		}
	}
	fmt.Fprintf(env.Stdout, "\nWhat CI and the whole team see: %s is sealed; its clear fields are enough for check, overdue and verify.\n$ cat %s\n%s", rel, rel, strings.Join(shown, ""))
	key := filepath.Join(demo.KeyDir, "jan-peeters")
	fmt.Fprintf(env.Stdout, "\nWhat jan-peeters (and an-janssens, the manager) see with their key:\n$ pop show %s --identity %s\n", rel, key)
	sub := *env
	sub.Dir = res.Dir
	Run(ctx, &sub, []string{"pop", "--repo", res.Dir, "show", rel, "--identity", key})
}

// excludeFromGit adds pattern to the repository's .git/info/exclude.
func excludeFromGit(dir, pattern string) error {
	p := filepath.Join(dir, ".git", "info", "exclude")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, pattern); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
