package main

import (
	"os"
	"testing"

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
