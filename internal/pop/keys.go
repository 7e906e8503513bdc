package pop

import (
	"strconv"
	"strings"

	"github.com/popdev/pop/internal/suggest"
	"go.yaml.in/yaml/v3"
)

// KeyIssue is what the strict key walker found wrong with a key.
type KeyIssue int

// The issues KeyWalker reports.
const (
	KeyUnknown  KeyIssue = iota // not one of the known keys
	KeyRepeated                 // given twice in one mapping
	KeyNotPlain                 // a list, mapping or alias as a key
	KeyMerge                    // the YAML merge key <<
	KeyAlias                    // an alias as a key or value
	KeyNotMap                   // the node is not a mapping
)

// KeyWalker is the one strict YAML key walker for every file pop reads:
// POPs, .pop.yaml and the people registry word unknown and repeated keys
// the same way. An unknown key may be plan text (a note after a comma in
// a flow mapping), so it is never quoted: the finding is at its position
// and names the mapping it is in; the hint names the known key it is
// closest to.
type KeyWalker struct {
	// Line returns the line of a node in the file, for "first at line".
	Line func(*yaml.Node) int
	// Bad is called for each problem, with the node it is at, the field
	// it concerns (never an unknown key's text) and the wording.
	Bad func(issue KeyIssue, at *yaml.Node, field, msg, hint string)
	// SkipAliases leaves aliases to the caller, who reports them once
	// wherever they are.
	SkipAliases bool
}

// Mapping walks the mapping n, whose fields are named prefix+key, and
// calls fn for each known key that is given once, in order.
func (w KeyWalker) Mapping(n *yaml.Node, prefix string, known []string, fn func(key string, k, v *yaml.Node)) {
	where := strings.TrimSuffix(prefix, ".")
	if n.Kind != yaml.MappingNode {
		msg := "must be a mapping of key: value"
		if where != "" {
			msg = where + " " + msg
		}
		w.Bad(KeyNotMap, n, where, msg, "")
		return
	}
	var seenBuf [16]*yaml.Node // a mapping has a dozen keys at most
	seen := seenBuf[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.AliasNode || v.Kind == yaml.AliasNode:
			if !w.SkipAliases {
				w.Bad(KeyAlias, k, where, "YAML aliases are not supported", "write the value out")
			}
			continue
		case k.Kind == yaml.ScalarNode && k.Value == "<<":
			w.Bad(KeyMerge, k, where, "YAML merge keys are not supported", "write the fields out")
			continue
		case k.Kind != yaml.ScalarNode:
			w.Bad(KeyNotPlain, k, where, "a key must be a plain name", "")
			continue
		}
		key := k.Value
		if !contains(known, key) {
			msg := "unknown key"
			if where != "" {
				msg += " in " + where
			}
			var hint string
			switch s := suggest.Closest(key, known); {
			case n.Style&yaml.FlowStyle != 0 && isNull(v):
				// {date: 2027-02-03, note: done, now practising} reads
				// "now practising" as a key of its own.
				hint = "a comma inside {…} starts a new key; put text with commas in quotes"
			case s != "":
				hint = "did you mean " + prefix + s + "?"
			default:
				hint = "known keys: " + strings.Join(known, ", ")
			}
			w.Bad(KeyUnknown, k, where, msg, hint)
			continue
		}
		if f := firstKey(seen, key); f != nil {
			w.Bad(KeyRepeated, k, prefix+key, prefix+key+" is given twice (first at line "+strconv.Itoa(w.Line(f))+")", "keep one of them")
			continue
		}
		seen = append(seen, k)
		fn(key, k, v)
	}
}

func firstKey(seen []*yaml.Node, key string) *yaml.Node {
	for _, k := range seen {
		if k.Value == key {
			return k
		}
	}
	return nil
}
