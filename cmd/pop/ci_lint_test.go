package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/popdev/pop/internal/popcmd"
)

// initCI runs pop init --ci system in dir/sub of a new git repository and
// returns the git repository's top folder.
func initCI(t *testing.T, system, sub string, existing map[string]string) string {
	t.Helper()
	top := t.TempDir()
	if err := os.Mkdir(filepath.Join(top, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range existing {
		p := filepath.Join(top, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(top, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	env := &popcmd.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Dir: dir,
		Getenv: func(string) string { return "" }, Now: time.Now, Terminal: func(io.Writer) bool { return false }}
	if code := popcmd.Run(context.Background(), env, []string{"pop", "init", "--ci", system}); code != 0 {
		t.Fatalf("pop init --ci %s: exit %d\n%s", system, code, stderr.String())
	}
	return top
}

// tool finds a linter on PATH or in GOPATH/bin; without it the test
// skips, or fails under CI=true (.ci/run installs it).
func tool(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed (.ci/run installs it)", name)
	}
	t.Skipf("%s is not installed", name)
	return ""
}

// TestGitHubWorkflowLints runs actionlint (with shellcheck, when
// installed, over the run: scripts) on the workflows pop init writes, for
// a POP root at the top of the git repository and in a sub-folder.
func TestGitHubWorkflowLints(t *testing.T) {
	actionlint := tool(t, "actionlint")
	for _, sub := range []string{".", "team"} {
		t.Run(sub, func(t *testing.T) {
			top := initCI(t, "github", sub, nil)
			cmd := exec.Command(actionlint, "-no-color", ".github/workflows/pop.yml")
			cmd.Dir = top
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("actionlint: %v\n%s", err, out)
			}
		})
	}
}

// gitlabKeys are the keys GitLab's CI schema
// (app/assets/javascripts/editor/schema/ci.json) allows where pop's
// template uses them; the schema is not vendored here, so the test holds
// the part of it the template touches.
var gitlabKeys = map[string][]string{
	"top":       {"default", "include", "stages", "variables", "workflow", "image", "services", "before_script", "after_script", "cache"},
	"job":       {"after_script", "allow_failure", "artifacts", "before_script", "cache", "coverage", "dependencies", "environment", "except", "extends", "hooks", "id_tokens", "image", "inherit", "interruptible", "manual_confirmation", "needs", "only", "pages", "parallel", "release", "resource_group", "retry", "rules", "script", "secrets", "services", "stage", "start_in", "tags", "timeout", "trigger", "variables", "when", "identity", "run"},
	"artifacts": {"paths", "exclude", "expose_as", "name", "untracked", "when", "access", "expire_in", "reports"},
	"reports":   {"accessibility", "annotations", "junit", "browser_performance", "coverage_report", "codequality", "dotenv", "lsif", "sast", "dependency_scanning", "container_scanning", "dast", "license_management", "license_scanning", "requirements", "secret_detection", "metrics", "terraform", "cyclonedx", "load_performance", "repository_xray"},
	"rule":      {"if", "changes", "exists", "variables", "when", "start_in", "allow_failure", "needs", "interruptible"},
}

func allowed(kind, key string) bool {
	for _, k := range gitlabKeys[kind] {
		if k == key {
			return true
		}
	}
	return false
}

// TestGitLabPipelineShape checks the GitLab files pop init writes against
// the schema's rules for the keys they use, and the demands: a
// stage of its own, GIT_DEPTH only on pop's jobs, a Code Quality report.
func TestGitLabPipelineShape(t *testing.T) {
	for _, tt := range []struct {
		name, sub, file string
		existing        map[string]string
		standalone      bool
	}{
		{"standalone", ".", ".gitlab-ci.yml", nil, true},
		{"include", ".", ".gitlab/pop.yml", map[string]string{".gitlab-ci.yml": "test:\n  script: [make]\n"}, false},
		{"sub-folder", "team", ".gitlab-ci.yml", nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			top := initCI(t, "gitlab", tt.sub, tt.existing)
			data, err := os.ReadFile(filepath.Join(top, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := yaml.Unmarshal(data, &doc); err != nil {
				t.Fatalf("%s is not YAML: %v", tt.file, err)
			}
			if _, ok := doc["variables"]; ok {
				t.Errorf("top-level variables: GIT_DEPTH would apply to every job of the host pipeline")
			}
			if _, ok := doc["stages"]; ok != tt.standalone {
				t.Errorf("stages declared: %v, want %v (an include must not replace the host's stages)", ok, tt.standalone)
			}
			var jobs []string
			for key, v := range doc {
				if allowed("top", key) {
					continue
				}
				job, ok := v.(map[string]any)
				if !ok {
					t.Errorf("%s: a job must be a mapping", key)
					continue
				}
				jobs = append(jobs, key)
				checkJob(t, key, job)
			}
			sort.Strings(jobs)
			if strings.Join(jobs, " ") != ".pop pop-overdue pop-review" {
				t.Errorf("jobs %v", jobs)
			}
			tmpl := doc[".pop"].(map[string]any)
			if tmpl["stage"] != "pop" {
				t.Errorf(".pop: stage %v, want pop", tmpl["stage"])
			}
			vars, _ := tmpl["variables"].(map[string]any)
			if vars["GIT_DEPTH"] != "0" {
				t.Errorf(".pop: GIT_DEPTH %v, want \"0\" on pop's own jobs", vars["GIT_DEPTH"])
			}
			review := doc["pop-review"].(map[string]any)
			reports := review["artifacts"].(map[string]any)["reports"].(map[string]any)
			if reports["codequality"] == nil {
				t.Errorf("pop-review has no Code Quality report")
			}
			if !strings.Contains(string(data), "pop check --format codequality") {
				t.Errorf("pop-review does not run pop check --format codequality")
			}
			if strings.Contains(string(data), "@latest") {
				t.Errorf("installs @latest")
			}
		})
	}
}

func checkJob(t *testing.T, name string, job map[string]any) {
	t.Helper()
	for key, v := range job {
		if !allowed("job", key) {
			t.Errorf("%s: %s is not a job keyword", name, key)
		}
		switch key {
		case "stage", "extends", "image":
			if _, ok := v.(string); !ok {
				t.Errorf("%s.%s must be a string", name, key)
			}
		case "script", "before_script", "after_script":
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				t.Errorf("%s.%s must be a non-empty list", name, key)
			}
			for _, s := range list {
				if _, ok := s.(string); !ok {
					t.Errorf("%s.%s: every line must be a string", name, key)
				}
			}
		case "variables":
			for k, val := range v.(map[string]any) {
				if _, ok := val.(string); !ok {
					t.Errorf("%s.variables.%s must be a string", name, k)
				}
			}
		case "rules":
			for _, r := range v.([]any) {
				for k := range r.(map[string]any) {
					if !allowed("rule", k) {
						t.Errorf("%s.rules: %s is not a rule keyword", name, k)
					}
				}
			}
		case "artifacts":
			a := v.(map[string]any)
			for k := range a {
				if !allowed("artifacts", k) {
					t.Errorf("%s.artifacts: %s is not allowed", name, k)
				}
			}
			if r, ok := a["reports"].(map[string]any); ok {
				for k, val := range r {
					if !allowed("reports", k) {
						t.Errorf("%s.artifacts.reports: %s is not a report", name, k)
					}
					if _, ok := val.(string); !ok {
						t.Errorf("%s.artifacts.reports.%s must be a path", name, k)
					}
				}
			}
			if w, ok := a["when"]; ok && w != "on_success" && w != "on_failure" && w != "always" {
				t.Errorf("%s.artifacts.when %v", name, w)
			}
		}
	}
}
