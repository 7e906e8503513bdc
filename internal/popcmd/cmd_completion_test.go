package popcmd

import (
	"slices"
	"testing"
)

func TestChoicesIn(t *testing.T) {
	for _, tc := range []struct {
		name, usage string
		want        []string
	}{
		{"placeholder and list", "output `FORMAT`: text, json, github", []string{"text", "json", "github"}},
		{"or", "sign as `ROLE`: employee or manager", []string{"employee", "manager"}},
		{"list with or", "exit 1 on `WHAT`: overdue, upcoming or never", []string{"overdue", "upcoming", "never"}},
		{"prose after the colon", "template language (default: lang in .pop.yaml)", nil},
		{"no colon", "full `NAME` (required)", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := choicesIn(tc.usage); !slices.Equal(got, tc.want) {
				t.Errorf("choicesIn(%q) = %q, want %q", tc.usage, got, tc.want)
			}
		})
	}
}

func TestArgKinds(t *testing.T) {
	// Arguments read from ArgsUsage; no repository here, so a person or
	// file argument has no values, but the shell choices do.
	s := &completionSource{env: testEnv(nil, nil), repo: t.TempDir()}
	if got := s.argValues("bash|zsh|fish", 0); !slices.Equal(got, []string{"bash", "zsh", "fish"}) {
		t.Errorf("shells: %q", got)
	}
	if got := s.argValues("bash|zsh|fish", 1); got != nil {
		t.Errorf("second shell: %q", got)
	}
	for _, tc := range []struct {
		usage string
		n     int
		want  string
	}{
		{"ID KEY", 0, "person"}, {"ID KEY", 1, ""}, {"[PATH...]", 3, "pop"},
		{"FILE | --all --out DIR", 0, "pop"}, {"PERSON", 1, ""}, {"BASE [HEAD]", 0, ""},
	} {
		tokens := argToken(tc.usage, tc.n)
		if got := argKind(tokens); got != tc.want {
			t.Errorf("%q argument %d: kind %q, want %q", tc.usage, tc.n, got, tc.want)
		}
	}
}

func TestPlainWord(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"pop/jan/2026-11-20.md", true},
		{"pop/jan/é.md", true},
		{"pop/jan/a b.md", false},
		{"pop/jan/a\nb.md", false},
		{"pop/jan/\x1b[31m.md", false},
		{"", false},
	} {
		if got := plainWord(tc.s); got != tc.want {
			t.Errorf("plainWord(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
