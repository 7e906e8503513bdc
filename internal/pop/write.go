package pop

import (
	"bytes"
	"fmt"
	"text/template"

	"gopkg.in/yaml.v3"
)

// Scaffold is what a new document is made from.
type Scaffold struct {
	Kind             string
	Employee         string // id
	Manager          string // id
	EmployeeName     string
	ManagerName      string
	Date             Date
	NextConversation Date // zero for a prep note
	// Carried are the open goals of the previous POP. A POP takes them
	// over as goals; both kinds list them in the body.
	Carried      []Goal
	PreviousDate Date
}

// Render fills the body template and puts the front matter above it.
func (s Scaffold) Render(bodyTemplate []byte) ([]byte, error) {
	tmpl, err := template.New("body").Option("missingkey=error").Parse(string(bodyTemplate))
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	var body bytes.Buffer
	data := map[string]any{
		"EmployeeName": s.EmployeeName,
		"ManagerName":  s.ManagerName,
		"Employee":     s.Employee,
		"Manager":      s.Manager,
		"Date":         s.Date.String(),
		"Next":         s.NextConversation.String(),
		"Carried":      s.Carried,
		"PreviousDate": s.PreviousDate.String(),
	}
	if err := tmpl.Execute(&body, data); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	fm, err := s.frontMatter()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteString("---\n")
	out.Write(fm)
	out.WriteString("---\n\n")
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

func (s Scaffold) frontMatter() ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(parent *yaml.Node, k string, v *yaml.Node) {
		parent.Content = append(parent.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, v)
	}
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
	add(m, "pop", str("1"))
	add(m, "kind", str(s.Kind))
	add(m, "employee", str(s.Employee))
	if s.Kind == KindPOP {
		add(m, "manager", str(s.Manager))
	}
	add(m, "date", str(s.Date.String()))
	if s.Kind == KindPrep {
		add(m, "agenda", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle})
		return marshal(m)
	}
	add(m, "next_conversation", str(s.NextConversation.String()))
	goals := &yaml.Node{Kind: yaml.SequenceNode}
	for _, g := range s.Carried {
		gn := &yaml.Node{Kind: yaml.MappingNode}
		for _, kv := range [][2]string{
			{"id", g.ID}, {"goal", g.Goal}, {"measure", g.Measure}, {"action", g.Action},
			{"timing", g.Timing.Raw}, {"support", g.Support}, {"guide", g.Guide},
			{"follow_up", g.FollowUp.Raw}, {"budget", g.Budget}, {"status", g.Status},
		} {
			if kv[1] != "" {
				add(gn, kv[0], str(kv[1]))
			}
		}
		goals.Content = append(goals.Content, gn)
	}
	if len(goals.Content) == 0 {
		goals.Style = yaml.FlowStyle
	}
	add(m, "goals", goals)
	goals.FootComment = `For every goal agree how, when and with whom, for example:
  - id: conflicten
    goal: Beter leren omgaan met conflicten
    measure: training        # vorming | training | opleiding | coaching | other
    action: Training conflicthantering volgen
    timing: 2027-Q1          # YYYY-MM-DD | YYYY-MM | YYYY-Qn | ongoing
    support: Tijd vrijmaken voor deelname
    follow_up: next          # YYYY-MM-DD | +3m | next
    status: planned          # planned | in-progress | blocked | done | dropped`
	return marshal(m)
}

func marshal(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
