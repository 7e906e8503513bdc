package diff

import (
	"context"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// Options say which revisions to compare.
type Options struct {
	Repo *repo.Repo
	Base string
	Head string // "" is HEAD
}

// Result is what Run found.
type Result struct {
	Files []File
	// SignOffErr says why sign-off states could not be judged (no
	// registry at Base, a shallow clone, …); the changes themselves are
	// still complete.
	SignOffErr error
}

// Run compares the POPs of two revisions. Sign-off states come from
// signoff.Verify at each revision, both judged with the keys of Base, as
// CI judges a pull request.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Head == "" {
		o.Head = "HEAD"
	}
	g, err := repo.OpenGit(o.Repo)
	if err != nil {
		return nil, err
	}
	base, err := g.Commit(o.Base)
	if err != nil {
		return nil, err
	}
	head, err := g.Commit(o.Head)
	if err != nil {
		return nil, err
	}
	paths, err := g.ChangedFiles(base, head, o.Repo.Config.Dir)
	if err != nil {
		return nil, err
	}
	var files []File
	var before, after []string // POPs to ask sign-off states for
	for _, p := range paths {
		oldData, inBase, err := g.FileAt(base, p)
		if err != nil {
			return nil, err
		}
		newData, inHead, err := g.FileAt(head, p)
		if err != nil {
			return nil, err
		}
		var old, new *pop.Doc
		if inBase {
			old = pop.Parse(p, oldData)
		}
		if inHead {
			new = pop.Parse(p, newData)
		}
		if old == nil && new == nil {
			continue // a symlink or folder, not a POP
		}
		files = append(files, Compare(p, old, new))
		if repo.ParseFilePath(o.Repo.Config.Dir, p).Kind == pop.KindPOP {
			if inBase {
				before = append(before, p)
			}
			if inHead {
				after = append(after, p)
			}
		}
	}
	res := &Result{Files: files}
	if err := signOffs(ctx, o, g, base, files, before, after); err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		for i := range files {
			files[i].StateBefore, files[i].StateAfter, files[i].SignOffs = "", "", nil
		}
		res.SignOffErr = err
	}
	return res, nil
}

// signOffs fills in the sign-off states at both revisions, and the
// sign-offs that count at head but were not made in base's history: a
// sign-off kept under refs/pop counts at every revision whose content it
// signed, so "added" is judged by ancestry, not by the states.
func signOffs(ctx context.Context, o Options, g *repo.Git, base *object.Commit, files []File, before, after []string) error {
	states := func(rev string, paths []string) (map[string]signoff.Status, error) {
		out := map[string]signoff.Status{}
		if len(paths) == 0 {
			return out, nil
		}
		rep, err := signoff.Verify(ctx, signoff.Options{Repo: o.Repo, Rev: rev, Trust: o.Base, Paths: paths})
		if err != nil {
			return nil, fmt.Errorf("sign-offs at %s: %w", rev, err)
		}
		for _, st := range rep.Statuses {
			out[st.Path] = st
		}
		return out, nil
	}
	b, err := states(o.Base, before)
	if err != nil {
		return err
	}
	a, err := states(o.Head, after)
	if err != nil {
		return err
	}
	for i := range files {
		f := &files[i]
		if st, ok := b[f.Path]; ok {
			f.StateBefore = st.State
		}
		st, ok := a[f.Path]
		if !ok {
			continue
		}
		f.StateAfter = st.State
		for _, so := range []*signoff.SignOff{st.Employee, st.Manager} {
			if so == nil {
				continue
			}
			inBase, err := g.Contains(base, so.Commit)
			if err != nil {
				return err
			}
			if !inBase {
				f.SignOffs = append(f.SignOffs, *so)
			}
		}
	}
	return nil
}
