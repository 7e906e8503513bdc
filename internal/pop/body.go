package pop

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// SectionTitle is the title of a body section in both languages.
type SectionTitle struct {
	NL, EN string
}

// popSections are the five parts of the conversation, from the manager's
// conversation guide.
var popSections = []SectionTitle{
	{"Start van het gesprek", "Opening"},
	{"Terugblik", "Looking back"},
	{"Ontwikkelbehoeften", "Development needs"},
	{"Concrete planning", "Plan"},
	{"Afronding", "Wrap-up"},
}

// prepSections follow the employee's checklist: what to develop, what to
// bring up beyond the agenda, whom to bring, how the last agreements went,
// and what must be clear when leaving the conversation.
var prepSections = []SectionTitle{
	{"Wat wil ik ontwikkelen", "What I want to develop"},
	{"Extra onderwerpen", "Topics beyond the agenda"},
	{"Vertrouwenspersoon", "Someone I trust"},
	{"Stand van de afspraken", "Progress on earlier agreements"},
	{"Vragen voor het gesprek", "Questions for the conversation"},
}

// managerPrepSections follow the guide's "for the manager": the earlier
// agreements and how they went, the development chances and training
// needs in the team, the budgets and subsidies at hand, and what the
// manager wants to bring up.
var managerPrepSections = []SectionTitle{
	{"Eerdere afspraken", "Earlier agreements"},
	{"Kansen en noden in het team", "Chances and needs in the team"},
	{"Budget en subsidies", "Budget and subsidies"},
	{"Wat ik wil aankaarten", "What I want to raise"},
}

// optionalPrepSections are the employee's prep sections that may stay
// empty: topics beyond the agenda and someone I trust.
var optionalPrepSections = []int{1, 2}

// Sections returns the required body sections of a kind of document
// (KindPOP, KindPrep or SectionsPrepManager), in order.
func Sections(kind string) []SectionTitle {
	switch kind {
	case KindPrep:
		return prepSections
	case SectionsPrepManager:
		return managerPrepSections
	}
	return popSections
}

// Optional reports whether section i of kind may be left unanswered.
func Optional(kind string, i int) bool {
	return kind == KindPrep && (i == optionalPrepSections[0] || i == optionalPrepSections[1])
}

// Title returns the title in lang ("nl" or "en").
func (t SectionTitle) Title(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.NL
}

// NormalTitle folds a heading for comparison: no numbering, case,
// surrounding emphasis or space, so "## 2. Terugblik" matches "Terugblik".
func NormalTitle(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "*_")
	// A number, then optionally "." or ")", as in "2. Terugblik".
	if t := strings.TrimLeft(s, " \t\n\v\f\r"); t != "" && t[0] >= '0' && t[0] <= '9' {
		t = strings.TrimLeft(t, "0123456789")
		t = strings.TrimLeft(t, " \t\n\v\f\r")
		if t != "" && (t[0] == '.' || t[0] == ')') {
			t = t[1:]
		}
		s = t
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// lowerSections holds the folded titles of the required sections, per
// kind and language, so matching a heading does not fold them again.
var lowerSections = func() map[string][][2]string {
	m := map[string][][2]string{}
	for _, kind := range []string{KindPOP, KindPrep, SectionsPrepManager} {
		for _, t := range Sections(kind) {
			m[kind] = append(m[kind], [2]string{strings.ToLower(t.NL), strings.ToLower(t.EN)})
		}
	}
	return m
}()

// MatchSection returns the index of the required section of kind that title
// names, in either language, and that language; -1 when none.
func MatchSection(kind, title string) (int, string) {
	if kind != KindPrep && kind != SectionsPrepManager {
		kind = KindPOP
	}
	n := NormalTitle(title)
	for i, t := range lowerSections[kind] {
		switch n {
		case t[0]:
			return i, "nl"
		case t[1]:
			return i, "en"
		}
	}
	return -1, ""
}

// Lang guesses the document's language from its section titles: "en" when
// more of them are English than Dutch, else "nl".
func (d *Doc) Lang() string {
	nl, en := 0, 0
	for _, s := range d.Sections {
		switch _, l := MatchSection(d.SectionKind(), s.Title); l {
		case "nl":
			nl++
		case "en":
			en++
		}
	}
	if en > nl {
		return "en"
	}
	return "nl"
}

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Markdown returns the goldmark instance used for POP bodies, so that
// rendering sees the same structure as checking.
func Markdown() goldmark.Markdown { return markdown }

// MaxNesting is the deepest nesting of block quotes and list items that a
// body may have, measured on the parsed Markdown. Goldmark's time grows
// with the square of the nesting (100,000 nested quotes take tens of
// seconds), so a line with more container markers than this is refused
// before it reaches the Markdown parser; nesting by indentation costs a
// line per level, so the size limit bounds it. A POP uses a handful.
const MaxNesting = 32

// deepestLine returns the 0-based line of body with the most container
// markers (">", "-", "*", "+", "1." or "1)") at its start, and how many.
func deepestLine(body []byte) (line, depth int) {
	for n := 0; len(body) > 0; n++ {
		end := bytes.IndexByte(body, '\n')
		if end < 0 {
			end = len(body)
		}
		if d := nesting(body[:end]); d > depth {
			line, depth = n, d
		}
		if end == len(body) {
			break
		}
		body = body[end+1:]
	}
	return line, depth
}

// nesting counts the block-container markers at the start of one line.
func nesting(l []byte) int {
	d := 0
	for i := 0; i < len(l); {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		switch {
		case i < len(l) && l[i] == '>':
			i++
		case i+1 < len(l) && (l[i] == '-' || l[i] == '*' || l[i] == '+') && (l[i+1] == ' ' || l[i+1] == '\t'):
			i += 2
		default:
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j == i || j+1 >= len(l) || (l[j] != '.' && l[j] != ')') || (l[j+1] != ' ' && l[j+1] != '\t') {
				return d
			}
			i = j + 2
		}
		d++
	}
	return d
}

// blocks parses only the block structure that sections need, plus code
// spans for heading titles. Goldmark's link and emphasis parsers take time
// that grows with the square of the input ("[a](" repeated 60,000 times
// takes a minute), so checking leaves them out; block structure and code
// spans stay linear.
var blocks = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithInlineParsers(util.Prioritized(parser.NewCodeSpanParser(), 100)),
)

// parseBody parses the block structure of body.
func parseBody(body []byte) ast.Node { return blocks.Parse(text.NewReader(body)) }

// deepest returns the offset in body of the most deeply nested block of
// the parsed body root, counting block quotes and list items on its path,
// and that depth. Lists nested by indentation, one item a line, are as
// deep as markers on one line; only the parsed tree sees both.
func deepest(root ast.Node, body []byte) (off, depth int) {
	var walk func(n ast.Node, d int)
	var at ast.Node
	walk = func(n ast.Node, d int) {
		switch n.(type) {
		case *ast.Blockquote, *ast.ListItem:
			d++
			if d > depth {
				depth, at = d, n
			}
		}
		if n.Type() == ast.TypeInline {
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c, d)
		}
	}
	walk(root, 0)
	for n := at; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return lineStart(body, n.Lines().At(0).Start), depth
		}
	}
	return 0, depth
}

// sections finds the level-two headings of the parsed body root and what
// each holds.
func sections(root ast.Node, body []byte, firstLine int) []Section {
	var out []Section
	var starts []int
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 2 {
			off := headingStart(h, body, starts)
			if h.Level == 1 {
				// A document title closes the section before it.
				if len(out) > 0 {
					starts = append(starts, off)
					out = append(out, Section{})
				}
				continue
			}
			out = append(out, Section{
				Title: headingText(h, body),
				Pos:   firstNonSpace(body, off, firstLine),
			})
			starts = append(starts, off)
			continue
		}
		if len(out) > 0 && !out[len(out)-1].Answered && answers(n, body) {
			out[len(out)-1].Answered = true
		}
	}
	// Cut the source of each section, then drop the placeholders that
	// only marked where a level-one heading ended the one before.
	kept := out[:0]
	for i := range out {
		end := len(body)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		out[i].Text = body[starts[i]:end]
		if out[i].Title != "" || out[i].Pos.Line != 0 {
			kept = append(kept, out[i])
		}
	}
	return kept
}

// answers reports whether a block says more than a guiding comment.
func answers(n ast.Node, src []byte) bool {
	hb, ok := n.(*ast.HTMLBlock)
	if !ok {
		return true
	}
	var b bytes.Buffer
	for i := 0; i < hb.Lines().Len(); i++ {
		seg := hb.Lines().At(i)
		b.Write(seg.Value(src))
	}
	if hb.HasClosure() {
		b.Write(hb.ClosureLine.Value(src))
	}
	return len(bytes.TrimSpace(comments.ReplaceAll(b.Bytes(), nil))) > 0
}

var comments = regexp.MustCompile(`(?s)<!--.*?-->`)

func headingText(h *ast.Heading, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for c := t.FirstChild(); c != nil; c = c.NextSibling() {
				if tx, ok := c.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// headingStart returns the offset of the line a heading is on, never
// before the start of the section before it. goldmark records where each
// block opens, even a heading without text ("#" alone).
func headingStart(h *ast.Heading, src []byte, starts []int) int {
	prev := 0
	if len(starts) > 0 {
		prev = starts[len(starts)-1]
	}
	p := h.Pos()
	if p < 0 && h.Lines().Len() > 0 {
		p = h.Lines().At(0).Start
	}
	return max(lineStart(src, max(p, 0)), prev)
}

func lineStart(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

func firstNonSpace(src []byte, off, firstLine int) Pos {
	i := off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return offsetPos(src, i, firstLine)
}
