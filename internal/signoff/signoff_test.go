package signoff

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

func agreeBoth(f *fixture) {
	f.t.Helper()
	f.as("jan-peeters")
	f.sign(fixturePOP, "", DecisionAgreed, "")
	f.as("an-janssens")
	f.sign(fixturePOP, "", DecisionAgreed, "")
}

func TestSignPassesGitVerifyCommitSSH(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "ssh-keygen")
	f.as("jan-peeters")
	s := f.sign(fixturePOP, "", DecisionAgreed, "")
	if s.Role != RoleEmployee || s.Method != "ssh" {
		t.Fatalf("signed %+v", s)
	}
	out, err := f.gitVerifyCommit(s.Commit)
	if err != nil || !strings.Contains(out, `Good "git" signature for jan@example.com`) {
		t.Fatalf("git verify-commit: %v\n%s", err, out)
	}
	// The commit is on the branch, changes no files and is kept under refs/pop.
	if head := f.git("rev-parse", "HEAD"); head != s.Commit {
		t.Errorf("HEAD %s, want %s", head, s.Commit)
	}
	if tree := f.git("rev-parse", "HEAD^{tree}"); tree != f.git("rev-parse", "HEAD~1^{tree}") {
		t.Error("the sign-off commit changed the tree")
	}
	if id := f.git("rev-parse", SignOffRefPrefix+s.Commit); id != s.Commit {
		t.Errorf("sign-off ref points at %s", id)
	}
	msg := f.git("log", "-1", "--format=%B")
	want := strings.TrimSpace(Message(RoleEmployee, DecisionAgreed, fixturePOP, sha256Hex(f.read(fixturePOP)), ""))
	if msg != want {
		t.Errorf("message\n%s\nwant\n%s", msg, want)
	}
	if st := f.status(Options{}); st.State != EmployeeSigned {
		t.Errorf("state %s, want employee-signed", st.State)
	}
}

func TestSignVerifyStates(t *testing.T) {
	tests := []struct {
		name string
		do   func(f *fixture)
		want State
	}{
		{"unsigned", func(f *fixture) {}, Unsigned},
		{"employee only", func(f *fixture) { f.as("jan-peeters"); f.sign(fixturePOP, "", DecisionAgreed, "") }, EmployeeSigned},
		{"manager only", func(f *fixture) { f.as("an-janssens"); f.sign(fixturePOP, "", DecisionAgreed, "") }, ManagerSigned},
		{"both agreed", agreeBoth, Agreed},
		{"seen", func(f *fixture) {
			f.as("jan-peeters")
			f.sign(fixturePOP, "", DecisionSeen, "")
			f.as("an-janssens")
			f.sign(fixturePOP, "", DecisionAgreed, "")
		}, Seen},
		{"disagreed", func(f *fixture) {
			f.as("jan-peeters")
			f.sign(fixturePOP, "", DecisionDisagreed, "De timing is te krap.")
			f.as("an-janssens")
			f.sign(fixturePOP, "", DecisionAgreed, "")
		}, Disagreed},
		{"newest counts", func(f *fixture) {
			f.as("jan-peeters")
			f.sign(fixturePOP, "", DecisionDisagreed, "Nog niet.")
			f.sign(fixturePOP, "", DecisionAgreed, "")
			f.as("an-janssens")
			f.sign(fixturePOP, "", DecisionAgreed, "")
		}, Agreed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.do(f)
			st := f.status(Options{})
			if st.State != tt.want {
				t.Fatalf("state %s, want %s (invalid %+v)", st.State, tt.want, st.Invalid)
			}
			if tt.want == Disagreed && !strings.Contains(st.Employee.Reason, "te krap") {
				t.Errorf("reason %q", st.Employee.Reason)
			}
		})
	}
}

func TestSignPreconditions(t *testing.T) {
	tests := []struct {
		name string
		do   func(f *fixture) error
		want string
	}{
		{"not in registry", func(f *fixture) error {
			f.git("config", "user.email", "stranger@example.com")
			f.git("config", "gpg.format", "ssh")
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "not in the people registry"},
		{"neither role", func(f *fixture) error {
			f.as("eva-claes")
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "neither the employee nor the manager"},
		{"wrong --as", func(f *fixture) error {
			f.as("jan-peeters")
			return errOf(f.trySign(fixturePOP, RoleManager, DecisionAgreed, ""))
		}, "is not the manager"},
		{"uncommitted change", func(f *fixture) error {
			f.as("jan-peeters")
			f.write(fixturePOP, strings.Replace(fixtureContent, "2027-Q1", "2027-Q2", 1))
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "not committed"},
		{"never committed", func(f *fixture) error {
			f.as("jan-peeters")
			f.write("pop/jan-peeters/2026-12-01.md", fixtureContent)
			return errOf(f.trySign("pop/jan-peeters/2026-12-01.md", "", DecisionAgreed, ""))
		}, "is not committed"},
		{"disagree without reason", func(f *fixture) error {
			f.as("jan-peeters")
			return errOf(f.trySign(fixturePOP, "", DecisionDisagreed, " "))
		}, "needs a reason"},
		{"no signing key", func(f *fixture) error {
			f.as("jan-peeters")
			f.git("config", "--unset", "user.signingkey")
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "user.signingkey is not set"},
		{"self-approval", func(f *fixture) error {
			f.write(fixturePOP, strings.Replace(fixtureContent, "manager: an-janssens", "manager: jan-peeters", 1))
			f.commit("jan as his own manager")
			f.as("jan-peeters")
			return errOf(f.trySign(fixturePOP, RoleManager, DecisionAgreed, ""))
		}, "jan-peeters is named as both employee and manager"},
		{"key of no one", func(f *fixture) error {
			_, stranger := f.makeKey("stranger")
			f.asKey("jan-peeters", stranger)
			return errOf(f.trySign(fixturePOP, "", DecisionDisagreed, "no"))
		}, "is not registered for jan-peeters (jan@example.com) in the work tree: unknown key"},
		{"key of another", func(f *fixture) error {
			f.asKey("jan-peeters", f.files["an-janssens"])
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "in the work tree: key of another person"},
		{"key only in the work tree", func(f *fixture) error {
			k, file := f.makeKey("new")
			f.write(".pop/allowed_signers", string(f.read(".pop/allowed_signers"))+repo.SignerLine("jan@example.com", k.PublicKey())+"\n")
			f.asKey("jan-peeters", file)
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "is not registered for jan-peeters (jan@example.com) on main: unknown key"},
		{"key only on a branch", func(f *fixture) error {
			f.git("checkout", "-q", "-b", "pr")
			k, file := f.makeKey("new")
			f.write(".pop/allowed_signers", string(f.read(".pop/allowed_signers"))+repo.SignerLine("jan@example.com", k.PublicKey())+"\n")
			f.commit("my new key")
			f.asKey("jan-peeters", file)
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "on main: unknown key"},
		{"main's own .pop.yaml", func(f *fixture) error {
			// main keeps its allowed signers elsewhere, without jan's key.
			f.write(".pop/other", repo.SignerLine("an@example.com", f.keys["an-janssens"].PublicKey())+"\n")
			f.write(".pop.yaml", "lang: nl\nallowed_signers: .pop/other\n")
			f.commit("move the allowed signers")
			f.git("checkout", "-q", "-b", "pr")
			f.write(".pop.yaml", "lang: nl\n")
			f.commit("back")
			f.as("jan-peeters")
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "is not registered for jan-peeters (jan@example.com) on main: unknown key"},
		{"a peer as manager", func(f *fixture) error {
			f.write(fixturePOP, strings.Replace(fixtureContent, "manager: an-janssens", "manager: eva-claes", 1))
			f.commit("eva as manager")
			f.as("eva-claes")
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "names eva-claes as manager, but .pop/people.yaml gives an-janssens as jan-peeters's manager on 2026-11-20"},
		{"not a POP's path", func(f *fixture) error {
			f.write("pop/jan-peeters/notes.md", fixtureContent)
			f.commit("notes")
			f.as("jan-peeters")
			return errOf(f.trySign("pop/jan-peeters/notes.md", "", DecisionDisagreed, "no"))
		}, "pop/jan-peeters/notes.md is not the path of a POP"},
		{"expired key", func(f *fixture) error {
			data := strings.Replace(string(f.read(".pop/allowed_signers")), `jan@example.com namespaces="git"`, `jan@example.com namespaces="git",valid-before="20200101"`, 1)
			f.write(".pop/allowed_signers", data)
			f.as("jan-peeters")
			return errOf(f.trySign(fixturePOP, "", DecisionAgreed, ""))
		}, "key not valid at the committer date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			err := tt.do(f)
			var pe *PreconditionError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want a precondition error with %q", err, tt.want)
			}
			if msg := f.git("log", "-1", "--format=%B"); strings.Contains(msg, TrailerRole) {
				t.Error("a sign-off was committed")
			}
			if refs := f.git("for-each-ref", "refs/pop"); refs != "" {
				t.Errorf("refs written: %s", refs)
			}
		})
	}
}

func errOf(_ *Signed, err error) error { return err }

// TestSignDryRun: --dry-run checks everything and writes nothing.
func TestSignDryRun(t *testing.T) {
	f := newFixture(t)
	head := f.git("rev-parse", "HEAD")
	f.as("jan-peeters")
	people, _, _ := f.r.People()
	data := f.read(fixturePOP)
	s, err := Sign(t.Context(), SignRequest{Repo: f.r, People: people, File: fixturePOP, Data: data,
		Doc: pop.Parse(fixturePOP, data), Decision: DecisionAgreed, Now: f.tick(), DryRun: true})
	if err != nil || !s.DryRun || s.Commit != "" || s.Role != RoleEmployee || s.Method != "ssh" {
		t.Fatalf("dry run: %+v %v", s, err)
	}
	if now := f.git("rev-parse", "HEAD"); now != head {
		t.Error("HEAD moved")
	}
	if refs := f.git("for-each-ref", "refs/pop"); refs != "" {
		t.Errorf("refs written: %s", refs)
	}
	// It refuses what Sign refuses.
	f.asKey("jan-peeters", f.files["an-janssens"])
	_, err = Sign(t.Context(), SignRequest{Repo: f.r, People: people, File: fixturePOP, Data: data,
		Doc: pop.Parse(fixturePOP, data), Decision: DecisionAgreed, Now: f.tick(), DryRun: true})
	if err == nil {
		t.Fatal("dry run with another's key passed")
	}
}

// TestSignDisagreeUnreadable: a disagreement is possible even with a POP
// whose front matter names no one; the path and registry say who is who.
func TestSignDisagreeUnreadable(t *testing.T) {
	f := newFixture(t)
	broken := "---\npop: 1\nkind: pop\n  employee: [\n---\n"
	f.write(fixturePOP, broken)
	f.commit("break it")
	f.as("an-janssens")
	s := f.sign(fixturePOP, "", DecisionDisagreed, "kapot")
	if s.Role != RoleManager {
		t.Fatalf("role %s", s.Role)
	}
	if _, err := f.trySign(fixturePOP, "", DecisionAgreed, ""); err == nil {
		t.Error("agreeing to a POP that names no one passed")
	}
}

func TestSignCompareAndSwap(t *testing.T) {
	f := newFixture(t)
	f.as("jan-peeters")
	// A commit made between reading HEAD and moving the branch must not be
	// lost: simulate it by moving the branch under a stale reference.
	g, err := openGit(f.r)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := g.git.Reference("refs/heads/main", false)
	f.write("other.txt", "x")
	f.commit("concurrent")
	now, _ := g.git.Reference("refs/heads/main", false)
	err = g.git.Storer.CheckAndSetReference(plumbing.NewHashReference("refs/heads/main", old.Hash()), old)
	if err == nil {
		t.Fatal("compare and swap accepted a stale reference")
	}
	if cur, _ := g.git.Reference("refs/heads/main", false); cur.Hash() != now.Hash() {
		t.Fatal("concurrent commit lost")
	}
	// The same through git update-ref, which pop sign uses when git is
	// installed: a stale branch is refused and nothing moves.
	x, err := g.seam()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	head, err := readCommit(t.Context(), x, now.Hash())
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.commitSignOff(t.Context(), old, head, fixturePOP, f.read(fixturePOP), RoleEmployee, DecisionAgreed, "", nil,
		"Jan", "jan@example.com", f.tick(), &sshSigner{s: f.keys["jan-peeters"]})
	if err == nil || !strings.Contains(err.Error(), "did someone commit meanwhile") {
		t.Fatalf("stale branch: %v", err)
	}
	if cur := f.git("rev-parse", "main"); cur != now.Hash().String() {
		t.Fatal("concurrent commit lost through git update-ref")
	}
	if refs := f.git("for-each-ref", "refs/pop"); refs != "" {
		t.Errorf("sign-off ref written although the branch did not move: %s", refs)
	}
	s := f.sign(fixturePOP, "", DecisionAgreed, "")
	if parent := f.git("rev-parse", s.Commit+"^"); parent != now.Hash().String() {
		t.Errorf("sign-off parent %s, want the concurrent commit", parent)
	}
}

// Tamper cases: each is something a careless or hostile change does to a
// sign-off; each must show in the state.
func TestVerifyContentChanged(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(string) string
		want     State
		field    string
		progress bool
	}{
		{"agreement field", func(s string) string { return strings.Replace(s, "timing: 2027-Q1", "timing: 2027-Q3", 1) }, Changed, "goals[conflicten].timing", false},
		{"manager field", func(s string) string { return strings.Replace(s, "manager: an-janssens", "manager: eva-claes", 1) }, Changed, "manager", false},
		{"body", func(s string) string {
			return strings.Replace(s, "Het voorbije jaar liep goed.", "Het voorbije jaar liep slecht.", 1)
		}, Changed, "section[Terugblik]", false},
		{"progress only", func(s string) string {
			return strings.Replace(s, "    status: planned\n", "    status: in-progress\n    updates:\n      - {date: 2027-01-10, note: Ingeschreven}\n", 1)
		}, Agreed, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			agreeBoth(f)
			f.write(fixturePOP, tt.edit(fixtureContent))
			f.commit("edit")
			st := f.status(Options{})
			if st.State != tt.want {
				t.Fatalf("state %s, want %s", st.State, tt.want)
			}
			if tt.field != "" && !slices.Contains(st.Changed, tt.field) {
				t.Errorf("changed %v, want %s", st.Changed, tt.field)
			}
			if st.State != Changed && (st.Employee.Progress != tt.progress || st.Manager.Progress != tt.progress) {
				t.Errorf("progress %v/%v, want %v", st.Employee.Progress, st.Manager.Progress, tt.progress)
			}
		})
	}
}

func onlyFinding(t *testing.T, st Status, reason string) Finding {
	t.Helper()
	if st.State != Invalid {
		t.Fatalf("state %s, want invalid (findings %+v)", st.State, st.Invalid)
	}
	for _, fd := range st.Invalid {
		if fd.Reason == reason {
			return fd
		}
	}
	t.Fatalf("findings %+v, want %q", st.Invalid, reason)
	return Finding{}
}

func TestVerifyTrailersWithoutSignature(t *testing.T) {
	f := newFixture(t)
	f.git("-c", "user.email=jan@example.com", "commit", "-q", "--allow-empty",
		"-m", "pop: employee agreed to "+fixturePOP, "-m", strings.TrimSpace(f.trailersFor(fixturePOP, RoleEmployee, DecisionAgreed)))
	fd := onlyFinding(t, f.status(Options{}), reasonUnsigned)
	if strings.Contains(fd.Hint, "squash") {
		t.Errorf("hint %q should not speak of a squash merge", fd.Hint)
	}
}

func TestVerifyKeyNotInAllowedSigners(t *testing.T) {
	f := newFixture(t)
	_, stranger := f.makeKey("stranger")
	f.asKey("jan-peeters", stranger)
	// pop sign refuses the key (TestSignRefusesUnregisteredKey); by hand:
	requireTool(t, "ssh-keygen")
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	onlyFinding(t, f.status(Options{}), reasonUnknownKey)
}

func TestVerifyManagerKeyForEmployeeRole(t *testing.T) {
	f := newFixture(t)
	f.asKey("jan-peeters", f.files["an-janssens"])
	// pop sign refuses the key (TestSignRefusesUnregisteredKey); by hand:
	requireTool(t, "ssh-keygen")
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	onlyFinding(t, f.status(Options{}), reasonOtherPerson)
}

func TestVerifyKeyRemoved(t *testing.T) {
	f := newFixture(t)
	agreeBoth(f)
	if st := f.status(Options{}); st.State != Agreed {
		t.Fatalf("before removal: %s", st.State)
	}
	signers := strings.Split(string(f.read(".pop/allowed_signers")), "\n")
	signers = slices.DeleteFunc(signers, func(l string) bool { return strings.HasPrefix(l, "jan@") })
	f.write(".pop/allowed_signers", strings.Join(signers, "\n"))
	f.commit("revoke jan's key")
	onlyFinding(t, f.status(Options{}), reasonUnknownKey)
}

func TestVerifyValidBeforeAtCommitterDate(t *testing.T) {
	f := newFixture(t)
	data := strings.Replace(string(f.read(".pop/allowed_signers")), `jan@example.com namespaces="git"`, `jan@example.com namespaces="git",valid-before="20200101"`, 1)
	f.write(".pop/allowed_signers", data)
	f.commit("expire jan's key")
	f.as("jan-peeters")
	// pop sign refuses the key (TestSignRefusesUnregisteredKey); by hand:
	requireTool(t, "ssh-keygen")
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	onlyFinding(t, f.status(Options{}), reasonKeyExpired)
}

func TestVerifySHA256NotInSignedTree(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "ssh-keygen")
	f.as("jan-peeters")
	msg := Message(RoleEmployee, DecisionAgreed, fixturePOP, strings.Repeat("ab", 32), "")
	f.git("commit", "-q", "-S", "--allow-empty", "-m", msg)
	onlyFinding(t, f.status(Options{}), reasonNotInTree)
}

func TestVerifyTwoSignatures(t *testing.T) {
	f := newFixture(t)
	f.as("jan-peeters")
	s := f.sign(fixturePOP, "", DecisionAgreed, "")
	// Re-write the commit with its signature block twice.
	g, _ := openGit(f.r)
	c, err := g.git.CommitObject(plumbing.NewHash(s.Commit))
	if err != nil {
		t.Fatal(err)
	}
	c.PGPSignature += c.PGPSignature
	obj := g.git.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		t.Fatal(err)
	}
	id, _ := g.git.Storer.SetEncodedObject(obj)
	g.git.Storer.SetReference(plumbing.NewHashReference("refs/heads/main", id))
	g.git.Storer.RemoveReference(plumbing.ReferenceName(SignOffRefPrefix + s.Commit))
	onlyFinding(t, f.status(Options{}), reasonTwoSigs)
}

func TestVerifyReplayedOntoAnotherPath(t *testing.T) {
	f := newFixture(t)
	agreeBoth(f)
	// The same bytes under another POP's path: the sign-offs name the
	// first path and do not carry over.
	other := "pop/jan-peeters/2027-05-20.md"
	f.write(other, fixtureContent)
	f.commit("copy")
	rep := f.verify(Options{Paths: []string{other}})
	if len(rep.Statuses) != 1 || rep.Statuses[0].State != Unsigned {
		t.Fatalf("copy: %+v", rep.Statuses)
	}
	// A signed commit whose Pop-File names the other path, with the sum of
	// the signed POP: the signed tree holds other bytes... here the same
	// bytes, so it counts; with a changed copy it must not.
	f.write(other, strings.Replace(fixtureContent, "2027-Q1", "2027-Q4", 1))
	f.commit("change copy")
	requireTool(t, "ssh-keygen")
	f.as("jan-peeters")
	msg := Message(RoleEmployee, DecisionAgreed, other, sha256Hex([]byte(fixtureContent)), "")
	f.git("commit", "-q", "-S", "--allow-empty", "-m", msg)
	rep = f.verify(Options{Paths: []string{other}})
	if st := rep.Statuses[0]; st.State != Invalid || st.Invalid[0].Reason != reasonNotInTree {
		t.Fatalf("replayed: %+v", st)
	}
}

func TestVerifySquashMerge(t *testing.T) {
	f := newFixture(t)
	f.git("checkout", "-q", "-b", "sign")
	agreeBoth(f)
	msgs := f.git("log", "--format=%B", "main..sign")
	f.git("checkout", "-q", "main")
	f.git("merge", "-q", "--squash", "sign")
	f.git("-c", "user.email=bot@example.com", "commit", "-q", "--allow-empty", "-m", "Sign-off (#12)\n\n"+msgs)
	f.git("branch", "-q", "-D", "sign")
	st := f.status(Options{})
	if st.State != Agreed {
		t.Fatalf("state %s, want agreed through refs/pop (findings %+v)", st.State, st.Invalid)
	}
	if len(st.Invalid) == 0 || !strings.Contains(st.Invalid[0].Hint, "squash") {
		t.Errorf("the squash commit's trailers should be reported with a squash hint: %+v", st.Invalid)
	}
	// Without the refs (not fetched), the sign-offs are gone.
	for _, ref := range strings.Fields(f.git("for-each-ref", "--format=%(refname)", "refs/pop")) {
		f.git("update-ref", "-d", ref)
	}
	onlyFinding(t, f.status(Options{}), reasonUnsigned)
}

func TestVerifyBranchAddsOwnKey(t *testing.T) {
	f := newFixture(t)
	f.git("checkout", "-q", "-b", "pr")
	evil, evilFile := f.makeKey("evil")
	f.write(".pop/allowed_signers", string(f.read(".pop/allowed_signers"))+repo.SignerLine("jan@example.com", evil.PublicKey())+"\n")
	f.commit("add a key")
	f.asKey("jan-peeters", evilFile)
	// pop sign refuses the key (TestSignRefusesUnregisteredKey); by hand:
	requireTool(t, "ssh-keygen")
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	if st := f.status(Options{}); st.State != EmployeeSigned {
		t.Fatalf("trusting the branch itself: %s", st.State)
	}
	onlyFinding(t, f.status(Options{Trust: "main"}), reasonUnknownKey)
}

func TestVerifyShallowClone(t *testing.T) {
	f := newFixture(t)
	agreeBoth(f)
	clone := filepath.Join(filepath.Dir(f.dir), "clone")
	out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+f.dir, clone).CombinedOutput()
	if err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	f.r.Root = clone
	_, err = Verify(t.Context(), Options{Repo: f.r})
	if !errors.Is(err, ErrShallow) {
		t.Fatalf("error %v, want ErrShallow", err)
	}
}

func TestVerifyRevAndPaths(t *testing.T) {
	f := newFixture(t)
	agreeBoth(f)
	f.write(fixturePOP, strings.Replace(fixtureContent, "2027-Q1", "2027-Q2", 1))
	f.commit("edit")
	if st := f.status(Options{Rev: "HEAD~1"}); st.State != Agreed {
		t.Errorf("at HEAD~1: %s", st.State)
	}
	if st := f.status(Options{}); st.State != Changed {
		t.Errorf("at HEAD: %s", st.State)
	}
	if _, err := Verify(t.Context(), Options{Repo: f.r, Paths: []string{"pop/nobody/2026-01-01.md"}}); err == nil {
		t.Error("an unknown path should be an error")
	}
	if _, err := Verify(t.Context(), Options{Repo: f.r, Rev: "no-such-rev"}); err == nil {
		t.Error("an unknown revision should be an error")
	}
}

func TestParseTrailers(t *testing.T) {
	tests := []struct {
		name, msg string
		want      trailers
	}{
		{"pop's message", Message(RoleManager, DecisionDisagreed, "pop/a/2026-01-01.md", "ff", "Te vaag.\nTweede regel."),
			trailers{Role: "manager", Decision: "disagreed", File: "pop/a/2026-01-01.md", SHA256: "ff", Count: 1,
				Subject: "pop: manager disagreed to pop/a/2026-01-01.md", Reason: "Te vaag.\nTweede regel."}},
		{"disputed goals", WithGoals(Message(RoleEmployee, DecisionDisagreed, "a", "ff", "Niet haalbaar."), []string{"conflicten", "tech-lead"}),
			trailers{Role: "employee", Decision: "disagreed", File: "a", SHA256: "ff", Count: 1,
				Subject: "pop: employee disagreed to a", Reason: "Niet haalbaar.", Goals: "conflicten\ntech-lead"}},
		{"a goal in the reason", WithGoals(Message(RoleEmployee, DecisionDisagreed, "a", "ff", "Niet haalbaar.\nPop-Goal: other"), []string{"conflicten"}),
			trailers{Role: "employee", Decision: "disagreed", File: "a", SHA256: "ff", Count: 1,
				Subject: "pop: employee disagreed to a", Reason: "Niet haalbaar.\n  Pop-Goal: other", Goals: "conflicten"}},
		{"a goal outside the final block", "pop: x\n\nPop-Goal: other\n\nPop-Sign-Off: employee\nPop-Decision: disagreed\nPop-File: a\nPop-SHA256: ff\nPop-Goal: conflicten\n",
			trailers{Role: "employee", Decision: "disagreed", File: "a", SHA256: "ff", Count: 1, Malformed: "Pop-Goal stands outside the final trailer block (line 3)",
				Subject: "pop: x", Reason: "Pop-Goal: other", Goals: "conflicten"}},
		{"squash", "Sign (#3)\n\n* pop: x\n\nPop-Sign-Off: employee\nPop-Decision: agreed\nPop-File: a\nPop-SHA256: 1\n\n* pop: y\n\nPop-Sign-Off: manager\n",
			trailers{Role: "manager", File: "a", Count: 2, Malformed: "Pop-Sign-Off stands outside the final trailer block (line 5)",
				Subject: "Sign (#3)", Reason: "* pop: x\n\nPop-Sign-Off: employee\nPop-Decision: agreed\nPop-File: a\nPop-SHA256: 1\n\n* pop: y"}},
		{"a reason pop wrote holding trailers", Message(RoleEmployee, DecisionDisagreed, "a", "ff", "Te vaag.\nPop-Decision: agreed\npop-file: b\nNote : x"),
			trailers{Role: "employee", Decision: "disagreed", File: "a", SHA256: "ff", Count: 1,
				Subject: "pop: employee disagreed to a", Reason: "Te vaag.\n  Pop-Decision: agreed\n  pop-file: b\n  Note : x"}},
		{"a Pop- key in the body", "pop: x\n\nPop-Decision: agreed\n\nWhy not.\n\nPop-Sign-Off: employee\nPop-Decision: disagreed\nPop-File: a\nPop-SHA256: ff\n",
			trailers{Role: "employee", Decision: "disagreed", File: "a", SHA256: "ff", Count: 1, Malformed: "Pop-Decision stands outside the final trailer block (line 3)",
				Subject: "pop: x", Reason: "Pop-Decision: agreed\n\nWhy not."}},
		{"repeated, other value", "pop: x\n\nPop-Sign-Off: employee\nPop-Decision: disagreed\npop-decision: agreed\nPop-File: a\nPop-SHA256: ff\n",
			trailers{Role: "employee", Decision: "disagreed", File: "a", SHA256: "ff", Count: 1, Malformed: "pop-decision is not written Pop-Decision: as pop writes it",
				Subject: "pop: x"}},
		{"repeated, other value, as pop writes it", "pop: x\n\nPop-Sign-Off: employee\nPop-Decision: disagreed\nPop-Decision: agreed\nPop-File: a\nPop-SHA256: ff\n",
			trailers{Role: "employee", Decision: "disagreed", File: "a", SHA256: "ff", Count: 1, Malformed: "Pop-Decision is given twice with different values",
				Subject: "pop: x"}},
		// git log --grep '^Pop-File:' selects sign-offs for a few POPs:
		// another spelling must not count when many POPs are verified.
		{"a key in other case", "pop: x\n\nPop-Sign-Off: employee\nPop-Decision: disagreed\npop-file: a\nPop-SHA256: ff\n",
			trailers{Role: "employee", Decision: "disagreed", SHA256: "ff", Count: 1, Malformed: "pop-file is not written Pop-File: as pop writes it",
				Subject: "pop: x"}},
		{"a blank before the colon", "pop: x\n\nPop-Sign-Off: employee\nPop-Decision: disagreed\nPop-File : a\nPop-SHA256: ff\n",
			trailers{Role: "employee", Decision: "disagreed", SHA256: "ff", Count: 1, Malformed: "Pop-File is not written Pop-File: as pop writes it",
				Subject: "pop: x"}},
		{"repeated, same value", "pop: x\n\nPop-Sign-Off: employee\nPop-Decision: agreed\nPop-Decision: agreed\nSigned-off-by: J <j@x>\n  continued\nPop-File: a\nPop-SHA256: ff\n",
			trailers{Role: "employee", Decision: "agreed", File: "a", SHA256: "ff", Count: 1, Subject: "pop: x"}},
		{"text after the trailers", "pop: x\n\nPop-Sign-Off: employee\nPop-Decision: agreed\nPop-File: a\nPop-SHA256: ff\n\nThanks!\n",
			trailers{File: "a", Count: 1, Malformed: "Pop-Sign-Off stands outside the final trailer block (line 3)", Subject: "pop: x",
				Reason: "Pop-Sign-Off: employee\nPop-Decision: agreed\nPop-File: a\nPop-SHA256: ff\n\nThanks!"}},
		{"trailers as the title", "Pop-Sign-Off: employee\nPop-Decision: agreed\nPop-File: a\nPop-SHA256: ff\n",
			trailers{File: "a", Count: 1, Malformed: "Pop-Sign-Off stands outside the final trailer block (line 1)", Subject: "Pop-Sign-Off: employee"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseTrailers([]byte(tt.msg))
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if !parseTrailers([]byte("Sign (#3)\n\nPop-Sign-Off: employee\n")).looksSquashed() {
		t.Error("a PR-numbered subject looks squashed")
	}
	if parseTrailers([]byte(Message(RoleEmployee, DecisionAgreed, "a", "b", ""))).looksSquashed() {
		t.Error("pop's own message does not look squashed")
	}
}

// Two sign-offs in the same second: the descendant is the newer, with
// either history reader (fixture.verify compares them).
func TestVerifySameSecond(t *testing.T) {
	f := newFixture(t)
	f.as("jan-peeters")
	people, _, _ := f.r.People()
	data := f.read(fixturePOP)
	now := f.tick()
	for _, d := range []Decision{DecisionDisagreed, DecisionSeen, DecisionAgreed} {
		reason := ""
		if d == DecisionDisagreed {
			reason = "Nee."
		}
		if _, err := Sign(t.Context(), SignRequest{Repo: f.r, People: people, File: fixturePOP, Data: data,
			Doc: pop.Parse(fixturePOP, data), Decision: d, Reason: reason, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	if st := f.status(Options{}); st.Employee == nil || st.Employee.Decision != DecisionAgreed {
		t.Fatalf("newest of three in one second: %+v", st.Employee)
	}
}

// Six sign-offs in the same second under a later commit: git rev-list's
// default order would show them in the order of their refs' names; the
// descendant must still be the newer.
func TestVerifySameSecondUnderLaterCommit(t *testing.T) {
	f := newFixture(t)
	f.as("jan-peeters")
	people, _, _ := f.r.People()
	data := f.read(fixturePOP)
	now := f.tick()
	for _, d := range []Decision{DecisionDisagreed, DecisionSeen, DecisionDisagreed, DecisionSeen, DecisionDisagreed, DecisionAgreed} {
		reason := ""
		if d == DecisionDisagreed {
			reason = "Nee."
		}
		if _, err := Sign(t.Context(), SignRequest{Repo: f.r, People: people, File: fixturePOP, Data: data,
			Doc: pop.Parse(fixturePOP, data), Decision: d, Reason: reason, Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	f.write("notes.txt", "later\n")
	f.commit("A later commit")
	if st := f.status(Options{}); st.Employee == nil || st.Employee.Decision != DecisionAgreed {
		t.Fatalf("newest of six in one second: %+v", st.Employee)
	}
}

// The verify cache is used when its key matches, and ignored when the
// trust material changes.
func TestVerifyCache(t *testing.T) {
	f := newFixture(t)
	agreeBoth(f)
	run := func(noCache bool) Status {
		t.Helper()
		rep, err := Verify(t.Context(), Options{Repo: f.r, NoCache: noCache})
		if err != nil {
			t.Fatal(err)
		}
		return rep.Statuses[0]
	}
	if st := run(false); st.State != Agreed {
		t.Fatalf("first run: %s", st.State)
	}
	path := filepath.Join(f.dir, ".git", "pop", "verify-cache")
	read := func() cacheFile {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var c cacheFile
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := read()
	if len(c.Entries) != 2 {
		t.Fatalf("cache holds %d entries, want the 2 sign-offs", len(c.Entries))
	}
	// Mark the entries: a run that uses them shows the mark.
	for id, e := range c.Entries {
		e.Key = "from the cache"
		c.Entries[id] = e
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&c); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, buf.Bytes(), 0o644)
	if st := run(false); st.State != Agreed || st.Employee.Key != "from the cache" {
		t.Fatalf("second run did not use the cache: %s %+v", st.State, st.Employee)
	}
	if st := run(true); st.Employee.Key == "from the cache" {
		t.Fatal("NoCache used the cache")
	}

	// Another trust revision: the cache is ignored and rewritten.
	signers := strings.Split(string(f.read(".pop/allowed_signers")), "\n")
	signers = slices.DeleteFunc(signers, func(l string) bool { return strings.HasPrefix(l, "jan@") })
	f.write(".pop/allowed_signers", strings.Join(signers, "\n"))
	f.commit("revoke jan's key")
	st := run(false)
	if st.State != Invalid && st.State != ManagerSigned {
		t.Fatalf("after revoking, with the cache: %s", st.State)
	}
	if len(st.Invalid) != 1 || st.Invalid[0].Reason != reasonUnknownKey || st.Manager == nil || st.Manager.Key == "from the cache" {
		t.Fatalf("after revoking, with the cache: %+v %+v", st.Invalid, st.Manager)
	}
	if c2 := read(); c2.Key == c.Key {
		t.Fatal("the cache kept its key after the trust material changed")
	}
}

// TestListPOPsReaders: both git readers list the same POPs, leaving out
// prep notes, hidden folders and other files, and keeping a symlink (which
// verify calls invalid) with its mode.
func TestListPOPsReaders(t *testing.T) {
	f := newFixture(t)
	f.write("pop/jan-peeters/2026-05-01-prep.md", "prep")
	f.write("pop/jan-peeters/notes.txt", "x")
	f.write("pop/.archive/old/2020-01-01.md", "old")
	f.write("pop/eva-claes/.drafts/2026-01-01.md", "draft")
	f.write("pop/eva-claes/2026-01-01.md", "eva")
	f.write("pop/eva claes/tab\there ü.md", "odd")
	f.write("pop/deep/a/b/c/2026-02-02.md", "deep")
	f.write("docs/2026-01-01.md", "not under the POP folder")
	if err := os.Chmod(filepath.Join(f.dir, "pop/eva-claes/2026-01-01.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("2026-11-20.md", filepath.Join(f.dir, "pop/jan-peeters/2026-12-01.md")); err != nil {
		t.Fatal(err)
	}
	f.commit("awkward entries")
	g, err := openGit(f.r)
	if err != nil {
		t.Fatal(err)
	}
	defer g.close()
	want := []string{"pop/deep/a/b/c/2026-02-02.md 0100644", "pop/eva claes/tab\there ü.md 0100644",
		"pop/eva-claes/2026-01-01.md 0100755", fixturePOP + " 0100644", "pop/jan-peeters/2026-12-01.md 0120000"}
	for name, x := range gitImpls(t, f.dir) {
		head, err := x.Resolve(t.Context(), "")
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := g.pops(t.Context(), x, head, Options{Repo: f.r})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var paths []string
		for p, e := range got {
			paths = append(paths, p+" "+e.Mode.String())
			if e.ID.IsZero() {
				t.Errorf("%s: %s has no blob", name, p)
			}
		}
		sort.Strings(paths)
		if !reflect.DeepEqual(paths, want) {
			t.Errorf("%s: listed\n%q\nwant\n%q", name, paths, want)
		}
	}
}

// TestVerifyDrafts: with Drafts, a path that is not at the revision is
// unsigned and the others are judged as usual; without, it is an error.
func TestVerifyDrafts(t *testing.T) {
	f := newFixture(t)
	f.as("jan-peeters")
	f.sign(fixturePOP, RoleEmployee, DecisionAgreed, "")
	draft := "pop/eva-claes/2026-11-21.md"
	rep := f.verify(Options{Paths: []string{draft, fixturePOP}, Drafts: true})
	want := []struct {
		path  string
		state State
	}{{draft, Unsigned}, {fixturePOP, EmployeeSigned}}
	if len(rep.Statuses) != len(want) {
		t.Fatalf("got %d statuses, want %d: %+v", len(rep.Statuses), len(want), rep.Statuses)
	}
	for i, w := range want {
		if st := rep.Statuses[i]; st.Path != w.path || st.State != w.state {
			t.Errorf("status %d: %s %s, want %s %s", i, st.Path, st.State, w.path, w.state)
		}
	}
	_, err := Verify(context.Background(), Options{Repo: f.r, Paths: []string{draft}, NoCache: true})
	if err == nil || !strings.Contains(err.Error(), draft+": no POP at HEAD") {
		t.Errorf("without Drafts: %v, want no POP at HEAD", err)
	}
}

// TestVerifyTrustParsedOnDemand: the trust material is parsed only when a
// signature has to be judged, and a broken file then fails the run.
func TestVerifyTrustParsedOnDemand(t *testing.T) {
	f := newFixture(t)
	f.write(".pop/allowed_signers", "jan@example.com ssh-ed25519 not-a-key\n")
	f.commit("break allowed signers")
	// No sign-off anywhere: nothing to judge, so nothing is parsed.
	if st := f.status(Options{}); st.State != Unsigned {
		t.Fatalf("without sign-offs: %s, want unsigned", st.State)
	}
	f.as("jan-peeters")
	requireTool(t, "ssh-keygen")
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	for name, x := range gitImpls(t, f.dir) {
		_, err := Verify(context.Background(), Options{Repo: f.r, NoCache: true, Git: x})
		if err == nil || !strings.Contains(err.Error(), "read trust material at HEAD: .pop/allowed_signers") {
			t.Errorf("%s: %v, want the broken allowed signers named", name, err)
		}
	}
}

func TestDisputedGoals(t *testing.T) {
	st := Status{
		Employee: &SignOff{Decision: DecisionDisagreed, Goals: []string{"a", "b"}},
		Manager:  &SignOff{Decision: DecisionDisagreed, Goals: []string{"b", "c"}},
	}
	if got := strings.Join(st.DisputedGoals(), ","); got != "a,b,c" {
		t.Errorf("DisputedGoals = %s", got)
	}
	st.Manager = &SignOff{Decision: DecisionAgreed, Goals: []string{"x"}}
	if got := strings.Join(st.DisputedGoals(), ","); got != "a,b" {
		t.Errorf("DisputedGoals with an agreement = %s", got)
	}
	if got := (trailers{Goals: "ok\nNot A Slug\n\x1b[31m"}).goals(); len(got) != 1 || got[0] != "ok" {
		t.Errorf("goals() kept %q", got)
	}
}

// TestVerifyProgress: Progress counts the signatures a run checks — one a
// sign-off on a cold cache, none when the cache already judged them — so
// a terminal can show a cold run moving.
func TestVerifyProgress(t *testing.T) {
	f := newFixture(t)
	agreeBoth(f)
	count := func(noCache bool) int {
		n := 0
		if _, err := Verify(context.Background(), Options{Repo: f.r, NoCache: noCache, Progress: func() { n++ }}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(true); n != 2 {
		t.Errorf("cold run: %d signatures counted, want 2", n)
	}
	count(false) // fills the cache
	if n := count(false); n != 0 {
		t.Errorf("cached run: %d signatures counted, want 0", n)
	}
}
