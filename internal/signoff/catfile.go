package signoff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/popdev/pop/internal/repo"
)

// With git installed, verify reads history through git rev-list and git
// cat-file --batch: git's own pack reader is several times faster than
// go-git's on large histories. Without git it falls back to go-git.

// catFile runs git cat-file --batch with requests from in and calls fn
// for each object (or with data nil when git reports it missing).
func (g *gitRepo) catFile(ctx context.Context, in io.Reader, fn func(name string, id plumbing.Hash, typ string, data []byte) error) error {
	return g.catFileArgs(ctx, []string{"cat-file", "--batch"}, in, fn)
}

// catFileSmall is catFile with git's pack windows kept small: resolving
// paths in thousands of trees otherwise keeps most of a large pack
// resident. (rev-list is not run this way: there small windows cost
// more in system time than they save.)
func (g *gitRepo) catFileSmall(ctx context.Context, in io.Reader, fn func(name string, id plumbing.Hash, typ string, data []byte) error) error {
	return g.catFileArgs(ctx, []string{"-c", "core.packedGitWindowSize=64m", "-c", "core.packedGitLimit=128m", "cat-file", "--batch"}, in, fn)
}

func (g *gitRepo) catFileArgs(ctx context.Context, args []string, in io.Reader, fn func(name string, id plumbing.Hash, typ string, data []byte) error) error {
	cmd := exec.CommandContext(ctx, g.gitBin, args...)
	cmd.Dir = g.root
	cmd.Stdin = in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	rerr := readBatch(out, fn)
	if rerr != nil {
		cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if rerr != nil {
		return rerr
	}
	if werr != nil {
		return fmt.Errorf("git cat-file: %v: %s", werr, strings.TrimSpace(stderr.String()))
	}
	return nil
}

func readBatch(out io.Reader, fn func(name string, id plumbing.Hash, typ string, data []byte) error) error {
	br := bufio.NewReaderSize(out, 1<<16)
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF && line == "" {
			return nil
		}
		if err != nil {
			return fmt.Errorf("git cat-file: %w", err)
		}
		line = strings.TrimSuffix(line, "\n")
		if name, ok := strings.CutSuffix(line, " missing"); ok {
			if err := fn(name, plumbing.ZeroHash, "", nil); err != nil {
				return err
			}
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return fmt.Errorf("git cat-file: unexpected %q", line)
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("git cat-file: unexpected %q", line)
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(br, data); err != nil {
			return fmt.Errorf("git cat-file: %w", err)
		}
		if err := fn("", plumbing.NewHash(f[0]), f[1], data[:size]); err != nil {
			return err
		}
	}
}

// walkGit is walk through git: rev-list picks the commits whose message
// has a sign-off trailer (reading each commit once), cat-file reads them,
// and found gets each candidate as it comes, so that its signature can be
// checked while git reads on.
func (g *gitRepo) walkGit(ctx context.Context, rev plumbing.Hash, want map[string]plumbing.Hash, found func(*candidate)) ([]*candidate, error) {
	// rev-list's default order streams: it starts printing at once. It
	// shows children before parents except around clock skew and between
	// tips, so ties are settled below with --date-order.
	var out []*candidate
	n := 0
	err := g.revList(ctx, rev, false, func(id plumbing.Hash, data []byte) error {
		n++
		c, err := parseCommit(id, data)
		if err != nil {
			return err
		}
		if !hasTrailers(c.Message) {
			return nil
		}
		t := parseTrailers(c.Message)
		p, ok := g.popPath(t.File)
		if !ok {
			return nil
		}
		if _, ok := want[p]; ok {
			cd := &candidate{c: c, t: t, path: p, order: n}
			out = append(out, cd)
			found(cd)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, g.orderTies(ctx, rev, out)
}

// orderTies settles the order of sign-offs of one file made in the same
// second: the descendant is the newer. Only then is history walked a
// second time, with --date-order, which never shows a parent before its
// children.
func (g *gitRepo) orderTies(ctx context.Context, rev plumbing.Hash, cands []*candidate) error {
	type key struct {
		path string
		when int64
	}
	seen := make(map[key]bool, len(cands))
	tied := false
	for _, cd := range cands {
		k := key{cd.path, cd.c.When.Unix()}
		if seen[k] {
			tied = true
			break
		}
		seen[k] = true
	}
	if !tied {
		return nil
	}
	byID := make(map[plumbing.Hash][]*candidate, len(cands))
	for _, cd := range cands {
		byID[cd.c.ID] = append(byID[cd.c.ID], cd)
	}
	n := 0
	return g.revList(ctx, rev, true, func(id plumbing.Hash, _ []byte) error {
		n++
		for _, cd := range byID[id] {
			cd.order = n
		}
		return nil
	})
}

// revList runs git rev-list over the history of rev and the sign-off refs
// for the commits whose message has a Pop-Sign-Off line, and calls fn with
// each commit's id and raw object (nil data when dateOrder is set: then
// only the order is wanted).
func (g *gitRepo) revList(ctx context.Context, rev plumbing.Hash, dateOrder bool, fn func(id plumbing.Hash, data []byte) error) error {
	args := []string{"rev-list", "--grep=^" + TrailerRole + ":"}
	if dateOrder {
		args = append(args, "--date-order")
	}
	args = append(args, rev.String(), "--glob="+SignOffRefPrefix+"*", "--")
	rl := exec.CommandContext(ctx, g.gitBin, args...)
	rl.Dir = g.root
	var stderr bytes.Buffer
	rl.Stderr = &stderr
	ids, err := rl.StdoutPipe()
	if err != nil {
		return err
	}
	if err := rl.Start(); err != nil {
		return err
	}
	if dateOrder {
		sc := bufio.NewScanner(ids)
		for sc.Scan() && err == nil {
			var id plumbing.Hash
			if id, err = parseID(sc.Text()); err == nil {
				err = fn(id, nil)
			}
		}
		if err == nil {
			err = sc.Err()
		}
		if err != nil {
			rl.Process.Kill()
		}
	} else {
		err = g.catFile(ctx, ids, func(_ string, id plumbing.Hash, typ string, data []byte) error {
			if typ != "commit" {
				return fmt.Errorf("git cat-file: %s is a %s, not a commit", id, typ)
			}
			return fn(id, data)
		})
	}
	werr := rl.Wait()
	if err != nil {
		return err
	}
	if werr != nil {
		return fmt.Errorf("git rev-list: %v: %s", werr, strings.TrimSpace(stderr.String()))
	}
	return nil
}

func parseID(s string) (plumbing.Hash, error) {
	if len(s) != 40 {
		return plumbing.ZeroHash, fmt.Errorf("git rev-list: unexpected %q", s)
	}
	return plumbing.NewHash(s), nil
}

// readSignedGit is readSigned through git: the folder holding Pop-File in
// each commit's tree (small: one person's POPs), then each blob once.
func (g *gitRepo) readSignedGit(ctx context.Context, cands []*candidate) error {
	// Keyed by tree, not commit: sign-offs share their trees (a sign-off's
	// tree is its parent's), and each lookup costs git a walk down the tree.
	type dirKey struct {
		tree plumbing.Hash
		dir  string
	}
	dirs := map[dirKey][]*candidate{}
	var order []dirKey
	for _, cd := range cands {
		if strings.ContainsAny(cd.t.File, "\n\x00") {
			continue
		}
		k := dirKey{cd.c.Tree, path.Dir(cd.t.File)}
		if _, ok := dirs[k]; !ok {
			order = append(order, k)
		}
		dirs[k] = append(dirs[k], cd)
	}
	if len(order) == 0 {
		return nil
	}
	var req bytes.Buffer
	for _, k := range order {
		fmt.Fprintf(&req, "%s:%s\n", k.tree, k.dir)
	}
	blobs := map[plumbing.Hash][]*candidate{}
	var blobOrder []plumbing.Hash
	i := 0
	err := g.catFileSmall(ctx, &req, func(_ string, _ plumbing.Hash, typ string, data []byte) error {
		k := order[i]
		i++
		if data == nil || typ != "tree" {
			return nil
		}
		for _, cd := range dirs[k] {
			m, h, ok := treeEntry(data, path.Base(cd.t.File))
			if !ok || (m != filemode.Regular && m != filemode.Executable) {
				continue
			}
			if _, seen := blobs[h]; !seen {
				blobOrder = append(blobOrder, h)
			}
			blobs[h] = append(blobs[h], cd)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if i != len(order) {
		return errors.New("git cat-file: answers missing")
	}
	if len(blobOrder) == 0 {
		return nil
	}
	req.Reset()
	for _, h := range blobOrder {
		fmt.Fprintf(&req, "%s\n", h)
	}
	return g.catFile(ctx, &req, func(_ string, id plumbing.Hash, typ string, data []byte) error {
		if data == nil || typ != "blob" {
			return fmt.Errorf("git cat-file: blob %s missing", id)
		}
		sum := sha256Hex(data)
		cs := blobs[id]
		// Parsed once per blob: sign-offs of the same content share it.
		names := signedHeadOf(cs[0].path, data)
		// The content itself is not kept: only a sign-off of a file
		// that changed since needs it again, and compare reads it then.
		for _, cd := range cs {
			cd.blob, cd.found, cd.sum = id, true, sum
			cd.names, cd.named = names, true
		}
		return nil
	})
}

// lsTree lists every file below tree with git ls-tree -r, leaving out
// hidden folders as listPOPs does, and calls fn with each file's path
// relative to tree, mode and blob.
func (g *gitRepo) lsTree(ctx context.Context, tree plumbing.Hash, fn func(rel string, m filemode.FileMode, h plumbing.Hash)) error {
	cmd := exec.CommandContext(ctx, g.gitBin, "ls-tree", "-r", "-z", "--full-tree", tree.String())
	cmd.Dir = g.root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git ls-tree: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	for len(out) > 0 {
		// <mode> SP <type> SP <object> TAB <path> NUL
		entry, rest, _ := bytes.Cut(out, []byte{0})
		out = rest
		meta, p, ok := bytes.Cut(entry, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if !ok || len(fields) != 3 {
			return fmt.Errorf("git ls-tree: unexpected line %q", entry)
		}
		m, err := filemode.New(fields[0])
		if err != nil {
			return fmt.Errorf("git ls-tree: %w", err)
		}
		h, err := parseID(fields[2])
		if err != nil {
			return fmt.Errorf("git ls-tree: %w", err)
		}
		rel := string(p)
		if hiddenPath(rel) {
			continue
		}
		fn(rel, m, h)
	}
	return nil
}

// hiddenPath reports whether a file lies in a hidden folder.
func hiddenPath(rel string) bool {
	for {
		dir, rest, ok := strings.Cut(rel, "/")
		if !ok {
			return false
		}
		if repo.HiddenDir(dir) {
			return true
		}
		rel = rest
	}
}
