package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"companion", "manager", "employee", "next_conversation", "goals"}
	for _, tc := range []struct {
		name, word, want string
	}{
		{"typo", "compagnon", "companion"},
		{"transposition", "mangaer", "manager"},
		{"exact", "goals", "goals"},
		{"case", "Employee", "employee"},
		{"far", "budget", ""},
		{"empty", "", ""},
		{"long", string(make([]byte, 200)), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Closest(tc.word, keys); got != tc.want {
				t.Errorf("Closest(%q) = %q, want %q", tc.word, got, tc.want)
			}
		})
	}
}
