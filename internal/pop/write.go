package pop

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"go.yaml.in/yaml/v3"
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
	// Previous are all the goals of the previous POP: the look-back lists
	// the done and dropped ones too, and the manager's preparation note
	// every one with its status and last update.
	Previous []Goal
	// For is ForManager for the manager's preparation note.
	For string
}

// LookBack is a goal of the previous POP as the look-back lists it: its
// status and its newest update. Note is plan text; it goes into the new
// file only.
type LookBack struct {
	ID, Goal, Status string
	Updated          string // date of the newest update, "" when none
	Note             string // its note on one line
}

// LookBacks lists goals for the look-back, keeping those keep accepts.
func LookBacks(goals []Goal, keep func(Goal) bool) []LookBack {
	var out []LookBack
	for _, g := range goals {
		if !keep(g) {
			continue
		}
		lb := LookBack{ID: g.ID, Goal: oneLine(g.Goal), Status: g.Status}
		if lb.Status == "" {
			lb.Status = "planned"
		}
		if n := len(g.Updates); n > 0 {
			u := g.Updates[n-1]
			lb.Updated, lb.Note = u.Date.String(), oneLine(u.Note)
		}
		out = append(out, lb)
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TimingPassed reports whether a carried goal's timing ended before date,
// so that the new POP must agree a new one.
func TimingPassed(g Goal, date Date) bool {
	return !g.Timing.End.IsZero() && g.Timing.End.Before(date)
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
		"Closed":       LookBacks(s.Previous, func(g Goal) bool { return !g.Open() }),
		"Earlier":      LookBacks(s.Previous, func(Goal) bool { return true }),
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
	if s.For == ForManager {
		add(m, "for", str(ForManager))
	}
	add(m, "employee", str(s.Employee))
	if s.Kind == KindPOP || s.For == ForManager {
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
			{"follow_up", g.FollowUp.Raw}, {"evaluation", g.Evaluation}, {"org_goal", g.OrgGoal},
			{"budget", g.Budget}, {"status", g.Status},
		} {
			if kv[1] != "" {
				v := str(kv[1])
				if kv[0] == "timing" && TimingPassed(g, s.Date) {
					v.LineComment = "passed: agree a new timing"
				}
				add(gn, kv[0], v)
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
    evaluation: Korte evaluatie na 3 maanden   # how the follow-up happens
    org_goal: klantgericht   # optional: an id of org_goals in .pop.yaml
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
