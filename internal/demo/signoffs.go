package demo

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// KeyDir is where the demo keeps its throwaway private keys: inside .git,
// so that they are never committed.
const KeyDir = ".git/pop-demo-keys"

// keys makes a throwaway ed25519 key per person, writes the private keys
// to KeyDir and returns the allowed-signers file that lists them. Key
// material is the one thing in the demo that differs from run to run.
func keys(dir string, people []Person) (map[string]ssh.Signer, []byte, error) {
	out := map[string]ssh.Signer{}
	var signers strings.Builder
	signers.WriteString("# Throwaway keys made by pop demo; the private halves are in " + KeyDir + ".\n")
	for _, p := range people {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		s, err := ssh.NewSignerFromKey(priv)
		if err != nil {
			return nil, nil, err
		}
		block, err := ssh.MarshalPrivateKey(priv, p.Email)
		if err != nil {
			return nil, nil, err
		}
		file := filepath.Join(dir, filepath.FromSlash(KeyDir), p.ID)
		if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
			return nil, nil, err
		}
		if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
			return nil, nil, err
		}
		out[p.ID] = s
		signers.WriteString(repo.SignerLine(p.Email, s.PublicKey()) + "\n")
	}
	return out, []byte(signers.String()), nil
}

// signOff is one sign-off the demo records.
type signOff struct {
	doc      *Doc
	role     signoff.Role
	decision signoff.Decision
	reason   string
	goals    []string // a disagreement's disputed goals
}

// sign records sign-offs on HEAD, a few minutes apart from when.
func sign(dir string, people []Person, ks map[string]ssh.Signer, when time.Time, sos []signOff) error {
	r, err := repo.OpenRoot(dir)
	if err != nil {
		return err
	}
	byID := map[string]Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	for i, so := range sos {
		id := so.doc.Employee
		if so.role == signoff.RoleManager {
			id = so.doc.Manager
		}
		p := byID[id]
		at := when.Add(time.Duration(i+1) * 7 * time.Minute)
		if _, err := signoff.SignGoalsWithKey(r, so.doc.Path(r.Config.Dir), so.role, so.decision, so.reason, so.goals, p.Name, p.Email, at, ks[id]); err != nil {
			return fmt.Errorf("demo sign-off of %s: %w", so.doc.Path(r.Config.Dir), err)
		}
	}
	return nil
}
