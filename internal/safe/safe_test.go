package safe

import (
	"net/url"
	"strings"
	"testing"
	"testing/quick"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func TestTerm(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain", "jan-peeters", "jan-peeters"},
		{"dutch", "één ziekteverlof", "één ziekteverlof"},
		{"escape", "a\x1b[2Jb", `a\u001b[2Jb`},
		{"osc8", "\x1b]8;;https://x\x07link\x1b]8;;\x07", `\u001b]8;;https://x\u0007link\u001b]8;;\u0007`},
		{"cr", "ok\rfake", `ok\u000dfake`},
		{"tab and newline", "a\tb\nc", `a\u0009b\u000ac`},
		{"del", "a\x7f", `a\u007f`},
		{"c1 csi", "a\u009b31m", `a\u009b31m`},
		{"invalid utf-8", "a\x9b31m", `a\x9b31m`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Term(c.in); got != c.want {
				t.Errorf("Term(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
	if got := TermLines("a\x1b\nb"); got != "a\\u001b\nb" {
		t.Errorf("TermLines = %q", got)
	}
}

// noControl fails when s holds a control character other than those allowed.
func noControl(t *testing.T, s, allowed string) {
	t.Helper()
	for _, r := range s {
		if control(r) && !strings.ContainsRune(allowed, r) {
			t.Errorf("%q holds control character %U", s, r)
		}
	}
	if !utf8.ValidString(s) {
		t.Errorf("%q is not UTF-8", s)
	}
}

func TestMarkdown(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain", "Leer SQL", "Leer SQL"},
		{"html", "<img src=x onerror=alert(1)>", `\<img src=x onerror=alert\(1\)\>`},
		{"link", "[re-sign here](https://evil)", "\\[re-sign here\\]\\(https\\:\u2060//evil\\)"},
		{"image", "![p](x)", `\!\[p\]\(x\)`},
		{"mention", "@org/hr", "\\@\u2060org/hr"},
		{"www", "see www.evil.com", "see www\u2060.evil.com"},
		{"blank lines", "a\n\n<b>", `a \<b\>`},
		{"pipe", "a|b", `a\|b`},
		{"list marker", "- x", `\- x`},
		{"ordered list", "12. x", `12\. x`},
		{"decimal", "1650.50", "1650.50"},
		{"heading", "# x", `\# x`},
		{"date", "2026-11-20", "2026-11-20"},
		{"math", "$x$", `\$x\$`},
		{"issue", "see #12 and #x", "see #\u2060" + "12 and #x"},
		{"escape", "a\x1b]0;t\x07", `a\\u001b\]0;t\\u0007`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Markdown(c.in)
			if got != c.want {
				t.Errorf("Markdown(%q) = %q, want %q", c.in, got, c.want)
			}
			noControl(t, got, "")
		})
	}
	if got := MarkdownCell(" "); got != "—" {
		t.Errorf("MarkdownCell(blank) = %q", got)
	}
}

func TestMarkdownCode(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain", "goal-1", "`goal-1`"},
		{"backtick", "a`b", "``a`b``"},
		{"edge backtick", "`a", "`` `a ``"},
		{"blank lines", "g\n\n<img src=x>", "`g <img src=x>`"},
		{"pipe", "a|b", "`a|b`"},
		{"empty", "", "`  `"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := MarkdownCode(c.in); got != c.want {
				t.Errorf("MarkdownCode(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestMarkdownCodeCell(t *testing.T) {
	if got := MarkdownCodeCell("a|b\n\nc"); got != "`a\\|b c`" {
		t.Errorf("MarkdownCodeCell = %q", got)
	}
}

func TestICal(t *testing.T) {
	got := ICal("a\rBEGIN:VEVENT\x1b[31m\nb")
	noControl(t, got, "")
	if got != `a BEGIN:VEVENT\u001b[31m b` {
		t.Errorf("ICal = %q", got)
	}
}

func TestSlug(t *testing.T) {
	if Slug("jan-peeters") != "jan-peeters" {
		t.Error("a slug changed")
	}
	for _, s := range []string{"Jan Peeters", "a@b", "x\r\ny", "-a", ""} {
		h := Slug(s)
		if !IsSlug(h) || h == s || len(h) != 17 {
			t.Errorf("Slug(%q) = %q, want h and 16 hex digits", s, h)
		}
	}
}

func TestURIPath(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"pop/jan-peeters/2026-11-20.md", "pop/jan-peeters/2026-11-20.md"},
		{"pop/a b/100%.md", "pop/a%20b/100%25.md"},
		{"pop/a#b/[1].md", "pop/a%23b/%5B1%5D.md"},
		{"pop/één/x?.md", "pop/%C3%A9%C3%A9n/x%3F.md"},
		{"c:/x.md", "c%3A/x.md"},
	} {
		got := URIPath(c.in)
		if got != c.want {
			t.Errorf("URIPath(%q) = %q, want %q", c.in, got, c.want)
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Fragment != "" || u.RawQuery != "" {
			t.Errorf("URIPath(%q) = %q does not parse as a plain relative path: %v", c.in, got, err)
			continue
		}
		if u.Path != c.in {
			t.Errorf("URIPath(%q) decodes to %q", c.in, u.Path)
		}
	}
}

// TestMarkdownRendered renders escaped hostile text with GitHub-flavoured
// Markdown (goldmark with linkify, tables and strikethrough) and holds it
// to text: no element but the paragraph (or the table) pop wrote.
func TestMarkdownRendered(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	hostile := []string{
		"an [re-sign here](https://evil.example) ![p](https://evil.example/p.png) @org/hr",
		"<img src=x onerror=alert(1)> <script>x</script> &lt;b&gt;",
		"see https://evil.example and www.evil.example or jan@evil.example",
		"**bold** _em_ ~~gone~~ `code` $x$ <https://evil.example>",
		"# heading",
		"1. list",
		"> quote",
		"a | b | c",
		"line\n\n<img src=x>",
		"[x]: https://evil.example",
	}
	for _, h := range hostile {
		for _, doc := range []string{
			"p " + Markdown(h) + "\n",
			Markdown(h) + "\n",
			"| a | b |\n| --- | --- |\n| " + MarkdownCell(h) + " | " + MarkdownCode(h) + " |\n",
		} {
			var out strings.Builder
			if err := md.Convert([]byte(doc), &out); err != nil {
				t.Fatal(err)
			}
			html := out.String()
			for _, bad := range []string{"<a ", "<img", "<script", "<em", "<strong", "<del", "<h1", "<ol", "<ul", "<blockquote", "<b>"} {
				if strings.Contains(html, bad) {
					t.Errorf("%q renders %s:\n%s", h, bad, html)
				}
			}
			if strings.HasPrefix(doc, "|") && strings.Count(html, "<td") != 2 {
				t.Errorf("%q breaks the table cells:\n%s", h, html)
			}
		}
	}
}

// TestProperties holds every helper to its promise on random strings: no
// control character, no line break, valid UTF-8.
func TestProperties(t *testing.T) {
	f := func(s string) bool {
		for _, out := range []string{Term(s), Markdown(s), MarkdownCell(s), MarkdownCode(s), MarkdownCodeCell(s), ICal(s), URIPath(s)} {
			if !utf8.ValidString(out) || strings.ContainsAny(out, "\n\r") {
				return false
			}
			for _, r := range out {
				if control(r) {
					return false
				}
			}
		}
		return IsSlug(Slug(s))
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
		t.Error(err)
	}
}

func TestTermText(t *testing.T) {
	for in, want := range map[string]string{
		"---\nkind: pop\n---\n\tx\r\n": "---\nkind: pop\n---\n\tx\r\n",
		"a\x1b]8;;https://x\x1b\\b\n":  `a\u001b]8;;https://x\u001b\b` + "\n",
		"bare\rcr\n":                   `bare\u000dcr` + "\n",
		"bell\a\x00\u009b[2J":          `bell\u0007\u0000\u009b[2J`,
		"bad \xff utf-8\n":             `bad \xff utf-8` + "\n",
	} {
		if got := TermText(in); got != want {
			t.Errorf("TermText(%q) = %q, want %q", in, got, want)
		}
	}
}
