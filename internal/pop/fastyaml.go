package pop

import (
	"bytes"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastYAML reads the plain subset of YAML that POPs and the people
// registry are written in — block mappings and sequences of plain
// scalars, one-line flow sequences and flow mappings, full-line comments —
// into the same nodes, with the same lines and columns, as yaml.v3.
// Anything else (quoted scalars, anchors, tags, block scalars, multi-line
// values, tabs, CR, a '#' or ':' inside a value) makes it return nil, and
// the caller uses yaml.v3. It exists for
// speed: yaml.v3 takes most of the time of checking 10,000 POPs, and a
// POP's front matter is almost always this simple. FuzzFastYAML holds it
// to yaml.v3's result.
func fastYAML(src []byte) *yaml.Node { return fastYAMLIn(src, nil) }

// fastYAMLIn is fastYAML cutting the nodes from slab, when given, and
// leaving there the memory it used.
func fastYAMLIn(src []byte, slab *[]yaml.Node) *yaml.Node {
	if bytes.ContainsAny(src, "\t\r") || !plainText(src) {
		return nil
	}
	// The lines, and the values of the nodes, are cut from one string of
	// the whole text rather than copied one by one.
	lines := make([]fastLine, 0, bytes.Count(src, []byte{'\n'})+1)
	for n, rest := 1, string(src); len(rest) > 0; n++ {
		end := strings.IndexByte(rest, '\n')
		if end < 0 {
			end = len(rest)
		}
		raw := rest[:end]
		rest = rest[min(end+1, len(rest)):]
		text := strings.TrimRight(raw, " ")
		indent := len(text) - len(strings.TrimLeft(text, " "))
		text = text[indent:]
		if text == "" || text[0] == '#' {
			continue
		}
		if strings.ContainsRune(text, '#') || text == "---" || text == "..." {
			return nil
		}
		lines = append(lines, fastLine{n, indent, text})
	}
	if len(lines) == 0 {
		return nil
	}
	p := fastParser{lines: lines}
	if slab != nil {
		p.slab = (*slab)[:0]
		defer func() { *slab = p.slab }()
	}
	top := p.block(0)
	if top == nil || p.i != len(p.lines) {
		return nil
	}
	return p.node(yaml.Node{Kind: yaml.DocumentNode, Line: 1, Column: 1, Content: []*yaml.Node{top}})
}

// slabs keeps the memory of the nodes of documents that have been read,
// for the next. Reading a team's POPs, the nodes are about half of what
// is allocated, and live only while one POP is read.
var slabs = sync.Pool{New: func() any { return new([]yaml.Node) }}

// withYAML reads src as UnmarshalYAML does and calls fn with the result.
// The nodes are valid only until fn returns: Parse keeps what it reads
// from them, never the nodes, and their memory is used again.
func withYAML(src []byte, fn func(*yaml.Node, error)) {
	slab := slabs.Get().(*[]yaml.Node)
	defer func() {
		clear(*slab) // hold on to no text
		slabs.Put(slab)
	}()
	if n := fastYAMLIn(src, slab); n != nil {
		fn(n, nil)
		return
	}
	var n yaml.Node
	err := yaml.Unmarshal(src, &n)
	fn(&n, err)
}

// plainText reports whether src is UTF-8 made of characters that YAML
// prints as they are: no control characters but newlines, and none of
// the characters YAML 1.1 counts as line breaks (NEL, LS, PS) or refuses.
func plainText(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError || r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe || (r >= 0xd800 && r <= 0xdfff) {
			return false
		}
		i += n
	}
	return true
}

// UnmarshalYAML reads src into a document node, as yaml.Unmarshal does,
// taking the fast path for plain YAML.
func UnmarshalYAML(src []byte) (*yaml.Node, error) {
	if n := fastYAML(src); n != nil {
		return n, nil
	}
	var n yaml.Node
	err := yaml.Unmarshal(src, &n)
	return &n, err
}

type fastLine struct {
	num, indent int
	text        string
}

type fastParser struct {
	lines []fastLine
	i     int
	slab  []yaml.Node // nodes are cut from here: one allocation, not one each
}

// node returns a new node holding n.
func (p *fastParser) node(n yaml.Node) *yaml.Node {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]yaml.Node, 0, 2*len(p.lines)+8)
	}
	p.slab = append(p.slab, n)
	return &p.slab[len(p.slab)-1]
}

// block reads the mapping or sequence whose first line is the current
// one, at its indentation, which must be at least min.
func (p *fastParser) block(min int) *yaml.Node {
	if p.i >= len(p.lines) || p.lines[p.i].indent < min {
		return nil
	}
	l := p.lines[p.i]
	if l.text == "-" || strings.HasPrefix(l.text, "- ") {
		return p.sequence(l.indent)
	}
	return p.mapping(l.indent, l.text, l.num, l.indent+1)
}

// sequence reads "- item" lines at indent.
func (p *fastParser) sequence(indent int) *yaml.Node {
	first := p.lines[p.i]
	seq := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: first.num, Column: indent + 1})
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent != indent || !strings.HasPrefix(l.text, "- ") {
			break
		}
		item := strings.TrimLeft(l.text[2:], " ")
		col := indent + 1 + len(l.text) - len(item) // ASCII so far
		var n *yaml.Node
		if key, _, ok := fastKey(item); ok && key != "" {
			// A mapping that starts on the dash's line.
			n = p.mapping(col-1, item, l.num, col)
		} else {
			n = p.value(item, l.num, col)
			p.i++
		}
		if n == nil {
			return nil
		}
		seq.Content = append(seq.Content, n)
	}
	return seq
}

// mapping reads "key: value" lines at indent; the first is text, on line
// num at column col (after a dash, or at the indentation).
func (p *fastParser) mapping(indent int, text string, num, col int) *yaml.Node {
	m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: num, Column: col})
	for {
		key, value, ok := fastKey(text)
		if !ok || key == "" || key == "<<" {
			return nil
		}
		m.Content = append(m.Content, p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: num, Column: col}))
		p.i++
		var v *yaml.Node
		if value != "" {
			v = p.value(value, num, col+len(text)-len(value))
			if v == nil {
				return nil
			}
		} else if p.i < len(p.lines) && (p.lines[p.i].indent > indent ||
			(p.lines[p.i].indent == indent && strings.HasPrefix(p.lines[p.i].text, "- "))) {
			if v = p.block(indent); v == nil {
				return nil
			}
		} else {
			v = p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: num, Column: col + len(key) + 1})
		}
		m.Content = append(m.Content, v)
		if p.i >= len(p.lines) || p.lines[p.i].indent != indent || strings.HasPrefix(p.lines[p.i].text, "- ") {
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				return nil // a continuation line: not for the fast path
			}
			return m
		}
		l := p.lines[p.i]
		text, num, col = l.text, l.num, indent+1
	}
}

// fastKey splits "key: value" or "key:" into key and value.
func fastKey(text string) (key, value string, ok bool) {
	i := strings.IndexByte(text, ':')
	if i < 0 || (i+1 < len(text) && text[i+1] != ' ') {
		return "", "", false
	}
	key = text[:i]
	if len(key) > 128 {
		return "", "", false // YAML limits simple keys to 1024 characters
	}
	for j := 0; j < len(key); j++ {
		c := key[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return "", "", false
		}
	}
	if key != "" && key[0] == '-' {
		return "", "", false
	}
	return key, strings.TrimLeft(text[i+1:], " "), true
}

// value reads a plain scalar, [a, b] or {k: v, …} on one line.
func (p *fastParser) value(s string, line, col int) *yaml.Node {
	switch {
	case strings.HasPrefix(s, "["):
		if !strings.HasSuffix(s, "]") {
			return nil
		}
		seq := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col})
		inner := s[1 : len(s)-1]
		if strings.TrimSpace(inner) == "" {
			return seq
		}
		off := 1
		for _, part := range strings.Split(inner, ",") {
			item := strings.TrimSpace(part)
			lead := len(part) - len(strings.TrimLeft(part, " "))
			n := p.scalar(item, line, col+utf8.RuneCountInString(s[:off+lead]), true)
			if n == nil {
				return nil
			}
			seq.Content = append(seq.Content, n)
			off += len(part) + 1
		}
		return seq
	case strings.HasPrefix(s, "{"):
		if !strings.HasSuffix(s, "}") {
			return nil
		}
		m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle, Line: line, Column: col})
		inner := s[1 : len(s)-1]
		if strings.TrimSpace(inner) == "" {
			return m
		}
		off := 1
		for _, part := range strings.Split(inner, ",") {
			entry := strings.TrimSpace(part)
			lead := len(part) - len(strings.TrimLeft(part, " "))
			key, value, ok := fastKey(entry)
			if !ok || key == "" || key == "<<" || value == "" {
				return nil
			}
			kcol := col + utf8.RuneCountInString(s[:off+lead])
			vcol := kcol + utf8.RuneCountInString(entry[:len(entry)-len(value)])
			v := p.scalar(value, line, vcol, true)
			if v == nil {
				return nil
			}
			m.Content = append(m.Content, p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line, Column: kcol}), v)
			off += len(part) + 1
		}
		return m
	}
	return p.scalar(s, line, col, false)
}

// scalar reads a plain scalar; flow says it sits inside [ ] or { }.
func (p *fastParser) scalar(s string, line, col int, flow bool) *yaml.Node {
	if s == "" || strings.ContainsAny(s, ":[]{}") {
		return nil
	}
	// Inside [ ] and { } libyaml reads indicators differently; only plain
	// words pass.
	if flow && strings.ContainsAny(s, ",?&*!|>'\"%@`#\\=") {
		return nil
	}
	// A plain scalar cannot start with an indicator; "=" is a YAML 1.1
	// value key.
	if strings.IndexByte("-?:,[]{}#&*!|>'\"%@`=", s[0]) >= 0 {
		return nil
	}
	tag := "!!str"
	switch s {
	case "~", "null", "Null", "NULL":
		tag = "!!null"
	}
	return p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s, Line: line, Column: col})
}
