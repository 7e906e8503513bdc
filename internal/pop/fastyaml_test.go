package pop

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// sameNodes reports the first difference between two node trees in what
// Parse reads of them: kind, value, null-ness and position (the document
// node's own position is not read).
func sameNodes(a, b *yaml.Node, path string) error {
	moved := a.Kind != yaml.DocumentNode && (a.Line != b.Line || a.Column != b.Column)
	if a.Kind != b.Kind || a.Value != b.Value || moved ||
		isNull(a) != isNull(b) || len(a.Content) != len(b.Content) {
		return fmt.Errorf("%s: fast %d %q %d:%d null=%v (%d children), yaml.v3 %d %q %d:%d null=%v (%d children)", path,
			a.Kind, a.Value, a.Line, a.Column, isNull(a), len(a.Content), b.Kind, b.Value, b.Line, b.Column, isNull(b), len(b.Content))
	}
	for i := range a.Content {
		if err := sameNodes(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

func frontMatters(t testing.TB) [][]byte {
	var out [][]byte
	files, _ := filepath.Glob("../../testdata/pops/*/*.md")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(data), "---\n", 3)
		if len(parts) == 3 {
			out = append(out, []byte(parts[1]))
		}
	}
	return out
}

func TestFastYAMLMatchesYAMLv3(t *testing.T) {
	cases := [][]byte{
		[]byte("a:\nb: 1\n"),
		[]byte("a:\n  - x\n  - y\nb: [p, q]\n"),
		[]byte("g:\n- id: x\n  u:\n    - {d: 1, n: 2}\n  v: w\n- id: y\n"),
		[]byte("a: []\nb: {}\nc: ~\nd: null\n"),
		[]byte("a:   \n\n# c\nb: x  \n"),
		[]byte("agenda: [café, doorgroei naar tech lead,  x ]\nnote: {date: 2027-02-03, note: Café au lait}\n"),
		[]byte("goals: []\n# For every goal:\n#   - id: x\n"),
		[]byte("a: Training 'conflicthantering' volgen!\nb: say \"hi\" & go * 2 | 3 > 1 @ 5% `x`\n"),
		[]byte("- id: an\n  email: an@example.com\n- {id: jan, email: jan@example.com}\n"),
	}
	fast := 0
	for _, src := range append(cases, frontMatters(t)...) {
		got := fastYAML(src)
		if got == nil {
			continue
		}
		fast++
		var want yaml.Node
		if err := yaml.Unmarshal(src, &want); err != nil {
			t.Errorf("%q: fast path accepted what yaml.v3 refuses: %v", src, err)
			continue
		}
		if err := sameNodes(got, &want, ""); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
	if fast < len(cases) {
		t.Errorf("fast path took %d inputs, want at least the %d simple cases", fast, len(cases))
	}
}

func TestFastYAMLDeclines(t *testing.T) {
	for _, src := range []string{
		"a: 'quoted'\n", "a: \"q\"\n", "a: &x b\nc: *x\n", "a: |\n  text\n", "a: b\n  continued\n",
		"a: b # comment\n", "a: b: c\n", "a:b\n", "a:\n\t- b\n", "a: b\r\n", "<<: x\n",
		"a: [b, [c]]\n", "a: @b\n", "a: `b`\n", "a: %b\n", "a: ? b\n", "a: =\n", "a: {b: c, d}\n", "a: [b,\n  c]\n", "a: - b\n", "a: !!str b\n", "a: {b: c, d: e, f}\n",
	} {
		if fastYAML([]byte(src)) != nil {
			t.Errorf("%q: fast path should decline", src)
		}
	}
}

// FuzzFastYAML holds the fast path to yaml.v3: whatever it accepts,
// yaml.v3 reads to the same nodes at the same positions.
func FuzzFastYAML(f *testing.F) {
	for _, fm := range frontMatters(f) {
		f.Add(fm)
	}
	f.Add([]byte("g:\n- id: x\n  u:\n    - {d: 1, n: 2}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		got := fastYAML(src)
		if got == nil {
			return
		}
		var want yaml.Node
		if err := yaml.Unmarshal(src, &want); err != nil {
			t.Fatalf("fast path accepted what yaml.v3 refuses: %v", err)
		}
		if err := sameNodes(got, &want, ""); err != nil {
			t.Fatal(err)
		}
	})
}

// splitAdrg splits data as Parse did before splitPlain, with
// adrg/frontmatter alone.
func splitAdrg(data []byte) (raw, body []byte, ok bool) {
	var got []byte
	capture := func(b []byte, _ any) error { got = b; return nil }
	body, err := frontmatter.Parse(bytes.NewReader(data), nil, frontmatter.NewFormat("---", "---", capture))
	if err != nil || got == nil {
		return nil, nil, false
	}
	return got, body, true
}

// FuzzSplitPlain holds splitPlain to adrg/frontmatter: whatever it
// splits, adrg/frontmatter splits the same way.
func FuzzSplitPlain(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/pops/*/*.md")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\n \n---\na: b\n--- \nbody"))
	f.Add([]byte("---\na: b\n---"))
	f.Fuzz(func(t *testing.T, data []byte) {
		raw, body, ok := splitPlain(data)
		if !ok {
			return
		}
		wraw, wbody, wok := splitAdrg(data)
		if !wok || !bytes.Equal(raw, wraw) || !bytes.Equal(body, wbody) {
			t.Fatalf("splitPlain: %q | %q; adrg/frontmatter (%v): %q | %q", raw, body, wok, wraw, wbody)
		}
	})
}

// TestFastYAMLGenerated compares the fast path with yaml.v3 on documents
// built from the subset's grammar, with random indentation, nesting,
// flow collections, comments and text, which byte-level fuzzing rarely
// reaches.
func TestFastYAMLGenerated(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	all := []string{"a", "b c", "Café", "2027-Q1", "+3m", "450 EUR", "null", "~", "yes", "x!", "demo's", "a-b", "1", "tech lead", "é ü", "50%", "a@b.c", "x,y", "a #b", "a: b", "'q'", "\"q\"", "-x", "[x]", "{x}", "*x", "&x", "!x", "|", ">", "?x", "%x", "@x", "`x`", "=", ""}
	plain := all[:16]
	words := all
	keys := []string{"id", "goal", "date", "note", "pop", "kind", "x_y", "a.b", "k-1", "Key"}
	pick := func(s []string) string { return s[rnd.Intn(len(s))] }
	var block func(b *strings.Builder, indent, depth int, inSeq bool)
	value := func(b *strings.Builder, indent, depth int) {
		switch r := rnd.Intn(10); {
		case r < 5 || depth > 3:
			b.WriteString(" " + pick(words) + strings.Repeat(" ", rnd.Intn(2)) + "\n")
		case r == 5:
			var items []string
			for i := rnd.Intn(4); i > 0; i-- {
				items = append(items, strings.Repeat(" ", rnd.Intn(2))+pick(words))
			}
			b.WriteString(" [" + strings.Join(items, ",") + "]\n")
		case r == 6:
			var items []string
			for i := rnd.Intn(3); i > 0; i-- {
				items = append(items, pick(keys)+": "+pick(words))
			}
			b.WriteString(" {" + strings.Join(items, ", ") + "}\n")
		default:
			b.WriteString("\n")
			if rnd.Intn(8) == 0 {
				b.WriteString("# comment\n\n")
			}
			step := 1 + rnd.Intn(3)
			if rnd.Intn(3) == 0 {
				step = 0 // a compact sequence under its key
			}
			block(b, indent+step, depth+1, step == 0)
		}
	}
	block = func(b *strings.Builder, indent, depth int, seq bool) {
		pad := strings.Repeat(" ", indent)
		if seq || rnd.Intn(3) == 0 {
			for i := 1 + rnd.Intn(3); i > 0; i-- {
				if rnd.Intn(2) == 0 {
					b.WriteString(pad + "- " + pick(words) + "\n")
					continue
				}
				b.WriteString(pad + "- " + pick(keys) + ":")
				value(b, indent+2, depth+1)
				for j := rnd.Intn(3); j > 0; j-- {
					b.WriteString(pad + "  " + pick(keys) + ":")
					value(b, indent+2, depth+1)
				}
			}
			return
		}
		for i := 1 + rnd.Intn(4); i > 0; i-- {
			b.WriteString(pad + pick(keys) + ":")
			value(b, indent, depth)
		}
	}
	fast := 0
	for i := 0; i < 20000; i++ {
		words = all
		if i%2 == 0 {
			words = plain // mostly the fast path, deeper structures
		}
		var b strings.Builder
		block(&b, 0, 0, false)
		src := []byte(b.String())
		got := fastYAML(src)
		if got == nil {
			continue
		}
		fast++
		var want yaml.Node
		if err := yaml.Unmarshal(src, &want); err != nil {
			t.Fatalf("fast path accepted what yaml.v3 refuses (%v):\n%s", err, src)
		}
		if err := sameNodes(got, &want, ""); err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
	}
	if fast < 2000 {
		t.Errorf("only %d of 20000 generated documents took the fast path", fast)
	}
	t.Logf("%d of 20000 took the fast path", fast)
}

// TestWithYAMLReusesNodes reads front matters of every shape one after
// the other, twice over, so that each is read into node memory another
// one used: each still reads as yaml.v3 reads it.
func TestWithYAMLReusesNodes(t *testing.T) {
	fms := frontMatters(t)
	if len(fms) < 2 {
		t.Fatal("no fixture front matters")
	}
	for round := range 2 {
		for i, src := range fms {
			var want yaml.Node
			wantErr := yaml.Unmarshal(src, &want)
			withYAML(src, func(got *yaml.Node, err error) {
				switch {
				case (err != nil) != (wantErr != nil):
					t.Errorf("round %d, front matter %d: error %v, yaml.v3 %v", round, i, err, wantErr)
				case err == nil:
					if err := sameNodes(got, &want, ""); err != nil {
						t.Errorf("round %d, front matter %d: %v", round, i, err)
					}
				}
			})
		}
	}
}
