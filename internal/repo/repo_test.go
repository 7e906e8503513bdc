package repo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/popdev/pop/internal/pop"
)

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig(".pop.yaml", []byte("lang: en\ndir: plans\nhorizon: 6m\noverdue:\n  unsigned_after: 2w\nverify:\n  accept_seen: true\nrules:\n  section-unanswered: warning\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Lang != "en" || c.Dir != "plans" || c.Horizon.String() != "6m" || c.Overdue.UnsignedAfter.String() != "2w" ||
		c.Overdue.ConversationEvery.String() != "12m" || !c.Verify.AcceptSeen || c.Rules["section-unanswered"] != "warning" {
		t.Errorf("config: %+v", c)
	}
	empty, err := ParseConfig(".pop.yaml", []byte("# only a comment\n"))
	if err != nil || empty.Lang != "nl" || empty.Dir != "pop" || empty.People != ".pop/people.yaml" {
		t.Errorf("defaults: %+v, %v", empty, err)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		pos      pop.Pos
		msg      string
		hint     string
	}{
		{"unknown key", "lang: nl\nhorizn: 6m\n", pop.Pos{Line: 2, Col: 1}, "unknown key", "did you mean horizon?"},
		{"unknown nested key", "overdue:\n  unsigned_aftr: 3d\n", pop.Pos{Line: 2, Col: 3}, "unknown key in overdue", "did you mean overdue.unsigned_after?"},
		{"bad lang", "lang: fr\n", pop.Pos{Line: 1, Col: 7}, `lang "fr" is not nl or en`, ""},
		{"bad span", "horizon: soon\n", pop.Pos{Line: 1, Col: 10}, "horizon: span", "write for example 14d, 2w, 6m or 1y"},
		{"duplicate", "lang: nl\nlang: en\n", pop.Pos{Line: 2, Col: 1}, "lang is given twice (first at line 1)", "keep one of them"},
		{"bad severity", "rules:\n  x: fatal\n", pop.Pos{Line: 2, Col: 6}, `rules.x: "fatal" is not error, warning or off`, ""},
		{"path outside", "dir: ../elsewhere\n", pop.Pos{Line: 1, Col: 6}, "must be a path inside the repository", ""},
		{"not yaml", "lang: [nl\n", pop.Pos{Line: 1, Col: 1}, "not valid YAML", ""},
		{"not a mapping", "overdue: 3d\n", pop.Pos{Line: 1, Col: 10}, "overdue must be a mapping", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig(".pop.yaml", []byte(tc.in))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a ConfigError", err)
			}
			if ce.Pos != tc.pos || !strings.Contains(ce.Msg, tc.msg) || ce.Hint != tc.hint {
				t.Errorf("got %s:%s %q hint %q; want %s %q hint %q", ce.Path, ce.Pos, ce.Msg, ce.Hint, tc.pos, tc.msg, tc.hint)
			}
		})
	}
}

func TestParsePeople(t *testing.T) {
	data := `# team
- id: an
  name: An
  email: an@example.com
- id: jan
  name: Jan
  email: jan@example.com
  manager: an
- id: jan
  name: Jan Again
  email: jan2@example.com
- id: Bad_Id
  name: B
  email: b@example.com
- id: lies
  name: Lies
  email: not-an-email
  manager: ann
- id: piet
  name: Piet
  email: JAN@example.com
  mail: x
`
	p, probs, err := ParsePeople("people.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]pop.Pos{}
	for _, pr := range probs {
		got[pr.Code] = pr.Pos
	}
	want := map[string]pop.Pos{
		CodePersonDup:      {Line: 9, Col: 7},
		CodePersonID:       {Line: 12, Col: 7},
		CodePersonEmail:    {Line: 17, Col: 10},
		CodePersonManager:  {Line: 18, Col: 12},
		CodePersonEmailDup: {Line: 21, Col: 10},
		CodePersonField:    {Line: 22, Col: 3},
	}
	for code, pos := range want {
		if got[code] != pos {
			t.Errorf("%s at %v, want %v", code, got[code], pos)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("problems: %+v", probs)
	}
	if jan, ok := p.Get("jan"); !ok || jan.Name != "Jan" || jan.Manager != "an" {
		t.Errorf("Get(jan) = %+v", jan)
	}
	if per, ok := p.ByEmail("AN@example.com"); !ok || per.ID != "an" {
		t.Errorf("ByEmail is case-insensitive: %+v", per)
	}
	if h := p.Hint("jna"); h != "did you mean jan?" {
		t.Errorf("hint %q", h)
	}
	if _, _, err := ParsePeople("people.yaml", []byte("an: x\n")); err == nil || !strings.Contains(err.Error(), "people.yaml:1:1: the registry must be a list") {
		t.Errorf("a mapping: %v", err)
	}
}

func TestAppendPerson(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"header only", "# The registry.\n# More.\n"},
		{"empty list", "[]\n"},
		{"existing", "# team\n- id: an\n  name: An\n  email: an@example.com\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := AppendPerson([]byte(tc.in), Person{ID: "jan", Name: "Jan: the first", Email: "jan@example.com", Manager: "an"})
			if err != nil {
				t.Fatal(err)
			}
			p, probs, err := ParsePeople("p.yaml", out)
			if err != nil {
				t.Fatalf("%v in\n%s", err, out)
			}
			if jan, ok := p.Get("jan"); !ok || jan.Name != "Jan: the first" || jan.Manager != "an" {
				t.Errorf("jan not added right:\n%s", out)
			}
			if strings.HasPrefix(tc.in, "#") && !strings.HasPrefix(string(out), "# ") {
				t.Errorf("header comment lost:\n%s", out)
			}
			for _, pr := range probs {
				if pr.Code != CodePersonManager {
					t.Errorf("problem %+v in\n%s", pr, out)
				}
			}
		})
	}
}

func TestParseAllowedSigners(t *testing.T) {
	const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxGw6ej3oFmBd/V1zGdzQ0bdrx8tTJq0KzTe8aeqJ1N"
	data := "# comment\n\njan@example.com namespaces=\"git\" " + key + " jan@laptop\n" +
		"an@example.com,an@other.example " + key + "\n" +
		"lies@example.com namespaces=\"git,file\",valid-after=\"20260101\",valid-before=\"20270101\" " + key + "\n" +
		"\"quoted@example.com\" cert-authority " + key + "\n"
	s, err := ParseAllowedSigners("allowed_signers", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 4 {
		t.Fatalf("got %d signers", len(s))
	}
	if s[0].Principals[0] != "jan@example.com" || !s[0].AllowsNamespace("git") || s[0].AllowsNamespace("file") || s[0].Line != 3 {
		t.Errorf("first: %+v", s[0])
	}
	if len(s[1].Principals) != 2 || !s[1].AllowsNamespace("anything") {
		t.Errorf("second: %+v", s[1])
	}
	if s[2].ValidAfter != "20260101" || s[2].ValidBefore != "20270101" || !s[2].AllowsNamespace("file") {
		t.Errorf("third: %+v", s[2])
	}
	if s[3].Principals[0] != "quoted@example.com" || !s[3].CertAuthority {
		t.Errorf("fourth: %+v", s[3])
	}
	if line := SignerLine("jan@example.com", s[0].Key); line != "jan@example.com namespaces=\"git\" "+key {
		t.Errorf("SignerLine = %q", line)
	}
	for _, bad := range []string{"jan@example.com\n", "jan@example.com ssh-ed25519 AAAAnotbase64!\n", "jan@example.com bogus-option " + key + "\n"} {
		if _, err := ParseAllowedSigners("a", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "a:1: ") {
			t.Errorf("ParseAllowedSigners(%q) = %v, want an error naming line 1", bad, err)
		}
	}
}

func TestFindAndList(t *testing.T) {
	root := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".pop.yaml", "dir: plans\n")
	write("plans/jan/2025-11-20.md", "")
	write("plans/jan/2026-11-20.md", "")
	write("plans/jan/2026-11-19-prep.md", "")
	write("plans/an/2026-01-05.md", "")
	write("plans/an/notes.md", "")
	write("plans/README.md", "")
	write("plans/.hidden/x/2026-01-01.md", "")
	write("plans/jan/2026-11-20.txt", "")
	write("deep/down/here/x.txt", "")

	found, err := Find(filepath.Join(root, "deep/down/here"))
	if err != nil || found != root {
		t.Fatalf("Find = %s, %v; want %s", found, err, root)
	}
	if _, err := Find(t.TempDir()); !errors.Is(err, ErrNoConfig) {
		t.Errorf("Find in an empty folder: %v", err)
	}
	r, err := OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path+"="+f.Person+"/"+f.Kind)
	}
	want := "plans/README.md=/,plans/an/2026-01-05.md=an/pop,plans/an/notes.md=/,plans/jan/2025-11-20.md=jan/pop,plans/jan/2026-11-19-prep.md=jan/prep,plans/jan/2026-11-20.md=jan/pop"
	if strings.Join(got, ",") != want {
		t.Errorf("List:\n got %s\nwant %s", strings.Join(got, ","), want)
	}
	newest := Newest(files)
	if newest["jan"].Date.String() != "2026-11-20" || newest["an"].Date.String() != "2026-01-05" || len(newest) != 2 {
		t.Errorf("Newest = %+v", newest)
	}
	d, _ := pop.ParseDate("2026-11-20")
	if prev, ok := Previous(files, "jan", d); !ok || prev.Path != "plans/jan/2025-11-20.md" {
		t.Errorf("Previous = %+v, %v", prev, ok)
	}
	if p := r.PathFor("jan", d, pop.KindPrep); p != "plans/jan/2026-11-20-prep.md" {
		t.Errorf("PathFor = %s", p)
	}
	if p := r.PathFor("jan", d, pop.SectionsPrepManager); p != "plans/jan/2026-11-20-prep-manager.md" {
		t.Errorf("PathFor manager's prep = %s", p)
	}
	if _, err := r.Rel(filepath.Join(root, "..", "x")); err == nil {
		t.Error("Rel outside the root succeeded")
	}
}

func TestParseFilePath(t *testing.T) {
	for _, c := range []struct {
		rel, person, date, kind string
	}{
		{"pop/jan/2026-03-01.md", "jan", "2026-03-01", pop.KindPOP},
		{"pop/jan/2026-03-01-prep.md", "jan", "2026-03-01", pop.KindPrep},
		{"pop/jan/2026-02-30.md", "", "", ""}, // not a calendar day
		{"pop/jan/2026-3-01.md", "", "", ""},
		{"pop/jan/2026-03-01-prep-prep.md", "", "", ""},
		{"pop/jan/2026-03-01-prep-manager.md", "jan", "2026-03-01", pop.KindPrep},
		{"pop/jan/2026-03-01-manager.md", "", "", ""},
		{"pop/jan/2026-03-01-prep-manager-prep.md", "", "", ""},
		{"pop/jan/2026-03-01.markdown", "", "", ""},
		{"pop/jan/2026-03-01.md.md", "", "", ""},
		{"pop/jan/2026_03_01.md", "", "", ""},
		{"pop/jan/２０26-03-01.md", "", "", ""}, // full-width digits
		{"pop/jan/x2026-03-01.md", "", "", ""},
		{"pop/jan/notes.md", "", "", ""},
		{"pop/2026-03-01.md", "", "", ""},       // no person folder
		{"pop/a/b/2026-03-01.md", "", "", ""},   // too deep
		{"other/jan/2026-03-01.md", "", "", ""}, // outside the folder
		{"pop/jan/-prep.md", "", "", ""},
	} {
		f := ParseFilePath("pop", c.rel)
		if f.Path != c.rel || f.Person != c.person || f.Date.String() != c.date || f.Kind != c.kind {
			t.Errorf("%s: %q %q %q, want %q %q %q", c.rel, f.Person, f.Date, f.Kind, c.person, c.date, c.kind)
		}
	}
}

func TestParseConfigOrgGoalsAndBudgets(t *testing.T) {
	c, err := ParseConfig(".pop.yaml", []byte("org_goals:\n  - {id: klantgericht, title: Klantgericht werken}\n  - {id: veilig, title: Veilig werken}\nbudgets:\n  2027: [4000 EUR, 500 USD]\n  2028: 3000 EUR\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.OrgGoalIDs(), ","); got != "klantgericht,veilig" || c.OrgGoals[0].Title != "Klantgericht werken" {
		t.Errorf("org goals = %+v", c.OrgGoals)
	}
	var got []string
	for _, b := range c.Budgets {
		got = append(got, fmt.Sprintf("%d=%s@%s", b.Year, b.Amount, b.Pos))
	}
	if s := strings.Join(got, " "); s != "2027=4000 EUR@5:10 2027=500 USD@5:20 2028=3000 EUR@6:9" {
		t.Errorf("budgets = %s", s)
	}
	for _, bad := range []struct{ yaml, msg string }{
		{"org_goals: {id: x}\n", "org_goals must be a list"},
		{"org_goals: [{id: X}]\n", `org_goals[0].id "X" is not a slug`},
		{"org_goals: [{id: x}, {id: x}]\n", "org_goals[1].id x is given twice"},
		{"org_goals: [{id: x, titel: X}]\n", "unknown key in org_goals[0]"},
		{"budgets: [4000 EUR]\n", "budgets must be a mapping"},
		{"budgets: {next: 4000 EUR}\n", `budgets: "next" is not a year`},
		{"budgets: {2027: [[4000]]}\n", "budgets.2027 must be a single value"},
	} {
		_, err := ParseConfig(".pop.yaml", []byte(bad.yaml))
		if err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("%q: err = %v, want %q", bad.yaml, err, bad.msg)
		}
	}
}

// TestKeysWordedAlike: POPs, .pop.yaml and the registry report unknown
// and repeated keys the same way, through the one key walker, and never
// quote an unknown key.
func TestKeysWordedAlike(t *testing.T) {
	const planted = "ziekteverlof"
	_, err := ParseConfig(ConfigFile, []byte("lang: nl\n"+planted+": x\n"))
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("config: %v", err)
	}
	_, probs, err := ParsePeople(".pop/people.yaml", []byte("- id: jan\n  name: Jan\n  email: jan@example.com\n  "+planted+": x\n  name: Jan again\n"))
	if err != nil || len(probs) != 2 {
		t.Fatalf("registry: %v %+v", err, probs)
	}
	doc := pop.Parse("x.md", []byte("---\npop: 1\n"+planted+": x\npop: 1\n---\n"))
	var docProbs []pop.Problem
	for _, p := range doc.Problems {
		if p.Code == pop.CodeUnknownKey || p.Code == pop.CodeDuplicateKey {
			docProbs = append(docProbs, p)
		}
	}
	if len(docProbs) != 2 {
		t.Fatalf("POP: %+v", doc.Problems)
	}
	unknown := map[string]string{"config": ce.Msg, "registry": probs[0].Message, "POP": docProbs[0].Message}
	for where, msg := range unknown {
		if msg != "unknown key" {
			t.Errorf("%s: unknown key worded %q", where, msg)
		}
	}
	repeated := map[string]string{"registry": probs[1].Message, "POP": docProbs[1].Message}
	for where, msg := range repeated {
		if !strings.HasSuffix(msg, " is given twice (first at line 2)") {
			t.Errorf("%s: repeated key worded %q", where, msg)
		}
	}
	for _, s := range []string{ce.Msg, ce.Hint, probs[0].Message, probs[0].Hint, docProbs[0].Message, docProbs[0].Hint, docProbs[0].Field} {
		if strings.Contains(s, planted) {
			t.Errorf("an unknown key is quoted: %q", s)
		}
	}
}

// TestMayHaveLeavers: only a registry whose text has no "left" at all is
// known to have no leavers without parsing it; a missing one has none, an
// unreadable one may (its parse then says why).
func TestMayHaveLeavers(t *testing.T) {
	dir := t.TempDir()
	r := &Repo{Root: dir, Config: DefaultConfig()}
	if r.MayHaveLeavers() {
		t.Error("no registry: leavers")
	}
	write := func(s string) {
		if err := os.MkdirAll(filepath.Join(dir, ".pop"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".pop", "people.yaml"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("- {id: jan, name: Jan, email: jan@example.com}\n")
	if r.MayHaveLeavers() {
		t.Error("a registry without left: leavers")
	}
	write("- {id: jan, name: Jan, email: jan@example.com, left: 2027-01-01}\n")
	if !r.MayHaveLeavers() {
		t.Error("a registry with left: no leavers")
	}
	write("- {id: jan, name: Jan Cleftwood, email: jan@example.com}\n")
	if !r.MayHaveLeavers() {
		t.Error(`"left" in a name must make the parse decide`)
	}
}
