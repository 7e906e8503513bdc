package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/popdev/pop/internal/check"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
)

// checkResult checks some of the rule fixtures, so the golden files show
// real findings: errors and warnings, hints, fields, and two files (one
// of them in the wrong place).
func checkResult(t *testing.T) *check.Result {
	t.Helper()
	people, _, err := repo.ParsePeople(".pop/people.yaml", []byte("- {id: an-janssens, name: An, email: an@example.com}\n- {id: jan-peeters, name: Jan, email: jan@example.com, manager: an-janssens}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := &repo.Repo{Root: t.TempDir(), Config: repo.DefaultConfig()}
	res := &check.Result{Files: 2}
	for _, f := range []struct{ fixture, rel string }{
		{"unknown-key", "pop/jan-peeters/2026-11-20.md"},
		{"goal-missing-measure", "pop/jan-peeters/2026-11-20.md"},
		{"section-missing", "pop/an-janssens/2026-11-20.md"},
	} {
		data, err := os.ReadFile("../../testdata/pops/rules/" + f.fixture + ".md")
		if err != nil {
			t.Fatal(err)
		}
		res.Findings = append(res.Findings, check.File(r, people, f.rel, data)...)
	}
	return res
}

func TestCheckJSONGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCheckJSON(&b, checkResult(t)); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "check.json", b.Bytes())
}

func TestCheckJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCheckJSON(&b, &check.Result{Files: 2}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"findings": []`) {
		t.Errorf("no empty list in %s", b.String())
	}
}

func TestCheckSARIFGolden(t *testing.T) {
	var b bytes.Buffer
	o := CheckSARIFOptions{Version: "v1.0.0", Path: func(rel string) string { return "hr/" + rel }}
	if err := WriteCheckSARIF(&b, checkResult(t), o); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "check.sarif", b.Bytes())

	var log struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID              string
				RuleIndex           int
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if log.Version != "2.1.0" || len(run.Tool.Driver.Rules) != len(check.Rules) || len(run.Results) != 4 {
		t.Fatalf("unexpected log: %+v", log)
	}
	seen := map[string]bool{}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %d", r.RuleID, r.RuleIndex)
		}
		fp := r.PartialFingerprints[FingerprintKey]
		if fp == "" || seen[fp] {
			t.Errorf("fingerprint %q missing or repeated", fp)
		}
		seen[fp] = true
	}
}

// TestCheckSARIFFingerprintsStable shows that a finding keeps its
// fingerprint when lines above it move.
func TestCheckSARIFFingerprintsStable(t *testing.T) {
	fingerprints := func(res *check.Result) []string {
		var b bytes.Buffer
		if err := WriteCheckSARIF(&b, res, CheckSARIFOptions{}); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Results []struct{ PartialFingerprints map[string]string }
			}
		}
		if err := json.Unmarshal(b.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range log.Runs[0].Results {
			out = append(out, r.PartialFingerprints[FingerprintKey])
		}
		return out
	}
	res := checkResult(t)
	before := fingerprints(res)
	for i := range res.Findings {
		res.Findings[i].Pos.Line += 5
	}
	if after := fingerprints(res); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("fingerprints changed when lines moved: %v → %v", before, after)
	}
}

func TestCheckTextPlain(t *testing.T) {
	var b bytes.Buffer
	err := WriteCheckText(&b, checkResult(t), CheckTextOptions{Style: Style{Color: true}, Path: func(rel string) string { return "./" + rel }})
	if err != nil {
		t.Fatal(err)
	}
	want := "./pop/jan-peeters/2026-11-20.md:7:1: \x1b[31merror\x1b[0m: unknown key [unknown-key]\n" +
		"    hint: did you mean companion?\n" +
		"./pop/jan-peeters/2026-11-20.md:11:5: \x1b[33mwarning\x1b[0m: goals[0] does not say which kind of measure (measure) [goal-missing-measure]\n" +
		"    hint: add measure: vorming, training, opleiding, coaching, other\n" +
		"./pop/an-janssens/2026-11-20.md:4:11: \x1b[31merror\x1b[0m: path does not match employee, date and kind: expected pop/jan-peeters/2026-11-20.md [path-mismatch]\n" +
		"    hint: move the file to pop/jan-peeters/2026-11-20.md\n" +
		"./pop/an-janssens/2026-11-20.md:47:1: \x1b[31merror\x1b[0m: section 3 (Ontwikkelbehoeften) is missing [section-missing]\n" +
		"    hint: add ## 3. Ontwikkelbehoeften\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCheckTextGrouped(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCheckText(&b, checkResult(t), CheckTextOptions{Grouped: true}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "check_grouped.txt", b.Bytes())

	b.Reset()
	if err := WriteCheckText(&b, &check.Result{Files: 4}, CheckTextOptions{Grouped: true}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "✓ 0 errors, 0 warnings in 4 files checked\n" {
		t.Errorf("clean: %q", b.String())
	}
	b.Reset()
	if err := WriteCheckText(&b, &check.Result{Files: 4}, CheckTextOptions{}); err != nil || b.Len() != 0 {
		t.Errorf("plain output of a clean run: %q", b.String())
	}
}

func TestCheckGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCheckGitHub(&b, checkResult(t), func(rel string) string { return "hr/" + rel }); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	want := "::error file=hr/pop/jan-peeters/2026-11-20.md,line=7,col=1,title=pop check%3A unknown-key::unknown key%0Ahint: did you mean companion?"
	if len(lines) != 4 || lines[0] != want || !strings.HasPrefix(lines[1], "::warning ") {
		t.Errorf("got\n%s", b.String())
	}
}

// TestCheckTextControlChars: a file name or a message with ESC prints as
// text, in both layouts.
func TestCheckTextControlChars(t *testing.T) {
	res := &check.Result{Files: 1, Findings: []check.Finding{{
		Path: "pop/\x1b]0;title\x07/x.md", Pos: pop.Pos{Line: 1, Col: 1}, Rule: "yaml-syntax", Severity: check.Error,
		Message: "bad \x1b[2J", Hint: "h\x9b",
	}}}
	for _, grouped := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteCheckText(&b, res, CheckTextOptions{Grouped: grouped}); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(b.String(), "\x1b\x07\u009b") {
			t.Errorf("grouped %v: control characters in %q", grouped, b.String())
		}
	}
}
