package pop

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// ParseFrontMatter reads what Parse reads of the front matter — the same
// refusals (size, byte-order mark, UTF-8), fields, problems and positions
// — but no body sections. Commands that look only at dates and goals over
// a whole team, such as pop overdue, use it.
//
// It is fast because most POPs are written in a small, plain subset of
// YAML: block mappings and sequences of plain one-line values, as pop new
// and pop demo write them. That subset is read by a line scanner that
// builds the same YAML nodes the YAML parser would; anything outside it
// (quotes, flow mappings, multi-line values, anchors, tabs, CRLF, …)
// goes through the YAML parser as in Parse. Tests compare both paths on
// fixtures and fuzzed input.
func ParseFrontMatter(path string, data []byte) *Doc {
	d := &Doc{Path: path, Size: len(data), keys: map[string]Pos{}, values: map[string]Pos{}}
	if len(data) > MaxSize || bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || !utf8.Valid(data) {
		p := Parse(path, data) // reports the refusal the same way
		p.Sections = nil
		return p
	}
	raw, body, ok := d.splitPlain(data)
	if !ok {
		raw, body, ok = d.split(data)
	}
	if !ok {
		return d
	}
	d.HasFrontMatter = true
	if top, n, ok := scanPlainYAML(raw); ok {
		// Every key line adds at most one key and one value position:
		// sizing the maps up front spares their growing.
		d.keys, d.values = make(map[string]Pos, n), make(map[string]Pos, n)
		d.decodeTop(top)
	} else {
		d.decode(raw)
	}
	d.Body = body
	return d
}

// scanLine is a non-blank, non-comment line of front matter.
type scanLine struct {
	no     int // 1-based, within the front matter
	indent int
	text   string // without the indentation
}

type plainScanner struct {
	lines []scanLine
	i     int
	slab  []yaml.Node // nodes are allocated from here, all at once
}

// node returns a new node holding n.
func (s *plainScanner) node(n yaml.Node) *yaml.Node {
	if len(s.slab) == cap(s.slab) {
		p := new(yaml.Node) // not &n, which would move every n to the heap
		*p = n
		return p
	}
	s.slab = append(s.slab, n)
	return &s.slab[len(s.slab)-1]
}

// scanPlainYAML builds the YAML node tree of front matter written in the
// plain subset and counts its lines, or reports false when the text is
// outside the subset.
func scanPlainYAML(raw []byte) (*yaml.Node, int, bool) {
	if !plainChars(raw) {
		return nil, 0, false
	}
	text := string(raw) // one copy; lines and values are slices of it
	s := &plainScanner{lines: make([]scanLine, 0, bytes.Count(raw, []byte{'\n'})+1)}
	no := 0
	for len(text) > 0 {
		no++
		var line string
		if nl := strings.IndexByte(text, '\n'); nl >= 0 {
			line, text = text[:nl], text[nl+1:]
		} else {
			line, text = text, ""
		}
		t := strings.TrimLeft(line, " ")
		if t == "" || t[0] == '#' {
			continue
		}
		s.lines = append(s.lines, scanLine{no: no, indent: len(line) - len(t), text: strings.TrimRight(t, " ")})
	}
	// Most lines make a key and a value node; collections add a few more,
	// and node falls back to the heap when the slab is full.
	s.slab = make([]yaml.Node, 0, 2*len(s.lines)+8)
	if len(s.lines) == 0 || s.lines[0].indent != 0 {
		return nil, 0, false
	}
	top, ok := s.mapping(0)
	if !ok || s.i != len(s.lines) {
		return nil, 0, false
	}
	return top, len(s.lines), true
}

func (s *plainScanner) mapping(indent int) (*yaml.Node, bool) {
	first := s.lines[s.i]
	m := s.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first.no, Column: indent + 1})
	for s.i < len(s.lines) {
		l := s.lines[s.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent {
			return nil, false
		}
		key, rest, ok := splitPlainKey(l.text)
		if !ok {
			return nil, false
		}
		k := s.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: l.no, Column: indent + 1})
		s.i++
		var v *yaml.Node
		if rest == "" {
			if s.i == len(s.lines) {
				return nil, false // a null value
			}
			n := s.lines[s.i]
			switch {
			case n.indent >= indent && strings.HasPrefix(n.text, "- "):
				v, ok = s.sequence(n.indent)
			case n.indent > indent:
				v, ok = s.mapping(n.indent)
			default:
				return nil, false
			}
		} else {
			v, ok = s.plainValue(rest, l.no, indent+len(l.text)-len(rest)+1)
		}
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, k, v)
	}
	return m, true
}

func (s *plainScanner) sequence(indent int) (*yaml.Node, bool) {
	first := s.lines[s.i]
	seq := s.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: first.no, Column: indent + 1})
	for s.i < len(s.lines) {
		l := s.lines[s.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent {
			return nil, false
		}
		if !strings.HasPrefix(l.text, "- ") {
			break // a key of the mapping that holds the sequence
		}
		item := strings.TrimLeft(l.text[2:], " ")
		// The item is a mapping whose first key follows the dash.
		s.lines[s.i] = scanLine{no: l.no, indent: indent + len(l.text) - len(item), text: item}
		m, ok := s.mapping(s.lines[s.i].indent)
		if !ok {
			return nil, false
		}
		seq.Content = append(seq.Content, m)
	}
	return seq, true
}

// splitPlainKey splits "key: value" or "key:" with a plain key.
func splitPlainKey(t string) (key, rest string, ok bool) {
	i := strings.IndexByte(t, ':')
	if i <= 0 {
		return "", "", false
	}
	key, rest = t[:i], t[i+1:]
	for j := 0; j < len(key); j++ {
		c := key[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || j > 0 && (c >= '0' && c <= '9' || c == '-')) {
			return "", "", false
		}
	}
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return key, strings.TrimLeft(rest, " "), true
}

// plainValue reads a one-line value at column col: a plain scalar, or a
// flow sequence of plain scalars such as [feedback, groei].
func (s *plainScanner) plainValue(v string, line, col int) (*yaml.Node, bool) {
	if v[0] != '[' {
		if !isPlainScalar(v, false) {
			return nil, false
		}
		return s.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: line, Column: col}), true
	}
	if v[len(v)-1] != ']' {
		return nil, false
	}
	seq := s.node(yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: col})
	inner := v[1 : len(v)-1]
	if strings.TrimSpace(inner) == "" {
		if inner != "" {
			return nil, false
		}
		return seq, true
	}
	off := col + 1
	for _, item := range strings.Split(inner, ",") {
		t := strings.TrimLeft(item, " ")
		lead := len(item) - len(t)
		t = strings.TrimRight(t, " ")
		if !isPlainScalar(t, true) {
			return nil, false
		}
		seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t, Line: line, Column: off + lead})
		off += utf8.RuneCountInString(item) + 1
	}
	return seq, true
}

// isPlainScalar reports whether v is surely a plain YAML string on one
// line: no indicator at the start, no ": " or " #" inside, not null, and
// in a flow sequence no flow indicators.
func isPlainScalar(v string, flow bool) bool {
	if v == "" || strings.ContainsAny(v[:1], "-?:,[]{}#&*!|>'\"%@`. ") {
		return false
	}
	if strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.HasSuffix(v, ":") {
		return false
	}
	if flow && strings.ContainsAny(v, ",[]{}:#") {
		return false
	}
	switch v {
	case "~", "null", "Null", "NULL":
		return false
	}
	return true
}

// plainChars reports whether raw holds only line feeds and characters
// YAML prints as they are: no tabs, carriage returns or other controls.
func plainChars(raw []byte) bool {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r < 0xA0 || r >= 0xD800 && r < 0xE000 || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError {
			return false
		}
		i += n
	}
	return true
}

// splitPlain is split for the common case of a file that starts with a
// "---" line, finding the closing line as adrg/frontmatter does (the
// first line that is "---" apart from white space). It reports false
// when the file does not start so, or the front matter is not closed;
// split then decides.
func (d *Doc) splitPlain(data []byte) (raw, body []byte, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte("---\n"))
	if !found {
		return nil, nil, false
	}
	for off := 0; off < len(rest); {
		end := len(rest)
		next := end
		if nl := bytes.IndexByte(rest[off:], '\n'); nl >= 0 {
			end, next = off+nl, off+nl+1
		}
		if string(bytes.TrimSpace(rest[off:end])) == "---" {
			raw, body = rest[:off], rest[next:]
			head := data[:len(data)-len(body)]
			d.BodyLine = bytes.Count(head, []byte{'\n'}) + 1
			if head[len(head)-1] != '\n' {
				d.BodyLine++ // closing delimiter at end of file without newline
			}
			d.FrontMatterEnd = d.BodyLine - 1
			d.yamlLine = 1
			return raw, body, true
		}
		off = next
	}
	return nil, nil, false
}
