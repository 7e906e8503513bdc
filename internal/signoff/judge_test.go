package signoff

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/repo"
)

// handSignBoth signs rel by hand (git commit -S) as employee and as
// manager, with the SSH keys of the two people given.
func handSignBoth(f *fixture, rel, employee, manager string) {
	f.t.Helper()
	requireTool(f.t, "ssh-keygen")
	f.as(employee)
	f.handSign(rel, RoleEmployee, DecisionAgreed)
	f.as(manager)
	f.handSign(rel, RoleManager, DecisionAgreed)
}

// Self-approval: a POP that names its employee as manager, signed in both
// roles by that one person, is not agreed (issue 10, item 7).
func TestVerifySelfApproval(t *testing.T) {
	f := newFixture(t)
	f.write(fixturePOP, strings.Replace(fixtureContent, "manager: an-janssens", "manager: jan-peeters", 1))
	f.commit("jan approves himself")
	handSignBoth(f, fixturePOP, "jan-peeters", "jan-peeters")
	st := f.status(Options{})
	if st.State != Invalid || len(st.Invalid) != 2 {
		t.Fatalf("self-approval: %s %+v", st.State, st.Invalid)
	}
	for _, fd := range st.Invalid {
		if fd.Reason != reasonSelf {
			t.Errorf("reason %q, want %q", fd.Reason, reasonSelf)
		}
	}
}

// A peer named as manager is not the employee's manager in the trusted
// registry: the peer's agreement does not count.
func TestVerifyPeerAsManager(t *testing.T) {
	f := newFixture(t)
	f.write(fixturePOP, strings.Replace(fixtureContent, "manager: an-janssens", "manager: eva-claes", 1))
	f.commit("eva as manager")
	handSignBoth(f, fixturePOP, "jan-peeters", "eva-claes")
	st := f.status(Options{})
	if st.State != Invalid || len(st.Invalid) != 2 || st.Invalid[0].Reason != reasonNotManager ||
		!strings.Contains(st.Invalid[0].Hint, "an-janssens") {
		t.Fatalf("peer as manager: %s %+v", st.State, st.Invalid)
	}
}

// A POP under jan's folder whose content names eva as employee: eva and
// her manager signing it does not make it jan's agreed POP (item 8).
func TestVerifyPathAndContentDisagree(t *testing.T) {
	for name, edit := range map[string][2]string{
		"employee": {"employee: jan-peeters", "employee: eva-claes"},
		"date":     {"date: 2026-11-20", "date: 2026-11-21"},
		"kind":     {"kind: pop", "kind: prep"},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.write(fixturePOP, strings.Replace(fixtureContent, edit[0], edit[1], 1))
			f.commit("content of another")
			employee := "jan-peeters"
			if name == "employee" {
				employee = "eva-claes"
			}
			handSignBoth(f, fixturePOP, employee, "an-janssens")
			st := f.status(Options{})
			if st.State != Invalid || len(st.Invalid) != 2 || st.Invalid[0].Reason != reasonPathContent {
				t.Fatalf("path and content: %s %+v", st.State, st.Invalid)
			}
		})
	}
}

// An SSH key listed for two people counts for neither.
func TestVerifySSHKeyOfTwoPeople(t *testing.T) {
	f := newFixture(t)
	f.write(".pop/allowed_signers", string(f.read(".pop/allowed_signers"))+
		repo.SignerLine("eva@example.com", f.keys["jan-peeters"].PublicKey())+"\n")
	f.commit("jan's key for eva too")
	handSignBoth(f, fixturePOP, "jan-peeters", "an-janssens")
	st := f.status(Options{})
	if st.State != Invalid || st.Employee != nil || st.Manager == nil {
		t.Fatalf("state %s, want invalid with the manager's sign-off: %+v", st.State, st.Invalid)
	}
	onlyFinding(t, st, reasonTwoPeople)
	// The same through one line with two principals.
	f = newFixture(t)
	signers := strings.Replace(string(f.read(".pop/allowed_signers")), "jan@example.com ", "jan@example.com,eva@example.com ", 1)
	f.write(".pop/allowed_signers", signers)
	f.commit("jan's key for eva too, on one line")
	handSignBoth(f, fixturePOP, "jan-peeters", "an-janssens")
	onlyFinding(t, f.status(Options{}), reasonTwoPeople)
	// And through a pattern that matches the whole team.
	f = newFixture(t)
	signers = strings.Replace(string(f.read(".pop/allowed_signers")), "jan@example.com ", "*@example.com ", 1)
	f.write(".pop/allowed_signers", signers)
	f.commit("jan's key for everyone")
	handSignBoth(f, fixturePOP, "jan-peeters", "an-janssens")
	onlyFinding(t, f.status(Options{}), reasonTwoPeople)
}

// Trailers are read only from the final trailer block: a Pop- key in the
// body makes a hand-made sign-off malformed (item 3).
func TestVerifyPopKeyOutsideTrailerBlock(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "ssh-keygen")
	f.as("jan-peeters")
	trailers := strings.TrimSpace(f.trailersFor(fixturePOP, RoleEmployee, DecisionDisagreed))
	f.git("commit", "-q", "-S", "--allow-empty", "-m", "pop: employee disagreed to "+fixturePOP,
		"-m", "Pop-Decision: agreed", "-m", trailers)
	fd := onlyFinding(t, f.status(Options{}), reasonTrailers)
	if !strings.Contains(fd.Hint, "outside the final trailer block") {
		t.Errorf("hint %q", fd.Hint)
	}
}

// A reason pop sign records can say anything: lines that look like
// trailers neither change the decision nor redirect the sign-off.
func TestSignReasonCannotRewriteTrailers(t *testing.T) {
	f := newFixture(t)
	other := "pop/jan-peeters/2027-05-20.md"
	f.write(other, strings.Replace(fixtureContent, "2026-11-20", "2027-05-20", 1))
	f.commit("another POP")
	f.as("jan-peeters")
	reason := "Te vaag.\nPop-Decision: agreed\nPop-File: " + other + "\nPop-Sign-Off: manager\nPop-SHA256: " + sha256Hex(f.read(other))
	f.sign(fixturePOP, "", DecisionDisagreed, reason)
	rep := f.verify(Options{})
	for _, st := range rep.Statuses {
		switch st.Path {
		case fixturePOP:
			if st.State != Disagreed || st.Employee == nil || !strings.Contains(st.Employee.Reason, "Pop-Decision: agreed") {
				t.Errorf("%s: %s %+v", st.Path, st.State, st.Employee)
			}
		case other:
			if st.State != Unsigned || len(st.Invalid) != 0 {
				t.Errorf("%s: %s %+v", st.Path, st.State, st.Invalid)
			}
		}
	}
}

// An OpenPGP key that also carries the manager's email as a user id does
// not count for the manager: only her own key file binds a key to her
// (item 1).
func TestOpenPGPUserIDDoesNotBind(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "gpg")
	jan := f.gpgKey("Jan Peeters", "jan@example.com")
	f.gpg("--quick-add-uid", jan, "An Janssens <an@example.com>")
	f.write(".pop/keys/jan-peeters.asc", f.gpg("--armor", "--export", jan))
	f.commit("jan's key, with an's email too")
	f.asGPG("jan-peeters", jan)
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	f.handSign(fixturePOP, RoleManager, DecisionAgreed)
	st := f.status(Options{})
	if st.State != Invalid || st.Employee == nil || st.Manager != nil {
		t.Fatalf("state %s, want invalid with the employee's sign-off: %+v", st.State, st.Invalid)
	}
	onlyFinding(t, st, reasonOtherPerson)

	// The same key in an's key file too: it counts for neither.
	f.write(".pop/keys/an-janssens.asc", f.gpg("--armor", "--export", jan))
	f.commit("and in an's file")
	st = f.status(Options{})
	if st.State != Invalid || len(st.Invalid) != 2 || st.Invalid[0].Reason != reasonTwoPeople || st.Invalid[1].Reason != reasonTwoPeople {
		t.Fatalf("key in two files: %s %+v", st.State, st.Invalid)
	}
}

// A key in the person's own file without a user id for the person's
// email does not count.
func TestOpenPGPOwnFileWithoutUserID(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "gpg")
	key := f.gpgNewKey("Jan Elsewhere", "jan@elsewhere.example")
	f.write(".pop/keys/jan-peeters.asc", f.gpg("--armor", "--export", key))
	f.commit("jan's key with another email")
	f.asGPG("jan-peeters", key)
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	onlyFinding(t, f.status(Options{}), reasonNoUserID)
	// Not in anyone's own file (a file named after no one): unknown.
	os.Rename(filepath.Join(f.dir, ".pop/keys/jan-peeters.asc"), filepath.Join(f.dir, ".pop/keys/team.asc"))
	f.commit("move it")
	onlyFinding(t, f.status(Options{}), reasonOtherPerson)
}

// TestTrustedConfig: .pop.yaml is read from the trusted revision, and the
// keys in which the work tree's differs are named (item 6).
func TestTrustedConfig(t *testing.T) {
	f := newFixture(t)
	f.git("checkout", "-q", "-b", "pr")
	f.write(".pop.yaml", "lang: nl\ndir: elsewhere\nopenpgp_keys: .pop/other\nverify:\n  accept_seen: true\n")
	f.commit("relax")
	r, err := repo.OpenRoot(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg, drift, err := TrustedConfig(r, "", "main")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dir != "pop" || cfg.Verify.AcceptSeen || strings.Join(drift, " ") != "dir openpgp_keys verify.accept_seen" {
		t.Fatalf("trusted %+v, drift %v", cfg, drift)
	}
	if _, drift, _ := TrustedConfig(r, "", ""); len(drift) != 0 {
		t.Errorf("trusting the revision itself: drift %v", drift)
	}
	if _, _, err := TrustedConfig(r, "", "no-such-rev"); err == nil {
		t.Error("an unknown trusted revision should be an error")
	}
	// Both sides of the git seam read the same.
	g, err := openGit(r)
	if err != nil {
		t.Fatal(err)
	}
	defer g.close()
	for name, x := range gitImpls(t, f.dir) {
		cfg2, drift2, err := g.trustedConfig(t.Context(), x, r.Config, "main")
		if err != nil || cfg2.Dir != cfg.Dir || strings.Join(drift2, " ") != strings.Join(drift, " ") {
			t.Errorf("%s: %+v %v %v", name, cfg2, drift2, err)
		}
		if _, _, err := g.trustedConfig(t.Context(), x, r.Config, "no-such-rev"); !errors.Is(err, ErrBadRevision) {
			t.Errorf("%s: an unknown trusted revision: %v, want a bad revision", name, err)
		}
	}
}

// FuzzReason: whatever the reason, the message pop writes reads back with
// the trailers it was given and the reason's words, never malformed.
func FuzzReason(f *testing.F) {
	f.Add("Te vaag.\nPop-Decision: agreed")
	f.Add("Pop-File: pop/b/2026-01-01.md\n\nPop-Sign-Off: manager\n")
	f.Add("x\r\nPop-SHA256: 00\r\n")
	f.Add("\n\n  \n")
	f.Fuzz(func(t *testing.T, reason string) {
		const file = "pop/a/2026-01-01.md"
		sum := strings.Repeat("ab", 32)
		msg := Message(RoleEmployee, DecisionDisagreed, file, sum, reason)
		got := parseTrailers([]byte(msg))
		if got.Role != "employee" || got.Decision != "disagreed" || got.File != file || got.SHA256 != sum || got.Malformed != "" {
			t.Fatalf("reason %q read back as %+v", reason, got)
		}
		if hasTrailers([]byte(msg)) != true {
			t.Fatal("pop's own message is not seen as a sign-off")
		}
	})
}

// TestTrailerBlockAsGitReadsIt: the final trailer block is the one git
// interpret-trailers --parse reads (where git is more lenient, with a
// block that mixes trailers and text, pop reads none and fails closed).
func TestTrailerBlockAsGitReadsIt(t *testing.T) {
	requireTool(t, "git")
	msgs := []string{
		Message(RoleEmployee, DecisionDisagreed, "pop/a/2026-01-01.md", "ff", "Te vaag.\nPop-Decision: agreed"),
		"pop: x\n\nPop-Decision: agreed\n\nWhy.\n\nPop-Sign-Off: employee\nPop-Decision: disagreed\n",
		"pop: x\n\nPop-Sign-Off: employee\nPop-Decision: agreed\n\nThanks!\n",
		"Pop-Sign-Off: employee\nPop-Decision: agreed\n",
		"pop: x\n\nPop-Sign-Off: employee\n  continued\nPop-File: a\n\n\n",
		"pop: x\nsecond title line\n\nPop-Sign-Off: employee\n",
		"pop: x\n\nPop-Sign-Off : employee\nPop-Decision:agreed\npop-file: a\n",
		"pop: x\n\nWhy: because\n\nPop-Sign-Off: employee\nnot a trailer\n",
	}
	for _, msg := range msgs {
		cmd := exec.Command("git", "interpret-trailers", "--parse", "--no-divider")
		cmd.Stdin = strings.NewReader(msg)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git interpret-trailers: %v", err)
		}
		var want []string
		for _, l := range strings.Split(string(out), "\n") {
			if isPopKey(l) {
				want = append(want, strings.SplitN(l, ":", 2)[0])
			}
		}
		lines := strings.Split(msg, "\n")
		var got []string
		for _, l := range lines[trailerBlock(lines):] {
			if k, _, ok := trailerKey(l); ok && isPopKey(k) {
				got = append(got, k)
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: pop reads %v from the final block, git %v", msg, got, want)
		}
	}
}

// TestSignatureRegistered: pop sign checks the signature it made too, not
// only the key it asked for (gpg may pick another).
func TestSignatureRegistered(t *testing.T) {
	f := newFixture(t)
	trusts := []namedTrust{{where: "in the work tree"}}
	var err error
	if trusts[0].tr, err = worktreeTrust(f.r); err != nil {
		t.Fatal(err)
	}
	jan, _ := trusts[0].tr.persons.Get("jan-peeters")
	payload := []byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nx\n")
	now := time.Now()
	for name, key := range map[string]ssh.Signer{"jan's": f.keys["jan-peeters"], "an's": f.keys["an-janssens"]} {
		sig, err := (&sshSigner{s: key}).sign(t.Context(), payload)
		if err != nil {
			t.Fatal(err)
		}
		err = signatureRegistered(trusts, sig, payload, jan, now)
		if (err == nil) != (name == "jan's") {
			t.Errorf("%s key: %v", name, err)
		}
	}
	if err := signatureRegistered(trusts, "-----BEGIN SSH SIGNATURE-----\nxx\n-----END SSH SIGNATURE-----\n", payload, jan, now); err == nil {
		t.Error("a broken signature passed")
	}
}

// TestJudgePeopleHintsNameNoFreeText: findings go to CI logs; what the
// signed content says in place of an id never reaches them.
func TestJudgePeopleHintsNameNoFreeText(t *testing.T) {
	f := newFixture(t)
	tr, err := worktreeTrust(f.r)
	if err != nil {
		t.Fatal(err)
	}
	evil := "x\n::error::owned"
	for _, d := range []signedHead{
		{Employee: evil, Manager: "an-janssens", Kind: evil},
		{Employee: "jan-peeters", Manager: evil, Kind: "pop"},
	} {
		d.Date = repo.ParseFilePath("pop", fixturePOP).Date
		reason, hint := judgePeople(fixturePOP, d, tr)
		if reason == "" || strings.Contains(hint, "::") || strings.Contains(hint, "\n") {
			t.Errorf("%+v: %q %q", d, reason, hint)
		}
	}
	d := signedHead{Employee: "jan-peeters", Manager: "an-janssens", Kind: "pop", Date: repo.ParseFilePath("pop", fixturePOP).Date}
	if reason, hint := judgePeople(fixturePOP, d, tr); reason != "" {
		t.Errorf("the fixture's own people: %q %q", reason, hint)
	}
}

// TestDefaultBranchTrust: pop sign reads HEAD's POP and the default
// branch's registry through the git seam, the same on both sides of it,
// with that branch's own .pop.yaml and its OpenPGP key files.
func TestDefaultBranchTrust(t *testing.T) {
	requireTool(t, "gpg")
	f := newFixture(t)
	f.gpgKey("Jan Peeters", "jan@example.com")
	f.write(".pop.yaml", "lang: nl\npeople: .pop/team.yaml\n")
	f.write(".pop/team.yaml", string(f.read(".pop/people.yaml")))
	f.commit("keys, and the registry elsewhere")
	g, err := openGit(f.r)
	if err != nil {
		t.Fatal(err)
	}
	defer g.close()
	for name, x := range gitImpls(t, f.dir) {
		at, def := g.signedFile(t.Context(), x, fixturePOP, f.read(fixturePOP))
		if at.err != nil || at.head == nil || at.head.ID.String() != f.git("rev-parse", "HEAD") || at.head.Tree.String() != f.git("rev-parse", "HEAD^{tree}") || at.branch.Name() != "refs/heads/main" {
			t.Fatalf("%s: HEAD %+v", name, at)
		}
		if at, _ := g.signedFile(t.Context(), x, fixturePOP, []byte("changed")); at.err == nil || !strings.Contains(at.err.Error(), "changes that are not committed") {
			t.Errorf("%s: a changed POP: %v", name, at.err)
		}
		if at, _ := g.signedFile(t.Context(), x, "pop/jan-peeters/2027-01-01.md", nil); at.err == nil || !strings.Contains(at.err.Error(), "is not committed") {
			t.Errorf("%s: a POP not committed: %v", name, at.err)
		}
		branch, tr, err := def.branch, def.tr, def.err
		if err != nil || branch != "main" || tr == nil {
			t.Fatalf("%s: %q %v %v", name, branch, tr, err)
		}
		if tr.people.name != ".pop/team.yaml" || tr.signers.data == nil || len(tr.pgp) != 1 || tr.pgp[0].name != ".pop/keys/jan-peeters.asc" {
			t.Errorf("%s: people %s, signers %d bytes, pgp %v", name, tr.people.name, len(tr.signers.data), len(tr.pgp))
		}
		if err := tr.load(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
