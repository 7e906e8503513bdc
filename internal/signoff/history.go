package signoff

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/popdev/pop/internal/gitx"
)

// signed is a sign-off commit as history yields it: a value, made once.
type signed struct {
	c     *rawCommit
	t     trailers
	path  string // POP-root-relative
	order int    // position in history: lower is newer (a descendant lower, once settled)
	onRev bool   // reachable from the revision, not only from a sign-off ref (once settled)
}

// history streams the commits reachable from rev and from the sign-off
// refs whose message carries a sign-off trailer naming a POP in want, in
// git's streaming order; found gets each as it comes, so that its
// signature can be checked while git reads on. order and onRev are
// settled later, by settle, only when a POP needs them. With the verify
// cache filled, git lists commit ids only, and reads just the commits the
// cache does not hold.
func (g *gitRepo) history(ctx context.Context, x gitx.Repo, rev gitx.Hash, want map[string]gitx.Entry, cache *verifyCache, found func(*signed)) ([]*signed, error) {
	var out []*signed
	keep := func(c *rawCommit, t trailers, n int) {
		p, ok := g.popPath(t.File)
		if !ok {
			return
		}
		if _, ok := want[p]; ok {
			s := &signed{c: c, t: t, path: p, order: n, onRev: true}
			out = append(out, s)
			found(s)
		}
	}
	parse := func(id gitx.Hash, raw []byte, n int) error {
		c, err := parseCommit(id, raw)
		if err != nil {
			return err
		}
		if hasTrailers(c.Message) {
			keep(c, parseTrailers(c.Message), n)
		}
		return nil
	}
	q := g.signOffQuery(rev, want)
	n := 0
	if !cache.warm() {
		err := x.Commits(ctx, q, func(id gitx.Hash, raw []byte) error {
			n++
			return parse(id, raw, n)
		})
		return out, err
	}
	var missing []gitx.Hash
	at := map[gitx.Hash]int{}
	q.IDsOnly = true
	err := x.Commits(ctx, q, func(id gitx.Hash, _ []byte) error {
		n++
		if c, t, ok := cache.commit(id); ok {
			keep(c, t, n)
		} else {
			missing = append(missing, id)
			at[id] = n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = x.ReadCommits(ctx, missing, func(id gitx.Hash, raw []byte) error {
		return parse(id, raw, at[id])
	})
	return out, err
}

// signOffQuery selects the commits that may be sign-offs of the POPs in
// want: those with a Pop-Sign-Off line, or, for a few POPs (verify
// --changed, one file), those whose Pop-File line names one of them, so
// that git reads only those.
func (g *gitRepo) signOffQuery(rev gitx.Hash, want map[string]gitx.Entry) gitx.Query {
	q := gitx.Query{Tips: []gitx.Hash{rev}, Globs: []string{SignOffRefPrefix + "*"}, Grep: TrailerRole + ":"}
	if len(want) <= 64 {
		q.Grep = TrailerFile + ":"
		for p := range want {
			q.Values = append(q.Values, g.gitPath(p))
		}
		sort.Strings(q.Values)
	}
	return q
}

// settle fills in what the streaming walk leaves open, asking git only
// when some POP needs it: the order of sign-offs when one POP has two of
// a role (git rev-list --date-order: a descendant before its ancestor
// whatever the dates say, otherwise the later committer date), and
// whether a sign-off whose signed file is missing is in rev's history or
// only under a sign-off ref.
func settle(ctx context.Context, x gitx.Repo, q gitx.Query, js []judged) error {
	type key struct {
		path string
		role string
	}
	count := map[key]int{}
	needOrder, needOnRev := false, false
	for _, j := range js {
		k := key{j.s.path, j.s.t.Role}
		if count[k]++; count[k] > 1 {
			needOrder = true
		}
		if j.j.finding != nil && !j.j.found {
			needOnRev = true
		}
	}
	if needOrder {
		pos := make(map[gitx.Hash]int, len(js))
		n := 0
		q := q
		q.Ordered, q.IDsOnly = true, true
		err := x.Commits(ctx, q, func(id gitx.Hash, _ []byte) error {
			n++
			pos[id] = n
			return nil
		})
		if err != nil {
			return err
		}
		for _, j := range js {
			j.s.order = pos[j.s.c.ID]
		}
	}
	if needOnRev {
		// git stops at rev's history: this walk is short.
		off := map[gitx.Hash]bool{}
		q := gitx.Query{Globs: q.Globs, Exclude: q.Tips, Grep: q.Grep, Values: q.Values, IDsOnly: true}
		err := x.Commits(ctx, q, func(id gitx.Hash, _ []byte) error {
			off[id] = true
			return nil
		})
		if err != nil {
			return err
		}
		for _, j := range js {
			j.s.onRev = !off[j.s.c.ID]
		}
	}
	return nil
}

// signedFile is what a sign-off commit's own tree holds at Pop-File.
type signedFile struct {
	entry gitx.Entry // Mode 0 when there is nothing there
	sum   string     // hex SHA-256, for a regular file
	head  signedHead // whose POP the content says it is
}

// regular reports whether the sign-off's tree holds a regular file at
// Pop-File: a symlink, submodule or folder is never signed content.
func (f signedFile) regular() bool { return f.entry.IsRegular() }

// readSigned reads, for each sign-off, the file at Pop-File in the
// commit's own tree, in batches that keep memory flat. The content is
// not kept: only its sum and whose it says it is; a sign-off of a file that
// changed since is read again by compare.
func readSigned(ctx context.Context, x gitx.Repo, ss []*signed) ([]signedFile, error) {
	out := make([]signedFile, len(ss))
	const batch = 1 << 15
	for lo := 0; lo < len(ss); lo += batch {
		hi := min(lo+batch, len(ss))
		refs := make([]gitx.FileRef, hi-lo)
		for i, s := range ss[lo:hi] {
			refs[i] = gitx.FileRef{Tree: s.c.Tree, Path: s.t.File}
		}
		fs, err := x.ReadFiles(ctx, refs)
		if err != nil {
			return nil, fmt.Errorf("read signed files: %w", err)
		}
		type parsed struct {
			sum  string
			head signedHead
		}
		// Parsed once per blob (sign-offs of one content share it), on
		// all cores.
		byBlob := map[gitx.Hash]*parsed{}
		var todo []int
		for i, f := range fs {
			if f.Found && f.IsRegular() {
				if _, ok := byBlob[f.ID]; !ok {
					byBlob[f.ID] = &parsed{}
					todo = append(todo, i)
				}
			}
		}
		var wg sync.WaitGroup
		work := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					f := fs[i]
					*byBlob[f.ID] = parsed{sha256Hex(f.Data), signedHeadOf(ss[lo+i].path, f.Data)}
				}
			}()
		}
		for _, i := range todo {
			work <- i
		}
		close(work)
		wg.Wait()
		for i, f := range fs {
			sf := signedFile{}
			if f.Found {
				sf.entry = f.Entry
			}
			if p := byBlob[f.ID]; f.Found && f.IsRegular() {
				sf.sum, sf.head = p.sum, p.head
			}
			out[lo+i] = sf
		}
	}
	return out, nil
}

// sigPool checks signatures on all cores as sign-offs are found.
type sigPool struct {
	work chan *signed
	wg   sync.WaitGroup
	mu   sync.Mutex
	done map[gitx.Hash]*sigCheck
}

func newSigPool(ctx context.Context, tr *trust, progress func()) *sigPool {
	p := &sigPool{work: make(chan *signed, 256), done: map[gitx.Hash]*sigCheck{}}
	for range runtime.GOMAXPROCS(0) {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for s := range p.work {
				if ctx.Err() == nil && tr.load() == nil {
					sc := checkSig(s.c, tr)
					p.mu.Lock()
					p.done[s.c.ID] = sc
					if progress != nil {
						progress()
					}
					p.mu.Unlock()
				}
			}
		}()
	}
	return p
}

// add queues s's signature, when it has exactly one, for checking.
func (p *sigPool) add(s *signed) {
	if signedOnce(s.c) {
		p.work <- s
	}
}

// wait returns the checked signatures by commit once every queued one is done.
func (p *sigPool) wait() map[gitx.Hash]*sigCheck {
	close(p.work)
	p.wg.Wait()
	return p.done
}
