package repo

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
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

// Git is the git repository that holds a POP repository, which may be a
// folder inside it: Prefix maps POP paths to paths in git trees.
type Git struct {
	Repo   *git.Repository
	Root   string // the work tree root; the POP root in a bare layout
	Prefix string // the POP root relative to the work tree root: "" or "dir/"
}

// ErrNoGit is returned when the POP repository is not in a git work tree.
var ErrNoGit = errors.New("not a git repository")

// OpenGit opens the git repository around r.
func OpenGit(r *Repo) (*Git, error) {
	g, err := git.PlainOpenWithOptions(r.Root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: %w", r.Root, ErrNoGit)
	}
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w", r.Root, err)
	}
	out := &Git{Repo: g, Root: r.Root}
	if wt, err := g.Worktree(); err == nil {
		root, pr := wt.Filesystem.Root(), r.Root
		if a, err := filepath.EvalSymlinks(root); err == nil {
			root = a
		}
		if a, err := filepath.EvalSymlinks(pr); err == nil {
			pr = a
		}
		if rel, err := filepath.Rel(root, pr); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			out.Prefix = filepath.ToSlash(rel) + "/"
		}
		out.Root = root
	}
	return out, nil
}
