package seal

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"filippo.io/age"
)

// Options says to whom and how to seal.
type Options struct {
	// To are the recipients of both blocks: for a POP the employee, the
	// manager and the readers; for a prep note the employee and the
	// people it is shared with.
	To []Recipient
	// Shared lists the ids a prep note is shared with; it is written in
	// the clear front matter so that check can tell who may read it.
	Shared []string
	// Prev is the sealed version being replaced, if any, and Identities
	// the keys to open it with. A block whose text is unchanged keeps its
	// bytes, or only its header when the recipients changed.
	Prev       *File
	Identities []age.Identity
	// Rewrap rewraps an unchanged block even when its stanzas look like
	// they match To already, as pop reseal does after a key rotation
	// that keeps the number of age1 recipients.
	Rewrap bool
}

// Seal seals a clear document.
func Seal(doc []byte, o Options) ([]byte, error) {
	if len(o.To) == 0 {
		return nil, errors.New("no recipients to seal to")
	}
	parts, err := Split(doc, o.Shared)
	if err != nil {
		return nil, err
	}
	var prevA, prevP *Block
	if o.Prev != nil {
		prevA, prevP = &o.Prev.Agreement, &o.Prev.Progress
	}
	a, err := sealBlock(parts.Agreement, o, prevA)
	if err != nil {
		return nil, fmt.Errorf("agreement block: %w", err)
	}
	p, err := sealBlock(parts.Progress, o, prevP)
	if err != nil {
		return nil, fmt.Errorf("progress block: %w", err)
	}
	var out bytes.Buffer
	out.WriteString("---\n")
	out.Write(parts.Clear)
	out.WriteString("---\n")
	out.Write(a)
	out.Write(p)
	return out.Bytes(), nil
}

func sealBlock(plain []byte, o Options, prev *Block) ([]byte, error) {
	to := make([]age.Recipient, len(o.To))
	for i, r := range o.To {
		to[i] = r.r
	}
	if prev != nil && len(o.Identities) > 0 {
		old, key, err := decrypt(prev.Binary, o.Identities)
		if err == nil && bytes.Equal(old, plain) {
			if !o.Rewrap && sameRecipients(prev.Header, o.To) {
				return prev.Armor, nil
			}
			bin, err := rewrap(prev.Binary, key, to)
			if err != nil {
				return nil, err
			}
			return armorBytes(bin), nil
		}
	}
	bin, err := encrypt(plain, to)
	if err != nil {
		return nil, err
	}
	return armorBytes(bin), nil
}

// Rewrap rewraps both blocks of a sealed file to new recipients, keeping
// their payloads: the file's text and every payload byte stay as they
// are, only the headers change. ids must open both blocks.
func Rewrap(data []byte, ids []age.Identity, to []Recipient) ([]byte, error) {
	f, err := Parse(data)
	if err != nil {
		return nil, err
	}
	doc, err := open(f, ids)
	if err != nil {
		return nil, err
	}
	return Seal(doc, Options{To: to, Shared: f.Shared, Prev: f, Identities: ids, Rewrap: true})
}

// sameRecipients reports whether a header's stanzas look like those
// Seal would write for to: one stanza per recipient, each SSH key's by
// its tag, and as many X25519 stanzas as there are age1 recipients (an
// X25519 stanza does not show its recipient).
func sameRecipients(h Header, to []Recipient) bool {
	if len(h.Stanzas) != len(to) {
		return false
	}
	x25519 := 0
	for _, s := range h.Stanzas {
		if s.Type == "X25519" {
			x25519++
		}
	}
	for _, r := range to {
		if r.tag == "" {
			x25519--
			continue
		}
		if !r.Matches(h.Stanzas) {
			return false
		}
	}
	return x25519 == 0
}

// OpenError is a sealed block that could not be opened.
type OpenError struct {
	Block string // "agreement" or "progress"
	Line  int
	// NoKey is set when none of the identities matches a recipient;
	// Stanzas then says, as far as it shows, to whom the block is sealed.
	NoKey   bool
	Stanzas []age.Stanza
	Err     error
}

func (e *OpenError) Error() string {
	if e.NoKey {
		return fmt.Sprintf("line %d: %s block: none of your keys opens it", e.Line, e.Block)
	}
	if msg := e.Err.Error(); strings.Contains(msg, "MAC") || strings.Contains(msg, "payload") || strings.Contains(msg, "nonce") {
		return fmt.Sprintf("line %d: %s block is damaged or was changed: %s", e.Line, e.Block, msg)
	}
	return fmt.Sprintf("line %d: %s block: %v", e.Line, e.Block, e.Err)
}

func (e *OpenError) Unwrap() error { return e.Err }

// ErrClearMismatch is returned by Open when the clear front matter is not
// the one the sealed text gives: it was edited without a key.
var ErrClearMismatch = errors.New("the clear front matter does not match the sealed text (edited without pop edit?)")

// Open opens a sealed file with ids and returns the clear document.
func Open(data []byte, ids []age.Identity) ([]byte, *File, error) {
	f, err := Parse(data)
	if err != nil {
		return nil, nil, err
	}
	doc, err := open(f, ids)
	return doc, f, err
}

func open(f *File, ids []age.Identity) ([]byte, error) {
	plain := func(b Block) ([]byte, error) {
		p, _, err := decrypt(b.Binary, ids)
		var nomatch *age.NoIdentityMatchError
		switch {
		case errors.As(err, &nomatch) || errors.Is(err, ErrNoIdentity):
			return nil, &OpenError{Block: b.Name, Line: b.Line, NoKey: true, Stanzas: b.Header.Stanzas, Err: err}
		case err != nil:
			return nil, &OpenError{Block: b.Name, Line: b.Line, Err: err}
		}
		return p, nil
	}
	a, err := plain(f.Agreement)
	if err != nil {
		return nil, err
	}
	p, err := plain(f.Progress)
	if err != nil {
		return nil, err
	}
	doc, err := Join(a, p)
	if err != nil {
		return nil, &OpenError{Block: "progress", Line: f.Progress.Line, Err: err}
	}
	parts, err := Split(doc, f.Shared)
	if err != nil {
		return nil, &OpenError{Block: "agreement", Line: f.Agreement.Line, Err: err}
	}
	// A checkout with CRLF line ends (git's autocrlf) is the same file.
	if !bytes.Equal(parts.Clear, bytes.ReplaceAll(f.Clear, []byte("\r\n"), []byte("\n"))) {
		return doc, ErrClearMismatch
	}
	return doc, nil
}

// Opens reports whether one of ids opens a block sealed to to: pop
// doctor's test that the user's keys read what is sealed to them. It
// seals a few bytes of its own and opens them, so it needs no POP.
func Opens(ids []age.Identity, to []Recipient) bool {
	if len(ids) == 0 || len(to) == 0 {
		return false
	}
	rs := make([]age.Recipient, len(to))
	for i, r := range to {
		rs[i] = r.r
	}
	bin, err := encrypt([]byte("pop doctor"), rs)
	if err != nil {
		return false
	}
	_, _, err = decrypt(bin, ids)
	return err == nil
}
