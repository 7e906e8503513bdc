package signoff

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	pgperrors "github.com/ProtonMail/go-crypto/openpgp/errors"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// ErrShallow is returned by Verify in a shallow clone, where sign-offs
// may be missing from history.
var ErrShallow = errors.New("the repository is a shallow clone: sign-offs in the missing history cannot be checked")

// Why a sign-off does not count.
const (
	reasonBadSignature = "bad signature"
	reasonUnknownKey   = "unknown key"
	reasonOtherPerson  = "key of another person"
	reasonKeyExpired   = "key not valid at the committer date"
	reasonUnsigned     = "trailers without signature"
	reasonNotInTree    = "content not in signed tree"
	reasonTwoSigs      = "two signatures"
	reasonTrailers     = "malformed trailers"
	reasonUnknownPers  = "signed content names no such person"
)

// candidate is a commit carrying sign-off trailers for a POP being verified.
type candidate struct {
	c       *rawCommit
	t       trailers
	path    string // POP-root-relative
	order   int    // walk order: lower is met earlier from the tip
	content []byte // the file in the commit's own tree (go-git reader; the git reader keeps only sum and names)
	blob    plumbing.Hash
	found   bool
	sum     string     // hex SHA-256 of content
	names   signedHead // whom the content names
	named   bool       // names is filled in

	sig     *sigCheck // checked ahead, or nil
	cached  bool      // judged from the verify cache: content is not read
	so      *SignOff
	finding *Finding
}

// Verify returns the sign-off state of the POPs at o.Rev, judged with the
// people and keys at o.Trust. Any error fails closed: no report.
func Verify(ctx context.Context, o Options) (*Report, error) {
	g, err := openGit(o.Repo)
	if err != nil {
		return nil, err
	}
	defer g.close()
	if sh, err := g.git.Storer.Shallow(); err != nil {
		return nil, err
	} else if len(sh) > 0 {
		return nil, ErrShallow
	}
	rev, err := g.resolve(o.Rev)
	if err != nil {
		return nil, err
	}
	trustRev := rev
	if o.Trust != "" {
		if trustRev, err = g.resolve(o.Trust); err != nil {
			return nil, err
		}
	}
	revCommit, err := g.commit(rev)
	if err != nil {
		return nil, err
	}
	trustCommit, err := g.commit(trustRev)
	if err != nil {
		return nil, err
	}
	tr, err := g.readTrust(trustCommit.Tree, o.Repo.Config)
	if err != nil {
		return nil, fmt.Errorf("read trust material at %s: %w", revName(o.Trust, o.Rev), err)
	}

	// The POPs at the revision.
	current, err := g.listPOPs(ctx, revCommit.Tree, o.Repo.Config.Dir, g.gitBin != "" && !o.NoGitProgram)
	if err != nil {
		return nil, err
	}
	var drafts []string
	if len(o.Paths) > 0 {
		want := map[string]plumbing.Hash{}
		for _, p := range o.Paths {
			h, ok := current[p]
			switch {
			case ok:
				want[p] = h
			case o.Drafts:
				drafts = append(drafts, p)
			default:
				return nil, fmt.Errorf("%s: no POP at %s", p, revName(o.Rev, ""))
			}
		}
		current = want
	}

	var cache *verifyCache
	if !o.NoCache {
		cache = g.openCache(tr)
	}
	var cands []*candidate
	if g.gitBin != "" && !o.NoGitProgram {
		// Signatures are checked on all cores while git reads history
		// and the signed files.
		pool := newSigPool(ctx, tr)
		cands, err = g.walkGit(ctx, rev, current, func(cd *candidate) {
			if !cache.fill(cd) {
				pool.add(cd)
			}
		})
		if err == nil {
			err = g.readSignedGit(ctx, uncached(cands))
		}
		pool.wait()
	} else {
		if cands, err = g.walk(ctx, rev, current); err != nil {
			return nil, err
		}
		for _, cd := range cands {
			cache.fill(cd)
		}
		err = g.readSigned(uncached(cands))
	}
	if err != nil {
		return nil, err
	}
	if unc := uncached(cands); len(unc) > 0 {
		if err := tr.load(); err != nil {
			return nil, fmt.Errorf("read trust material at %s: %w", revName(o.Trust, o.Rev), err)
		}
		checkAll(ctx, unc, tr)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep, err := g.report(current, cands)
	if err != nil {
		return nil, err
	}
	if len(drafts) > 0 {
		for _, p := range drafts {
			rep.Statuses = append(rep.Statuses, Status{Path: p, State: Unsigned})
		}
		sort.Slice(rep.Statuses, func(i, j int) bool { return rep.Statuses[i].Path < rep.Statuses[j].Path })
	}
	cache.add(cands)
	cache.save()
	return rep, nil
}

// uncached returns the candidates the verify cache did not judge.
func uncached(cands []*candidate) []*candidate {
	out := make([]*candidate, 0, len(cands))
	for _, cd := range cands {
		if !cd.cached {
			out = append(out, cd)
		}
	}
	return out
}

func revName(rev, def string) string {
	if rev == "" {
		rev = def
	}
	if rev == "" {
		return "HEAD"
	}
	return rev
}

func (g *gitRepo) resolve(rev string) (plumbing.Hash, error) {
	if rev == "" {
		rev = "HEAD"
	}
	h, err := g.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("revision %s: %w", rev, err)
	}
	return *h, nil
}

func (g *gitRepo) commit(h plumbing.Hash) (*rawCommit, error) {
	data, err := g.raw(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	return parseCommit(h, data)
}

// listPOPs returns the blob of every POP (not prep note) under dir in tree.
// With the git program it is one git ls-tree; go-git otherwise reads the
// trees one by one.
func (g *gitRepo) listPOPs(ctx context.Context, tree plumbing.Hash, dir string, useGit bool) (map[string]plumbing.Hash, error) {
	out := map[string]plumbing.Hash{}
	dir = strings.TrimSuffix(dir, "/")
	mode, h, err := g.lookup(tree, g.gitPath(dir))
	if errors.Is(err, errNotFound) || (err == nil && mode != filemode.Dir) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	keep := func(rel string, m filemode.FileMode, eh plumbing.Hash) {
		p := path.Join(dir, rel)
		if (m == filemode.Regular || m == filemode.Executable) && strings.HasSuffix(p, ".md") &&
			repo.ParseFilePath(dir, p).Kind != pop.KindPrep {
			out[p] = eh
		}
	}
	if useGit {
		return out, g.lsTree(ctx, h, keep)
	}
	var walk func(h plumbing.Hash, rel string) error
	walk = func(h plumbing.Hash, rel string) error {
		data, err := g.raw(plumbing.TreeObject, h)
		if err != nil {
			return err
		}
		var subs []treeSub
		eachEntry(data, func(name string, m filemode.FileMode, eh plumbing.Hash) {
			p := path.Join(rel, name)
			if m == filemode.Dir {
				if !repo.HiddenDir(name) {
					subs = append(subs, treeSub{p, eh})
				}
				return
			}
			keep(p, m, eh)
		})
		for _, s := range subs {
			if err := walk(s.h, s.name); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(h, "")
}

type treeSub struct {
	name string
	h    plumbing.Hash
}

// walk reads every commit reachable from rev and from the sign-off refs
// once, and keeps those whose trailers name a POP in want.
func (g *gitRepo) walk(ctx context.Context, rev plumbing.Hash, want map[string]plumbing.Hash) ([]*candidate, error) {
	stack := []plumbing.Hash{rev}
	refs, err := g.git.Storer.IterReferences()
	if err != nil {
		return nil, err
	}
	var tips []plumbing.Hash
	err = refs.ForEach(func(r *plumbing.Reference) error {
		if strings.HasPrefix(r.Name().String(), SignOffRefPrefix) && r.Type() == plumbing.HashReference {
			tips = append(tips, r.Hash())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Sign-off refs are visited after the history of rev, newest name last
	// on the stack so the order is stable.
	sort.Slice(tips, func(i, j int) bool { return tips[i].String() > tips[j].String() })
	seen := make(map[plumbing.Hash]struct{}, 1024)
	parentsByID := make(map[plumbing.Hash][]plumbing.Hash, 1024)
	var out []*candidate
	n := 0
	next := func() (plumbing.Hash, bool) {
		for len(stack) > 0 || len(tips) > 0 {
			if len(stack) == 0 {
				stack = append(stack, tips[len(tips)-1])
				tips = tips[:len(tips)-1]
			}
			h := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if _, ok := seen[h]; ok {
				continue
			}
			seen[h] = struct{}{}
			return h, true
		}
		return plumbing.ZeroHash, false
	}
	for h, ok := next(); ok; h, ok = next() {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		n++
		data, err := g.raw(plumbing.CommitObject, h)
		if err != nil {
			return nil, err
		}
		head, msg, _ := bytes.Cut(data, []byte("\n\n"))
		parents := parentsOf(head)
		parentsByID[h] = parents
		for i := len(parents) - 1; i >= 0; i-- {
			if _, ok := seen[parents[i]]; !ok {
				stack = append(stack, parents[i])
			}
		}
		if !hasTrailers(msg) {
			continue
		}
		c, err := parseCommit(h, data)
		if err != nil {
			return nil, err
		}
		t := parseTrailers(c.Message)
		p, ok := g.popPath(t.File)
		if !ok {
			continue
		}
		if _, ok := want[p]; !ok {
			continue
		}
		out = append(out, &candidate{c: c, t: t, path: p, order: n})
	}
	// Order by generation, so that of two sign-offs made in the same
	// second the descendant is the newer, as git rev-list --date-order
	// gives it.
	gen := generations(parentsByID)
	for _, cd := range out {
		cd.order = -gen[cd.c.ID]
	}
	return out, nil
}

// generations numbers commits so that every commit is above its parents.
func generations(parents map[plumbing.Hash][]plumbing.Hash) map[plumbing.Hash]int {
	gen := make(map[plumbing.Hash]int, len(parents))
	for start := range parents {
		if gen[start] != 0 {
			continue
		}
		stack := []plumbing.Hash{start}
		for len(stack) > 0 {
			h := stack[len(stack)-1]
			if gen[h] != 0 {
				stack = stack[:len(stack)-1]
				continue
			}
			g, pending := 1, false
			for _, p := range parents[h] {
				switch pg := gen[p]; {
				case pg == 0:
					if _, ok := parents[p]; ok {
						stack = append(stack, p)
						pending = true
					}
				case pg+1 > g:
					g = pg + 1
				}
			}
			if !pending {
				gen[h] = g
				stack = stack[:len(stack)-1]
			}
		}
	}
	return gen
}

func parentsOf(head []byte) []plumbing.Hash {
	var out []plumbing.Hash
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		if bytes.HasPrefix(line, []byte("parent ")) {
			out = append(out, plumbing.NewHash(string(line[len("parent "):])))
		} else if !bytes.HasPrefix(line, []byte("tree ")) {
			break // parents follow the tree, before anything else
		}
	}
	return out
}

// readSigned reads, for every candidate, the file at Pop-File in the
// commit's own tree. Lookups are cached by tree and name, so trees shared
// between sign-offs are read once.
func (g *gitRepo) readSigned(cands []*candidate) error {
	type key struct {
		tree plumbing.Hash
		name string
	}
	type entry struct {
		mode filemode.FileMode
		h    plumbing.Hash
		ok   bool
	}
	entries := map[key]entry{}
	blobs := map[plumbing.Hash][]byte{}
	sums := map[plumbing.Hash]string{}
	for _, cd := range cands {
		cur := entry{mode: filemode.Dir, h: cd.c.Tree, ok: true}
		for _, part := range strings.Split(cd.t.File, "/") {
			if !cur.ok || cur.mode != filemode.Dir {
				cur.ok = false
				break
			}
			k := key{cur.h, part}
			e, hit := entries[k]
			if !hit {
				data, err := g.raw(plumbing.TreeObject, cur.h)
				if err != nil {
					return err
				}
				e.mode, e.h, e.ok = treeEntry(data, part)
				entries[k] = e
			}
			cur = e
		}
		if !cur.ok || (cur.mode != filemode.Regular && cur.mode != filemode.Executable) {
			continue
		}
		data, ok := blobs[cur.h]
		if !ok {
			var err error
			if data, err = g.raw(plumbing.BlobObject, cur.h); err != nil {
				return err
			}
			blobs[cur.h] = data
			s := sha256.Sum256(data)
			sums[cur.h] = hex.EncodeToString(s[:])
		}
		cd.content, cd.blob, cd.found, cd.sum = data, cur.h, true, sums[cur.h]
	}
	return nil
}

// checkAll judges every candidate, on all cores: the signature work
// dominates.
func checkAll(ctx context.Context, cands []*candidate, tr *trust) {
	docs := sync.Map{} // blob → people, parsed once
	work := make(chan *candidate)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for cd := range work {
				cd.check(tr, &docs)
			}
		}()
	}
	for _, cd := range cands {
		if ctx.Err() != nil {
			break
		}
		work <- cd
	}
	close(work)
	wg.Wait()
}

func (cd *candidate) fail(reason, hint string) {
	cd.finding = &Finding{Path: cd.path, Commit: cd.c.ID.String(), Reason: reason, Hint: hint}
}

func (cd *candidate) check(tr *trust, docs *sync.Map) {
	names := cd.names
	if !cd.named && cd.found {
		if d, ok := docs.Load(cd.blob); ok {
			names = d.(signedHead)
		} else {
			names = signedHeadOf(cd.path, cd.content)
			docs.Store(cd.blob, names)
		}
	}
	j := judgeSignOff(signOffInput{Commit: cd.c, Trailers: cd.t, Path: cd.path, Found: cd.found, Sum: cd.sum, Doc: names, Sig: cd.sig}, tr)
	cd.so, cd.finding = j.SignOff, j.Finding
}

// sigCheck is what a commit's one signature says by itself, before the
// signed content tells whose it must be: the method and key, and why it
// does not count ("" when the signature is good). It needs only the
// commit and the trust material, so it runs ahead on all cores while
// history is still being read.
type sigCheck struct {
	method, key  string
	reason, hint string
	pub          ssh.PublicKey   // the SSH key that made a good signature
	entity       *openpgp.Entity // the OpenPGP key that made a good signature
}

// signedOnce reports whether c carries exactly one signature, the only
// case in which its signature is checked.
func signedOnce(c *rawCommit) bool {
	return len(c.Signatures) == 1 && countBlocks(c.Signatures[0]) == 1
}

func checkSig(c *rawCommit, tr *trust) *sigCheck {
	sig := c.Signatures[0]
	switch {
	case strings.HasPrefix(sig, "-----BEGIN SSH SIGNATURE-----"):
		sc := &sigCheck{method: "ssh"}
		s, err := sshsig.Unarmor([]byte(sig))
		if err != nil {
			sc.reason, sc.hint = reasonBadSignature, err.Error()
			return sc
		}
		sc.key = ssh.FingerprintSHA256(s.PublicKey)
		if len(tr.byKey[sc.key]) == 0 {
			sc.reason, sc.hint = reasonUnknownKey, "key "+sc.key+" is not in the trusted allowed signers"
			return sc
		}
		if s.Namespace != "git" {
			sc.reason, sc.hint = reasonBadSignature, "signature namespace is "+s.Namespace+", not git"
			return sc
		}
		if err := sshsig.Verify(bytes.NewReader(c.Payload), s, s.PublicKey, s.HashAlgorithm, "git"); err != nil {
			sc.reason, sc.hint = reasonBadSignature, err.Error()
			return sc
		}
		sc.pub = s.PublicKey
		return sc
	case strings.HasPrefix(sig, "-----BEGIN PGP SIGNATURE-----"):
		sc := &sigCheck{method: "openpgp"}
		// The program signs after git or pop fixed the committer date, a
		// moment later (gpg-agent may take seconds to start); a signature
		// made up to sigSlack after the committer date is not "expired".
		when := c.When.Add(sigSlack)
		cfg := &packet.Config{Time: func() time.Time { return when }}
		e, err := openpgp.CheckArmoredDetachedSignature(tr.keyring, bytes.NewReader(c.Payload), strings.NewReader(sig), cfg)
		if errors.Is(err, pgperrors.ErrUnknownIssuer) {
			sc.reason, sc.hint = reasonUnknownKey, "the signing key is not in the trusted OpenPGP keys"
			return sc
		}
		if err != nil {
			sc.reason, sc.hint = reasonBadSignature, err.Error()
			return sc
		}
		sc.key = fmt.Sprintf("%X", e.PrimaryKey.Fingerprint)
		sc.entity = e
		return sc
	}
	return &sigCheck{reason: reasonBadSignature, hint: "not an SSH or OpenPGP signature"}
}

// sigPool checks signatures on all cores as candidates are found.
type sigPool struct {
	work chan *candidate
	wg   sync.WaitGroup
}

func newSigPool(ctx context.Context, tr *trust) *sigPool {
	p := &sigPool{work: make(chan *candidate, 256)}
	for range runtime.GOMAXPROCS(0) {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for cd := range p.work {
				if ctx.Err() == nil && tr.load() == nil {
					cd.sig = checkSig(cd.c, tr)
					cd.c.Payload = nil // checked: not needed again
				}
			}
		}()
	}
	return p
}

// add queues cd's signature, when it has exactly one, for checking.
func (p *sigPool) add(cd *candidate) {
	if signedOnce(cd.c) {
		p.work <- cd
	}
}

// wait returns when every queued signature is checked.
func (p *sigPool) wait() {
	close(p.work)
	p.wg.Wait()
}

func countBlocks(sig string) int {
	return strings.Count(sig, "-----BEGIN ")
}

// report combines the candidates per POP: the newest valid sign-off per
// role counts and is compared with the file at the revision.
func (g *gitRepo) report(current map[string]plumbing.Hash, cands []*candidate) (*Report, error) {
	byPath := map[string][]*candidate{}
	for _, cd := range cands {
		byPath[cd.path] = append(byPath[cd.path], cd)
	}
	paths := make([]string, 0, len(current))
	for p := range current {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	rep := &Report{Statuses: make([]Status, 0, len(paths))}
	for _, p := range paths {
		cs := byPath[p]
		sort.SliceStable(cs, func(i, j int) bool {
			if !cs[i].c.When.Equal(cs[j].c.When) {
				return cs[i].c.When.After(cs[j].c.When)
			}
			return cs[i].order < cs[j].order
		})
		st := Status{Path: p}
		var counted []*candidate
		invalidRole := map[Role]bool{}
		for _, cd := range cs {
			if cd.finding != nil {
				st.Invalid = append(st.Invalid, *cd.finding)
				invalidRole[Role(cd.t.Role)] = true
				continue
			}
			switch {
			case cd.so.Role == RoleEmployee && st.Employee == nil:
				st.Employee = cd.so
				counted = append(counted, cd)
			case cd.so.Role == RoleManager && st.Manager == nil:
				st.Manager = cd.so
				counted = append(counted, cd)
			}
		}
		if len(counted) > 0 {
			if err := g.compare(&st, current[p], counted); err != nil {
				return nil, err
			}
		}
		st.State = stateOf(st, invalidRole)
		if st.Invalid == nil {
			st.Invalid = []Finding{}
		}
		rep.Statuses = append(rep.Statuses, st)
	}
	return rep, nil
}

// compare judges the counted sign-offs against the file at the revision.
func (g *gitRepo) compare(st *Status, blob plumbing.Hash, counted []*candidate) error {
	var now *pop.Doc
	seen := map[string]bool{}
	for _, cd := range counted {
		if cd.blob == blob {
			continue
		}
		if now == nil {
			data, err := g.raw(plumbing.BlobObject, blob)
			if err != nil {
				return err
			}
			now = pop.Parse(st.Path, data)
		}
		signed := cd.content
		if signed == nil { // not kept, or judged from the cache
			var err error
			if signed, err = g.raw(plumbing.BlobObject, cd.blob); err != nil {
				return err
			}
		}
		changes := pop.Compare(pop.Parse(cd.path, signed), now)
		if !pop.AgreementChanged(changes) {
			cd.so.Progress = true
			continue
		}
		for _, c := range changes {
			if !c.Progress && !seen[c.Field] {
				seen[c.Field] = true
				st.Changed = append(st.Changed, c.Field)
			}
		}
	}
	return nil
}

func stateOf(st Status, invalidRole map[Role]bool) State {
	e, m := st.Employee, st.Manager
	switch {
	case len(st.Changed) > 0:
		return Changed
	case (invalidRole[RoleEmployee] && e == nil) || (invalidRole[RoleManager] && m == nil) ||
		(len(invalidRole) > 0 && e == nil && m == nil):
		return Invalid
	case (e != nil && e.Decision == DecisionDisagreed) || (m != nil && m.Decision == DecisionDisagreed):
		return Disagreed
	case e != nil && m != nil:
		if e.Decision == DecisionAgreed && m.Decision == DecisionAgreed {
			return Agreed
		}
		return Seen
	case e != nil:
		return EmployeeSigned
	case m != nil:
		return ManagerSigned
	}
	return Unsigned
}
