package repo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seeds adds the repository's own examples of a file kind to a fuzz
// corpus: the test fixtures and what pop init writes.
func seeds(f *testing.F, globs ...string) {
	for _, g := range globs {
		names, _ := filepath.Glob(g)
		for _, n := range names {
			if data, err := os.ReadFile(n); err == nil {
				f.Add(data)
			}
		}
	}
}

// FuzzParseConfig: .pop.yaml comes from a pull request. Any bytes give a
// config or a ConfigError with a position inside the file; never a
// panic.
func FuzzParseConfig(f *testing.F) {
	seeds(f, "../../testdata/pops/rules/*.pop.yaml")
	for _, s := range []string{
		"lang: en\ndir: team/pop\nhorizon: 6m\noverdue:\n  unsigned_after: 14d\nrules:\n  goal-missing-measure: off\n",
		"verify:\n  accept_seen: true\n",
		"lang: &a nl\ndir: *a\n",
		"rules: {a: error, a: off}\n",
		"overdue: [1, 2]\n",
		"dir: ../outside\n",
		"---\nlang: nl\n...\n---\nlang: en\n",
		"org_goals:\n  - {id: klantgericht, title: Klantgericht werken}\nbudgets:\n  2027: [4000 EUR, 500 USD]\n  2028: 3000 EUR\n",
		"budgets: {2027: [[1]]}\n",
		"org_goals: [{id: a}, {id: a}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(ConfigFile, data)
		var ce *ConfigError
		if err == nil {
			// What parsed is what the rest of pop relies on.
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
			return
		}
		if !errors.As(err, &ce) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		lines := yamlLines(data)
		if ce.Pos.Line < 1 || ce.Pos.Line > lines+1 {
			t.Errorf("error at line %d of a file of %d lines: %v", ce.Pos.Line, lines, err)
		}
	})
}

// FuzzParsePeople: the registry comes from a pull request. Any bytes give
// a registry with problems at positions inside the file, or an error;
// every person listed has an id that can be found again.
func FuzzParsePeople(f *testing.F) {
	seeds(f, "../../testdata/pops/rules/*.yaml")
	for _, s := range []string{
		"- {id: an, name: An, email: an@example.com}\n- id: jan\n  name: Jan\n  email: jan@example.com\n  manager: an\n",
		"- id: a\n  id: b\n",
		"- {id: a, note: x, y}\n",
		"- &p {id: a}\n- *p\n",
		"jan: Jan\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, probs, err := ParsePeople(".pop/people.yaml", data)
		if err != nil {
			return
		}
		lines := yamlLines(data)
		for _, pr := range probs {
			if pr.Pos.Line < 1 || pr.Pos.Line > lines+1 || pr.Message == "" {
				t.Errorf("problem %+v in a file of %d lines", pr, lines)
			}
		}
		for _, per := range p.List {
			if got, ok := p.Get(per.ID); !ok || got.ID != per.ID {
				t.Errorf("person %q cannot be found by id", per.ID)
			}
		}
	})
}

// FuzzParseAllowedSigners: the allowed-signers file comes from a pull
// request too.
func FuzzParseAllowedSigners(f *testing.F) {
	for _, s := range []string{
		"jan@example.com namespaces=\"git\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxqkqCUDB3bJWsYCpDD5PXDR6ExCMNHD8GxnZsEmMvz\n",
		"# comment\n\n\"a@x,b@y\" cert-authority,valid-after=\"20260101\",valid-before=\"20270101\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxqkqCUDB3bJWsYCpDD5PXDR6ExCMNHD8GxnZsEmMvz\n",
		"a@x ssh-rsa AAAA\n",
		"a@x namespaces=\"git ssh-ed25519\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		signers, err := ParseAllowedSigners(".pop/allowed_signers", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), ".pop/allowed_signers:") {
				t.Errorf("error does not name the file and line: %v", err)
			}
			return
		}
		for _, s := range signers {
			if s.Key == nil || s.Line < 1 {
				t.Errorf("signer without key or line: %+v", s)
			}
		}
	})
}

// yamlLines counts lines as YAML does: CRLF, CR, LF, NEL, LS and PS each
// end one.
func yamlLines(data []byte) int {
	s := strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n").Replace(string(data))
	return strings.Count(s, "\n") + 1
}
