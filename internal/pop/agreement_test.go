package pop

import (
	"os"
	"strings"
	"testing"
)

// TestSameAgreement holds §6.4: progress (each goal's status and updates)
// may change; every other byte of the file is the agreement.
func TestSameAgreement(t *testing.T) {
	base, err := os.ReadFile("../../testdata/pops/valid/pop-nl.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(base)
	edit := func(old, new string) string {
		t.Helper()
		if !strings.Contains(doc, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return strings.Replace(doc, old, new, 1)
	}
	progress := []struct{ name, new string }{
		{"status changed", edit("status: in-progress", "status: done")},
		{"last status changed", edit("status: planned\n---", "status: dropped\n---")},
		{"status removed", edit("    status: planned\n---", "---")},
		{"update added", edit("nu oefenen\"}\n", "nu oefenen\"}\n      - {date: 2027-03-01, note: Eerste gesprek geleid}\n")},
		{"updates removed", edit("    updates:\n      - {date: 2027-02-03, note: \"Training gevolgd, nu oefenen\"}\n", "")},
		{"updates added to the last goal", edit("status: planned\n---", "status: planned\n    updates:\n      - date: 2027-03-01\n        note: |\n          Begonnen.\n          # geen commentaar\n---")},
		{"updates as a block list", edit("      - {date: 2027-02-03, note: \"Training gevolgd, nu oefenen\"}\n", "      - date: 2027-02-03\n        note: Training gevolgd\n")},
		{"CRLF line ends", strings.ReplaceAll(edit("status: in-progress", "status: done"), "\n", "\r\n")},
	}
	for _, tc := range progress {
		t.Run(tc.name, func(t *testing.T) {
			old := doc
			if strings.Contains(tc.new, "\r\n") {
				old = strings.ReplaceAll(doc, "\n", "\r\n")
			}
			if !SameAgreement([]byte(old), []byte(tc.new)) {
				t.Errorf("progress alone changed the agreement:\n%s", Agreement([]byte(tc.new)))
			}
		})
	}
	agreement := []struct{ name, new string }{
		{"goal text", edit("Beter leren omgaan", "Leren omgaan")},
		{"a comment", edit("    budget: 450 EUR\n", "    budget: 450 EUR # of meer\n")},
		{"a comment line", edit("goals:\n", "# extra\ngoals:\n")},
		{"an unknown key", edit("    budget: 450 EUR\n", "    budget: 450 EUR\n    bonus: 1000 EUR\n")},
		{"a repeated key", edit("    budget: 450 EUR\n", "    budget: 450 EUR\n    budget: 4500 EUR\n")},
		{"a repeated status", edit("    status: in-progress\n", "    status: in-progress\n    status: done\n")},
		{"a goal with a repeated id", edit("status: planned\n---", "status: planned\n  - id: tech-lead\n    goal: Een verborgen extra doel\n    budget: 9000 EUR\n---")},
		{"a document end and more YAML", edit("status: planned\n---", "status: planned\n...\nmanager: someone-else\n---")},
		{"the body", edit("Jan komt met Sara Claes.", "Jan komt alleen.")},
		{"a top-level status key", edit("kind: pop\n", "kind: pop\nstatus: done\n")},
	}
	for _, tc := range agreement {
		t.Run(tc.name, func(t *testing.T) {
			if SameAgreement(base, []byte(tc.new)) {
				t.Errorf("agreement change not seen")
			}
			changed, changes := CompareAgreement(base, []byte(tc.new), "x.md")
			if !changed || len(changes) == 0 {
				t.Errorf("CompareAgreement = %v, %v", changed, changes)
			}
		})
	}
}

// TestAgreementFlowGoals: goals written as flow mappings cut their
// progress too, wherever status stands.
func TestAgreementFlowGoals(t *testing.T) {
	for _, pair := range [][2]string{
		{"goals:\n  - {id: a, goal: x, status: planned}\n", "goals:\n  - {id: a, goal: x, status: done}\n"},
		{"goals:\n  - {id: a, goal: x, status: planned}\n", "goals:\n  - {id: a, goal: x}\n"},
		{"goals:\n  - {id: a, status: planned, goal: x}\n", "goals:\n  - {id: a, goal: x}\n"},
		{"goals:\n  - {status: planned, id: a}\n", "goals:\n  - {id: a}\n"},
		{"goals:\n  - status: planned\n    id: a\n", "goals:\n  - id: a\n"},
		{"goals:\n  - {id: a, updates: [{date: 2027-01-01, note: 'a, b'}]}\n", "goals:\n  - {id: a}\n"},
	} {
		old := "---\npop: 1\n" + pair[0] + "---\nbody\n"
		new := "---\npop: 1\n" + pair[1] + "---\nbody\n"
		if !SameAgreement([]byte(old), []byte(new)) {
			t.Errorf("%q and %q differ in agreement:\n%s\n%s", pair[0], pair[1], Agreement([]byte(old)), Agreement([]byte(new)))
		}
	}
}

// FuzzAgreement: cutting progress never panics, and a file always holds
// the same agreement as itself with its statuses changed.
func FuzzAgreement(f *testing.F) {
	data, _ := os.ReadFile("../../testdata/pops/valid/pop-nl.md")
	f.Add(data)
	f.Add([]byte("---\ngoals:\n  - {id: a, status: x}\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a := Agreement(data)
		if len(a) > len(data) {
			t.Fatalf("agreement longer than the file")
		}
		if !SameAgreement(data, data) {
			t.Fatalf("a file differs from itself")
		}
	})
}
