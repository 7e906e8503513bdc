package signoff

import (
	"slices"
	"testing"

	"github.com/popdev/pop/internal/gitx"
)

// combine is pure: judgments and facts in, a state out. These cases run
// without git.
func TestCombine(t *testing.T) {
	cur, old, prog, proposal := gitx.Hash{1}, gitx.Hash{2}, gitx.Hash{3}, gitx.Hash{4}
	n := 0
	so := func(role Role, d Decision, blob gitx.Hash) judged {
		n++
		id := gitx.Hash{0xa0, byte(n)}
		return judged{
			s: &signed{c: &rawCommit{ID: id}, t: trailers{Role: string(role), Decision: string(d)}, order: n},
			j: judgment{blob: blob, found: true, so: &SignOff{Role: role, Decision: d, Commit: id.String()}},
		}
	}
	bad := func(role Role, blob gitx.Hash, found, onRev bool) judged {
		n++
		id := gitx.Hash{0xb0, byte(n)}
		return judged{
			s: &signed{c: &rawCommit{ID: id}, t: trailers{Role: string(role)}, order: n, onRev: onRev},
			j: judgment{blob: blob, found: found, finding: &Finding{Commit: id.String(), Reason: reasonUnknownKey}},
		}
	}
	f := facts{
		changes: map[gitx.Hash][]string{old: {"goals[a].timing"}, prog: {}, proposal: {"goals[a].measure"}},
		held:    map[gitx.Hash]bool{old: true, prog: true},
	}
	regular := gitx.Entry{Mode: gitx.Regular, ID: cur}
	for _, c := range []struct {
		name      string
		entry     gitx.Entry
		js        []judged
		state     State
		changed   []string
		elsewhere int
		invalid   int
	}{
		{"none", regular, nil, Unsigned, nil, 0, 0},
		{"both on the current content", regular, []judged{so(RoleEmployee, DecisionAgreed, cur), so(RoleManager, DecisionAgreed, cur)}, Agreed, nil, 0, 0},
		{"progress since", regular, []judged{so(RoleEmployee, DecisionAgreed, prog), so(RoleManager, DecisionAgreed, cur)}, Agreed, nil, 0, 0},
		{"an earlier agreement held", regular, []judged{so(RoleEmployee, DecisionAgreed, old), so(RoleManager, DecisionAgreed, cur)}, Changed, []string{"goals[a].timing"}, 0, 0},
		{"newer decides over an earlier", regular, []judged{so(RoleEmployee, DecisionDisagreed, cur), so(RoleEmployee, DecisionAgreed, old)}, Disagreed, nil, 0, 0},
		{"a proposal never held", regular, []judged{so(RoleEmployee, DecisionAgreed, cur), so(RoleManager, DecisionAgreed, cur), so(RoleManager, DecisionAgreed, proposal)}, Agreed, nil, 1, 0},
		{"an invalid proposal", regular, []judged{bad(RoleManager, proposal, true, false), so(RoleEmployee, DecisionAgreed, cur)}, EmployeeSigned, nil, 1, 0},
		{"an invalid sign-off of the content", regular, []judged{bad(RoleManager, cur, true, false)}, Invalid, nil, 0, 1},
		{"missing content, in history", regular, []judged{bad(RoleManager, gitx.Hash{}, false, true)}, Invalid, nil, 0, 1},
		{"missing content, only under a ref", regular, []judged{bad(RoleManager, gitx.Hash{}, false, false)}, Unsigned, nil, 1, 0},
		{"a symlink", gitx.Entry{Mode: gitx.Symlink, ID: cur}, []judged{so(RoleEmployee, DecisionAgreed, cur)}, Invalid, nil, 0, 1},
		{"a submodule", gitx.Entry{Mode: gitx.Submodule, ID: cur}, nil, Invalid, nil, 0, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := combine("pop/a/2026-01-01.md", c.entry, c.js, f)
			if st.State != c.state || !slices.Equal(st.Changed, c.changed) || len(st.Elsewhere) != c.elsewhere || len(st.Invalid) != c.invalid {
				t.Errorf("state %s changed %v elsewhere %d invalid %d; want %s %v %d %d",
					st.State, st.Changed, len(st.Elsewhere), len(st.Invalid), c.state, c.changed, c.elsewhere, c.invalid)
			}
		})
	}
}
