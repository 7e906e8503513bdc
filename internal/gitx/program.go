package gitx

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
)

// Program is a Repo read through the git program: rev-list streams
// history, cat-file --batch reads objects in bulk.
type Program struct {
	root, bin string
	// batchCommand is what ReadFiles learnt of git cat-file
	// --batch-command (batchCommandUnknown until it first tries).
	batchCommand atomic.Int32
}

// OpenProgram opens the repository whose work tree (or git directory)
// is root, read with the git program bin.
func OpenProgram(root, bin string) (*Program, error) {
	p := &Program{root: root, bin: bin}
	if _, err := p.output(context.Background(), nil, "rev-parse", "--git-dir"); err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w", root, err)
	}
	return p, nil
}

// ProgramAt is OpenProgram for a root its caller already knows to be a
// git work tree: it starts no git to check.
func ProgramAt(root, bin string) *Program { return &Program{root: root, bin: bin} }

// Close releases nothing: every request is its own git process.
func (p *Program) Close() error { return nil }

func (p *Program) command(ctx context.Context, args ...string) *exec.Cmd {
	// Pathspecs are literal: a POP folder named "*" is a name, not a glob.
	cmd := exec.CommandContext(ctx, p.bin, append([]string{"--literal-pathspecs"}, args...)...)
	cmd.Dir = p.root
	return cmd
}

// output runs git and returns its stdout; a failure carries git's stderr.
func (p *Program) output(ctx context.Context, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := p.command(ctx, args...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return out, &gitError{args: args, err: err, stderr: strings.TrimSpace(stderr.String())}
	}
	return out, nil
}

type gitError struct {
	args   []string
	err    error
	stderr string
}

func (e *gitError) Error() string {
	if e.stderr == "" {
		return fmt.Sprintf("git %s: %v", e.args[0], e.err)
	}
	return fmt.Sprintf("git %s: %v: %s", e.args[0], e.err, e.stderr)
}

func (e *gitError) Unwrap() error { return e.err }

// exitCode is the exit status of a failed git, or -1.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// Resolve implements Repo.
func (p *Program) Resolve(ctx context.Context, rev string) (Hash, error) {
	if rev == "" {
		rev = "HEAD"
	}
	out, err := p.output(ctx, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		if exitCode(err) >= 0 {
			return Hash{}, fmt.Errorf("%w %s", ErrBadRevision, rev)
		}
		return Hash{}, err
	}
	return ParseID(strings.TrimSpace(string(out)))
}

// Shallow implements Repo.
func (p *Program) Shallow() (bool, error) {
	out, err := p.output(context.Background(), nil, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return false, err
	}
	return strings.TrimSpace(string(out)) == "true", nil
}

// Commit implements Repo.
func (p *Program) Commit(ctx context.Context, id Hash) ([]byte, error) {
	return p.object(ctx, "commit", id)
}

// Blob implements Repo.
func (p *Program) Blob(ctx context.Context, id Hash) ([]byte, error) {
	return p.object(ctx, "blob", id)
}

func (p *Program) object(ctx context.Context, typ string, id Hash) ([]byte, error) {
	var out []byte
	err := p.batch(ctx, strings.NewReader(id.String()+"\n"), func(_ string, _ Hash, t string, data []byte) error {
		if data == nil || t != typ {
			return fmt.Errorf("read %s %s: %w", typ, id, ErrNotFound)
		}
		out = data
		return nil
	})
	return out, err
}

// List implements Repo.
func (p *Program) List(ctx context.Context, commit Hash, dir string) ([]Entry, error) {
	args := []string{"ls-tree", "-r", "-z", "--full-tree", commit.String()}
	if dir = strings.Trim(dir, "/"); dir != "" {
		args = append(args, "--", dir+"/")
	}
	out, err := p.output(ctx, nil, args...)
	if err != nil {
		return nil, err
	}
	es, err := ParseLsTree(out)
	sort.Slice(es, func(i, j int) bool { return es[i].Path < es[j].Path })
	return es, err
}

// ReadFiles implements Repo: one git cat-file --batch-command session
// reads the folders holding the paths (each folder once per tree:
// sign-offs share their trees), learns each entry's mode and id from
// them, and then reads the regular files' blobs (each once); a symlink
// or a submodule is never read as a file. With a git older than 2.36,
// which has no --batch-command, it takes two cat-file --batch instead.
func (p *Program) ReadFiles(ctx context.Context, refs []FileRef) ([]File, error) {
	r := newFileRead(refs)
	if len(r.order) == 0 {
		return r.out, nil
	}
	if p.batchCommand.Load() != batchCommandMissing {
		err := p.readFilesOnce(ctx, r)
		if !errors.Is(err, errNoBatchCommand) {
			if err != nil {
				return nil, err
			}
			p.batchCommand.Store(batchCommandWorks)
			return r.out, nil
		}
		p.batchCommand.Store(batchCommandMissing)
		r = newFileRead(refs)
	}
	if err := p.readFilesTwice(ctx, r); err != nil {
		return nil, err
	}
	return r.out, nil
}

// What a Program knows of its git's cat-file --batch-command (git 2.36).
const (
	batchCommandUnknown int32 = iota
	batchCommandWorks
	batchCommandMissing
)

// errNoBatchCommand says git refused --batch-command as an unknown option.
var errNoBatchCommand = errors.New("git cat-file: no --batch-command (git older than 2.36)")

// fileRead is one ReadFiles call: the folders to read, then the blobs.
type fileRead struct {
	refs      []FileRef
	out       []File
	order     []dirKey         // each folder once, in the order first asked
	dirs      map[dirKey][]int // the refs in each folder
	blobs     map[Hash][]int   // the refs holding each blob
	blobOrder []Hash           // each blob once, in the order found
	trees     int              // folder answers so far
}

type dirKey struct {
	tree Hash
	dir  string // rootDir asks for the tree itself (FileRef.Path "")
}

// rootDir is the dirKey.dir of a request for a tree itself; no path in a
// tree can be spelt so.
const rootDir = "\x00"

func newFileRead(refs []FileRef) *fileRead {
	r := &fileRead{refs: refs, out: make([]File, len(refs)), dirs: map[dirKey][]int{}, blobs: map[Hash][]int{}}
	for i, ref := range refs {
		r.out[i].Path = ref.Path
		d := rootDir
		if ref.Path != "" {
			if !treePath(ref.Path) {
				continue // no such path can be in a tree, nor asked of cat-file
			}
			if d = path.Dir(ref.Path); d == "." {
				d = ""
			}
		}
		k := dirKey{ref.Tree, d}
		if _, ok := r.dirs[k]; !ok {
			r.order = append(r.order, k)
		}
		r.dirs[k] = append(r.dirs[k], i)
	}
	return r
}

// treeRequests writes a cat-file request for each folder, each line
// starting with cmd ("" for --batch, "contents " for --batch-command).
func (r *fileRead) treeRequests(b *bytes.Buffer, cmd string) {
	for _, k := range r.order {
		if k.dir == rootDir {
			fmt.Fprintf(b, "%s%s^{tree}\n", cmd, k.tree)
			continue
		}
		fmt.Fprintf(b, "%s%s:%s\n", cmd, k.tree, k.dir)
	}
}

func (r *fileRead) blobRequests(b *bytes.Buffer, cmd string) {
	for _, h := range r.blobOrder {
		fmt.Fprintf(b, "%s%s\n", cmd, h)
	}
}

// tree takes the answer for the next folder: the entries the refs in it
// name, and the blobs of the regular files among them.
func (r *fileRead) tree(id Hash, typ string, data []byte) error {
	if r.trees >= len(r.order) {
		return errors.New("git cat-file: more answers than questions")
	}
	k := r.order[r.trees]
	r.trees++
	if data == nil || typ != "tree" {
		return nil
	}
	if k.dir == rootDir {
		for _, i := range r.dirs[k] {
			r.out[i].Entry, r.out[i].Found = Entry{Mode: Dir, ID: id}, true
		}
		return nil
	}
	for _, i := range r.dirs[k] {
		e, ok := TreeEntry(data, path.Base(r.refs[i].Path))
		if !ok {
			continue
		}
		e.Path = r.refs[i].Path
		r.out[i].Entry, r.out[i].Found = e, true
		if !e.IsRegular() {
			continue
		}
		if _, seen := r.blobs[e.ID]; !seen {
			r.blobOrder = append(r.blobOrder, e.ID)
		}
		r.blobs[e.ID] = append(r.blobs[e.ID], i)
	}
	return nil
}

// blob takes the answer for a blob.
func (r *fileRead) blob(id Hash, typ string, data []byte) error {
	if data == nil || typ != "blob" {
		return fmt.Errorf("git cat-file: blob %s: %w", id, ErrNotFound)
	}
	is, ok := r.blobs[id]
	if !ok {
		return fmt.Errorf("git cat-file: blob %s was not asked for", id)
	}
	for _, i := range is {
		r.out[i].Data = data
	}
	return nil
}

// readFilesOnce reads r in one git cat-file --batch-command --buffer: the
// folder requests and a flush, their answers, then the blob requests and
// their answers. A goroutine writes while this one reads, so neither
// side waits on a full pipe (verify asks for tens of thousands of files).
func (p *Program) readFilesOnce(ctx context.Context, r *fileRead) error {
	// Small pack windows: resolving paths in thousands of trees
	// otherwise keeps most of a large pack resident.
	args := []string{"-c", "core.packedGitWindowSize=64m", "-c", "core.packedGitLimit=128m",
		"cat-file", "--batch-command", "--buffer"}
	cmd := exec.CommandContext(ctx, p.bin, args...)
	cmd.Dir = p.root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	var trees bytes.Buffer
	r.treeRequests(&trees, "contents ")
	trees.WriteString("flush\n")
	more := make(chan []byte, 1) // the blob requests, or nothing
	written := make(chan error, 1)
	go func() {
		_, err := stdin.Write(trees.Bytes())
		if b := <-more; err == nil && len(b) > 0 {
			_, err = stdin.Write(b)
		}
		if cerr := stdin.Close(); err == nil {
			err = cerr
		}
		written <- err
	}()
	rerr := readOnce(stdout, r, more)
	if rerr != nil {
		cmd.Process.Kill()
	}
	werr := cmd.Wait()
	wrerr := <-written
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case werr != nil && r.trees == 0 && exitCode(werr) == 129:
		// git's usage error: it does not know --batch-command.
		return errNoBatchCommand
	case werr != nil && rerr == nil:
		return &gitError{args: args, err: werr, stderr: strings.TrimSpace(stderr.String())}
	case rerr != nil:
		return rerr
	case wrerr != nil:
		return fmt.Errorf("git cat-file: %w", wrerr)
	}
	return nil
}

// readOnce reads the answers of readFilesOnce's session, handing the
// blob requests to its writer (on more, always exactly once) between the
// folders' answers and the blobs'.
func readOnce(stdout io.Reader, r *fileRead, more chan<- []byte) error {
	sent := false
	defer func() {
		if !sent {
			more <- nil
		}
	}()
	br := bufio.NewReaderSize(stdout, 1<<16)
	for r.trees < len(r.order) {
		_, id, typ, data, err := readAnswer(br)
		if err == io.EOF {
			return errors.New("git cat-file: answers missing")
		}
		if err != nil {
			return err
		}
		if err := r.tree(id, typ, data); err != nil {
			return err
		}
	}
	var blobs bytes.Buffer
	r.blobRequests(&blobs, "contents ")
	more <- blobs.Bytes()
	sent = true
	for range r.blobOrder {
		_, id, typ, data, err := readAnswer(br)
		if err == io.EOF {
			return errors.New("git cat-file: answers missing")
		}
		if err != nil {
			return err
		}
		if err := r.blob(id, typ, data); err != nil {
			return err
		}
	}
	if _, _, _, _, err := readAnswer(br); err != io.EOF {
		if err == nil {
			return errors.New("git cat-file: more answers than questions")
		}
		return err
	}
	return nil
}

// readFilesTwice reads r with two git cat-file --batch: one for the
// folders, one for the blobs.
func (p *Program) readFilesTwice(ctx context.Context, r *fileRead) error {
	var req bytes.Buffer
	r.treeRequests(&req, "")
	err := p.batchSmall(ctx, &req, func(_ string, id Hash, typ string, data []byte) error {
		return r.tree(id, typ, data)
	})
	if err != nil {
		return err
	}
	if r.trees != len(r.order) {
		return errors.New("git cat-file: answers missing")
	}
	if len(r.blobOrder) == 0 {
		return nil
	}
	req.Reset()
	r.blobRequests(&req, "")
	return p.batch(ctx, &req, func(_ string, id Hash, typ string, data []byte) error {
		return r.blob(id, typ, data)
	})
}

// Commits implements Repo: git rev-list picks the commits (reading each
// once), cat-file reads them, and fn gets each as it comes.
func (p *Program) Commits(ctx context.Context, q Query, fn func(id Hash, raw []byte) error) error {
	if len(q.Tips) == 0 && len(q.Globs) == 0 {
		return nil
	}
	args := []string{"rev-list"}
	switch {
	case q.Grep != "" && len(q.Values) > 0:
		for _, v := range q.Values { // several --grep: any of them
			args = append(args, "--grep=^"+quoteBRE(q.Grep)+"[[:space:]]*"+quoteBRE(v)+"[[:space:]]*$")
		}
	case q.Grep != "":
		args = append(args, "--grep=^"+quoteBRE(q.Grep))
	}
	if q.Ordered {
		args = append(args, "--date-order")
	}
	for _, t := range q.Tips {
		args = append(args, t.String())
	}
	for _, g := range q.Globs {
		args = append(args, "--glob="+g)
	}
	if len(q.Exclude) > 0 {
		args = append(args, "--not")
		for _, x := range q.Exclude {
			args = append(args, x.String())
		}
	}
	args = append(args, "--")
	rl := p.command(ctx, args...)
	var stderr bytes.Buffer
	rl.Stderr = &stderr
	ids, err := rl.StdoutPipe()
	if err != nil {
		return err
	}
	if err := rl.Start(); err != nil {
		return err
	}
	if q.IDsOnly {
		sc := bufio.NewScanner(ids)
		for sc.Scan() && err == nil {
			var id Hash
			if id, err = ParseID(sc.Text()); err == nil {
				err = fn(id, nil)
			}
		}
		if err == nil {
			err = sc.Err()
		}
	} else {
		err = p.batch(ctx, ids, func(_ string, id Hash, typ string, data []byte) error {
			if typ != "commit" {
				return fmt.Errorf("git cat-file: %s is a %s, not a commit", id, typ)
			}
			return fn(id, data)
		})
	}
	if err != nil {
		rl.Process.Kill()
	}
	werr := rl.Wait()
	if err != nil {
		return err
	}
	if werr != nil {
		return &gitError{args: args, err: werr, stderr: strings.TrimSpace(stderr.String())}
	}
	return nil
}

// ReadCommits implements Repo.
func (p *Program) ReadCommits(ctx context.Context, ids []Hash, fn func(id Hash, raw []byte) error) error {
	if len(ids) == 0 {
		return nil
	}
	var req bytes.Buffer
	for _, id := range ids {
		fmt.Fprintf(&req, "%s\n", id)
	}
	i := 0
	err := p.batch(ctx, &req, func(name string, id Hash, typ string, data []byte) error {
		if data == nil || typ != "commit" {
			return fmt.Errorf("read commit %s: %w", ids[i], ErrNotFound)
		}
		i++
		return fn(id, data)
	})
	if err == nil && i != len(ids) {
		err = errors.New("git cat-file: answers missing")
	}
	return err
}

// quoteBRE escapes s for a POSIX basic regular expression, git's
// default for --grep: only these characters are special there, and
// escaping others (\+, \?, \|, \() would make them operators in GNU's.
func quoteBRE(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`\.[]*^$`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// IsAncestor implements Repo.
func (p *Program) IsAncestor(ctx context.Context, a, b Hash) (bool, error) {
	_, err := p.output(ctx, nil, "merge-base", "--is-ancestor", a.String(), b.String())
	if err == nil {
		return true, nil
	}
	if exitCode(err) == 1 {
		return false, nil
	}
	return false, err
}

// MergeBase implements Repo.
func (p *Program) MergeBase(ctx context.Context, a, b Hash) (Hash, error) {
	out, err := p.output(ctx, nil, "merge-base", a.String(), b.String())
	if exitCode(err) == 1 && len(bytes.TrimSpace(out)) == 0 {
		return Hash{}, fmt.Errorf("merge base of %s and %s: %w", a, b, ErrNotFound)
	}
	if err != nil {
		return Hash{}, err
	}
	return ParseID(strings.TrimSpace(string(out)))
}

// ChangedPaths implements Repo.
func (p *Program) ChangedPaths(ctx context.Context, from, to Hash, dir string) ([]string, error) {
	args := []string{"diff-tree", "-r", "-z", "--no-renames", "--name-only", from.String(), to.String()}
	if dir = strings.Trim(dir, "/"); dir != "" {
		args = append(args, "--", dir+"/")
	}
	out, err := p.output(ctx, nil, args...)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range bytes.Split(out, []byte{0}) {
		if len(f) > 0 {
			paths = append(paths, string(f))
		}
	}
	sort.Strings(paths)
	return paths, nil
}

// Versions implements Repo: every blob the changes to path in rev's
// history (all of it, merges' sides too) wrote there.
func (p *Program) Versions(ctx context.Context, rev Hash, file string) ([]Hash, error) {
	out, err := p.output(ctx, nil, "log", "--full-history", "-m", "--no-renames", "--raw", "--no-abbrev",
		"--format=", "-z", rev.String(), "--", file)
	if err != nil {
		return nil, err
	}
	return ParseRawLog(out)
}

// batch runs git cat-file --batch with requests from in and calls fn for
// each answer (data nil when git reports the object missing).
func (p *Program) batch(ctx context.Context, in io.Reader, fn func(name string, id Hash, typ string, data []byte) error) error {
	return p.batchArgs(ctx, []string{"cat-file", "--batch"}, in, fn)
}

// batchSmall is batch with git's pack windows kept small: resolving
// paths in thousands of trees otherwise keeps most of a large pack
// resident.
func (p *Program) batchSmall(ctx context.Context, in io.Reader, fn func(name string, id Hash, typ string, data []byte) error) error {
	return p.batchArgs(ctx, []string{"-c", "core.packedGitWindowSize=64m", "-c", "core.packedGitLimit=128m", "cat-file", "--batch"}, in, fn)
}

func (p *Program) batchArgs(ctx context.Context, args []string, in io.Reader, fn func(name string, id Hash, typ string, data []byte) error) error {
	cmd := exec.CommandContext(ctx, p.bin, args...)
	cmd.Dir = p.root
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
	rerr := ReadBatch(out, fn)
	if rerr != nil {
		cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if rerr != nil {
		return rerr
	}
	if werr != nil {
		return &gitError{args: args, err: werr, stderr: strings.TrimSpace(stderr.String())}
	}
	return nil
}

// ReadBatch parses git cat-file --batch output, calling fn for each
// object, or with data nil and the request's name when git reports it
// missing.
func ReadBatch(out io.Reader, fn func(name string, id Hash, typ string, data []byte) error) error {
	br := bufio.NewReaderSize(out, 1<<16)
	for {
		name, id, typ, data, err := readAnswer(br)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(name, id, typ, data); err != nil {
			return err
		}
	}
}

// readAnswer reads one answer of git cat-file --batch: an object, or the
// request's name and data nil when git reports it missing. It returns
// io.EOF, and only then, when the output ends before an answer starts.
func readAnswer(br *bufio.Reader) (name string, id Hash, typ string, data []byte, err error) {
	line, err := br.ReadString('\n')
	if err == io.EOF && line == "" {
		return "", Hash{}, "", nil, io.EOF
	}
	if err != nil {
		return "", Hash{}, "", nil, fmt.Errorf("git cat-file: %w", err)
	}
	line = strings.TrimSuffix(line, "\n")
	if name, ok := strings.CutSuffix(line, " missing"); ok {
		return name, Hash{}, "", nil, nil
	}
	f := strings.Fields(line)
	if len(f) != 3 {
		return "", Hash{}, "", nil, fmt.Errorf("git cat-file: unexpected %q", line)
	}
	id, err = ParseID(f[0])
	if err != nil {
		return "", Hash{}, "", nil, fmt.Errorf("git cat-file: unexpected %q", line)
	}
	size, err := strconv.Atoi(f[2])
	if err != nil || size < 0 {
		return "", Hash{}, "", nil, fmt.Errorf("git cat-file: unexpected %q", line)
	}
	// Read through a limited reader, so a lying size cannot make a
	// huge allocation before the data is there.
	var buf bytes.Buffer
	if _, err := io.CopyN(&buf, br, int64(size)+1); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return "", Hash{}, "", nil, fmt.Errorf("git cat-file: %w", err)
	}
	data = buf.Bytes()
	if data[size] != '\n' {
		return "", Hash{}, "", nil, fmt.Errorf("git cat-file: object %s not followed by a newline", id)
	}
	return "", id, f[1], data[:size], nil
}

// ParseLsTree parses git ls-tree -z output: "<mode> SP <type> SP <id>
// TAB <path> NUL" per entry.
func ParseLsTree(out []byte) ([]Entry, error) {
	var es []Entry
	for len(out) > 0 {
		entry, rest, _ := bytes.Cut(out, []byte{0})
		out = rest
		meta, p, ok := bytes.Cut(entry, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if !ok || len(fields) != 3 || len(p) == 0 {
			return nil, fmt.Errorf("git ls-tree: unexpected entry %q", entry)
		}
		m, err := parseMode(fields[0])
		if err != nil {
			return nil, fmt.Errorf("git ls-tree: %w", err)
		}
		h, err := ParseID(fields[2])
		if err != nil {
			return nil, fmt.Errorf("git ls-tree: %w", err)
		}
		es = append(es, Entry{Path: string(p), Mode: m, ID: h})
	}
	return es, nil
}

// ParseRawLog returns the distinct blob ids that regular files took in
// git log --raw --no-abbrev -z --format= output.
func ParseRawLog(out []byte) ([]Hash, error) {
	seen := map[Hash]bool{}
	var ids []Hash
	fields := bytes.Split(out, []byte{0})
	for i := 0; i < len(fields); i++ {
		f := bytes.TrimLeft(fields[i], "\n")
		if len(f) == 0 {
			continue
		}
		// :<old mode> <new mode> <old id> <new id> <status> NUL <path> NUL
		if f[0] != ':' {
			return nil, fmt.Errorf("git log: unexpected %q", f)
		}
		parts := strings.Fields(string(f[1:]))
		if len(parts) != 5 {
			return nil, fmt.Errorf("git log: unexpected %q", f)
		}
		i++ // the path
		for _, side := range [][2]string{{parts[0], parts[2]}, {parts[1], parts[3]}} {
			if side[0] == "000000" {
				continue // no file on this side
			}
			m, err := parseMode(side[0])
			if err != nil {
				return nil, fmt.Errorf("git log: %w", err)
			}
			id, err := ParseID(side[1])
			if err != nil {
				return nil, fmt.Errorf("git log: %w", err)
			}
			if (m == Regular || m == Executable) && !id.IsZero() && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

// ParseID parses a full hex object id.
func ParseID(s string) (Hash, error) {
	if len(s) != 40 {
		return Hash{}, fmt.Errorf("not an object id: %q", s)
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return Hash{}, fmt.Errorf("not an object id: %q", s)
		}
	}
	return plumbing.NewHash(s), nil
}
