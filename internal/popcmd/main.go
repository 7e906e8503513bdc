// Package popcmd is the pop command line: the command table, the options
// of each command, and the one place where errors become exit codes. It is
// the only package that knows about urfave/cli.
package popcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/safe"
	"github.com/popdev/pop/internal/suggest"
)

// Exit codes, the same for every command.
const (
	ExitClean    = 0 // nothing to report
	ExitFindings = 1 // problems, overdue items or failed verification found
	ExitUsage    = 2 // usage or setup error: bad flag, no config, unreadable file
)

// exitStatusHelp is the EXIT STATUS of pop as a whole. A command's
// description ends with it; newApp puts the command's own from
// exitStatuses in its place.
const exitStatusHelp = `EXIT STATUS
   0  clean: nothing to report
   1  findings: problems, overdue items or failed verification
   2  usage or setup error: bad flag or argument, no .pop.yaml, unreadable file`

// Env is everything a command touches outside its arguments, so that
// tests can run commands against buffers, a fixed clock and a temporary
// directory.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Dir    string // working directory
	Getenv func(string) string
	Now    func() time.Time
	// Terminal reports whether w is an interactive terminal.
	Terminal func(w io.Writer) bool
}

// Main runs pop with the process's arguments and environment and returns
// the exit code.
func Main(args []string) int {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(os.Stderr, "pop: error: %v\n", err)
		return ExitUsage
	}
	env := &Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Dir: dir, Getenv: os.Getenv, Now: time.Now, Terminal: isTerminal,
	}
	return Run(context.Background(), env, args)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// errFindings ends a command that printed its findings: exit 1, no message.
var errFindings = errors.New("findings")

// usageError is a wrong command line: exit 2.
type usageError struct {
	msg  string
	hint string
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Hint() string  { return e.hint }

func usagef(hint, format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...), hint: hint}
}

// hintError wraps an error with a hint for the user.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }
func (e *hintError) Hint() string  { return e.hint }

func withHint(err error, hint string) error { return &hintError{err: err, hint: hint} }

// Run runs pop with args (args[0] is the program name) and returns the
// exit code. It is the only function that decides exit codes.
func Run(ctx context.Context, env *Env, args []string) int {
	if len(args) > 1 && args[1] == completeCommand {
		return runComplete(env, args[2:])
	}
	return run(ctx, env, newApp(env), args)
}

// run runs app with args and returns the exit code.
func run(ctx context.Context, env *Env, app *cli.App, args []string) int {
	err := app.RunContext(ctx, reorder(app, args))
	var hinted interface{ Hint() string }
	switch {
	case err == nil:
		return ExitClean
	case errors.Is(err, errFindings):
		return ExitFindings
	default:
		// An error names files and values from the repository: its
		// control characters show instead of acting on the terminal.
		fmt.Fprintf(env.Stderr, "pop: error: %s\n", safe.TermLines(lowerFirst(err.Error())))
		if errors.As(err, &hinted) && hinted.Hint() != "" {
			fmt.Fprintf(env.Stderr, "pop: hint: %s\n", safe.TermLines(hinted.Hint()))
		}
		return ExitUsage
	}
}

func lowerFirst(s string) string {
	s = strings.TrimSuffix(s, ".")
	if s == "" || (len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z') {
		return s // an acronym such as "YAML" stays as it is
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func newApp(env *Env) *cli.App {
	app := &cli.App{
		Name:    "pop",
		Usage:   "personal development plans as Markdown in git",
		Version: version(),
		Description: `pop keeps personal development plans (POPs) as Markdown files with YAML
front matter in a git repository, checks them, follows up on them and
records sign-off as signed commits.

` + exitStatusHelp,
		Reader:    env.Stdin,
		Writer:    env.Stdout,
		ErrWriter: env.Stderr,
		// Completion is pop's own (pop __complete, in cmd_completion.go):
		// urfave/cli's cannot complete flag values or tell "--manager<TAB>"
		// from "--manager <TAB>".
		EnableBashCompletion: false,
		HideHelpCommand:      true, // pop's own help command is in the table
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "repo", Usage: "use the POP repository at `DIR` instead of searching up from the working directory"},
			&cli.BoolFlag{Name: "no-color", Usage: "never colour output (also: NO_COLOR=1)"},
			// urfave/cli adds --help only when it adds its own help command.
			cli.HelpFlag,
		},
		Commands: append(commands(env), helpCommand(), genDocsCommand(env)),
		// pop decides exit codes itself, in Run; urfave/cli must neither
		// exit nor print usage errors to stdout.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError:   onUsageError,
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return unknownCommand(c.Args().First(), c.App.Commands)
			}
			return cli.ShowAppHelp(c)
		},
	}
	for _, cmd := range app.Commands {
		setup(cmd, cmd.Name)
	}
	return app
}

// setup gives every command, at any depth, what pop does the same way
// for all: usage errors through onUsageError, its own EXIT STATUS in its
// help (a group such as pop person runs nothing itself), and no "help"
// subcommand (pop help CMD is the one help command;
// a leaf command's argument may well be called "help").
func setup(cmd *cli.Command, path string) {
	cmd.OnUsageError = onUsageError
	cmd.HideHelpCommand = true
	if len(cmd.Subcommands) == 0 {
		cmd.Description = withExitStatus(cmd.Description, path)
	}
	for _, sub := range cmd.Subcommands {
		setup(sub, path+" "+sub.Name)
	}
	if len(cmd.Subcommands) > 0 && cmd.Action == nil {
		cmd.Action = func(c *cli.Context) error {
			if c.Args().Present() {
				return unknownCommand(c.Args().First(), cmd.Subcommands)
			}
			return usagef("run pop "+cmd.Name+" --help", "pop %s needs a subcommand", cmd.Name)
		}
	}
}

func onUsageError(c *cli.Context, err error, _ bool) error {
	msg := err.Error()
	hint := "run " + c.Command.HelpName + " --help"
	if c.Command.HelpName == "" {
		hint = "run pop --help"
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		name = strings.TrimPrefix(name, "-")
		var names []string
		for _, f := range c.Command.Flags {
			names = append(names, f.Names()...)
		}
		if c.Command.Name == "" {
			for _, f := range c.App.Flags {
				names = append(names, f.Names()...)
			}
		}
		if s := suggest.Closest(name, names); s != "" {
			hint = "did you mean --" + s + "?"
		}
		msg = "unknown flag --" + name
	}
	return &usageError{msg: msg, hint: hint}
}

func unknownCommand(name string, cmds []*cli.Command) error {
	var names []string
	for _, c := range cmds {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	hint := "run pop --help to see the commands"
	if s := suggest.Closest(name, names); s != "" {
		hint = "did you mean " + s + "?"
	}
	return usagef(hint, "unknown command %q", name)
}

// reorder lets flags follow positional arguments, as users type them
// ("pop new jan --date 2026-11-20"): urfave/cli v2 stops reading flags at
// the first argument. Global flags move to the front, the command's flags
// after the command names, then the arguments. Everything after "--" stays
// an argument.
func reorder(app *cli.App, args []string) []string {
	if len(args) < 2 || args[len(args)-1] == "--generate-bash-completion" {
		return args
	}
	var global, names, flags, positional []string
	globalFlags := app.Flags
	var cmdFlags []cli.Flag
	var sub []*cli.Command = app.Commands
	takesValue := func(fs []cli.Flag, name string) (bool, bool) {
		for _, f := range fs {
			for _, n := range f.Names() {
				if n == name {
					_, isBool := f.(*cli.BoolFlag)
					return !isBool, true
				}
			}
		}
		return false, false
	}
	rest := args[1:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			positional = append(positional, rest[i:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			dest := &flags
			needs, known := takesValue(cmdFlags, name)
			if (name == "help" || name == "h") && len(names) > 0 {
				// Every command has --help, though not in its Flags: it
				// asks for the help of the command named, not the app's.
				known = true
			}
			if !known {
				if n, g := takesValue(globalFlags, name); g {
					needs, known, dest = n, true, &global
				}
			}
			if !known && len(names) == 0 {
				dest = &global
			}
			*dest = append(*dest, a)
			if needs && !hasValue && i+1 < len(rest) {
				i++
				*dest = append(*dest, rest[i])
			}
			continue
		}
		if len(positional) == 0 {
			if cmd := findCommand(sub, a); cmd != nil {
				names = append(names, a)
				cmdFlags, sub = cmd.Flags, cmd.Subcommands
				continue
			}
		}
		positional = append(positional, a)
	}
	if len(positional) > 0 && positional[0] != "--" {
		for _, p := range positional {
			if strings.HasPrefix(p, "-") && p != "-" {
				positional = append([]string{"--"}, positional...)
				break
			}
		}
	}
	out := append([]string{args[0]}, global...)
	out = append(out, names...)
	out = append(out, flags...)
	return append(out, positional...)
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// helpCommand is pop help [COMMAND...]: the same help as pop COMMAND
// --help, so that there is one text per command.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Usage:     "show the help of pop or of a command",
		ArgsUsage: "[COMMAND [SUBCOMMAND]]",
		Description: `pop help CMD shows the same help as pop CMD --help; pop help alone the
list of commands.`,
		Action: func(c *cli.Context) error {
			names := c.Args().Slice()
			cmds := c.App.Commands
			for _, n := range names {
				cmd := findCommand(cmds, n)
				if cmd == nil || cmd.Hidden {
					return unknownCommand(n, cmds)
				}
				cmds = cmd.Subcommands
			}
			if len(names) == 0 {
				return cli.ShowAppHelp(c)
			}
			args := append([]string{c.App.Name}, names...)
			return c.App.RunContext(c.Context, append(args, "--help"))
		},
	}
}
