package signoff

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/popdev/pop/internal/pop"
)

// The attacks and accidents of issue 10 on which sign-offs count at a
// revision (SPEC §6.3, §6.5), each written as a test first.

// changeAgreement rewrites the fixture POP's timing: an agreement change.
func changeAgreement(f *fixture, to string) {
	f.write(fixturePOP, strings.Replace(string(f.read(fixturePOP)), "2027-Q1", to, 1))
}

// A proposal signed on a branch that was never merged (its sign-off kept
// under refs/pop/sign-offs, as pop sign does) does not demote main.
func TestVerifyBranchProposalDoesNotDemoteMain(t *testing.T) {
	f := newFixture(t)
	agreeBoth(f)
	f.git("checkout", "-q", "-b", "proposal")
	changeAgreement(f, "2027-Q3")
	f.commit("propose a later timing")
	f.as("an-janssens")
	proposal := f.sign(fixturePOP, "", DecisionAgreed, "")
	f.git("checkout", "-q", "main")
	f.git("branch", "-q", "-D", "proposal") // abandoned; the ref under refs/pop stays
	st := f.status(Options{})
	if st.State != Agreed || len(st.Invalid) != 0 {
		t.Fatalf("main: %s %+v, want agreed", st.State, st.Invalid)
	}
	if len(st.Elsewhere) != 1 || st.Elsewhere[0].Commit != proposal.Commit || st.Elsewhere[0].Role != RoleManager {
		t.Errorf("elsewhere %+v, want the proposal's sign-off %s", st.Elsewhere, proposal.Commit)
	}
}

// After a squash merge the signed commits are only under refs/pop; when
// main later changes the agreement they still say it changed (main held
// the signed content), rather than falling back to unsigned.
func TestVerifySquashedThenChanged(t *testing.T) {
	f := newFixture(t)
	f.git("checkout", "-q", "-b", "sign")
	agreeBoth(f)
	f.git("checkout", "-q", "main")
	f.git("merge", "-q", "--squash", "sign")
	f.git("commit", "-q", "--allow-empty", "-m", "Sign-off (#12)")
	f.git("branch", "-q", "-D", "sign")
	if st := f.status(Options{}); st.State != Agreed {
		t.Fatalf("after the squash merge: %s", st.State)
	}
	changeAgreement(f, "2027-Q4")
	f.commit("change the timing")
	st := f.status(Options{})
	if st.State != Changed || len(st.Changed) == 0 || len(st.Elsewhere) != 0 {
		t.Fatalf("after a change on main: %s changed %v elsewhere %+v, want changed", st.State, st.Changed, st.Elsewhere)
	}
}

// A newer sign-off on the same content decides, even when an older one
// carries a later committer date (which its signer chooses).
func TestVerifyDescendantBeforeLaterDate(t *testing.T) {
	f := newFixture(t)
	f.as("jan-peeters")
	people, _, _ := f.r.People()
	data := f.read(fixturePOP)
	for _, s := range []struct {
		d   Decision
		now time.Time
	}{{DecisionDisagreed, time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)}, {DecisionAgreed, f.tick()}} {
		reason := ""
		if s.d == DecisionDisagreed {
			reason = "Nee."
		}
		if _, err := Sign(t.Context(), SignRequest{Repo: f.r, People: people, File: fixturePOP, Data: data,
			Doc: pop.Parse(fixturePOP, data), Decision: s.d, Reason: reason, Now: s.now}); err != nil {
			t.Fatal(err)
		}
	}
	if st := f.status(Options{}); st.Employee == nil || st.Employee.Decision != DecisionAgreed {
		t.Fatalf("the descendant must decide: %+v", st.Employee)
	}
}

// A POP committed as a symlink is invalid, not skipped.
func TestVerifySymlinkPOP(t *testing.T) {
	f := newFixture(t)
	agreeBoth(f)
	link := "pop/jan-peeters/2027-05-20.md"
	if err := os.Symlink("2026-11-20.md", filepath.Join(f.dir, link)); err != nil {
		t.Fatal(err)
	}
	f.commit("a symlink POP")
	rep := f.verify(Options{})
	var found bool
	for _, st := range rep.Statuses {
		if st.Path == link {
			found = true
			onlyFinding(t, st, reasonNotRegular)
		}
	}
	if !found {
		t.Fatalf("the symlink POP is not judged: %+v", rep.Statuses)
	}
}

// A sign-off whose own tree holds a symlink at Pop-File is invalid, even
// when Pop-SHA256 is the sum of the symlink's target.
func TestVerifySignedSymlink(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "ssh-keygen")
	target := "../../.pop/people.yaml"
	os.Remove(filepath.Join(f.dir, fixturePOP))
	if err := os.Symlink(target, filepath.Join(f.dir, fixturePOP)); err != nil {
		t.Fatal(err)
	}
	f.commit("the POP as a symlink")
	f.as("jan-peeters")
	msg := Message(RoleEmployee, DecisionAgreed, fixturePOP, sha256Hex([]byte(target)), "")
	f.git("commit", "-q", "-S", "--allow-empty", "-m", msg)
	os.Remove(filepath.Join(f.dir, fixturePOP))
	f.write(fixturePOP, fixtureContent)
	f.commit("the POP as a file again")
	st := f.status(Options{})
	if st.State != Invalid {
		t.Fatalf("state %s, want invalid", st.State)
	}
	for _, fd := range st.Invalid {
		if fd.Reason == reasonNotInTree && strings.Contains(fd.Hint, "symlink") {
			return
		}
	}
	t.Errorf("findings %+v, want the signed symlink named", st.Invalid)
}

// A revision git does not know is ErrBadRevision with the revision named,
// never "EOF".
func TestVerifyBadRevision(t *testing.T) {
	f := newFixture(t)
	for name, x := range gitImpls(t, f.dir) {
		for _, o := range []Options{{Rev: "HEAD~999"}, {Trust: "nope"}, {Changed: "no-such-branch"}} {
			o.Repo, o.Git, o.NoCache = f.r, x, true
			_, err := Verify(t.Context(), o)
			if !errors.Is(err, ErrBadRevision) || strings.Contains(err.Error(), "EOF") {
				t.Errorf("%s %+v: %v, want a bad revision", name, o, err)
			}
		}
	}
}

// --changed judges only the POPs a pull request adds or changes: an
// unsigned POP elsewhere does not fail it.
func TestVerifyChangedScope(t *testing.T) {
	f := newFixture(t)
	other := "pop/eva-claes/2026-10-01.md"
	f.write(other, strings.NewReplacer("jan-peeters", "eva-claes", "2026-11-20", "2026-10-01").Replace(fixtureContent))
	f.commit("Eva's POP, never signed")
	f.git("checkout", "-q", "-b", "pr")
	agreeBoth(f)
	rep := f.verify(Options{Changed: "main"})
	if len(rep.Statuses) != 0 {
		t.Fatalf("sign-offs alone change no POP: %+v", rep.Statuses)
	}
	changeAgreement(f, "2027-Q2")
	f.commit("change Jan's POP")
	rep = f.verify(Options{Changed: "main"})
	if len(rep.Statuses) != 1 || rep.Statuses[0].Path != fixturePOP || rep.Statuses[0].State != Changed {
		t.Fatalf("--changed main: %+v, want only %s, changed", rep.Statuses, fixturePOP)
	}
	// Paths outside the change are not judged either.
	rep = f.verify(Options{Changed: "main", Paths: []string{other}})
	if len(rep.Statuses) != 0 {
		t.Fatalf("--changed main %s: %+v, want nothing", other, rep.Statuses)
	}
}

func TestPolicy(t *testing.T) {
	for _, c := range []struct {
		p    Policy
		pass []State
	}{
		{Policy{}, []State{Agreed}},
		{Policy{Require: RequireAgreed, AcceptSeen: true}, []State{Agreed, Seen}},
		{Policy{Require: RequireDecided}, []State{Agreed, Seen, Disagreed}},
	} {
		for _, s := range []State{Unsigned, EmployeeSigned, ManagerSigned, Agreed, Seen, Disagreed, Changed, Invalid} {
			want := false
			for _, p := range c.pass {
				want = want || p == s
			}
			if got := c.p.Pass(s); got != want {
				t.Errorf("%+v.Pass(%s) = %v, want %v", c.p, s, got, want)
			}
		}
	}
}
