package seal

import (
	"bytes"
	"strings"
	"testing"

	"filippo.io/age"
)

func ageKey(t *testing.T, person string) (age.Identity, Recipient) {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	r, err := AgeRecipient(person, id.Recipient().String())
	if err != nil {
		t.Fatal(err)
	}
	return id, r
}

// TestCompareAgreementSealed: a progress update and a reseal to a new
// key keep the agreement of a sealed POP; a changed goal text or a
// changed clear field does not.
func TestCompareAgreementSealed(t *testing.T) {
	janID, jan := ageKey(t, "jan-peeters")
	anID, an := ageKey(t, "an-janssens")
	_, an2 := ageKey(t, "an-janssens")
	ids := []age.Identity{janID, anID}
	clear := fixture(t, "valid/pop-nl.md")
	signed, err := Seal(clear, Options{To: []Recipient{jan, an}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	reseal := func(doc []byte, to ...Recipient) []byte {
		t.Helper()
		out, err := Seal(doc, Options{To: to, Prev: f, Identities: ids})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	progress := bytes.Replace(clear, []byte("status: in-progress"), []byte("status: done"), 1)
	if bytes.Equal(progress, clear) {
		t.Fatal("fixture has no status: in-progress")
	}
	goalText := bytes.Replace(clear, []byte("omgaan met conflicten"), []byte("omgaan met conflicten en overleg"), 1)
	rotated, err := Rewrap(signed, ids, []Recipient{jan, an2})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		now     []byte
		changed bool
		field   string
	}{
		{"unchanged", signed, false, ""},
		{"resealed unchanged", reseal(clear, jan, an), false, ""},
		{"progress update", reseal(progress, jan, an), false, ""},
		{"key rotated", rotated, false, ""},
		{"goal text changed", reseal(goalText, jan, an), true, "sealed agreement"},
		{"clear field changed", reseal(bytes.Replace(clear, []byte("budget: 450 EUR"), []byte("budget: 900 EUR"), 1), jan, an), true, "budget"},
		{"unsealed", clear, true, "sealed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed, changes := CompareAgreement(signed, tt.now, "pop/jan-peeters/2026-11-20.md")
			if changed != tt.changed {
				t.Fatalf("changed = %v (%v), want %v", changed, changes, tt.changed)
			}
			if tt.field != "" {
				var fields []string
				for _, c := range changes {
					fields = append(fields, c.Field)
				}
				if !strings.Contains(strings.Join(fields, " "), tt.field) {
					t.Errorf("changes %v do not name %s", fields, tt.field)
				}
			}
		})
	}
}

func TestSealText(t *testing.T) {
	janID, jan := ageKey(t, "jan-peeters")
	bobID, _ := ageKey(t, "bob")
	s, err := SealText("De cursus moet eerst.", []Recipient{jan})
	if err != nil {
		t.Fatal(err)
	}
	if !IsSealedText(s) || strings.Contains(s, "cursus") || strings.Contains(s, ": ") {
		t.Fatalf("sealed text %q", s)
	}
	if got, err := OpenText(s, []age.Identity{janID}); err != nil || got != "De cursus moet eerst." {
		t.Errorf("OpenText = %q, %v", got, err)
	}
	if _, err := OpenText(s, []age.Identity{bobID}); err == nil {
		t.Errorf("another key opens the text")
	}
}
