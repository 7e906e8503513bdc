package signoff

import (
	"bytes"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
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
