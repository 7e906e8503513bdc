package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/popdev/pop/internal/signoff"
)

func verifySample() VerifyOutput {
	when := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	sts := []signoff.Status{
		{Path: "pop/a/2026-01-01.md", State: signoff.Agreed,
			Employee: &signoff.SignOff{Role: signoff.RoleEmployee, Decision: signoff.DecisionAgreed, Person: "a", Commit: "0123456789abcdef0123", When: when, Progress: true},
			Manager:  &signoff.SignOff{Role: signoff.RoleManager, Decision: signoff.DecisionAgreed, Person: "m", Commit: "fedcba9876543210fedc", When: when},
			Invalid:  []signoff.Finding{{Commit: "aaaaaaaaaaaaaaaa", Reason: "trailers without signature", Hint: "squash"}}},
		{Path: "pop/b/2026-01-01.md", State: signoff.Changed, Changed: []string{"goals[x].timing", "manager"}},
		{Path: "pop/c,d/2026-01-01.md", State: signoff.Seen},
	}
	return NewVerifyOutput("HEAD", sts, func(s signoff.State) bool { return s == signoff.Agreed })
}

func TestWriteVerify(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  []string
	}{
		{"text", func(b *bytes.Buffer) error { return WriteVerifyText(b, verifySample(), Style{}) }, []string{
			"pop/a/2026-01-01.md: agreed\n",
			"  employee a agreed, 0123456789ab 2026-11-21, progress updated since\n",
			"  not counted: aaaaaaaaaaaa: trailers without signature\n    squash\n",
			"pop/b/2026-01-01.md: changed\n  changed after sign-off: goals[x].timing, manager\n",
			"3 POPs: 1 agreed, 1 changed, 1 seen\n",
		}},
		{"github", func(b *bytes.Buffer) error { return WriteVerifyGitHub(b, verifySample()) }, []string{
			"::warning file=pop/a/2026-01-01.md,title=pop verify::sign-off aaaaaaaaaaaa does not count: trailers without signature\n",
			"::error file=pop/b/2026-01-01.md,title=pop verify::sign-off state: changed; changed after sign-off: goals[x].timing, manager\n",
			"::error file=pop/c%2Cd/2026-01-01.md,title=pop verify::sign-off state: seen\n",
		}},
		{"json", func(b *bytes.Buffer) error { return WriteJSON(b, verifySample()) }, []string{
			`"ok": false`, `"progress_updated": true`, `"manager": null`, `"changed": []`, `"invalid": []`, `"date": "2026-11-21T10:00:00Z"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("missing %q in\n%s", w, b.String())
				}
			}
		})
	}
}
