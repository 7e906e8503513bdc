package popcmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"filippo.io/age"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/popdev/pop/internal/check"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/safe"
	"github.com/popdev/pop/internal/seal"
)

// The commands of sealed POPs (SPEC §8): seal, unseal, show, edit, reseal
// and share. They share how identities are found and how recipients are
// chosen.

var identityFlag = &cli.StringFlag{Name: "identity", Aliases: []string{"i"}, Usage: "open sealed text with the private key in `FILE` (SSH or age; also POP_IDENTITY)"}

const identityHelp = `Keys to open sealed text, tried in this order: --identity FILE,
POP_IDENTITY, git's user.signingkey when it is a private key file,
~/.ssh/id_ed25519, ~/.ssh/id_rsa. A key may be an OpenSSH ssh-ed25519 or
ssh-rsa private key or an age identity file; a passphrase-protected SSH
key asks for its passphrase on the terminal.`

func sealCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "seal",
		Usage:     "seal POPs in place so that only their readers can read them",
		ArgsUsage: "FILE...|--all",
		Description: `Encrypts the plan text of each POP or preparation note in place: the
fields CI needs stay in clear, the rest goes into two age blocks sealed to
the employee, the manager and the readers in .pop.yaml (a prep note to
the employee alone). A file must pass pop check first; a file already
sealed is left as it is. When the committed version is sealed and a key
opens it, blocks whose text did not change keep their bytes. Prints the
path of each file sealed.

` + identityHelp + `

` + exitStatusHelp,
		Flags: []cli.Flag{
			identityFlag,
			&cli.BoolFlag{Name: "all", Usage: "seal every POP and prep note in the POP folder"},
		},
		Action: func(c *cli.Context) error {
			s, files, err := sealSetup(c, env, true)
			if err != nil {
				return err
			}
			return s.each(files, s.sealFile)
		},
	}
}

func unsealCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "unseal",
		Usage:     "turn sealed POPs back into clear text in place",
		ArgsUsage: "FILE...",
		Description: `Decrypts each sealed file in place. The clear text must pass pop check;
nothing is written otherwise. Prints the path of each file unsealed.

` + identityHelp + `

` + exitStatusHelp,
		Flags: []cli.Flag{identityFlag},
		Action: func(c *cli.Context) error {
			s, files, err := sealSetup(c, env, true)
			if err != nil {
				return err
			}
			return s.each(files, s.unsealFile)
		},
	}
}

func resealCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "reseal",
		Usage:     "rewrap sealed POPs to the current readers, keeping their text",
		ArgsUsage: "FILE...|--all",
		Description: `Rewraps the key of each sealed file to the recipients the registry,
allowed_signers and .pop.yaml name today — after a key rotation, or when
a reader is added. The encrypted text keeps its bytes, so sign-offs hold.
Prints the path of each file changed.

` + identityHelp + `

` + exitStatusHelp,
		Flags: []cli.Flag{
			identityFlag,
			&cli.BoolFlag{Name: "all", Usage: "reseal every sealed file in the POP folder"},
		},
		Action: func(c *cli.Context) error {
			s, files, err := sealSetup(c, env, true)
			if err != nil {
				return err
			}
			return s.each(files, s.resealFile)
		},
	}
}

func shareCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "share",
		Usage:     "let someone read a sealed preparation note",
		ArgsUsage: "FILE --with ID",
		Description: `A preparation note is sealed to the employee alone. pop share adds a
reader, usually the manager before the conversation; its text keeps its
bytes.

` + identityHelp + `

` + exitStatusHelp,
		Flags: []cli.Flag{
			identityFlag,
			&cli.StringSliceFlag{Name: "with", Usage: "share with person `ID` (repeatable)", Required: true},
		},
		Action: func(c *cli.Context) error {
			s, files, err := sealSetup(c, env, true)
			if err != nil {
				return err
			}
			if len(files) != 1 {
				return usagef("run pop share FILE --with ID", "pop share takes one file")
			}
			return s.shareFile(files[0], c.StringSlice("with"))
		},
	}
}

func showCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "print a POP in clear, opening it when it is sealed",
		ArgsUsage: "FILE",
		Description: `Prints the clear document. With --textconv, as git's diff driver runs it,
a file that cannot be opened is printed as it is, and the exit is 0.

` + identityHelp + `

` + exitStatusHelp,
		Flags: []cli.Flag{
			identityFlag,
			&cli.BoolFlag{Name: "textconv", Usage: "behave as a git textconv filter"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("run pop show FILE", "pop show takes one file")
			}
			return runShow(env, globals(c), c.Args().First(), c.String("identity"), c.Bool("textconv"))
		},
	}
}

func editCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "edit",
		Usage:     "edit a sealed POP in $VISUAL or $EDITOR and seal it again",
		ArgsUsage: "FILE",
		Description: `Opens the sealed file into a private temporary file, runs $VISUAL or
$EDITOR (vi when neither is set) on it, checks the result and seals it
again. When the result does not pass pop check, the editor opens again
with the findings on top; saving it unchanged gives up. The temporary
file is removed in every case. An edit that changes nothing leaves the
file as it was, byte for byte.

` + identityHelp + `

` + exitStatusHelp,
		Flags: []cli.Flag{identityFlag},
		Action: func(c *cli.Context) error {
			s, files, err := sealSetup(c, env, true)
			if err != nil {
				return err
			}
			if len(files) != 1 {
				return usagef("run pop edit FILE", "pop edit takes one file")
			}
			return s.editFile(files[0])
		},
	}
}

// sealer is what the seal commands share: the repository, the registry,
// everyone's keys and the user's identities.
type sealer struct {
	env     *Env
	r       *repo.Repo
	people  *repo.People
	keys    *seal.Keyring
	ids     []age.Identity
	idNames []string
}

// sealSetup opens the repository, reads the keys and resolves the file
// arguments (or --all) to root-relative paths.
func sealSetup(c *cli.Context, env *Env, withIdentities bool) (*sealer, []string, error) {
	g := globals(c)
	r, err := g.open(env)
	if err != nil {
		return nil, nil, err
	}
	people, _, err := r.People()
	if err != nil {
		return nil, nil, err
	}
	signers, err := r.AllowedSigners()
	if err != nil {
		return nil, nil, err
	}
	s := &sealer{env: env, r: r, people: people, keys: seal.NewKeyring(people, signers)}
	if withIdentities {
		if s.ids, s.idNames, err = identities(env, r.Root, c.String("identity")); err != nil {
			return nil, nil, err
		}
	}
	var files []string
	if c.Bool("all") {
		if c.NArg() > 0 {
			return nil, nil, usagef("give files or --all", "--all takes no files")
		}
		list, err := r.List()
		if err != nil {
			return nil, nil, err
		}
		for _, f := range list {
			files = append(files, f.Path)
		}
	} else {
		if c.NArg() == 0 {
			return nil, nil, usagef("run pop "+c.Command.Name+" --help", "pop %s needs a file", c.Command.Name)
		}
		for _, a := range c.Args().Slice() {
			p := a
			if !filepath.IsAbs(p) {
				p = filepath.Join(env.Dir, p)
			}
			rel, err := r.Rel(p)
			if err != nil {
				return nil, nil, usagef("", "%v", err)
			}
			files = append(files, rel)
		}
	}
	return s, files, nil
}

// each runs fn on every file; a file that fails is reported and the
// others still run. Any failure exits 1 after the last file.
func (s *sealer) each(files []string, fn func(rel string) error) error {
	if len(files) == 1 {
		return fn(files[0])
	}
	// Sealing a team's POPs (pop seal --all) takes a while: a bar on a
	// terminal, nothing in a pipe or CI.
	bar, env := startProgress(s.env, len(files), "files")
	defer bar.Done()
	orig := s.env
	s.env = env
	defer func() { s.env = orig }()
	failed := false
	for _, rel := range files {
		err := fn(rel)
		bar.Add(1)
		if err != nil {
			failed = true
			fmt.Fprintf(s.env.Stderr, "pop: error: %s\n", lowerFirst(err.Error()))
			var h interface{ Hint() string }
			if errors.As(err, &h) && h.Hint() != "" {
				fmt.Fprintf(s.env.Stderr, "pop: hint: %s\n", h.Hint())
			}
		}
	}
	if failed {
		return errFindings
	}
	return nil
}

func (s *sealer) show(rel string) string { return display(s.env, s.r, rel) }

func (s *sealer) read(rel string) ([]byte, error) {
	if st, err := os.Stat(s.r.Abs(rel)); err == nil && st.Size() > seal.MaxSize {
		return nil, fmt.Errorf("%s is %d KiB, more than the %d KiB a POP may be", s.show(rel), (st.Size()+1023)/1024, seal.MaxSize>>10)
	}
	data, err := s.r.ReadFile(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", s.show(rel))
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.show(rel), err)
	}
	return data, nil
}

// passes checks a clear document and prints its errors; it reports
// whether there were none.
func (s *sealer) passes(rel string, doc []byte) bool {
	findings := check.Opened(s.r, s.people, rel, doc)
	for _, f := range findings {
		if f.Severity == check.Error {
			fmt.Fprintf(s.env.Stderr, "%s:%s: error: %s [%s]\n", s.show(rel), f.Pos, f.Message, f.Rule)
		}
	}
	return !check.HasErrors(findings)
}

// recipients are the keys a document with this front matter is sealed to.
func (s *sealer) recipients(rel string, data []byte, shared []string) ([]seal.Recipient, error) {
	d := pop.ParseFrontMatter(rel, data)
	if d.Employee == "" {
		return nil, fmt.Errorf("%s: no employee, so no one to seal it to", s.show(rel))
	}
	to, err := s.keys.For(seal.ReadersOf(d, s.r.Config.Readers, shared))
	var nk *seal.NoKeyError
	if errors.As(err, &nk) {
		return nil, withHint(fmt.Errorf("%s: %w", s.show(rel), err), nk.Hint())
	}
	return to, err
}

// open opens a sealed file, naming the file, the block and — when no key
// fits — whose keys it is sealed to.
func (s *sealer) open(rel string, data []byte) ([]byte, *seal.File, error) {
	doc, f, err := seal.Open(data, s.ids)
	if err != nil {
		return doc, f, s.openError(rel, err)
	}
	return doc, f, nil
}

func (s *sealer) openError(rel string, err error) error {
	var oe *seal.OpenError
	if errors.As(err, &oe) && oe.NoKey {
		return withHint(fmt.Errorf("%s: %w", s.show(rel), err), sealedTo(s.keys, oe.Stanzas)+"; "+triedHint(s.idNames))
	}
	if errors.Is(err, seal.ErrClearMismatch) {
		return withHint(fmt.Errorf("%s: %w", s.show(rel), err), "restore the clear fields from git (git checkout -- FILE) and make the change with pop edit")
	}
	return fmt.Errorf("%s: %w", s.show(rel), err)
}

// sealedTo says whom a block is sealed to, as far as its stanzas show.
func sealedTo(keys *seal.Keyring, stanzas []age.Stanza) string {
	var names []string
	hidden := 0
	for _, st := range stanzas {
		switch who := keys.Who(st); {
		case who != "":
			names = append(names, who+" ("+st.Type+")")
		case st.Type == "X25519":
			hidden++
		default:
			names = append(names, "an unregistered "+st.Type+" key")
		}
	}
	if hidden > 0 {
		names = append(names, fmt.Sprintf("%d age key(s), which do not show whose", hidden))
	}
	if len(names) == 0 {
		return "it is sealed to no one"
	}
	return "it is sealed to " + strings.Join(names, ", ")
}

func triedHint(names []string) string {
	if len(names) == 0 {
		return "no key was found: pass --identity FILE or set POP_IDENTITY"
	}
	return "tried " + strings.Join(names, ", ") + "; pass --identity FILE for another key"
}

func (s *sealer) write(rel string, data []byte, verb string) error {
	if err := replaceFile(s.r.Abs(rel), data); err != nil {
		return fmt.Errorf("write %s: %w", s.show(rel), err)
	}
	fmt.Fprintf(s.env.Stdout, "%s %s\n", verb, s.show(rel))
	return nil
}

func (s *sealer) sealFile(rel string) error {
	data, err := s.read(rel)
	if err != nil {
		return err
	}
	if seal.IsSealed(data) {
		fmt.Fprintf(s.env.Stderr, "pop: %s is sealed already\n", s.show(rel))
		return nil
	}
	if !s.passes(rel, data) {
		return withHint(fmt.Errorf("%s does not pass pop check; not sealed", s.show(rel)), "fix the problems and seal again")
	}
	// A file unsealed to be changed and sealed again keeps the blocks of
	// its committed sealed version where their text is unchanged, so a
	// progress update made that way still leaves the agreement alone, and
	// a prep note stays shared with whom it was.
	prev, shared := s.committedSealed(rel)
	to, err := s.recipients(rel, data, shared)
	if err != nil {
		return err
	}
	out, err := seal.Seal(data, seal.Options{To: to, Prev: prev, Identities: s.ids, Shared: shared})
	if err != nil {
		return fmt.Errorf("%s: %w", s.show(rel), err)
	}
	return s.write(rel, out, "sealed")
}

// committedSealed returns the version of rel at git's HEAD when it is
// sealed, or nil.
func (s *sealer) committedSealed(rel string) (*seal.File, []string) {
	if len(s.ids) == 0 {
		return nil, nil
	}
	abs := s.r.Abs(rel)
	out, err := exec.Command("git", "-C", filepath.Dir(abs), "show", "HEAD:./"+filepath.Base(abs)).Output()
	if err != nil || !seal.IsSealed(out) {
		return nil, nil
	}
	f, err := seal.Parse(out)
	if err != nil {
		return nil, nil
	}
	return f, s.keys.SharedWith(f.Agreement, f.Shared)
}

func (s *sealer) unsealFile(rel string) error {
	data, err := s.read(rel)
	if err != nil {
		return err
	}
	if !seal.IsSealed(data) {
		fmt.Fprintf(s.env.Stderr, "pop: %s is not sealed\n", s.show(rel))
		return nil
	}
	doc, _, err := s.open(rel, data)
	if err != nil {
		return err
	}
	if !s.passes(rel, doc) {
		return fmt.Errorf("%s does not pass pop check once opened; left sealed", s.show(rel))
	}
	return s.write(rel, doc, "unsealed")
}

func (s *sealer) resealFile(rel string) error {
	data, err := s.read(rel)
	if err != nil {
		return err
	}
	if !seal.IsSealed(data) {
		return withHint(fmt.Errorf("%s is not sealed", s.show(rel)), "pop seal seals it")
	}
	doc, f, err := s.open(rel, data)
	if err != nil {
		return err
	}
	return s.reseal(rel, data, doc, f, s.keys.SharedWith(f.Agreement, f.Shared), "resealed")
}

// reseal seals doc again over the sealed version f, to the current
// recipients, and writes it when anything changed.
func (s *sealer) reseal(rel string, data, doc []byte, f *seal.File, shared []string, verb string) error {
	to, err := s.recipients(rel, data, shared)
	if err != nil {
		return err
	}
	// An age1 recipient does not show in its stanza: rewrap always, as a
	// rotated age1 key would otherwise go unnoticed.
	rewrap := false
	for _, r := range to {
		rewrap = rewrap || !r.Visible()
	}
	out, err := seal.Seal(doc, seal.Options{To: to, Shared: shared, Prev: f, Identities: s.ids, Rewrap: rewrap})
	if err != nil {
		return fmt.Errorf("%s: %w", s.show(rel), err)
	}
	if bytes.Equal(out, data) {
		fmt.Fprintf(s.env.Stderr, "pop: %s is sealed to its readers already\n", s.show(rel))
		return nil
	}
	if err := s.write(rel, out, verb); err != nil {
		return err
	}
	// A key slipped into the registry (a second key of someone's) gets
	// the text from here on: name each new one to whoever reseals, before
	// the commit. An age1 key does not show in its stanza, so whether it
	// is new cannot be told.
	var added []string
	for _, r := range to {
		if r.Visible() && !r.Matches(f.Agreement.Header.Stanzas) {
			added = append(added, r.String())
		}
	}
	if len(added) > 0 {
		fmt.Fprintf(s.env.Stderr, "pop: note: %s is now also sealed to %s\n", s.show(rel), safe.Term(strings.Join(added, ", ")))
	}
	return nil
}

func (s *sealer) shareFile(rel string, with []string) error {
	data, err := s.read(rel)
	if err != nil {
		return err
	}
	if !seal.IsSealed(data) {
		return withHint(fmt.Errorf("%s is not sealed", s.show(rel)), "pop seal seals it to the employee alone first")
	}
	if d := pop.ParseFrontMatter(rel, data); d.Kind != pop.KindPrep {
		return usagef("a POP is sealed to its employee, manager and the readers in .pop.yaml", "%s is not a preparation note; only those are shared", s.show(rel))
	}
	doc, f, err := s.open(rel, data)
	if err != nil {
		return err
	}
	shared := s.keys.SharedWith(f.Agreement, f.Shared)
	for _, id := range with {
		if _, ok := s.people.Get(id); !ok {
			return usagef(s.people.Hint(id), "%s is not in the people registry", id)
		}
		if !contains(shared, id) {
			shared = append(shared, id)
		}
	}
	return s.reseal(rel, data, doc, f, shared, "shared")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func runShow(env *Env, g global, file, identity string, textconv bool) error {
	p := file
	if !filepath.IsAbs(p) {
		p = filepath.Join(env.Dir, p)
	}
	// git runs the textconv filter on a temporary copy, perhaps outside
	// the repository: the bounded reader for a file a user named.
	data, err := repo.ReadLimit(p, seal.MaxSize)
	var tl *repo.TooLargeError
	switch {
	case errors.As(err, &tl):
		return fmt.Errorf("%s is %d KiB, more than the %d KiB a POP may be", file, (tl.Size+1023)/1024, seal.MaxSize>>10)
	case err != nil:
		return fmt.Errorf("read %s: %w", file, errors.Unwrap(err))
	}
	if !seal.IsSealed(data) {
		return showText(env, data)
	}
	// git runs a textconv filter on a temporary copy, perhaps outside the
	// repository: the registry only serves to name recipients when no
	// key opens the file, and is read only then.
	root := g.dir(env)
	r, rerr := g.open(env)
	if rerr == nil {
		root = r.Root
	}
	ids, idNames, err := identities(env, root, identity)
	if err != nil && !textconv {
		return err
	}
	doc, _, err := seal.Open(data, ids)
	if err != nil {
		if textconv {
			return showText(env, data)
		}
		var oe *seal.OpenError
		if errors.As(err, &oe) && oe.NoKey {
			keys := seal.NewKeyring(&repo.People{}, nil)
			if rerr == nil {
				if people, _, err := r.People(); err == nil {
					signers, _ := r.AllowedSigners()
					keys = seal.NewKeyring(people, signers)
				}
			}
			return withHint(fmt.Errorf("%s: %w", file, err), sealedTo(keys, oe.Stanzas)+"; "+triedHint(idNames))
		}
		return fmt.Errorf("%s: %w", file, err)
	}
	return showText(env, doc)
}

// showText prints a document as pop show does, on a terminal or to git's
// diff: sealed text has passed no check (a recipient can seal anything
// to the others with age), so every control character but TAB and the
// line ends is made visible instead of acting (SPEC §10). A document pop
// check accepts has none and is printed byte for byte.
func showText(env *Env, doc []byte) error {
	_, err := io.WriteString(env.Stdout, safe.TermText(string(doc)))
	return err
}

// Lines pop edit puts on top of the temporary file after a failed check.
const editNote = "# pop: "

func (s *sealer) editFile(rel string) error {
	data, err := s.read(rel)
	if err != nil {
		return err
	}
	if !seal.IsSealed(data) {
		return withHint(fmt.Errorf("%s is not sealed", s.show(rel)), "edit it directly, or pop seal it first")
	}
	doc, f, err := s.open(rel, data)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "pop-edit-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// The clear text must not outlive pop edit: an interrupt or a
	// terminate while the editor runs goes to the editor, as git does it,
	// and pop removes the temporary file and writes nothing once the
	// editor is gone. (A SIGKILL cannot be caught; the file is 0600 in a
	// 0700 folder of the temporary directory.)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	interrupted := func() bool {
		select {
		case <-sigs:
			return true
		default:
			return false
		}
	}
	tmp := filepath.Join(dir, filepath.Base(rel))
	text := doc
	var last []byte
	for {
		if err := os.WriteFile(tmp, text, 0o600); err != nil {
			return err
		}
		err := s.runEditor(tmp)
		if interrupted() {
			return fmt.Errorf("%s: interrupted; nothing written", s.show(rel))
		}
		if err != nil {
			return err
		}
		got, err := os.ReadFile(tmp)
		if err != nil {
			return err
		}
		edited := stripEditNotes(got)
		if bytes.Equal(edited, doc) {
			fmt.Fprintf(s.env.Stderr, "pop: %s is unchanged\n", s.show(rel))
			return nil
		}
		if last != nil && bytes.Equal(edited, last) {
			return fmt.Errorf("%s still does not pass pop check; edit given up, nothing written", s.show(rel))
		}
		findings := check.Opened(s.r, s.people, rel, edited)
		if !check.HasErrors(findings) {
			if seal.IsSealed(edited) {
				return fmt.Errorf("%s: the edited text has a sealed key; nothing written", s.show(rel))
			}
			return s.reseal(rel, data, edited, f, s.keys.SharedWith(f.Agreement, f.Shared), "edited")
		}
		var note bytes.Buffer
		note.WriteString(editNote + "the file does not pass pop check; fix it and save, or save it unchanged to give up\n")
		for _, fd := range findings {
			if fd.Severity == check.Error {
				fmt.Fprintf(&note, "%s%s: error: %s [%s]\n", editNote, fd.Pos, fd.Message, fd.Rule)
			}
		}
		last = edited
		text = append(note.Bytes(), edited...)
	}
}

// stripEditNotes removes the findings pop edit put on top.
func stripEditNotes(b []byte) []byte {
	for bytes.HasPrefix(b, []byte(editNote)) {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil
		}
		b = b[i+1:]
	}
	return b
}

func (s *sealer) runEditor(path string) error {
	editor := s.env.Getenv("VISUAL")
	if editor == "" {
		editor = s.env.Getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	args := strings.Fields(editor)
	cmd := exec.Command(args[0], append(args[1:], path)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s.env.Stdin, s.env.Stdout, s.env.Stderr
	cmd.Dir = s.env.Dir
	if err := cmd.Run(); err != nil {
		return withHint(fmt.Errorf("editor %s: %v; nothing written", args[0], err), "set VISUAL or EDITOR to your editor")
	}
	return nil
}

// identities finds the user's private keys (see identityHelp). A key
// named by --identity or POP_IDENTITY must load; the usual places are
// tried when they exist.
func identities(env *Env, root, flag string) ([]age.Identity, []string, error) {
	var ids []age.Identity
	var names []string
	load := func(path string, required bool) error {
		if strings.HasPrefix(path, "~/") {
			path = filepath.Join(env.Getenv("HOME"), path[2:])
		}
		// A key is a small regular file: never a FIFO that hangs, nor a
		// device that streams until memory runs out (SPEC §11).
		data, err := repo.ReadLimit(path, repo.MaxTrustSize)
		if err != nil {
			if required {
				return withHint(fmt.Errorf("identity %s: %w", path, errors.Unwrap(err)), "pass the private key file, not the .pub")
			}
			return nil
		}
		got, err := seal.ParseIdentity(path, data, passphrase(env, path))
		if err != nil {
			if required {
				return err
			}
			return nil
		}
		ids = append(ids, got...)
		names = append(names, path)
		return nil
	}
	if flag != "" {
		if !filepath.IsAbs(flag) && !strings.HasPrefix(flag, "~/") {
			flag = filepath.Join(env.Dir, flag)
		}
		if err := load(flag, true); err != nil {
			return nil, nil, err
		}
	}
	if p := env.Getenv("POP_IDENTITY"); p != "" {
		if err := load(p, true); err != nil {
			return nil, nil, err
		}
	}
	if key := gitSigningKey(root); key != "" && !strings.HasPrefix(key, "key::") {
		load(strings.TrimSuffix(key, ".pub"), false)
	}
	if home := env.Getenv("HOME"); home != "" {
		load(filepath.Join(home, ".ssh", "id_ed25519"), false)
		load(filepath.Join(home, ".ssh", "id_rsa"), false)
	}
	return ids, names, nil
}

// gitSigningKey is git's user.signingkey in dir, or "".
func gitSigningKey(dir string) string {
	out, err := exec.Command("git", "-C", dir, "config", "--get", "user.signingkey").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// passphrase asks for a key's passphrase on the terminal, when there is
// one.
func passphrase(env *Env, name string) func() ([]byte, error) {
	return func() ([]byte, error) {
		f, ok := env.Stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return nil, fmt.Errorf("%s needs its passphrase and there is no terminal to ask it on", name)
		}
		fmt.Fprintf(env.Stderr, "pop: passphrase for %s: ", name)
		p, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		return p, err
	}
}
