package check

import (
	"bytes"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/popdev/pop/internal/pop"
)

const aliasBomb = `---
pop: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
employee: *i
---
`

// TestHostileInputs feeds File what an attacker or an accident might put
// in a POP folder. Each yields its finding, quickly, without a panic.
func TestHostileInputs(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	binary := make([]byte, 64<<10)
	rnd.Read(binary)
	tests := []struct {
		name string
		data []byte
		rule string
	}{
		{"empty file", nil, pop.CodeNoFrontMatter},
		{"binary data", binary, pop.CodeInvalidUTF8},
		{"NUL bytes", make([]byte, 4096), pop.CodeControlChar},
		{"alias bomb", []byte(aliasBomb), pop.CodeUnsupportedYAML},
		{"300 KiB of text", bytes.Repeat([]byte("tekst "), 300<<10/6), pop.CodeTooLarge},
		{"100,000 nested block quotes", []byte("---\npop: 1\n---\n" + strings.Repeat(">", 100000) + " x\n"), pop.CodeTooDeep},
		{"100,000 nested lists", []byte("---\npop: 1\n---\n" + strings.Repeat("- ", 100000) + "x\n"), pop.CodeTooDeep},
		{"lists nested by indentation to 256 KiB", []byte("---\npop: 1\n---\n" + nestedList(500)), pop.CodeTooDeep},
		{"unclosed front matter", []byte("---\npop: 1\nkind: pop\n\n## 1. Start van het gesprek\n"), pop.CodeUnclosed},
		{"only a delimiter", []byte("---"), pop.CodeUnclosed},
		{"front matter is a list", []byte("---\n- a\n- b\n---\n"), pop.CodeFieldType},
		{"deep YAML", []byte("---\npop: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n---\n"), pop.CodeYAMLSyntax},
	}
	r, people := testRepo(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := File(r, people, janPath, tt.data)
			found := false
			for _, f := range got {
				found = found || f.Rule == tt.rule
			}
			if !found {
				t.Errorf("no %s finding in %v", tt.rule, brief(got))
			}
		})
	}
}

// FuzzFile checks that parsing and checking any bytes never panics and
// that every finding has a known rule, a severity and a position inside
// the file.
func FuzzFile(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(fixtures, "*", "*.md"))
	for _, s := range seeds {
		f.Add(readFixture(f, s[len(fixtures)+1:]))
	}
	f.Add([]byte(aliasBomb))
	r, people := testRepo(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, fd := range File(r, people, janPath, data) {
			if _, ok := Lookup(fd.Rule); !ok {
				t.Errorf("unknown rule %q", fd.Rule)
			}
			if fd.Severity != Error && fd.Severity != Warning {
				t.Errorf("severity %q", fd.Severity)
			}
			if fd.Pos.Line < 1 || fd.Pos.Col < 1 || fd.Pos.Line > lines {
				t.Errorf("%s at %s outside a file of %d lines", fd.Rule, fd.Pos, lines)
			}
			if fd.Message == "" {
				t.Errorf("%s without a message", fd.Rule)
			}
		}
	})
}

// nestedList is n list items, one a line, each indented under the one
// before: as deep as the size limit allows, one marker a line.
func nestedList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}
