package signoff

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

func TestHandSignedSSHCounts(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "ssh-keygen")
	f.as("jan-peeters")
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	f.as("an-janssens")
	id := f.handSign(fixturePOP, RoleManager, DecisionAgreed)
	st := f.status(Options{})
	if st.State != Agreed || st.Manager.Commit != id || st.Manager.Method != "ssh" {
		t.Fatalf("hand-made sign-offs: %+v", st)
	}
}

// gpgKey makes an OpenPGP key for the fixture person with email in the
// fixture's GNUPGHOME, exports its public key to the person's own key file
// .pop/keys/<id>.asc and returns its fingerprint.
func (f *fixture) gpgKey(name, email string) string {
	f.t.Helper()
	fpr := f.gpgNewKey(name, email)
	f.write(".pop/keys/"+fixtureID(email)+".asc", f.gpg("--armor", "--export", fpr))
	return fpr
}

// fixtureID returns the id of the fixture person with email.
func fixtureID(email string) string {
	for _, p := range fixturePeople {
		if p.email == email {
			return p.id
		}
	}
	return strings.Split(email, "@")[0]
}

// gpgNewKey makes an OpenPGP signing key with the user id name <email> in
// the fixture's GNUPGHOME and returns its fingerprint.
func (f *fixture) gpgNewKey(name, email string) string {
	f.t.Helper()
	home := os.Getenv("GNUPGHOME")
	os.MkdirAll(home, 0o700)
	f.gpg("--quick-gen-key", name+" <"+email+">", "ed25519", "sign", "never")
	out := f.gpg("--with-colons", "--list-secret-keys", "<"+email+">")
	fpr := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "fpr:") {
			fpr = strings.Split(l, ":")[9]
			break
		}
	}
	if fpr == "" {
		f.t.Fatalf("no fingerprint in\n%s", out)
	}
	return fpr
}

func (f *fixture) gpg(args ...string) string {
	f.t.Helper()
	cmd := exec.Command("gpg", append([]string{"--batch", "--pinentry-mode", "loopback", "--passphrase", ""}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		f.t.Fatalf("gpg %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

func (f *fixture) asGPG(person, key string) {
	f.as(person)
	f.git("config", "gpg.format", "openpgp")
	f.git("config", "user.signingkey", key)
}

func TestOpenPGPInterop(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "gpg")
	jan := f.gpgKey("Jan Peeters", "jan@example.com")
	an := f.gpgKey("An Janssens", "an@example.com")
	f.commit("OpenPGP keys")

	// pop signs through the gpg program; git verify-commit accepts it.
	f.asGPG("jan-peeters", jan)
	s := f.sign(fixturePOP, "", DecisionAgreed, "")
	if s.Method != "openpgp" {
		t.Fatalf("method %s", s.Method)
	}
	if out, err := f.gitVerifyCommit(s.Commit); err != nil || !strings.Contains(out, "Good signature") {
		t.Fatalf("git verify-commit: %v\n%s", err, out)
	}
	// The manager signs by hand with git commit -S; pop verify counts it.
	f.asGPG("an-janssens", an)
	f.handSign(fixturePOP, RoleManager, DecisionAgreed)
	st := f.status(Options{})
	if st.State != Agreed || st.Employee.Method != "openpgp" || st.Manager.Method != "openpgp" {
		t.Fatalf("state %s %+v", st.State, st.Invalid)
	}

	// An armored secret key file as user.signingkey signs in-process.
	secret := filepath.Join(filepath.Dir(f.dir), "jan-secret.asc")
	os.WriteFile(secret, []byte(f.gpg("--armor", "--export-secret-keys", jan)), 0o600)
	f.asGPG("jan-peeters", secret)
	s = f.sign(fixturePOP, "", DecisionSeen, "")
	if out, err := f.gitVerifyCommit(s.Commit); err != nil || !strings.Contains(out, "Good signature") {
		t.Fatalf("git verify-commit of the in-process signature: %v\n%s", err, out)
	}
	if st := f.status(Options{}); st.State != Seen {
		t.Fatalf("after seen: %s %+v", st.State, st.Invalid)
	}

	// The manager's OpenPGP key for the employee's role does not count
	// (pop sign refuses it; signed by hand).
	f.asGPG("jan-peeters", an)
	if _, err := f.trySign(fixturePOP, "", DecisionAgreed, ""); err == nil || !strings.Contains(err.Error(), "not registered for jan-peeters") {
		t.Fatalf("pop sign with the manager's key: %v", err)
	}
	f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	st = f.status(Options{})
	if st.Employee.Decision != DecisionSeen || len(st.Invalid) == 0 || st.Invalid[0].Reason != reasonOtherPerson {
		t.Fatalf("manager's key as employee: %+v", st)
	}
}

func TestOpenPGPNeverSystemKeyring(t *testing.T) {
	f := newFixture(t)
	requireTool(t, "gpg")
	// The key is in gpg's own keyring (so git verify-commit would accept
	// it) but not in the repository's .pop/keys.
	jan := f.gpgKey("Jan Peeters", "jan@example.com")
	os.RemoveAll(filepath.Join(f.dir, ".pop/keys"))
	f.asGPG("jan-peeters", jan)
	if _, err := f.trySign(fixturePOP, "", DecisionAgreed, ""); err == nil || !strings.Contains(err.Error(), "unknown key") {
		t.Fatalf("pop sign with a key only in gpg's keyring: %v", err)
	}
	id := f.handSign(fixturePOP, RoleEmployee, DecisionAgreed)
	if out, err := f.gitVerifyCommit(id); err != nil {
		t.Fatalf("git verify-commit: %v\n%s", err, out)
	}
	onlyFinding(t, f.status(Options{}), reasonUnknownKey)
}

// serveAgent runs an in-process ssh-agent holding the person's key and
// points SSH_AUTH_SOCK at it.
func (f *fixture) serveAgent(person string) {
	f.t.Helper()
	data, err := os.ReadFile(f.files[person])
	if err != nil {
		f.t.Fatal(err)
	}
	raw, err := ssh.ParseRawPrivateKey(data)
	if err != nil {
		f.t.Fatal(err)
	}
	kr := agent.NewKeyring()
	if err := kr.Add(agent.AddedKey{PrivateKey: raw}); err != nil {
		f.t.Fatal(err)
	}
	sock := filepath.Join(f.t.TempDir(), "agent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		f.t.Skipf("no unix sockets here: %v", err)
	}
	f.t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { agent.ServeAgent(kr, c); c.Close() }()
		}
	}()
	f.t.Setenv("SSH_AUTH_SOCK", sock)
}

func TestSignWithSSHAgent(t *testing.T) {
	tests := []struct {
		name string
		key  func(f *fixture) string
	}{
		{"pub file", func(f *fixture) string { return f.files["jan-peeters"] + ".pub" }},
		{"key:: literal", func(f *fixture) string {
			return "key::" + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(f.keys["jan-peeters"].PublicKey())))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.serveAgent("jan-peeters")
			f.asKey("jan-peeters", tt.key(f))
			s := f.sign(fixturePOP, "", DecisionAgreed, "")
			if s.Key != ssh.FingerprintSHA256(f.keys["jan-peeters"].PublicKey()) {
				t.Errorf("signed with %s", s.Key)
			}
			if st := f.status(Options{}); st.State != EmployeeSigned {
				t.Fatalf("state %s %+v", st.State, st.Invalid)
			}
		})
	}
	t.Run("key not in agent", func(t *testing.T) {
		f := newFixture(t)
		f.serveAgent("an-janssens")
		f.asKey("jan-peeters", f.files["jan-peeters"]+".pub")
		_, err := f.trySign(fixturePOP, "", DecisionAgreed, "")
		if err == nil || !strings.Contains(err.Error(), "ssh-agent does not hold") {
			t.Fatalf("error %v", err)
		}
	})
}

// Without the git program, pop signs and verifies through go-git alone,
// reading git config with go-git.
func TestWithoutGitProgram(t *testing.T) {
	f := newFixture(t)
	f.as("jan-peeters")
	gitBin, _ := exec.LookPath("git")
	t.Setenv("PATH", "")
	s := f.sign(fixturePOP, "", DecisionAgreed, "")
	if s.Email != "jan@example.com" || s.Method != "ssh" {
		t.Fatalf("signed %+v", s)
	}
	if st := f.status(Options{}); st.State != EmployeeSigned {
		t.Fatalf("state %s %+v", st.State, st.Invalid)
	}
	t.Setenv("PATH", filepath.Dir(gitBin))
	if head := f.git("rev-parse", "HEAD"); head != s.Commit {
		t.Errorf("HEAD %s, want %s", head, s.Commit)
	}
	if out, err := f.gitVerifyCommit(s.Commit); err != nil {
		if _, lerr := exec.LookPath("ssh-keygen"); lerr == nil {
			t.Errorf("git verify-commit: %v\n%s", err, out)
		}
	}
}
