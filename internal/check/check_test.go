package check

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

const fixtures = "../../testdata/pops"

// testRegistry holds everyone the fixtures name.
const testRegistry = `- {id: an-janssens, name: An Janssens, email: an@example.com}
- {id: jan-peeters, name: Jan Peeters, email: jan@example.com, manager: an-janssens}
- {id: priya-raman, name: Priya Raman, email: priya@example.com, manager: an-janssens}
`

func testRepo(t testing.TB) (*repo.Repo, *repo.People) {
	t.Helper()
	people, probs, err := repo.ParsePeople(".pop/people.yaml", []byte(testRegistry))
	if err != nil || len(probs) > 0 {
		t.Fatalf("test registry: %v %v", err, probs)
	}
	return &repo.Repo{Root: t.TempDir(), Config: repo.DefaultConfig()}, people
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestValidFixturesAreSilent(t *testing.T) {
	r, people := testRepo(t)
	tests := []struct{ file, rel string }{
		{"valid/pop-nl.md", "pop/jan-peeters/2026-11-20.md"},
		{"valid/pop-nl-crlf.md", "pop/jan-peeters/2026-11-20.md"},
		{"valid/pop-en.md", "pop/priya-raman/2026-04-23.md"},
		{"valid/prep-nl.md", "pop/jan-peeters/2026-11-13-prep.md"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if got := File(r, people, tt.rel, readFixture(t, tt.file)); len(got) > 0 {
				t.Errorf("findings on a valid POP: %v", got)
			}
		})
	}
}

const janPath = "pop/jan-peeters/2026-11-20.md"

// TestRuleFixtures checks that each rule fires on its fixture in
// testdata/pops/rules, at the position given, and that nothing else does.
func TestRuleFixtures(t *testing.T) {
	tests := []struct {
		rule string
		rel  string // where the file is checked as if it were; janPath when ""
		pos  string
		sev  Severity
	}{
		{pop.CodeBOM, "", "1:1", Error},
		{pop.CodeInvalidUTF8, "", "38:30", Error},
		{pop.CodeControlChar, "", "38:30", Error},
		{pop.CodeNoFrontMatter, "", "1:1", Error},
		{pop.CodeUnclosed, "", "1:1", Error},
		{pop.CodeNotYAML, "", "1:1", Error},
		{pop.CodeYAMLSyntax, "", "7:1", Error},
		{pop.CodeUnsupportedYAML, "", "19:13", Error},
		{pop.CodeDuplicateKey, "", "10:1", Error},
		{pop.CodeDocumentEnd, "", "31:1", Error},
		{pop.CodeUnknownKey, "", "7:1", Error},
		{pop.CodeFieldType, "", "8:9", Error},
		{pop.CodeVersion, "", "2:6", Error},
		{RuleFieldMissing, "", "30:1", Error},
		{RuleKindUnknown, "", "3:7", Error},
		{pop.CodeBadDate, "", "6:7", Error},
		{pop.CodeBadTiming, "", "15:13", Error},
		{pop.CodeBadFollowUp, "", "18:16", Error},
		{RuleEmployeeUnknown, "pop/jan-peters/2026-11-20.md", "4:11", Error},
		{RuleManagerUnknown, "", "5:10", Error},
		{RuleManagerNotOnDate, "", "5:10", Error},
		{RuleSelfApproval, "", "5:10", Error},
		{RulePathMismatch, "pop/jan-peeters/2026-11-21.md", "6:7", Error},
		{RuleNextMissing, "", "30:1", Error},
		{RuleNextNotAfter, "", "9:20", Error},
		{RuleGoalsMissing, "", "10:8", Error},
		{RuleOrgGoalUnknown, "", "19:15", Error},
		{RuleForUnknown, "pop/jan-peeters/2026-11-13-prep.md", "4:6", Error},
		{RuleGoalIDMissing, "", "11:5", Error},
		{RuleGoalIDMalformed, "", "11:9", Error},
		{RuleGoalIDDuplicate, "", "23:9", Error},
		{RuleGoalMissingGoal, "", "11:5", Error},
		{RuleGoalMissingAction, "", "11:5", Error},
		{RuleGoalMissingTiming, "", "11:5", Error},
		{RuleGoalMissingSupport, "", "11:5", Error},
		{RuleGoalMissingMeasure, "", "11:5", Warning},
		{RuleGoalMissingFollowUp, "", "11:5", Warning},
		{RuleMeasureUnknown, "", "13:14", Error},
		{RuleStatusUnknown, "", "20:13", Error},
		{RuleTimingOutOfRange, "", "15:13", Error},
		{RuleFollowUpBeforeDate, "", "18:16", Error},
		{pop.CodeTooDeep, "", "53:1", Error},
		{RuleSectionMissing, "", "47:1", Error},
		{RuleSectionOrder, "", "45:1", Error},
		{RuleSectionDuplicate, "", "61:1", Error},
		{RuleSectionUnanswered, "", "57:1", Error},
		{RuleSealedEnvelope, "", "24:1", Error},
	}
	r, people := testRepo(t)
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			rel := tt.rel
			if rel == "" {
				rel = janPath
			}
			data := readFixture(t, "rules/"+tt.rule+".md")
			// The same file with CRLF line ends has the same positions,
			// as an editor shows them.
			crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			for name, data := range map[string][]byte{"LF": data, "CRLF": crlf} {
				got := File(r, people, rel, data)
				if len(got) != 1 {
					t.Fatalf("%s: want one finding, got %d: %v", name, len(got), got)
				}
				f := got[0]
				if f.Rule != tt.rule || f.Pos.String() != tt.pos || f.Severity != tt.sev || f.Path != rel {
					t.Errorf("%s: got %s:%s %s [%s], want %s:%s %s [%s]", name, f.Path, f.Pos, f.Severity, f.Rule, rel, tt.pos, tt.sev, tt.rule)
				}
				if f.Message == "" {
					t.Errorf("%s: finding without a message", name)
				}
			}
		})
	}
}

// TestEveryRuleHasAFixture keeps the rule table and the fixtures in step.
func TestEveryRuleHasAFixture(t *testing.T) {
	elsewhere := map[string]string{ // rules tested without a fixture file
		pop.CodeTooLarge:   "TestHostileInputs",
		RuleFileUnreadable: "TestRunFileProblems",
		RuleSymlinkOutside: "TestRunFileProblems",
		// Sealed with keys the test makes, in a repository with seal: true.
		RuleNotSealed:        "TestSealed",
		RuleSealedUnexpected: "TestSealed",
		RuleSealedMissing:    "TestSealed",
	}
	for _, r := range Rules {
		if elsewhere[r.ID] != "" {
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(fixtures, "rules", r.ID+".*"))
		if len(matches) == 0 {
			t.Errorf("rule %s has no fixture in testdata/pops/rules", r.ID)
		}
		if r.Summary == "" || r.Why == "" || r.Fix == "" || (r.Severity != Error && r.Severity != Warning) {
			t.Errorf("rule %s is incomplete: %+v", r.ID, r)
		}
	}
}

// writeRepo writes files (slash paths) into a new repository folder.
func writeRepo(t testing.TB, files map[string]string) *repo.Repo {
	t.Helper()
	root := t.TempDir()
	if _, ok := files[repo.ConfigFile]; !ok {
		files[repo.ConfigFile] = "lang: nl\n"
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
	return r
}

func run(t testing.TB, r *repo.Repo, paths ...string) *Result {
	t.Helper()
	res, err := Run(context.Background(), r, paths)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// brief formats findings as path:line:col rule, sorted, for comparison.
func brief(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path+":"+f.Pos.String()+" "+f.Rule)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestRepositoryFileFixtures checks the rules on the people registry and
// .pop.yaml, through Run.
func TestRepositoryFileFixtures(t *testing.T) {
	tests := []struct {
		fixture, path, rule, pos string
	}{
		{"people-yaml.yaml", ".pop/people.yaml", repo.CodePeopleYAML, "1:1"},
		{"person-field.yaml", ".pop/people.yaml", repo.CodePersonField, "4:3"},
		{"person-id.yaml", ".pop/people.yaml", repo.CodePersonID, "4:7"},
		{"person-duplicate.yaml", ".pop/people.yaml", repo.CodePersonDup, "4:7"},
		{"person-email.yaml", ".pop/people.yaml", repo.CodePersonEmail, "6:10"},
		{"person-email-duplicate.yaml", ".pop/people.yaml", repo.CodePersonEmailDup, "6:10"},
		{"person-unknown-manager.yaml", ".pop/people.yaml", repo.CodePersonManager, "7:12"},
		{"person-managers.yaml", ".pop/people.yaml", repo.CodePersonManagers, "9:7"},
		{"config-unknown-rule.pop.yaml", ".pop.yaml", RuleConfigUnknownRule, "4:3"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			r := writeRepo(t, map[string]string{tt.path: string(readFixture(t, "rules/"+tt.fixture))})
			res := run(t, r)
			want := tt.path + ":" + tt.pos + " " + tt.rule
			if got := brief(res.Findings); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestDocsListEveryRule keeps the rule table in docs/format.md complete.
func TestDocsListEveryRule(t *testing.T) {
	doc, err := os.ReadFile("../../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Rules {
		row := "| `" + r.ID + "` | " + string(r.Severity) + " | " + r.Summary + " |"
		if !bytes.Contains(doc, []byte(row)) {
			t.Errorf("docs/format.md has no row starting %s", row)
		}
	}
}

// TestEveryProblemCodeIsARule: every code the parser and the registry
// report is a rule, with metadata for the README and SARIF.
func TestEveryProblemCodeIsARule(t *testing.T) {
	for _, code := range []string{
		pop.CodeTooLarge, pop.CodeBOM, pop.CodeInvalidUTF8, pop.CodeNoFrontMatter, pop.CodeUnclosed,
		pop.CodeNotYAML, pop.CodeYAMLSyntax, pop.CodeDuplicateKey, pop.CodeUnknownKey, pop.CodeFieldType,
		pop.CodeBadDate, pop.CodeBadTiming, pop.CodeBadFollowUp, pop.CodeUnsupportedYAML, pop.CodeVersion,
		pop.CodeTooDeep,
		repo.CodePeopleYAML, repo.CodePersonField, repo.CodePersonID, repo.CodePersonDup,
		repo.CodePersonEmail, repo.CodePersonManager, repo.CodePersonEmailDup,
	} {
		if _, ok := Lookup(code); !ok {
			t.Errorf("problem code %s is not a rule", code)
		}
	}
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r.ID] {
			t.Errorf("rule %s is listed twice", r.ID)
		}
		seen[r.ID] = true
	}
}

func TestUnquote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`goals[0].follow_up: follow_up "na de ziekteverlof-periode van Jan" is not YYYY-MM-DD, +Nd, +Nw, +Nm or next`,
			"goals[0].follow_up: follow_up is not YYYY-MM-DD, +Nd, +Nw, +Nm or next"},
		{`pop: "x" is not a schema version this tool knows`, "pop: is not a schema version this tool knows"},
		{"front matter could not be read: yaml: cannot unmarshal !!str `geheim` into int", "front matter could not be read: yaml: cannot unmarshal !!str into int"},
		{`a "b \" c" d`, "a d"},
		{`unclosed "rest of the note`, "unclosed"},
		{"no quotes", "no quotes"},
	} {
		if got := unquote(c.in); got != c.want {
			t.Errorf("unquote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPlainField(t *testing.T) {
	for f, want := range map[string]bool{
		"goals[0].updates[1].note": true, "next_conversation": true, "goals": true,
		"goals[0].updates[0].now practising": false, "goals[0].Geheim": false, "goals[x]": false, "a..b": false,
	} {
		if got := plainField(f); got != want {
			t.Errorf("plainField(%q) = %v", f, got)
		}
	}
	if got := plainPrefix("goals[0].updates[0].now practising"); got != "goals[0].updates[0]" {
		t.Errorf("plainPrefix = %q", got)
	}
}

// TestOrgGoalRule: an org_goal must name an organisation goal of
// .pop.yaml, with the closest id as a hint.
func TestOrgGoalRule(t *testing.T) {
	r, people := testRepo(t)
	data := readFixture(t, "rules/org-goal-unknown.md")
	r.Config.OrgGoals = []repo.OrgGoal{{ID: "klantgericht", Title: "Klantgericht werken"}, {ID: "veiligheid"}}
	got := File(r, people, janPath, data)
	if len(got) != 1 || got[0].Rule != RuleOrgGoalUnknown || got[0].Hint != "did you mean klantgericht? known: klantgericht, veiligheid" {
		t.Fatalf("findings: %+v", got)
	}
	if strings.Contains(got[0].Message+got[0].Hint, "Klantgericht werken") {
		t.Error("the finding repeats a title")
	}
	fixed := bytes.Replace(data, []byte("klantgerict"), []byte("klantgericht"), 1)
	if got := File(r, people, janPath, fixed); len(got) > 0 {
		t.Errorf("a known org_goal: %+v", got)
	}
}

// TestPrepOptionalSections: an employee's prep note may leave topics
// beyond the agenda and someone I trust empty; the manager's prep note
// has its own sections.
func TestPrepOptionalSections(t *testing.T) {
	r, people := testRepo(t)
	data := readFixture(t, "valid/prep-nl.md")
	for _, title := range []string{"Thuiswerk op vrijdag.", "Ik kom alleen."} {
		data = bytes.Replace(data, []byte(title), []byte("<!-- leeg -->"), 1)
	}
	if got := File(r, people, "pop/jan-peeters/2026-11-13-prep.md", data); len(got) > 0 {
		t.Errorf("empty optional sections: %+v", got)
	}
	mgr := []byte("---\npop: 1\nkind: prep\nfor: manager\nemployee: jan-peeters\ndate: 2026-11-13\n---\n\n## 1. Earlier agreements\n\nx\n\n## 2. Chances and needs in the team\n\n<!-- -->\n\n## 3. Budget and subsidies\n\nx\n\n## 4. What I want to raise\n\nx\n")
	got := File(r, people, "pop/jan-peeters/2026-11-13-prep-manager.md", mgr)
	if len(got) != 1 || got[0].Rule != RuleSectionUnanswered || !strings.Contains(got[0].Hint, "note your thoughts under ## 2. Chances and needs in the team") {
		t.Errorf("manager's prep: %+v", got)
	}
	if got := File(r, people, "pop/jan-peeters/2026-11-13-prep.md", mgr); len(got) == 0 || got[0].Rule != RulePathMismatch {
		t.Errorf("manager's prep at the employee's path: %+v", got)
	}
}
