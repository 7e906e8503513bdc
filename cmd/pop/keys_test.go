package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"
)

// sshKeyCmd is the script command "sshkey FILE": it writes a new ed25519
// key as FILE (OpenSSH private key, usable by ssh-keygen and git) and
// FILE.pub, made in-process so scripts need no ssh-keygen to sign.
func sshKeyCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sshkey FILE")
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	ts.Check(err)
	block, err := ssh.MarshalPrivateKey(priv, args[0])
	ts.Check(err)
	pub, err := ssh.NewPublicKey(priv.Public())
	ts.Check(err)
	p := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(p), 0o700))
	ts.Check(os.WriteFile(p, pem.EncodeToMemory(block), 0o600))
	ts.Check(os.WriteFile(p+".pub", ssh.MarshalAuthorizedKey(pub), 0o644))
}
