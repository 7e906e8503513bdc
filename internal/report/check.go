package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/popdev/pop/internal/check"
)

// CheckTextOptions say how pop check's text output looks.
type CheckTextOptions struct {
	Style Style
	// Grouped writes findings under a heading per file with a summary at
	// the end, for a terminal; otherwise one line per finding,
	// path:line:col: severity: message [rule], for tools and pipes.
	Grouped bool
	// Path turns a root-relative path into the one to show; nil keeps it.
	Path func(rel string) string
}

// WriteCheckText writes findings for people. A hint follows its finding
// on an indented line.
func WriteCheckText(w io.Writer, res *check.Result, o CheckTextOptions) error {
	show := o.Path
	if show == nil {
		show = func(rel string) string { return rel }
	}
	s := o.Style
	sev := func(v check.Severity) Styled {
		if v == check.Error {
			return s.Red(string(v))
		}
		return s.Yellow(string(v))
	}
	ew := &termWriter{w: w}
	if !o.Grouped {
		for _, f := range res.Findings {
			ew.printf("%s:%s: %s: %s [%s]\n", show(f.Path), f.Pos, sev(f.Severity), f.Message, f.Rule)
			if f.Hint != "" {
				ew.printf("    hint: %s\n", f.Hint)
			}
		}
		return ew.err
	}
	prev := ""
	for _, f := range res.Findings {
		if f.Path != prev {
			if prev != "" {
				ew.printf("\n")
			}
			ew.printf("%s\n", s.Bold(show(f.Path)))
			prev = f.Path
		}
		pos := f.Pos.String()
		ew.printf("  %s  %s  %s %s\n", s.Dim(checkPad(pos, 7)), sev(f.Severity)+Styled(checkPad("", 7-len(f.Severity))), f.Message, s.Dim("["+f.Rule+"]"))
		if f.Hint != "" {
			ew.printf("  %s  %s\n", checkPad("", 7+2+7), s.Dim("hint: "+f.Hint))
		}
	}
	if len(res.Findings) > 0 {
		ew.printf("\n")
	}
	errs, warns := res.Count(check.Error), res.Count(check.Warning)
	summary := fmt.Sprintf("%s, %s in %s checked", CountOf(errs, "error", "errors"), CountOf(warns, "warning", "warnings"), CountOf(res.Files, "file", "files"))
	switch {
	case errs > 0:
		ew.printf("%s\n", s.Red("✖ "+summary))
	case warns > 0:
		ew.printf("%s\n", s.Yellow("! "+summary))
	default:
		ew.printf("%s\n", s.Green("✓ "+summary))
	}
	return ew.err
}

func checkPad(s string, n int) string {
	for len(s) < n {
		s += " "
	}
	return s
}

// CheckJSON is pop check's JSON output. Its field names are stable.
type CheckJSON struct {
	FilesChecked int                `json:"files_checked"`
	Errors       int                `json:"errors"`
	Warnings     int                `json:"warnings"`
	Findings     []CheckJSONFinding `json:"findings"`
}

// CheckJSONFinding is one finding in pop check's JSON output. Path is
// relative to the POP repository root; Field and Hint are "" when the
// finding has none.
type CheckJSONFinding struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Field    string `json:"field"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
}

// WriteCheckJSON writes findings as JSON, with [] when there are none.
func WriteCheckJSON(w io.Writer, res *check.Result) error {
	out := CheckJSON{
		FilesChecked: res.Files,
		Errors:       res.Count(check.Error),
		Warnings:     res.Count(check.Warning),
		Findings:     []CheckJSONFinding{},
	}
	for _, f := range res.Findings {
		out.Findings = append(out.Findings, CheckJSONFinding{
			Path: f.Path, Line: f.Pos.Line, Column: f.Pos.Col, Severity: string(f.Severity),
			Rule: f.Rule, Field: f.Field, Message: f.Message, Hint: f.Hint,
		})
	}
	return WriteJSON(w, out)
}

// WriteCheckGitHub writes findings as GitHub workflow annotations, which
// show on the lines of a pull request's diff. path turns a root-relative
// path into one relative to the git work tree; nil keeps it.
func WriteCheckGitHub(w io.Writer, res *check.Result, path func(rel string) string) error {
	if path == nil {
		path = func(rel string) string { return rel }
	}
	ew := &termWriter{w: w}
	keys := []string{"file", "line", "col", "title"}
	for _, f := range res.Findings {
		msg := f.Message
		if f.Hint != "" {
			msg += "\nhint: " + f.Hint
		}
		ew.printf("%s\n", GitHubCommand(string(f.Severity), keys, map[string]string{
			"file":  path(f.Path),
			"line":  strconv.Itoa(f.Pos.Line),
			"col":   strconv.Itoa(f.Pos.Col),
			"title": "pop check: " + f.Rule,
		}, msg))
	}
	return ew.err
}
