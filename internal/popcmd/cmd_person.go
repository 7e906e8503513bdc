package popcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"filippo.io/age"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/safe"
	"github.com/popdev/pop/internal/signoff"
)

func personCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:  "person",
		Usage: "manage the people registry",
		Subcommands: []*cli.Command{
			personAddCommand(env),
			personListCommand(env),
			personSetCommand(env),
			personLeaveCommand(env),
			personKeyCommand(env),
		},
	}
}

type personAddOptions struct {
	ID, Name, Email, Manager string
	SSHKey, PGPKey           string // paths of public key files
	Age                      string // age1… recipient to seal to
}

func personAddCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "add",
		Usage:     "add a person to the registry, with their signing keys",
		ArgsUsage: "ID",
		Description: `Adds a person to the people registry. ID is a slug (lowercase letters,
digits and hyphens). --ssh-key adds the public key to the allowed signers
for the person's email; --pgp-key stores an OpenPGP public key under
.pop/keys/ID.asc. Either key lets the person sign off POPs. Sealed POPs
are sealed to the SSH key, and to the age1… recipient --age records in
the registry.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "name", Usage: "full `NAME` (required)"},
			&cli.StringFlag{Name: "email", Usage: "`EMAIL` used for git commits and sign-off (required)"},
			&cli.StringFlag{Name: "manager", Usage: "`ID` of the person's manager"},
			&cli.StringFlag{Name: "ssh-key", Usage: "SSH public key `FILE` (.pub) to sign off with"},
			&cli.StringFlag{Name: "pgp-key", Usage: "armored OpenPGP public key `FILE` (.asc) to sign off with"},
			&cli.StringFlag{Name: "age", Usage: "age public key `RECIPIENT` (age1…) to seal POPs to"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("pop person add ID --name NAME --email EMAIL", "pop person add takes one ID, got %d arguments", c.NArg())
			}
			g := globals(c)
			r, err := g.open(env)
			if err != nil {
				return err
			}
			rel := func(p string) string {
				if p == "" || filepath.IsAbs(p) {
					return p
				}
				return filepath.Join(env.Dir, p)
			}
			return runPersonAdd(c.Context, env, r, personAddOptions{
				ID: c.Args().First(), Name: c.String("name"), Email: c.String("email"),
				Manager: c.String("manager"), SSHKey: rel(c.String("ssh-key")), PGPKey: rel(c.String("pgp-key")),
				Age: c.String("age"),
			})
		},
	}
}

func runPersonAdd(_ context.Context, env *Env, r *repo.Repo, o personAddOptions) error {
	switch {
	case !repo.IsSlug(o.ID):
		return usagef("use lowercase letters, digits and hyphens, like jan-peeters", "id %q is not a slug", o.ID)
	case strings.TrimSpace(o.Name) == "":
		return usagef("pass --name \"Full Name\"", "--name is required")
	case o.Email == "":
		return usagef("pass --email, the address the person commits with", "--email is required")
	case !repo.ValidEmail(o.Email):
		return usagef("pass a bare address like jan@example.com", "--email %q is not a valid address", o.Email)
	}
	people, _, err := r.People()
	if err != nil {
		return err
	}
	if _, dup := people.Get(o.ID); dup {
		return usagef("choose another id, or edit "+r.Config.People, "%s is already in the registry", o.ID)
	}
	if other, dup := people.ByEmail(o.Email); dup {
		return usagef("each person needs their own email: sign-off finds people by it", "%s already belongs to %s", o.Email, other.ID)
	}
	if o.Manager != "" {
		if o.Manager == o.ID {
			return usagef("", "%s cannot be their own manager", o.ID)
		}
		if _, ok := people.Get(o.Manager); !ok {
			return usagef(people.Hint(o.Manager), "manager %s is not in the registry", o.Manager)
		}
	}
	if o.Age != "" {
		if err := validAge(o.Age); err != nil {
			return err
		}
	}
	var signerLine string
	if o.SSHKey != "" {
		key, err := readSSHPublicKey(o.SSHKey)
		if err != nil {
			return err
		}
		var pe *signoff.PreconditionError
		if err := signoff.CheckSSHKey(r, o.Email, key); errors.As(err, &pe) {
			return usagef(pe.Hint, "%s: %s", o.SSHKey, pe.Msg)
		} else if err != nil {
			return err
		}
		signerLine = repo.SignerLine(o.Email, key)
	}
	var pgp []byte
	pgpPath := path.Join(r.Config.OpenPGPKeys, o.ID+".asc")
	if o.PGPKey != "" {
		if pgp, err = readPGPPublicKey(env, r, people, o.ID, o.PGPKey, o.Email); err != nil {
			return err
		}
		if _, err := os.Stat(r.Abs(pgpPath)); err == nil {
			return usagef("remove it first if it is stale", "%s already exists", pgpPath)
		}
	}

	data, err := r.ReadFile(r.Config.People)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", r.Config.People, err)
	}
	updated, err := repo.AppendPerson(data, repo.Person{ID: o.ID, Name: o.Name, Email: o.Email, Manager: o.Manager, Age: o.Age})
	if err != nil {
		return fmt.Errorf("update %s: %w", r.Config.People, err)
	}
	// The registry's own rules, as pop person set applies them: a new
	// entry adds no problem (a control character in the name, say).
	if err := checkEdited(r, data, updated, pop.DateOf(env.Now())); err != nil {
		return err
	}
	if err := replaceFile(r.Abs(r.Config.People), updated); err != nil {
		return fmt.Errorf("write %s: %w", r.Config.People, err)
	}
	fmt.Fprintln(env.Stdout, r.Config.People)
	if signerLine != "" {
		if err := appendLine(r.Abs(r.Config.AllowedSigners), signerLine); err != nil {
			return fmt.Errorf("write %s: %w", r.Config.AllowedSigners, err)
		}
		fmt.Fprintln(env.Stdout, r.Config.AllowedSigners)
	}
	if pgp != nil {
		if err := writeNew(r.Abs(pgpPath), pgp, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", pgpPath, err)
		}
		fmt.Fprintln(env.Stdout, pgpPath)
	}
	return nil
}

// validAge checks an age1… recipient given on the command line.
func validAge(s string) error {
	if _, err := age.ParseX25519Recipient(s); err != nil {
		return usagef("pass the public key age-keygen printed (age1…), not the secret key", "--age is not an age public key: %s", strings.TrimPrefix(err.Error(), "malformed recipient: "))
	}
	return nil
}

func readSSHPublicKey(file string) (ssh.PublicKey, error) {
	data, err := repo.ReadLimit(file, repo.MaxTrustSize)
	if err != nil {
		return nil, usagef("", "read SSH key: %v", err)
	}
	if bytes.Contains(data, []byte("PRIVATE KEY")) {
		return nil, usagef("pass the .pub file; a private key never belongs in the repository", "%s is a private key", file)
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey(data)
	if err != nil {
		return nil, usagef("pass a public key file such as ~/.ssh/id_ed25519.pub", "%s is not an SSH public key: %v", file, err)
	}
	return key, nil
}

func readPGPPublicKey(env *Env, r *repo.Repo, people *repo.People, id, file, email string) ([]byte, error) {
	data, err := repo.ReadLimit(file, repo.MaxTrustSize)
	if err != nil {
		return nil, usagef("", "read OpenPGP key: %v", err)
	}
	ownUID, err := signoff.CheckPGPKeyFile(r, people, id, email, file, data)
	var pe *signoff.PreconditionError
	if errors.As(err, &pe) {
		return nil, usagef(pe.Hint, "%s", pe.Msg)
	}
	if err != nil {
		return nil, err
	}
	if !ownUID {
		fmt.Fprintf(env.Stderr, "pop: warning: no user id of %s has the email %s; pop verify will not count the key\n", file, email)
	}
	return data, nil
}

func appendLine(path, line string) error {
	old, err := repo.ReadLimit(path, repo.MaxTrustSize)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if len(old) > 0 && old[len(old)-1] != '\n' {
		old = append(old, '\n')
	}
	return replaceFile(path, append(old, line+"\n"...))
}

func personListCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:        "list",
		Usage:       "list the people in the registry",
		ArgsUsage:   " ",
		Description: exitStatusHelp,
		Flags:       []cli.Flag{formatFlag("text", "json")},
		Action: func(c *cli.Context) error {
			format, err := checkFormat(c, "text", "json")
			if err != nil {
				return err
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			people, _, err := r.People()
			if err != nil {
				return err
			}
			if format == "json" {
				type personJSON struct {
					ID      string `json:"id"`
					Name    string `json:"name"`
					Email   string `json:"email"`
					Manager string `json:"manager"`
				}
				out := []personJSON{}
				for _, p := range people.List {
					out = append(out, personJSON{p.ID, p.Name, p.Email, p.Manager})
				}
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			for _, p := range people.List {
				// No empty last cell: tabwriter would pad it into trailing blanks.
				// The cells come from the registry: safe.Term keeps their
				// control characters (and TABs) from acting.
				cells := []string{safe.Term(p.ID), safe.Term(p.Name), safe.Term(p.Email), safe.Term(p.Manager)}
				fmt.Fprintln(tw, strings.TrimRight(strings.Join(cells, "\t"), "\t"))
			}
			return tw.Flush()
		},
	}
}

// formatFlag is the --format flag of a command whose output is data.
func formatFlag(formats ...string) cli.Flag {
	return &cli.StringFlag{Name: "format", Value: formats[0], Usage: "output `FORMAT`: " + strings.Join(formats, ", ")}
}

// checkFormat returns the --format value, or a usage error when the
// command does not offer it.
func checkFormat(c *cli.Context, formats ...string) (string, error) {
	f := c.String("format")
	for _, ok := range formats {
		if f == ok {
			return f, nil
		}
	}
	return "", usagef("use one of: "+strings.Join(formats, ", "), "--format %q is not offered by pop %s", f, c.Command.Name)
}
