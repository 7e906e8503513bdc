package pop

import (
	"bytes"

	"strconv"
	"strings"
)

// Change is one difference between two versions of a document.
type Change struct {
	// Field names what changed: a top-level field ("manager"), a goal
	// ("goals[conflicten]"), a goal's field ("goals[conflicten].timing"),
	// or a body section ("section[Terugblik]", "body" for text outside
	// any section).
	Field    string
	Goal     string // goal id, for goal changes
	Old, New string // "" when added or removed
	Progress bool   // a progress field: status or updates
}

// Compare lists what differs between old and new: top-level fields, goals
// matched by id, and body sections matched by title. A Change with
// Progress set does not touch the agreement.
func Compare(old, new *Doc) []Change {
	var out []Change
	of, nf := old.topFields(), new.topFields()
	for _, k := range TopKeys {
		if k == "goals" {
			continue
		}
		if of[k] != nf[k] {
			out = append(out, Change{Field: k, Old: of[k], New: nf[k]})
		}
	}
	out = append(out, compareGoals(old.Goals, new.Goals)...)
	out = append(out, compareSections(old, new)...)
	return out
}

// AgreementChanged reports whether any change is to the agreement, as
// opposed to progress alone.
func AgreementChanged(changes []Change) bool {
	for _, c := range changes {
		if !c.Progress {
			return true
		}
	}
	return false
}

func (d *Doc) topFields() map[string]string {
	version := ""
	if d.Version != 0 {
		version = strconv.Itoa(d.Version)
	}
	return map[string]string{
		"pop":               version,
		"kind":              d.Kind,
		"employee":          d.Employee,
		"manager":           d.Manager,
		"date":              d.Date.String(),
		"companion":         d.Companion,
		"agenda":            strings.Join(d.Agenda, "; "),
		"next_conversation": d.NextConversation.String(),
	}
}

// Fields returns the goal's fields as text, keyed by front matter name.
// Absent fields are "".
func (g Goal) Fields() map[string]string {
	var ups []string
	for _, u := range g.Updates {
		ups = append(ups, u.Date.String()+": "+u.Note)
	}
	return map[string]string{
		"id":         g.ID,
		"goal":       g.Goal,
		"measure":    g.Measure,
		"action":     g.Action,
		"timing":     g.Timing.Raw,
		"support":    g.Support,
		"guide":      g.Guide,
		"follow_up":  g.FollowUp.Raw,
		"evaluation": g.Evaluation,
		"org_goal":   g.OrgGoal,
		"budget":     g.Budget,
		"status":     g.Status,
		"updates":    strings.Join(ups, "\n"),
	}
}

// goalKey identifies a goal across versions: its id, or its place when it
// has none.
func goalKey(g Goal, i int) string {
	if g.ID != "" {
		return g.ID
	}
	return "#" + strconv.Itoa(i+1)
}

func compareGoals(old, new []Goal) []Change {
	oldBy := map[string]Goal{}
	var order []string
	for i, g := range old {
		k := goalKey(g, i)
		if _, dup := oldBy[k]; !dup {
			order = append(order, k)
		}
		oldBy[k] = g
	}
	newBy := map[string]Goal{}
	for i, g := range new {
		k := goalKey(g, i)
		if _, seen := oldBy[k]; !seen {
			if _, dup := newBy[k]; !dup {
				order = append(order, k)
			}
		}
		newBy[k] = g
	}
	var out []Change
	for _, k := range order {
		og, inOld := oldBy[k]
		ng, inNew := newBy[k]
		field := "goals[" + k + "]"
		switch {
		case !inNew:
			out = append(out, Change{Field: field, Goal: k, Old: og.Goal})
		case !inOld:
			out = append(out, Change{Field: field, Goal: k, New: ng.Goal})
		default:
			of, nf := og.Fields(), ng.Fields()
			for _, key := range GoalKeys {
				if of[key] != nf[key] {
					out = append(out, Change{Field: field + "." + key, Goal: k, Old: of[key], New: nf[key], Progress: IsProgressKey(key)})
				}
			}
		}
	}
	return out
}

func compareSections(old, new *Doc) []Change {
	index := func(d *Doc) (map[string][]byte, []string) {
		m := map[string][]byte{}
		var order []string
		for _, s := range d.Sections {
			k := NormalTitle(s.Title)
			if _, dup := m[k]; !dup {
				order = append(order, k)
			}
			m[k] = append(m[k], s.Text...)
		}
		return m, order
	}
	om, oorder := index(old)
	nm, norder := index(new)
	title := map[string]string{}
	for _, s := range old.Sections {
		title[NormalTitle(s.Title)] = s.Title
	}
	for _, s := range new.Sections {
		title[NormalTitle(s.Title)] = s.Title
	}
	keys := append([]string{}, oorder...)
	for _, k := range norder {
		if _, ok := om[k]; !ok {
			keys = append(keys, k)
		}
	}
	var out []Change
	changed := false
	for _, k := range keys {
		o, inOld := om[k]
		n, inNew := nm[k]
		if inOld && inNew && bytes.Equal(o, n) {
			continue
		}
		changed = true
		out = append(out, Change{Field: "section[" + title[k] + "]", Old: string(o), New: string(n)})
	}
	if !changed && !bytes.Equal(old.Body, new.Body) {
		out = append(out, Change{Field: "body", Old: string(old.Body), New: string(new.Body)})
	}
	return out
}
