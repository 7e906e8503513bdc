// Package gitx is pop's one seam to git: the few questions pop asks of a
// repository's history (resolve a revision, list a folder, read files
// with their blob ids, stream sign-off commits, ancestry, changed paths),
// answered by go-git (GoGit) or by the git program (Program). Both pass
// the same contract suite (contract_test.go), so callers never care which
// one they hold; tests pass the implementation they want.
package gitx

import (
	"context"
	"errors"
	"os/exec"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Hash is a git object id.
type Hash = plumbing.Hash

// Mode is a tree entry's mode.
type Mode = filemode.FileMode

// The modes pop tells apart.
const (
	Dir        = filemode.Dir
	Regular    = filemode.Regular
	Executable = filemode.Executable
	Symlink    = filemode.Symlink
	Submodule  = filemode.Submodule
)

// ErrBadRevision is returned when git does not know a revision, or it does
// not name a commit (HEAD~999 on a short history, a typo).
var ErrBadRevision = errors.New("bad revision")

// ErrNotFound is returned for an object or path that is not there.
var ErrNotFound = errors.New("not found")

// Entry is a file in a tree: its path from the tree's root, mode and id.
type Entry struct {
	Path string
	Mode Mode
	ID   Hash
}

// IsRegular reports whether the entry is a regular (or executable) file:
// the only kind pop reads as a POP or as signed content.
func (e Entry) IsRegular() bool { return e.Mode == Regular || e.Mode == Executable }

// FileRef names a path in a tree (or in a commit's tree). The path ""
// names the tree itself: ReadFiles answers it with a folder entry whose
// ID is the tree's id (a commit's tree, without reading the commit).
type FileRef struct {
	Tree Hash // a tree id, or a commit id for its tree
	Path string
}

// File is what a tree holds at a path. Found is false when there is no
// entry; Data is read only for a regular file.
type File struct {
	Entry
	Found bool
	Data  []byte
}

// Query says which commits Commits streams: those reachable from Tips or
// from refs matching Globs, not reachable from Exclude, whose message has
// a line starting with Grep ("" is every commit).
type Query struct {
	Tips    []Hash
	Globs   []string // e.g. refs/pop/sign-offs/*
	Exclude []Hash
	Grep    string
	// Values, when set, narrows Grep: the rest of the line after Grep,
	// blanks around it ignored, is one of Values (a trailer's value).
	Values []string
	// Ordered asks that no commit come before one of its descendants,
	// and otherwise the later committer date first (git rev-list
	// --date-order). Without it commits stream as they are read, mostly
	// but not always newest first; with it nothing comes until the whole
	// history is walked.
	Ordered bool
	// IDsOnly calls fn with raw nil: only the ids (and their order) are
	// wanted, and the commits are not read.
	IDsOnly bool
}

// Repo is a git repository as pop uses it. Paths are slash paths from
// the root of the git tree.
type Repo interface {
	// Resolve turns a revision (HEAD, main, origin/main~2, an id) into
	// a commit id; ErrBadRevision when there is no such commit.
	Resolve(ctx context.Context, rev string) (Hash, error)
	// Shallow reports whether the repository is a shallow clone.
	Shallow() (bool, error)
	// Commit returns a commit object's raw bytes.
	Commit(ctx context.Context, id Hash) ([]byte, error)
	// Blob returns a blob's bytes.
	Blob(ctx context.Context, id Hash) ([]byte, error)
	// List returns every entry below dir ("" is the root) in the tree of
	// commit, recursively, sorted by path; folders are walked, not listed.
	// A dir that is missing or not a folder lists nothing.
	List(ctx context.Context, commit Hash, dir string) ([]Entry, error)
	// ReadFiles reads each ref in one pass; the answer is in refs' order.
	ReadFiles(ctx context.Context, refs []FileRef) ([]File, error)
	// Commits calls fn with the id and raw bytes of each commit q selects,
	// once each.
	Commits(ctx context.Context, q Query, fn func(id Hash, raw []byte) error) error
	// ReadCommits calls fn with the raw bytes of each commit in ids, in
	// that order, read in one pass; a missing one is an error.
	ReadCommits(ctx context.Context, ids []Hash, fn func(id Hash, raw []byte) error) error
	// IsAncestor reports whether a is b or one of b's ancestors.
	IsAncestor(ctx context.Context, a, b Hash) (bool, error)
	// MergeBase returns a best common ancestor of a and b; ErrNotFound
	// when they share no history.
	MergeBase(ctx context.Context, a, b Hash) (Hash, error)
	// ChangedPaths returns the paths of files below dir that differ
	// between the trees of two commits, sorted.
	ChangedPaths(ctx context.Context, from, to Hash, dir string) ([]string, error)
	// Versions returns the distinct blob ids path held in the commits
	// reachable from rev.
	Versions(ctx context.Context, rev Hash, path string) ([]Hash, error)
	// Close releases what the repository holds open.
	Close() error
}

// Open opens the repository whose work tree root (or git directory, for
// GoGit) is root: through the git program when it is installed, since
// git's own pack reader is several times faster on large histories, and
// through go-git otherwise.
func Open(root string) (Repo, error) {
	if bin, err := exec.LookPath("git"); err == nil {
		return OpenProgram(root, bin)
	}
	return OpenGoGit(root)
}
