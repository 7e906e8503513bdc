package popcmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// commands is the command table.
func commands(env *Env) []*cli.Command {
	return []*cli.Command{
		initCommand(env),
		personCommand(env),
		newCommand(env),
		checkCommand(env),
		signCommand(env),
		verifyCommand(env),
		overdueCommand(env),
		statusCommand(env),
		calendarCommand(env),
		summaryCommand(env),
		diffCommand(env),
		renderCommand(env),
		demoCommand(env),
		sealCommand(env),
		unsealCommand(env),
		showCommand(env),
		editCommand(env),
		resealCommand(env),
		shareCommand(env),
		doctorCommand(env),
		completionCommand(env),
		versionCommand(env),
	}
}

// global is what every command may use of the global flags.
type global struct {
	Repo    string // --repo, or "" to search from the working directory
	NoColor bool
}

func globals(c *cli.Context) global {
	// Only the app defines these flags, so the lookup finds them there.
	return global{Repo: c.String("repo"), NoColor: c.Bool("no-color")}
}

// dir returns the folder --repo names, or the working directory.
func (g global) dir(env *Env) string {
	if g.Repo == "" {
		return env.Dir
	}
	if filepath.IsAbs(g.Repo) {
		return g.Repo
	}
	return filepath.Join(env.Dir, g.Repo)
}

// open finds and reads the POP repository; a missing or bad .pop.yaml is
// a setup error with a hint.
func (g global) open(env *Env) (*repo.Repo, error) {
	dir := g.dir(env)
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("repository folder %s: %w", dir, errors.Unwrap(err))
	}
	r, err := repo.Open(dir)
	var cerr *repo.ConfigError
	switch {
	case errors.Is(err, repo.ErrNoConfig):
		return nil, withHint(fmt.Errorf("no %s in %s or any folder above it", repo.ConfigFile, dir), "run pop init to start a POP repository, or pass --repo DIR")
	case errors.As(err, &cerr):
		return nil, withHint(err, cerr.Hint)
	}
	return r, err
}

// color reports whether output to env.Stdout may use ANSI colours.
func (g global) color(env *Env) bool {
	return !g.NoColor && env.Getenv("NO_COLOR") == "" && env.Terminal(env.Stdout)
}

// today returns the local date, or the --as-of date when given.
func today(env *Env, asOf string) (pop.Date, error) {
	if asOf == "" {
		return pop.DateOf(env.Now()), nil
	}
	d, err := pop.ParseDate(asOf)
	if err != nil {
		return pop.Date{}, usagef("write --as-of as YYYY-MM-DD", "--as-of: %v", err)
	}
	return d, nil
}

var asOfFlag = &cli.StringFlag{Name: "as-of", Usage: "take `DATE` (YYYY-MM-DD) as today"}

// writeNew creates a file that must not exist yet, with its folders.
// It never overwrites: an existing file is an error.
func writeNew(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// replaceFile writes data to path through a temporary file and a rename,
// so that a crash never leaves a half-written registry.
func replaceFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// display returns how to show a root-relative path to the user: relative
// to the working directory when that is shorter, so it can be pasted into
// the next command.
func display(env *Env, r *repo.Repo, rel string) string {
	p, err := filepath.Rel(env.Dir, r.Abs(rel))
	if err != nil {
		return rel
	}
	return filepath.ToSlash(p)
}
