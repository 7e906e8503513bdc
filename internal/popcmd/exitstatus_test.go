package popcmd

import (
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestExitStatuses fails when a command has no EXIT STATUS of its own:
// add it to exitStatuses after reading when the command returns
// errFindings.
func TestExitStatuses(t *testing.T) {
	var walk func(cmds []*cli.Command, prefix string)
	walk = func(cmds []*cli.Command, prefix string) {
		for _, c := range cmds {
			path := prefix + c.Name
			if len(c.Subcommands) > 0 {
				walk(c.Subcommands, path+" ")
				continue
			}
			if _, ok := exitStatuses[path]; !ok {
				t.Errorf("pop %s has no entry in exitStatuses", path)
			}
			if !strings.Contains(c.Description, "EXIT STATUS\n   0  ") || strings.Count(c.Description, "EXIT STATUS") != 1 {
				t.Errorf("pop %s: help has no single EXIT STATUS of its own:\n%s", path, c.Description)
			}
		}
	}
	walk(newApp(testEnv(nil, nil)).Commands, "")
}

func TestWithExitStatus(t *testing.T) {
	for _, tc := range []struct{ name, desc, path, want string }{
		{"replaces the generic text", "Does it.\n\n" + exitStatusHelp, "status",
			"Does it.\n\nEXIT STATUS\n   0  " + exitStatuses["status"].OK + "\n   2  " + usageStatus},
		{"appends when absent", "Does it.", "render",
			"Does it.\n\nEXIT STATUS\n   0  " + exitStatuses["render"].OK + "\n   1  " + exitStatuses["render"].Findings + "\n   2  " + usageStatus},
		{"empty description", "", "version",
			"EXIT STATUS\n   0  " + exitStatuses["version"].OK + "\n   2  " + usageStatus},
		{"unknown command keeps the generic text", "Does it.\n\n" + exitStatusHelp, "no such", "Does it.\n\n" + exitStatusHelp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := withExitStatus(tc.desc, tc.path); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
