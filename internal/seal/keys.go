package seal

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// Recipient is one key a person's sealed text is encrypted to.
type Recipient struct {
	Person string // person id
	Key    string // the public key as written: "ssh-ed25519 AAAA…" or "age1…"
	r      age.Recipient
	typ    string // stanza type: ssh-ed25519, ssh-rsa or X25519
	tag    string // for SSH keys, the tag its stanzas carry
}

// SSHRecipient makes a recipient of an ssh-ed25519 or ssh-rsa key.
func SSHRecipient(person string, key ssh.PublicKey) (Recipient, error) {
	var (
		r   age.Recipient
		err error
	)
	switch key.Type() {
	case ssh.KeyAlgoED25519:
		r, err = agessh.NewEd25519Recipient(key)
	case ssh.KeyAlgoRSA:
		r, err = agessh.NewRSARecipient(key)
	default:
		return Recipient{}, fmt.Errorf("%s keys cannot be sealed to, only ssh-ed25519 and ssh-rsa", key.Type())
	}
	if err != nil {
		return Recipient{}, err
	}
	return Recipient{Person: person, Key: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key))), r: r, typ: key.Type(), tag: sshTag(key)}, nil
}

// AgeRecipient makes a recipient of an age1… public key.
func AgeRecipient(person, s string) (Recipient, error) {
	r, err := age.ParseX25519Recipient(s)
	if err != nil {
		return Recipient{}, fmt.Errorf("age key of %s: %v", person, err)
	}
	return Recipient{Person: person, Key: s, r: r, typ: "X25519"}, nil
}

// sshTag is what agessh writes as a stanza's first argument: the first
// four bytes of the SHA-256 of the key in SSH wire format.
func sshTag(key ssh.PublicKey) string {
	h := sha256.Sum256(key.Marshal())
	return b64.EncodeToString(h[:4])
}

// Matches reports whether one of stanzas is visibly wrapped to r. An age1
// recipient never matches: X25519 stanzas do not show their recipient.
func (r Recipient) Matches(stanzas []age.Stanza) bool {
	for _, s := range stanzas {
		if r.tag != "" && s.Type == r.typ && len(s.Args) > 0 && s.Args[0] == r.tag {
			return true
		}
	}
	return false
}

// String names r for a person to check: the person and, for an SSH key,
// its type and fingerprint, as ssh-keygen -l shows it.
func (r Recipient) String() string {
	if k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(r.Key)); err == nil {
		return fmt.Sprintf("%s (%s %s)", r.Person, k.Type(), ssh.FingerprintSHA256(k))
	}
	return fmt.Sprintf("%s (age key)", r.Person)
}

// Visible reports whether stanzas show whether r is a recipient: true for
// SSH keys, false for age1 keys.
func (r Recipient) Visible() bool { return r.tag != "" }

// Keyring holds everyone's registered keys: SSH keys from allowed_signers
// (by the person's email) and age1… recipients from the registry.
type Keyring struct {
	people *repo.People
	keys   map[string][]Recipient
	bad    map[string]error // a registry age: value that does not parse
}

// NewKeyring collects the keys pop can seal to. Keys of other types in
// allowed_signers are skipped: they still sign, they cannot seal.
func NewKeyring(people *repo.People, signers []repo.Signer) *Keyring {
	k := &Keyring{people: people, keys: map[string][]Recipient{}, bad: map[string]error{}}
	// Signers by lowercased principal: a team of thousands has as many
	// keys, and a loop over every pair would cost seconds.
	byEmail := map[string][]int{}
	for i, s := range signers {
		if s.CertAuthority || s.Key == nil {
			continue
		}
		for _, p := range s.Principals {
			e := strings.ToLower(p)
			if n := byEmail[e]; len(n) == 0 || n[len(n)-1] != i {
				byEmail[e] = append(n, i)
			}
		}
	}
	for _, p := range people.List {
		if p.Email != "" {
			for _, i := range byEmail[strings.ToLower(p.Email)] {
				if r, err := SSHRecipient(p.ID, signers[i].Key); err == nil && !k.has(p.ID, r) {
					k.keys[p.ID] = append(k.keys[p.ID], r)
				}
			}
		}
		if p.Age != "" {
			r, err := AgeRecipient(p.ID, p.Age)
			if err != nil {
				k.bad[p.ID] = err
				continue
			}
			k.keys[p.ID] = append(k.keys[p.ID], r)
		}
	}
	return k
}

func (k *Keyring) has(id string, r Recipient) bool {
	for _, x := range k.keys[id] {
		if x.Key == r.Key {
			return true
		}
	}
	return false
}

// NoKeyError is a person pop cannot seal to.
type NoKeyError struct {
	Person string
	Email  string
	Known  bool // the person is in the registry
}

func (e *NoKeyError) Error() string {
	if !e.Known {
		return fmt.Sprintf("%s is not in the people registry, so pop cannot seal to them", e.Person)
	}
	return fmt.Sprintf("%s has no key pop can seal to", e.Person)
}

// Hint says how to add a key.
func (e *NoKeyError) Hint() string {
	if !e.Known {
		return "add them with pop person add, then their key"
	}
	return fmt.Sprintf("add an ssh-ed25519 or ssh-rsa key for %s to allowed_signers, or an age1… recipient as age: in the registry entry of %s", e.Email, e.Person)
}

// For returns the recipients of everyone in ids, in order. A person
// without a key is a *NoKeyError.
func (k *Keyring) For(ids []string) ([]Recipient, error) {
	var out []Recipient
	for _, id := range ids {
		p, ok := k.people.Get(id)
		if !ok {
			return nil, &NoKeyError{Person: id}
		}
		if err := k.bad[id]; err != nil {
			return nil, fmt.Errorf("%w in %s", err, k.people.Path)
		}
		rs := k.keys[id]
		if len(rs) == 0 {
			return nil, &NoKeyError{Person: id, Email: p.Email, Known: true}
		}
		out = append(out, rs...)
	}
	return out, nil
}

// Who names the person whose registered SSH key a stanza is wrapped to,
// or "" when the stanza does not show it or the key is not registered.
func (k *Keyring) Who(s age.Stanza) string {
	for id, rs := range k.keys {
		for _, r := range rs {
			if r.Matches([]age.Stanza{s}) {
				return id
			}
		}
	}
	return ""
}

// SharedWith returns the ids of shared whose registered SSH key the
// block is sealed to: the people a prep note is really shared with. The
// shared: line stands in clear, where anyone may write it; only pop
// share, which needs a key that opens the note, adds a stanza. So a
// name written there by hand is no share, and pop reseal must not make
// it one (SPEC §8). An age1 recipient does not show in its stanza: a
// person with only age1 keys is left out, and is shared with again with
// pop share.
func (k *Keyring) SharedWith(b Block, shared []string) []string {
	var out []string
	for _, id := range shared {
		for _, r := range k.keys[id] {
			if r.Visible() && r.Matches(b.Header.Stanzas) {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

// Readers returns the ids a document is sealed to: for a POP the
// employee, the manager and the readers; for a prep note the employee
// and whom it is shared with. Each id once, in that order.
func Readers(kind, employee, manager string, readers, shared []string) []string {
	var ids []string
	add := func(id string) {
		if id == "" {
			return
		}
		for _, x := range ids {
			if x == id {
				return
			}
		}
		ids = append(ids, id)
	}
	add(employee)
	if kind == "prep" {
		for _, id := range shared {
			add(id)
		}
		return ids
	}
	add(manager)
	for _, id := range readers {
		add(id)
	}
	return ids
}

// ReadersOf returns the ids the document d is sealed to, as Readers does
// from its clear fields: the manager's preparation note (for: manager)
// is the manager's alone until shared, as the employee's is theirs.
func ReadersOf(d *pop.Doc, readers, shared []string) []string {
	if d.ManagerPrep() {
		return Readers(pop.KindPrep, d.Manager, "", nil, shared)
	}
	return Readers(d.Kind, d.Employee, d.Manager, readers, shared)
}

// ParseIdentity reads a private key file: an OpenSSH ssh-ed25519 or
// ssh-rsa key, or an age identity file (AGE-SECRET-KEY-1… lines). For a
// passphrase-protected SSH key, passphrase is called when a block is
// sealed to that key, and not before.
func ParseIdentity(name string, data []byte, passphrase func() ([]byte, error)) ([]age.Identity, error) {
	if bytes.Contains(data, []byte("PRIVATE KEY-----")) {
		id, err := agessh.ParseIdentity(data)
		var missing *ssh.PassphraseMissingError
		if errors.As(err, &missing) {
			if missing.PublicKey == nil {
				return nil, fmt.Errorf("%s: protected key in an old format that does not show its public key; convert it with ssh-keygen -p -f %s", name, name)
			}
			id, err = agessh.NewEncryptedSSHIdentity(missing.PublicKey, data, passphrase)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		return []age.Identity{id}, nil
	}
	ids, err := age.ParseIdentities(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: not an SSH private key or age identity file: %v", name, err)
	}
	return ids, nil
}
