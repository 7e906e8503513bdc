package popcmd

import (
	"runtime/debug"
	"testing"
)

func TestVersionFrom(t *testing.T) {
	built := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: v}}, true }
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	for _, tc := range []struct {
		name, stamp string
		info        func() (*debug.BuildInfo, bool)
		want        string
	}{
		{"stamped wins", "v1.2.3", built("v1.0.0"), "v1.2.3"},
		{"go install records the module version", "", built("v1.0.0"), "v1.0.0"},
		{"a clone's build", "", built("(devel)"), "dev"},
		{"no build information", "", none, "dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionFrom(tc.stamp, tc.info); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
