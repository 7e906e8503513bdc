package seal

import (
	"bytes"
	"errors"
	"strings"

	"filippo.io/age"
)

// SealText seals a short text — a disagreement's reason, for the commit
// message of a sign-off on a sealed POP — to recipients, as one armored
// age file: whoever reads the git history without a key sees armor, a
// reader of the POP sees the reason.
func SealText(text string, to []Recipient) (string, error) {
	if len(to) == 0 {
		return "", errors.New("no recipients to seal to")
	}
	rs := make([]age.Recipient, len(to))
	for i, r := range to {
		rs[i] = r.r
	}
	bin, err := encrypt([]byte(text), rs)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(armorBytes(bin)), "\n"), nil
}

// IsSealedText reports whether s is a text SealText wrote.
func IsSealedText(s string) bool {
	return strings.HasPrefix(strings.TrimSpace(s), armorBegin)
}

// OpenText opens a text SealText wrote with one of ids.
func OpenText(s string, ids []age.Identity) (string, error) {
	bin, err := dearmor([]byte(strings.TrimSpace(s) + "\n"))
	if err != nil {
		return "", err
	}
	plain, _, err := decrypt(bin, ids)
	if err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(plain)), nil
}
