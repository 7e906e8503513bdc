package signoff

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/gitx"
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

	// dir is the POP folder of the trusted configuration, to read the
	// person, date and kind from a Pop-File path.
	dir string

	once    sync.Once
	err     error // from parsing; set by load
	persons *repo.People
	byKey   map[string][]repo.Signer // by SSH key fingerprint
	keyring openpgp.EntityList
	// pgpOwners lists, by the key id of a primary key or subkey, whose
	// key files (.pop/keys/P.asc → P) hold it.
	pgpOwners map[uint64][]string
}

type trustFile struct {
	name string // as the error names it
	data []byte
}

// trustRefs names the trust material cfg places in commit id: the
// people registry, the allowed signers and the OpenPGP key folder.
func (g *gitRepo) trustRefs(id gitx.Hash, cfg repo.Config) []gitx.FileRef {
	return []gitx.FileRef{
		{Tree: id, Path: g.gitPath(cfg.People)},
		{Tree: id, Path: g.gitPath(cfg.AllowedSigners)},
		{Tree: id, Path: g.gitPath(strings.TrimSuffix(cfg.OpenPGPKeys, "/"))},
	}
}

// readTrust reads, through the git seam x, the trust material cfg places
// in commit id; it is an error when there is no people registry.
func (g *gitRepo) readTrust(ctx context.Context, x gitx.Repo, id gitx.Hash, cfg repo.Config) (*trust, error) {
	fs, err := x.ReadFiles(ctx, g.trustRefs(id, cfg))
	if err != nil {
		return nil, err
	}
	t, err := g.trustFrom(ctx, x, id, cfg, fs)
	if err == nil && t == nil {
		err = fmt.Errorf("%s: not in the trusted revision", cfg.People)
	}
	return t, err
}

// trustFrom makes the trust material of commit id of fs, the files
// trustRefs(id, cfg) names, reading the key files of the key folder when
// there is one; nil when there is no people registry.
func (g *gitRepo) trustFrom(ctx context.Context, x gitx.Repo, id gitx.Hash, cfg repo.Config, fs []gitx.File) (*trust, error) {
	people, signers, keys := fs[0], fs[1], fs[2]
	if !people.Found || !people.IsRegular() {
		return nil, nil
	}
	t := &trust{dir: cfg.Dir, people: trustFile{cfg.People, people.Data}}
	sum := sha256.New()
	mix := func(name string, data []byte, ok bool) {
		fmt.Fprintf(sum, "%q %t %d\n", name, ok, len(data))
		sum.Write(data)
	}
	defer func() { copy(t.digest[:], sum.Sum(nil)) }()
	mix("dir", []byte(cfg.Dir), true) // paths are judged against it
	mix(cfg.People, people.Data, true)
	hasSigners := signers.Found && signers.IsRegular()
	mix(cfg.AllowedSigners, signers.Data, hasSigners)
	if hasSigners {
		t.signers = trustFile{cfg.AllowedSigners, signers.Data}
	}
	if !keys.Found || keys.Mode != gitx.Dir {
		return t, nil
	}
	es, err := x.List(ctx, id, keys.Path)
	if err != nil {
		return nil, err
	}
	var refs []gitx.FileRef
	var names []string
	for _, e := range es {
		name, ok := strings.CutPrefix(e.Path, keys.Path+"/")
		if !ok || strings.Contains(name, "/") || !strings.HasSuffix(name, ".asc") || !e.IsRegular() {
			continue
		}
		refs = append(refs, gitx.FileRef{Tree: id, Path: e.Path})
		names = append(names, path.Join(cfg.OpenPGPKeys, name))
	}
	if len(refs) == 0 {
		return t, nil
	}
	kf, err := x.ReadFiles(ctx, refs)
	if err != nil {
		return nil, err
	}
	for i, f := range kf {
		mix(refs[i].Path, f.Data, true)
		t.pgp = append(t.pgp, trustFile{names[i], f.Data})
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
	t.pgpOwners = map[uint64][]string{}
	for _, f := range t.pgp {
		ring, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(f.data))
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		t.keyring = append(t.keyring, ring...)
		owner := strings.TrimSuffix(path.Base(f.name), ".asc")
		for _, e := range ring {
			t.addPGPOwner(e.PrimaryKey.KeyId, owner)
			for _, sk := range e.Subkeys {
				t.addPGPOwner(sk.PublicKey.KeyId, owner)
			}
		}
	}
	// The files are not needed again.
	t.people, t.signers, t.pgp = trustFile{}, trustFile{}, nil
	return nil
}

func (t *trust) addPGPOwner(id uint64, owner string) {
	for _, o := range t.pgpOwners[id] {
		if o == owner {
			return
		}
	}
	t.pgpOwners[id] = append(t.pgpOwners[id], owner)
}

// sshAllowed reports how the allowed signers judge key for email at when:
// "" when allowed, else a reason.
func (t *trust) sshAllowed(key ssh.PublicKey, email string, when time.Time) string {
	lines := t.byKey[ssh.FingerprintSHA256(key)]
	if len(lines) == 0 {
		return reasonUnknownKey
	}
	if t.sshPeople(lines) > 1 {
		return reasonTwoPeople
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

// sshPeople counts the people of the registry whose email the allowed
// signers lines of one key name: a key listed for two people counts for
// neither (SPEC §6.2).
func (t *trust) sshPeople(lines []repo.Signer) int {
	n := 0
	for _, p := range t.persons.List {
		for _, s := range lines {
			if !s.CertAuthority && principalMatches(s.Principals, p.Email) {
				n++
				break
			}
		}
	}
	return n
}

// pgpAllowed reports how the trusted key files judge OpenPGP key e for
// person at when: "" when it counts, else a reason. It counts only when
// e is in the person's own key file and in no one else's, and carries a
// valid self-signed user id with the person's email; a user id is made
// by the key's holder, so it never binds a key to anyone on its own.
func (t *trust) pgpAllowed(e *openpgp.Entity, person repo.Person, when time.Time) string {
	owners := map[string]bool{}
	for _, o := range t.pgpOwners[e.PrimaryKey.KeyId] {
		owners[o] = true
	}
	for _, sk := range e.Subkeys {
		for _, o := range t.pgpOwners[sk.PublicKey.KeyId] {
			owners[o] = true
		}
	}
	switch {
	case len(owners) > 1:
		return reasonTwoPeople
	case !owners[person.ID]:
		return reasonOtherPerson
	}
	for _, id := range e.Identities {
		if id.UserId != nil && id.SelfSignature != nil && strings.EqualFold(id.UserId.Email, person.Email) &&
			!id.Revoked(when) && !id.SelfSignature.SigExpired(when) {
			return ""
		}
	}
	return reasonNoUserID
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

// worktreeTrust reads the trust material from the work tree, as pop sign
// sees it before anything is committed.
func worktreeTrust(r *repo.Repo) (*trust, error) {
	cfg := r.Config
	t := &trust{dir: cfg.Dir}
	data, err := r.ReadFile(cfg.People)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", cfg.People, err)
	}
	t.people = trustFile{cfg.People, data}
	data, err = r.ReadFile(cfg.AllowedSigners)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", cfg.AllowedSigners, err)
	}
	if data != nil {
		t.signers = trustFile{cfg.AllowedSigners, data}
	}
	entries, err := os.ReadDir(r.Abs(cfg.OpenPGPKeys))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", cfg.OpenPGPKeys, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".asc") {
			continue
		}
		name := path.Join(cfg.OpenPGPKeys, e.Name())
		data, err := r.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		t.pgp = append(t.pgp, trustFile{name, data})
	}
	return t, t.load()
}

// signerKey is the public half of the key pop sign is about to sign with.
type signerKey struct {
	ssh ssh.PublicKey
	pgp [][20]byte // fingerprints of the primary keys that may sign
}

// keyCounts reports whether k counts for person at when (SPEC §6.2): ""
// when it does, else the reason it does not.
func (t *trust) keyCounts(k signerKey, person repo.Person, when time.Time) string {
	if k.ssh != nil {
		return t.sshAllowed(k.ssh, person.Email, when)
	}
	reason := reasonUnknownKey
	for _, fp := range k.pgp {
		for _, e := range t.keyring {
			if !bytes.Equal(e.PrimaryKey.Fingerprint, fp[:]) {
				continue
			}
			r := t.pgpAllowed(e, person, when)
			if r == "" {
				return ""
			}
			reason = r
		}
	}
	return reason
}

// TrustedConfig reads .pop.yaml from the trusted revision (trustRev, else
// rev, else HEAD) and names the keys in which the work tree's
// configuration differs from it (SPEC §6.2). Verify judges with the
// trusted configuration: a pull request cannot move the POP folder, point
// at other key files or relax the policy. The caller fails verify when
// drift is not empty.
func TrustedConfig(r *repo.Repo, rev, trustRev string) (trusted repo.Config, drift []string, err error) {
	g, err := openGit(r)
	if err != nil {
		return repo.Config{}, nil, err
	}
	defer g.close()
	x, err := g.seam()
	if err != nil {
		return repo.Config{}, nil, err
	}
	defer x.Close()
	if trustRev == "" {
		trustRev = rev
	}
	return g.trustedConfig(context.Background(), x, r.Config, trustRev)
}

// trustedConfig is TrustedConfig through the git seam x.
func (g *gitRepo) trustedConfig(ctx context.Context, x gitx.Repo, work repo.Config, trustRev string) (trusted repo.Config, drift []string, err error) {
	name := revName(trustRev, "")
	id, err := x.Resolve(ctx, name)
	if err != nil {
		return repo.Config{}, nil, err // a bad revision, as verify words it
	}
	files, err := x.ReadFiles(ctx, []gitx.FileRef{{Tree: id, Path: g.gitPath(repo.ConfigFile)}})
	if err != nil {
		return repo.Config{}, nil, fmt.Errorf("read trust material at %s: %w", name, err)
	}
	if !files[0].Found || !files[0].IsRegular() {
		return repo.Config{}, nil, fmt.Errorf("read trust material at %s: %s: not in the trusted revision", name, repo.ConfigFile)
	}
	cfg, err := repo.ParseConfig(repo.ConfigFile, files[0].Data)
	if err != nil {
		return repo.Config{}, nil, fmt.Errorf("read trust material at %s: %w", name, err)
	}
	return cfg, ConfigDrift(work, cfg), nil
}

// ConfigDrift names the .pop.yaml keys that decide what verify trusts and
// in which work differs from trusted. Who may read sealed POPs (seal,
// readers) is trust material too, in one direction: a pull request that
// turns sealing off lets POPs in clear pass pop check, and one that adds
// a reader makes the next pop reseal seal every POP to that reader
// (SPEC §8); turning sealing on or removing a reader only narrows who
// reads, as the migration to sealed POPs does in one pull request.
func ConfigDrift(work, trusted repo.Config) []string {
	var out []string
	for _, k := range []struct {
		key  string
		same bool
	}{
		{"dir", work.Dir == trusted.Dir},
		{"people", work.People == trusted.People},
		{"allowed_signers", work.AllowedSigners == trusted.AllowedSigners},
		{"openpgp_keys", work.OpenPGPKeys == trusted.OpenPGPKeys},
		{"verify.accept_seen", work.Verify.AcceptSeen == trusted.Verify.AcceptSeen},
		{"seal", work.Seal || !trusted.Seal},
		{"readers", subset(work.Readers, trusted.Readers)},
	} {
		if !k.same {
			out = append(out, k.key)
		}
	}
	return out
}

// subset reports whether every value of a is in b.
func subset(a, b []string) bool {
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}
