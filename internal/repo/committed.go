package repo

import (
	"errors"
	"fmt"
)

// ErrNotCommitted is returned by CommittedFile when there is no git
// repository, no commit yet, or no such file in HEAD.
var ErrNotCommitted = errors.New("not committed")

// CommittedFile returns the bytes of a root-relative file as HEAD holds
// it: what pop verify judges, which may differ from the work tree. The
// POP root may lie anywhere inside the git work tree.
func (r *Repo) CommittedFile(rel string) ([]byte, error) {
	g, err := OpenGit(r)
	if errors.Is(err, ErrNoGit) {
		return nil, ErrNotCommitted
	}
	if err != nil {
		return nil, err
	}
	if _, err := g.Repo.Head(); err != nil {
		return nil, ErrNotCommitted
	}
	head, err := g.Commit("HEAD")
	if err != nil {
		return nil, fmt.Errorf("read HEAD: %w", err)
	}
	data, ok, err := g.FileAt(head, rel)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotCommitted
	}
	return data, nil
}
