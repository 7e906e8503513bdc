package popcmd

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateDocs = flag.Bool("update", false, "rewrite docs/commands.md and docs/pop.1")

// TestDocs fails when the generated command reference or man page is
// not what the command table gives. Regenerate them with
// go run ./cmd/pop gen-docs docs (or this test with -update).
func TestDocs(t *testing.T) {
	docs, err := generateDocs(context.Background(), testEnv(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{docsMarkdown, docsMan} {
		path := filepath.Join("..", "..", "docs", name)
		if *updateDocs {
			if err := os.WriteFile(path, docs[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v; run go run ./cmd/pop gen-docs docs", err)
		}
		if !bytes.Equal(have, docs[name]) {
			t.Errorf("docs/%s is stale: run go run ./cmd/pop gen-docs docs", name)
		}
	}
}
