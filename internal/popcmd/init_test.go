package popcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteAllOrNothing: a failure on a later file takes back the files
// and folders written before it, and leaves what was there alone.
func TestWriteAllOrNothing(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "blocker"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeAll(root, []newFile{
		{rel: ".pop.yaml", data: "lang: nl\n"},
		{rel: ".pop/people.yaml", data: "[]\n"},
		{rel: "deep/er/file", data: "x"},
		{rel: "blocker/allowed_signers", data: ""}, // blocker is a file: this one fails
	})
	if err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v, want a failure that says nothing was written", err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || entries[0].Name() != "blocker" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind %v, want only blocker", names)
	}
	if err := writeAll(root, []newFile{{rel: ".pop.yaml", data: "x"}, {rel: ".pop/people.yaml", data: "y"}}); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(root, ".pop/people.yaml")); err != nil || string(data) != "y" {
		t.Errorf("second file: %q, %v", data, err)
	}
}
