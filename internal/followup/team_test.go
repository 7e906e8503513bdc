package followup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

func writeRepo(t *testing.T, files map[string]string) *repo.Repo {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := repo.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func popFile(employee, manager, date string) string {
	s := "---\npop: 1\nkind: pop\nemployee: " + employee + "\n"
	if manager != "" {
		s += "manager: " + manager + "\n"
	}
	return s + "date: " + date + "\n---\n"
}

func TestLoad(t *testing.T) {
	r := writeRepo(t, map[string]string{
		".pop.yaml":                  "",
		"pop/jan/2025-01-01.md":      popFile("jan", "an", "2025-01-01"),
		"pop/jan/2026-01-01.md":      popFile("jan", "an", "2026-01-01"),
		"pop/jan/2026-02-01-prep.md": "---\npop: 1\nkind: prep\nemployee: jan\ndate: 2026-02-01\n---\n",
		"pop/bo/2026-01-01.md":       popFile("bo", "", "2026-01-01"),
		"pop/cy/2026-01-01.md":       "no front matter",
	})
	var calls [][]string
	states := func(_ context.Context, paths []string) (map[string]Signed, error) {
		calls = append(calls, paths)
		return map[string]Signed{"pop/jan/2026-01-01.md": {State: signoff.Agreed}}, nil
	}
	managers := map[string]string{"bo": "tom"}
	team, err := Load(context.Background(), r, LoadOptions{SignOffs: states, ManagerOf: func(id string) string { return managers[id] }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range team.Plans {
		got = append(got, p.Path+" "+p.Manager+" "+string(p.SignOff))
	}
	want := []string{"pop/bo/2026-01-01.md tom ", "pop/jan/2026-01-01.md an agreed"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("plans %q, want %q", got, want)
	}
	// Asked once, while reading, for every newest POP (the unreadable
	// one too: which plans are readable is not known yet).
	if want := [][]string{{"pop/bo/2026-01-01.md", "pop/cy/2026-01-01.md", "pop/jan/2026-01-01.md"}}; !reflect.DeepEqual(calls, want) {
		t.Errorf("sign-offs asked %q, want once for %q", calls, want)
	}
	if want := []Skipped{{"pop/cy/2026-01-01.md", "front matter cannot be read"}}; !reflect.DeepEqual(team.Skipped, want) {
		t.Errorf("skipped %v, want %v", team.Skipped, want)
	}

	t.Run("filters", func(t *testing.T) {
		team, err := Load(context.Background(), r, LoadOptions{Manager: "tom", ManagerOf: func(id string) string { return managers[id] }})
		if err != nil || len(team.Plans) != 1 || team.Plans[0].Person != "bo" {
			t.Errorf("--manager tom: %+v %v", team, err)
		}
		// With a manager filter, only that manager's plans are asked for,
		// after reading.
		calls = nil
		team, err = Load(context.Background(), r, LoadOptions{Manager: "an", SignOffs: states})
		if err != nil || len(team.Plans) != 1 || team.Plans[0].SignOff != signoff.Agreed {
			t.Errorf("--manager an: %+v %v", team, err)
		}
		if want := [][]string{{"pop/jan/2026-01-01.md"}}; !reflect.DeepEqual(calls, want) {
			t.Errorf("--manager an: sign-offs asked %q, want once for %q", calls, want)
		}
		team, err = Load(context.Background(), r, LoadOptions{Person: "jan"})
		if err != nil || len(team.Plans) != 1 || team.Plans[0].Path != "pop/jan/2026-01-01.md" || len(team.Skipped) != 0 {
			t.Errorf("--person jan: %+v %v", team, err)
		}
	})
	t.Run("sign-offs not verified", func(t *testing.T) {
		failing := func(context.Context, []string) (map[string]Signed, error) {
			return nil, errors.New("shallow clone")
		}
		team, err := Load(context.Background(), r, LoadOptions{SignOffs: failing})
		if err != nil || team.SignOffErr == nil {
			t.Fatalf("err %v, SignOffErr %v", err, team.SignOffErr)
		}
		for _, p := range team.Plans {
			if p.SignOff != "" || BothSigned(p.SignOff) {
				t.Errorf("%s: state %q counts", p.Path, p.SignOff)
			}
		}
	})
}
