package popcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/urfave/cli/v2"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
	"github.com/popdev/pop/internal/signoff"
)

func doctorCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "doctor",
		Usage:     "check that this clone is ready for the person at the keyboard",
		ArgsUsage: " ",
		Description: `Checks, one line each, ✓ or ✗ with the exact fix:
  - git user.email belongs to a person in the registry;
  - a signing key is configured (gpg.format, user.signingkey) and readable;
  - that key is registered for you, in the work tree and on the default
    branch (sign-off judges keys by the default branch's registry);
  - refs/pop/* is fetched from origin (sign-offs that survive squash
    merges live there);
  - gpg.ssh.allowedSignersFile points at the allowed signers, so that
    git verify-commit and git log --show-signature work;
  - one of your private keys (--identity's order: POP_IDENTITY, the
    signing key, ~/.ssh/id_ed25519, ~/.ssh/id_rsa) opens what is sealed
    to your registered keys;
  - the diff driver for sealed POPs (diff.pop.textconv and .gitattributes).

--fix sets what it can in this repository's local git config (never the
global one): the refs/pop/* fetch refspec, gpg.ssh.allowedSignersFile and
diff.pop.textconv. It changes no file.

Exit 1 when any line is ✗.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "fix", Usage: "set what can be set in this repository's local git config"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("", "pop doctor takes no arguments")
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runDoctor(c.Context, env, r, c.Bool("fix"))
		},
	}
}

// diagnosis is one line of pop doctor: ok, or what is wrong and the
// command that fixes it. fixArgs, when set, are the git arguments --fix
// runs (always git config --local).
type diagnosis struct {
	ok      bool
	skipped bool
	text    string
	fix     string
	fixArgs []string
}

const popRefspec = "+refs/pop/*:refs/pop/*"

func runDoctor(ctx context.Context, env *Env, r *repo.Repo, fix bool) error {
	if _, err := exec.LookPath("git"); err != nil {
		return withHint(errors.New("git is not installed"), "pop doctor reads this clone's git configuration")
	}
	if _, err := gitOutput(ctx, r.Root, "rev-parse", "--git-dir"); err != nil {
		return withHint(fmt.Errorf("%s is not in a git repository", r.Root), "sign-off needs one: git init")
	}
	ds := diagnose(ctx, env, r)
	if fix {
		fixed := false
		for _, d := range ds {
			if d.ok || d.fixArgs == nil {
				continue
			}
			if _, err := gitOutput(ctx, r.Root, d.fixArgs...); err != nil {
				return fmt.Errorf("git %s: %w", strings.Join(d.fixArgs, " "), err)
			}
			fmt.Fprintf(env.Stderr, "pop: fixed: git %s\n", strings.Join(d.fixArgs, " "))
			fixed = true
		}
		if fixed {
			ds = diagnose(ctx, env, r)
		}
	}
	bad := false
	for _, d := range ds {
		switch {
		case d.skipped:
			fmt.Fprintf(env.Stdout, "- %s\n", d.text)
		case d.ok:
			fmt.Fprintf(env.Stdout, "✓ %s\n", d.text)
		default:
			bad = true
			fmt.Fprintf(env.Stdout, "✗ %s\n", d.text)
			if d.fix != "" {
				fmt.Fprintf(env.Stdout, "    fix: %s\n", d.fix)
			}
		}
	}
	if bad {
		return errFindings
	}
	return nil
}

func diagnose(ctx context.Context, env *Env, r *repo.Repo) []diagnosis {
	var ds []diagnosis
	add := func(d diagnosis) { ds = append(ds, d) }
	cfg, err := signoff.ReadGitConfig(ctx, r.Root, nil)
	if err != nil {
		cfg = signoff.GitConfig{}
	}
	people, _, perr := r.People()

	// Who is at the keyboard.
	email := cfg["user.email"]
	var me repo.Person
	found := false
	switch {
	case email == "":
		add(diagnosis{text: "git user.email is not set", fix: "git config user.email YOU@EXAMPLE.COM"})
	case perr != nil:
		add(diagnosis{text: "the registry cannot be read: " + lowerFirst(perr.Error()), fix: "pop check " + r.Config.People})
	default:
		me, found = people.ByEmail(email)
		if found {
			add(diagnosis{ok: true, text: fmt.Sprintf("git user.email %s is %s in %s", email, me.ID, r.Config.People)})
		} else {
			add(diagnosis{text: fmt.Sprintf("git user.email %s is not in %s", email, r.Config.People),
				fix: "git config user.email ADDRESS-IN-THE-REGISTRY, or pop person add ID --name NAME --email " + email})
		}
	}

	// The signing key.
	ds = append(ds, signingKey(ctx, env, r, cfg, me, found)...)

	// An identity that opens what is sealed to me.
	add(identityLine(env, r, people, me, found))

	// refs/pop/* fetched.
	if _, ok := cfg["remote.origin.url"]; !ok {
		add(diagnosis{skipped: true, text: "refs/pop/* fetch: no remote origin"})
	} else if out, _ := gitOutput(ctx, r.Root, "config", "--get-all", "remote.origin.fetch"); strings.Contains(out, "refs/pop/*:refs/pop/*") {
		add(diagnosis{ok: true, text: "git fetch brings refs/pop/* (sign-offs)"})
	} else {
		add(diagnosis{text: "git fetch does not bring refs/pop/*: sign-offs kept only there (after a squash merge) are missed",
			fix:     "git config --local --add remote.origin.fetch '" + popRefspec + "'",
			fixArgs: []string{"config", "--local", "--add", "remote.origin.fetch", popRefspec}})
	}

	// git verify-commit needs the allowed signers.
	want := r.Abs(r.Config.AllowedSigners)
	got := cfg["gpg.ssh.allowedsignersfile"]
	if got != "" && sameFile(expandHomeDir(got, env), want) {
		add(diagnosis{ok: true, text: "gpg.ssh.allowedSignersFile is " + r.Config.AllowedSigners + ": git verify-commit works"})
	} else {
		text := "gpg.ssh.allowedSignersFile is not set: git verify-commit and git log --show-signature fail"
		if got != "" {
			text = "gpg.ssh.allowedSignersFile is " + got + ", not " + r.Config.AllowedSigners
		}
		add(diagnosis{text: text, fix: "git config --local gpg.ssh.allowedSignersFile '" + want + "'",
			fixArgs: []string{"config", "--local", "gpg.ssh.allowedSignersFile", want}})
	}

	// The diff driver for sealed POPs.
	const textconv = "pop show --textconv"
	if cfg["diff.pop.textconv"] == textconv {
		add(diagnosis{ok: true, text: "git diff shows sealed POPs in clear (diff.pop.textconv)"})
	} else {
		add(diagnosis{text: "diff.pop.textconv is not set: git diff shows sealed POPs as armor",
			fix:     "git config --local diff.pop.textconv '" + textconv + "'",
			fixArgs: []string{"config", "--local", "diff.pop.textconv", textconv}})
	}
	attrs, _ := r.ReadFile(".gitattributes")
	if bytes.Contains(attrs, []byte("diff=pop")) {
		add(diagnosis{ok: true, text: ".gitattributes sends POPs to the pop diff driver"})
	} else {
		add(diagnosis{text: ".gitattributes does not send POPs to the pop diff driver",
			fix: "add the line '" + r.Config.Dir + "/**/*.md diff=pop' to .gitattributes and commit it"})
	}
	return ds
}

// identityLine checks that one of the user's private keys (as pop show
// finds them) opens what is sealed to their registered keys.
func identityLine(env *Env, r *repo.Repo, people *repo.People, me repo.Person, found bool) diagnosis {
	const what = "an identity that opens your sealed POPs"
	if !found {
		return diagnosis{skipped: true, text: what + ": not checked, you are not in the registry"}
	}
	signers, err := r.AllowedSigners()
	if err != nil {
		return diagnosis{text: what + ": " + lowerFirst(err.Error()), fix: "pop check " + r.Config.AllowedSigners}
	}
	to, err := seal.NewKeyring(people, signers).For([]string{me.ID})
	if err != nil {
		if !r.Config.Seal {
			return diagnosis{skipped: true, text: what + ": not checked, .pop.yaml does not seal and you have no key to seal to"}
		}
		return diagnosis{text: "you have no registered key that POPs can be sealed to",
			fix: "pop person key add " + me.ID + " --ssh-key ~/.ssh/id_ed25519.pub (or --age age1…)"}
	}
	ids, names, err := identities(env, r.Root, "")
	if err != nil {
		return diagnosis{text: what + ": " + lowerFirst(err.Error()), fix: "set POP_IDENTITY to your private key file"}
	}
	if len(ids) == 0 {
		return diagnosis{text: "no private key found to open your sealed POPs",
			fix: "set POP_IDENTITY to your private key file, or keep it at ~/.ssh/id_ed25519"}
	}
	if !seal.Opens(ids, to) {
		return diagnosis{text: "none of your private keys (" + strings.Join(names, ", ") + ") opens what is sealed to " + me.ID,
			fix: "set POP_IDENTITY to the private key of a key registered for " + me.ID + ", or register yours: pop person key add " + me.ID + " --ssh-key KEY.pub"}
	}
	return diagnosis{ok: true, text: "your private key opens what is sealed to " + me.ID + " (tried " + strings.Join(names, ", ") + ")"}
}

// signingKey checks the key git signs with: configured, readable and
// registered for me, in the work tree and on the default branch.
func signingKey(ctx context.Context, env *Env, r *repo.Repo, cfg signoff.GitConfig, me repo.Person, found bool) []diagnosis {
	format := strings.ToLower(cfg["gpg.format"])
	key := cfg["user.signingkey"]
	if key == "" {
		fix := "git config gpg.format ssh && git config user.signingkey ~/.ssh/id_ed25519.pub"
		return []diagnosis{{text: "no signing key is configured (user.signingkey)", fix: fix}}
	}
	switch format {
	case "ssh":
		pub, err := sshSigningKey(key, env)
		if err != nil {
			return []diagnosis{{text: "user.signingkey cannot be read: " + err.Error(), fix: "git config user.signingkey PATH-TO-YOUR-KEY.pub"}}
		}
		ds := []diagnosis{{ok: true, text: "signing key " + ssh.FingerprintSHA256(pub) + " (ssh) is configured and readable"}}
		if !found {
			return ds
		}
		check := func(where string, data []byte, ok bool) diagnosis {
			if !ok {
				return diagnosis{skipped: true, text: "key registered on " + where + ": no " + r.Config.AllowedSigners + " there"}
			}
			signers, err := repo.ParseAllowedSigners(r.Config.AllowedSigners, data)
			if err == nil {
				for _, s := range signers {
					if bytes.Equal(s.Key.Marshal(), pub.Marshal()) && hasEmail(s.Principals, me.Email) && s.AllowsNamespace("git") {
						return diagnosis{ok: true, text: "the key is registered for " + me.ID + " in " + where}
					}
				}
			}
			return diagnosis{text: "the key is not registered for " + me.ID + " in " + where,
				fix: "pop person key add " + me.ID + " --ssh-key KEY.pub, committed to the default branch"}
		}
		data, err := r.ReadFile(r.Config.AllowedSigners)
		ds = append(ds, check("the work tree", data, err == nil || !errors.Is(err, fs.ErrNotExist)))
		if ref, ok := defaultBranch(ctx, r.Root); ok {
			data, ok := fileAtRef(ctx, r, ref, r.Config.AllowedSigners)
			ds = append(ds, check("the default branch ("+ref+")", data, ok))
		}
		return ds
	case "", "openpgp":
		gpg := cfg["gpg.program"]
		if gpg == "" {
			gpg = "gpg"
		}
		if err := exec.CommandContext(ctx, gpg, "--batch", "--list-secret-keys", key).Run(); err != nil {
			return []diagnosis{{text: "gpg has no secret key " + key + " (user.signingkey)", fix: "gpg --list-secret-keys, then git config user.signingkey KEYID"}}
		}
		ds := []diagnosis{{ok: true, text: "signing key " + key + " (openpgp) is configured and readable"}}
		if !found {
			return ds
		}
		rel := path.Join(r.Config.OpenPGPKeys, me.ID+".asc")
		check := func(where string, data []byte) diagnosis {
			ring, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(data))
			if err == nil {
				k := strings.ToUpper(strings.TrimPrefix(key, "0x"))
				for _, e := range ring {
					for _, sub := range append([]openpgp.Subkey{{PublicKey: e.PrimaryKey}}, e.Subkeys...) {
						if strings.HasSuffix(fmt.Sprintf("%X", sub.PublicKey.Fingerprint), k) {
							return diagnosis{ok: true, text: "the key is registered for " + me.ID + " in " + where}
						}
					}
				}
			}
			return diagnosis{text: "the key is not in " + rel + " in " + where, fix: "pop person key add " + me.ID + " --pgp-key KEY.asc, committed to the default branch"}
		}
		data, _ := r.ReadFile(rel)
		ds = append(ds, check("the work tree", data))
		if ref, ok := defaultBranch(ctx, r.Root); ok {
			data, _ := fileAtRef(ctx, r, ref, rel)
			ds = append(ds, check("the default branch ("+ref+")", data))
		}
		return ds
	}
	return []diagnosis{{text: "gpg.format " + format + " is not one pop signs with", fix: "git config gpg.format ssh"}}
}

// sshSigningKey reads user.signingkey as git does: a literal key, or a
// public or private key file.
func sshSigningKey(key string, env *Env) (ssh.PublicKey, error) {
	literal := strings.TrimPrefix(key, "key::")
	if literal != key || strings.HasPrefix(key, "ssh-") {
		k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(literal))
		return k, err
	}
	data, err := repo.ReadLimit(expandHomeDir(key, env), repo.MaxTrustSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, errors.Unwrap(err))
	}
	if k, _, _, _, err := ssh.ParseAuthorizedKey(data); err == nil {
		return k, nil
	}
	s, err := ssh.ParsePrivateKey(data)
	var missing *ssh.PassphraseMissingError
	switch {
	case errors.As(err, &missing):
		return missing.PublicKey, nil
	case err != nil:
		return nil, fmt.Errorf("%s is not an SSH key", key)
	}
	return s.PublicKey(), nil
}

func expandHomeDir(p string, env *Env) string {
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(env.Getenv("HOME"), p[2:])
	}
	return p
}

func sameFile(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(ia, ib)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

// defaultBranch names the default branch where pop sign looks for it
// (signoff.DefaultBranches): origin's HEAD shown as the branch it points
// at.
func defaultBranch(ctx context.Context, dir string) (string, bool) {
	for _, ref := range signoff.DefaultBranches {
		if ref == "refs/remotes/origin/HEAD" {
			if out, err := gitOutput(ctx, dir, "symbolic-ref", "--quiet", "--short", ref); err == nil && strings.TrimSpace(out) != "" {
				return strings.TrimSpace(out), true
			}
			continue
		}
		if _, err := gitOutput(ctx, dir, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err == nil {
			return plumbing.ReferenceName(ref).Short(), true
		}
	}
	return "", false
}

// fileAtRef reads a root-relative file as committed at ref, through the
// git seam: a regular file only, never what a link in the tree names.
func fileAtRef(ctx context.Context, r *repo.Repo, ref, rel string) ([]byte, bool) {
	g, err := repo.OpenGit(r)
	if err != nil {
		return nil, false
	}
	x, err := gitx.Open(g.Root)
	if err != nil {
		return nil, false
	}
	defer x.Close()
	id, err := x.Resolve(ctx, ref)
	if err != nil {
		return nil, false
	}
	fs, err := x.ReadFiles(ctx, []gitx.FileRef{{Tree: id, Path: g.Prefix + rel}})
	if err != nil || !fs[0].Found || !fs[0].IsRegular() {
		return nil, false
	}
	return fs[0].Data, true
}

func gitOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return out.String(), errors.New(msg)
		}
		return out.String(), err
	}
	return out.String(), nil
}
