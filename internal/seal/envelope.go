package seal

import "filippo.io/age"

// Envelope compares the stanzas of a block with the recipients it should
// have, as far as the stanzas show: pop check's view of a sealed file
// without a key. An SSH stanza names its key by a tag; an X25519 stanza
// shows only that it is there.
type Envelope struct {
	// Missing are wanted SSH recipients with no stanza: the block is not
	// yet sealed to them (pop reseal).
	Missing []Recipient
	// Unexpected are SSH stanzas that no wanted key matches: someone who
	// should not read the block can.
	Unexpected []age.Stanza
	// Other are stanzas of other types than ssh-ed25519, ssh-rsa and
	// X25519, which pop never writes.
	Other []age.Stanza
	// AgeWanted and AgeFound count age1 recipients and X25519 stanzas.
	// More stanzas than recipients is a reader too many; fewer, a reader
	// not yet sealed to.
	AgeWanted, AgeFound int
}

// Audit compares block b's stanzas with want.
func Audit(b Block, want []Recipient) Envelope {
	var e Envelope
	for _, r := range want {
		if !r.Visible() {
			e.AgeWanted++
			continue
		}
		if !r.Matches(b.Header.Stanzas) {
			e.Missing = append(e.Missing, r)
		}
	}
	for _, s := range b.Header.Stanzas {
		switch s.Type {
		case "X25519":
			e.AgeFound++
		case "ssh-ed25519", "ssh-rsa":
			matched := false
			for _, r := range want {
				matched = matched || r.Matches([]age.Stanza{s})
			}
			if !matched {
				e.Unexpected = append(e.Unexpected, s)
			}
		default:
			e.Other = append(e.Other, s)
		}
	}
	return e
}

// Clean reports whether the block is sealed to exactly the wanted
// recipients, as far as the stanzas show.
func (e Envelope) Clean() bool {
	return len(e.Missing) == 0 && len(e.Unexpected) == 0 && len(e.Other) == 0 && e.AgeWanted == e.AgeFound
}
