package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"go.yaml.in/yaml/v3"
)

// workflowCmd is the script command
//
//	workflow FILE JOB [--as-of DATE] [NAME=VALUE...]
//
// It reads a GitHub workflow that pop init --ci wrote, checks that it is
// a workflow (YAML with jobs made of steps), and runs JOB's steps as the
// runner would: each run: script with bash -e -o pipefail, in the job's
// working-directory, with the variables NAME=VALUE, a GITHUB_OUTPUT file
// whose outputs later steps' "if: steps.ID.outputs.KEY == 'VALUE'" read,
// and the first failing step ending the job. Steps that set up the runner
// (uses:, go install, fetching refs/pop/* from origin) are skipped: the
// test's pop is on PATH. --as-of is added to pop overdue and pop status,
// so a test does not depend on the day it runs. Without "!" the job must
// pass; with "!", it must fail. The output of every step is appended to
// $WORK/workflow.log.
func workflowCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: workflow FILE JOB [--as-of DATE] [NAME=VALUE...]")
	}
	type step struct {
		ID   string            `yaml:"id"`
		If   string            `yaml:"if"`
		Name string            `yaml:"name"`
		Uses string            `yaml:"uses"`
		Run  string            `yaml:"run"`
		With map[string]string `yaml:"with"`
		Env  map[string]string `yaml:"env"`
	}
	type defaults struct {
		Run struct {
			WorkingDirectory string `yaml:"working-directory"`
		} `yaml:"run"`
	}
	var wf struct {
		On       map[string]any    `yaml:"on"`
		Env      map[string]string `yaml:"env"`
		Defaults defaults          `yaml:"defaults"`
		Jobs     map[string]struct {
			If       string   `yaml:"if"`
			RunsOn   string   `yaml:"runs-on"`
			Defaults defaults `yaml:"defaults"`
			Steps    []step   `yaml:"steps"`
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
	asOf := ""
	for k, v := range wf.Env {
		ts.Setenv(k, v)
	}
	for i := 2; i < len(args); i++ {
		if args[i] == "--as-of" && i+1 < len(args) {
			asOf = args[i+1]
			i++
			continue
		}
		k, v, _ := strings.Cut(args[i], "=")
		ts.Setenv(k, v)
	}
	dir := wf.Defaults.Run.WorkingDirectory
	if job.Defaults.Run.WorkingDirectory != "" {
		dir = job.Defaults.Run.WorkingDirectory
	}
	outputs := map[string]string{}
	cond := regexp.MustCompile(`^steps\.([\w-]+)\.outputs\.([\w-]+) == '([^']*)'$`)
	log := ts.MkAbs(filepath.Join(ts.Getenv("WORK"), "workflow.log"))
	ran, popRan := 0, 0
	var failed string
	for i, st := range job.Steps {
		if st.Uses == "" && st.Run == "" {
			ts.Fatalf("%s: step %q has neither uses nor run", args[0], st.Name)
		}
		if st.If != "" {
			m := cond.FindStringSubmatch(strings.TrimSpace(st.If))
			if m == nil {
				ts.Fatalf("%s: step %q: cannot evaluate if: %s", args[0], st.Name, st.If)
			}
			if outputs[m[1]+"."+m[2]] != m[3] {
				ts.Logf("step %q skipped: %s", st.Name, st.If)
				continue
			}
		}
		if st.Uses != "" || strings.Contains(st.Run, "go install") || strings.Contains(st.Run, "refs/pop/*:refs/pop/*") {
			continue
		}
		script := st.Run
		if asOf != "" {
			script = regexp.MustCompile(`\bpop (overdue|status)\b`).ReplaceAllString(script, "pop $1 --as-of "+asOf)
		}
		outFile := ts.MkAbs(filepath.Join(ts.Getenv("WORK"), "github-output-"+strconv.Itoa(i)))
		ts.Check(os.WriteFile(outFile, nil, 0o644))
		ts.Setenv("GITHUB_OUTPUT", outFile)
		for k, v := range st.Env {
			ts.Setenv(k, os.Expand(v, ts.Getenv))
		}
		if dir != "" {
			script = "cd '" + dir + "'\n" + script
		}
		ts.Logf("step %q", st.Name)
		err := ts.Exec("bash", "-e", "-o", "pipefail", "-c", script)
		ran++
		if strings.Contains(script, "pop ") {
			popRan++
		}
		f, ferr := os.OpenFile(log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		ts.Check(ferr)
		_, ferr = f.WriteString(ts.ReadFile("stdout") + ts.ReadFile("stderr"))
		ts.Check(ferr)
		ts.Check(f.Close())
		if st.ID != "" {
			for _, line := range strings.Split(ts.ReadFile(outFile), "\n") {
				if k, v, ok := strings.Cut(line, "="); ok {
					outputs[st.ID+"."+k] = v
				}
			}
		}
		if err != nil {
			failed = st.Name
			ts.Logf("step %q failed: %v", st.Name, err)
			break
		}
	}
	switch {
	case ran == 0:
		ts.Fatalf("job %s runs nothing", args[1])
	case !neg && failed != "":
		ts.Fatalf("step %q of job %s failed", failed, args[1])
	case neg && failed == "":
		ts.Fatalf("all %d steps of job %s passed (%d with pop), want a failure", ran, args[1], popRan)
	}
}
