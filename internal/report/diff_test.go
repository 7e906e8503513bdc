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
