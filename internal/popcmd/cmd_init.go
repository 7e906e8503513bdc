package popcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"text/template"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/templates"
)

type initOptions struct {
	Dir  string
	Lang string
	CI   string // "", "github" or "gitlab"
	// Seal writes seal: true and a .gitattributes that sends POPs to the
	// pop diff driver; false writes seal: false (SPEC §8).
	Seal bool
}

func initCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "start a POP repository in the current folder",
		ArgsUsage: " ",
		Description: `Writes .pop.yaml, an empty people registry (.pop/people.yaml) and an
empty allowed-signers file (.pop/allowed_signers). It never overwrites:
when any of them exists, nothing is written.

By default POPs are sealed (seal: true): only the employee, the manager
and the readers in .pop.yaml can read their plan text, and a POP in clear
is a pop-not-sealed error. pop init then also writes .gitattributes, so
that git diff shows sealed POPs in clear through pop show --textconv once
pop doctor --fix has set the diff driver (an existing .gitattributes is
left alone: add the line pop prints). --no-seal writes seal: false, for a
repository that only the people concerned can read.

--ci github writes .github/workflows/pop.yml: on every pull request it
summarises the changed agreements (pop diff), checks the POPs and
verifies sign-offs against the base branch's keys; every Monday it lists
what is overdue. --ci gitlab writes the same as .gitlab-ci.yml, or as
.gitlab/pop.yml to include when .gitlab-ci.yml exists. In a repository
that already has .pop.yaml, --ci writes only the workflow. Either way it
prints a CODEOWNERS suggestion for who may change keys and workflow.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "lang", Value: "nl", Usage: "language of new POPs: nl or en"},
			&cli.StringFlag{Name: "ci", Usage: "also write a CI workflow: github or gitlab"},
			&cli.BoolFlag{Name: "seal", Value: true, Usage: "seal POPs (the default): seal: true and .gitattributes"},
			&cli.BoolFlag{Name: "no-seal", Usage: "keep POPs in clear: seal: false"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("run pop init in the folder to set up, or pass --repo DIR", "pop init takes no arguments")
			}
			if c.IsSet("seal") && c.Bool("seal") && c.Bool("no-seal") {
				return usagef("give one of them", "--seal and --no-seal contradict each other")
			}
			sealed := c.Bool("seal") && !c.Bool("no-seal")
			return runInit(c.Context, env, initOptions{Dir: globals(c).dir(env), Lang: c.String("lang"), CI: c.String("ci"), Seal: sealed})
		},
	}
}

func runInit(_ context.Context, env *Env, o initOptions) error {
	if o.Lang != "nl" && o.Lang != "en" {
		return usagef("use --lang nl or --lang en", "--lang %q is not nl or en", o.Lang)
	}
	if o.CI != "" && o.CI != "github" && o.CI != "gitlab" {
		return usagef("use --ci github or --ci gitlab", "--ci %q is not github or gitlab", o.CI)
	}
	cfg := repo.DefaultConfig()
	var files []newFile
	existing := exists(filepath.Join(o.Dir, repo.ConfigFile))
	if !existing {
		// Inside an existing POP root, a second one would hide part of
		// the first: say so instead of nesting (with --ci, add CI to it).
		if root, err := repo.Find(filepath.Dir(o.Dir)); err == nil {
			if o.CI == "" {
				return withHint(fmt.Errorf("%s is inside the POP repository %s; nothing was written", o.Dir, root),
					"work in "+root+" (pop finds it from any folder below), or run pop init outside it")
			}
			o.Dir, existing = root, true
		}
	}
	gitTop, inGit := gitTopLevel(o.Dir)
	if existing && o.CI != "" {
		// Adding CI to a repository that has pop already: read its
		// config for the POP folder, and write only the workflow.
		r, err := repo.OpenRoot(o.Dir)
		if err != nil {
			return err
		}
		cfg = r.Config
	} else {
		files = []newFile{
			{rel: repo.ConfigFile, data: configTemplate(o.Lang, o.Seal)},
			{rel: cfg.People, data: peopleHeader},
			{rel: cfg.AllowedSigners, data: signersHeader},
		}
		if o.Seal {
			attrs := gitattributes(cfg.Dir)
			if _, err := os.Lstat(filepath.Join(o.Dir, ".gitattributes")); err == nil {
				defer fmt.Fprintf(env.Stderr, "pop: hint: .gitattributes exists; add this line to it so that git diff shows sealed POPs in clear:\n  %s", attrs)
			} else {
				files = append(files, newFile{rel: ".gitattributes", data: attrs})
			}
		}
	}
	if o.CI != "" {
		if !inGit {
			gitTop = o.Dir
		}
		wf, err := workflowFile(gitTop, o.Dir, o.CI, cfg.Dir)
		if err != nil {
			return err
		}
		files = append(files, wf)
		if wf.version == "" {
			fmt.Fprintf(env.Stderr, "pop: warning: this pop was built without a version; set POP_VERSION in %s to the version the team uses (never latest)\n", wf.rel)
		}
	}
	for _, f := range files {
		p := f.abs(o.Dir)
		// Lstat: a link, even one that leads nowhere, is something there.
		if _, err := os.Lstat(p); err == nil {
			return withHint(fmt.Errorf("%s already exists; nothing was written", f.rel), "pop init never overwrites; edit the existing files instead")
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("check %s: %w", f.rel, err)
		}
	}
	if err := writeAll(o.Dir, files); err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(env.Stdout, f.shown(o.Dir))
	}
	if o.CI != "" {
		fmt.Fprint(env.Stderr, codeownersHint(o.CI, files[len(files)-1].rel))
		if o.CI == "gitlab" && files[len(files)-1].rel != ".gitlab-ci.yml" {
			fmt.Fprintf(env.Stderr, "pop: hint: include it from .gitlab-ci.yml, and add pop to its stages: when it lists them:\n  include:\n    - local: %s\n", files[len(files)-1].rel)
		}
	}
	if !inGit {
		fmt.Fprintln(env.Stderr, "pop: hint: this folder is not a git repository yet; sign-off needs one: git init")
	}
	if !existing {
		fmt.Fprintln(env.Stderr, "pop: hint: next, add people with pop person add ID --name NAME --email EMAIL")
	}
	return nil
}

// writeAll writes every file new, or none: when one cannot be written, the
// files and folders written before it are removed again.
func writeAll(root string, files []newFile) (err error) {
	var made []string // files and folders, in the order they were made
	defer func() {
		if err == nil {
			return
		}
		for i := len(made) - 1; i >= 0; i-- {
			os.Remove(made[i]) // a folder only if it is empty again
		}
	}()
	for _, f := range files {
		p := f.abs(root)
		var dirs []string
		for d := filepath.Dir(p); d != root && d != filepath.Dir(d); d = filepath.Dir(d) {
			if _, err := os.Lstat(d); err == nil {
				break
			}
			dirs = append(dirs, d)
		}
		for i := len(dirs) - 1; i >= 0; i-- {
			if err := os.Mkdir(dirs[i], 0o755); err != nil {
				return fmt.Errorf("write %s: %w; nothing was written", f.rel, err)
			}
			made = append(made, dirs[i])
		}
		if err := writeNew(p, []byte(f.data), 0o644); err != nil {
			return fmt.Errorf("write %s: %w; nothing was written", f.rel, err)
		}
		made = append(made, p)
	}
	return nil
}

type newFile struct {
	rel  string
	data string
	// top, when set, is the folder rel is relative to (a workflow lives
	// at the top of the git repository); else the POP root.
	top     string
	version string // for a workflow: the pop version it installs; "" when unknown
}

// shown is where the file was written, as seen from the POP root.
func (f newFile) shown(root string) string {
	if f.top == "" {
		return f.rel
	}
	rel, err := filepath.Rel(root, f.abs(root))
	if err != nil {
		return f.rel
	}
	return filepath.ToSlash(rel)
}

func (f newFile) abs(root string) string {
	if f.top != "" {
		root = f.top
	}
	return filepath.Join(root, filepath.FromSlash(f.rel))
}

// gitTopLevel returns the top folder of the git work tree holding dir:
// the nearest folder up with a .git entry (a folder, or a file in a
// worktree or submodule).
func gitTopLevel(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for d := abs; ; d = filepath.Dir(d) {
		if exists(filepath.Join(d, ".git")) {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// workflowFile fills in the CI template for system. The workflow lives at
// the top of the git repository (top); its pop commands run in the POP
// root, which may be a sub-folder of it.
func workflowFile(top, root, system, popDir string) (newFile, error) {
	tmpl, err := templates.CI(system)
	if err != nil {
		return newFile{}, err
	}
	t, err := template.New(system).Option("missingkey=error").Parse(string(tmpl))
	if err != nil {
		return newFile{}, err
	}
	sub, err := filepath.Rel(top, root)
	if err != nil || strings.HasPrefix(sub, "..") {
		sub = "."
	}
	sub = filepath.ToSlash(sub)
	prefix := ""
	if sub != "." {
		prefix = sub + "/"
	}
	rel := ".github/workflows/pop.yml"
	standalone := true
	if system == "gitlab" {
		rel = ".gitlab-ci.yml"
		if exists(filepath.Join(top, rel)) {
			rel, standalone = ".gitlab/pop.yml", false
		}
	}
	version := pinnedVersion()
	shown := version
	if shown == "" {
		shown = "dev"
	}
	var b strings.Builder
	data := map[string]any{"Module": modulePath(), "Dir": popDir, "Version": shown, "Root": sub, "Prefix": prefix, "Standalone": standalone}
	if err := t.Execute(&b, data); err != nil {
		return newFile{}, err
	}
	return newFile{rel: rel, data: b.String(), top: top, version: version}, nil
}

// pinnedVersion is the version of pop a generated workflow installs: the
// version this pop was built as (a release tag set at build time, or the
// module version go install recorded), else the commit it was built from
// (go install accepts a commit), else "" (unknown).
func pinnedVersion() string {
	if v := version(); v != "dev" && v != "" {
		return v
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return s.Value
			}
		}
	}
	return ""
}

// modulePath is the module to install pop from in CI.
func modulePath() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path != "" {
		return bi.Main.Path
	}
	return "github.com/popdev/pop"
}

func codeownersHint(system, workflow string) string {
	file := ".github/CODEOWNERS"
	if system == "gitlab" {
		file = ".gitlab/CODEOWNERS"
	}
	return "pop: hint: protect who may change keys and checks with " + file + ", for example:\n" +
		"  /.pop/            @your-org/people-leads\n" +
		"  /.pop.yaml        @your-org/people-leads\n" +
		"  /" + workflow + "  @your-org/people-leads\n" +
		"pop: hint: and require their review on the default branch (branch protection)\n"
}

// gitattributes sends the POP folder's Markdown to the pop diff driver.
func gitattributes(dir string) string {
	return dir + "/**/*.md diff=pop\n"
}

func configTemplate(lang string, sealed bool) string {
	seal := `seal: true                   # seal plan text to employee, manager, readers; without it POPs stay in clear
# readers: [hr-id]           # people who may read every sealed POP, such as HR
`
	if !sealed {
		seal = `seal: false                  # POPs in clear: only the people concerned read this repository
`
	}
	return `# pop configuration. This folder is the root of the POP repository.
# Every key is optional; the values below are the defaults, but for seal
# (a .pop.yaml without it keeps POPs in clear).
lang: ` + lang + `                     # language of new POPs: nl or en
` + seal + `dir: pop                     # POPs live in <dir>/<person-id>/<YYYY-MM-DD>.md
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
