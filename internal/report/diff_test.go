package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/popdev/pop/internal/diff"
)

func TestDiffMarkdownEscapesPlanText(t *testing.T) {
	files := []diff.File{{
		Path: "pop/x/2026-01-01.md", Status: diff.Modified,
		Goals: []diff.Goal{{ID: "g", Status: diff.Added, Text: "[click](javascript:alert(1)) <script>x</script> **bold** | pipe\nnew line"}},
	}}
	var b bytes.Buffer
	if err := WriteDiffMarkdown(&b, "main", "HEAD", files); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script>", "[click](", "**bold**", " | pipe", "\nnew line"} {
		if strings.Contains(out, bad) {
			t.Errorf("markdown passes %q through:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, `\<script\>`) {
		t.Errorf("escaped text missing:\n%s", out)
	}
}

func TestMDCode(t *testing.T) {
	for in, want := range map[string]string{"a.md": "`a.md`", "a`b": "``a`b``", "`x": "`` `x ``"} {
		if got := string(mdCode(in)); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDiffMarkdownGoalIDInjects: a goal id with blank lines cannot end the
// code span and the paragraph to put raw HTML into a job summary.
func TestDiffMarkdownGoalIDInjects(t *testing.T) {
	files := []diff.File{{
		Path: "pop/x/2026-01-01.md\n\n<img src=x>", Status: diff.Modified,
		Goals: []diff.Goal{{ID: "g\n\n<img src=x onerror=alert(1)>\n\n", Status: diff.Added, Text: "see www.evil.example and https://evil.example @org/team"}},
	}}
	var b bytes.Buffer
	if err := WriteDiffMarkdown(&b, "main", "HEAD", files); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"\n<img", "\n\n<", "www.evil", "https://", "@org"} {
		if strings.Contains(out, bad) {
			t.Errorf("markdown holds %q:\n%s", bad, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Count(line, "`")%2 != 0 {
			t.Errorf("a code span breaks across lines at %q", line)
		}
	}
}

// TestDiffTextControlChars: plan text shows in diff text, but its
// control characters do not act on the terminal.
func TestDiffTextControlChars(t *testing.T) {
	files := []diff.File{{
		Path: "pop/x\x1b[2J/2026-01-01.md", Status: diff.Modified,
		Goals: []diff.Goal{{ID: "g\x07", Status: diff.Added, Text: "a\x1b]8;;https://evil.example\x07link\x1b]8;;\x07\rfake"}},
	}}
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteDiffText(&b, files, Style{Color: color}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, code := range []string{"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m"} {
			out = strings.ReplaceAll(out, code, "")
		}
		if strings.ContainsAny(out, "\x1b\x07\r") {
			t.Errorf("color %v: control characters in %q", color, b.String())
		}
		if !strings.Contains(out, `a\u001b]8;;https://evil.example\u0007link`) {
			t.Errorf("color %v: plan text not shown escaped: %q", color, out)
		}
	}
}
