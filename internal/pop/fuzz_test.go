package pop

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic, and
// every problem it reports must point inside the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/pops/*/*.md")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\na: &a [*a]\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := Parse("fuzz.md", data)
		lines := 1
		for _, b := range data {
			if b == '\n' {
				lines++
			}
		}
		for _, p := range d.Problems {
			if p.Pos.Line < 1 || p.Pos.Col < 1 || p.Pos.Line > lines+1 {
				t.Errorf("problem %s at %v outside a file of %d lines", p.Code, p.Pos, lines)
			}
			if p.Code == "" || p.Message == "" {
				t.Errorf("problem without code or message: %+v", p)
			}
		}
		for _, s := range d.Sections {
			if s.Pos.Line < d.BodyLine || s.Pos.Line > lines {
				t.Errorf("section %q at line %d outside the body (%d..%d)", s.Title, s.Pos.Line, d.BodyLine, lines)
			}
		}
		// Comparing a document with itself finds nothing.
		if c := Compare(d, d); len(c) != 0 {
			t.Errorf("Compare(d, d) = %+v", c)
		}
	})
}
