package popcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// The registry over time (SPEC §12): pop person set, leave, key add and
// key retire. Each reads the registry, changes one entry through
// repo.EditPerson (which keeps comments), parses the result and refuses
// it when the change would add a problem to the registry.

type personSetOptions struct {
	ID, Name, Email, Manager string
	From                     pop.Date
	Today                    pop.Date
}

func personSetCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "set",
		Usage:     "change a person's name, email or manager",
		ArgsUsage: "ID",
		Description: `Changes a person in the registry, keeping its comments.

--manager ID --from DATE records a change of manager from that day on; the
registry keeps the reporting line, so POPs dated before the change keep
their manager. Without --from, --manager only sets the manager of someone
who has none yet. A manager must be in the registry, and the reporting
line may not loop back.

--email moves the person's lines in the allowed signers file to the new
address, so their SSH keys keep counting; an OpenPGP key needs a user id
with the new address (pop person key add).

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "name", Usage: "full `NAME`"},
			&cli.StringFlag{Name: "email", Usage: "`EMAIL` used for git commits and sign-off"},
			&cli.StringFlag{Name: "manager", Usage: "`ID` of the new manager"},
			&cli.StringFlag{Name: "from", Usage: "`DATE` (YYYY-MM-DD) the new manager takes over"},
			asOfFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("pop person set ID [--name NAME] [--email EMAIL] [--manager ID --from DATE]", "pop person set takes one ID, got %d arguments", c.NArg())
			}
			o := personSetOptions{ID: c.Args().First(), Name: c.String("name"), Email: c.String("email"), Manager: c.String("manager")}
			var err error
			if o.Today, err = today(env, c.String("as-of")); err != nil {
				return err
			}
			if s := c.String("from"); s != "" {
				if o.Manager == "" {
					return usagef("pass --manager ID with --from", "--from needs --manager")
				}
				if o.From, err = pop.ParseDate(s); err != nil {
					return usagef("write --from as YYYY-MM-DD", "--from: %v", err)
				}
			}
			if o.Name == "" && o.Email == "" && o.Manager == "" {
				return usagef("pass --name, --email or --manager", "nothing to change")
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runPersonSet(c.Context, env, r, o)
		},
	}
}

func runPersonSet(_ context.Context, env *Env, r *repo.Repo, o personSetOptions) error {
	data, people, err := readRegistry(r)
	if err != nil {
		return err
	}
	per, ok := people.Get(o.ID)
	if !ok {
		return usagef(people.Hint(o.ID), "%s is not in the registry", o.ID)
	}
	if o.Email != "" {
		if !repo.ValidEmail(o.Email) {
			return usagef("pass a bare address like jan@example.com", "--email %q is not a valid address", o.Email)
		}
		if other, dup := people.ByEmail(o.Email); dup && other.ID != o.ID {
			return usagef("each person needs their own email: sign-off finds people by it", "%s already belongs to %s", o.Email, other.ID)
		}
	}
	if o.Manager != "" {
		switch _, ok := people.Get(o.Manager); {
		case o.Manager == o.ID:
			return usagef("", "%s cannot be their own manager", o.ID)
		case !ok:
			return usagef(people.Hint(o.Manager), "manager %s is not in the registry", o.Manager)
		}
		if o.From.IsZero() && len(per.Managers) > 0 {
			return usagef("give the day the change takes effect: --from YYYY-MM-DD; older POPs keep their manager", "%s already has a manager", o.ID)
		}
	}
	updated, err := repo.EditPerson(data, o.ID, repo.PersonEdit{Name: o.Name, Email: o.Email, Manager: o.Manager, From: o.From})
	if err != nil {
		return usagef("", "%s: %s", r.Config.People, lowerFirst(err.Error()))
	}
	day := o.Today
	if !o.From.IsZero() {
		day = o.From
	}
	if err := checkEdited(r, data, updated, day); err != nil {
		return err
	}
	var signers []byte
	moved := 0
	if o.Email != "" && !strings.EqualFold(o.Email, per.Email) {
		old, err := r.ReadFile(r.Config.AllowedSigners)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("read %s: %w", r.Config.AllowedSigners, err)
		}
		signers, moved = repo.MoveSigners(old, per.Email, o.Email)
	}
	if err := replaceFile(r.Abs(r.Config.People), updated); err != nil {
		return fmt.Errorf("write %s: %w", r.Config.People, err)
	}
	fmt.Fprintln(env.Stdout, r.Config.People)
	if moved > 0 {
		if err := replaceFile(r.Abs(r.Config.AllowedSigners), signers); err != nil {
			return fmt.Errorf("write %s: %w", r.Config.AllowedSigners, err)
		}
		fmt.Fprintln(env.Stdout, r.Config.AllowedSigners)
	}
	if o.Email != "" {
		if _, err := os.Stat(r.Abs(path.Join(r.Config.OpenPGPKeys, o.ID+".asc"))); err == nil {
			fmt.Fprintf(env.Stderr, "pop: hint: %s's OpenPGP key counts only with a user id for %s; add one with pop person key add %s --pgp-key FILE\n", o.ID, o.Email, o.ID)
		}
	}
	return nil
}

func personLeaveCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "leave",
		Usage:     "record that a person leaves the team",
		ArgsUsage: "ID",
		Description: `Sets left: DATE (default today) for the person. From that day they are
out of pop overdue, status and calendar; their POPs and sign-offs stay
and still verify. Someone who still manages people on that day cannot
leave: give their people a new manager first (pop person set).

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "date", Usage: "first `DATE` (YYYY-MM-DD) the person is no longer in the team"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("pop person leave ID [--date DATE]", "pop person leave takes one ID, got %d arguments", c.NArg())
			}
			day, err := today(env, "")
			if err != nil {
				return err
			}
			if s := c.String("date"); s != "" {
				if day, err = pop.ParseDate(s); err != nil {
					return usagef("write --date as YYYY-MM-DD", "--date: %v", err)
				}
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runPersonLeave(env, r, c.Args().First(), day)
		},
	}
}

func runPersonLeave(env *Env, r *repo.Repo, id string, day pop.Date) error {
	data, people, err := readRegistry(r)
	if err != nil {
		return err
	}
	if _, ok := people.Get(id); !ok {
		return usagef(people.Hint(id), "%s is not in the registry", id)
	}
	var reports []string
	for _, p := range people.List {
		if p.ManagerOn(day) == id && !p.HasLeft(day) {
			reports = append(reports, p.ID)
		}
	}
	if len(reports) > 0 {
		return usagef("give them a new manager first: pop person set "+reports[0]+" --manager ID --from "+day.String(),
			"%s still manages %s on %s", id, strings.Join(reports, ", "), day)
	}
	updated, err := repo.EditPerson(data, id, repo.PersonEdit{Left: day})
	if err != nil {
		return usagef("", "%s: %s", r.Config.People, lowerFirst(err.Error()))
	}
	if err := checkEdited(r, data, updated, day); err != nil {
		return err
	}
	if err := replaceFile(r.Abs(r.Config.People), updated); err != nil {
		return fmt.Errorf("write %s: %w", r.Config.People, err)
	}
	fmt.Fprintln(env.Stdout, r.Config.People)
	return nil
}

func personKeyCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:  "key",
		Usage: "add or retire a person's signing keys",
		Subcommands: []*cli.Command{
			personKeyAddCommand(env),
			personKeyRetireCommand(env),
		},
	}
}

func personKeyAddCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "add",
		Usage:     "register another signing key for a person",
		ArgsUsage: "ID",
		Description: `Adds a key for a new laptop or a rotation: --ssh-key adds a line to the
allowed signers for the person's email; --pgp-key stores the OpenPGP
public key as .pop/keys/ID.asc. That file holds one key: for a new laptop
add a signing subkey to it and pass the new export, which replaces the
file; another key is refused. --age sets the person's age1… recipient
that sealed POPs are sealed to (replacing the one before; pop reseal
--all then rewraps their POPs). A key registered for someone else, or one
with a user id of another person's email, is refused: a key that counts
for two people counts for neither.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "ssh-key", Usage: "SSH public key `FILE` (.pub)"},
			&cli.StringFlag{Name: "pgp-key", Usage: "armored OpenPGP public key `FILE` (.asc)"},
			&cli.StringFlag{Name: "age", Usage: "age public key `RECIPIENT` (age1…) to seal POPs to"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("pop person key add ID --ssh-key FILE|--pgp-key FILE|--age RECIPIENT", "pop person key add takes one ID, got %d arguments", c.NArg())
			}
			sshKey, pgpKey, ageKey := c.String("ssh-key"), c.String("pgp-key"), c.String("age")
			n := 0
			for _, k := range []string{sshKey, pgpKey, ageKey} {
				if k != "" {
					n++
				}
			}
			if n != 1 {
				return usagef("pass --ssh-key FILE, --pgp-key FILE or --age RECIPIENT", "give one key")
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			if ageKey != "" {
				return runPersonAgeAdd(env, r, c.Args().First(), ageKey)
			}
			return runPersonKeyAdd(env, r, c.Args().First(), inDir(env, sshKey), inDir(env, pgpKey))
		},
	}
}

// inDir resolves a file argument against the working directory.
func inDir(env *Env, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(env.Dir, p)
}

func runPersonKeyAdd(env *Env, r *repo.Repo, id, sshFile, pgpFile string) error {
	_, people, err := readRegistry(r)
	if err != nil {
		return err
	}
	per, ok := people.Get(id)
	if !ok {
		return usagef(people.Hint(id), "%s is not in the registry", id)
	}
	if sshFile != "" {
		key, err := readSSHPublicKey(sshFile)
		if err != nil {
			return err
		}
		signers, err := r.AllowedSigners()
		if err != nil {
			return err
		}
		for _, s := range signers {
			if bytes.Equal(s.Key.Marshal(), key.Marshal()) {
				if hasEmail(s.Principals, per.Email) {
					return usagef("", "this key is already registered for %s (%s:%d)", id, r.Config.AllowedSigners, s.Line)
				}
				return usagef("a key that counts for two people counts for neither", "this key is registered for %s (%s:%d)", strings.Join(s.Principals, ","), r.Config.AllowedSigners, s.Line)
			}
		}
		if err := appendLine(r.Abs(r.Config.AllowedSigners), repo.SignerLine(per.Email, key)); err != nil {
			return fmt.Errorf("write %s: %w", r.Config.AllowedSigners, err)
		}
		fmt.Fprintln(env.Stdout, r.Config.AllowedSigners)
		return nil
	}
	armored, err := readPGPPublicKey(env, r, people, id, pgpFile, per.Email)
	if err != nil {
		return err
	}
	rel := path.Join(r.Config.OpenPGPKeys, id+".asc")
	old, err := r.ReadFile(rel)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", rel, err)
	}
	// A person's key file holds one key (verify reads no second one): a
	// new export of the same key (a new signing subkey) replaces it.
	if len(bytes.TrimSpace(old)) > 0 {
		if bytes.Equal(bytes.TrimSpace(old), bytes.TrimSpace(armored)) {
			return usagef("", "this key is already in %s", rel)
		}
		if !signoff.SamePGPKey(old, armored) {
			return usagef("add a signing subkey to the key in "+rel+" and export it again, or remove the file to replace the key",
				"%s already holds another key; a person's key file holds one", rel)
		}
	}
	if err := replaceFile(r.Abs(rel), armored); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	fmt.Fprintln(env.Stdout, rel)
	return nil
}

// runPersonAgeAdd records a person's age1… recipient in the registry.
func runPersonAgeAdd(env *Env, r *repo.Repo, id, recipient string) error {
	if err := validAge(recipient); err != nil {
		return err
	}
	data, people, err := readRegistry(r)
	if err != nil {
		return err
	}
	per, ok := people.Get(id)
	if !ok {
		return usagef(people.Hint(id), "%s is not in the registry", id)
	}
	if per.Age == recipient {
		return usagef("", "this age key is already registered for %s", id)
	}
	for _, p := range people.List {
		if p.Age == recipient {
			return usagef("a key that counts for two people counts for neither", "this age key is registered for %s", p.ID)
		}
	}
	updated, err := repo.EditPerson(data, id, repo.PersonEdit{Age: recipient})
	if err != nil {
		return fmt.Errorf("update %s: %w", r.Config.People, err)
	}
	if err := replaceFile(r.Abs(r.Config.People), updated); err != nil {
		return fmt.Errorf("write %s: %w", r.Config.People, err)
	}
	fmt.Fprintln(env.Stdout, r.Config.People)
	if per.Age != "" {
		fmt.Fprintf(env.Stderr, "pop: hint: the age key replaces %s's previous one; run pop reseal --all so that sealed POPs follow\n", id)
	}
	return nil
}

func hasEmail(ps []string, email string) bool {
	for _, p := range ps {
		if strings.EqualFold(p, email) {
			return true
		}
	}
	return false
}

func personKeyRetireCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "retire",
		Usage:     "stop counting a person's SSH key from a day on",
		ArgsUsage: "ID KEY",
		Description: `Sets valid-before on the person's allowed signers lines for KEY (a .pub
file, or the key's SHA256 fingerprint as ssh-keygen -l prints it): the key
stops counting for sign-offs made from --from DATE, and what it signed
before stays valid. The date judged is the sign-off's committer date,
which the signer sets: for a key that may be compromised, remove its line
from the allowed signers instead.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "from", Usage: "first `DATE` (YYYY-MM-DD) the key no longer counts (required)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef("pop person key retire ID KEY --from DATE", "pop person key retire takes an ID and a KEY, got %d arguments", c.NArg())
			}
			if c.String("from") == "" {
				return usagef("pass --from YYYY-MM-DD, the first day the key no longer counts", "--from is required")
			}
			from, err := pop.ParseDate(c.String("from"))
			if err != nil {
				return usagef("write --from as YYYY-MM-DD", "--from: %v", err)
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			return runPersonKeyRetire(env, r, c.Args().Get(0), c.Args().Get(1), from)
		},
	}
}

func runPersonKeyRetire(env *Env, r *repo.Repo, id, keyArg string, from pop.Date) error {
	_, people, err := readRegistry(r)
	if err != nil {
		return err
	}
	per, ok := people.Get(id)
	if !ok {
		return usagef(people.Hint(id), "%s is not in the registry", id)
	}
	signers, err := r.AllowedSigners()
	if err != nil {
		return err
	}
	var key ssh.PublicKey
	if strings.HasPrefix(keyArg, "SHA256:") {
		for _, s := range signers {
			if ssh.FingerprintSHA256(s.Key) == keyArg && hasEmail(s.Principals, per.Email) {
				key = s.Key
			}
		}
	} else if key, err = readSSHPublicKey(inDir(env, keyArg)); err != nil {
		return err
	}
	if key == nil {
		return usagef("pop person list shows who is registered; ssh-keygen -lf FILE prints a fingerprint", "no key %s is registered for %s", keyArg, id)
	}
	data, err := r.ReadFile(r.Config.AllowedSigners)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", r.Config.AllowedSigners, err)
	}
	updated, n := repo.RetireSigner(data, per.Email, key, from)
	if n == 0 {
		return usagef("add it with pop person key add", "the key is not registered for %s in %s", id, r.Config.AllowedSigners)
	}
	if err := replaceFile(r.Abs(r.Config.AllowedSigners), updated); err != nil {
		return fmt.Errorf("write %s: %w", r.Config.AllowedSigners, err)
	}
	fmt.Fprintln(env.Stdout, r.Config.AllowedSigners)
	return nil
}

// readRegistry returns the registry's bytes and what they hold; a
// registry pop cannot read is an error, as every edit starts from it.
func readRegistry(r *repo.Repo) ([]byte, *repo.People, error) {
	data, err := r.ReadFile(r.Config.People)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("read %s: %w", r.Config.People, err)
	}
	people, _, err := repo.ParsePeople(r.Config.People, data)
	if err != nil {
		return nil, nil, withHint(err, "run pop check to see what is wrong with the registry")
	}
	return data, people, nil
}

// checkEdited refuses an edited registry that has a problem the old one
// did not have, or whose reporting line loops on day.
func checkEdited(r *repo.Repo, data, updated []byte, day pop.Date) error {
	after, probs, err := repo.ParsePeople(r.Config.People, updated)
	if err != nil {
		return fmt.Errorf("%s after the change: %w", r.Config.People, err)
	}
	_, old, _ := repo.ParsePeople(r.Config.People, data)
	had := map[string]bool{}
	for _, p := range old {
		had[p.Code+" "+p.Message] = true
	}
	for _, p := range probs {
		if !had[p.Code+" "+p.Message] {
			return usagef(p.Hint, "the change would break %s: %s", r.Config.People, p.Message)
		}
	}
	for _, p := range after.List {
		seen := map[string]bool{p.ID: true}
		for m := p.ManagerOn(day); m != ""; m = after.ManagerOn(m, day) {
			if seen[m] {
				return usagef("a reporting line may not loop back", "the change would make %s their own manager's manager on %s", m, day)
			}
			seen[m] = true
		}
	}
	return nil
}
