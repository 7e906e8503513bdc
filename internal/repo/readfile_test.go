package repo

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFile holds readFile to os.ReadFile's answers at the sizes around
// its buffer's and for the files it cannot read.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 1200, 32<<10 - 1, 32 << 10, 32<<10 + 1, 64 << 10, 300 << 10} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + i/251)
		}
		name := filepath.Join(dir, "f")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("size %d: %d bytes, %v", size, len(got), err)
		}
		if cap(got) >= 32<<10 && size < 16<<10 { // the pooled buffer is not handed out
			t.Errorf("size %d: kept a buffer of %d", size, cap(got))
		}
	}
	if _, err := readFile(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want not exist", err)
	}
	_, err := readFile(dir)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != dir {
		t.Errorf("directory: %v, want a path error naming it", err)
	}
}
