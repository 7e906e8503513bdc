package gitx

import (
	"bytes"
	"testing"
)

// FuzzGitTree feeds arbitrary tree objects to the raw tree readers:
// TreeEntry must find exactly the first entry TreeEntries reports under
// a name, with the same mode and id.
func FuzzGitTree(f *testing.F) {
	f.Add([]byte("100644 a.md\x0012345678901234567890"), "a.md")
	f.Add([]byte("40000 pop\x00123456789012345678"), "pop")
	f.Add([]byte("120000 l.md\x0012345678901234567890160000 s\x0012345678901234567890"), "s")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		e, ok := TreeEntry(data, name)
		var want Entry
		found := false
		TreeEntries(data, func(n string, m Mode, h Hash) {
			if n == name && !found {
				found, want = true, Entry{Path: n, Mode: m, ID: h}
			}
		})
		if found != ok || (ok && e != want) {
			t.Errorf("TreeEntry(%q) = %v %v; TreeEntries saw %v %v", name, e, ok, want, found)
		}
	})
}

// FuzzCatFileBatch feeds arbitrary git cat-file --batch output to its
// reader: it must never panic or read past what it was given, and every
// object it reports has the size its header said.
func FuzzCatFileBatch(f *testing.F) {
	f.Add([]byte("4b825dc642cb6eb9a060e54bf8d69288fbee4904 tree 0\n\nx missing\n"))
	f.Add([]byte("4b825dc642cb6eb9a060e54bf8d69288fbee4904 blob 3\nabc\n"))
	f.Add([]byte("4b825dc642cb6eb9a060e54bf8d69288fbee4904 blob 99999999999\nabc\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadBatch(bytes.NewReader(data), func(name string, id Hash, typ string, obj []byte) error {
			if len(obj) > len(data) {
				t.Fatalf("object of %d bytes from %d bytes of input", len(obj), len(data))
			}
			return nil
		})
	})
}

// FuzzGitListings feeds arbitrary bytes to the parsers of git ls-tree,
// git log --raw and commit headers: errors, never panics.
func FuzzGitListings(f *testing.F) {
	f.Add([]byte("100644 blob 4b825dc642cb6eb9a060e54bf8d69288fbee4904\tpop/a.md\x00"))
	f.Add([]byte(":000000 100644 0000000000000000000000000000000000000000 4b825dc642cb6eb9a060e54bf8d69288fbee4904 A\x00pop/a.md\x00"))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor x\n\nmsg"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if es, err := ParseLsTree(data); err == nil {
			for _, e := range es {
				if e.Path == "" {
					t.Errorf("an entry without a path")
				}
			}
		}
		ParseRawLog(data)
		CommitTree(data)
	})
}
