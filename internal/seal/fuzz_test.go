package seal

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
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

// FuzzDearmor holds pop's in-memory armor decoder to age's own reader:
// the same bytes for what age accepts, an error for what it refuses.
func FuzzDearmor(f *testing.F) {
	r, err := AgeRecipient("fuzz", fuzzIdentity.Recipient().String())
	if err != nil {
		f.Fatal(err)
	}
	for _, doc := range fuzzSeeds(f)[:2] {
		sealed, err := Seal(doc, Options{To: []Recipient{r}})
		if err != nil {
			f.Fatal(err)
		}
		file, err := Parse(sealed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(file.Agreement.Armor)
		f.Add(append([]byte("\n\n"), file.Progress.Armor...))
	}
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\r\nYWdl\r\n-----END AGE ENCRYPTED FILE-----\r\n  \n"))
	f.Fuzz(func(t *testing.T, block []byte) {
		want, werr := io.ReadAll(armor.NewReader(bytes.NewReader(block)))
		got, gerr := dearmor(block)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("age: %v, pop: %v", werr, gerr)
		}
		if werr == nil && !bytes.Equal(got, want) {
			t.Fatalf("pop decodes %q, age %q", got, want)
		}
	})
}
