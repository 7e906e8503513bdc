package repo

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/pop"
)

// ErrNotCommitted is returned by Committed.File when there is no git
// repository, no commit yet, or no such file in HEAD.
var ErrNotCommitted = errors.New("not committed")

// Committed reads files as HEAD holds them: what pop verify judges, which
// may differ from the work tree. It lists HEAD's POP folder once, so that
// asking for many files (render --all) costs one pass, not one opening of
// the repository per file.
type Committed struct {
	x       gitx.Repo
	head    gitx.Hash
	prefix  string
	entries map[string]gitx.Entry // by root-relative path; nil when nothing is committed
}

// OpenCommitted opens the git repository around r and lists the POP
// folder at HEAD. Without a repository or a commit every file is
// ErrNotCommitted. Close releases it.
func (r *Repo) OpenCommitted(ctx context.Context) (*Committed, error) {
	g, err := OpenGit(r)
	if errors.Is(err, ErrNoGit) {
		return &Committed{}, nil
	}
	if err != nil {
		return nil, err
	}
	x, err := gitx.Open(g.Root)
	if err != nil {
		return nil, err
	}
	c := &Committed{x: x, prefix: g.Prefix}
	head, err := x.Resolve(ctx, "HEAD")
	if errors.Is(err, gitx.ErrBadRevision) {
		return c, nil // no commit yet
	}
	if err != nil {
		x.Close()
		return nil, fmt.Errorf("read HEAD: %w", err)
	}
	es, err := x.List(ctx, head, g.Prefix+r.Config.Dir)
	if err != nil {
		x.Close()
		return nil, fmt.Errorf("read HEAD: %w", err)
	}
	c.head, c.entries = head, make(map[string]gitx.Entry, len(es))
	for _, e := range es {
		c.entries[e.Path[len(g.Prefix):]] = e
	}
	return c, nil
}

// Close releases the repository.
func (c *Committed) Close() error {
	if c.x == nil {
		return nil
	}
	return c.x.Close()
}

// Same reports whether HEAD holds exactly data at rel, comparing blob
// ids: nothing is read.
func (c *Committed) Same(rel string, data []byte) bool {
	e, ok := c.entries[rel]
	return ok && e.IsRegular() && e.ID == plumbing.ComputeHash(plumbing.BlobObject, data)
}

// File returns the bytes of a root-relative file as HEAD holds it.
func (c *Committed) File(ctx context.Context, rel string) ([]byte, error) {
	e, ok := c.entries[rel]
	if !ok && c.entries != nil {
		// Outside the POP folder: asked of git by path.
		fs, err := c.x.ReadFiles(ctx, []gitx.FileRef{{Tree: c.head, Path: c.prefix + rel}})
		if err != nil {
			return nil, fmt.Errorf("read %s at HEAD: %w", rel, err)
		}
		e, ok = fs[0].Entry, fs[0].Found
	}
	if !ok || !e.IsRegular() {
		return nil, ErrNotCommitted
	}
	data, err := c.x.Blob(ctx, e.ID)
	if err != nil {
		return nil, fmt.Errorf("read %s at HEAD: %w", rel, err)
	}
	if len(data) > pop.MaxSealedSize+1 {
		data = data[:pop.MaxSealedSize+1] // enough for pop.Parse to refuse it
	}
	return data, nil
}
