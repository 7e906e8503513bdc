package report

import "testing"

func TestGitHubCommand(t *testing.T) {
	got := GitHubCommand("error", []string{"file", "line", "col", "title"},
		map[string]string{"file": "pop/a,b.md", "line": "3", "col": "1", "title": "rule: x"},
		"50% done\nnext line")
	want := "::error file=pop/a%2Cb.md,line=3,col=1,title=rule%3A x::50%25 done%0Anext line"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
