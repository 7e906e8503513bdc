package repo

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/popdev/pop/internal/pop"
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

// Commit resolves a revision such as HEAD, main or origin/main~2.
func (g *Git) Commit(rev string) (*object.Commit, error) {
	h, err := g.Repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, fmt.Errorf("revision %q: %w", rev, err)
	}
	c, err := g.Repo.CommitObject(*h)
	if err != nil {
		return nil, fmt.Errorf("revision %q: %w", rev, err)
	}
	return c, nil
}

// ChangedFiles lists the POP-root-relative paths under dir that differ
// between two commits, sorted.
func (g *Git) ChangedFiles(from, to *object.Commit, dir string) ([]string, error) {
	ft, err := from.Tree()
	if err != nil {
		return nil, err
	}
	tt, err := to.Tree()
	if err != nil {
		return nil, err
	}
	changes, err := object.DiffTree(ft, tt)
	if err != nil {
		return nil, fmt.Errorf("compare trees: %w", err)
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range changes {
		for _, name := range []string{c.From.Name, c.To.Name} {
			rel, ok := strings.CutPrefix(name, g.Prefix)
			if name == "" || !ok || !IsDocument(dir, rel) || seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out, nil
}

// FileAt returns the content of a POP-root-relative path in a commit, and
// false when the commit has no regular file there.
func (g *Git) FileAt(c *object.Commit, rel string) ([]byte, bool, error) {
	t, err := c.Tree()
	if err != nil {
		return nil, false, err
	}
	f, err := t.File(g.Prefix + rel)
	if errors.Is(err, object.ErrFileNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read %s at %s: %w", rel, c.Hash, err)
	}
	if !f.Mode.IsFile() {
		return nil, false, nil
	}
	r, err := f.Reader()
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	// One byte past the limit is enough for pop.Parse to refuse it.
	data, err := io.ReadAll(io.LimitReader(r, pop.MaxSealedSize+1))
	return data, err == nil, err
}

// Contains reports whether the commit with hex id is c or one of its
// ancestors.
func (g *Git) Contains(c *object.Commit, id string) (bool, error) {
	other, err := g.Repo.CommitObject(plumbing.NewHash(id))
	if err != nil {
		return false, fmt.Errorf("commit %s: %w", id, err)
	}
	return other.IsAncestor(c)
}
