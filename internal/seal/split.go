package seal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Format is the value of the sealed key in a sealed file's clear front
// matter. It names the layout this package writes: age, two armored
// blocks, agreement first.
const Format = "age-v1"

// Clear keys: what stays readable in a sealed file (SPEC §8, "What stays
// in clear"), in the order the clear front matter lists them.
var (
	// for is in clear too: it says whose preparation note it is (the
	// manager's is sealed to the manager), which its path shows anyway.
	clearTop    = []string{"pop", "kind", "employee", "manager", "date", "for", "next_conversation"}
	clearGoal   = []string{"id", "measure", "timing", "follow_up", "budget", "status"}
	progressKey = map[string]bool{"status": true, "updates": true}
)

// Parts is a clear document taken apart for sealing.
type Parts struct {
	// Clear is the clear front matter, without its delimiters.
	Clear []byte
	// Agreement is the document with the progress fields (each goal's
	// status and updates lines) cut out: the text a sign-off agrees to.
	Agreement []byte
	// Progress holds the lines cut out and where they go back.
	Progress []byte
}

// span is a run of front matter lines holding one progress field, and
// the line of the agreement text it is put back before.
type span struct {
	At   int    `json:"at"`
	Text string `json:"text"`
}

// ErrLayout is returned by Split for a front matter it cannot take apart
// line by line: a goal written in flow style, or a progress field on the
// line that opens its goal.
var ErrLayout = errors.New("front matter layout")

// Split takes a clear POP or preparation note apart: the clear front
// matter that is derived from it (shared lists the ids a prep note is
// shared with), the agreement text and the progress lines. Join(Agreement,
// Progress) gives the document back byte for byte.
func Split(doc []byte, shared []string) (Parts, error) {
	lines := splitLines(doc)
	fmStart, fmEnd, ok := frontMatter(lines)
	if !ok {
		return Parts{}, errors.New("no front matter between --- lines")
	}
	fm := bytes.Join(lines[fmStart:fmEnd], nil)
	var root yaml.Node
	if err := yaml.Unmarshal(fm, &root); err != nil {
		return Parts{}, fmt.Errorf("front matter is not valid YAML: %v", err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return Parts{}, errors.New("front matter is not a mapping")
	}
	top := root.Content[0]
	if v := value(top, "sealed"); v != nil {
		return Parts{}, errors.New("already sealed")
	}
	// Progress fields, as ranges of file lines (0-based, end exclusive).
	type cut struct{ from, to int }
	var cuts []cut
	if goals := value(top, "goals"); goals != nil && goals.Kind == yaml.SequenceNode {
		for gi, g := range goals.Content {
			if g.Kind != yaml.MappingNode {
				continue
			}
			if g.Style&yaml.FlowStyle != 0 {
				return Parts{}, fmt.Errorf("%w: goal %d is written in flow style ({...}); write its fields one per line", ErrLayout, gi+1)
			}
			for i := 0; i+1 < len(g.Content); i += 2 {
				k := g.Content[i]
				if !progressKey[k.Value] {
					continue
				}
				from := fmStart + k.Line - 1
				if from >= fmEnd {
					return Parts{}, fmt.Errorf("%w: goals[%d].%s", ErrLayout, gi+1, k.Value)
				}
				if strings.TrimSpace(string(lines[from][:min(k.Column-1, len(lines[from]))])) != "" {
					return Parts{}, fmt.Errorf("%w: goals[%d].%s shares its line with the goal's start; put id first", ErrLayout, gi+1, k.Value)
				}
				to := from + 1
				for to < fmEnd && !endsField(lines[to], k.Column-1) {
					to++
				}
				cuts = append(cuts, cut{from, to})
			}
		}
	}
	var agreement bytes.Buffer
	var spans []span
	next, kept := 0, 0
	for _, c := range cuts {
		if c.from < next {
			return Parts{}, fmt.Errorf("%w: progress fields overlap", ErrLayout)
		}
		for ; next < c.from; next++ {
			agreement.Write(lines[next])
			kept++
		}
		spans = append(spans, span{At: kept, Text: string(bytes.Join(lines[c.from:c.to], nil))})
		next = c.to
	}
	for ; next < len(lines); next++ {
		agreement.Write(lines[next])
	}
	progress, err := json.Marshal(spans)
	if err != nil {
		return Parts{}, err
	}
	clear, err := clearFrontMatter(top, shared)
	if err != nil {
		return Parts{}, err
	}
	return Parts{Clear: clear, Agreement: agreement.Bytes(), Progress: progress}, nil
}

// Join puts the progress lines back into the agreement text.
func Join(agreement, progress []byte) ([]byte, error) {
	var spans []span
	if err := json.Unmarshal(progress, &spans); err != nil {
		return nil, fmt.Errorf("progress block: %v", err)
	}
	lines := splitLines(agreement)
	var out bytes.Buffer
	out.Grow(len(agreement) + len(progress))
	next := 0
	for _, s := range spans {
		if s.At < next || s.At > len(lines) {
			return nil, fmt.Errorf("progress block: line %d is out of place", s.At)
		}
		for ; next < s.At; next++ {
			out.Write(lines[next])
		}
		out.WriteString(s.Text)
	}
	for ; next < len(lines); next++ {
		out.Write(lines[next])
	}
	return out.Bytes(), nil
}

// endsField reports whether line starts the next field or item of a
// mapping whose keys are indented by indent: a line with content that is
// indented no deeper. Blank and comment lines belong to the field above.
func endsField(line []byte, indent int) bool {
	t := bytes.TrimLeft(line, " ")
	s := bytes.TrimSpace(t)
	if len(s) == 0 || s[0] == '#' {
		return false
	}
	return len(line)-len(t) <= indent
}

// splitLines splits b after each newline; the last line may lack one.
func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}

// frontMatter finds the YAML between the first line "---" and the next,
// as line indexes [start, end) of the YAML itself.
func frontMatter(lines [][]byte) (start, end int, ok bool) {
	if len(lines) == 0 || !isDelim(lines[0]) {
		return 0, 0, false
	}
	for i := 1; i < len(lines); i++ {
		if isDelim(lines[i]) {
			return 1, i, true
		}
	}
	return 0, 0, false
}

func isDelim(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r\n")) == "---"
}

// value returns the value node of key in mapping m, or nil.
func value(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// clearFrontMatter writes the fields that stay in clear, taken from the
// document's front matter with every comment dropped: a comment is free
// text and may hold anything.
func clearFrontMatter(top *yaml.Node, shared []string) ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
	}
	for _, k := range clearTop {
		if v := value(top, k); v != nil && v.Kind == yaml.ScalarNode {
			add(k, scalar(v))
		}
	}
	add("sealed", &yaml.Node{Kind: yaml.ScalarNode, Value: Format})
	if len(shared) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, id := range shared {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: id})
		}
		add("shared", seq)
	}
	if goals := value(top, "goals"); goals != nil && goals.Kind == yaml.SequenceNode {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, g := range goals.Content {
			if g.Kind != yaml.MappingNode {
				continue
			}
			cg := &yaml.Node{Kind: yaml.MappingNode}
			for _, k := range clearGoal {
				if v := value(g, k); v != nil && v.Kind == yaml.ScalarNode {
					cg.Content = append(cg.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, scalar(v))
				}
			}
			if ups := value(g, "updates"); ups != nil && ups.Kind == yaml.SequenceNode {
				cu := &yaml.Node{Kind: yaml.SequenceNode}
				for _, u := range ups.Content {
					if u.Kind != yaml.MappingNode {
						continue
					}
					d := value(u, "date")
					if d == nil || d.Kind != yaml.ScalarNode {
						continue
					}
					cu.Content = append(cu.Content, &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle,
						Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "date"}, scalar(d)}})
				}
				cg.Content = append(cg.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "updates"}, cu)
			}
			seq.Content = append(seq.Content, cg)
		}
		add("goals", seq)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// scalar copies a scalar value without its comments, anchors and tags
// other than the ones YAML resolves by itself.
func scalar(v *yaml.Node) *yaml.Node {
	style := v.Style &^ (yaml.LiteralStyle | yaml.FoldedStyle | yaml.TaggedStyle)
	return &yaml.Node{Kind: yaml.ScalarNode, Value: v.Value, Style: style, Tag: v.ShortTag()}
}
