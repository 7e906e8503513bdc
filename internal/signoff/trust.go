package signoff

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/repo"
)

// trust is what sign-offs are checked against, read from one revision so
// that a change under review cannot vouch for itself. The files are read
// (and hashed for the verify cache) at once, but parsed only when a
// signature has to be judged: a run where the cache judges every sign-off,
// or where there is none, never parses a large registry.
type trust struct {
	digest [32]byte // SHA-256 over every file read: what the verify cache is keyed by

	people  trustFile
	signers trustFile // data nil when there is no allowed signers file
	pgp     []trustFile

	once    sync.Once
	err     error // from parsing; set by load
	persons *repo.People
	byKey   map[string][]repo.Signer // by SSH key fingerprint
	keyring openpgp.EntityList
}

type trustFile struct {
	name string // as the error names it
	data []byte
}

// readTrust reads the trust material in tree.
func (g *gitRepo) readTrust(tree plumbing.Hash, cfg repo.Config) (*trust, error) {
	t := &trust{}
	sum := sha256.New()
	mix := func(name string, data []byte, ok bool) {
		fmt.Fprintf(sum, "%q %t %d\n", name, ok, len(data))
		sum.Write(data)
	}
	defer func() { copy(t.digest[:], sum.Sum(nil)) }()
	data, _, ok, err := g.readFile(tree, g.gitPath(cfg.People))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: not in the trusted revision", cfg.People)
	}
	mix(cfg.People, data, ok)
	t.people = trustFile{cfg.People, data}
	data, _, ok, err = g.readFile(tree, g.gitPath(cfg.AllowedSigners))
	if err != nil {
		return nil, err
	}
	mix(cfg.AllowedSigners, data, ok)
	if ok {
		t.signers = trustFile{cfg.AllowedSigners, data}
	}
	dir := g.gitPath(strings.TrimSuffix(cfg.OpenPGPKeys, "/"))
	mode, h, err := g.lookup(tree, dir)
	if err == nil && mode == filemode.Dir {
		raw, err := g.raw(plumbing.TreeObject, h)
		if err != nil {
			return nil, err
		}
		var files []string
		eachEntry(raw, func(name string, m filemode.FileMode, _ plumbing.Hash) {
			if strings.HasSuffix(name, ".asc") && (m == filemode.Regular || m == filemode.Executable) {
				files = append(files, name)
			}
		})
		for _, name := range files {
			p := path.Join(dir, name)
			data, _, _, err := g.readFile(tree, p)
			if err != nil {
				return nil, err
			}
			mix(p, data, true)
			t.pgp = append(t.pgp, trustFile{path.Join(cfg.OpenPGPKeys, name), data})
		}
	}
	return t, nil
}

// load parses the trust material, once; every caller gets the same error.
func (t *trust) load() error {
	t.once.Do(func() { t.err = t.parse() })
	return t.err
}

func (t *trust) parse() error {
	var err error
	if t.persons, _, err = repo.ParsePeople(t.people.name, t.people.data); err != nil {
		return err
	}
	var signers []repo.Signer
	if t.signers.data != nil {
		if signers, err = repo.ParseAllowedSigners(t.signers.name, t.signers.data); err != nil {
			return err
		}
	}
	t.byKey = map[string][]repo.Signer{}
	for _, s := range signers {
		fp := ssh.FingerprintSHA256(s.Key)
		t.byKey[fp] = append(t.byKey[fp], s)
	}
	for _, f := range t.pgp {
		ring, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(f.data))
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		t.keyring = append(t.keyring, ring...)
	}
	// The files are not needed again.
	t.people, t.signers, t.pgp = trustFile{}, trustFile{}, nil
	return nil
}

// eachEntry calls fn for every entry of a raw tree.
func eachEntry(data []byte, fn func(name string, m filemode.FileMode, h plumbing.Hash)) {
	for {
		mode, n, h, rest, ok := splitEntry(data)
		if !ok {
			return
		}
		if m, err := filemode.New(string(mode)); err == nil {
			fn(string(n), m, h)
		}
		data = rest
	}
}

// sshAllowed reports how the allowed signers judge key for email at when:
// "" when allowed, else a reason.
func (t *trust) sshAllowed(key ssh.PublicKey, email string, when time.Time) string {
	lines := t.byKey[ssh.FingerprintSHA256(key)]
	if len(lines) == 0 {
		return reasonUnknownKey
	}
	reason := reasonOtherPerson
	for _, s := range lines {
		if s.CertAuthority || !principalMatches(s.Principals, email) {
			continue
		}
		if !s.AllowsNamespace("git") {
			reason = reasonUnknownKey
			continue
		}
		if !validAt(s.ValidAfter, s.ValidBefore, when) {
			reason = reasonKeyExpired
			continue
		}
		return ""
	}
	return reason
}

// principalMatches matches email against principals with ssh's pattern
// rules: * and ? wildcards, ! negates.
func principalMatches(principals []string, email string) bool {
	email = strings.ToLower(email)
	ok := false
	for _, p := range principals {
		p = strings.ToLower(strings.TrimSpace(p))
		neg := strings.HasPrefix(p, "!")
		if neg {
			p = p[1:]
		}
		if m, _ := path.Match(p, email); m || p == email {
			if neg {
				return false
			}
			ok = true
		}
	}
	return ok
}

// validAt judges valid-after/valid-before (YYYYMMDD[HHMM[SS]][Z]) at when,
// as ssh-keygen does with the time git passes: the committer date.
func validAt(after, before string, when time.Time) bool {
	if after != "" {
		t, ok := parseSSHTime(after)
		if !ok || when.Before(t) {
			return false
		}
	}
	if before != "" {
		t, ok := parseSSHTime(before)
		if !ok || !when.Before(t) {
			return false
		}
	}
	return true
}

func parseSSHTime(s string) (time.Time, bool) {
	loc := time.Local
	if strings.HasSuffix(s, "Z") || strings.HasSuffix(s, "z") {
		s, loc = s[:len(s)-1], time.UTC
	}
	for _, layout := range []string{"20060102150405", "200601021504", "20060102"} {
		if len(s) == len(layout) {
			t, err := time.ParseInLocation(layout, s, loc)
			return t, err == nil
		}
	}
	return time.Time{}, false
}
