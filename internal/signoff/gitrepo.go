package signoff

import (
	"context"
	"os/exec"
	"strings"

	"github.com/go-git/go-git/v5"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/repo"
)

// ErrNoGit is returned when the POP repository is not in a git work tree.
var ErrNoGit = repo.ErrNoGit

// gitRepo is the git repository holding a POP repository, as pop sign
// writes to it: its refs, the sign-off commit object, the update-ref
// transaction and git config. Everything pop reads of history and trees
// goes through the git seam (seam, gitx).
type gitRepo struct {
	git    *git.Repository
	root   string // work tree root
	prefix string // the POP root relative to the work tree root, "" or "dir/"
	gitBin string // the git program, "" when not installed
}

func openGit(r *repo.Repo) (*gitRepo, error) {
	rg, err := repo.OpenGit(r)
	if err != nil {
		return nil, err
	}
	gr := &gitRepo{git: rg.Repo, root: rg.Root, prefix: rg.Prefix}
	gr.gitBin, _ = exec.LookPath("git")
	return gr, nil
}

// seam returns the git seam over this repository, already known to be
// one: the git program when it is installed, else go-git.
func (g *gitRepo) seam() (gitx.Repo, error) {
	if g.gitBin != "" {
		return gitx.ProgramAt(g.root, g.gitBin), nil
	}
	return gitx.OpenGoGit(g.root)
}

// close releases what go-git holds open.
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

// readCommit reads and parses commit id through the git seam x.
func readCommit(ctx context.Context, x gitx.Repo, id gitx.Hash) (*rawCommit, error) {
	data, err := x.Commit(ctx, id)
	if err != nil {
		return nil, err
	}
	return parseCommit(id, data)
}
