package check

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
)

// sealedRepo is a repository with seal: true whose registry has keys
// for Jan and An, made by the test; Eve's key is not registered.
func sealedRepo(t *testing.T) (r *repo.Repo, people *repo.People, keys map[string]seal.Recipient) {
	t.Helper()
	r, people = testRepo(t)
	r.Config.Seal = true
	keys = map[string]seal.Recipient{}
	var signers strings.Builder
	for _, p := range []struct{ id, email string }{{"jan-peeters", "jan@example.com"}, {"an-janssens", "an@example.com"}, {"eve", ""}} {
		pub, _, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := ssh.NewPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		if keys[p.id], err = seal.SSHRecipient(p.id, sp); err != nil {
			t.Fatal(err)
		}
		if p.email != "" {
			signers.WriteString(p.email + " " + string(ssh.MarshalAuthorizedKey(sp)))
		}
	}
	path := filepath.Join(r.Root, filepath.FromSlash(r.Config.AllowedSigners))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(signers.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return r, people, keys
}

// TestSealed checks a sealed POP without a key: its clear part and its
// envelope, and a POP in clear where the configuration says seal: true.
func TestSealed(t *testing.T) {
	r, people, keys := sealedRepo(t)
	clear := readFixture(t, "valid/pop-nl.md")
	sealTo := func(ids ...string) []byte {
		var to []seal.Recipient
		for _, id := range ids {
			to = append(to, keys[id])
		}
		out, err := seal.Seal(clear, seal.Options{To: to})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tests := []struct {
		name string
		data []byte
		want string // brief findings
	}{
		{"sealed to its readers", sealTo("jan-peeters", "an-janssens"), ""},
		{"a reader too many", sealTo("jan-peeters", "an-janssens", "eve"),
			janPath + ":24:1 sealed-recipient-unexpected\n" + janPath + ":59:1 sealed-recipient-unexpected"},
		{"a reader not yet sealed to", sealTo("jan-peeters"),
			janPath + ":24:1 sealed-recipient-missing\n" + janPath + ":54:1 sealed-recipient-missing"},
		{"in clear", clear, janPath + ":1:1 pop-not-sealed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := File(r, people, janPath, tt.data)
			if b := brief(got); b != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", b, tt.want)
			}
			for _, f := range got {
				for _, plan := range []string{"conflict", "Sara", "tech lead"} {
					if strings.Contains(f.Message+f.Hint, plan) {
						t.Errorf("finding carries plan text %q: %+v", plan, f)
					}
				}
			}
		})
	}
	if got := Opened(r, people, janPath, clear); len(got) > 0 {
		t.Errorf("the clear text of a sealed POP: %v", got)
	}
}
