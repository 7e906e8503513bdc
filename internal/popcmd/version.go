package popcmd

import (
	"fmt"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// stamped is the version a release build sets:
//
//	go build -ldflags "-X github.com/popdev/pop/internal/popcmd.stamped=v1.2.3" ./cmd/pop
//
// .goreleaser.yaml does this for every release binary.
var stamped = ""

// Version is the one version pop reports everywhere: pop version,
// --version, SARIF's driver.version and the version pop init pins in the
// CI workflow it writes. A release build stamps it; go install
// MODULE@VERSION records it in the build information; a build from a
// clone is "dev".
func Version() string { return version() }

// version is Version, under the name the commands of this package call.
func version() string {
	return versionFrom(stamped, debug.ReadBuildInfo)
}

func versionFrom(stamp string, info func() (*debug.BuildInfo, bool)) string {
	if stamp != "" {
		return stamp
	}
	if bi, ok := info(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func versionCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:        "version",
		Usage:       "print pop's version",
		ArgsUsage:   " ",
		Description: `Prints the version of this pop binary, as pop --version does.`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("pop version", "pop version takes no arguments")
			}
			_, err := fmt.Fprintf(env.Stdout, "pop version %s\n", version())
			return err
		},
	}
}
