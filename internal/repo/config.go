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

	"gopkg.in/yaml.v3"

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
	Verify struct {
		AcceptSeen bool // a POP only "seen" by one side passes pop verify
	}
	// Rules maps a rule id to "error", "warning" or "off"; RulePos says
	// where each was set, for reporting unknown ids.
	Rules   map[string]string
	RulePos map[string]pop.Pos
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

var configKeys = []string{"lang", "dir", "people", "allowed_signers", "openpgp_keys", "templates", "horizon", "overdue", "verify", "rules"}

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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
