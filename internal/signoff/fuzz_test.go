package signoff

import (
	"bytes"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// FuzzParseCommit feeds arbitrary commit objects and messages to the
// parsers verify runs on every commit in history: they must never panic,
// and cutting out the signature must leave the rest byte for byte.
func FuzzParseCommit(f *testing.F) {
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nmsg\n"))
	f.Add([]byte("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ncommitter A <a@b> 1700000000 -0130\ngpgsig -----BEGIN SSH SIGNATURE-----\n abc\n -----END SSH SIGNATURE-----\n\n" + Message(RoleEmployee, DecisionAgreed, "pop/a/2026-01-01.md", "00", "")))
	f.Add([]byte("gpgsig x\ngpgsig-sha256 y\n \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseCommit(plumbing.ZeroHash, data)
		if err == nil && !bytes.Contains(data, []byte("gpgsig")) && bytes.Contains(data, []byte("\n\n")) &&
			!bytes.Equal(c.Payload, data) {
			t.Errorf("the payload of an unsigned commit differs from the commit")
		}
		parseTrailers(data)
		hasTrailers(data)
	})
}

// FuzzTreeEntry feeds arbitrary tree objects to the raw tree readers:
// treeEntry must find exactly the first entry eachEntry reports under a
// name, with the same mode and hash.
func FuzzTreeEntry(f *testing.F) {
	f.Add([]byte("100644 a.md\x0012345678901234567890"), "a.md")
	f.Add([]byte("40000 pop\x00123456789012345678"), "pop")
	f.Add([]byte("x \x0012345678901234567890100644 \x0012345678901234567890"), "")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		m, h, ok := treeEntry(data, name)
		found := false
		var wantM filemode.FileMode
		var wantH plumbing.Hash
		eachEntry(data, func(n string, m filemode.FileMode, h plumbing.Hash) {
			if n == name && !found {
				found, wantM, wantH = true, m, h
			}
		})
		if found != ok {
			t.Fatalf("eachEntry finds %q: %v; treeEntry: %v", name, found, ok)
		}
		if ok && (m != wantM || h != wantH) {
			t.Errorf("treeEntry(%q) = %v %v, eachEntry saw %v %v", name, m, h, wantM, wantH)
		}
	})
}
