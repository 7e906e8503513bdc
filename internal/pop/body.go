package pop

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
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

// Sections returns the required body sections of a kind of document, in order.
func Sections(kind string) []SectionTitle {
	if kind == KindPrep {
		return prepSections
	}
	return popSections
}

// Title returns the title in lang ("nl" or "en").
func (t SectionTitle) Title(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.NL
}

var numberPrefix = regexp.MustCompile(`^\s*\d+\s*[.)]?\s*`)

// NormalTitle folds a heading for comparison: no numbering, case or
// surrounding space, so "## 2. Terugblik" matches "Terugblik".
func NormalTitle(s string) string {
	return strings.ToLower(strings.TrimSpace(numberPrefix.ReplaceAllString(s, "")))
}

// MatchSection returns the index of the required section of kind that title
// names, in either language, and that language; -1 when none.
func MatchSection(kind, title string) (int, string) {
	n := NormalTitle(title)
	for i, t := range Sections(kind) {
		switch n {
		case strings.ToLower(t.NL):
			return i, "nl"
		case strings.ToLower(t.EN):
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
		switch _, l := MatchSection(d.Kind, s.Title); l {
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

// MaxQuoteDepth is how deeply block quotes may nest before the markers
// beyond it are dropped. goldmark's time grows with the square of the
// nesting, and no plan needs more than a few levels.
const MaxQuoteDepth = 32

// Flatten returns body with block quotes nested deeper than MaxQuoteDepth
// cut to that depth, and whether anything was cut. Everything that reads
// a body with goldmark reads it through Flatten.
func Flatten(body []byte) ([]byte, bool) {
	var out []byte
	cut := false
	for start := 0; start < len(body); {
		end := bytes.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start + 1
		}
		line := body[start:end]
		depth, i := 0, 0
		for {
			j := i
			for j < len(line) && j-i < 3 && line[j] == ' ' {
				j++
			}
			if j >= len(line) || line[j] != '>' {
				break
			}
			depth++
			i = j + 1
			if depth == MaxQuoteDepth {
				break
			}
		}
		if depth == MaxQuoteDepth && bytes.Contains(line[i:], []byte(">")) {
			if out == nil {
				out = append(make([]byte, 0, len(body)), body[:start]...)
			}
			rest := bytes.TrimLeft(line[i:], " >")
			out = append(append(out, line[:i]...), ' ')
			out = append(out, rest...)
			cut = true
		} else if out != nil {
			out = append(out, line...)
		}
		start = end
	}
	if out == nil {
		return body, false
	}
	return out, cut
}

// sections finds the level-two headings of body and what each holds.
func sections(body []byte, firstLine int) []Section {
	root := markdown.Parser().Parse(text.NewReader(body))
	var out []Section
	var starts []int
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 2 {
			if h.Level == 1 {
				// A document title closes the section before it.
				if len(out) > 0 {
					starts = append(starts, lineStart(body, nodeStart(h, starts[len(starts)-1])))
					out = append(out, Section{})
				}
				continue
			}
			prev := 0
			if len(starts) > 0 {
				prev = starts[len(starts)-1]
			}
			off := max(lineStart(body, nodeStart(h, prev)), prev)
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

// nodeStart returns the byte offset where a block node begins, never
// before after, the start of the section before it.
func nodeStart(n ast.Node, after int) int {
	p := n.Pos()
	if p < 0 && n.Lines().Len() > 0 {
		p = n.Lines().At(0).Start
	}
	return max(p, after)
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
