package repo

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWalkMarkdown(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{
		"plans/top.md", "plans/top.txt",
		"plans/jan/2026-11-20.md", "plans/jan/deeper/still/x.md", "plans/jan/.git/y.md",
		"plans/an/2026-01-05.md", "plans/.hidden/z.md", "elsewhere/w.md",
	} {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Links are listed, never followed.
	if err := os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(root, "plans/an/linked.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(root, "plans/folder-link")); err != nil {
		t.Fatal(err)
	}
	r := &Repo{Root: root}
	for _, tc := range []struct {
		name, dir, want string
	}{
		{"POP folder", "plans", "plans/an/2026-01-05.md plans/an/linked.md(link) plans/jan/2026-11-20.md plans/jan/deeper/still/x.md plans/top.md"},
		{"one person", "plans/jan", "plans/jan/2026-11-20.md plans/jan/deeper/still/x.md"},
		{"a dot folder given is walked", "plans/.hidden", "plans/.hidden/z.md"},
		{"a file", "plans/top.md", "plans/top.md"},
		{"a file not Markdown", "plans/top.txt", ""},
		{"missing", "plans/none", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			entries, err := r.WalkMarkdown(filepath.Join(root, tc.dir))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				s := e.Rel
				if e.Type&fs.ModeSymlink != 0 {
					s += "(link)"
				}
				if e.Abs != filepath.Join(root, e.Rel) {
					t.Errorf("%s: Abs %s", e.Rel, e.Abs)
				}
				got = append(got, s)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, " "), tc.want)
			}
		})
	}

	t.Run("unreadable folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads every folder")
		}
		locked := filepath.Join(root, "plans/an")
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(locked, 0o755)
		if _, err := r.WalkMarkdown(filepath.Join(root, "plans")); err == nil || !strings.Contains(err.Error(), "plans/an") {
			t.Errorf("err = %v, want one naming plans/an", err)
		}
	})
}

// TestIsDocument: the one definition of which files are POPs, and the
// walk of the POP folder lists exactly those.
func TestIsDocument(t *testing.T) {
	for _, tc := range []struct {
		dir, rel string
		want     bool
	}{
		{"pop", "pop/jan/2026-11-20.md", true},
		{"pop", "pop/jan/2026-11-20-prep.md", true},
		{"pop", "pop/jan/old/2025-01-01.md", true}, // nested: checked, reported by path
		{"pop", "pop/top.md", true},
		{"pop", "pop/.drafts/jan.md", false},
		{"pop", "pop/jan/.git/x.md", false},
		{"pop", "pop/jan/2026-11-20.txt", false},
		{"pop", "popular/jan/2026-11-20.md", false},
		{"pop", "README.md", false},
		{"pop/", "pop/jan/2026-11-20.md", true},
		{"team/pop", "team/pop/jan/2026-11-20.md", true},
		{".", "jan/2026-11-20.md", true},
		{".", ".pop/templates/nl/pop.md", false},
		{".plans", ".plans/jan/2026-11-20.md", true}, // the folder itself may start with a dot
	} {
		if got := IsDocument(tc.dir, tc.rel); got != tc.want {
			t.Errorf("IsDocument(%q, %q) = %v, want %v", tc.dir, tc.rel, got, tc.want)
		}
	}

	root := t.TempDir()
	all := []string{"plans/top.md", "plans/jan/2026-11-20.md", "plans/jan/deeper/x.md", "plans/jan/.git/y.md", "plans/.hidden/z.md", "plans/x.txt"}
	for _, rel := range all {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := &Repo{Root: root, Config: Config{Dir: "plans"}}
	listed := map[string]bool{}
	files, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		listed[f.Path] = true
	}
	for _, rel := range all {
		if listed[rel] != IsDocument("plans", rel) {
			t.Errorf("%s: listed %v, IsDocument %v", rel, listed[rel], !listed[rel])
		}
	}
}
