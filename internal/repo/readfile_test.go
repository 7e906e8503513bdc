package repo

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadLimit holds the reader to os.ReadFile's answers at the sizes
// around its buffer's and its limit, and for the files it cannot read.
func TestReadLimit(t *testing.T) {
	dir := t.TempDir()
	const limit = 300 << 10
	for _, size := range []int{0, 1, 1200, 32<<10 - 1, 32 << 10, 32<<10 + 1, 64 << 10, limit, limit + 1, 400 << 10} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + i/251)
		}
		name := filepath.Join(dir, "f")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, noFollow := range []bool{false, true} {
			got, err := readLimit(name, limit, noFollow)
			if size > limit {
				var tl *TooLargeError
				if !errors.As(err, &tl) || tl.Size != int64(size) || !errors.Is(err, ErrTooLarge) {
					t.Errorf("size %d: %v, want too large", size, err)
				}
				continue
			}
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("size %d: %d bytes, %v", size, len(got), err)
			}
			if cap(got) >= 32<<10 && size < 16<<10 { // the pooled buffer is not handed out
				t.Errorf("size %d: kept a buffer of %d", size, cap(got))
			}
			if p, _ := readPortable(name, limit, noFollow); !bytes.Equal(p, got) {
				t.Errorf("size %d: portable reader read %d bytes", size, len(p))
			}
		}
	}
	if _, err := readLimit(filepath.Join(dir, "missing"), limit, true); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want not exist", err)
	}
	_, err := readLimit(dir, limit, true)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != dir || !errors.Is(err, ErrNotRegular) {
		t.Errorf("directory: %v, want not regular, naming it", err)
	}
}

// TestReadSymlinks: a link is followed to a regular file inside the
// repository only.
func TestReadSymlinks(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	r := &Repo{Root: root}
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "pop/a/real.md"), "inside")
	write(filepath.Join(outside, "secret.md"), "outside")
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
	link("real.md", "pop/a/in.md")
	link(filepath.Join(outside, "secret.md"), "pop/a/out.md")
	link("nowhere.md", "pop/a/dangling.md")
	if got, err := r.ReadFile("pop/a/in.md"); err != nil || string(got) != "inside" {
		t.Errorf("link inside: %q, %v", got, err)
	}
	if _, err := r.ReadFile("pop/a/out.md"); !errors.Is(err, ErrSymlinkOutside) {
		t.Errorf("link outside: %v, want refused", err)
	}
	if _, err := r.ReadFile("pop/a/dangling.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dangling link: %v, want not exist", err)
	}
}

// TestReadThroughFolderLink: a folder on the way that is a link out of
// the repository is refused for a named file; one inside is followed.
func TestReadThroughFolderLink(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	r := &Repo{Root: root}
	if err := os.WriteFile(filepath.Join(outside, "people.yaml"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "real", "people.yaml"), []byte("inside"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, ".pop")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := os.Symlink("real", filepath.Join(root, "team")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadFile(".pop/people.yaml"); !errors.Is(err, ErrSymlinkOutside) {
		t.Errorf("through a folder link out: %v, want refused", err)
	}
	if got, err := r.ReadFile("team/people.yaml"); err != nil || string(got) != "inside" {
		t.Errorf("through a folder link inside: %q, %v", got, err)
	}
}
