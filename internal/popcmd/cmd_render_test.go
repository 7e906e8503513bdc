package popcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// TestRunRenderSignOff renders through the command with the sign-off
// state injected, as the real verification will report it.
func TestRunRenderSignOff(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		".pop.yaml":        "lang: en\n",
		".pop/people.yaml": "- id: an\n  name: An Janssens\n  email: an@example.com\n- id: jan\n  name: Jan Peeters\n  email: jan@example.com\n  manager: an\n",
		"pop/jan/2026-11-20.md": "---\npop: 1\nkind: pop\nemployee: jan\nmanager: an\ndate: 2026-11-20\nnext_conversation: 2027-05-20\n" +
			"goals:\n  - id: go\n    goal: Learn Go\n    measure: training\n    action: A course\n    timing: 2027-Q1\n    support: Time\n    follow_up: next\n---\n\n## 1. Opening\n\nHi.\n",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := repo.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	agreed := func(role signoff.Role, who string) *signoff.SignOff {
		return &signoff.SignOff{Role: role, Decision: signoff.DecisionAgreed, Person: who,
			When: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), Method: "ssh", Key: "SHA256:abc"}
	}
	tests := []struct {
		name   string
		verify func(context.Context, signoff.Options) (*signoff.Report, error)
		want   []string
		stderr string
	}{
		{"agreed", func(_ context.Context, o signoff.Options) (*signoff.Report, error) {
			if len(o.Paths) != 1 || o.Paths[0] != "pop/jan/2026-11-20.md" {
				t.Errorf("Verify asked for %v", o.Paths)
			}
			return &signoff.Report{Statuses: []signoff.Status{{Path: "pop/jan/2026-11-20.md", State: signoff.Agreed,
				Employee: agreed(signoff.RoleEmployee, "jan"), Manager: agreed(signoff.RoleManager, "an")}}}, nil
		}, []string{`data-state="agreed"`, "agreed by both", "SHA256:abc", "2026-11-21 10:00"}, ""},
		{"changed", func(context.Context, signoff.Options) (*signoff.Report, error) {
			return &signoff.Report{Statuses: []signoff.Status{{Path: "pop/jan/2026-11-20.md", State: signoff.Changed,
				Employee: agreed(signoff.RoleEmployee, "jan"), Changed: []string{"goals[0].timing"}}}}, nil
		}, []string{`data-state="changed"`, `id="changed-warning"`, "goals[0].timing"}, ""},
		{"verify fails", func(context.Context, signoff.Options) (*signoff.Report, error) {
			return nil, errors.New("shallow clone")
		}, []string{`data-state="unknown"`, "The sign-off could not be checked. (shallow clone)"},
			"pop: warning: the sign-off state could not be checked: shallow clone\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := &Env{Stdout: &stdout, Stderr: &stderr, Dir: root}
			err := runRender(context.Background(), env, r, renderOptions{
				File: "pop/jan/2026-11-20.md", Today: pop.NewDate(2026, 12, 1),
				Within: pop.Span{N: 14, Unit: 'd'}, Verify: tt.verify,
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if stderr.String() != tt.stderr {
				t.Errorf("stderr = %q, want %q", stderr.String(), tt.stderr)
			}
		})
	}
}

// TestRunRenderUncommitted shows a warning when the agreements in the
// work tree differ from the committed version that sign-off speaks of,
// and none when only progress changed.
func TestRunRenderUncommitted(t *testing.T) {
	root := t.TempDir()
	pop1 := "---\npop: 1\nkind: pop\nemployee: jan\nmanager: an\ndate: 2026-11-20\nnext_conversation: 2027-05-20\n" +
		"goals:\n  - id: go\n    goal: Learn Go\n    measure: training\n    action: A course\n    timing: 2027-Q1\n    support: Time\n    follow_up: next\n    status: planned\n---\n\n## 1. Opening\n\nHi.\n"
	write := func(name, data string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".pop.yaml", "lang: en\n")
	write("pop/jan/2026-11-20.md", pop1)
	g, err := repo.InitGit(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.CommitAll(g, "add", "T", "t@example.com", time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	r, err := repo.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	agreed := func(context.Context, signoff.Options) (*signoff.Report, error) {
		so := &signoff.SignOff{Role: signoff.RoleEmployee, Decision: signoff.DecisionAgreed, Person: "jan"}
		return &signoff.Report{Statuses: []signoff.Status{{Path: "pop/jan/2026-11-20.md", State: signoff.Agreed, Employee: so, Manager: so}}}, nil
	}
	render := func() string {
		var stdout, stderr bytes.Buffer
		env := &Env{Stdout: &stdout, Stderr: &stderr, Dir: root}
		if err := runRender(context.Background(), env, r, renderOptions{File: "pop/jan/2026-11-20.md",
			Today: pop.NewDate(2026, 12, 1), Verify: agreed}); err != nil {
			t.Fatal(err)
		}
		if stderr.Len() > 0 {
			t.Errorf("stderr: %s", stderr.String())
		}
		return stdout.String()
	}
	if page := render(); strings.Contains(page, "uncommitted-warning") {
		t.Error("warning on a file equal to HEAD")
	}
	write("pop/jan/2026-11-20.md", strings.Replace(pop1, "status: planned", "status: in-progress", 1))
	if page := render(); strings.Contains(page, "uncommitted-warning") {
		t.Error("warning when only progress changed")
	}
	write("pop/jan/2026-11-20.md", strings.Replace(pop1, "timing: 2027-Q1", "timing: 2027-Q3", 1))
	page := render()
	if !strings.Contains(page, `id="uncommitted-warning"`) || !strings.Contains(page, "<code>goals[go].timing</code>") {
		t.Error("no warning naming the changed timing")
	}
}

// TestRenderIndexCountsLikeOverdue renders the demo repository's site and
// holds the index's overdue count to what pop overdue --format json counts
// on the same day: both come from package followup's rules.
func TestRenderIndexCountsLikeOverdue(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "team")
	built := pop.NewDate(2026, 11, 23)
	if _, err := demo.Build(dir, demo.Options{Today: built}); err != nil {
		t.Fatal(err)
	}
	count := regexp.MustCompile(`data-overdue="(\d+)"`)
	for _, asOf := range []pop.Date{built, built.AddDays(60), built.AddMonths(7)} {
		t.Run(asOf.String(), func(t *testing.T) {
			run := func(args ...string) string {
				var out, errb bytes.Buffer
				env := testEnv(&out, &errb)
				env.Dir = dir
				if code := Run(context.Background(), env, append([]string{"pop"}, args...)); code == ExitUsage {
					t.Fatalf("pop %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
				}
				return out.String()
			}
			var rep struct{ Overdue *int }
			if err := json.Unmarshal([]byte(run("overdue", "--as-of", asOf.String(), "--format", "json")), &rep); err != nil || rep.Overdue == nil {
				t.Fatalf("pop overdue --format json: %v", err)
			}
			site := filepath.Join(t.TempDir(), "site")
			run("render", "--all", "--out", site, "--as-of", asOf.String())
			index, err := os.ReadFile(filepath.Join(site, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			m := count.FindSubmatch(index)
			if m == nil {
				t.Fatal("the index has no overdue count")
			}
			if got, want := string(m[1]), strconv.Itoa(*rep.Overdue); got != want {
				t.Errorf("the index counts %s overdue, pop overdue %s", got, want)
			}
			if *rep.Overdue == 0 {
				t.Error("nothing is overdue: the comparison proves little")
			}
		})
	}
}
