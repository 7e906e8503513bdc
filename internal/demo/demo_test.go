package demo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

func TestBuildSample(t *testing.T) {
	today, _ := pop.ParseDate("2026-11-23")
	dir := t.TempDir()
	res, err := Build(dir, Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Team) != 6 || len(res.Files) != 7 {
		t.Errorf("team %d, files %d", len(res.Team), len(res.Files))
	}
	r, err := repo.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	people, probs, err := r.People()
	if err != nil || len(probs) > 0 || len(people.List) != 6 {
		t.Fatalf("registry: %v %+v", err, probs)
	}
	langs := map[string]bool{}
	for _, f := range res.Files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		d := pop.Parse(f, data)
		if len(d.Problems) > 0 {
			t.Errorf("%s: %+v", f, d.Problems)
		}
		langs[d.Lang()] = true
		if _, ok := people.Get(d.Employee); !ok {
			t.Errorf("%s: employee %s not in registry", f, d.Employee)
		}
		for _, g := range d.Goals {
			if d.Kind == pop.KindPOP && g.Timing.Kind != pop.TimingOngoing && g.Timing.End.After(d.Date.AddMonths(12)) {
				t.Errorf("%s: goal %s timing %s beyond the horizon", f, g.ID, g.Timing.Raw)
			}
		}
	}
	if !langs["nl"] || !langs["en"] {
		t.Errorf("languages: %v", langs)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		t.Errorf("no git repository: %v", err)
	}
	// Building again into the same folder is refused.
	if _, err := Build(dir, Options{Today: today}); err == nil {
		t.Error("Build into a non-empty folder succeeded")
	}
}

func TestBuildDeterministic(t *testing.T) {
	today, _ := pop.ParseDate("2026-02-28")
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if _, err := Build(d, Options{Today: today, NoGit: true}); err != nil {
			t.Fatal(err)
		}
	}
	res, _ := filepath.Glob(filepath.Join(a, "pop/*/*.md"))
	for _, f := range res {
		rel, _ := filepath.Rel(a, f)
		x, _ := os.ReadFile(f)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between two builds", rel)
		}
	}
}

func TestBuildGenerated(t *testing.T) {
	today, _ := pop.ParseDate("2026-11-23")
	dir := t.TempDir()
	res, err := Build(dir, Options{Today: today, People: 50, NoGit: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 50 || len(res.Team) != 50+7 {
		t.Fatalf("files %d, team %d", len(res.Files), len(res.Team))
	}
	measures, statuses := map[string]bool{}, map[string]bool{}
	for _, f := range res.Files {
		data, _ := os.ReadFile(filepath.Join(dir, f))
		d := pop.Parse(f, data)
		if len(d.Problems) > 0 {
			t.Errorf("%s: %+v", f, d.Problems)
		}
		for _, g := range d.Goals {
			measures[g.Measure] = true
			statuses[g.Status] = true
		}
	}
	if len(measures) < 4 || len(statuses) < 4 {
		t.Errorf("little variety: measures %v statuses %v", measures, statuses)
	}
}
