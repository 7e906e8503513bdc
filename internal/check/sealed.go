package check

import (
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
)

// Rules of sealed POPs (SPEC §8).
const (
	RuleNotSealed        = "pop-not-sealed"
	RuleSealedEnvelope   = "sealed-envelope"
	RuleSealedUnexpected = "sealed-recipient-unexpected"
	RuleSealedMissing    = "sealed-recipient-missing"
)

// notSealed reports a POP or prep note in clear in a repository whose
// .pop.yaml says seal: true: the leak is caught before it is pushed.
func (c *checker) notSealed(d *pop.Doc) {
	if !c.cfg.Seal || c.opened || d.Sealed != "" || !d.HasFrontMatter {
		return
	}
	if d.Kind != pop.KindPOP && d.Kind != pop.KindPrep {
		return
	}
	c.add(RuleNotSealed, pop.Pos{Line: 1, Col: 1}, "", "the file is in clear, and .pop.yaml says seal: true", "seal it with pop seal "+c.rel+" before you commit it")
}

// envelope checks a sealed file without a key: its armor and age
// headers, and whom each block is sealed to as far as the stanzas show.
// data is the file; keys may be nil when allowed_signers could not be
// read, and the recipients are then not checked.
func (c *checker) envelope(d *pop.Doc, data []byte, keys *seal.Keyring) {
	if d.Sealed != seal.Format {
		p, _ := d.ValuePos("sealed")
		c.add(RuleSealedEnvelope, p, "sealed", "sealed names a format this pop does not know", "write sealed: "+seal.Format+", as pop seal does")
		return
	}
	// The clear front matter is d: read only the blocks.
	f, err := seal.ParseEnvelope(data)
	var fe *seal.FormatError
	switch {
	case errors.As(err, &fe):
		msg := "sealed file: " + fe.Msg
		if fe.Block != "" {
			msg = "the " + fe.Block + " block: " + fe.Msg
		}
		c.add(RuleSealedEnvelope, pop.Pos{Line: fe.Line, Col: 1}, "", msg, "restore the file from git, or seal the clear text again with pop seal")
		return
	case err != nil:
		c.add(RuleSealedEnvelope, pop.Pos{Line: 1, Col: 1}, "", "the sealed file cannot be read", "restore the file from git")
		return
	}
	if keys == nil || d.Employee == "" {
		return
	}
	// shared: stands in clear, where anyone may write it: only the people
	// a block is sealed to already are shared with (pop share adds them,
	// with a key that opens the note). A name written there by hand is
	// no share, and pop reseal must not be the way to make it one.
	shared := keys.SharedWith(f.Agreement, d.Shared)
	if d.Kind == pop.KindPrep {
		for _, id := range d.Shared {
			if contains(shared, id) {
				continue
			}
			if rs, err := keys.For([]string{id}); err == nil && visible(rs) {
				p, _ := d.ValuePos("shared")
				c.add(RuleSealedEnvelope, p, "shared", fmt.Sprintf("shared names %s, but the note is not shared with %s: neither block is sealed to a key of theirs", id, id),
					fmt.Sprintf("a note is shared with pop share %s --with %s, by someone whose key opens it; pop reseal %s drops a name written here by hand", c.rel, id, c.rel))
			}
		}
	}
	var want []seal.Recipient
	for _, id := range seal.ReadersOf(d, c.cfg.Readers, shared) {
		// A person without a key cannot be in the envelope; pop seal
		// says so when it seals, and employee-unknown names the rest.
		if rs, err := keys.For([]string{id}); err == nil {
			want = append(want, rs...)
		}
	}
	for _, b := range []seal.Block{f.Agreement, f.Progress} {
		at := pop.Pos{Line: b.Line, Col: 1}
		e := seal.Audit(b, want)
		for _, s := range e.Unexpected {
			who := "an ssh key that is not registered"
			if id := keys.Who(s); id != "" {
				who = "a key of " + id + ", who is not one of its readers"
			}
			c.add(RuleSealedUnexpected, at, "", fmt.Sprintf("the %s block is sealed to %s", b.Name, who), "pop reseal "+c.rel+" seals it to its readers alone; rotate the block's text if that reader should never have had it")
		}
		for _, s := range e.Other {
			c.add(RuleSealedUnexpected, at, "", fmt.Sprintf("the %s block is sealed to a %s recipient, which pop never writes", b.Name, stanzaType(s)), "pop reseal "+c.rel+" seals it to its readers alone")
		}
		if e.AgeFound > e.AgeWanted {
			c.add(RuleSealedUnexpected, at, "", fmt.Sprintf("the %s block is sealed to %d age keys, but its readers have %d", b.Name, e.AgeFound, e.AgeWanted), "pop reseal "+c.rel+" seals it to its readers alone")
		}
		var missing []string
		for _, r := range e.Missing {
			missing = append(missing, r.Person)
		}
		if n := e.AgeWanted - e.AgeFound; n > 0 {
			missing = append(missing, fmt.Sprintf("%d age key(s)", n))
		}
		if len(missing) > 0 {
			c.add(RuleSealedMissing, at, "", fmt.Sprintf("the %s block is not yet sealed to a registered key of %s", b.Name, strings.Join(dedup(missing), ", ")), "run pop reseal "+c.rel+" (with a key that opens it) to add them")
		}
	}
}

// stanzaType names a stanza's type when it is a plain word, as pop's
// own types are; anything else may be text and is not repeated.
func stanzaType(s age.Stanza) string {
	if repo.IsSlug(strings.ToLower(s.Type)) && len(s.Type) <= 32 {
		return s.Type
	}
	return "foreign"
}

func dedup(list []string) []string {
	var out []string
	for _, s := range list {
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// visible reports whether one of rs shows in its stanza, so that whether
// a block is sealed to it can be told without a key.
func visible(rs []seal.Recipient) bool {
	for _, r := range rs {
		if r.Visible() {
			return true
		}
	}
	return false
}
