package seal

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"golang.org/x/crypto/ssh"
)

func benchKey(b *testing.B) (Recipient, []age.Identity) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	pub, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		b.Fatal(err)
	}
	r, err := SSHRecipient("bench", pub)
	if err != nil {
		b.Fatal(err)
	}
	id, err := agessh.NewEd25519Identity(priv)
	if err != nil {
		b.Fatal(err)
	}
	return r, []age.Identity{id}
}

func benchDoc(b *testing.B) []byte {
	return fuzzSeeds(b)[0]
}

// BenchmarkOpen is pop show's work on one POP: parse, decrypt both
// blocks, join, and check the clear front matter.
func BenchmarkOpen(b *testing.B) {
	r, ids := benchKey(b)
	sealed, err := Seal(benchDoc(b), Options{To: []Recipient{r}})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, _, err := Open(sealed, ids); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse is what pop check does with a sealed file's envelope,
// without a key.
func BenchmarkParse(b *testing.B) {
	r, _ := benchKey(b)
	sealed, err := Seal(benchDoc(b), Options{To: []Recipient{r}})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := Parse(sealed); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeal seals a POP afresh to three SSH keys.
func BenchmarkSeal(b *testing.B) {
	var to []Recipient
	for range 3 {
		r, _ := benchKey(b)
		to = append(to, r)
	}
	doc := benchDoc(b)
	b.ResetTimer()
	for range b.N {
		if _, err := Seal(doc, Options{To: to}); err != nil {
			b.Fatal(err)
		}
	}
}
