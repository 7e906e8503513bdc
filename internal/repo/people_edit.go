package repo

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"

	"go.yaml.in/yaml/v3"

	"github.com/popdev/pop/internal/pop"
)

// PersonEdit is a change to one entry of the registry. Empty fields are
// left as they are.
type PersonEdit struct {
	Name  string
	Email string
	// Manager, when set, becomes the person's manager from From on. A
	// zero From sets the undated shorthand "manager: ID", which only a
	// person without a dated history may have.
	Manager string
	From    pop.Date
	Left    pop.Date // the day the person leaves the team
	Age     string   // the age1… recipient to seal to, replacing any other
}

// EditPerson returns the registry data with the entry of id changed,
// keeping the comments and order of everything else. It checks the
// shape of the change only; whether the result is a sound registry is
// for the caller to check by parsing it.
func EditPerson(data []byte, id string, e PersonEdit) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if root.Kind == 0 || len(root.Content) == 0 || root.Content[0].Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("the registry must be a list of people")
	}
	var entry *yaml.Node
	for _, item := range root.Content[0].Content {
		if item.Kind == yaml.MappingNode {
			if v := mapValue(item, "id"); v != nil && v.Value == id {
				entry = item
			}
		}
	}
	if entry == nil {
		return nil, fmt.Errorf("%s is not in the registry", id)
	}
	if e.Name != "" {
		setScalar(entry, "name", e.Name)
	}
	if e.Email != "" {
		setScalar(entry, "email", e.Email)
	}
	if !e.Left.IsZero() {
		setScalar(entry, "left", e.Left.String())
	}
	if e.Age != "" {
		setScalar(entry, "age", e.Age)
	}
	if e.Manager != "" {
		if err := setManager(entry, e.Manager, e.From); err != nil {
			return nil, err
		}
	}
	return yaml.Marshal(&root)
}

// setManager records a change of manager: the shorthand is turned into a
// managers list when a dated change is added to it.
func setManager(entry *yaml.Node, id string, from pop.Date) error {
	list := mapValue(entry, "managers")
	short := mapValue(entry, "manager")
	if from.IsZero() {
		if list != nil {
			return fmt.Errorf("the reporting line has dates; give --from for the change")
		}
		setScalar(entry, "manager", id)
		return nil
	}
	if list == nil {
		list = &yaml.Node{Kind: yaml.SequenceNode}
		if short != nil && short.Value != "" {
			first := managerEntry(short.Value, pop.Date{})
			first.LineComment = short.LineComment // "manager: an # since 2024" keeps its note
			list.Content = append(list.Content, first)
		}
		if short != nil {
			replaceKey(entry, "manager", "managers", list)
		} else {
			entry.Content = append(entry.Content, scalar("managers"), list)
		}
	}
	if list.Kind != yaml.SequenceNode {
		return fmt.Errorf("managers is not a list")
	}
	if n := len(list.Content); n > 0 {
		if last := mapValue(list.Content[n-1], "from"); last != nil {
			if d, err := pop.ParseDate(last.Value); err == nil && !d.Before(from) {
				return fmt.Errorf("--from %s is not after the last change of manager (%s)", from, d)
			}
		}
	}
	list.Content = append(list.Content, managerEntry(id, from))
	return nil
}

func managerEntry(id string, from pop.Date) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	n.Content = append(n.Content, scalar("id"), scalar(id))
	if !from.IsZero() {
		n.Content = append(n.Content, scalar("from"), scalar(from.String()))
	}
	return n
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setScalar sets key to a plain scalar, in place when the key is there
// (keeping its comments), else at the end of the mapping.
func setScalar(m *yaml.Node, key, value string) {
	if v := mapValue(m, key); v != nil && v.Kind == yaml.ScalarNode {
		v.Value, v.Tag, v.Style = value, "", 0
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = scalar(value)
			return
		}
	}
	m.Content = append(m.Content, scalar(key), scalar(value))
}

// replaceKey puts key newKey with value where key old stood.
func replaceKey(m *yaml.Node, old, newKey string, value *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == old {
			m.Content[i].Value = newKey
			m.Content[i+1] = value
			return
		}
	}
}

// MoveSigners returns allowed-signers data with every line whose
// principals name the email from moved to the email to, keeping all
// other lines and comments byte for byte. It reports how many lines moved.
func MoveSigners(data []byte, from, to string) ([]byte, int) {
	lines := splitKeepEnds(data)
	moved := 0
	var out []byte
	for _, l := range lines {
		s := string(l)
		trim := strings.TrimLeft(s, " \t")
		if trim == "" || trim[0] == '#' {
			out = append(out, l...)
			continue
		}
		toks := fields(trim)
		principals := unquote(toks[0])
		changed := false
		var ps []string
		for _, p := range strings.Split(principals, ",") {
			if strings.EqualFold(p, from) {
				p, changed = to, true
			}
			ps = append(ps, p)
		}
		if !changed {
			out = append(out, l...)
			continue
		}
		moved++
		rest := trim[len(toks[0]):]
		out = append(out, strings.Join(ps, ",")...)
		out = append(out, rest...)
	}
	return out, moved
}

func splitKeepEnds(data []byte) [][]byte {
	var out [][]byte
	for len(data) > 0 {
		i := 0
		for i < len(data) && data[i] != '\n' {
			i++
		}
		if i < len(data) {
			i++
		}
		out = append(out, data[:i])
		data = data[i:]
	}
	return out
}

// RetireSigner returns allowed-signers data in which every line that lets
// email sign with key gets valid-before set to the start of day before
// (ssh-keygen's YYYYMMDD): the key stops counting for signatures made
// from that day, and what it signed earlier stays valid. Other lines and
// comments keep their bytes. It reports how many lines it changed.
func RetireSigner(data []byte, email string, key ssh.PublicKey, before pop.Date) ([]byte, int) {
	stamp := fmt.Sprintf("%04d%02d%02d", before.Time().Year(), int(before.Time().Month()), before.Time().Day())
	var out []byte
	n := 0
	for _, l := range splitKeepEnds(data) {
		s := strings.TrimRight(string(l), "\r\n")
		end := string(l[len(s):])
		trim := strings.TrimLeft(s, " \t")
		sg, err := parseSignerLine(trim)
		if trim == "" || trim[0] == '#' || err != nil || !bytes.Equal(sg.Key.Marshal(), key.Marshal()) || !hasPrincipal(sg.Principals, email) {
			out = append(out, l...)
			continue
		}
		toks := fields(trim)
		var opts []string
		rest := toks[1:]
		if !isKeyType(rest[0]) {
			for _, o := range splitOptions(rest[0]) {
				if name, _, _ := strings.Cut(o, "="); !strings.EqualFold(name, "valid-before") {
					opts = append(opts, o)
				}
			}
			rest = rest[1:]
		}
		opts = append(opts, `valid-before="`+stamp+`"`)
		line := toks[0] + " " + strings.Join(opts, ",") + " " + strings.Join(rest, " ")
		out = append(out, line+end...)
		n++
	}
	return out, n
}

func hasPrincipal(ps []string, email string) bool {
	for _, p := range ps {
		if strings.EqualFold(p, email) {
			return true
		}
	}
	return false
}
