// Package safe escapes untrusted strings for the medium they land in:
// a terminal, Markdown text or a Markdown table cell, an iCalendar value,
// a SARIF URI. A POP, the registry, git or a file name can hold anything
// a pull request puts there; each writer in internal/report passes every
// such string through the one helper of its medium, so that no caller has
// to remember to.
package safe

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// control reports whether r is a C0 or C1 control character or DEL.
func control(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// visible writes r as \u001b, the form Go and JSON use for a control
// character, so that it shows instead of acting.
func visible(b *strings.Builder, r rune) {
	fmt.Fprintf(b, `\u%04x`, r)
}

// Term makes s safe to print on a terminal: every control character (C0,
// C1 and DEL, TAB and newline included) is written as \u001b, and every
// byte that is not UTF-8 as \xff. Escape sequences, hyperlinks (OSC 8),
// bells and carriage returns in s therefore show instead of acting. The
// writer adds the TABs and newlines its format needs itself.
func Term(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case control(r):
			visible(&b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// TermLines is Term for text whose line breaks belong to it (a reason of
// several lines printed indented): newlines stay, every other control
// character is made visible.
func TermLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Term(l)
	}
	return strings.Join(lines, "\n")
}

// TermText is Term for a whole document printed as it is (pop show): TAB,
// newline and the CR of a CRLF line end stay, the control characters a
// POP may hold (SPEC §11); every other control character, a bare CR
// included, is made visible. A document without any is returned as it is.
func TermText(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		end := ""
		switch {
		case strings.HasSuffix(l, "\r\n"):
			l, end = l[:len(l)-2], "\r\n"
		case strings.HasSuffix(l, "\n"):
			l, end = l[:len(l)-1], "\n"
		}
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = Term(p)
		}
		lines[i] = strings.Join(parts, "\t") + end
	}
	return strings.Join(lines, "")
}

// clean reports whether s is valid UTF-8 without control characters, the
// common case, which needs no copy.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return false
		} else if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if r == utf8.RuneError || control(r) {
					return false
				}
			}
			return true
		}
	}
	return true
}

// oneLine joins the words of s with single spaces: no line breaks, no
// tabs, no runs of blanks.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// wordJoiner is U+2060, invisible and of zero width. Markdown writes it
// inside "@name", "://" and "www." so that GitHub sees no mention and no
// autolink; a reader sees the text unchanged.
const wordJoiner = "\u2060"

// Markdown makes s safe as inline text in GitHub-flavoured Markdown, in a
// paragraph, a list item or a table cell: it is one line; control
// characters show as \u001b; every ASCII punctuation character that can
// open something (anywhere, or at the start of a line) is backslash-escaped,
// so no HTML, entity, link, image, emphasis, code span, math, table cell
// border or block marker can open; and "@", "://" and "www." get an
// invisible word joiner, and so does "#" before a digit, so neither a
// mention, an issue reference nor an autolink (which GitHub finds in text
// after escapes are resolved) can form.
func Markdown(s string) string {
	s = Term(oneLine(s))
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '@':
			b.WriteString(`\@` + wordJoiner)
			continue
		case c == '#' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			// #123 links an issue and, in a comment, adds a
			// cross-reference to it.
			if i == 0 {
				b.WriteByte('\\')
			}
			b.WriteString("#" + wordJoiner)
			continue
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(`\:` + wordJoiner)
			continue
		case (c == 'w' || c == 'W') && i+4 <= len(s) && strings.EqualFold(s[i:i+4], "www."):
			b.WriteString(s[i:i+3] + wordJoiner)
			i += 2
			continue
		case strings.IndexByte(inlinePunct, c) >= 0, i == 0 && strings.IndexByte(blockPunct, c) >= 0,
			(c == '.' || c == ')') && i > 0 && leadingDigits(s[:i]) && (i+1 == len(s) || s[i+1] == ' '):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// inlinePunct are the characters that open something inline anywhere in
// a line (HTML, entities, links, images, emphasis, code, math, strike,
// table cells); blockPunct those that do at the start of a line.
const (
	inlinePunct = "\\`*_{}[]()<>!|~&$"
	blockPunct  = "-+#>="
)

// leadingDigits reports whether s is all digits: a "." or ")" after it at
// the start of a line, before a blank or the end, makes an ordered list.
func leadingDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MarkdownCell is Markdown for a table cell that may be empty: "" becomes
// an em dash, so the row keeps its columns readable.
func MarkdownCell(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return Markdown(s)
}

// MarkdownCode writes s as a code span, for ids, paths and revisions: one
// line (a blank line inside would end the span and the paragraph), with a
// fence its own backticks cannot close. Nothing in a code span is HTML, a
// link or a mention.
func MarkdownCode(s string) string {
	return code(s, false)
}

// MarkdownCodeCell is MarkdownCode for a table cell: | is escaped, as
// GitHub splits cells before it reads code spans (and drops the
// backslash there).
func MarkdownCodeCell(s string) string {
	return code(s, true)
}

func code(s string, cell bool) string {
	s = Term(oneLine(s))
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if cell {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	if s == "" || strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// ICal makes s safe as an iCalendar text value: one line, control
// characters written as \u001b (a bare CR or an ESC never reaches the
// file). The iCalendar library escapes backslash, comma and semicolon.
func ICal(s string) string {
	return Term(oneLine(s))
}

// IsSlug reports whether s is a slug: lowercase letters, digits and
// hyphens, starting with a letter or digit.
func IsSlug(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Slug returns s when it is a slug, or else "h" and the first 16 hex
// digits of its SHA-256: a name for a UID or a fingerprint that is stable
// for the same s and carries none of its text.
func Slug(s string) string {
	if IsSlug(s) {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return "h" + hex.EncodeToString(sum[:8])
}

// URIPath turns a slash-separated relative path into a URI reference
// (RFC 3986) with each segment percent-encoded: only unreserved
// characters and a few sub-delimiters stay; a space, %, #, ?, [, ], : and
// every non-ASCII byte are encoded, so that "a#b.md" names that file and
// not a fragment of "a".
func URIPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = uriSegment(s)
	}
	return strings.Join(segs, "/")
}

func uriSegment(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
