package pop

import (
	"strings"
	"testing"
)

func TestParseBoundsNesting(t *testing.T) {
	tests := []struct {
		name string
		body string
		deep bool
		line int
	}{
		{"quotes", strings.Repeat("> ", 100000) + "x\n", true, 4},
		{"quotes without spaces", strings.Repeat(">", 100000) + "\n", true, 4},
		{"lists", "intro\n\n" + strings.Repeat("- ", 100000) + "x\n", true, 6},
		{"ordered lists", strings.Repeat("1. ", MaxNesting+1) + "x\n", true, 4},
		{"at the limit", strings.Repeat("> ", MaxNesting) + "x\n", false, 0},
		{"plain", "## 1. Start van het gesprek\n\nHallo.\n", false, 0},
		{"lists by indentation", indented("- ", 60), true, 63},
		{"lists by indentation at the limit", indented("- ", MaxNesting), false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse("x.md", []byte("---\npop: 1\n---\n"+tt.body))
			var got *Problem
			for i, p := range d.Problems {
				if p.Code == CodeTooDeep {
					got = &d.Problems[i]
				}
			}
			if (got != nil) != tt.deep {
				t.Fatalf("too deep reported = %v, want %v (%v)", got != nil, tt.deep, d.Problems)
			}
			if got != nil && got.Pos != (Pos{tt.line, 1}) {
				t.Errorf("position %v, want %d:1", got.Pos, tt.line)
			}
		})
	}
}

func TestSectionsIgnoreInlineSyntax(t *testing.T) {
	// Links and emphasis are not parsed: headings keep their text, and
	// inputs that make goldmark's inline parsers quadratic stay fast.
	body := "## *Terugblik*\n\n" + strings.Repeat("[a](", 30000) + "\n\n## `Afronding`\n\n" + strings.Repeat("**a_", 30000) + "\n"
	d := Parse("x.md", []byte("---\npop: 1\n---\n"+body))
	if len(d.Sections) != 2 {
		t.Fatalf("sections = %d, want 2", len(d.Sections))
	}
	for i, want := range []int{1, 4} {
		if i, _ := MatchSection(KindPOP, d.Sections[i].Title); i != want {
			t.Errorf("section %q matched %d, want %d", d.Sections[i].Title, i, want)
		}
	}
}

func TestSectionsEmptyHeadings(t *testing.T) {
	// An empty heading has no text for goldmark to place it by; found by
	// fuzzing pop check, it once made the section cut panic.
	for _, body := range []string{"\n## 0\n#", "#\n## 1. Opening\n\nx\n#\n", "## Plan\n\n##\n\ntext\n# \n"} {
		d := Parse("x.md", []byte("---\n---\n"+body))
		for _, s := range d.Sections {
			if len(s.Text) > len(body) {
				t.Errorf("%q: section text longer than the body", body)
			}
		}
	}
}

func TestNormalTitle(t *testing.T) {
	for in, want := range map[string]string{
		"2. Terugblik":        "terugblik",
		"  12) Plan ":         "plan",
		"3 Development":       "development",
		"*Afronding*":         "afronding",
		"Wrap-up":             "wrap-up",
		"2027 plans":          "plans",
		"4.Concrete planning": "concrete planning",
	} {
		if got := NormalTitle(in); got != want {
			t.Errorf("NormalTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// indented nests n list items (marker, one level each), one a line,
// each indented under the one before.
func indented(marker string, n int) string {
	var b strings.Builder
	pad := ""
	for range n {
		b.WriteString(pad + marker + "x\n")
		pad += strings.Repeat(" ", len(marker))
	}
	return b.String()
}
