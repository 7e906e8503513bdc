package pop

import (
	"strings"
	"testing"
)

func TestScaffoldLookBackAndPassedTiming(t *testing.T) {
	prev := Parse("p.md", []byte(`---
goals:
  - {id: open, goal: Open doel, timing: 2026-Q1, follow_up: next, evaluation: Kort, org_goal: groei, status: in-progress}
  - id: klaar
    goal: "Klaar\n  doel"
    status: done
    updates:
      - {date: 2026-01-02, note: eerst}
      - {date: 2026-03-04, note: "nu   klaar"}
  - {id: weg, goal: Weg, status: dropped}
---
`))
	if len(prev.Problems) > 0 {
		t.Fatal(prev.Problems)
	}
	date, _ := ParseDate("2026-11-20")
	s := Scaffold{Kind: KindPOP, Employee: "jan", Manager: "an", Date: date, NextConversation: date.AddMonths(6),
		Carried: prev.OpenGoals(), Previous: prev.Goals, PreviousDate: date.AddMonths(-12)}
	out, err := s.Render([]byte("{{range .Closed}}- {{.ID}} {{.Status}} {{.Updated}} {{.Goal}}: {{.Note}}\n{{end}}{{len .Earlier}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{
		"    timing: 2026-Q1 # passed: agree a new timing\n",
		"    evaluation: Kort\n",
		"    org_goal: groei\n",
		"- klaar done 2026-03-04 Klaar doel: nu klaar\n",
		"- weg dropped  Weg: \n",
		"\n3\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	if strings.Contains(text, "id: klaar") {
		t.Error("a done goal was carried over")
	}
	if TimingPassed(prev.Goals[0], NewDate(2026, 3, 31)) || !TimingPassed(prev.Goals[0], NewDate(2026, 4, 1)) {
		t.Error("TimingPassed is off by a day")
	}
}
