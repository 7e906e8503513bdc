package popcmd

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cpuguy83/go-md2man/v2/md2man"
	"github.com/urfave/cli/v2"
)

// The command reference is generated from the command table, so that it
// never says other than pop --help: docs/commands.md for the web and
// docs/pop.1 for man. TestDocs fails when either is stale; regenerate
// them with
//
//	go run ./cmd/pop gen-docs docs
const (
	docsMarkdown = "commands.md"
	docsMan      = "pop.1"
)

func genDocsCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "gen-docs",
		Hidden:    true,
		Usage:     "write the command reference (commands.md) and the man page (pop.1) into DIR",
		ArgsUsage: "DIR",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("go run ./cmd/pop gen-docs docs", "pop gen-docs takes one DIR")
			}
			dir := c.Args().First()
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(env.Dir, dir)
			}
			docs, err := generateDocs(c.Context, env)
			if err != nil {
				return err
			}
			for _, name := range []string{docsMarkdown, docsMan} {
				if err := os.WriteFile(filepath.Join(dir, name), docs[name], 0o644); err != nil {
					return err
				}
				fmt.Fprintln(env.Stdout, filepath.Join(dir, name))
			}
			return nil
		},
	}
}

// docCommand is one command of the reference: its path below pop and
// the help pop prints for it.
type docCommand struct {
	Path  string // "person add"
	Usage string
	Help  string
}

// generateDocs returns the reference and the man page by file name.
func generateDocs(ctx context.Context, env *Env) (map[string][]byte, error) {
	top, err := helpOf(ctx, env, nil)
	if err != nil {
		return nil, err
	}
	var cmds []docCommand
	var walk func(list []*cli.Command, path []string) error
	walk = func(list []*cli.Command, path []string) error {
		for _, c := range list {
			if c.Hidden {
				continue
			}
			p := append(append([]string{}, path...), c.Name)
			help, err := helpOf(ctx, env, p)
			if err != nil {
				return err
			}
			cmds = append(cmds, docCommand{Path: strings.Join(p, " "), Usage: c.Usage, Help: help})
			if err := walk(c.Subcommands, p); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(newApp(env).Commands, nil); err != nil {
		return nil, err
	}
	app := newApp(env)
	return map[string][]byte{
		docsMarkdown: commandsMarkdown(top, cmds),
		docsMan:      md2man.Render(manMarkdown(app, top, cmds)),
	}, nil
}

// helpOf returns what pop PATH --help prints, without the version, which
// differs from build to build.
func helpOf(ctx context.Context, env *Env, path []string) (string, error) {
	var out, errb bytes.Buffer
	e := *env
	e.Stdout, e.Stderr = &out, &errb
	app := newApp(&e)
	app.Version = ""
	app.Flags = append(app.Flags, cli.VersionFlag) // which an empty Version hides
	args := append(append([]string{"pop"}, path...), "--help")
	if code := run(ctx, &e, app, args); code != ExitClean {
		return "", fmt.Errorf("pop %s --help: exit %d: %s", strings.Join(path, " "), code, errb.String())
	}
	return strings.TrimRight(out.String(), "\n") + "\n", nil
}

func anchor(path string) string {
	return "pop-" + strings.ReplaceAll(path, " ", "-")
}

func commandsMarkdown(top string, cmds []docCommand) []byte {
	var b bytes.Buffer
	b.WriteString(`# pop command reference

<!-- Generated from pop's command definitions by: go run ./cmd/pop gen-docs docs
     Do not edit; TestDocs in internal/popcmd fails when this file is stale. -->

This is what ` + "`pop help COMMAND`" + ` (or ` + "`pop COMMAND --help`" + `) prints, for
every command. ` + "`man ./docs/pop.1`" + ` shows the same as a man page. Results go
to stdout, messages to stderr; each command's EXIT STATUS says what its
exit codes mean.

| command | what it does |
| --- | --- |
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "| [`pop %s`](#%s) | %s |\n", c.Path, anchor(c.Path), strings.ReplaceAll(c.Usage, "|", `\|`))
	}
	b.WriteString("\n## pop\n\n```text\n" + top + "```\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "\n## pop %s\n\n```text\n%s```\n", c.Path, c.Help)
	}
	return b.Bytes()
}

// manMarkdown is the man page in go-md2man's Markdown.
func manMarkdown(app *cli.App, top string, cmds []docCommand) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%% pop 1\n\n# NAME\n\npop - %s\n\n", app.Usage)
	b.WriteString("# SYNOPSIS\n\n**pop** [*global options*] *command* [*options*] [*arguments*]\n\n")
	b.WriteString("# DESCRIPTION\n\n")
	b.WriteString(indent(top))
	b.WriteString("\n# COMMANDS\n\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "## pop %s\n\n%s\n\n%s\n", c.Path, c.Usage, indent(c.Help))
	}
	b.WriteString(`# EXIT STATUS

0 clean: nothing to report; 1 findings: problems, overdue items or failed
verification, where the command's own EXIT STATUS above says so; 2 usage or
setup error: bad flag or argument, no .pop.yaml, unreadable file.

# SEE ALSO

**git**(1), **git-verify-commit**(1), **ssh-keygen**(1), **gpg**(1)
`)
	return b.Bytes()
}

// indent makes text a Markdown code block.
func indent(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if line == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("    " + line + "\n")
	}
	return b.String()
}
