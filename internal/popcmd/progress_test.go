package popcmd

import (
	"io"
	"testing"
)

func TestStartProgress(t *testing.T) {
	for _, tc := range []struct {
		name     string
		terminal bool
		ci       string
		want     bool
	}{
		{"terminal", true, "", true},
		{"terminal in CI", true, "true", false},
		{"pipe", false, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := testEnv(nil, nil)
			env.Terminal = func(io.Writer) bool { return tc.terminal }
			env.Getenv = func(k string) string {
				if k == "CI" {
					return tc.ci
				}
				return ""
			}
			bar, e := startProgress(env, 10, "render")
			defer bar.Done()
			if got := bar != nil; got != tc.want {
				t.Errorf("bar drawn: %v, want %v", got, tc.want)
			}
			if !tc.want && e.Stderr != env.Stderr {
				t.Errorf("stderr wrapped for a silent bar")
			}
		})
	}
}
