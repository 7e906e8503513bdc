package repo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/popdev/pop/internal/pop"
)

// Size limits of the one reader (SPEC §11). A POP is a few kilobytes; the
// registry, allowed signers, the config and each key are small too, but a
// large team's registry can be long.
const (
	MaxPOPSize   = 256 << 10 // a POP, preparation note or template
	MaxTrustSize = 16 << 20  // registry, allowed signers, config, a key
)

// Errors of the reader, for callers that report each its own way.
var (
	// ErrNotRegular: a FIFO, device, socket or folder. Never opened for
	// reading in a way that could block or stream forever.
	ErrNotRegular = errors.New("not a regular file")
	// ErrSymlinkOutside: a symbolic link whose target lies outside the
	// repository (or leads nowhere inside it).
	ErrSymlinkOutside = errors.New("symbolic link points outside the repository")
	// ErrTooLarge: the file is larger than its limit; see TooLargeError.
	ErrTooLarge = errors.New("file too large")
)

// TooLargeError says how large a refused file was. It matches ErrTooLarge.
type TooLargeError struct {
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("file is %d KiB, more than the %d KiB allowed", (e.Size+1023)/1024, e.Limit>>10)
}

// Is makes errors.Is(err, ErrTooLarge) hold.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// ReadLimit reads a file that a user named (a key to add, a POP to
// render): a regular file, after following symbolic links, of at most
// limit bytes. It never blocks on a FIFO and never streams a device.
func ReadLimit(name string, limit int64) ([]byte, error) {
	return readLimit(name, limit, false)
}

// ReadFile reads a file of the repository by its root-relative slash path
// through the one bounded reader: a regular file of at most LimitFor(rel)
// bytes, reached through symbolic links (of the file or of a folder on
// its way) only inside the repository. For paths named by a user or the
// config; ReadListed is the fast way for files List found.
func (r *Repo) ReadFile(rel string) ([]byte, error) {
	return r.ReadAbs(r.Abs(rel), LimitFor(rel))
}

// ReadListed is ReadFile for a path that List or WalkMarkdown found: the
// walk never follows a folder link, so only the file itself may be one,
// and the folders on its way are not looked at again.
func (r *Repo) ReadListed(rel string) ([]byte, error) {
	return r.ReadListedAbs(r.Abs(rel), LimitFor(rel))
}

// ReadAbs reads the file at the absolute path name, which lies in the
// repository, as ReadFile does, with the given limit.
func (r *Repo) ReadAbs(name string, limit int64) ([]byte, error) {
	if linked, err := r.folderLinked(name); err != nil {
		return nil, err
	} else if linked {
		return r.readResolved(name, limit)
	}
	return r.ReadListedAbs(name, limit)
}

// ReadListedAbs is ReadListed for an absolute path.
func (r *Repo) ReadListedAbs(name string, limit int64) ([]byte, error) {
	data, err := readLimit(name, limit, true)
	if !errors.Is(err, errSymlink) {
		return data, err
	}
	return r.readResolved(name, limit)
}

// readResolved reads name after resolving every symbolic link on its
// way, when where it leads lies inside the repository.
func (r *Repo) readResolved(name string, limit int64) ([]byte, error) {
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	root, err := filepath.EvalSymlinks(r.Root)
	if err != nil {
		return nil, err
	}
	if !Within(root, real) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrSymlinkOutside}
	}
	data, err := readLimit(real, limit, true)
	if errors.Is(err, errSymlink) { // replaced meanwhile
		err = &fs.PathError{Op: "open", Path: name, Err: ErrSymlinkOutside}
	}
	return data, err
}

// folderLinked reports whether a folder between the root and name is a
// symbolic link. A folder that does not exist is no link: the read then
// fails as it would.
func (r *Repo) folderLinked(name string) (bool, error) {
	rel, err := filepath.Rel(r.Root, filepath.Dir(name))
	if err != nil || rel == "." {
		return false, nil
	}
	if rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return true, nil // outside: let readResolved judge where it is
	}
	p := r.Root
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		p = filepath.Join(p, part)
		info, err := os.Lstat(p)
		if err != nil {
			return false, nil
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return true, nil
		}
	}
	return false, nil
}

// LimitFor returns the size limit of a repository file: Markdown (POPs,
// preparation notes, templates) pop.MaxSealedSize, anything else
// MaxTrustSize. A sealed POP may be larger than MaxPOPSize; the parser
// refuses a file in clear beyond MaxPOPSize, so a read stays bounded by
// the larger limit either way.
func LimitFor(rel string) int64 {
	if strings.HasSuffix(rel, ".md") {
		return pop.MaxSealedSize
	}
	return MaxTrustSize
}

// Within reports whether the real path p lies inside the real root.
func Within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// errSymlink is what readLimit returns, wrapped in a PathError, for a
// symbolic link it was asked not to follow.
var errSymlink = errors.New("symbolic link")

// readPortable is readLimit where the fast Unix path is not available.
func readPortable(name string, limit int64, noFollow bool) ([]byte, error) {
	if noFollow {
		info, err := os.Lstat(name)
		if err != nil {
			return nil, err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: errSymlink}
		}
		if !info.Mode().IsRegular() {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
		}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	if info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: info.Size(), Limit: limit}}
	}
	buf, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(buf)) > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: int64(len(buf)), Limit: limit}}
	}
	return buf, nil
}
