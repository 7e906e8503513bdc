package check

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

func validRepo(t *testing.T, extra map[string]string) *repo.Repo {
	t.Helper()
	files := map[string]string{
		".pop/people.yaml":                   testRegistry,
		"pop/jan-peeters/2026-11-20.md":      string(readFixture(t, "valid/pop-nl.md")),
		"pop/jan-peeters/2026-11-13-prep.md": string(readFixture(t, "valid/prep-nl.md")),
		"pop/priya-raman/2026-04-23.md":      string(readFixture(t, "valid/pop-en.md")),
	}
	for k, v := range extra {
		files[k] = v
	}
	return writeRepo(t, files)
}

func TestRunValidRepository(t *testing.T) {
	res := run(t, validRepo(t, nil))
	if res.Files != 3 || len(res.Findings) != 0 {
		t.Errorf("checked %d files with findings %v; want 3 and none", res.Files, res.Findings)
	}
}

func TestRunFileProblems(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, readFixture(t, "valid/pop-nl.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := validRepo(t, map[string]string{
		"pop/jan-peeters/2026-01-01.md": "no front matter\n",
	})
	link := func(target, name string) {
		if err := os.Symlink(target, r.Abs(name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	link(outside, "pop/jan-peeters/2026-02-02.md")
	link("../../.pop/people.yaml", "pop/jan-peeters/2026-03-03.md") // inside: followed
	link("nowhere.md", "pop/jan-peeters/2026-04-04.md")
	if err := syscall.Mkfifo(r.Abs("pop/jan-peeters/2026-05-05.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := "---\npop: 1\n---\n" + strings.Repeat("x", pop.MaxSize)
	if err := os.WriteFile(r.Abs("pop/jan-peeters/2026-06-06.md"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, r)
	want := strings.Join([]string{
		"pop/jan-peeters/2026-01-01.md:1:1 frontmatter-missing",
		"pop/jan-peeters/2026-02-02.md:1:1 symlink-outside",
		"pop/jan-peeters/2026-03-03.md:1:1 frontmatter-missing",
		"pop/jan-peeters/2026-04-04.md:1:1 file-unreadable",
		"pop/jan-peeters/2026-05-05.md:1:1 file-unreadable",
		"pop/jan-peeters/2026-06-06.md:1:1 file-too-large",
	}, "\n")
	if got := brief(res.Findings); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if res.Files != 9 {
		t.Errorf("checked %d files, want 9", res.Files)
	}
}

func TestRunUnreadableFile(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads every file")
	}
	r := validRepo(t, nil)
	p := r.Abs("pop/jan-peeters/2026-11-20.md")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	res := run(t, r)
	if got := brief(res.Findings); got != "pop/jan-peeters/2026-11-20.md:1:1 file-unreadable" {
		t.Errorf("got %s", got)
	}
}

func TestRunPaths(t *testing.T) {
	r := validRepo(t, map[string]string{
		"pop/priya-raman/2026-05-01.md": "no front matter\n",
		"README.md":                     "# not a POP\n",
		"docs/notes.txt":                "text\n",
		"docs/misplaced.md":             string(readFixture(t, "valid/pop-nl.md")),
		".pop/people.yaml":              testRegistry + "- {id: x, name: X, email: bad}\n",
	})
	tests := []struct {
		name  string
		paths []string
		want  string
		files int
	}{
		{"one file", []string{"pop/jan-peeters/2026-11-20.md"}, "", 1},
		{"absolute file", []string{r.Abs("pop/priya-raman/2026-05-01.md")}, "pop/priya-raman/2026-05-01.md:1:1 frontmatter-missing", 1},
		{"folder of one person", []string{"pop/priya-raman"}, "pop/priya-raman/2026-05-01.md:1:1 frontmatter-missing", 2},
		{"non-POP files are skipped", []string{"README.md", "docs/notes.txt"}, "", 0},
		{"a POP outside the POP folder is checked", []string{"docs/misplaced.md"}, "docs/misplaced.md:1:1 path-mismatch", 1},
		{"a folder outside the POP folder holds no POPs", []string{"docs"}, "", 0},
		{"the registry", []string{".pop/people.yaml"}, ".pop/people.yaml:4:27 person-email", 0},
		{"the root", []string{"."}, ".pop/people.yaml:4:27 person-email\npop/priya-raman/2026-05-01.md:1:1 frontmatter-missing", 4},
		{"the same file twice", []string{"pop/jan-peeters/2026-11-20.md", "pop/jan-peeters"}, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, r, tt.paths...)
			if got := brief(res.Findings); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if res.Files != tt.files {
				t.Errorf("checked %d files, want %d", res.Files, tt.files)
			}
		})
	}
}

func TestRunBadPaths(t *testing.T) {
	r := validRepo(t, nil)
	if _, err := Run(context.Background(), r, []string{"pop/nobody"}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing path: %v", err)
	}
	if _, err := Run(context.Background(), r, []string{t.TempDir()}); !errors.Is(err, ErrOutside) {
		t.Errorf("path outside: %v", err)
	}
}

func TestRunSeverityFromConfig(t *testing.T) {
	pop := strings.Replace(string(readFixture(t, "valid/pop-nl.md")), "Samengevat en akkoord.", "<!-- leeg -->", 1)
	pop = strings.Replace(pop, "    measure: opleiding\n", "", 1)
	tests := []struct {
		config, want string
	}{
		{"lang: nl\n", "error section-unanswered\nwarning goal-missing-measure"},
		{"rules:\n  section-unanswered: warning\n  goal-missing-measure: error\n", "error goal-missing-measure\nwarning section-unanswered"},
		{"rules:\n  section-unanswered: off\n", "warning goal-missing-measure"},
	}
	for _, tt := range tests {
		t.Run(tt.config, func(t *testing.T) {
			r := writeRepo(t, map[string]string{".pop.yaml": tt.config, ".pop/people.yaml": testRegistry, janPath: pop})
			var got []string
			for _, f := range run(t, r).Findings {
				got = append(got, string(f.Severity)+" "+f.Rule)
			}
			sort.Strings(got)
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

func TestRunBrokenRegistry(t *testing.T) {
	// An unusable registry is reported even when only a POP is checked,
	// and the employee and manager checks are skipped.
	r := validRepo(t, map[string]string{".pop/people.yaml": "- {id: an\n"})
	res := run(t, r, janPath)
	if got := brief(res.Findings); !strings.HasPrefix(got, ".pop/people.yaml:") || !strings.HasSuffix(got, " people-yaml") || strings.Contains(got, "\n") {
		t.Errorf("got %s", got)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, validRepo(t, nil), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
}
