//go:build unix

package repo

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReadRefusesDevicesAndFIFOs: /dev/zero would stream until memory runs
// out, and a FIFO with no writer would block the open for ever.
func TestReadRefusesDevicesAndFIFOs(t *testing.T) {
	root := t.TempDir()
	r := &Repo{Root: root}
	fifo := filepath.Join(root, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(root, "zero.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("fifo", filepath.Join(root, "fifo.md")); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, c := range []struct {
			read func() error
			want error
		}{
			{func() error { _, err := ReadLimit("/dev/zero", 1<<20); return err }, ErrNotRegular},
			{func() error { _, err := ReadLimit(fifo, 1<<20); return err }, ErrNotRegular},
			{func() error { _, err := r.ReadFile("fifo"); return err }, ErrNotRegular},
			{func() error { _, err := r.ReadFile("fifo.md"); return err }, ErrNotRegular},
			{func() error { _, err := r.ReadFile("zero.md"); return err }, ErrSymlinkOutside},
		} {
			if err := c.read(); !errors.Is(err, c.want) {
				t.Errorf("got %v, want %v", err, c.want)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
}
