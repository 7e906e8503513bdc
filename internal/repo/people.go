package repo

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/suggest"
)

// Person is an entry of the people registry.
type Person struct {
	ID    string
	Name  string
	Email string
	// Manager is the newest entry of Managers: the manager now, unless a
	// change is dated in the future.
	Manager string
	Age     string // age1… recipient to seal to, optional (SPEC §8)
	// Managers is the reporting line over time, oldest first; "manager:
	// ID" is one entry without a date.
	Managers []ManagerSpan
	Left     pop.Date // the day the person left the team; zero while in it
	Pos      pop.Pos  // where the entry starts in the registry
}

// ManagerSpan says who a person reports to from a day on.
type ManagerSpan struct {
	ID   string
	From pop.Date // zero: since before anything the registry records
}

// ManagerOn returns the person's manager on day, or "" when the
// registry names none for that day.
func (p Person) ManagerOn(day pop.Date) string {
	m := ""
	for _, s := range p.Managers {
		if s.From.IsZero() || !s.From.After(day) {
			m = s.ID
		}
	}
	return m
}

// HasLeft reports whether the person is out of the team on day.
func (p Person) HasLeft(day pop.Date) bool { return !p.Left.IsZero() && !day.Before(p.Left) }

// ManagerOn returns the manager of person id on day according to the
// registry, or "" when the person is unknown or has none then. Check and
// verify judge a POP's manager by it, so a change of manager keeps the
// older POPs valid.
func (p *People) ManagerOn(id string, day pop.Date) string {
	per, ok := p.Get(id)
	if !ok {
		return ""
	}
	return per.ManagerOn(day)
}

// People is the people registry, .pop/people.yaml.
type People struct {
	Path string
	List []Person
	byID map[string]int
}

// Problem codes for the people registry, shared with pop check's rules.
const (
	CodePeopleYAML     = "people-yaml"
	CodePersonField    = "person-field"
	CodePersonID       = "person-id"
	CodePersonDup      = "person-duplicate"
	CodePersonEmail    = "person-email"
	CodePersonManager  = "person-unknown-manager"
	CodePersonEmailDup = "person-email-duplicate"
	CodePersonManagers = "person-managers"
)

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// IsSlug reports whether s is a valid person or goal id: lowercase letters,
// digits and single hyphens.
func IsSlug(s string) bool { return len(s) <= 64 && slugRE.MatchString(s) }

// ValidEmail reports whether s is a bare email address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// ParsePeople reads the registry. Problems in individual entries are
// returned with positions; the registry holds every entry that has an id.
// A registry that is not a YAML list is an error.
func ParsePeople(path string, data []byte) (*People, []pop.Problem, error) {
	p := &People{Path: path, byID: map[string]int{}}
	root, err := pop.UnmarshalYAML(data)
	if err != nil {
		return nil, nil, yamlError(path, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return p, nil, nil
	}
	seq := root.Content[0]
	if seq.Kind != yaml.SequenceNode {
		return nil, nil, &ConfigError{Path: path, Pos: pop.Pos{Line: seq.Line, Col: seq.Column}, Msg: "the registry must be a list of people"}
	}
	var probs []pop.Problem
	add := func(code string, n *yaml.Node, msg, hint string) {
		probs = append(probs, pop.Problem{Code: code, Pos: pop.Pos{Line: n.Line, Col: n.Column}, Message: msg, Hint: hint})
	}
	keys := []string{"id", "name", "email", "manager", "managers", "left", "age"}
	managers := map[int][]managerRef{}
	emails := map[string]string{}
	for _, item := range seq.Content {
		if item.Kind != yaml.MappingNode {
			add(CodePeopleYAML, item, "each person must be a mapping with id, name, email and manager", "")
			continue
		}
		var per Person
		per.Pos = pop.Pos{Line: item.Line, Col: item.Column}
		nodes := map[string]*yaml.Node{}
		kw := pop.KeyWalker{
			Line: func(n *yaml.Node) int { return n.Line },
			Bad: func(_ pop.KeyIssue, at *yaml.Node, _, msg, hint string) {
				add(CodePersonField, at, msg, hint)
			},
		}
		kw.Mapping(item, "", keys, func(key string, _, v *yaml.Node) {
			if key == "managers" {
				nodes[key] = v
				if mn := parseManagers(v, &per, add); len(mn) > 0 {
					managers[len(p.List)] = mn
				}
				return
			}
			if v.Kind != yaml.ScalarNode {
				add(CodePersonField, v, key+" must be a single value", "")
				return
			}
			nodes[key] = v
			switch key {
			case "id":
				per.ID = v.Value
			case "name":
				per.Name = v.Value
			case "email":
				per.Email = v.Value
			case "manager":
				per.Manager = v.Value
			case "age":
				per.Age = v.Value
			case "left":
				d, err := pop.ParseDate(v.Value)
				if err != nil {
					add(CodePersonField, v, "left must be a date (YYYY-MM-DD)", "")
				}
				per.Left = d
			}
		})
		switch {
		case per.ID == "":
			add(CodePersonField, item, "person without id", "")
			continue
		case !IsSlug(per.ID):
			add(CodePersonID, nodes["id"], fmt.Sprintf("id %q is not a slug", per.ID), "use lowercase letters, digits and hyphens, like jan-peeters")
		}
		if _, dup := p.byID[per.ID]; dup {
			add(CodePersonDup, nodes["id"], "id "+per.ID+" is given twice", "")
			continue
		}
		if per.Name == "" {
			add(CodePersonField, item, "person "+per.ID+" has no name", "")
		} else if hasControl(per.Name) {
			// A name is text for people, shown on terminals, in pages and
			// calendars, and written into new POPs: no escape, bell or
			// line break in it (SPEC §11).
			add(CodePersonField, nodes["name"], "name of "+per.ID+" holds a control character", "write the name as plain text")
		}
		if n := nodes["email"]; n == nil {
			add(CodePersonField, item, "person "+per.ID+" has no email", "sign-off needs an email to know who signs")
		} else if !ValidEmail(per.Email) {
			add(CodePersonEmail, n, fmt.Sprintf("email of %s is not a valid address", per.ID), "")
		} else if other, dup := emails[strings.ToLower(per.Email)]; dup {
			add(CodePersonEmailDup, n, fmt.Sprintf("%s has the same email as %s", per.ID, other), "sign-off finds people by email, so each needs their own")
		} else {
			emails[strings.ToLower(per.Email)] = per.ID
		}
		if n := nodes["manager"]; n != nil && per.Manager != "" {
			if nodes["managers"] != nil {
				add(CodePersonManagers, n, "person "+per.ID+" has both manager and managers", "keep managers, the reporting line over time")
			} else {
				per.Managers = []ManagerSpan{{ID: per.Manager}}
				managers[len(p.List)] = []managerRef{{per.Manager, n}}
			}
		}
		if len(per.Managers) > 0 {
			per.Manager = per.Managers[len(per.Managers)-1].ID
		}
		p.byID[per.ID] = len(p.List)
		p.List = append(p.List, per)
	}
	for i := range p.List { // in registry order, so problems come sorted
		for _, ref := range managers[i] {
			switch _, ok := p.byID[ref.id]; {
			case !ok:
				add(CodePersonManager, ref.node, fmt.Sprintf("manager %s of %s is not in the registry", ref.id, p.List[i].ID), p.hint(ref.id))
			case ref.id == p.List[i].ID:
				add(CodePersonManagers, ref.node, p.List[i].ID+" cannot be their own manager", "")
			}
		}
	}
	return p, probs, nil
}

// managerRef is a manager id in the registry and where it stands.
type managerRef struct {
	id   string
	node *yaml.Node
}

// parseManagers reads a managers list, [{id, from}], oldest first, into
// per.Managers and returns the ids read with their positions.
func parseManagers(v *yaml.Node, per *Person, add func(code string, n *yaml.Node, msg, hint string)) []managerRef {
	if v.Kind != yaml.SequenceNode {
		add(CodePersonManagers, v, "managers must be a list of {id, from}", "")
		return nil
	}
	var refs []managerRef
	for j, e := range v.Content {
		if e.Kind != yaml.MappingNode {
			add(CodePersonManagers, e, "each entry of managers must be {id, from}", "")
			continue
		}
		var span ManagerSpan
		var idNode *yaml.Node
		for i := 0; i+1 < len(e.Content); i += 2 {
			k, val := e.Content[i], e.Content[i+1]
			if val.Kind != yaml.ScalarNode {
				add(CodePersonManagers, val, "managers."+k.Value+" must be a single value", "")
				continue
			}
			switch k.Value {
			case "id":
				span.ID, idNode = val.Value, val
			case "from":
				d, err := pop.ParseDate(val.Value)
				if err != nil {
					add(CodePersonManagers, val, "from must be a date (YYYY-MM-DD)", "")
					continue
				}
				span.From = d
			default:
				hint := ""
				if s := suggest.Closest(k.Value, []string{"id", "from"}); s != "" {
					hint = "did you mean " + s + "?"
				}
				add(CodePersonManagers, k, "unknown field "+k.Value+" in managers", hint)
			}
		}
		if idNode == nil {
			add(CodePersonManagers, e, "an entry of managers has no id", "")
			continue
		}
		if j > 0 && span.From.IsZero() {
			add(CodePersonManagers, e, "only the first entry of managers may leave out from", "give the day the change took effect")
		}
		if n := len(per.Managers); n > 0 && !span.From.IsZero() && !per.Managers[n-1].From.Before(span.From) {
			add(CodePersonManagers, e, "managers must be in order of from, oldest first", "")
		}
		per.Managers = append(per.Managers, span)
		refs = append(refs, managerRef{span.ID, idNode})
	}
	return refs
}

// Get returns the person with the given id.
func (p *People) Get(id string) (Person, bool) {
	i, ok := p.byID[id]
	if !ok {
		return Person{}, false
	}
	return p.List[i], true
}

// ByEmail returns the person with the given email, compared case-insensitively.
func (p *People) ByEmail(email string) (Person, bool) {
	for _, per := range p.List {
		if strings.EqualFold(per.Email, email) {
			return per, true
		}
	}
	return Person{}, false
}

// IDs returns all ids in registry order.
func (p *People) IDs() []string {
	ids := make([]string, len(p.List))
	for i, per := range p.List {
		ids[i] = per.ID
	}
	return ids
}

// hint suggests a known id close to id, or says how to add one.
func (p *People) hint(id string) string {
	if s := suggest.Closest(id, p.IDs()); s != "" {
		return "did you mean " + s + "?"
	}
	return "add them with pop person add"
}

// Hint is the "did you mean" hint for an unknown person id.
func (p *People) Hint(id string) string { return p.hint(id) }

// AppendPerson returns the registry data with per added at the end,
// keeping the comments and layout of what is there.
func AppendPerson(data []byte, per Person) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	entry := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k, v string) {
		entry.Content = append(entry.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: k},
			&yaml.Node{Kind: yaml.ScalarNode, Value: v})
	}
	add("id", per.ID)
	add("name", per.Name)
	add("email", per.Email)
	if per.Manager != "" {
		add("manager", per.Manager)
	}
	if per.Age != "" {
		add("age", per.Age)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{entry}}
		root = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{seq}, HeadComment: root.HeadComment}
		if root.HeadComment == "" {
			// Keep a header comment written before the list existed.
			root.HeadComment = leadingComment(data)
		}
	} else {
		seq := root.Content[0]
		if seq.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("the registry must be a list of people")
		}
		seq.Style = 0
		seq.Content = append(seq.Content, entry)
	}
	out, err := yaml.Marshal(&root)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func leadingComment(data []byte) string {
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			lines = append(lines, t)
		}
	}
	return strings.Join(lines, "\n")
}

// hasControl reports whether s holds a C0 or C1 control character or DEL.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return true
		}
	}
	return false
}
