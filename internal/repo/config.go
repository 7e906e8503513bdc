// Package repo is the POP repository: its configuration, the people
// registry, the signing keys and the POP files, read from the work tree or
// from a git revision.
package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/popdev/pop/internal/pop"
)

// ConfigFile is the name of the configuration file; its folder is the root.
const ConfigFile = ".pop.yaml"

// ErrNoConfig is returned by Find when no .pop.yaml is found.
var ErrNoConfig = errors.New("no " + ConfigFile + " found")

// Config is the content of .pop.yaml with defaults filled in.
type Config struct {
	Lang           string
	Dir            string // POP folder, slash-separated, relative to the root
	People         string
	AllowedSigners string
	OpenPGPKeys    string
	Templates      string
	Horizon        pop.Span
	Overdue        struct {
		UnsignedAfter     pop.Span
		ConversationEvery pop.Span
	}
	// Seal is true when POPs are to be sealed (SPEC §8); a .pop.yaml
	// without seal keeps them in clear. Readers are the ids who may read
	// every sealed POP, such as HR.
	Seal    bool
	Readers []string
	Verify  struct {
		AcceptSeen bool // a POP only "seen" by one side passes pop verify
	}
	// Rules maps a rule id to "error", "warning" or "off"; RulePos says
	// where each was set, for reporting unknown ids.
	Rules   map[string]string
	RulePos map[string]pop.Pos
	// OrgGoals are the organisation's goals a POP's goal may serve
	// (org_goal: ID), in the order of .pop.yaml.
	OrgGoals []OrgGoal
	// Budgets are the development budgets at hand, per year and
	// currency, in the order of .pop.yaml.
	Budgets []Budget
}

// OrgGoal is one goal of the organisation, as .pop.yaml's org_goals
// lists it.
type OrgGoal struct {
	ID, Title string
}

// Budget is the development budget at hand in one year and currency,
// written in .pop.yaml as budgets: {2027: [4000 EUR, 500 USD]}. Amount is
// the text as written; followup.ParseBudget reads it.
type Budget struct {
	Year   int
	Amount string
	Pos    pop.Pos
}

// OrgGoalIDs returns the ids of the organisation goals, in order.
func (c *Config) OrgGoalIDs() []string {
	ids := make([]string, len(c.OrgGoals))
	for i, g := range c.OrgGoals {
		ids[i] = g.ID
	}
	return ids
}

// DefaultConfig returns the configuration of an empty .pop.yaml.
func DefaultConfig() Config {
	c := Config{
		Lang:           "nl",
		Dir:            "pop",
		People:         ".pop/people.yaml",
		AllowedSigners: ".pop/allowed_signers",
		OpenPGPKeys:    ".pop/keys",
		Templates:      ".pop/templates",
		Horizon:        pop.Span{N: 12, Unit: 'm'},
		Rules:          map[string]string{},
		RulePos:        map[string]pop.Pos{},
	}
	c.Overdue.UnsignedAfter = pop.Span{N: 14, Unit: 'd'}
	c.Overdue.ConversationEvery = pop.Span{N: 12, Unit: 'm'}
	return c
}

// ConfigError is a problem in .pop.yaml or in the people registry that
// makes the file unusable, with its position.
type ConfigError struct {
	Path string
	Pos  pop.Pos
	Msg  string
	Hint string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("%s:%s: %s", e.Path, e.Pos, e.Msg)
}

var configKeys = []string{"lang", "dir", "people", "allowed_signers", "openpgp_keys", "templates", "horizon", "overdue", "verify", "rules", "seal", "readers", "org_goals", "budgets"}

// ParseConfig reads .pop.yaml strictly: unknown keys, repeated keys and
// bad values are errors, with a suggestion where one is close.
func ParseConfig(path string, data []byte) (Config, error) {
	c := DefaultConfig()
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return c, yamlError(path, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return c, nil
	}
	w := walker{path: path}
	w.mapping(root.Content[0], "", configKeys, func(key string, v *yaml.Node) {
		switch key {
		case "lang":
			c.Lang = w.scalar(v, key)
			if c.Lang != "nl" && c.Lang != "en" {
				w.fail(v, fmt.Sprintf("lang %q is not nl or en", c.Lang), "")
			}
		case "dir":
			c.Dir = w.relPath(v, key)
		case "people":
			c.People = w.relPath(v, key)
		case "allowed_signers":
			c.AllowedSigners = w.relPath(v, key)
		case "openpgp_keys":
			c.OpenPGPKeys = w.relPath(v, key)
		case "templates":
			c.Templates = w.relPath(v, key)
		case "horizon":
			c.Horizon = w.span(v, key)
		case "overdue":
			w.mapping(v, "overdue.", []string{"unsigned_after", "conversation_every"}, func(k string, v *yaml.Node) {
				switch k {
				case "unsigned_after":
					c.Overdue.UnsignedAfter = w.span(v, "overdue."+k)
				case "conversation_every":
					c.Overdue.ConversationEvery = w.span(v, "overdue."+k)
				}
			})
		case "verify":
			w.mapping(v, "verify.", []string{"accept_seen"}, func(k string, v *yaml.Node) {
				switch w.scalar(v, "verify."+k) {
				case "true":
					c.Verify.AcceptSeen = true
				case "false":
				default:
					w.fail(v, "verify.accept_seen must be true or false", "")
				}
			})
		case "seal":
			switch w.scalar(v, key) {
			case "true":
				c.Seal = true
			case "false":
			default:
				w.fail(v, "seal must be true or false", "")
			}
		case "readers":
			if v.Kind != yaml.SequenceNode {
				w.fail(v, "readers must be a list of person ids", "write for example readers: [hr-lies]")
				return
			}
			for _, r := range v.Content {
				c.Readers = append(c.Readers, w.scalar(r, "readers"))
			}
		case "rules":
			if v.Kind != yaml.MappingNode {
				w.fail(v, "rules must be a mapping of rule id: error|warning|off", "")
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, sv := v.Content[i], v.Content[i+1]
				sev := w.scalar(sv, "rules."+k.Value)
				if sev != "error" && sev != "warning" && sev != "off" {
					w.fail(sv, fmt.Sprintf("rules.%s: %q is not error, warning or off", k.Value, sev), "")
				}
				if _, dup := c.Rules[k.Value]; dup {
					w.fail(k, fmt.Sprintf("rules.%s is given twice (first at line %d)", k.Value, c.RulePos[k.Value].Line), "keep one of them")
				}
				c.Rules[k.Value] = sev
				c.RulePos[k.Value] = pop.Pos{Line: k.Line, Col: k.Column}
			}
		case "org_goals":
			c.OrgGoals = w.orgGoals(v)
		case "budgets":
			c.Budgets = w.budgets(v)
		}
	})
	if w.err != nil {
		return c, w.err
	}
	return c, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a YAML syntax error into a ConfigError at its line.
func yamlError(path string, err error) *ConfigError {
	msg, line := strings.TrimPrefix(err.Error(), "yaml: "), 1
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	return &ConfigError{Path: path, Pos: pop.Pos{Line: line, Col: 1}, Msg: "not valid YAML: " + msg}
}

// walker decodes YAML nodes strictly and keeps the first error.
type walker struct {
	path string
	err  *ConfigError
}

func (w *walker) fail(n *yaml.Node, msg, hint string) {
	if w.err == nil {
		w.err = &ConfigError{Path: w.path, Pos: pop.Pos{Line: n.Line, Col: n.Column}, Msg: msg, Hint: hint}
	}
}

// mapping walks a mapping with the one strict key walker (pop.KeyWalker),
// so .pop.yaml words unknown and repeated keys as POPs and the registry
// do.
func (w *walker) mapping(n *yaml.Node, prefix string, known []string, fn func(string, *yaml.Node)) {
	kw := pop.KeyWalker{
		Line: func(n *yaml.Node) int { return n.Line },
		Bad: func(_ pop.KeyIssue, at *yaml.Node, _, msg, hint string) {
			w.fail(at, msg, hint)
		},
	}
	kw.Mapping(n, prefix, known, func(key string, _, v *yaml.Node) { fn(key, v) })
}

func (w *walker) scalar(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode {
		w.fail(n, field+" must be a single value", "")
		return ""
	}
	return n.Value
}

func (w *walker) relPath(n *yaml.Node, field string) string {
	s := w.scalar(n, field)
	clean := filepath.ToSlash(filepath.Clean(s))
	if s == "" || filepath.IsAbs(s) || clean == ".." || strings.HasPrefix(clean, "../") {
		w.fail(n, fmt.Sprintf("%s %q must be a path inside the repository", field, s), "")
	}
	return clean
}

func (w *walker) span(n *yaml.Node, field string) pop.Span {
	s, err := pop.ParseSpan(w.scalar(n, field))
	if err != nil {
		w.fail(n, field+": "+err.Error(), "write for example 14d, 2w, 6m or 1y")
	}
	return s
}

// orgGoals reads org_goals: a list of {id, title}, each id a slug given once.
func (w *walker) orgGoals(n *yaml.Node) []OrgGoal {
	if n.Kind != yaml.SequenceNode {
		w.fail(n, "org_goals must be a list of {id, title}", "write org_goals: [{id: klantgericht, title: Klantgericht werken}]")
		return nil
	}
	var out []OrgGoal
	for i, item := range n.Content {
		prefix := fmt.Sprintf("org_goals[%d].", i)
		var g OrgGoal
		w.mapping(item, prefix, []string{"id", "title"}, func(k string, v *yaml.Node) {
			switch k {
			case "id":
				g.ID = w.scalar(v, prefix+k)
			case "title":
				g.Title = w.scalar(v, prefix+k)
			}
		})
		switch {
		case w.err != nil:
			return out
		case !IsSlug(g.ID):
			w.fail(item, fmt.Sprintf("%sid %q is not a slug", prefix, g.ID), "use lowercase letters, digits and hyphens, like klantgericht")
			return out
		}
		for _, o := range out {
			if o.ID == g.ID {
				w.fail(item, prefix+"id "+g.ID+" is given twice", "give each organisation goal its own id")
				return out
			}
		}
		out = append(out, g)
	}
	return out
}

// budgets reads budgets: a mapping of year to a list of amounts, one per
// currency, such as {2027: [4000 EUR, 500 USD]}. A single amount may be
// written without the list.
func (w *walker) budgets(n *yaml.Node) []Budget {
	if n.Kind != yaml.MappingNode {
		w.fail(n, "budgets must be a mapping of year: [amount currency, …]", "write budgets: {2027: [4000 EUR]}")
		return nil
	}
	var out []Budget
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		y, err := strconv.Atoi(k.Value)
		if k.Kind != yaml.ScalarNode || err != nil || y < 1000 || y > 9999 || len(k.Value) != 4 {
			w.fail(k, fmt.Sprintf("budgets: %q is not a year such as 2027", k.Value), "")
			return out
		}
		for _, b := range out {
			if b.Year == y {
				w.fail(k, fmt.Sprintf("budgets.%d is given twice", y), "list every currency of a year under one key")
				return out
			}
		}
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		for _, a := range items {
			s := w.scalar(a, fmt.Sprintf("budgets.%d", y))
			if w.err != nil {
				return out
			}
			out = append(out, Budget{Year: y, Amount: s, Pos: pop.Pos{Line: a.Line, Col: a.Column}})
		}
	}
	return out
}

// Find walks up from dir to the first folder holding .pop.yaml and returns
// that folder.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, ConfigFile)); err == nil {
			return d, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", ErrNoConfig
		}
		d = parent
	}
}
