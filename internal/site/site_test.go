package site

import (
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
	"github.com/popdev/pop/internal/site/view"
)

var (
	testToday  = pop.NewDate(2026, 12, 28)
	testWithin = pop.Span{N: 14, Unit: 'd'}
	testRules  = followup.Rules{ConversationEvery: pop.Span{N: 12, Unit: 'm'}, UnsignedAfter: pop.Span{N: 14, Unit: 'd'}}
)

// fixture reads one of the view's golden fixtures.
func fixture(t testing.TB, name string) *pop.Doc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("view", "testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return pop.Parse("pop/"+strings.TrimSuffix(name, ".md")+"/2026-01-01.md", data)
}

// TestViewOfFixtures checks what the view's golden pages assume: the
// marks site works out for its fixtures, and the names it looks up.
func TestViewOfFixtures(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("view", "testdata", "golden", "people.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	people, _, err := repo.ParsePeople("people.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		fixture string
		want    view.Due
	}{
		{"jan.md", view.Due{Goals: map[string]view.When{"conflicten": view.Overdue}, Passed: map[string]bool{"conflicten": true}}},
		{"priya.md", view.Due{Goals: map[string]view.When{"mentoring": view.Overdue}, Conversation: view.Overdue,
			Passed: map[string]bool{"mentoring": true}}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			in := POP{Doc: fixture(t, tt.fixture), People: people, Today: testToday, Within: testWithin,
				Rules: testRules, Current: true, SignOff: &signoff.Status{State: signoff.Agreed}}
			v := in.View()
			if !reflect.DeepEqual(v.Due, tt.want) {
				t.Errorf("due = %+v, want %+v", v.Due, tt.want)
			}
			if v.Names[in.Doc.Employee] == "" {
				t.Errorf("no name for the employee %s in %v", in.Doc.Employee, v.Names)
			}
			in.Current = false
			if v := in.View(); v.Due.Goals != nil || v.Due.Conversation != "" || !reflect.DeepEqual(v.Due.Passed, tt.want.Passed) {
				t.Errorf("an older POP has marks %+v; want only the passed follow-ups %v", v.Due, tt.want.Passed)
			}
		})
	}
}

// TestViewImports keeps the HTML view a view: it lays out a prepared
// model and reaches neither the registry, the repository nor the due rules.
func TestViewImports(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("view", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch p {
			case "github.com/popdev/pop/internal/repo", "github.com/popdev/pop/internal/followup", "github.com/popdev/pop/internal/site":
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}

func TestPageDue(t *testing.T) {
	d := func(s string) pop.Date {
		x, err := pop.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	fu := func(s string) pop.FollowUp {
		f, err := pop.ParseFollowUp(s)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	doc := func(goals ...pop.Goal) *pop.Doc {
		return &pop.Doc{Date: d("2026-01-10"), NextConversation: d("2026-07-10"), Goals: goals}
	}
	tests := []struct {
		name              string
		doc               *pop.Doc
		today             string
		overdue, upcoming []string // goal keys, "conversation"
	}{
		{"nothing due", doc(pop.Goal{ID: "a", FollowUp: fu("2026-05-01")}), "2026-03-01", nil, nil},
		{"follow-up passed", doc(pop.Goal{ID: "a", FollowUp: fu("2026-02-01")}), "2026-03-01", []string{"a"}, nil},
		{"follow-up today is not overdue", doc(pop.Goal{ID: "a", FollowUp: fu("2026-03-01")}), "2026-03-01", nil, []string{"a"}},
		{"relative follow-up", doc(pop.Goal{ID: "a", FollowUp: fu("+1m")}), "2026-02-11", []string{"a"}, nil},
		{"answered by an update on the day", doc(pop.Goal{ID: "a", FollowUp: fu("2026-02-01"),
			Updates: []pop.Update{{Date: d("2026-02-01")}}}), "2026-03-01", nil, nil},
		{"an earlier update does not answer", doc(pop.Goal{ID: "a", FollowUp: fu("2026-02-01"),
			Updates: []pop.Update{{Date: d("2026-01-20")}}}), "2026-03-01", []string{"a"}, nil},
		{"done goals are never due", doc(pop.Goal{ID: "a", Status: "done", FollowUp: fu("2026-02-01")}), "2026-03-01", nil, nil},
		{"dropped goals are never due", doc(pop.Goal{ID: "a", Status: "dropped", FollowUp: fu("2026-02-01")}), "2026-03-01", nil, nil},
		{"a goal without id", doc(pop.Goal{FollowUp: fu("2026-02-01")}), "2026-03-01", []string{"goals[0]"}, nil},
		{"conversation coming up", doc(), "2026-07-01", nil, []string{"conversation"}},
		{"conversation and next follow-up passed", doc(pop.Goal{ID: "a", FollowUp: fu("next")}), "2026-07-11", []string{"a", "conversation"}, nil},
		{"conversation_every without next_conversation", &pop.Doc{Date: d("2025-01-10")}, "2026-01-11", []string{"conversation"}, nil},
	}
	marks := func(due view.Due, want view.When) string {
		var out []string
		for k, w := range due.Goals {
			if w == want {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		if due.Conversation == want {
			out = append(out, "conversation")
		}
		return strings.Join(out, ",")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := POP{Doc: tt.doc, Today: d(tt.today), Within: testWithin, Rules: testRules, Current: true}
			due := in.View().Due
			if got := marks(due, view.Overdue); got != strings.Join(tt.overdue, ",") {
				t.Errorf("overdue = %s, want %s", got, strings.Join(tt.overdue, ","))
			}
			if got := marks(due, view.Upcoming); got != strings.Join(tt.upcoming, ",") {
				t.Errorf("upcoming = %s, want %s", got, strings.Join(tt.upcoming, ","))
			}
		})
	}
}

// BenchmarkBuild1000 builds the site of a generated team of 1,000 POPs,
// pages and index, writing nowhere: what pop render --all costs apart
// from the file system and git.
func BenchmarkBuild1000(b *testing.B) {
	dir := b.TempDir()
	today := pop.NewDate(2026, 11, 23)
	if _, err := demo.Build(dir, demo.Options{Today: today, People: 1000, NoGit: true}); err != nil {
		b.Fatal(err)
	}
	r, err := repo.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	o := Options{
		Out: filepath.Join(dir, "site"), Today: today, Within: testWithin,
		Verify: func(context.Context, []string) (*signoff.Report, error) { return &signoff.Report{}, nil },
		Describe: func(in *POP, _ []byte, rep *signoff.Report, verr error) {
			in.SignOff = &signoff.Status{State: signoff.Agreed}
		},
		Refuse:  func(string) error { return nil },
		Write:   func(string, []byte) error { return nil },
		Warn:    func(string) {},
		Display: func(rel string) string { return rel },
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(context.Background(), r, o); err != nil {
			b.Fatal(err)
		}
	}
}
