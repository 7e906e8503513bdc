package popcmd

import "github.com/popdev/pop/internal/progress"

// startProgress starts a progress bar of total steps on stderr (total
// below zero: of unknown length). It draws only when stderr is a terminal
// and CI is not set, so no CI log or pipe ever carries it. It returns env
// with stderr wrapped so that a warning printed during the run clears the
// bar first; the caller ends the bar with Done.
func startProgress(env *Env, total int, label string) (*progress.Bar, *Env) {
	tty := env.Terminal(env.Stderr) && env.Getenv("CI") == ""
	bar := progress.New(env.Stderr, tty, total, label)
	e := *env
	e.Stderr = bar.Wrap(env.Stderr)
	return bar, &e
}
