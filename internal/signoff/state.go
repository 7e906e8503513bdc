// Package signoff records and verifies sign-off of POPs as signed git
// commits (SPEC §6).
package signoff

import (
	"slices"
	"time"

	"github.com/popdev/pop/internal/gitx"
	"github.com/popdev/pop/internal/repo"
)

// State is where a POP stands in its sign-off.
type State string

// The sign-off states of a POP.
const (
	Unsigned       State = "unsigned"
	EmployeeSigned State = "employee-signed"
	ManagerSigned  State = "manager-signed"
	Agreed         State = "agreed" // both agreed
	Seen           State = "seen"   // both signed, at least one only "seen"
	Disagreed      State = "disagreed"
	Changed        State = "changed" // the agreement changed after a sign-off
	Invalid        State = "invalid"
)

// Role is the part a person plays in a POP.
type Role string

// The roles that sign off.
const (
	RoleEmployee Role = "employee"
	RoleManager  Role = "manager"
)

// Decision is what a signer says of a POP.
type Decision string

// The decisions a signer can make.
const (
	DecisionAgreed    Decision = "agreed"    // "voor akkoord"
	DecisionSeen      Decision = "seen"      // "voor gezien": received and read
	DecisionDisagreed Decision = "disagreed" // refuses, with a reason
)

// SignOff is a valid sign-off of one POP by one role.
type SignOff struct {
	Role     Role
	Decision Decision
	Reason   string   // for a disagreement
	Goals    []string // for a disagreement: the disputed goals' ids, when named
	Person   string   // person id
	Email    string
	Commit   string    // hex id of the sign-off commit
	When     time.Time // committer date of the sign-off commit
	Method   string    // "ssh" or "openpgp"
	Key      string    // key fingerprint
	// Progress is set when the file changed since in progress fields only.
	Progress bool
}

// Finding is a sign-off that does not count, and why.
type Finding struct {
	Path   string
	Commit string
	Reason string
	Hint   string
}

// Status is the sign-off state of one POP at a revision.
type Status struct {
	Path     string
	State    State
	Employee *SignOff // newest valid sign-off per role, nil when none
	Manager  *SignOff
	Changed  []string  // agreement fields changed after a sign-off
	Invalid  []Finding // sign-offs that do not count
	// Elsewhere are sign-offs of content the revision never held (a
	// proposal on another branch, an abandoned pull request): they do not
	// affect the state (SPEC §6.3).
	Elsewhere []Elsewhere
}

// Elsewhere is a sign-off of this POP's path on content the revision
// never held.
type Elsewhere struct {
	Commit   string
	Role     Role
	Decision Decision
	Reason   string // why it would not count either, "" when it is valid
}

// Require is what pop verify requires of each POP it judges (SPEC §6.5).
type Require string

// The requirements --require accepts.
const (
	RequireAgreed  Require = "agreed"  // both agreed (seen too, with verify.accept_seen)
	RequireDecided Require = "decided" // both decided: agreed, seen or disagreed
)

// Policy is the one place that says which states pass pop verify.
type Policy struct {
	Require    Require // "" is RequireAgreed
	AcceptSeen bool    // verify.accept_seen in .pop.yaml
}

// Pass reports whether a POP in state s passes.
func (p Policy) Pass(s State) bool {
	switch s {
	case Agreed:
		return true
	case Seen:
		return p.AcceptSeen || p.Require == RequireDecided
	case Disagreed:
		return p.Require == RequireDecided
	}
	return false
}

// Options say what to verify.
type Options struct {
	Repo  *repo.Repo
	Rev   string   // revision whose POPs are verified; "" is HEAD
	Trust string   // revision to read people and keys from; "" is Rev
	Paths []string // root-relative POP paths; none means every POP
	// Drafts reports a path in Paths that is not at Rev as unsigned
	// instead of failing: a POP being written in the work tree has not
	// been committed, so nothing has signed it yet.
	Drafts bool
	// Changed, when set, limits the POPs judged to those added or changed
	// between the merge base of Changed and Rev, and Rev (SPEC §6.5).
	Changed string
	// Git reads the repository; nil opens it with gitx.Open. Tests pass
	// the implementation they want.
	Git gitx.Repo
	// NoCache judges every sign-off afresh, neither reading nor writing
	// the verify cache in the git directory (see cache.go).
	NoCache bool
	// Progress, when set, is called once for each signature checked (the
	// slow part of a run the cache does not cover), one call at a time.
	Progress func()
}

// Report is the outcome of Verify.
type Report struct {
	Statuses []Status // sorted by path
}

// DisputedGoals returns the ids of the goals the current disagreements
// name, the employee's first; nil when no side disagreed about a goal.
func (s Status) DisputedGoals() []string {
	var out []string
	for _, so := range []*SignOff{s.Employee, s.Manager} {
		if so == nil || so.Decision != DecisionDisagreed {
			continue
		}
		for _, g := range so.Goals {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out
}
