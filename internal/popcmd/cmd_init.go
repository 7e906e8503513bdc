package popcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/repo"
)

type initOptions struct {
	Dir  string
	Lang string
}

func initCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "start a POP repository in the current folder",
		ArgsUsage: " ",
		Description: `Writes .pop.yaml, an empty people registry (.pop/people.yaml) and an
empty allowed-signers file (.pop/allowed_signers). It never overwrites:
when any of them exists, nothing is written.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "lang", Value: "nl", Usage: "language of new POPs: nl or en"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("run pop init in the folder to set up, or pass --repo DIR", "pop init takes no arguments")
			}
			return runInit(c.Context, env, initOptions{Dir: globals(c).dir(env), Lang: c.String("lang")})
		},
	}
}

func runInit(_ context.Context, env *Env, o initOptions) error {
	if o.Lang != "nl" && o.Lang != "en" {
		return usagef("use --lang nl or --lang en", "--lang %q is not nl or en", o.Lang)
	}
	cfg := repo.DefaultConfig()
	files := []struct {
		rel  string
		data string
	}{
		{repo.ConfigFile, configTemplate(o.Lang)},
		{cfg.People, peopleHeader},
		{cfg.AllowedSigners, signersHeader},
	}
	for _, f := range files {
		p := filepath.Join(o.Dir, filepath.FromSlash(f.rel))
		if _, err := os.Stat(p); err == nil {
			return withHint(fmt.Errorf("%s already exists; nothing was written", f.rel), "pop init never overwrites; edit the existing files instead")
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("check %s: %w", f.rel, err)
		}
	}
	for _, f := range files {
		if err := writeNew(filepath.Join(o.Dir, filepath.FromSlash(f.rel)), []byte(f.data), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", f.rel, err)
		}
		fmt.Fprintln(env.Stdout, f.rel)
	}
	if _, err := os.Stat(filepath.Join(o.Dir, ".git")); err != nil {
		fmt.Fprintln(env.Stderr, "pop: hint: this folder is not a git repository yet; sign-off needs one: git init")
	}
	fmt.Fprintln(env.Stderr, "pop: hint: next, add people with pop person add ID --name NAME --email EMAIL")
	return nil
}

func configTemplate(lang string) string {
	return `# pop configuration. This folder is the root of the POP repository.
# Every key is optional; the values below are the defaults.
lang: ` + lang + `                     # language of new POPs: nl or en
dir: pop                     # POPs live in <dir>/<person-id>/<YYYY-MM-DD>.md
people: .pop/people.yaml     # the people registry
allowed_signers: .pop/allowed_signers   # SSH keys that may sign off, git's format
openpgp_keys: .pop/keys      # OpenPGP public keys (*.asc) that may sign off
horizon: 12m                 # goals are planned at most this far after the conversation
overdue:
  unsigned_after: 14d        # a POP should be signed by both within this time
  conversation_every: 12m    # when a POP has no next_conversation, talk again after this
# rules:                     # per rule: error, warning or off
#   section-unanswered: warning
`
}

const peopleHeader = `# The people registry: one entry per person.
#   - id: jan-peeters          # slug: lowercase letters, digits, hyphens
#     name: Jan Peeters
#     email: jan@example.com   # sign-off identifies people by this email
#     manager: an-janssens     # id of their manager
# Add people with: pop person add ID --name NAME --email EMAIL [--manager ID]
`

const signersHeader = `# SSH keys that may sign off POPs, in git's allowed-signers format:
#   jan@example.com namespaces="git" ssh-ed25519 AAAA...
# Add keys with: pop person add ... --ssh-key FILE.pub
`
