package signoff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/popdev/pop/internal/repo"
)

// ErrNoGit is returned when the POP repository is not in a git work tree.
var ErrNoGit = repo.ErrNoGit

// gitRepo is the git repository holding a POP repository.
type gitRepo struct {
	git    *git.Repository
	store  storer.EncodedObjectStorer
	root   string // work tree root
	prefix string // the POP root relative to the work tree root, "" or "dir/"
	gitBin string // the git program, "" when not installed
}

func openGit(r *repo.Repo) (*gitRepo, error) {
	rg, err := repo.OpenGit(r)
	if err != nil {
		return nil, err
	}
	g := rg.Repo
	// Reopen the storage keeping pack files open: go-git otherwise opens
	// and closes a pack for every object it reads.
	if fs, ok := g.Storer.(*filesystem.Storage); ok {
		var wtfs billy.Filesystem
		if wt, err := g.Worktree(); err == nil {
			wtfs = wt.Filesystem
		}
		st := filesystem.NewStorageWithOptions(fs.Filesystem(), cache.NewObjectLRU(32*cache.MiByte), filesystem.Options{KeepDescriptors: true})
		if g2, err := git.Open(st, wtfs); err == nil {
			g = g2
		}
	}
	gr := &gitRepo{git: g, store: g.Storer, root: rg.Root, prefix: rg.Prefix}
	gr.gitBin, _ = exec.LookPath("git")
	return gr, nil
}

// close releases the pack files kept open.
func (g *gitRepo) close() {
	if c, ok := g.git.Storer.(interface{ Close() error }); ok {
		c.Close()
	}
}

// gitPath turns a POP-root-relative path into a path in git trees.
func (g *gitRepo) gitPath(rel string) string { return g.prefix + rel }

// popPath turns a git tree path into a POP-root-relative path; ok is
// false when the path lies outside the POP root.
func (g *gitRepo) popPath(p string) (string, bool) {
	if !strings.HasPrefix(p, g.prefix) {
		return "", false
	}
	return p[len(g.prefix):], true
}

// raw returns the content of an object of the given type.
func (g *gitRepo) raw(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	o, err := g.store.EncodedObject(t, h)
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, h, err)
	}
	rd, err := o.Reader()
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, h, err)
	}
	defer rd.Close()
	// The size is known: one read into a slice of that size, no buffer.
	data := make([]byte, o.Size())
	if _, err := io.ReadFull(rd, data); err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, h, err)
	}
	return data, nil
}

// splitEntry cuts the first entry off a raw tree: its mode and name as
// written, its hash, and the entries after it. ok is false when data does
// not start with a whole entry.
func splitEntry(data []byte) (mode, name []byte, h plumbing.Hash, rest []byte, ok bool) {
	sp := bytes.IndexByte(data, ' ')
	if sp < 0 {
		return nil, nil, h, nil, false
	}
	nul := bytes.IndexByte(data[sp+1:], 0)
	if nul < 0 || sp+1+nul+21 > len(data) {
		return nil, nil, h, nil, false
	}
	end := sp + 1 + nul + 1 + 20
	copy(h[:], data[sp+1+nul+1:end])
	return data[:sp], data[sp+1 : sp+1+nul], h, data[end:], true
}

// treeEntry finds name in a raw tree without decoding the other entries.
// Entries whose mode does not parse are skipped, as eachEntry skips them.
func treeEntry(data []byte, name string) (filemode.FileMode, plumbing.Hash, bool) {
	for {
		mode, n, h, rest, ok := splitEntry(data)
		if !ok {
			return 0, plumbing.ZeroHash, false
		}
		if string(n) == name {
			if m, err := filemode.New(string(mode)); err == nil {
				return m, h, true
			}
		}
		data = rest
	}
}

// lookup finds the entry at a slash path in tree.
func (g *gitRepo) lookup(tree plumbing.Hash, p string) (filemode.FileMode, plumbing.Hash, error) {
	parts := strings.Split(p, "/")
	cur := tree
	for i, part := range parts {
		data, err := g.raw(plumbing.TreeObject, cur)
		if err != nil {
			return 0, plumbing.ZeroHash, err
		}
		m, h, ok := treeEntry(data, part)
		if !ok {
			return 0, plumbing.ZeroHash, errNotFound
		}
		if i == len(parts)-1 {
			return m, h, nil
		}
		if m != filemode.Dir {
			return 0, plumbing.ZeroHash, errNotFound
		}
		cur = h
	}
	return 0, plumbing.ZeroHash, errNotFound
}

var errNotFound = errors.New("not found")

// readFile reads the regular file at p in tree; ok is false when there is none.
func (g *gitRepo) readFile(tree plumbing.Hash, p string) ([]byte, plumbing.Hash, bool, error) {
	m, h, err := g.lookup(tree, p)
	if errors.Is(err, errNotFound) {
		return nil, h, false, nil
	}
	if err != nil {
		return nil, h, false, err
	}
	if m != filemode.Regular && m != filemode.Executable {
		return nil, h, false, nil
	}
	data, err := g.raw(plumbing.BlobObject, h)
	return data, h, err == nil, err
}

func (g *gitRepo) commit(h plumbing.Hash) (*rawCommit, error) {
	data, err := g.raw(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	return parseCommit(h, data)
}
