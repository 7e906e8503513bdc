package main

import (
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"gopkg.in/yaml.v3"
)

// workflowCmd is the script command
//
//	workflow FILE JOB [--as-of DATE] [NAME=VALUE...]
//
// It reads a GitHub workflow that pop init --ci wrote, checks that it is
// a workflow (YAML with jobs made of steps), and runs every step of JOB
// whose command is pop, as the runner would: variables from NAME=VALUE
// and the script's environment, and a ">> FILE" redirect appended to.
// Steps that are not pop (checkout, go install, git fetch) are skipped.
// --as-of is added to the commands that take it, so a test does not
// depend on the day it runs. Without "!" every pop step must pass; with
// "!", at least one must fail.
func workflowCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: workflow FILE JOB [--as-of DATE] [NAME=VALUE...]")
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			If     string `yaml:"if"`
			RunsOn string `yaml:"runs-on"`
			Steps  []struct {
				Name string            `yaml:"name"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	ts.Check(yaml.Unmarshal([]byte(ts.ReadFile(args[0])), &wf))
	if len(wf.On) == 0 || len(wf.Jobs) == 0 {
		ts.Fatalf("%s: not a workflow: no triggers or no jobs", args[0])
	}
	job, ok := wf.Jobs[args[1]]
	if !ok || job.RunsOn == "" || len(job.Steps) == 0 {
		ts.Fatalf("%s: no job %s with runs-on and steps", args[0], args[1])
	}
	vars, asOf := map[string]string{}, ""
	for i := 2; i < len(args); i++ {
		if args[i] == "--as-of" && i+1 < len(args) {
			asOf = args[i+1]
			i++
			continue
		}
		k, v, _ := strings.Cut(args[i], "=")
		vars[k] = v
	}
	expand := func(s string) string {
		return os.Expand(s, func(k string) string {
			if v, ok := vars[k]; ok {
				return v
			}
			return ts.Getenv(k)
		})
	}
	ran, failed := 0, 0
	for _, st := range job.Steps {
		if st.Uses == "" && st.Run == "" {
			ts.Fatalf("%s: step %q has neither uses nor run", args[0], st.Name)
		}
		words := shellWords(expand(st.Run))
		if len(words) == 0 || words[0] != "pop" {
			continue
		}
		var out string
		if n := len(words); n >= 3 && words[n-2] == ">>" {
			out, words = words[n-1], words[:n-2]
		}
		if asOf != "" && (words[1] == "overdue" || words[1] == "status") {
			words = append(words, "--as-of", asOf)
		}
		ts.Logf("step %q: %s", st.Name, strings.Join(words, " "))
		err := ts.Exec(words[0], words[1:]...)
		ran++
		if err != nil {
			failed++
			ts.Logf("step %q failed: %v", st.Name, err)
		}
		if out != "" {
			f, err := os.OpenFile(ts.MkAbs(out), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
			ts.Check(err)
			_, err = f.WriteString(ts.ReadFile("stdout"))
			ts.Check(err)
			ts.Check(f.Close())
		}
	}
	switch {
	case ran == 0:
		ts.Fatalf("job %s runs no pop command", args[1])
	case !neg && failed > 0:
		ts.Fatalf("%d of %d pop steps of job %s failed", failed, ran, args[1])
	case neg && failed == 0:
		ts.Fatalf("all %d pop steps of job %s passed, want a failure", ran, args[1])
	}
}

// shellWords splits a one-line shell command into words, honouring single
// and double quotes; enough for the workflow's own commands.
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}
