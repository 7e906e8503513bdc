package signoff

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/repo"
	"golang.org/x/crypto/ssh/agent"
)

// signer makes the signature git stores in a commit's gpgsig header.
type signer interface {
	sign(ctx context.Context, payload []byte) (string, error)
	method() string
	key() string
	// public returns the public key that will sign, to check it is
	// registered before anything is signed.
	public(ctx context.Context) (signerKey, error)
}

// newSigner picks the signer git would use for this configuration.
func newSigner(ctx context.Context, cfg GitConfig, ident string, getenv func(string) string) (signer, error) {
	format := strings.ToLower(cfg["gpg.format"])
	key := cfg["user.signingkey"]
	switch format {
	case "ssh":
		return newSSHSigner(key, getenv)
	case "", "openpgp":
		if p := expandHome(key, getenv); p != "" {
			if data, err := repo.ReadLimit(p, repo.MaxTrustSize); err == nil && bytes.Contains(data, []byte("PGP PRIVATE KEY BLOCK")) {
				return newArmoredSigner(p, data)
			}
		}
		prog := cfg["gpg.openpgp.program"]
		if prog == "" {
			prog = cfg["gpg.program"]
		}
		if prog == "" {
			prog = "gpg"
		}
		if key == "" {
			key = ident
		}
		return &gpgSigner{program: prog, keyID: key}, nil
	}
	return nil, precondition("pop signs with gpg.format ssh or openpgp", "gpg.format %s is not supported", format)
}

func expandHome(p string, getenv func(string) string) string {
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(getenv("HOME"), p[2:])
	}
	return p
}

// sshSigner signs as ssh-keygen -Y sign -n git does, with SHA-512.
type sshSigner struct {
	s ssh.Signer
}

func (s *sshSigner) method() string { return "ssh" }
func (s *sshSigner) key() string    { return ssh.FingerprintSHA256(s.s.PublicKey()) }

func (s *sshSigner) public(context.Context) (signerKey, error) {
	return signerKey{ssh: s.s.PublicKey()}, nil
}

func (s *sshSigner) sign(_ context.Context, payload []byte) (string, error) {
	sig, err := sshsig.Sign(bytes.NewReader(payload), s.s, sshsig.HashSHA512, "git")
	if err != nil {
		return "", fmt.Errorf("ssh signature: %w", err)
	}
	return string(sshsig.Armor(sig)), nil
}

// newSSHSigner reads user.signingkey as git does: a literal key ("key::"
// or "ssh-..."), or a key file; a public key (or a private one locked by
// a passphrase) is looked up in ssh-agent.
func newSSHSigner(key string, getenv func(string) string) (signer, error) {
	hint := "set git config user.signingkey to your SSH key file"
	if key == "" {
		return nil, precondition(hint, "user.signingkey is not set for gpg.format ssh")
	}
	var pub ssh.PublicKey
	literal := strings.TrimPrefix(key, "key::")
	if literal != key || strings.HasPrefix(key, "ssh-") {
		k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(literal))
		if err != nil {
			return nil, precondition(hint, "user.signingkey: not an SSH public key: %v", err)
		}
		pub = k
	} else {
		p := expandHome(key, getenv)
		data, err := repo.ReadLimit(p, repo.MaxTrustSize)
		if err != nil {
			return nil, precondition(hint, "user.signingkey: %v", err)
		}
		if k, _, _, _, err := ssh.ParseAuthorizedKey(data); err == nil {
			pub = k
		} else {
			s, err := ssh.ParsePrivateKey(data)
			var missing *ssh.PassphraseMissingError
			switch {
			case errors.As(err, &missing):
				pub = missing.PublicKey
			case err != nil:
				return nil, precondition(hint, "user.signingkey %s: not an SSH key: %v", p, err)
			default:
				return &sshSigner{s: s}, nil
			}
		}
	}
	return agentSigner(pub, getenv)
}

func agentSigner(pub ssh.PublicKey, getenv func(string) string) (signer, error) {
	sock := getenv("SSH_AUTH_SOCK")
	hint := "start ssh-agent and ssh-add your key, or point user.signingkey at the private key file"
	if sock == "" {
		return nil, precondition(hint, "the signing key is not in a file pop can read and SSH_AUTH_SOCK is not set")
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, precondition(hint, "ssh-agent: %v", err)
	}
	signers, err := agent.NewClient(conn).Signers()
	if err != nil {
		return nil, precondition(hint, "ssh-agent: %v", err)
	}
	want := pub.Marshal()
	for _, s := range signers {
		if bytes.Equal(s.PublicKey().Marshal(), want) {
			return &sshSigner{s: s}, nil
		}
	}
	return nil, precondition(hint, "ssh-agent does not hold the key %s", ssh.FingerprintSHA256(pub))
}

// gpgSigner runs the gpg program the way git does.
type gpgSigner struct {
	program, keyID string
}

func (s *gpgSigner) method() string { return "openpgp" }
func (s *gpgSigner) key() string    { return s.keyID }

// public asks gpg which secret keys the configured key id selects, the
// way gpg -u would choose among them.
func (s *gpgSigner) public(ctx context.Context) (signerKey, error) {
	cmd := exec.CommandContext(ctx, s.program, "--batch", "--with-colons", "--list-secret-keys", "--", s.keyID)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return signerKey{}, &PreconditionError{Msg: fmt.Sprintf("%s could not list a secret key for %s: %v", s.program, s.keyID, err),
			Hint: "check git config user.signingkey and gpg.program; git commit -S must work too"}
	}
	var k signerKey
	primary := false
	for _, line := range strings.Split(out.String(), "\n") {
		f := strings.Split(line, ":")
		switch {
		case f[0] == "sec":
			primary = true
		case f[0] == "ssb":
			primary = false
		case f[0] == "fpr" && primary && len(f) > 9:
			var fp [20]byte
			if b, err := hex.DecodeString(f[9]); err == nil && len(b) == len(fp) {
				copy(fp[:], b)
				k.pgp = append(k.pgp, fp)
			}
			primary = false
		}
	}
	if len(k.pgp) == 0 {
		return k, precondition("check git config user.signingkey", "%s lists no secret key for %s", s.program, s.keyID)
	}
	return k, nil
}

func (s *gpgSigner) sign(ctx context.Context, payload []byte) (string, error) {
	cmd := exec.CommandContext(ctx, s.program, "--status-fd=2", "-bsau", s.keyID)
	cmd.Stdin = bytes.NewReader(payload)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	if err != nil || !bytes.Contains(stderr.Bytes(), []byte("[GNUPG:] SIG_CREATED ")) {
		msg := strings.TrimSpace(stderr.String())
		if err == nil {
			err = errors.New("no signature made")
		}
		return "", &PreconditionError{Msg: fmt.Sprintf("%s failed to sign the data: %v\n%s", s.program, err, msg),
			Hint: "check git config user.signingkey and gpg.program; git commit -S must work too"}
	}
	return out.String(), nil
}

// armoredSigner signs with an unencrypted armored OpenPGP secret key.
type armoredSigner struct {
	e *openpgp.Entity
}

func newArmoredSigner(path string, data []byte) (signer, error) {
	ring, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(data))
	if err != nil {
		return nil, precondition("", "user.signingkey %s: %v", path, err)
	}
	for _, e := range ring {
		if e.PrivateKey != nil {
			if e.PrivateKey.Encrypted {
				return nil, precondition("use the gpg program instead (unset user.signingkey's file)", "user.signingkey %s is protected by a passphrase", path)
			}
			return &armoredSigner{e: e}, nil
		}
	}
	return nil, precondition("", "user.signingkey %s holds no secret key", path)
}

func (s *armoredSigner) method() string { return "openpgp" }
func (s *armoredSigner) key() string    { return fmt.Sprintf("%X", s.e.PrimaryKey.Fingerprint) }

func (s *armoredSigner) public(context.Context) (signerKey, error) {
	var fp [20]byte
	copy(fp[:], s.e.PrimaryKey.Fingerprint)
	return signerKey{pgp: [][20]byte{fp}}, nil
}

func (s *armoredSigner) sign(_ context.Context, payload []byte) (string, error) {
	var out bytes.Buffer
	if err := openpgp.ArmoredDetachSign(&out, s.e, bytes.NewReader(payload), nil); err != nil {
		return "", fmt.Errorf("openpgp signature: %w", err)
	}
	return out.String() + "\n", nil
}
