package pop

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// MaxSize is the largest file Parse reads. A POP is a few kilobytes; a file
// beyond this is a mistake or an attack, and is refused before parsing.
const MaxSize = 256 << 10

// MaxSealedSize is the largest sealed file Parse reads: a clear POP of
// MaxSize grows by about a third in two armored age blocks, plus the
// clear front matter. Only a file whose front matter has a top-level
// sealed: line may be larger than MaxSize, so every reader stays bounded.
const MaxSealedSize = 2 * MaxSize

// Keys of the front matter, in the order the templates write them.
var (
	TopKeys    = []string{"pop", "kind", "employee", "manager", "date", "companion", "for", "agenda", "next_conversation", "goals", "sealed", "shared"}
	GoalKeys   = []string{"id", "goal", "measure", "action", "timing", "support", "guide", "follow_up", "evaluation", "org_goal", "budget", "status", "updates"}
	UpdateKeys = []string{"date", "note"}
)

// ProgressKeys are the goal fields that record progress rather than the
// agreement: changing them does not undo a sign-off.
var ProgressKeys = []string{"status", "updates"}

// IsProgressKey reports whether a goal field records progress.
func IsProgressKey(key string) bool { return key == "status" || key == "updates" }

// Parse reads a POP or preparation note. It never fails: everything wrong
// with the file is in the returned Doc's Problems, and the Doc holds as
// much as could be read.
func Parse(path string, data []byte) *Doc { return parse(path, data, true) }

// ParseFrontMatter reads what Parse reads — the same refusals, fields,
// problems and positions — but leaves out the body's sections, and so
// the nesting depth measured on them (markdown-too-deep finds only a
// single line's markers here). Commands
// that look only at dates and goals over a whole team, such as pop
// overdue, use it.
func ParseFrontMatter(path string, data []byte) *Doc { return parse(path, data, false) }

func parse(path string, data []byte, withSections bool) *Doc {
	d := &Doc{Path: path, Size: len(data)}
	if len(data) > MaxSize {
		limit, what := MaxSize, "a POP"
		if IsSealed(data) {
			limit, what = MaxSealedSize, "a sealed POP"
		}
		if len(data) > limit {
			d.problem(CodeTooLarge, Pos{1, 1}, "", fmt.Sprintf("file is %d KiB, more than the %d KiB %s may be", (len(data)+1023)/1024, limit>>10, what), "")
			return d
		}
	}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		d.problem(CodeBOM, Pos{1, 1}, "", "file starts with a byte-order mark", "save the file as UTF-8 without BOM")
		return d
	}
	if !utf8.Valid(data) {
		off := firstInvalid(data)
		d.problem(CodeInvalidUTF8, offsetPos(data, off, 1), "", "file is not valid UTF-8", "save the file as UTF-8")
		return d
	}
	if off, r := firstControl(data); off >= 0 {
		d.problem(CodeControlChar, offsetPos(data, off, 1), "", fmt.Sprintf("file holds the control character U+%04X", r), "remove it; a POP is text, and git shows a file with a NUL as binary")
		return d
	}
	raw, body, ok := d.split(data)
	if !ok {
		return d
	}
	d.HasFrontMatter = true
	if line, ok := documentMarker(raw); ok {
		d.problem(CodeDocumentEnd, d.yamlPos(line, 1), "", "the front matter holds a YAML document end (...) or a second document (---)", "keep the front matter one YAML document between the two --- lines")
	}
	d.decode(raw)
	d.Body = body
	if d.Sealed != "" {
		// A sealed file's body is its age blocks: armor, not text that
		// any page, diff or section should show.
		d.Body = nil
	}
	if line, depth := deepestLine(body); depth > MaxNesting {
		d.problem(CodeTooDeep, Pos{d.BodyLine + line, 1}, "", fmt.Sprintf("Markdown nested %d levels deep, more than the %d a POP may use", depth, MaxNesting), "use fewer nested quotes and lists")
		return d
	}
	if withSections && d.Sealed == "" {
		// A sealed file's body is its age blocks: no sections to read.
		root := parseBody(body)
		if off, depth := deepest(root, body); depth > MaxNesting {
			d.problem(CodeTooDeep, offsetPos(body, off, d.BodyLine), "", fmt.Sprintf("Markdown nested %d levels deep, more than the %d a POP may use", depth, MaxNesting), "use fewer nested quotes and lists")
			return d
		}
		d.Sections = sections(root, body, d.BodyLine)
	}
	return d
}

// IsSealed reports whether data's front matter has a top-level sealed:
// line: a cheap test that reads no YAML, made before the size limit is
// chosen. It looks at the lines between the first two --- lines only.
func IsSealed(data []byte) bool {
	if len(data) > MaxSealedSize {
		return false
	}
	open := false
	for len(data) > 0 {
		line := data
		if nl := bytes.IndexByte(data, '\n'); nl >= 0 {
			line, data = data[:nl], data[nl+1:]
		} else {
			data = nil
		}
		t := bytes.TrimRight(line, " \t\r")
		switch {
		case !open && len(t) == 0:
		case !open && string(t) == "---":
			open = true
		case !open:
			return false
		case string(t) == "---":
			return false
		case bytes.HasPrefix(line, []byte("sealed:")):
			return true
		}
	}
	return false
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// firstControl returns the offset of the first control character in the
// valid UTF-8 text b other than TAB, LF and CR (C0, DEL and C1), and the
// character; -1 when there is none.
func firstControl(b []byte) (int, rune) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	// Eight bytes at a time: a word with no byte below 0x20, no DEL and
	// no byte of a non-ASCII character holds nothing to look at.
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		del := w ^ (ones * 0x7f)
		if (w-ones*0x20)&^w&highs == 0 && (del-ones)&^del&highs == 0 && w&highs == 0 {
			continue
		}
		if off, r := firstControlSlow(b, i, i+8); off >= 0 {
			return off, r
		}
	}
	return firstControlSlow(b, i, len(b))
}

// firstControlSlow is firstControl over b[from:to], a byte at a time; it
// may look one byte past to for the second byte of a C1 character.
func firstControlSlow(b []byte, from, to int) (int, rune) {
	for i := from; i < to; i++ {
		c := b[i]
		if !suspect[c] {
			continue
		}
		if c != 0xc2 {
			return i, rune(c)
		}
		if i+1 < len(b) && b[i+1] <= 0x9f { // U+0080..U+009F; valid UTF-8, so >= 0x80
			return i, rune(b[i+1])
		}
	}
	return -1, 0
}

// suspect marks the bytes firstControl looks at twice: C0 but TAB, LF and
// CR, DEL, and 0xC2, the lead byte of C1.
var suspect = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	t[0x7f], t[0xc2] = true, true
	return t
}()

// offsetPos returns the position of byte off in b, whose first line is line.
func offsetPos(b []byte, off, line int) Pos {
	if off > len(b) {
		off = len(b)
	}
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	line += bytes.Count(b[:start], []byte{'\n'})
	return Pos{line, utf8.RuneCount(b[start:off]) + 1}
}

var errRefused = errors.New("front matter format refused")

// split separates the front matter from the body with adrg/frontmatter,
// refusing TOML and JSON front matter, and records where the body starts.
func (d *Doc) split(data []byte) (raw, body []byte, ok bool) {
	// The opening delimiter is the first non-blank line.
	openLine, rest := 1, data
	for len(rest) > 0 {
		nl := bytes.IndexByte(rest, '\n')
		line := rest
		if nl >= 0 {
			line = rest[:nl]
		}
		if len(bytes.TrimSpace(line)) > 0 || nl < 0 {
			break
		}
		rest = rest[nl+1:]
		openLine++
	}
	first := rest
	if nl := bytes.IndexByte(first, '\n'); nl >= 0 {
		first = first[:nl]
	}
	open := string(bytes.TrimSpace(first))

	var refused string
	capture := func(format string) frontmatter.UnmarshalFunc {
		return func(b []byte, _ any) error {
			if format != "yaml" {
				refused = format
				return errRefused
			}
			raw = b
			return nil
		}
	}
	formats := []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", capture("yaml")),
		frontmatter.NewFormat("---yaml", "---", capture("yaml")),
		frontmatter.NewFormat("+++", "+++", capture("TOML")),
		frontmatter.NewFormat("---toml", "---", capture("TOML")),
		frontmatter.NewFormat(";;;", ";;;", capture("JSON")),
		frontmatter.NewFormat("---json", "---", capture("JSON")),
		{Start: "{", End: "}", Unmarshal: capture("JSON"), UnmarshalDelims: true, RequiresNewLine: true},
	}
	var err error
	if r, b, ok := splitPlain(data); ok {
		raw, body = r, b
	} else {
		body, err = frontmatter.Parse(bytes.NewReader(data), nil, formats...)
	}
	switch {
	case errors.Is(err, errRefused):
		d.problem(CodeNotYAML, Pos{openLine, 1}, "", refused+" front matter is not supported", "write the front matter as YAML between --- lines")
		return nil, nil, false
	case err != nil:
		d.problem(CodeNoFrontMatter, Pos{1, 1}, "", "front matter could not be read: "+err.Error(), "")
		return nil, nil, false
	case raw == nil && (open == "---" || open == "---yaml"):
		d.problem(CodeUnclosed, Pos{openLine, 1}, "", "front matter is not closed", "end the front matter with a line holding only ---")
		return nil, nil, false
	case raw == nil && (open == "+++" || open == ";;;" || open == "---toml" || open == "---json" || open == "{"):
		d.problem(CodeNotYAML, Pos{openLine, 1}, "", "front matter is not YAML and not closed", "write the front matter as YAML between --- lines")
		return nil, nil, false
	case raw == nil:
		d.problem(CodeNoFrontMatter, Pos{1, 1}, "", "file has no front matter", "start the file with a --- line, the YAML fields, and another --- line")
		return nil, nil, false
	}
	head := data[:len(data)-len(body)]
	d.BodyLine = bytes.Count(head, []byte{'\n'}) + 1
	if len(head) > 0 && head[len(head)-1] != '\n' {
		d.BodyLine++ // closing delimiter at end of file without newline
	}
	d.FrontMatterEnd = d.BodyLine - 1
	d.yamlLine = openLine
	return raw, body, true
}

// splitPlain splits the common case, a "---" line, YAML and a closing
// "---" line, as adrg/frontmatter does (lines compared with surrounding
// space trimmed), without its line reader and buffer copies. Anything
// else, including front matter that is not closed, reports false and is
// left to adrg/frontmatter; FuzzSplitPlain holds the two to the same
// result.
func splitPlain(data []byte) (raw, body []byte, ok bool) {
	off := 0
	for {
		nl := bytes.IndexByte(data[off:], '\n')
		if nl < 0 {
			return nil, nil, false
		}
		line := bytes.TrimSpace(data[off : off+nl])
		off += nl + 1
		if len(line) == 0 {
			continue
		}
		if string(line) != "---" {
			return nil, nil, false
		}
		break
	}
	for start, at := off, off; at < len(data); {
		nl := bytes.IndexByte(data[at:], '\n')
		end := len(data)
		if nl >= 0 {
			end = at + nl + 1
		}
		if string(bytes.TrimSpace(data[at:end])) == "---" {
			return data[start:at], data[end:], true
		}
		at = end
	}
	return nil, nil, false
}

// documentMarker returns the 1-based line of the first YAML document
// marker in the front matter: "..." (document end) or "---" starting a
// second document. YAML readers stop at one or read both, so what follows
// would be read by some tools and not by others.
func documentMarker(raw []byte) (int, bool) {
	if !bytes.Contains(raw, []byte("...")) && !bytes.Contains(raw, []byte("---")) {
		return 0, false
	}
	for n, rest := 1, raw; len(rest) > 0; n++ {
		line := rest
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		} else {
			rest = nil
		}
		if len(line) >= 3 && (string(line[:3]) == "..." || string(line[:3]) == "---") &&
			(len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r') {
			return n, true
		}
	}
	return 0, false
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decode reads the YAML front matter node by node, so that every key and
// value keeps its position and nothing is silently dropped or merged.
func (d *Doc) decode(raw []byte) {
	// About one field a line: sized once, the list is not grown.
	d.fields = make([]fieldPos, 0, bytes.Count(raw, []byte{'\n'})+8)
	withYAML(raw, d.decodeNode)
}

func (d *Doc) decodeNode(root *yaml.Node, err error) {
	if err != nil {
		msg, line := err.Error(), 1
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		d.problem(CodeYAMLSyntax, d.yamlPos(line, 1), "", "front matter is not valid YAML: "+msg, "")
		return
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return // empty front matter: every required field is missing
	}
	d.aliases(root)
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		d.problem(CodeFieldType, d.pos(top), "", "front matter must be a mapping of field: value", "")
		return
	}
	d.mapping(top, "", TopKeys, func(key string, v *yaml.Node) {
		switch key {
		case "pop":
			if s, ok := d.scalar(v, key); ok {
				n, err := strconv.Atoi(s)
				if err != nil || n != 1 {
					d.problem(CodeVersion, d.pos(v), key, fmt.Sprintf("pop: %q is not a schema version this tool knows", s), "write pop: 1")
				}
				d.Version = n
			}
		case "kind":
			d.Kind, _ = d.scalar(v, key)
		case "employee":
			d.Employee, _ = d.scalar(v, key)
		case "manager":
			d.Manager, _ = d.scalar(v, key)
		case "companion":
			d.Companion, _ = d.scalar(v, key)
		case "for":
			d.For, _ = d.scalar(v, key)
		case "date":
			d.Date = d.date(v, key)
		case "next_conversation":
			d.NextConversation = d.date(v, key)
		case "agenda":
			d.Agenda = d.strings(v, key)
		case "goals":
			d.goals(v)
		case "sealed":
			d.Sealed, _ = d.scalar(v, key)
		case "shared":
			d.Shared = d.strings(v, key)
		}
	})
}

// aliases reports every alias in the tree. Aliases are never followed, so
// an alias bomb costs no more than its text.
func (d *Doc) aliases(n *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		d.problem(CodeUnsupportedYAML, d.pos(n), "", "YAML aliases are not supported", "write the value out")
		return
	}
	for _, c := range n.Content {
		d.aliases(c)
	}
}

// mapping walks a mapping node with the one strict key walker, calling
// fn for each known key in order.
func (d *Doc) mapping(n *yaml.Node, prefix string, known []string, fn func(key string, v *yaml.Node)) {
	w := KeyWalker{
		Line:        func(n *yaml.Node) int { return d.pos(n).Line },
		SkipAliases: true, // reported by aliases
		Bad: func(issue KeyIssue, at *yaml.Node, field, msg, hint string) {
			code := CodeFieldType
			switch issue {
			case KeyUnknown:
				code = CodeUnknownKey
			case KeyRepeated:
				code = CodeDuplicateKey
			case KeyMerge, KeyAlias:
				code = CodeUnsupportedYAML
			}
			d.problem(code, d.pos(at), field, msg, hint)
		},
	}
	w.Mapping(n, prefix, known, func(key string, k, v *yaml.Node) {
		d.fields = append(d.fields, fieldPos{path: prefix + key, key: d.pos(k), value: d.pos(v), hasValue: true})
		fn(key, v)
	})
}

func (d *Doc) goals(v *yaml.Node) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.SequenceNode {
		d.problem(CodeFieldType, d.pos(v), "goals", "goals must be a list", "start each goal with \"- id: …\"")
		return
	}
	for i, gn := range v.Content {
		field := GoalField(i, "")
		if gn.Kind != yaml.MappingNode {
			d.problem(CodeFieldType, d.pos(gn), field, field+" must be a mapping of field: value", "")
			d.Goals = append(d.Goals, Goal{})
			continue
		}
		d.fields = append(d.fields, fieldPos{path: field, key: d.pos(gn)})
		var g Goal
		d.mapping(gn, field+".", GoalKeys, func(key string, v *yaml.Node) {
			f := field + "." + key
			switch key {
			case "id":
				g.ID, _ = d.scalar(v, f)
			case "goal":
				g.Goal, _ = d.scalar(v, f)
			case "measure":
				g.Measure, _ = d.scalar(v, f)
			case "action":
				g.Action, _ = d.scalar(v, f)
			case "support":
				g.Support, _ = d.scalar(v, f)
			case "guide":
				g.Guide, _ = d.scalar(v, f)
			case "budget":
				g.Budget, _ = d.scalar(v, f)
			case "evaluation":
				g.Evaluation, _ = d.scalar(v, f)
			case "org_goal":
				g.OrgGoal, _ = d.scalar(v, f)
			case "status":
				g.Status, _ = d.scalar(v, f)
			case "timing":
				if s, ok := d.scalar(v, f); ok && s != "" {
					t, err := ParseTiming(s)
					if err != nil {
						d.problem(CodeBadTiming, d.pos(v), f, f+": "+err.Error(), "write 2027-03-31, 2027-03, 2027-Q1 (or Q1 2027) or ongoing")
					}
					g.Timing = t
					g.Timing.Raw = s
				}
			case "follow_up":
				if s, ok := d.scalar(v, f); ok && s != "" {
					fu, err := ParseFollowUp(s)
					if err != nil {
						d.problem(CodeBadFollowUp, d.pos(v), f, f+": "+err.Error(), "write a date, +3m (after the POP's date) or next (the next conversation)")
					}
					g.FollowUp = fu
					g.FollowUp.Raw = s
				}
			case "updates":
				g.Updates = d.updates(v, f)
			}
		})
		d.Goals = append(d.Goals, g)
	}
}

func (d *Doc) updates(v *yaml.Node, field string) []Update {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.problem(CodeFieldType, d.pos(v), field, field+" must be a list", "write each update as - {date: 2027-02-03, note: …}")
		return nil
	}
	var ups []Update
	for i, un := range v.Content {
		f := field + "[" + strconv.Itoa(i) + "]"
		if un.Kind != yaml.MappingNode {
			d.problem(CodeFieldType, d.pos(un), f, f+" must be a mapping with date and note", "")
			continue
		}
		d.fields = append(d.fields, fieldPos{path: f, key: d.pos(un)})
		var u Update
		d.mapping(un, f+".", UpdateKeys, func(key string, v *yaml.Node) {
			switch key {
			case "date":
				u.Date = d.date(v, f+".date")
			case "note":
				u.Note, _ = d.scalar(v, f+".note")
			}
		})
		ups = append(ups, u)
	}
	return ups
}

// scalar returns a scalar's text; null is "". Anything else is a problem.
func (d *Doc) scalar(v *yaml.Node, field string) (string, bool) {
	if isNull(v) {
		return "", true
	}
	if v.Kind != yaml.ScalarNode {
		d.problem(CodeFieldType, d.pos(v), field, field+" must be a single value, not a list or mapping", "")
		return "", false
	}
	return v.Value, true
}

func (d *Doc) date(v *yaml.Node, field string) Date {
	s, ok := d.scalar(v, field)
	if !ok || s == "" {
		return Date{}
	}
	t, err := ParseDate(s)
	if err != nil {
		d.problem(CodeBadDate, d.pos(v), field, field+": "+err.Error(), "write the date as YYYY-MM-DD")
	}
	return t
}

func (d *Doc) strings(v *yaml.Node, field string) []string {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		d.problem(CodeFieldType, d.pos(v), field, field+" must be a list", "write [topic one, topic two]")
		return nil
	}
	var out []string
	for i, item := range v.Content {
		if s, ok := d.scalar(item, field+"["+strconv.Itoa(i)+"]"); ok {
			out = append(out, s)
		}
	}
	return out
}

func isNull(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.Tag == "!!null"
}

func (d *Doc) pos(n *yaml.Node) Pos {
	return d.yamlPos(n.Line, n.Column)
}

// yamlPos turns a position in the front matter into one in the file. YAML
// also breaks lines at a lone carriage return, which editors may not; a
// position past the front matter is pinned to its closing line.
func (d *Doc) yamlPos(line, col int) Pos {
	p := Pos{d.yamlLine + line, max(col, 1)}
	if p.Line > d.FrontMatterEnd {
		p = Pos{d.FrontMatterEnd, 1}
	}
	return p
}

func (d *Doc) problem(code string, p Pos, field, msg, hint string) {
	d.Problems = append(d.Problems, Problem{Code: code, Pos: p, Field: field, Message: msg, Hint: hint})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
