package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestGitHubCommand(t *testing.T) {
	got := GitHubCommand("error", []string{"file", "line", "col", "title"},
		map[string]string{"file": "pop/a,b.md", "line": "3", "col": "1", "title": "rule: x"},
		"50% done\nnext line")
	want := "::error file=pop/a%2Cb.md,line=3,col=1,title=rule%3A x::50%25 done%0Anext line"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestWriteJSONControls: DEL and C1 controls, which encoding/json leaves
// raw, are escaped; the value decodes the same.
func TestWriteJSONControls(t *testing.T) {
	in := map[string]string{"a": "x\x7fy\u009b31mz\x1b é"}
	var b bytes.Buffer
	if err := WriteJSON(&b, in); err != nil {
		t.Fatal(err)
	}
	for _, r := range b.String() {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			t.Errorf("control character %U in %q", r, b.String())
		}
	}
	var out map[string]string
	if err := json.Unmarshal(b.Bytes(), &out); err != nil || out["a"] != in["a"] {
		t.Errorf("decodes to %q, %v", out["a"], err)
	}
}
