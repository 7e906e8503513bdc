package repo

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Committed answers from one listing of HEAD: the same bytes are Same
// without reading, changed ones read back as HEAD holds them, and files
// that are not committed (or not regular) are ErrNotCommitted.
func TestCommitted(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+root, "GIT_AUTHOR_NAME=T",
			"GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(rel, s string) {
		os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755)
		if err := os.WriteFile(filepath.Join(root, rel), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("init", "-q", "-b", "main")
	r := &Repo{Root: root, Config: DefaultConfig()}
	c, err := r.OpenCommitted(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.File(t.Context(), "pop/a/2026-01-01.md"); !errors.Is(err, ErrNotCommitted) {
		t.Errorf("before the first commit: %v", err)
	}
	c.Close()
	write("pop/a/2026-01-01.md", "one\n")
	write("notes/x.md", "notes\n")
	os.Symlink("2026-01-01.md", filepath.Join(root, "pop/a/2026-02-01.md"))
	run("add", "-A")
	run("commit", "-q", "-m", "c")
	write("pop/a/2026-01-01.md", "two\n")
	c, err = r.OpenCommitted(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !c.Same("pop/a/2026-01-01.md", []byte("one\n")) || c.Same("pop/a/2026-01-01.md", []byte("two\n")) {
		t.Errorf("Same compares with HEAD's blob")
	}
	for rel, want := range map[string]string{"pop/a/2026-01-01.md": "one\n", "notes/x.md": "notes\n"} {
		if got, err := c.File(t.Context(), rel); err != nil || string(got) != want {
			t.Errorf("File(%s) = %q, %v; want %q", rel, got, err, want)
		}
	}
	for _, rel := range []string{"pop/a/2026-02-01.md", "pop/b/none.md", "notes/none.md"} {
		if _, err := c.File(t.Context(), rel); !errors.Is(err, ErrNotCommitted) {
			t.Errorf("File(%s) = %v, want ErrNotCommitted", rel, err)
		}
	}
}
