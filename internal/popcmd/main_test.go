package popcmd

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

func TestReorder(t *testing.T) {
	app := newApp(testEnv(nil, nil))
	for _, tc := range []struct{ name, in, want string }{
		{"flags after argument", "pop new jan --date 2026-01-01", "pop new --date 2026-01-01 jan"},
		{"global flag after command", "pop new jan --repo x", "pop --repo x new jan"},
		{"global flag with =", "pop new --repo=x jan", "pop --repo=x new jan"},
		{"bool flag takes no value", "pop --no-color new jan", "pop --no-color new jan"},
		{"subcommand", "pop person add jan --name J --email j@x", "pop person add --name J --email j@x jan"},
		{"double dash", "pop new -- -jan", "pop new -- -jan"},
		{"help of a subcommand", "pop person add --help", "pop person add --help"},
		{"help after an argument", "pop person add jan -h", "pop person add -h jan"},
		{"help of the app", "pop --help", "pop --help"},
		{"argument that looks like a flag", "pop new --date 2026-01-01 -- -x", "pop new --date 2026-01-01 -- -x"},
		{"unknown flag stays with the command", "pop new jan --datum x", "pop new --datum jan x"},
		{"command name as argument", "pop new new", "pop new new"},
		{"completion", "pop new --generate-bash-completion", "pop new --generate-bash-completion"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(reorder(app, strings.Fields(tc.in)), " "); got != tc.want {
				t.Errorf("reorder(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name string
		args string
		code int
	}{
		{"help", "pop --help", ExitClean},
		{"unknown command", "pop nope", ExitUsage},
		{"unknown flag", "pop --nope", ExitUsage},
		{"no repository", "pop new jan", ExitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			env := testEnv(&out, &errb)
			env.Dir = t.TempDir()
			if got := Run(context.Background(), env, strings.Fields(tc.args)); got != tc.code {
				t.Errorf("exit %d, want %d; stderr %s", got, tc.code, errb.String())
			}
			if tc.code == ExitUsage && (out.Len() > 0 || !strings.HasPrefix(errb.String(), "pop: error: ")) {
				t.Errorf("usage error must go to stderr only: stdout %q stderr %q", out.String(), errb.String())
			}
		})
	}
}

func testEnv(out, errb *bytes.Buffer) *Env {
	if out == nil {
		out, errb = &bytes.Buffer{}, &bytes.Buffer{}
	}
	return &Env{
		Stdin: strings.NewReader(""), Stdout: out, Stderr: errb, Dir: ".",
		Getenv:   func(string) string { return "" },
		Now:      func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) },
		Terminal: func(io.Writer) bool { return false },
	}
}
