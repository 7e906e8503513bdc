package seal

import (
	"bytes"

	"github.com/popdev/pop/internal/pop"
)

// CompareAgreement is pop.CompareAgreement for files that may be sealed,
// and the one agreement comparison pop verify makes (SPEC §6.4 and §8).
// Two sealed versions hold the same agreement when their clear front
// matters agree with the progress cut out (status values and update
// dates) and their agreement blocks carry the same encrypted payload,
// whatever the blocks' headers: a reseal after a key rotation, a reader
// added, or a progress update (which changes only the progress block)
// keeps the agreement; a changed goal text changes the payload. A
// version sealed and the other in clear is a change: without a key,
// nothing shows that the sealed text is the text that was signed.
func CompareAgreement(old, new []byte, path string) (changed bool, changes []pop.Change) {
	os, ns := IsSealed(old), IsSealed(new)
	switch {
	case !os && !ns:
		return pop.CompareAgreement(old, new, path)
	case os != ns:
		return true, []pop.Change{{Field: "sealed"}}
	}
	of, oerr := ParseEnvelope(old)
	nf, nerr := ParseEnvelope(new)
	if oerr != nil || nerr != nil {
		if bytes.Equal(old, new) {
			return false, nil
		}
		return true, []pop.Change{{Field: "sealed"}}
	}
	clearChanged, clearChanges := pop.CompareAgreement(clearPart(old, of), clearPart(new, nf), path)
	if clearChanged {
		changes = append(changes, clearChanges...)
	}
	if !bytes.Equal(of.Agreement.Payload(), nf.Agreement.Payload()) {
		changes = append(changes, pop.Change{Field: "sealed agreement"})
	}
	return len(changes) > 0, changes
}

// clearPart is a sealed file up to the end of its clear front matter.
func clearPart(data []byte, f *File) []byte {
	end := bytes.Index(data, f.Agreement.Armor)
	if end < 0 {
		return data
	}
	return data[:end]
}
