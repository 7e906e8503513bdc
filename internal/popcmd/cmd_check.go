package popcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/check"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
)

type checkOptions struct {
	Paths  []string // absolute; none for the whole repository
	Format string
	Strict bool // warnings fail too
	Color  bool
	// Grouped groups findings per file with a summary, for a terminal.
	Grouped bool
}

var checkFormats = []string{"text", "json", "github", "sarif", "codequality"}

func checkCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "check POPs, the people registry and .pop.yaml against pop's rules",
		ArgsUsage: "[PATH...]",
		Description: `Checks every POP and preparation note under the POP folder, the people
registry and the rules in .pop.yaml, or only the files and folders given.
Each finding names the file, line and column, a severity and a rule id;
.pop.yaml's rules: sets a rule to error, warning or off. Markdown files
outside the POP folder are checked only when they have a pop: field, so
a pre-commit hook may pass every changed file. Symbolic links are not
followed out of the repository.

Formats: text (path:line:col: severity: message [rule]; grouped and
coloured on a terminal), json, github (workflow annotations), sarif
(2.1.0, for code scanning) and codequality (a GitLab Code Quality report:
rule, message, file and line, no plan text).

Errors exit 1; warnings alone exit 0, or 1 with --strict.

` + exitStatusHelp,
		Flags: []cli.Flag{
			formatFlag(checkFormats...),
			&cli.BoolFlag{Name: "strict", Usage: "exit 1 on warnings too"},
		},
		Action: func(c *cli.Context) error {
			format, err := checkFormat(c, checkFormats...)
			if err != nil {
				return err
			}
			g := globals(c)
			groups, err := checkRoots(env, g, c.Args().Slice())
			if err != nil {
				return err
			}
			failed := false
			for _, gr := range groups {
				err := runCheck(c.Context, env, gr.r, checkOptions{
					Paths: gr.paths, Format: format, Strict: c.Bool("strict"),
					Color: g.color(env), Grouped: env.Terminal(env.Stdout),
				})
				switch {
				case errors.Is(err, errFindings):
					failed = true
				case err != nil:
					return err
				}
			}
			if failed {
				return errFindings
			}
			return nil
		},
	}
}

// checkGroup is a POP repository and the paths to check in it.
type checkGroup struct {
	r     *repo.Repo
	paths []string // absolute; none for the whole repository
}

// checkRoots finds the POP repository of each path given. Without
// --repo, each path's own .pop.yaml counts, found by walking up from the
// path: a pre-commit hook runs at the top of the git repository and
// passes paths into a POP root that may be a sub-folder (SPEC §9).
// Paths outside any POP root go to the working directory's.
func checkRoots(env *Env, g global, args []string) ([]checkGroup, error) {
	var groups []checkGroup
	var base *repo.Repo
	baseRepo := func() (*repo.Repo, error) {
		if base == nil {
			r, err := g.open(env)
			if err != nil {
				return nil, err
			}
			base = r
		}
		return base, nil
	}
	if len(args) == 0 {
		r, err := baseRepo()
		if err != nil {
			return nil, err
		}
		return []checkGroup{{r: r}}, nil
	}
	index := map[string]int{}
	for _, arg := range args {
		p := arg
		if !filepath.IsAbs(p) {
			p = filepath.Join(env.Dir, p)
		}
		info, err := os.Lstat(p)
		if err != nil {
			hint := "pass files or folders inside the POP repository"
			if r, err := baseRepo(); err == nil {
				hint += " " + r.Root
			}
			return nil, withHint(fmt.Errorf("%s: %w", arg, errors.Unwrap(err)), hint)
		}
		var r *repo.Repo
		if g.Repo == "" {
			dir := p
			if !info.IsDir() {
				dir = filepath.Dir(p)
			}
			if root, err := repo.Find(dir); err == nil {
				if i, ok := index[root]; ok {
					groups[i].paths = append(groups[i].paths, p)
					continue
				}
				if r, err = repo.OpenRoot(root); err != nil {
					return nil, err
				}
			}
		}
		if r == nil {
			if r, err = baseRepo(); err != nil {
				return nil, err
			}
		}
		if i, ok := index[r.Root]; ok {
			groups[i].paths = append(groups[i].paths, p)
			continue
		}
		index[r.Root] = len(groups)
		groups = append(groups, checkGroup{r: r, paths: []string{p}})
	}
	return groups, nil
}

func runCheck(ctx context.Context, env *Env, r *repo.Repo, o checkOptions) error {
	// Checking allocates much and keeps little: a parsed POP is dropped
	// once its findings are out. Collecting garbage less often saves CPU
	// time on 10,000 POPs; the soft memory limit makes the collector run
	// sooner when the heap nears it, which keeps the peak well under
	// 200 MB (BENCHMARKS.md).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(100 << 20))
	res, err := check.Run(ctx, r, o.Paths)
	if errors.Is(err, check.ErrOutside) || errors.Is(err, fs.ErrNotExist) {
		return withHint(err, "pass files or folders inside the POP repository "+r.Root)
	}
	if err != nil {
		return err
	}
	top := checkGitPath(r)
	switch o.Format {
	case "json":
		err = report.WriteCheckJSON(env.Stdout, res)
	case "github":
		err = report.WriteCheckGitHub(env.Stdout, res, top)
	case "codequality":
		err = report.WriteCheckCodeQuality(env.Stdout, res, top)
	case "sarif":
		err = report.WriteCheckSARIF(env.Stdout, res, report.CheckSARIFOptions{Version: version(), Path: top})
	default:
		err = report.WriteCheckText(env.Stdout, res, report.CheckTextOptions{
			Style: report.Style{Color: o.Color}, Grouped: o.Grouped,
			Path: func(rel string) string { return display(env, r, rel) },
		})
		// Said in text only: in CI formats it would be noise on every run.
		if err == nil && res.Sealed > 0 {
			fmt.Fprintf(env.Stderr, "pop: note: %s: clear fields and envelope checked, sealed text not (pop edit checks it)\n", report.CountOf(res.Sealed, "sealed file", "sealed files"))
		}
	}
	if err != nil {
		return err
	}
	if res.Count(check.Error) > 0 || (o.Strict && res.Count(check.Warning) > 0) {
		return errFindings
	}
	return nil
}

// checkGitPath returns a function that makes a root-relative path relative to
// the git work tree holding the POP repository, which is what GitHub
// annotations and code scanning resolve paths against. Without a git work
// tree above the root, paths stay root-relative.
func checkGitPath(r *repo.Repo) func(string) string {
	for d := r.Root; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			prefix, err := filepath.Rel(d, r.Root)
			if err != nil || prefix == "." {
				return nil
			}
			return func(rel string) string { return path.Join(filepath.ToSlash(prefix), rel) }
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil
		}
		d = parent
	}
}
