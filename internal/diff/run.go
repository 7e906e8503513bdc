package diff

import (
	"context"
	"fmt"

	"strings"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
	"github.com/popdev/pop/internal/signoff"
)

// Options say which revisions to compare.
type Options struct {
	Repo *repo.Repo
	Base string
	Head string // "" is HEAD
	// Open returns the clear text of a sealed version, or nil when it is
	// not to be opened or cannot be; nil Open opens nothing. A sealed
	// version left sealed is compared on its clear fields, and a change
	// of its sealed agreement is named without its text.
	Open func(rel string, data []byte) []byte
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
	x, err := gitx.Open(g.Root)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	base, err := x.Resolve(ctx, o.Base)
	if err != nil {
		return nil, err
	}
	head, err := x.Resolve(ctx, o.Head)
	if err != nil {
		return nil, err
	}
	dir := strings.TrimSuffix(o.Repo.Config.Dir, "/")
	changed, err := x.ChangedPaths(ctx, base, head, g.Prefix+dir)
	if err != nil {
		return nil, err
	}
	var paths []string
	var refs []gitx.FileRef
	for _, c := range changed {
		rel := strings.TrimPrefix(c, g.Prefix)
		if !repo.IsDocument(dir, rel) {
			continue
		}
		paths = append(paths, rel)
		refs = append(refs, gitx.FileRef{Tree: base, Path: c}, gitx.FileRef{Tree: head, Path: c})
	}
	got, err := x.ReadFiles(ctx, refs)
	if err != nil {
		return nil, err
	}
	var files []File
	var before, after []string // POPs to ask sign-off states for
	for i, p := range paths {
		oldF, newF := got[2*i], got[2*i+1]
		inBase, inHead := oldF.Found && oldF.IsRegular(), newF.Found && newF.IsRegular()
		var old, new *pop.Doc
		oldData, newData := limit(oldF.Data), limit(newF.Data)
		oldText, newText := o.open(p, oldData), o.open(p, newData)
		if inBase {
			old = pop.Parse(p, oldText)
		}
		if inHead {
			new = pop.Parse(p, newText)
		}
		if old == nil && new == nil {
			continue // a symlink or folder, not a POP
		}
		f := Compare(p, old, new)
		if old != nil && new != nil && (old.Sealed != "" || new.Sealed != "") {
			// Left sealed: the clear fields say only part of the story.
			if changed, changes := seal.CompareAgreement(oldData, newData, p); changed && sealedChange(changes) {
				f.Fields = append(f.Fields, pop.Change{Field: "sealed agreement", Old: "(sealed)", New: "(changed; not shown)"})
			}
		}
		files = append(files, f)
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
	if err := signOffs(ctx, o, x, files, before, after); err != nil {
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

// open returns the clear text of data when it is sealed and Open opens
// it, else data.
func (o Options) open(rel string, data []byte) []byte {
	if o.Open == nil || len(data) == 0 || !pop.IsSealed(data) {
		return data
	}
	if clear := o.Open(rel, data); clear != nil {
		return clear
	}
	return data
}

// sealedChange reports whether a sealed version's agreement changed in
// its sealed text, or from clear to sealed, rather than in clear fields.
func sealedChange(changes []pop.Change) bool {
	for _, c := range changes {
		if c.Field == "sealed agreement" || c.Field == "sealed" {
			return true
		}
	}
	return false
}

// limit cuts a file one byte past the largest POP: enough for pop.Parse
// to refuse it.
func limit(data []byte) []byte {
	if len(data) > pop.MaxSealedSize+1 {
		return data[:pop.MaxSealedSize+1]
	}
	return data
}

// signOffs fills in the sign-off states at both revisions, and the
// sign-offs that count at head but do not already count at base (SPEC
// §6.5): after a squash merge the signed commits are not in base's
// history, yet they count there, so they are not new.
func signOffs(ctx context.Context, o Options, x gitx.Repo, files []File, before, after []string) error {
	states := func(rev string, paths []string) (map[string]signoff.Status, error) {
		out := map[string]signoff.Status{}
		if len(paths) == 0 {
			return out, nil
		}
		rep, err := signoff.Verify(ctx, signoff.Options{Repo: o.Repo, Rev: rev, Trust: o.Base, Paths: paths, Git: x})
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
		old, inBase := b[f.Path]
		if inBase {
			f.StateBefore = old.State
		}
		st, ok := a[f.Path]
		if !ok {
			continue
		}
		f.StateAfter = st.State
		counted := map[string]bool{}
		for _, so := range []*signoff.SignOff{old.Employee, old.Manager} {
			if so != nil && old.State != signoff.Changed {
				counted[so.Commit] = true
			}
		}
		for _, so := range []*signoff.SignOff{st.Employee, st.Manager} {
			if so != nil && !counted[so.Commit] {
				f.SignOffs = append(f.SignOffs, *so)
			}
		}
	}
	return nil
}
