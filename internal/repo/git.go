package repo

import (
	"errors"
	"fmt"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// InitGit makes root a git repository on branch main, unless it already is one.
func InitGit(root string) (*git.Repository, error) {
	r, err := git.PlainOpen(root)
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("open git repository %s: %w", root, err)
	}
	r, err = git.PlainInitWithOptions(root, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: "refs/heads/main"},
	})
	if err != nil {
		return nil, fmt.Errorf("init git repository %s: %w", root, err)
	}
	return r, nil
}

// CommitAll stages every change in the work tree and commits it with the
// given author, who is also the committer.
func CommitAll(r *git.Repository, msg, name, email string, when time.Time) error {
	w, err := r.Worktree()
	if err != nil {
		return err
	}
	if err := w.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return fmt.Errorf("stage: %w", err)
	}
	sig := &object.Signature{Name: name, Email: email, When: when}
	if _, err := w.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
