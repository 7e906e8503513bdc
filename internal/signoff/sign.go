package signoff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
)

// SignRequest says what to sign.
type SignRequest struct {
	Repo     *repo.Repo
	People   *repo.People
	File     string   // POP-root-relative path of the POP
	Data     []byte   // the file's bytes in the work tree
	Doc      *pop.Doc // Data parsed
	Role     Role     // "" to infer it from the signer's email
	Decision Decision
	Reason   string
	Goals    []string // with a disagreement: the disputed goals, one Pop-Goal trailer each
	Now      time.Time
	// DryRun checks every precondition, the key included, and signs and
	// writes nothing.
	DryRun bool
	// Getenv reads the environment (SSH_AUTH_SOCK, GIT_COMMITTER_*); nil
	// is os.Getenv.
	Getenv func(string) string
}

// Signed is a recorded sign-off.
type Signed struct {
	Commit   string
	Branch   string // the branch moved, like refs/heads/main
	Ref      string // refs/pop/sign-offs/<commit>
	Role     Role
	Person   string
	Email    string
	Method   string // ssh or openpgp
	Key      string // fingerprint or key id as configured
	Decision Decision
	DryRun   bool // nothing was signed; Commit and Ref are empty
}

// PreconditionError is a reason not to sign, found before anything is
// written; the command reports it as a usage error.
type PreconditionError struct {
	Msg  string
	Hint string
}

func (e *PreconditionError) Error() string { return e.Msg }

func precondition(hint, format string, args ...any) error {
	return &PreconditionError{Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// SignOffRefPrefix is where sign-off commits are kept so that they survive
// squash and rebase merges.
const SignOffRefPrefix = "refs/pop/sign-offs/"

// Sign records a sign-off as a signed commit on the current branch whose
// tree is HEAD's tree. Preconditions that fail return a
// *PreconditionError and write nothing.
func Sign(ctx context.Context, q SignRequest) (*Signed, error) {
	if q.Getenv == nil {
		q.Getenv = os.Getenv
	}
	switch q.Decision {
	case DecisionAgreed, DecisionSeen:
	case DecisionDisagreed:
		if strings.TrimSpace(q.Reason) == "" {
			return nil, precondition("say why with --reason TEXT", "a disagreement needs a reason")
		}
	default:
		return nil, fmt.Errorf("unknown decision %q", q.Decision)
	}
	g, err := openGit(q.Repo)
	if err != nil {
		return nil, precondition("run git init and commit the POP first", "%v", err)
	}
	defer g.close()
	x, err := g.seam()
	if err != nil {
		return nil, err
	}
	defer x.Close()
	// git config and the read of git each start a git program: run them
	// side by side. (Without git both read through go-git, one at a time.)
	type configResult struct {
		cfg GitConfig
		err error
	}
	cfgDone := make(chan configResult, 1)
	readConfig := func() {
		cfg, err := ReadGitConfig(ctx, q.Repo.Root, g.git)
		cfgDone <- configResult{cfg, err}
	}
	if g.gitBin != "" {
		go readConfig()
	} else {
		readConfig()
	}
	at, def := g.signedFile(ctx, x, q.File, q.Data)
	branch, head, headErr := at.branch, at.head, at.err
	cr := <-cfgDone
	if cr.err != nil {
		return nil, fmt.Errorf("read git config: %w", cr.err)
	}
	cfg := cr.cfg

	// Who signs, in which role.
	name, email := cfg["user.name"], cfg["user.email"]
	if email == "" {
		email = q.Getenv("GIT_COMMITTER_EMAIL")
	}
	if name == "" {
		name = q.Getenv("GIT_COMMITTER_NAME")
	}
	if email == "" {
		return nil, precondition("set it with git config user.email YOU@EXAMPLE.COM", "git user.email is not set")
	}
	person, ok := q.People.ByEmail(email)
	if !ok {
		return nil, precondition("add yourself with pop person add, or set git config user.email to the address in "+q.People.Path,
			"git user.email %s is not in the people registry", email)
	}
	if name == "" {
		name = person.Name
	}
	// Only a POP's own path is ever written into a trailer (a --disagree
	// skips pop check, which otherwise says so).
	if f := repo.ParseFilePath(q.Repo.Config.Dir, q.File); f.Kind != pop.KindPOP || !repo.IsSlug(f.Person) {
		return nil, precondition("a POP lives at "+q.Repo.Config.Dir+"/<person-id>/<YYYY-MM-DD>.md", "%s is not the path of a POP", q.File)
	}
	doc := namedPeople(q)
	if doc.Employee != "" && doc.Employee == doc.Manager {
		return nil, precondition("a POP is agreed between two people: name the employee's manager as manager",
			"%s is named as both employee and manager", doc.Employee)
	}
	if m := managerOn(q.People, doc.Employee, doc.Date); q.Decision != DecisionDisagreed && m != doc.Manager {
		return nil, precondition("name the employee's manager as manager, or correct the registry with pop person",
			"%s names %s as manager, but %s gives %s as %s's manager on %s", q.File, doc.Manager, q.People.Path, orNone(m), doc.Employee, doc.Date)
	}
	role, err := signerRole(doc, person.ID, q.Role, email)
	if err != nil {
		return nil, err
	}
	if headErr != nil {
		return nil, headErr
	}
	gitPath := g.gitPath(q.File)

	s, err := newSigner(ctx, cfg, name+" <"+email+">", q.Getenv)
	if err != nil {
		return nil, err
	}
	key, err := s.public(ctx)
	if err != nil {
		return nil, err
	}
	trusts, err := signerTrusts(q.Repo, def)
	if err != nil {
		return nil, err
	}
	if err := keyRegistered(trusts, key, person, s.method(), s.key(), q.Now); err != nil {
		return nil, err
	}
	reason, err := sealReason(q.Repo, q.People, q.File, q.Data, q.Reason)
	if err != nil {
		return nil, err
	}
	if q.DryRun {
		return &Signed{Branch: branch.Name().String(), Role: role, Person: person.ID, Email: email,
			Method: s.method(), Key: s.key(), Decision: q.Decision, DryRun: true}, nil
	}

	checked := checkedSigner{signer: s, check: func(sig string, payload []byte) error {
		return signatureRegistered(trusts, sig, payload, person, q.Now)
	}}
	id, err := g.commitSignOff(ctx, branch, head, gitPath, q.Data, role, q.Decision, reason, q.Goals, name, email, q.Now, checked)
	if err != nil {
		return nil, err
	}
	ref := SignOffRefPrefix + id.String()
	return &Signed{Commit: id.String(), Branch: branch.Name().String(), Ref: ref, Role: role,
		Person: person.ID, Email: email, Method: s.method(), Key: s.key(), Decision: q.Decision}, nil
}

// headFile is the checked-out branch and its head commit, or why the
// POP cannot be signed there.
type headFile struct {
	branch *plumbing.Reference
	head   *rawCommit
	err    error
}

// signedFile reads, through the git seam x, what pop sign reads of
// history: the checked-out branch and the tree of its head commit, after
// making sure file is committed there and unchanged in data, and the
// default branch's trust material — all in one ReadFiles (one git
// program), the tree as the path "" of the head commit.
func (g *gitRepo) signedFile(ctx context.Context, x gitx.Repo, file string, data []byte) (headFile, defaultTrust) {
	var at headFile
	at.branch, at.err = g.branch()
	def, defID := g.defaultBranch()
	var refs []gitx.FileRef
	if at.err == nil {
		refs = append(refs, gitx.FileRef{Tree: at.branch.Hash(), Path: g.gitPath(file)}, gitx.FileRef{Tree: at.branch.Hash()})
	}
	if def.err == nil && def.branch != "" {
		refs = append(refs, g.trustAtRefs(defID)...)
	}
	fs, err := x.ReadFiles(ctx, refs)
	if err != nil {
		if at.err == nil {
			at.err = err
		}
		if def.err == nil && def.branch != "" {
			def.err = fmt.Errorf("read %s: %w", def.branch, err)
		}
		return at, def
	}
	if def.err == nil && def.branch != "" {
		k := len(fs) - len(g.trustAtRefs(defID))
		if def.tr, err = g.trustAt(ctx, x, defID, fs[k:]); err != nil {
			def.err = fmt.Errorf("read %s: %w", def.branch, err)
		}
	}
	if at.err != nil {
		return at, def
	}
	// The new commit needs only the head's id and tree.
	if root := fs[1]; root.Found && root.Mode == gitx.Dir {
		at.head = &rawCommit{ID: at.branch.Hash(), Tree: root.ID}
	} else {
		at.err = fmt.Errorf("read the tree of %s: %w", at.branch.Name().Short(), gitx.ErrNotFound)
		return at, def
	}
	// Compare the file's blob alone.
	switch f := fs[0]; {
	case !f.Found || !f.IsRegular():
		at.err = precondition("git add "+file+" && git commit", "%s is not committed", file)
	case plumbing.ComputeHash(plumbing.BlobObject, data) != f.ID:
		at.err = precondition("commit or undo the change, then sign", "%s has changes that are not committed", file)
	}
	return at, def
}

// branch returns the checked-out branch, as its ref names it.
func (g *gitRepo) branch() (*plumbing.Reference, error) {
	headRef, err := g.git.Reference(plumbing.HEAD, false)
	if err != nil {
		return nil, precondition("commit the POP first", "no HEAD: %v", err)
	}
	if headRef.Type() != plumbing.SymbolicReference {
		return nil, precondition("check out a branch first", "HEAD is detached")
	}
	branch, err := g.git.Reference(headRef.Target(), false)
	if err != nil {
		return nil, precondition("commit the POP first", "branch %s has no commits", headRef.Target().Short())
	}
	return branch, nil
}

// namedPeople returns whom the POP names as employee and manager. A
// disagreement is recorded even when the file does not pass pop check
// (refusing must always be possible): where its front matter names no
// employee, the path does, and the registry the manager.
func namedPeople(q SignRequest) *pop.Doc {
	d := &pop.Doc{Employee: q.Doc.Employee, Manager: q.Doc.Manager, Date: q.Doc.Date}
	if q.Decision != DecisionDisagreed {
		return d
	}
	f := repo.ParseFilePath(q.Repo.Config.Dir, q.File)
	if d.Employee == "" {
		d.Employee = f.Person
	}
	if d.Date.IsZero() {
		d.Date = f.Date
	}
	if d.Manager == "" {
		d.Manager = managerOn(q.People, d.Employee, d.Date)
	}
	return d
}

// defaultTrust is what defaultBranchTrust found.
type defaultTrust struct {
	branch string
	tr     *trust
	err    error
}

// namedTrust is trust material and where it was read, for messages.
type namedTrust struct {
	where  string // "in the work tree", "on main"
	branch string // "" for the work tree
	tr     *trust
}

// signerTrusts reads the registries a sign-off must count in: the work
// tree's and, when the default branch has one, that branch's (SPEC §6.1).
func signerTrusts(r *repo.Repo, def defaultTrust) ([]namedTrust, error) {
	wt, err := worktreeTrust(r)
	if err != nil {
		return nil, precondition("fix the registry first: pop check lists its problems", "read the trust registry: %v", err)
	}
	out := []namedTrust{{where: "in the work tree", tr: wt}}
	branch, tr, err := def.branch, def.tr, def.err
	if err != nil || tr == nil {
		return out, err
	}
	if err := tr.load(); err != nil {
		return nil, precondition("", "read the trust registry on %s: %v", branch, err)
	}
	return append(out, namedTrust{where: "on " + branch, branch: branch, tr: tr}), nil
}

// keyRegistered refuses a key that would make a sign-off verify does not
// count: it must count for person in every registry of trusts.
func keyRegistered(trusts []namedTrust, key signerKey, person repo.Person, method, keyName string, now time.Time) error {
	what := fmt.Sprintf("the %s key %s", method, keyName)
	for _, nt := range trusts {
		if nt.branch == "" {
			if reason := nt.tr.keyCounts(key, person, now); reason != "" {
				return precondition("register your key for "+person.Email+" (pop person add --ssh-key or --pgp-key), commit it and have it merged, or point git config user.signingkey at your registered key",
					"%s is not registered for %s (%s) %s: %s", what, person.ID, person.Email, nt.where, reason)
			}
			continue
		}
		there, ok := nt.tr.persons.Get(person.ID)
		if !ok {
			return precondition("have the registry change merged into "+nt.branch+" first", "%s is not in the people registry %s", person.ID, nt.where)
		}
		if reason := nt.tr.keyCounts(key, there, now); reason != "" {
			return precondition("have the key merged into "+nt.branch+" first: pop verify --trust "+nt.branch+" would not count it",
				"%s is not registered for %s (%s) %s: %s", what, there.ID, there.Email, nt.where, reason)
		}
	}
	return nil
}

// checkedSigner checks the signature its signer made, before anything is
// written: gpg may choose another key than the one pop asked it about.
type checkedSigner struct {
	signer
	check func(sig string, payload []byte) error
}

func (s checkedSigner) sign(ctx context.Context, payload []byte) (string, error) {
	sig, err := s.signer.sign(ctx, payload)
	if err != nil {
		return "", err
	}
	return sig, s.check(sig, payload)
}

// signatureRegistered is keyRegistered for a signature already made.
func signatureRegistered(trusts []namedTrust, sig string, payload []byte, person repo.Person, now time.Time) error {
	c := &rawCommit{Signatures: []string{sig}, Payload: payload, When: now}
	for _, nt := range trusts {
		sc := checkSig(c, nt.tr)
		var key signerKey
		switch {
		case sc.reason != "":
			return precondition("check git config user.signingkey; git verify-commit must accept your commits",
				"the signature made is not one pop verify counts %s: %s", nt.where, sc.reason)
		case sc.pub != nil:
			key.ssh = sc.pub
		case sc.entity != nil:
			var fp [20]byte
			copy(fp[:], sc.entity.PrimaryKey.Fingerprint)
			key.pgp = [][20]byte{fp}
		}
		if err := keyRegistered([]namedTrust{nt}, key, person, sc.method, sc.key, now); err != nil {
			return err
		}
	}
	return nil
}

// signerRole finds the role person plays in doc: the one asked for, or the
// only one the person fits.
func signerRole(doc *pop.Doc, person string, want Role, email string) (Role, error) {
	var fits []Role
	if doc.Employee == person {
		fits = append(fits, RoleEmployee)
	}
	if doc.Manager == person {
		fits = append(fits, RoleManager)
	}
	switch {
	case want != "":
		for _, r := range fits {
			if r == want {
				return r, nil
			}
		}
		return "", precondition("sign with the git user.email of the "+string(want)+", or choose --as", "%s (%s) is not the %s of this POP", person, email, want)
	case len(fits) == 1:
		return fits[0], nil
	case len(fits) == 0:
		return "", precondition("only the employee and the manager named in the POP sign it", "%s (%s) is neither the employee nor the manager of this POP", person, email)
	}
	return "", precondition("choose one with --as employee or --as manager", "%s is both employee and manager of this POP", person)
}

func readAll(o plumbing.EncodedObject) ([]byte, error) {
	rd, err := o.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	buf := make([]byte, o.Size())
	n := 0
	for n < len(buf) {
		m, err := rd.Read(buf[n:])
		n += m
		if err != nil {
			break
		}
	}
	return buf[:n], nil
}

// commitSignOff writes the signed sign-off commit on top of head, moves
// branch to it with a compare-and-swap and points the sign-off ref at it.
func (g *gitRepo) commitSignOff(ctx context.Context, branch *plumbing.Reference, head *rawCommit, gitPath string, data []byte,
	role Role, d Decision, reason string, goals []string, name, email string, when time.Time, s signer) (plumbing.Hash, error) {
	msg := WithGoals(Message(role, d, gitPath, sha256Hex(data), reason), goals)
	who := object.Signature{Name: name, Email: email, When: when}
	c := &object.Commit{
		Author: who, Committer: who, Message: msg,
		TreeHash: head.Tree, ParentHashes: []plumbing.Hash{head.ID},
	}
	unsigned := g.git.Storer.NewEncodedObject()
	if err := c.EncodeWithoutSignature(unsigned); err != nil {
		return plumbing.ZeroHash, err
	}
	payload, err := readAll(unsigned)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	sig, err := s.sign(ctx, payload)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	c.PGPSignature = sig
	obj := g.git.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	ref := plumbing.ReferenceName(SignOffRefPrefix + obj.Hash().String())
	if g.gitBin != "" {
		return g.writeWithGit(ctx, obj, branch, ref)
	}
	id, err := g.git.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write commit: %w", err)
	}
	// Compare and swap: a commit made meanwhile is never lost.
	if err := g.git.Storer.CheckAndSetReference(plumbing.NewHashReference(branch.Name(), id), branch); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("move %s: %w (did someone commit meanwhile? run pop sign again)", branch.Name().Short(), err)
	}
	if err := g.git.Storer.SetReference(plumbing.NewHashReference(ref, id)); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write %s: %w", ref, err)
	}
	return id, nil
}

// writeWithGit writes the commit as a loose object and moves the branch
// and the sign-off ref in one git update-ref transaction, whose
// "update REF NEW OLD" is git's own compare-and-swap. Unlike go-git's
// reference storage, it never loads the whole pack index, so the cost does
// not grow with the repository.
func (g *gitRepo) writeWithGit(ctx context.Context, obj plumbing.EncodedObject, branch *plumbing.Reference, ref plumbing.ReferenceName) (plumbing.Hash, error) {
	id, err := g.git.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write commit: %w", err)
	}
	tx := fmt.Sprintf("start\nupdate %s %s %s\ncreate %s %s\nprepare\ncommit\n", branch.Name(), id, branch.Hash(), ref, id)
	if _, err := g.run(ctx, []byte(tx), "update-ref", "-m", "pop sign", "--stdin"); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("move %s: %w (did someone commit meanwhile? run pop sign again)", branch.Name().Short(), err)
	}
	return id, nil
}

// run runs git in the work tree and returns its output.
func (g *gitRepo) run(ctx context.Context, stdin []byte, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, g.gitBin, args...)
	cmd.Dir = g.root
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out.String(), nil
}

// SignWithKey records a sign-off of the POP at rel as committed at HEAD,
// signed in-process with an SSH key, without git config and without the
// preconditions of Sign. It serves pop demo and benchmarks, which make
// their own throwaway keys.
func SignWithKey(r *repo.Repo, rel string, role Role, d Decision, reason, name, email string, when time.Time, key ssh.Signer) (string, error) {
	return SignGoalsWithKey(r, rel, role, d, reason, nil, name, email, when, key)
}

// SignGoalsWithKey is SignWithKey for a disagreement about goals.
func SignGoalsWithKey(r *repo.Repo, rel string, role Role, d Decision, reason string, goals []string, name, email string, when time.Time, key ssh.Signer) (string, error) {
	g, err := openGit(r)
	if err != nil {
		return "", err
	}
	defer g.close()
	branch, err := g.branch()
	if err != nil {
		return "", err
	}
	// In-process: the demo writes a handful of commits.
	g.gitBin = ""
	x, err := gitx.OpenGoGit(g.root)
	if err != nil {
		return "", err
	}
	defer x.Close()
	ctx := context.Background()
	head, err := readCommit(ctx, x, branch.Hash())
	if err != nil {
		return "", err
	}
	fs, err := x.ReadFiles(ctx, []gitx.FileRef{{Tree: head.ID, Path: g.gitPath(rel)}})
	if err != nil {
		return "", err
	}
	if !fs[0].Found || !fs[0].IsRegular() {
		return "", fmt.Errorf("%s is not committed", rel)
	}
	data := fs[0].Data
	people, _, err := r.People()
	if err != nil {
		return "", err
	}
	if reason, err = sealReason(r, people, rel, data, reason); err != nil {
		return "", err
	}
	id, err := g.commitSignOff(ctx, branch, head, g.gitPath(rel), data, role, d, reason, goals, name, email, when, &sshSigner{s: key})
	return id.String(), err
}

// sealReason seals a disagreement's reason on a sealed POP (SPEC §8) to
// the POP's readers that the POP is sealed to, so that the commit message carries armor instead of
// plan text; pop verify --reasons opens it with a reader's key. A reason
// on a POP in clear is returned as it is.
func sealReason(r *repo.Repo, people *repo.People, rel string, data []byte, reason string) (string, error) {
	if strings.TrimSpace(reason) == "" || !seal.IsSealed(data) {
		return reason, nil
	}
	signers, err := r.AllowedSigners()
	if err != nil {
		return "", err
	}
	doc := pop.ParseFrontMatter(rel, data)
	to, err := seal.NewKeyring(people, signers).For(seal.ReadersOf(doc, r.Config.Readers, doc.Shared))
	var nk *seal.NoKeyError
	if errors.As(err, &nk) {
		return "", precondition(nk.Hint(), "the reason must be sealed like the POP, but %v", err)
	}
	if err != nil {
		return "", err
	}
	// The reason is as private as the POP it is about: only those whose
	// key the POP's agreement block is sealed to get it. The work tree's
	// readers and registry may come from the branch being signed on, and
	// a branch that names a new reader must not hand them the reason. An
	// age1 key does not show in its stanza and is kept.
	f, err := seal.ParseEnvelope(data)
	if err != nil {
		return "", err
	}
	var keep []seal.Recipient
	for _, rc := range to {
		if !rc.Visible() || rc.Matches(f.Agreement.Header.Stanzas) {
			keep = append(keep, rc)
		}
	}
	return seal.SealText(reason, keep)
}

// DefaultBranches are where pop looks for the repository's default
// branch, in order: origin's HEAD, origin's main and master, then the
// local main and master. pop sign checks the signing key against the
// registry there, and pop doctor looks in the same place.
var DefaultBranches = []string{"refs/remotes/origin/HEAD", "refs/remotes/origin/main", "refs/remotes/origin/master", "refs/heads/main", "refs/heads/master"}

// defaultBranch returns the repository's default branch, the first of
// DefaultBranches that exists, by its short name ("" when there is none),
// and its commit. The refs are read where go-git already has them open:
// asking git would start a program per name.
func (g *gitRepo) defaultBranch() (defaultTrust, gitx.Hash) {
	for _, n := range DefaultBranches {
		ref, err := g.git.Reference(plumbing.ReferenceName(n), true)
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			continue
		}
		short := plumbing.ReferenceName(n).Short()
		if err != nil {
			return defaultTrust{branch: short, err: fmt.Errorf("read %s: %w", short, err)}, gitx.Hash{}
		}
		return defaultTrust{branch: short}, ref.Hash()
	}
	return defaultTrust{}, gitx.Hash{}
}

// trustAtRefs names what trustAt reads first of commit id: .pop.yaml and
// the trust material where the default configuration places it.
func (g *gitRepo) trustAtRefs(id gitx.Hash) []gitx.FileRef {
	return append([]gitx.FileRef{{Tree: id, Path: g.gitPath(repo.ConfigFile)}}, g.trustRefs(id, repo.DefaultConfig())...)
}

// trustAt makes the trust material of commit id as its own .pop.yaml
// places it, of fs, the files trustAtRefs(id) names: usually nothing more
// is read, as the files are at their default paths. It is nil when the
// commit holds no POP repository or no registry.
func (g *gitRepo) trustAt(ctx context.Context, x gitx.Repo, id gitx.Hash, fs []gitx.File) (*trust, error) {
	if !fs[0].Found || !fs[0].IsRegular() {
		return nil, nil // no POP repository there (yet)
	}
	cfg, err := repo.ParseConfig(repo.ConfigFile, fs[0].Data)
	if err != nil {
		return nil, nil
	}
	files, def := fs[1:], repo.DefaultConfig()
	if cfg.People != def.People || cfg.AllowedSigners != def.AllowedSigners ||
		strings.TrimSuffix(cfg.OpenPGPKeys, "/") != strings.TrimSuffix(def.OpenPGPKeys, "/") {
		if files, err = x.ReadFiles(ctx, g.trustRefs(id, cfg)); err != nil {
			return nil, err
		}
	}
	return g.trustFrom(ctx, x, id, cfg, files)
}
