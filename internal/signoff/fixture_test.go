package signoff

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// The fixture's people: jan is the employee, an his manager, eva someone
// else in the team.
var fixturePeople = []struct{ id, name, email, manager string }{
	{"an-janssens", "An Janssens", "an@example.com", ""},
	{"jan-peeters", "Jan Peeters", "jan@example.com", "an-janssens"},
	{"eva-claes", "Eva Claes", "eva@example.com", "an-janssens"},
}

const fixturePOP = "pop/jan-peeters/2026-11-20.md"

const fixtureContent = `---
pop: 1
kind: pop
employee: jan-peeters
manager: an-janssens
date: 2026-11-20
next_conversation: 2027-05-20
goals:
  - id: conflicten
    goal: Beter leren omgaan met conflicten
    measure: training
    action: Training conflicthantering volgen
    timing: 2027-Q1
    support: Tijd vrijmaken voor deelname
    follow_up: next
    status: planned
---

## Start van het gesprek

Doel van het gesprek besproken.

## Terugblik

Het voorbije jaar liep goed.

## Ontwikkelbehoeften

Omgaan met conflicten.

## Concrete planning

Zie de doelen.

## Afronding

Volgend gesprek in mei.
`

// fixture is a POP repository in a temporary git repository, with an SSH
// key per person made in-process.
type fixture struct {
	t     *testing.T
	dir   string
	r     *repo.Repo
	keys  map[string]ssh.Signer // person id → key
	files map[string]string     // person id → private key file
	clock time.Time
}

func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI must run every signing test (%v)", name, err)
		}
		t.Skipf("%s is not installed; .ci/run installs it (%v)", name, err)
	}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	requireTool(t, "git")
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	os.MkdirAll(home, 0o755)
	t.Setenv("HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GNUPGHOME", filepath.Join(home, ".gnupg"))
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE", "GIT_AUTHOR_DATE", "SSH_AUTH_SOCK"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	f := &fixture{t: t, dir: filepath.Join(dir, "repo"), keys: map[string]ssh.Signer{}, files: map[string]string{},
		clock: time.Now().UTC().Truncate(time.Second)}
	os.MkdirAll(f.dir, 0o755)
	f.git("init", "-q", "-b", "main")
	var people, signers strings.Builder
	for _, p := range fixturePeople {
		fmt.Fprintf(&people, "- id: %s\n  name: %s\n  email: %s\n", p.id, p.name, p.email)
		if p.manager != "" {
			fmt.Fprintf(&people, "  manager: %s\n", p.manager)
		}
		s, file := f.makeKey(p.id)
		f.keys[p.id], f.files[p.id] = s, file
		fmt.Fprintln(&signers, repo.SignerLine(p.email, s.PublicKey()))
	}
	f.write(".pop.yaml", "lang: nl\n")
	f.write(".pop/people.yaml", people.String())
	f.write(".pop/allowed_signers", signers.String())
	f.write(fixturePOP, fixtureContent)
	f.commit("add POP")
	r, err := repo.OpenRoot(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	f.r = r
	return f
}

// makeKey makes an ed25519 key and writes it as an OpenSSH private key
// file that ssh-keygen can sign with too.
func (f *fixture) makeKey(name string) (ssh.Signer, string) {
	f.t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		f.t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		f.t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, name)
	if err != nil {
		f.t.Fatal(err)
	}
	file := filepath.Join(filepath.Dir(f.dir), "keys", name)
	os.MkdirAll(filepath.Dir(file), 0o700)
	if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
		f.t.Fatal(err)
	}
	os.WriteFile(file+".pub", ssh.MarshalAuthorizedKey(s.PublicKey()), 0o644)
	return s, file
}

func (f *fixture) tick() time.Time {
	f.clock = f.clock.Add(time.Minute)
	return f.clock
}

// git runs git in the repository with the fixture's clock as commit date.
func (f *fixture) git(args ...string) string {
	f.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = f.dir
	date := f.tick().Format(time.RFC3339)
	cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+date, "GIT_AUTHOR_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		f.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (f *fixture) write(rel, content string) {
	f.t.Helper()
	p := filepath.Join(f.dir, filepath.FromSlash(rel))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) read(rel string) []byte {
	data, err := os.ReadFile(filepath.Join(f.dir, filepath.FromSlash(rel)))
	if err != nil {
		f.t.Fatal(err)
	}
	return data
}

func (f *fixture) commit(msg string) {
	f.t.Helper()
	f.git("add", "-A")
	f.git("-c", "user.name=Setup", "-c", "user.email=setup@example.com", "commit", "-q", "-m", msg)
}

// as configures git to sign as person with their SSH key file.
func (f *fixture) as(person string) {
	f.asKey(person, f.files[person])
}

// asKey configures git to be person but sign with keyFile.
func (f *fixture) asKey(person, keyFile string) {
	for _, p := range fixturePeople {
		if p.id == person {
			f.git("config", "user.email", p.email)
			f.git("config", "user.name", p.name)
		}
	}
	f.git("config", "gpg.format", "ssh")
	f.git("config", "user.signingkey", keyFile)
}

// sign signs rel with pop's own Sign as the person configured with as.
func (f *fixture) sign(rel string, role Role, d Decision, reason string) *Signed {
	f.t.Helper()
	s, err := f.trySign(rel, role, d, reason)
	if err != nil {
		f.t.Fatalf("sign: %v", err)
	}
	return s
}

func (f *fixture) trySign(rel string, role Role, d Decision, reason string) (*Signed, error) {
	people, _, err := f.r.People()
	if err != nil {
		f.t.Fatal(err)
	}
	data := f.read(rel)
	return Sign(context.Background(), SignRequest{Repo: f.r, People: people, File: rel, Data: data,
		Doc: pop.Parse(rel, data), Role: role, Decision: d, Reason: reason, Now: f.tick()})
}

// trailersFor returns the trailers of a sign-off of rel's current bytes.
func (f *fixture) trailersFor(rel string, role Role, d Decision) string {
	return strings.SplitN(Message(role, d, rel, sha256Hex(f.read(rel)), ""), "\n\n", 2)[1]
}

// handSign makes a sign-off the way a person would by hand: git commit -S
// with the trailers.
func (f *fixture) handSign(rel string, role Role, d Decision, extra ...string) string {
	f.t.Helper()
	args := append([]string{"commit", "-q", "-S", "--allow-empty", "-m", fmt.Sprintf("pop: %s %s to %s", role, d, rel),
		"-m", strings.TrimSpace(f.trailersFor(rel, role, d))}, extra...)
	f.git(args...)
	return f.git("rev-parse", "HEAD")
}

func (f *fixture) verify(o Options) *Report {
	f.t.Helper()
	o.Repo = f.r
	o.NoCache = true
	rep, err := Verify(context.Background(), o)
	if err != nil {
		f.t.Fatalf("verify: %v", err)
	}
	// Reading history through git or through go-git gives the same report,
	// and so does the verify cache, filled or not.
	impls := gitImpls(f.t, f.dir)
	for _, v := range []struct {
		name    string
		git     gitx.Repo
		noCache bool
	}{{"go-git", impls["go-git"], true}, {"git, cache", impls["git"], false}, {"git, cache again", impls["git"], false}, {"go-git, cache", impls["go-git"], false}} {
		if v.git == nil {
			continue // no git program on PATH
		}
		o.Git, o.NoCache = v.git, v.noCache
		rep2, err := Verify(context.Background(), o)
		if err != nil {
			f.t.Fatalf("verify (%s): %v", v.name, err)
		}
		if !reflect.DeepEqual(rep, rep2) {
			f.t.Fatalf("verify with git and without cache differs from %s:\n%+v\n%+v", v.name, rep.Statuses, rep2.Statuses)
		}
	}
	return rep
}

// status verifies and returns the status of the fixture's POP.
func (f *fixture) status(o Options) Status {
	f.t.Helper()
	for _, st := range f.verify(o).Statuses {
		if st.Path == fixturePOP {
			return st
		}
	}
	f.t.Fatalf("no status for %s", fixturePOP)
	return Status{}
}

// gitImpls opens the repository at dir with each git reader.
func gitImpls(t testing.TB, dir string) map[string]gitx.Repo {
	t.Helper()
	g, err := gitx.OpenGoGit(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	out := map[string]gitx.Repo{"go-git": g}
	if bin, err := exec.LookPath("git"); err == nil {
		p, err := gitx.OpenProgram(dir, bin)
		if err != nil {
			t.Fatal(err)
		}
		out["git"] = p
	}
	return out
}

func (f *fixture) gitVerifyCommit(id string, extra ...string) (string, error) {
	args := append([]string{"-c", "gpg.ssh.allowedSignersFile=" + filepath.Join(f.dir, ".pop/allowed_signers")}, extra...)
	args = append(args, "verify-commit", "-v", id)
	cmd := exec.Command("git", args...)
	cmd.Dir = f.dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}
