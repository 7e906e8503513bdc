package popcmd

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// TestREADME holds the README to what a newcomer needs from it: the
// two-command quickstart first, a length one reads in a sitting, and links
// into docs/ that lead somewhere.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(readme, []byte("\n")); n > 300 {
		t.Errorf("README.md has %d lines; keep it to 300 and move reference to docs/", n)
	}
	quick := []byte("```sh\ngo run ./cmd/pop demo\ngo test ./...\n```")
	// The first section is the quickstart, and the block is in it.
	sections := bytes.SplitN(readme, []byte("\n## "), 3)
	if len(sections) < 2 || !bytes.HasPrefix(sections[1], []byte("Quickstart\n")) || !bytes.Contains(sections[1], quick) {
		t.Errorf("README.md does not open with a Quickstart section holding %q", quick)
	}
}

// TestDocLinks fails on a relative link in README.md or docs/*.md that
// points at a file that is not there.
func TestDocLinks(t *testing.T) {
	root := filepath.Join("..", "..")
	files, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files = append(files, filepath.Join(root, "README.md"))
	link := regexp.MustCompile(`\]\(([^)#\s]+)(#[^)]*)?\)`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllSubmatch(data, -1) {
			target := string(m[1])
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(f), target)); err != nil {
				t.Errorf("%s links to %s, which is not there", filepath.Base(f), target)
			}
		}
	}
}
