package signoff

import (
	"sort"

	"github.com/popdev/pop/internal/gitx"
)

// judged is one sign-off and what judge made of it.
type judged struct {
	s *signed
	j judgment
}

// facts is what combine needs to know of history beyond the sign-offs,
// gathered before it runs so that it stays a pure function.
type facts struct {
	// changes holds, per signed blob that differs from the POP at the
	// revision, the agreement fields that differ: empty when only
	// progress differs.
	changes map[gitx.Hash][]string
	// held is the set of blobs the POP's path held in the revision's
	// history (asked of git only for sign-offs that need it).
	held map[gitx.Hash]bool
}

// combine judges one POP at a revision from the sign-offs naming it
// (SPEC §6.3): a sign-off speaks for the content it signed, nothing else.
func combine(path string, cur gitx.Entry, js []judged, f facts) Status {
	st := Status{Path: path, Invalid: []Finding{}}
	if !cur.IsRegular() {
		st.State = Invalid
		st.Invalid = append(st.Invalid, Finding{Path: path, Reason: reasonNotRegular,
			Hint: "a POP is committed as a regular file, not as a " + modeName(cur.Mode)})
		return st
	}
	sort.SliceStable(js, func(a, b int) bool { return js[a].s.order < js[b].s.order })
	sameAgreement := func(blob gitx.Hash) bool {
		c, ok := f.changes[blob]
		return blob == cur.ID || (ok && len(c) == 0)
	}
	// held reports whether the revision ever held what a sign-off signed:
	// its blob, or, when its tree has no such file, its commit.
	held := func(x judged) bool {
		if x.j.found {
			return x.j.blob == cur.ID || f.held[x.j.blob]
		}
		return x.s.onRev
	}
	invalidRole := map[Role]bool{}
	var current, earlier [2]*judged // per role: the newest valid sign-off of this agreement, of an earlier one
	for i := range js {
		x := &js[i]
		if x.j.finding != nil {
			if held(*x) {
				st.Invalid = append(st.Invalid, *x.j.finding)
				invalidRole[Role(x.s.t.Role)] = true
			} else {
				st.Elsewhere = append(st.Elsewhere, elsewhere(x, x.j.finding.Reason))
			}
			continue
		}
		r := roleIndex(x.j.so.Role)
		switch {
		case sameAgreement(x.j.blob):
			if current[r] == nil {
				current[r] = x
			}
		case held(*x):
			if earlier[r] == nil {
				earlier[r] = x
			}
		default:
			st.Elsewhere = append(st.Elsewhere, elsewhere(x, ""))
		}
	}
	seen := map[string]bool{}
	for r := range 2 {
		x := current[r]
		if x == nil && earlier[r] != nil {
			x = earlier[r]
			for _, c := range f.changes[x.j.blob] {
				if !seen[c] {
					seen[c] = true
					st.Changed = append(st.Changed, c)
				}
			}
		}
		if x == nil {
			continue
		}
		so := *x.j.so
		so.Progress = x.j.blob != cur.ID && current[r] == x
		if r == 0 {
			st.Employee = &so
		} else {
			st.Manager = &so
		}
	}
	st.State = stateOf(st, invalidRole)
	return st
}

func roleIndex(r Role) int {
	if r == RoleManager {
		return 1
	}
	return 0
}

func elsewhere(x *judged, reason string) Elsewhere {
	return Elsewhere{Commit: x.s.c.ID.String(), Role: Role(x.s.t.Role), Decision: Decision(x.s.t.Decision), Reason: reason}
}

func modeName(m gitx.Mode) string {
	switch m {
	case gitx.Symlink:
		return "symlink"
	case gitx.Submodule:
		return "submodule (gitlink)"
	case gitx.Dir:
		return "folder"
	}
	return "mode " + m.String()
}

func stateOf(st Status, invalidRole map[Role]bool) State {
	e, m := st.Employee, st.Manager
	switch {
	case len(st.Changed) > 0:
		return Changed
	case (invalidRole[RoleEmployee] && e == nil) || (invalidRole[RoleManager] && m == nil) ||
		(len(invalidRole) > 0 && e == nil && m == nil):
		return Invalid
	case (e != nil && e.Decision == DecisionDisagreed) || (m != nil && m.Decision == DecisionDisagreed):
		return Disagreed
	case e != nil && m != nil:
		if e.Decision == DecisionAgreed && m.Decision == DecisionAgreed {
			return Agreed
		}
		return Seen
	case e != nil:
		return EmployeeSigned
	case m != nil:
		return ManagerSigned
	}
	return Unsigned
}
