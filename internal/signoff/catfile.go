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
)

// With git installed, verify reads history through git rev-list and git
// cat-file --batch: git's own pack reader is several times faster than
// go-git's on large histories. Without git it falls back to go-git.

// catFile runs git cat-file --batch with requests from in and calls fn
// for each object (or with data nil when git reports it missing).
func (g *gitRepo) catFile(ctx context.Context, in io.Reader, fn func(name string, id plumbing.Hash, typ string, data []byte) error) error {
	cmd := exec.CommandContext(ctx, g.gitBin, "cat-file", "--batch")
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
// has a sign-off trailer (reading each commit once), cat-file reads them.
func (g *gitRepo) walkGit(ctx context.Context, rev plumbing.Hash, want map[string]plumbing.Hash) ([]*candidate, error) {
	// --date-order never shows a parent before its children, so the order
	// breaks ties between sign-offs made in the same second.
	rl := exec.CommandContext(ctx, g.gitBin, "rev-list", "--date-order", "--grep=^"+TrailerRole+":", rev.String(), "--glob="+SignOffRefPrefix+"*", "--")
	rl.Dir = g.root
	var stderr bytes.Buffer
	rl.Stderr = &stderr
	ids, err := rl.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := rl.Start(); err != nil {
		return nil, err
	}
	var out []*candidate
	n := 0
	err = g.catFile(ctx, ids, func(_ string, id plumbing.Hash, typ string, data []byte) error {
		n++
		if typ != "commit" {
			return fmt.Errorf("git cat-file: %s is a %s, not a commit", id, typ)
		}
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
			out = append(out, &candidate{c: c, t: t, path: p, order: n})
		}
		return nil
	})
	werr := rl.Wait()
	if err != nil {
		return nil, err
	}
	if werr != nil {
		return nil, fmt.Errorf("git rev-list: %v: %s", werr, strings.TrimSpace(stderr.String()))
	}
	return out, nil
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
	var req bytes.Buffer
	for _, k := range order {
		fmt.Fprintf(&req, "%s:%s\n", k.tree, k.dir)
	}
	blobs := map[plumbing.Hash][]*candidate{}
	var blobOrder []plumbing.Hash
	i := 0
	err := g.catFile(ctx, &req, func(_ string, _ plumbing.Hash, typ string, data []byte) error {
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
	req.Reset()
	for _, h := range blobOrder {
		fmt.Fprintf(&req, "%s\n", h)
	}
	return g.catFile(ctx, &req, func(_ string, id plumbing.Hash, typ string, data []byte) error {
		if data == nil || typ != "blob" {
			return fmt.Errorf("git cat-file: blob %s missing", id)
		}
		sum := sha256Hex(data)
		for _, cd := range blobs[id] {
			cd.content, cd.blob, cd.found, cd.sum = data, id, true, sum
		}
		return nil
	})
}
