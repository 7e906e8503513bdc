package seal

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"
)

// fuzzIdentity is a fixed key for the fuzz seeds, so that a seed corpus
// entry opens in every run.
var fuzzIdentity = func() *age.X25519Identity {
	id, err := age.ParseX25519Identity("AGE-SECRET-KEY-1E7RJ3RKSVEJ9CDP87JP60XRVUTNMT4V9JFC5ZQRVGE3NSZUG992QVY2K7W")
	if err != nil {
		panic(err)
	}
	return id
}()

func fuzzSeeds(f testing.TB) [][]byte {
	var docs [][]byte
	for _, dir := range []string{"valid", "model"} {
		names, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "pops", dir, "*.md"))
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			docs = append(docs, b)
		}
	}
	return docs
}

// FuzzSealedFile feeds the sealed-file reader — an untrusted file from a
// repository — anything: it must return an error or a file, never panic,
// and what it accepts must open or fail cleanly.
func FuzzSealedFile(f *testing.F) {
	r, err := AgeRecipient("fuzz", fuzzIdentity.Recipient().String())
	if err != nil {
		f.Fatal(err)
	}
	for _, doc := range fuzzSeeds(f) {
		sealed, err := Seal(doc, Options{To: []Recipient{r}})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(sealed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			return
		}
		if !PayloadEqual(file.Agreement.Armor, file.Agreement.Binary) {
			t.Fatalf("a block's armor and binary have other payloads")
		}
		IsSealed(data)
		Open(data, []age.Identity{fuzzIdentity})
	})
}

// FuzzSealSplit checks that taking a document apart and joining it again
// gives it back byte for byte, whatever the front matter holds.
func FuzzSealSplit(f *testing.F) {
	for _, doc := range fuzzSeeds(f) {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		p, err := Split(doc, nil)
		if err != nil {
			return
		}
		back, err := Join(p.Agreement, p.Progress)
		if err != nil {
			t.Fatalf("join: %v", err)
		}
		if !bytes.Equal(back, doc) {
			t.Fatalf("join(split(doc)) = %q, want %q", back, doc)
		}
	})
}
