package pop

import (
	"strings"
	"testing"
)

const base = `---
pop: 1
kind: pop
employee: jan
manager: an
date: 2026-11-20
next_conversation: 2027-05-20
goals:
  - id: a
    goal: Learn Go
    measure: training
    action: Course
    timing: 2027-Q1
    support: Time
    follow_up: next
    status: planned
  - id: b
    goal: Coach others
    measure: coaching
    action: Pairing
    timing: ongoing
    support: Hours
    follow_up: +3m
---

## 1. Opening

Fine.

## 2. Looking back

Good year.
`

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name      string
		from, to  string
		want      []string // Field of each change
		agreement bool
	}{
		{"same", "", "", nil, false},
		{"status only", "    status: planned", "    status: in-progress", []string{"goals[a].status"}, false},
		{"update added", "    follow_up: +3m\n", "    follow_up: +3m\n    updates:\n      - {date: 2027-01-10, note: started}\n", []string{"goals[b].updates"}, false},
		{"timing", "    timing: 2027-Q1", "    timing: 2027-Q2", []string{"goals[a].timing"}, true},
		{"goal removed", "  - id: b\n    goal: Coach others\n    measure: coaching\n    action: Pairing\n    timing: ongoing\n    support: Hours\n    follow_up: +3m\n", "", []string{"goals[b]"}, true},
		{"goal added", "---\n\n## 1.", "  - id: c\n    goal: New\n---\n\n## 1.", []string{"goals[c]"}, true},
		{"manager", "manager: an", "manager: tom", []string{"manager"}, true},
		{"body section", "Good year.", "Bad year.", []string{"section[2. Looking back]"}, true},
		{"text before sections", "---\n\n## 1.", "---\n\nIntro.\n\n## 1.", []string{"body"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			to := base
			if tc.from != "" || tc.to != "" {
				if !strings.Contains(base, tc.from) {
					t.Fatalf("base lacks %q", tc.from)
				}
				to = strings.Replace(base, tc.from, tc.to, 1)
			}
			a, b := Parse("a.md", []byte(base)), Parse("b.md", []byte(to))
			if len(b.Problems) > 0 {
				t.Fatalf("edited file has problems: %+v", b.Problems)
			}
			changes := Compare(a, b)
			var got []string
			for _, c := range changes {
				got = append(got, c.Field)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("changes %q, want %q", got, tc.want)
			}
			if AgreementChanged(changes) != tc.agreement {
				t.Errorf("AgreementChanged = %v, want %v", !tc.agreement, tc.agreement)
			}
		})
	}
}

func TestCompareValues(t *testing.T) {
	a := Parse("a.md", []byte(base))
	b := Parse("b.md", []byte(strings.Replace(base, "timing: 2027-Q1", "timing: 2027-Q2", 1)))
	c := Compare(a, b)
	if len(c) != 1 || c[0].Old != "2027-Q1" || c[0].New != "2027-Q2" || c[0].Goal != "a" || c[0].Progress {
		t.Errorf("got %+v", c)
	}
}
