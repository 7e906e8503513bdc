package signoff

import (
	"fmt"
	"time"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// More reasons a sign-off does not count (the others are in verify.go).
const (
	reasonTwoPeople   = "key of two people"
	reasonNoUserID    = "key without a user id for the signer"
	reasonSelf        = "employee and manager are the same person"
	reasonNotManager  = "not the employee's manager on the POP's date"
	reasonPathContent = "signed content does not match its path"
)

// sigSlack is how long after its commit's committer date an OpenPGP
// signature may have been made. The committer date is the signer's to
// choose anyway; the slack only keeps a slow gpg from failing its own
// signature.
const sigSlack = 5 * time.Minute

// signedHead is what a signed POP's front matter says of whose it is:
// what the judge needs to know whom a sign-off binds (SPEC §6.2). Only
// these are kept, not the parsed document, to keep memory flat.
type signedHead struct {
	Employee, Manager, Kind string
	Date                    pop.Date
}

func signedHeadOf(path string, data []byte) signedHead {
	doc := pop.ParseFrontMatter(path, data)
	return signedHead{Employee: doc.Employee, Manager: doc.Manager, Kind: doc.Kind, Date: doc.Date}
}

// judgeSignatures checks that a sign-off commit carries exactly one
// signature (SPEC §6.3). It comes before judgeTrailers: a squash merge's
// message holds several sign-offs' trailers and no signature, and the
// hint for that says more than "malformed". It returns "" when it does.
func judgeSignatures(c *rawCommit, t trailers) (reason, hint string) {
	switch {
	case len(c.Signatures) == 0:
		hint := "sign with pop sign, or git commit -S with these trailers"
		if t.looksSquashed() {
			hint = "this looks like a squash or rebase merge, which drops signatures; the signed commits count when refs/pop/* is pushed and fetched (git fetch origin 'refs/pop/*:refs/pop/*')"
		}
		return reasonUnsigned, hint
	case len(c.Signatures) > 1 || countBlocks(c.Signatures[0]) > 1:
		return reasonTwoSigs, "a sign-off commit carries exactly one signature"
	}
	return "", ""
}

// signerID is whom the signed content names in role: the person whose
// key must have signed.
func signerID(d signedHead, role Role) string {
	if role == RoleManager {
		return d.Manager
	}
	return d.Employee
}

// newSignOff is the sign-off a valid commit c with trailers t records for
// the person with email, signed by method and key. judge and the verify
// cache both make theirs here, so that what a sign-off carries from its
// trailers (the reason and disputed goals of a disagreement) is the same
// whichever made it.
func newSignOff(c *rawCommit, t trailers, person, email, method, key string) *SignOff {
	so := &SignOff{Role: Role(t.Role), Decision: Decision(t.Decision), Person: person, Email: email,
		Commit: c.ID.String(), When: c.When, Method: method, Key: key}
	if so.Decision == DecisionDisagreed {
		so.Reason = t.Reason
		so.Goals = t.goals()
	}
	return so
}

// judgeTrailers checks a sign-off's trailers (SPEC §6.1): read from the
// final trailer block only, none outside it or repeated with another
// value, and a role, a decision and a SHA-256 pop knows. It returns ""
// when they are good.
func judgeTrailers(t trailers) (reason, hint string) {
	role, decision := Role(t.Role), Decision(t.Decision)
	switch {
	case t.Malformed != "":
		return reasonTrailers, t.Malformed + "; pop reads the Pop- trailers from the message's final trailer block only"
	case (role != RoleEmployee && role != RoleManager) ||
		(decision != DecisionAgreed && decision != DecisionSeen && decision != DecisionDisagreed) ||
		len(t.SHA256) != 64:
		return reasonTrailers, "a sign-off needs Pop-Sign-Off employee|manager, Pop-Decision agreed|seen|disagreed, Pop-File and Pop-SHA256"
	}
	return "", ""
}

// judgeKey checks that the key of a good signature counts for person in
// role at when (SPEC §6.2). It returns "" when it does.
func judgeKey(sc *sigCheck, person repo.Person, role Role, when time.Time, tr *trust) (reason, hint string) {
	var r string
	switch {
	case sc.pub != nil:
		r = tr.sshAllowed(sc.pub, person.Email, when)
	case sc.entity != nil:
		r = tr.pgpAllowed(sc.entity, person, when)
	default:
		return reasonBadSignature, "not an SSH or OpenPGP signature"
	}
	switch r {
	case "":
		return "", ""
	case reasonTwoPeople:
		return r, fmt.Sprintf("key %s is registered for more than one person, so it counts for none; remove it where it does not belong", sc.key)
	case reasonNoUserID:
		return r, fmt.Sprintf("key %s in %s's key file has no valid self-signed user id with %s", sc.key, person.ID, person.Email)
	case reasonOtherPerson:
		if sc.entity != nil {
			return r, fmt.Sprintf("key %s is not in %s's own key file (%s.asc), the %s", sc.key, person.ID, person.ID, role)
		}
	}
	return r, fmt.Sprintf("key %s is not allowed for %s (%s, the %s)", sc.key, person.Email, person.ID, role)
}

// judgePeople checks whom the signed content names (SPEC §6.2): its
// employee, date and kind are those of its path; employee and manager
// are two people of the trusted registry; and the manager is the
// employee's manager on the POP's date. It returns "" when they are.
func judgePeople(path string, d signedHead, tr *trust) (reason, hint string) {
	f := repo.ParseFilePath(tr.dir, path)
	kind := d.Kind
	if kind == "" {
		kind = pop.KindPOP
	}
	if f.Person != d.Employee || f.Date != d.Date || f.Kind != kind {
		return reasonPathContent, fmt.Sprintf("the content names employee %s, date %s and kind %s; its path says %s, %s and %s",
			idOrValue(d.Employee), orNone(d.Date.String()), idOrValue(kind), idOrValue(f.Person), orNone(f.Date.String()), idOrValue(f.Kind))
	}
	for _, id := range []string{d.Employee, d.Manager} {
		if _, ok := tr.persons.Get(id); !ok || id == "" {
			return reasonUnknownPers, fmt.Sprintf("the signed content names %s, who is not in the trusted registry", idOrValue(id))
		}
	}
	if d.Employee == d.Manager {
		return reasonSelf, "a POP is agreed between two people: name the employee's manager as manager"
	}
	if m := managerOn(tr.persons, d.Employee, d.Date); m != d.Manager {
		return reasonNotManager, fmt.Sprintf("the trusted registry gives %s as %s's manager on %s, not %s", orNone(m), d.Employee, d.Date, d.Manager)
	}
	return "", ""
}

// managerOn returns the manager of person on date according to the
// registry's reporting line over time (SPEC §12), "" when none. pop check,
// pop sign and verify all read it through repo's ManagerOn, so a change
// of manager keeps the older POPs valid by one rule.
func managerOn(people *repo.People, person string, date pop.Date) string {
	return people.ManagerOn(person, date)
}

// idOrValue names an id read from signed content in a finding, which CI
// output carries: an id as it is, anything else (free text an attacker
// may have put there) not at all.
func idOrValue(s string) string {
	switch {
	case s == "":
		return "none"
	case repo.IsSlug(s):
		return s
	}
	return "a value that is no id"
}

func orNone(s string) string {
	if s == "" {
		return "no one"
	}
	return s
}
