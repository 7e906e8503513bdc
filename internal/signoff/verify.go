package signoff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	pgperrors "github.com/ProtonMail/go-crypto/openpgp/errors"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
)

// ErrShallow is returned by Verify in a shallow clone, where sign-offs
// may be missing from history.
var ErrShallow = errors.New("the repository is a shallow clone: sign-offs in the missing history cannot be checked")

// ErrBadRevision is returned by Verify for a revision git does not know.
var ErrBadRevision = gitx.ErrBadRevision

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
	reasonNotRegular   = "not a regular file"
)

// Verify returns the sign-off state of the POPs at o.Rev, judged with the
// people and keys at o.Trust. It is a pipeline of values: history streams
// the sign-off commits, judge (wrapped by the verify cache) makes a
// judgment of each, combine makes each POP's state of its judgments and
// its content at the revision. Any error fails closed: no report.
func Verify(ctx context.Context, o Options) (*Report, error) {
	g, err := openGit(o.Repo)
	if err != nil {
		return nil, err
	}
	defer g.close()
	x := o.Git
	if x == nil {
		if x, err = g.seam(); err != nil {
			return nil, err
		}
		defer x.Close()
	}
	if sh, err := x.Shallow(); err != nil {
		return nil, err
	} else if sh {
		return nil, ErrShallow
	}
	rev, err := x.Resolve(ctx, o.Rev)
	if err != nil {
		return nil, err
	}
	trustRev := rev
	if o.Trust != "" {
		if trustRev, err = x.Resolve(ctx, o.Trust); err != nil {
			return nil, err
		}
	}
	tr, err := g.readTrust(ctx, x, trustRev, o.Repo.Config)
	if err != nil {
		return nil, fmt.Errorf("read trust material at %s: %w", revName(o.Trust, o.Rev), err)
	}

	current, drafts, err := g.pops(ctx, x, rev, o)
	if err != nil {
		return nil, err
	}

	// History, and the signatures checked on all cores while git reads.
	var cache *verifyCache
	if !o.NoCache {
		cache = g.openCache(tr)
	}
	pool := newSigPool(ctx, tr, o.Progress)
	ss, err := g.history(ctx, x, rev, current, cache, func(s *signed) {
		if !cache.has(s) {
			pool.add(s)
		}
	})
	sigs := pool.wait()
	if err != nil {
		return nil, err
	}

	// Judge: from the cache, or from the signed file and the signature.
	js := make([]judged, len(ss))
	var fresh []*signed
	var freshAt []int
	for i, s := range ss {
		if j, ok := cache.get(s); ok {
			js[i] = judged{s, j}
			continue
		}
		fresh = append(fresh, s)
		freshAt = append(freshAt, i)
	}
	if len(fresh) > 0 {
		files, err := readSigned(ctx, x, fresh)
		if err != nil {
			return nil, err
		}
		if err := tr.load(); err != nil {
			return nil, fmt.Errorf("read trust material at %s: %w", revName(o.Trust, o.Rev), err)
		}
		judgeAll(ctx, fresh, files, sigs, tr, func(k int, j judgment) { js[freshAt[k]] = judged{fresh[k], j} })
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Combine, with what history says of the contents signed.
	if err := settle(ctx, x, g.signOffQuery(rev, current), js); err != nil {
		return nil, err
	}
	byPath := map[string][]judged{}
	for _, x := range js {
		byPath[x.s.path] = append(byPath[x.s.path], x)
	}
	paths := make([]string, 0, len(current))
	for p := range current {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	f, err := g.facts(ctx, x, rev, current, byPath)
	if err != nil {
		return nil, err
	}
	rep := &Report{Statuses: make([]Status, 0, len(paths)+len(drafts))}
	for _, p := range paths {
		rep.Statuses = append(rep.Statuses, combine(p, current[p], byPath[p], f[p]))
	}
	for _, p := range drafts {
		rep.Statuses = append(rep.Statuses, Status{Path: p, State: Unsigned, Invalid: []Finding{}})
	}
	sort.Slice(rep.Statuses, func(i, j int) bool { return rep.Statuses[i].Path < rep.Statuses[j].Path })
	cache.add(js)
	cache.save()
	return rep, nil
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

// pops returns the POPs to judge at rev, every entry under the POP folder
// that is a POP by its path (a symlink or submodule too: combine calls it
// invalid), narrowed to o.Paths and o.Changed; drafts are o.Paths not at
// rev, when o.Drafts allows them.
func (g *gitRepo) pops(ctx context.Context, x gitx.Repo, rev gitx.Hash, o Options) (map[string]gitx.Entry, []string, error) {
	dir := strings.TrimSuffix(o.Repo.Config.Dir, "/")
	es, err := x.List(ctx, rev, g.gitPath(dir))
	if err != nil {
		return nil, nil, err
	}
	current := map[string]gitx.Entry{}
	for _, e := range es {
		p, ok := g.popPath(e.Path)
		if !ok || !repo.IsDocument(dir, p) || repo.ParseFilePath(dir, p).Kind == pop.KindPrep {
			continue
		}
		current[p] = e
	}
	if o.Changed != "" {
		base, err := x.Resolve(ctx, o.Changed)
		if err != nil {
			return nil, nil, err
		}
		mb, err := x.MergeBase(ctx, base, rev)
		if err != nil {
			return nil, nil, fmt.Errorf("--changed %s: %w", o.Changed, err)
		}
		changed, err := x.ChangedPaths(ctx, mb, rev, g.gitPath(dir))
		if err != nil {
			return nil, nil, err
		}
		keep := map[string]gitx.Entry{}
		for _, c := range changed {
			if p, ok := g.popPath(c); ok {
				if e, ok := current[p]; ok {
					keep[p] = e
				}
			}
		}
		current = keep
	}
	var drafts []string
	if len(o.Paths) > 0 {
		want := map[string]gitx.Entry{}
		for _, p := range o.Paths {
			e, ok := current[p]
			switch {
			case ok:
				want[p] = e
			case o.Changed != "":
				// not changed in this pull request: not judged
			case o.Drafts:
				drafts = append(drafts, p)
			default:
				return nil, nil, fmt.Errorf("%s: no POP at %s", p, revName(o.Rev, ""))
			}
		}
		current = want
	}
	return current, drafts, nil
}

// facts gathers, per POP, what combine needs beyond the judgments: how
// each signed content's agreement differs from the POP at rev (SPEC §6.4),
// and which signed contents rev's history held. Git is asked only about
// sign-offs whose content differs from the POP at rev, and for history
// only when such a content differs in its agreement.
func (g *gitRepo) facts(ctx context.Context, x gitx.Repo, rev gitx.Hash, current map[string]gitx.Entry, byPath map[string][]judged) (map[string]facts, error) {
	out := map[string]facts{}
	type need struct {
		path string
		blob gitx.Hash
	}
	var refs []gitx.FileRef
	var needs []need
	asked := map[need]bool{}
	curAt := map[string]int{}
	for p, js := range byPath {
		cur := current[p]
		if !cur.IsRegular() {
			continue
		}
		for _, x := range js {
			n := need{p, x.j.blob}
			if x.j.finding != nil || !x.j.found || x.j.blob == cur.ID || asked[n] {
				continue
			}
			asked[n] = true
			needs = append(needs, n)
			refs = append(refs, gitx.FileRef{Tree: x.s.c.Tree, Path: x.s.t.File})
			if _, ok := curAt[p]; !ok {
				curAt[p] = -1
			}
		}
	}
	for p := range curAt {
		curAt[p] = len(refs)
		refs = append(refs, gitx.FileRef{Tree: rev, Path: g.gitPath(p)})
	}
	var files []gitx.File
	if len(refs) > 0 {
		var err error
		if files, err = x.ReadFiles(ctx, refs); err != nil {
			return nil, fmt.Errorf("read signed files: %w", err)
		}
	}
	for i, n := range needs {
		fct := out[n.path]
		if fct.changes == nil {
			fct.changes = map[gitx.Hash][]string{}
		}
		fct.changes[n.blob] = agreementChanges(n.path, files[i].Data, files[curAt[n.path]].Data)
		out[n.path] = fct
	}
	// History is asked only about contents that differ in their
	// agreement, or that invalid sign-offs signed.
	var versionsOf []string
	for p, js := range byPath {
		cur := current[p]
		if !cur.IsRegular() {
			continue
		}
		for _, x := range js {
			if x.j.found && x.j.blob != cur.ID && (x.j.finding != nil || len(out[p].changes[x.j.blob]) > 0) {
				versionsOf = append(versionsOf, p)
				break
			}
		}
	}
	sort.Strings(versionsOf)
	for _, p := range versionsOf {
		vs, err := x.Versions(ctx, rev, g.gitPath(p))
		if err != nil {
			return nil, err
		}
		fct := out[p]
		fct.held = make(map[gitx.Hash]bool, len(vs))
		for _, v := range vs {
			fct.held[v] = true
		}
		out[p] = fct
	}
	return out, nil
}

// agreementChanges names the agreement fields in which the signed bytes
// differ from now; empty when they differ in progress only. Agreement is
// decided on bytes (SPEC §6.4): a comment, an unknown or repeated key, or
// a repeated goal id is a change even where the model does not see one.
// A sealed file's agreement is its clear front matter and the payload of
// its agreement block (SPEC §8): a reseal or a progress update keeps it.
func agreementChanges(path string, signed, now []byte) []string {
	fields := []string{}
	changed, changes := seal.CompareAgreement(signed, now, path)
	if !changed {
		return fields
	}
	for _, c := range changes {
		if !contains(fields, c.Field) {
			fields = append(fields, c.Field)
		}
	}
	if len(fields) == 0 {
		fields = append(fields, "content")
	}
	return fields
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// judgment is what judge makes of one sign-off: the content it signed,
// and either whose sign-off it is or why it does not count.
type judgment struct {
	blob    gitx.Hash // the signed content, when found
	found   bool      // a regular file with the signed sum is at Pop-File
	so      *SignOff
	finding *Finding
}

// judgeAll judges sign-offs on all cores; done gets each judgment by index.
func judgeAll(ctx context.Context, ss []*signed, files []signedFile, sigs map[gitx.Hash]*sigCheck, tr *trust, done func(int, judgment)) {
	work := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range work {
				j := judge(ss[k], files[k], sigs[ss[k].c.ID], tr)
				mu.Lock()
				done(k, j)
				mu.Unlock()
			}
		}()
	}
	for k := range ss {
		if ctx.Err() != nil {
			break
		}
		work <- k
	}
	close(work)
	wg.Wait()
}

// judge is the pure judgement of one sign-off (SPEC §6.2, §6.3): its
// trailers, its one signature (sc when checked ahead), the file its own
// tree holds at Pop-File, and the trust material. The rules are the
// steps of judge.go (judgeTrailers, judgePeople, judgeKey), called in
// the order judgeSignOff calls them.
func judge(s *signed, f signedFile, sc *sigCheck, tr *trust) judgment {
	t := s.t
	j := judgment{}
	if f.regular() && f.sum == strings.ToLower(t.SHA256) {
		j.blob, j.found = f.entry.ID, true
	}
	fail := func(reason, hint string) judgment {
		j.finding = &Finding{Path: s.path, Commit: s.c.ID.String(), Reason: reason, Hint: hint}
		return j
	}
	// The signature count first: a squash merge's trailers are malformed
	// too, and its hint says why.
	if r, hint := judgeSignatures(s.c, t); r != "" {
		return fail(r, hint)
	}
	if r, hint := judgeTrailers(t); r != "" {
		return fail(r, hint)
	}
	if f.entry.Mode != 0 && !f.regular() {
		return fail(reasonNotInTree, "the commit's own tree holds "+t.File+" as a "+modeName(f.entry.Mode)+", not a regular file")
	}
	if !j.found {
		return fail(reasonNotInTree, "the commit's own tree must hold "+t.File+" with SHA-256 "+t.SHA256)
	}
	if r, hint := judgePeople(s.path, f.head, tr); r != "" {
		return fail(r, hint)
	}
	// The person is the one the signed content names.
	role := Role(t.Role)
	person, _ := tr.persons.Get(signerID(f.head, role)) // judgePeople made sure
	if sc == nil {
		sc = checkSig(s.c, tr)
	}
	if sc.reason != "" {
		return fail(sc.reason, sc.hint)
	}
	if r, hint := judgeKey(sc, person, role, s.c.When, tr); r != "" {
		return fail(r, hint)
	}
	j.so = newSignOff(s.c, t, person.ID, person.Email, sc.method, sc.key)
	return j
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

func countBlocks(sig string) int {
	return strings.Count(sig, "-----BEGIN ")
}
