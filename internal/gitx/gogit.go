package gitx

import (
	"bytes"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// GoGit is a Repo read with go-git, for machines without the git program.
type GoGit struct {
	git   *git.Repository
	store storer.EncodedObjectStorer
}

// OpenGoGit opens the repository around root with go-git.
func OpenGoGit(root string) (*GoGit, error) {
	g, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w", root, err)
	}
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
	return &GoGit{git: g, store: g.Storer}, nil
}

// Close releases the pack files kept open.
func (g *GoGit) Close() error {
	if c, ok := g.git.Storer.(interface{ Close() error }); ok {
		return c.Close()
	}
	return nil
}

func (g *GoGit) raw(t plumbing.ObjectType, h Hash) ([]byte, error) {
	o, err := g.store.EncodedObject(t, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return nil, fmt.Errorf("read %s %s: %w", t, h, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, h, err)
	}
	rd, err := o.Reader()
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, h, err)
	}
	defer rd.Close()
	data := make([]byte, o.Size())
	if _, err := io.ReadFull(rd, data); err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, h, err)
	}
	return data, nil
}

// Resolve implements Repo.
func (g *GoGit) Resolve(_ context.Context, rev string) (Hash, error) {
	if rev == "" {
		rev = "HEAD"
	}
	// go-git ignores peeling it does not know (HEAD^{tree}); git's
	// answer for anything but a commit is "not a commit".
	if i := strings.Index(rev, "^{"); i >= 0 && rev[i:] != "^{commit}" && rev[i:] != "^{}" {
		return Hash{}, fmt.Errorf("%w %s", ErrBadRevision, rev)
	}
	h, err := g.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return Hash{}, fmt.Errorf("%w %s", ErrBadRevision, rev)
	}
	if _, err := g.raw(plumbing.CommitObject, *h); err != nil {
		return Hash{}, fmt.Errorf("%w %s", ErrBadRevision, rev)
	}
	return *h, nil
}

// Shallow implements Repo.
func (g *GoGit) Shallow() (bool, error) {
	sh, err := g.git.Storer.Shallow()
	return len(sh) > 0, err
}

// Commit implements Repo.
func (g *GoGit) Commit(_ context.Context, id Hash) ([]byte, error) {
	return g.raw(plumbing.CommitObject, id)
}

// Blob implements Repo.
func (g *GoGit) Blob(_ context.Context, id Hash) ([]byte, error) {
	return g.raw(plumbing.BlobObject, id)
}

// treeOf returns the tree of a commit, or id itself when it is a tree.
func (g *GoGit) treeOf(id Hash) (Hash, error) {
	if data, err := g.raw(plumbing.CommitObject, id); err == nil {
		t, _, err := CommitTree(data)
		return t, err
	}
	return id, nil
}

// lookup finds the entry at a slash path in a tree. found, when not nil,
// remembers each step by tree and name (not the trees' bytes: a large
// folder in thousands of trees would not fit), so that trees shared
// between lookups are read once.
func (g *GoGit) lookup(tree Hash, p string, found map[step]stepped) (Entry, bool, error) {
	cur := Entry{Mode: Dir, ID: tree}
	for _, part := range strings.Split(p, "/") {
		if cur.Mode != Dir {
			return Entry{}, false, nil
		}
		k := step{cur.ID, part}
		r, hit := found[k]
		if !hit {
			data, err := g.raw(plumbing.TreeObject, cur.ID)
			if err != nil {
				return Entry{}, false, err
			}
			r.e, r.ok = TreeEntry(data, part)
			if found != nil {
				found[k] = r
			}
		}
		if !r.ok {
			return Entry{}, false, nil
		}
		cur = r.e
	}
	cur.Path = p
	return cur, true, nil
}

type step struct {
	tree Hash
	name string
}

type stepped struct {
	e  Entry
	ok bool
}

// List implements Repo.
func (g *GoGit) List(_ context.Context, commit Hash, dir string) ([]Entry, error) {
	tree, err := g.treeOf(commit)
	if err != nil {
		return nil, err
	}
	dir = strings.Trim(dir, "/")
	start := Entry{Mode: Dir, ID: tree}
	if dir != "" {
		e, ok, err := g.lookup(tree, dir, nil)
		if err != nil || !ok || e.Mode != Dir {
			return nil, err
		}
		start = e
	}
	var out []Entry
	var walk func(h Hash, rel string) error
	walk = func(h Hash, rel string) error {
		data, err := g.raw(plumbing.TreeObject, h)
		if err != nil {
			return err
		}
		var subs []Entry
		TreeEntries(data, func(name string, m Mode, eh Hash) {
			p := path.Join(rel, name)
			if m == Dir {
				subs = append(subs, Entry{Path: p, Mode: m, ID: eh})
				return
			}
			out = append(out, Entry{Path: p, Mode: m, ID: eh})
		})
		for _, s := range subs {
			if err := walk(s.ID, s.Path); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(start.ID, dir); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// ReadFiles implements Repo; trees and blobs shared between refs are read
// once.
func (g *GoGit) ReadFiles(_ context.Context, refs []FileRef) ([]File, error) {
	out := make([]File, len(refs))
	trees := map[step]stepped{}
	roots := map[Hash]Hash{}
	blobs := map[Hash][]byte{}
	for i, r := range refs {
		out[i].Path = r.Path
		if r.Path != "" && !treePath(r.Path) {
			continue
		}
		root, ok := roots[r.Tree]
		if !ok {
			var err error
			if root, err = g.treeOf(r.Tree); err != nil {
				return nil, err
			}
			roots[r.Tree] = root
		}
		if r.Path == "" {
			// The tree itself, when there is one.
			if _, err := g.store.EncodedObject(plumbing.TreeObject, root); errors.Is(err, plumbing.ErrObjectNotFound) {
				continue
			} else if err != nil {
				return nil, fmt.Errorf("read tree %s: %w", root, err)
			}
			out[i].Entry, out[i].Found = Entry{Mode: Dir, ID: root}, true
			continue
		}
		e, ok, err := g.lookup(root, r.Path, trees)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		out[i].Entry, out[i].Found = e, true
		if !e.IsRegular() {
			continue
		}
		data, ok := blobs[e.ID]
		if !ok {
			if data, err = g.raw(plumbing.BlobObject, e.ID); err != nil {
				return nil, err
			}
			blobs[e.ID] = data
		}
		out[i].Data = data
	}
	return out, nil
}

// walk visits each commit reachable from tips (and not from the commits
// in skip) once, depth first, and calls fn with its raw bytes.
func (g *GoGit) walk(ctx context.Context, tips []Hash, skip map[Hash]bool, fn func(id Hash, raw []byte, parents []Hash) error) error {
	seen := map[Hash]bool{}
	stack := append([]Hash{}, tips...)
	for i, j := 0, len(stack)-1; i < j; i, j = i+1, j-1 {
		stack[i], stack[j] = stack[j], stack[i] // the first tip first
	}
	n := 0
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[h] || skip[h] {
			continue
		}
		seen[h] = true
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		data, err := g.raw(plumbing.CommitObject, h)
		if err != nil {
			return err
		}
		_, parents, err := CommitTree(data)
		if err != nil {
			return fmt.Errorf("commit %s: %w", h, err)
		}
		for i := len(parents) - 1; i >= 0; i-- {
			if !seen[parents[i]] {
				stack = append(stack, parents[i])
			}
		}
		if err := fn(h, data, parents); err != nil {
			return err
		}
	}
	return nil
}

// Commits implements Repo.
func (g *GoGit) Commits(ctx context.Context, q Query, fn func(id Hash, raw []byte) error) error {
	tips := append([]Hash{}, q.Tips...)
	if len(q.Globs) > 0 {
		refs, err := g.git.Storer.IterReferences()
		if err != nil {
			return err
		}
		var found []Hash
		err = refs.ForEach(func(r *plumbing.Reference) error {
			for _, glob := range q.Globs {
				if ok, _ := path.Match(glob, r.Name().String()); ok && r.Type() == plumbing.HashReference {
					found = append(found, r.Hash())
				} else if strings.HasSuffix(glob, "/*") && strings.HasPrefix(r.Name().String(), strings.TrimSuffix(glob, "*")) && r.Type() == plumbing.HashReference {
					found = append(found, r.Hash()) // git's globs match across slashes at the end
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		sort.Slice(found, func(i, j int) bool { return found[i].String() < found[j].String() })
		tips = append(tips, found...)
	}
	skip := map[Hash]bool{}
	if len(q.Exclude) > 0 {
		err := g.walk(ctx, q.Exclude, nil, func(id Hash, _ []byte, _ []Hash) error {
			skip[id] = true
			return nil
		})
		if err != nil {
			return err
		}
	}
	values := map[string]bool{}
	for _, v := range q.Values {
		values[v] = true
	}
	match := func(raw []byte) bool {
		if q.Grep == "" {
			return true
		}
		_, msg, _ := bytes.Cut(raw, []byte("\n\n"))
		if len(values) == 0 {
			return bytes.HasPrefix(msg, []byte(q.Grep)) || bytes.Contains(msg, []byte("\n"+q.Grep))
		}
		for _, line := range bytes.Split(msg, []byte("\n")) {
			if rest, ok := bytes.CutPrefix(line, []byte(q.Grep)); ok && values[string(bytes.TrimSpace(rest))] {
				return true
			}
		}
		return false
	}
	give := func(id Hash, raw []byte) error {
		if q.IDsOnly {
			raw = nil
		}
		return fn(id, raw)
	}
	if !q.Ordered {
		return g.walk(ctx, tips, skip, func(id Hash, raw []byte, _ []Hash) error {
			if match(raw) {
				return give(id, raw)
			}
			return nil
		})
	}
	// Ordered as git rev-list --date-order: a commit comes out once all
	// its children have, the latest committer date first among those ready.
	parents := map[Hash][]Hash{}
	when := map[Hash]int64{}
	kept := map[Hash][]byte{}
	err := g.walk(ctx, tips, skip, func(id Hash, raw []byte, ps []Hash) error {
		parents[id] = ps
		when[id] = commitTime(raw)
		if match(raw) {
			kept[id] = raw
		}
		return nil
	})
	if err != nil {
		return err
	}
	children := make(map[Hash]int, len(parents))
	for _, ps := range parents {
		for _, p := range ps {
			if _, ok := parents[p]; ok {
				children[p]++
			}
		}
	}
	ready := &byDate{when: when}
	for id := range parents {
		if children[id] == 0 {
			heap.Push(ready, id)
		}
	}
	for ready.Len() > 0 {
		id := heap.Pop(ready).(Hash)
		if raw, ok := kept[id]; ok {
			if err := give(id, raw); err != nil {
				return err
			}
		}
		for _, p := range parents[id] {
			if _, ok := parents[p]; !ok {
				continue
			}
			if children[p]--; children[p] == 0 {
				heap.Push(ready, p)
			}
		}
	}
	return nil
}

// byDate is a heap of commits, the latest committer date on top (ties by
// id, so that the order is stable).
type byDate struct {
	ids  []Hash
	when map[Hash]int64
}

func (h *byDate) Len() int { return len(h.ids) }
func (h *byDate) Less(i, j int) bool {
	a, b := h.ids[i], h.ids[j]
	if h.when[a] != h.when[b] {
		return h.when[a] > h.when[b]
	}
	return a.String() < b.String()
}
func (h *byDate) Swap(i, j int) { h.ids[i], h.ids[j] = h.ids[j], h.ids[i] }
func (h *byDate) Push(x any)    { h.ids = append(h.ids, x.(Hash)) }
func (h *byDate) Pop() any {
	x := h.ids[len(h.ids)-1]
	h.ids = h.ids[:len(h.ids)-1]
	return x
}

// commitTime is the committer date of a raw commit, in seconds; 0 when
// it does not parse.
func commitTime(raw []byte) int64 {
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		if len(line) == 0 {
			return 0 // the end of the headers
		}
		if rest, ok := bytes.CutPrefix(line, []byte("committer ")); ok {
			f := bytes.Fields(rest[bytes.LastIndexByte(rest, '>')+1:])
			if len(f) > 0 {
				n, _ := strconv.ParseInt(string(f[0]), 10, 64)
				return n
			}
			return 0
		}
	}
	return 0
}

// ReadCommits implements Repo.
func (g *GoGit) ReadCommits(ctx context.Context, ids []Hash, fn func(id Hash, raw []byte) error) error {
	for i, id := range ids {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		raw, err := g.raw(plumbing.CommitObject, id)
		if err != nil {
			return err
		}
		if err := fn(id, raw); err != nil {
			return err
		}
	}
	return nil
}

func (g *GoGit) commitObject(id Hash) (*object.Commit, error) {
	c, err := g.git.CommitObject(id)
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", id, err)
	}
	return c, nil
}

// IsAncestor implements Repo.
func (g *GoGit) IsAncestor(_ context.Context, a, b Hash) (bool, error) {
	ca, err := g.commitObject(a)
	if err != nil {
		return false, err
	}
	cb, err := g.commitObject(b)
	if err != nil {
		return false, err
	}
	return ca.IsAncestor(cb)
}

// MergeBase implements Repo.
func (g *GoGit) MergeBase(_ context.Context, a, b Hash) (Hash, error) {
	ca, err := g.commitObject(a)
	if err != nil {
		return Hash{}, err
	}
	cb, err := g.commitObject(b)
	if err != nil {
		return Hash{}, err
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return Hash{}, err
	}
	if len(bases) == 0 {
		return Hash{}, fmt.Errorf("merge base of %s and %s: %w", a, b, ErrNotFound)
	}
	return bases[0].Hash, nil
}

// ChangedPaths implements Repo.
func (g *GoGit) ChangedPaths(ctx context.Context, from, to Hash, dir string) ([]string, error) {
	a, err := g.List(ctx, from, dir)
	if err != nil {
		return nil, err
	}
	b, err := g.List(ctx, to, dir)
	if err != nil {
		return nil, err
	}
	old := make(map[string]Entry, len(a))
	for _, e := range a {
		old[e.Path] = e
	}
	var out []string
	for _, e := range b {
		if o, ok := old[e.Path]; !ok || o != e {
			out = append(out, e.Path)
		}
		delete(old, e.Path)
	}
	for p := range old {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// Versions implements Repo.
func (g *GoGit) Versions(ctx context.Context, rev Hash, file string) ([]Hash, error) {
	trees := map[step]stepped{}
	seen := map[Hash]bool{}
	var out []Hash
	err := g.walk(ctx, []Hash{rev}, nil, func(_ Hash, raw []byte, _ []Hash) error {
		tree, _, err := CommitTree(raw)
		if err != nil {
			return err
		}
		e, ok, err := g.lookup(tree, file, trees)
		if err != nil {
			return err
		}
		if ok && e.IsRegular() && !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, e.ID)
		}
		return nil
	})
	return out, err
}
