package signoff

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/repo"
)

// CheckPGPKeyFile checks an armored OpenPGP public key before it is stored
// as person id's own key file (SPEC §6.2). It refuses, with a
// *PreconditionError, a file that is no public key, holds a secret key or
// more than one primary key, carries a user id whose email belongs to
// another person of the registry, or holds a key already in another
// person's key file under r's OpenPGP key folder (a key of two people
// counts for neither). ownUID reports whether a valid self-signed user id
// carries email: without one, verify does not count the key.
func CheckPGPKeyFile(r *repo.Repo, people *repo.People, id, email, file string, data []byte) (ownUID bool, err error) {
	ring, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(data))
	if err != nil {
		return false, precondition("export it with gpg --armor --export EMAIL", "%s is not an armored OpenPGP key: %v", file, err)
	}
	// Only the first armored block is read, by verify too: a second one
	// would be stored unread.
	if n := bytes.Count(data, []byte("-----BEGIN PGP ")); n > 1 {
		return false, precondition("export one key: gpg --armor --export FINGERPRINT",
			"%s holds %d armored blocks; a person's key file holds one key", file, n)
	}
	if len(ring) != 1 {
		return false, precondition("export one key: gpg --armor --export FINGERPRINT",
			"%s holds %d primary keys; a person's key file holds one", file, len(ring))
	}
	e := ring[0]
	if e.PrivateKey != nil {
		return false, precondition("export the public key with gpg --armor --export EMAIL", "%s holds a secret key", file)
	}
	ids := map[uint64]bool{e.PrimaryKey.KeyId: true}
	for _, sk := range e.Subkeys {
		ids[sk.PublicKey.KeyId] = true
	}
	dir := r.Config.OpenPGPKeys
	entries, err := os.ReadDir(r.Abs(dir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("read %s: %w", dir, err)
	}
	for _, ent := range entries {
		owner, ok := strings.CutSuffix(ent.Name(), ".asc")
		if !ok || owner == id || !ent.Type().IsRegular() {
			continue
		}
		name := path.Join(dir, ent.Name())
		other, err := r.ReadFile(name)
		if err != nil {
			return false, fmt.Errorf("read %s: %w", name, err)
		}
		theirs, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(other))
		if err != nil {
			continue // pop check reports it; it holds no key of this file
		}
		for _, te := range theirs {
			shared := ids[te.PrimaryKey.KeyId]
			for _, sk := range te.Subkeys {
				shared = shared || ids[sk.PublicKey.KeyId]
			}
			if shared {
				return false, precondition("each person signs with their own key",
					"%s holds a key that is already in %s (%s)", file, name, owner)
			}
		}
	}
	for _, uid := range e.Identities {
		if uid.UserId == nil {
			continue
		}
		if strings.EqualFold(uid.UserId.Email, email) {
			ownUID = true
			continue
		}
		if other, ok := people.ByEmail(uid.UserId.Email); ok && other.ID != id {
			return false, precondition("export a key whose user ids are only the person's own (gpg --edit-key: deluid)",
				"%s has a user id with %s, the email of %s", file, uid.UserId.Email, other.ID)
		}
	}
	return ownUID, nil
}

// SamePGPKey reports whether two armored key files hold the same primary
// key (a new export of a key, with a subkey added, is the same key).
func SamePGPKey(a, b []byte) bool {
	ra, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(a))
	if err != nil || len(ra) != 1 {
		return false
	}
	rb, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(b))
	if err != nil || len(rb) != 1 {
		return false
	}
	return bytes.Equal(ra[0].PrimaryKey.Fingerprint, rb[0].PrimaryKey.Fingerprint)
}

// CheckSSHKey refuses, with a *PreconditionError, an SSH key that r's
// allowed signers already list for another email: a key of two people
// counts for neither (SPEC §6.2).
func CheckSSHKey(r *repo.Repo, email string, key ssh.PublicKey) error {
	signers, err := r.AllowedSigners()
	if err != nil {
		return err
	}
	want := key.Marshal()
	for _, s := range signers {
		if !bytes.Equal(s.Key.Marshal(), want) {
			continue
		}
		for _, p := range s.Principals {
			if !strings.EqualFold(strings.TrimSpace(p), email) {
				return precondition("each person signs with their own key",
					"this SSH key is already listed for %s in %s (line %d)", p, r.Config.AllowedSigners, s.Line)
			}
		}
	}
	return nil
}
