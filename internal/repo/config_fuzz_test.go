package repo

import (
	"strings"
	"testing"
)

// FuzzParseConfig: .pop.yaml comes with a pull request like any POP, so
// its parser, org_goals and budgets included, never panics and either
// fails with a position or gives slug ids and four-digit years.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"lang: en\nhorizon: 6m\n",
		"org_goals:\n  - {id: klantgericht, title: Klantgericht werken}\nbudgets:\n  2027: [4000 EUR, 500 USD]\n  2028: 3000 EUR\n",
		"budgets: {2027: [[1]]}\n",
		"org_goals: [{id: a}, {id: a}]\n",
		"rules: {x: off}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(".pop.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), ".pop.yaml:") {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		for _, g := range c.OrgGoals {
			if !IsSlug(g.ID) {
				t.Fatalf("org goal id %q is not a slug", g.ID)
			}
		}
		for _, b := range c.Budgets {
			if b.Year < 1000 || b.Year > 9999 {
				t.Fatalf("budget year %d", b.Year)
			}
		}
	})
}
