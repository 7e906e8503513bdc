package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/popdev/pop/internal/popcmd"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"pop": func() { os.Exit(popcmd.Main(os.Args)) },
	})
}

// TestScript runs the end-to-end scripts in testdata/script, one
// behaviour per file, against the real binary entry point.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: false,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"sshkey":   sshKeyCmd,   // sshkey FILE: a new ed25519 key pair, in-process
			"workflow": workflowCmd, // workflow FILE JOB: run the pop steps of a CI job
		},
		Condition: popFeature,
		Setup: func(e *testscript.Env) error {
			// A git identity and no user or system config, so scripts
			// that use git behave the same everywhere.
			e.Setenv("HOME", e.WorkDir+"/home")
			e.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			e.Setenv("GIT_AUTHOR_NAME", "Test")
			e.Setenv("GIT_AUTHOR_EMAIL", "test@example.com")
			e.Setenv("GIT_COMMITTER_NAME", "Test")
			e.Setenv("GIT_COMMITTER_EMAIL", "test@example.com")
			e.Setenv("NO_COLOR", "")
			return os.MkdirAll(e.WorkDir+"/home", 0o755)
		},
	})
}

// popFeature is the script condition [pop:COMMAND:--FLAG]: whether pop's
// COMMAND has that flag. Scripts that need a flag another change brings
// (pop verify --changed) say so and skip until it is there.
func popFeature(cond string) (bool, error) {
	rest, ok := strings.CutPrefix(cond, "pop:")
	if !ok {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	command, flag, ok := strings.Cut(rest, ":")
	if !ok {
		return false, fmt.Errorf("write the condition as pop:COMMAND:--FLAG")
	}
	var out bytes.Buffer
	env := &popcmd.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard, Dir: os.TempDir(),
		Getenv: func(string) string { return "" }, Now: time.Now, Terminal: func(io.Writer) bool { return false }}
	popcmd.Run(context.Background(), env, []string{"pop", command, "--help"})
	return strings.Contains(out.String(), flag+" "), nil
}
