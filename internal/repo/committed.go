package repo

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrNotCommitted is returned by CommittedFile when there is no git
// repository, no commit yet, or no such file in HEAD.
var ErrNotCommitted = errors.New("not committed")

// CommittedFile returns the bytes of a root-relative file as HEAD holds
// it: what pop verify judges, which may differ from the work tree. The
// POP root may lie anywhere inside the git work tree.
func (r *Repo) CommittedFile(rel string) ([]byte, error) {
	g, err := git.PlainOpenWithOptions(r.Root, &git.PlainOpenOptions{DetectDotGit: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, ErrNotCommitted
	}
	if err != nil {
		return nil, fmt.Errorf("open git repository: %w", err)
	}
	wt, err := g.Worktree()
	if err != nil {
		return nil, ErrNotCommitted // a bare repository has no work tree to differ from
	}
	top, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return nil, err
	}
	abs, err := filepath.EvalSymlinks(r.Abs(rel))
	if err != nil {
		return nil, err
	}
	inGit, err := filepath.Rel(top, abs)
	if err != nil {
		return nil, err
	}
	head, err := g.Head()
	if err != nil {
		return nil, ErrNotCommitted
	}
	c, err := g.CommitObject(head.Hash())
	if err != nil {
		return nil, fmt.Errorf("read HEAD: %w", err)
	}
	f, err := c.File(filepath.ToSlash(inGit))
	if errors.Is(err, object.ErrFileNotFound) {
		return nil, ErrNotCommitted
	}
	if err != nil {
		return nil, fmt.Errorf("read %s at HEAD: %w", rel, err)
	}
	rd, err := f.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}
