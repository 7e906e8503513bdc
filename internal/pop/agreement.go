package pop

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// SameAgreement reports whether two versions of a file hold the same
// agreement (SPEC §6.4): with each goal's status value and updates entry
// (key and value) cut out of the front matter, the remaining bytes — the
// front matter with its comments, and the body — are identical. Anything
// else is an agreement change, including what the document model does not
// see: an unknown or repeated key, a comment, a goal with a repeated id,
// a YAML document end followed by more text.
func SameAgreement(old, new []byte) bool {
	return bytes.Equal(Agreement(old), Agreement(new))
}

// Agreement returns data with the progress cut out: for every goal in the
// front matter's goals list, its first status and first updates entry,
// key and value. A file whose front matter cannot be read, or is written
// in a way whose positions cannot be mapped back to bytes (line breaks
// other than LF and CRLF), is all agreement.
func Agreement(data []byte) []byte {
	var d Doc
	raw, _, ok := d.split(data)
	if !ok || len(raw) == 0 {
		return data
	}
	start := rawOffset(data, raw)
	if start < 0 {
		return data
	}
	spans := progressSpans(raw)
	if len(spans) == 0 {
		return data
	}
	out := make([]byte, 0, len(data))
	at := 0
	for _, s := range spans {
		out = append(out, data[at:start+s[0]]...)
		at = start + s[1]
	}
	return append(out, data[at:]...)
}

// CompareAgreement decides whether the agreement changed between two
// versions on their bytes, and names what changed where the document
// model can: the fields Compare finds outside progress. When the bytes
// differ in a way the model does not see (a comment, an unknown or
// repeated key, a repeated goal id), the change is named "front matter"
// or "body".
func CompareAgreement(old, new []byte, path string) (changed bool, changes []Change) {
	oa, na := Agreement(old), Agreement(new)
	if bytes.Equal(oa, na) {
		return false, nil
	}
	od, nd := Parse(path, old), Parse(path, new)
	for _, c := range Compare(od, nd) {
		if !c.Progress {
			changes = append(changes, c)
		}
	}
	if len(changes) == 0 {
		field := "front matter"
		if od.HasFrontMatter && nd.HasFrontMatter && !bytes.Equal(od.Body, nd.Body) &&
			bytes.Equal(oa[:len(oa)-len(od.Body)], na[:len(na)-len(nd.Body)]) {
			field = "body" // the front matters agree
		}
		changes = []Change{{Field: field}}
	}
	return true, changes
}

// rawOffset returns where the front matter raw starts in data: raw is a
// slice of data (splitPlain), or a copy of a part of it.
func rawOffset(data, raw []byte) int {
	if o := cap(data) - cap(raw); o >= 0 && o+len(raw) <= len(data) && &data[o] == &raw[0] {
		return o
	}
	return bytes.Index(data, raw)
}

// progressSpans returns the byte spans of raw, sorted and apart, that hold
// progress: each goal's first status and first updates, key and value.
func progressSpans(raw []byte) [][2]int {
	if !mappableBreaks(raw) {
		return nil
	}
	var lines []int // offset of each line's start
	lines = append(lines, 0)
	for i, c := range raw {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	off := func(n *yaml.Node) int {
		if n.Line < 1 || n.Line > len(lines) {
			return -1
		}
		o := lines[n.Line-1]
		for col := 1; col < n.Column && o < len(raw) && raw[o] != '\n'; col++ {
			_, size := utf8.DecodeRune(raw[o:])
			o += size
		}
		return o
	}
	var spans [][2]int
	withYAML(raw, func(root *yaml.Node, err error) {
		if err != nil || root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
			return
		}
		top := root.Content[0]
		if top.Kind != yaml.MappingNode {
			return
		}
		var starts []int // every node's start, to find where a value ends
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if o := off(n); o >= 0 {
				starts = append(starts, o)
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(top)
		slices.Sort(starts)
		// next returns the first node start after every node of n.
		next := func(n *yaml.Node) int {
			last := off(n)
			var deepest func(n *yaml.Node)
			deepest = func(n *yaml.Node) {
				last = max(last, off(n))
				for _, c := range n.Content {
					deepest(c)
				}
			}
			deepest(n)
			i, _ := slices.BinarySearch(starts, last+1)
			if i == len(starts) {
				return len(raw)
			}
			return starts[i]
		}
		var goals *yaml.Node
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "goals" && top.Content[i].Kind == yaml.ScalarNode {
				goals = top.Content[i+1]
				break
			}
		}
		if goals == nil || goals.Kind != yaml.SequenceNode {
			return
		}
		for _, g := range goals.Content {
			if g.Kind != yaml.MappingNode {
				continue
			}
			seen := map[string]bool{}
			for i := 0; i+1 < len(g.Content); i += 2 {
				k := g.Content[i]
				if k.Kind != yaml.ScalarNode || !IsProgressKey(k.Value) || seen[k.Value] {
					continue
				}
				seen[k.Value] = true
				if s, ok := progressSpan(raw, g, i, off, next); ok {
					spans = append(spans, s)
				}
			}
		}
	})
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	for i := 1; i < len(spans); i++ {
		if spans[i][0] < spans[i-1][1] { // overlapping: keep it simple, cut nothing
			return nil
		}
	}
	return spans
}

// progressSpan returns the span of the key at index i of mapping g and its
// value. In a block mapping it is the key's whole lines up to the next
// key, item or top-level field, leaving comment lines before that to the
// agreement; the first key of an item keeps its "- ". In a flow mapping
// it is the key up to the next key, or from the comma before it to the
// closing brace.
func progressSpan(raw []byte, g *yaml.Node, i int, off func(*yaml.Node) int, next func(*yaml.Node) int) ([2]int, bool) {
	k, v := g.Content[i], g.Content[i+1]
	ko := off(k)
	if ko < 0 {
		return [2]int{}, false
	}
	last := i+2 >= len(g.Content)
	if g.Style&yaml.FlowStyle != 0 {
		if !last {
			return [2]int{ko, off(g.Content[i+2])}, true
		}
		end := flowEnd(raw, max(off(v), ko))
		start := ko
		j := ko - 1
		for j >= 0 && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\n' || raw[j] == '\r') {
			j--
		}
		if j >= 0 && raw[j] == ',' {
			start = j
		}
		return [2]int{start, end}, true
	}
	var end int
	if !last {
		end = lineStart(raw, off(g.Content[i+2]))
	} else {
		end = min(lineStart(raw, next(v)), outdented(raw, ko, k.Column-1))
		// Comment and blank lines before what follows belong to it,
		// unless indented as part of the value.
		for end > ko {
			ls := lineStart(raw, end-1)
			line := raw[ls:end]
			t := bytes.TrimSpace(line)
			indent := len(line) - len(bytes.TrimLeft(line, " "))
			if ls <= ko || len(t) > 0 && (t[0] != '#' || indent > k.Column-1) {
				break
			}
			end = ls
		}
	}
	if i == 0 { // "- status: done": keep the item's dash
		if !last {
			return [2]int{ko, off(g.Content[i+2])}, true
		}
		return [2]int{ko, end}, true
	}
	return [2]int{lineStart(raw, ko), end}, true
}

// outdented returns the start of the first line after the one holding
// off that is not blank or a comment and is indented less than indent,
// or as much without being a list item ("- "), or is a document marker
// (--- or ...): a value in a block mapping ends there at the latest, even
// where the parser stopped reading (a document end).
func outdented(raw []byte, off, indent int) int {
	at := off
	if nl := bytes.IndexByte(raw[at:], '\n'); nl >= 0 {
		at += nl + 1
	} else {
		return len(raw)
	}
	for at < len(raw) {
		end := len(raw)
		if nl := bytes.IndexByte(raw[at:], '\n'); nl >= 0 {
			end = at + nl + 1
		}
		line := raw[at:end]
		t := bytes.TrimSpace(line)
		n := len(line) - len(bytes.TrimLeft(line, " "))
		switch {
		case len(t) == 0 || t[0] == '#':
		case n == 0 && (bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("..."))),
			n < indent, n == indent && t[0] != '-':
			return at
		}
		at = end
	}
	return len(raw)
}

// flowEnd returns the offset of the comma, closing bracket or brace that
// ends the flow value starting at off.
func flowEnd(raw []byte, off int) int {
	depth := 0
	for i := off; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '"':
			for i++; i < len(raw) && raw[i] != '"'; i++ {
				if raw[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(raw); i++ {
				if raw[i] == '\'' {
					if i+1 < len(raw) && raw[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '[', '{':
			depth++
		case ']', '}', ',':
			if depth == 0 {
				return i
			}
			if c != ',' {
				depth--
			}
		}
	}
	return len(raw)
}

// mappableBreaks reports whether YAML's lines in raw are its LF lines: no
// lone CR and none of NEL, LS, PS, which YAML may also count as breaks.
func mappableBreaks(raw []byte) bool {
	for i, c := range raw {
		if c == '\r' && (i+1 == len(raw) || raw[i+1] != '\n') {
			return false
		}
	}
	return !bytes.Contains(raw, []byte("\u0085")) && !bytes.Contains(raw, []byte("\u2028")) && !bytes.Contains(raw, []byte("\u2029"))
}
