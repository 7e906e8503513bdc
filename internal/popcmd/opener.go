package popcmd

import (
	"fmt"

	"filippo.io/age"

	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
)

// opener opens sealed files for the commands that show sealed text when
// they can (render, diff, new): the user's identities are looked up at
// the first sealed file, and the files no key opens are counted so that
// the command can say so once.
type opener struct {
	env      *Env
	r        *repo.Repo
	identity string // --identity, or ""

	loaded bool
	ids    []age.Identity
	err    error // finding the identities failed
	// Failed lists the files that could not be opened.
	Failed []string
}

func newOpener(env *Env, r *repo.Repo, identity string) *opener {
	return &opener{env: env, r: r, identity: identity}
}

// Open returns the clear text of a sealed file, or nil when no key opens
// it (or the clear fields were changed without pop edit).
func (o *opener) Open(rel string, data []byte) []byte {
	if !o.loaded {
		o.loaded = true
		o.ids, _, o.err = identities(o.env, o.r.Root, o.identity)
	}
	if o.err == nil {
		if doc, _, err := seal.Open(data, o.ids); err == nil {
			return doc
		}
	}
	if len(o.Failed) == 0 || o.Failed[len(o.Failed)-1] != rel {
		o.Failed = append(o.Failed, rel)
	}
	return nil
}

// Warn says on stderr which sealed files were shown by their clear
// fields alone, and how to open them.
func (o *opener) Warn(what string) {
	switch n := len(o.Failed); {
	case n == 0:
		return
	case n == 1:
		fmt.Fprintf(o.env.Stderr, "pop: warning: %s is sealed and none of your keys opens it: %s shows its clear fields only\n", display(o.env, o.r, o.Failed[0]), what)
	default:
		fmt.Fprintf(o.env.Stderr, "pop: warning: %d sealed files could not be opened: %s shows their clear fields only\n", n, what)
	}
	if o.err != nil {
		fmt.Fprintf(o.env.Stderr, "pop: hint: %s\n", lowerFirst(o.err.Error()))
		return
	}
	fmt.Fprintln(o.env.Stderr, "pop: hint: pass --identity FILE (or set POP_IDENTITY) with a key they are sealed to")
}
