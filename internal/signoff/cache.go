package signoff

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// The verify cache remembers how each sign-off commit was judged, so that
// a run checks signatures and reads signed files only for sign-offs it
// has not judged before.
//
// A judgment depends on three things, and the cache's key covers each:
//
//   - the sign-off commit: the entry's key is the commit id, the hash of
//     its bytes (tree, message, signature), so the signed tree and file
//     are fixed by it too;
//   - the trust material: a SHA-256 over every file read from the trusted
//     revision (people, allowed signers, OpenPGP keys) and the folder of
//     the POPs in the work tree;
//   - the rules: a SHA-256 of the pop executable, so that another build
//     never reuses this one's judgments.
//
// With another key the whole file is ignored and rewritten. An entry is
// written only after a run completed, so the cache can only repeat what
// a full check decided: it cannot make an invalid sign-off valid. It lives
// in the git directory (.git/pop/verify-cache), never in the work tree or
// on a remote; whoever can write there can make pop verify repeat a
// judgment it never made, which is why CI (a fresh clone, nothing cached)
// must not restore .git/pop from a cache, and why --no-cache exists.
const cacheName = "pop/verify-cache"

// cacheVersion changes with the file's layout.
const cacheVersion = "pop verify cache 3"

// cacheEntry is the judgment of one sign-off commit: the signed blob, and
// either why it does not count or whose sign-off it is; and what history
// read of the commit.
type cacheEntry struct {
	// The commit as history needs it, so that a run with the cache
	// filled asks git for commit ids only: its id fixes these.
	Tree     plumbing.Hash
	When     int64 // committer date, Unix seconds
	Zone     int   // its offset from UTC, seconds
	Trailers trailers

	Blob         plumbing.Hash
	Found        bool
	Failed       bool
	Reason, Hint string // why it does not count, when Failed
	Person       string
	Email        string
	Method, Key  string
}

type cacheFile struct {
	Key     [32]byte
	Entries map[plumbing.Hash]cacheEntry
}

type verifyCache struct {
	path  string
	file  cacheFile
	dirty bool
}

var exeSum = sync.OnceValues(func() ([32]byte, error) {
	var sum [32]byte
	exe, err := os.Executable()
	if err != nil {
		return sum, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
})

// openCache reads the cache in the git directory; it returns nil (no
// cache) when there is no git directory on disk or the program cannot be
// read. A missing, unreadable or differently keyed file is an empty cache.
func (g *gitRepo) openCache(tr *trust) *verifyCache {
	fs, ok := g.git.Storer.(*filesystem.Storage)
	if !ok {
		return nil
	}
	exe, err := exeSum()
	if err != nil {
		return nil
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%x\n%x\n%q\n", cacheVersion, exe, tr.digest, g.prefix)
	c := &verifyCache{path: filepath.Join(fs.Filesystem().Root(), filepath.FromSlash(cacheName))}
	copy(c.file.Key[:], h.Sum(nil))
	if f, err := os.Open(c.path); err == nil {
		var old cacheFile
		if gob.NewDecoder(bufio.NewReader(f)).Decode(&old) == nil && old.Key == c.file.Key {
			c.file.Entries = old.Entries
		}
		f.Close()
	}
	if c.file.Entries == nil {
		c.file.Entries = map[plumbing.Hash]cacheEntry{}
		c.dirty = true
	}
	return c
}

// has reports whether the cache judged s before.
func (c *verifyCache) has(s *signed) bool {
	if c == nil {
		return false
	}
	_, ok := c.file.Entries[s.c.ID]
	return ok
}

// warm reports whether the cache holds any judgment: then history asks
// git for commit ids first and reads only the commits it does not hold.
func (c *verifyCache) warm() bool { return c != nil && len(c.file.Entries) > 0 }

// commit returns the sign-off commit id as the cache remembers it: id,
// tree, committer date and trailers (no signature: it is judged).
func (c *verifyCache) commit(id plumbing.Hash) (*rawCommit, trailers, bool) {
	if c == nil {
		return nil, trailers{}, false
	}
	e, ok := c.file.Entries[id]
	if !ok {
		return nil, trailers{}, false
	}
	// Made as identTime makes it, so that a report from the cache equals one without.
	when := time.Unix(e.When, 0).In(time.FixedZone("", e.Zone))
	return &rawCommit{ID: id, Tree: e.Tree, When: when}, e.Trailers, true
}

// get returns the judgment of s the cache holds.
func (c *verifyCache) get(s *signed) (judgment, bool) {
	if c == nil {
		return judgment{}, false
	}
	e, ok := c.file.Entries[s.c.ID]
	if !ok {
		return judgment{}, false
	}
	j := judgment{blob: e.Blob, found: e.Found}
	if e.Failed {
		j.finding = &Finding{Path: s.path, Commit: s.c.ID.String(), Reason: e.Reason, Hint: e.Hint}
		return j, true
	}
	j.so = newSignOff(s.c, s.t, e.Person, e.Email, e.Method, e.Key)
	return j, true
}

// add remembers the judgments made in this run.
func (c *verifyCache) add(js []judged) {
	if c == nil {
		return
	}
	for _, x := range js {
		if _, ok := c.file.Entries[x.s.c.ID]; ok {
			continue
		}
		_, zone := x.s.c.When.Zone()
		e := cacheEntry{Tree: x.s.c.Tree, When: x.s.c.When.Unix(), Zone: zone, Trailers: x.s.t, Blob: x.j.blob, Found: x.j.found}
		switch {
		case x.j.finding != nil:
			e.Failed, e.Reason, e.Hint = true, x.j.finding.Reason, x.j.finding.Hint
		case x.j.so != nil:
			e.Person, e.Email, e.Method, e.Key = x.j.so.Person, x.j.so.Email, x.j.so.Method, x.j.so.Key
		default:
			continue
		}
		c.file.Entries[x.s.c.ID] = e
		c.dirty = true
	}
}

// save writes the cache when it changed, atomically; failing to is not
// an error of verify (the next run checks again).
func (c *verifyCache) save() {
	if c == nil || !c.dirty {
		return
	}
	dir := filepath.Dir(c.path)
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".verify-cache-*")
	if err != nil {
		return
	}
	w := bufio.NewWriter(f)
	err = gob.NewEncoder(w).Encode(&c.file)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), c.path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
