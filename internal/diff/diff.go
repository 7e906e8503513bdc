// Package diff says what changed in the agreements of POPs between two
// revisions, goal by goal, for people reviewing a pull request: goals
// added or removed, fields changed, progress recorded, sections rewritten,
// and what became of the sign-offs.
package diff

import (
	"fmt"
	"strings"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/signoff"
)

// Status says whether a file was added, removed or modified.
type Status string

// The ways a file can change.
const (
	Added    Status = "added"
	Removed  Status = "removed"
	Modified Status = "modified"
)

// File is what changed in one POP.
type File struct {
	Path     string
	Status   Status
	Kind     string // pop or prep
	Employee string
	Fields   []pop.Change // top-level fields: manager, dates, agenda …
	Goals    []Goal       // only goals that changed
	Sections []string     // titles of body sections that changed
	Body     bool         // text outside any section changed
	// Unreadable names each version pop cannot read as a POP ("before:
	// …", "after: …", with the problem pop check reports): its fields
	// are then not compared, as an empty document would show every
	// field removed and hide what the change holds.
	Unreadable []string

	// Sign-off, filled in by the caller from signoff.Verify at both
	// revisions: sign-offs made between them, and the states.
	SignOffs    []signoff.SignOff
	StateBefore signoff.State // "" when the file did not exist
	StateAfter  signoff.State // "" when the file was removed
}

// Goal is what changed in one goal.
type Goal struct {
	ID      string
	Status  Status
	Text    string       // the goal, for added and removed goals
	Fields  []pop.Change // agreement fields and status, old → new
	Updates []pop.Update // progress updates added
}

// Agreement reports whether the agreement itself changed, as opposed to
// progress alone.
func (f *File) Agreement() bool {
	if f.Status != Modified || len(f.Fields) > 0 || len(f.Sections) > 0 || f.Body || len(f.Unreadable) > 0 {
		return true
	}
	for _, g := range f.Goals {
		if g.Status != Modified {
			return true
		}
		for _, c := range g.Fields {
			if !c.Progress {
				return true
			}
		}
	}
	return false
}

// Holds reports whether the sign-offs that existed before still count.
func (f *File) Holds() bool {
	switch f.StateAfter {
	case signoff.Changed, signoff.Invalid:
		return false
	}
	return true
}

// Compare describes the change from old to new; either may be nil for an
// added or removed file.
func Compare(path string, old, new *pop.Doc) File {
	f := File{Path: path, Status: Modified}
	switch {
	case old == nil:
		f.Status = Added
		old = &pop.Doc{}
	case new == nil:
		f.Status = Removed
		new = &pop.Doc{}
	}
	f.Kind, f.Employee = new.Kind, new.Employee
	if f.Status == Removed {
		f.Kind, f.Employee = old.Kind, old.Employee
	}
	for _, v := range []struct {
		name string
		d    *pop.Doc
	}{{"before", old}, {"after", new}} {
		if p, ok := refused(v.d); ok {
			f.Unreadable = append(f.Unreadable, fmt.Sprintf("%s: cannot be read: %s: %s [%s]", v.name, p.Pos, p.Message, p.Code))
		}
	}
	if len(f.Unreadable) > 0 {
		return f
	}
	goals := map[string]*Goal{}
	var order []string
	goal := func(id string) *Goal {
		if g, ok := goals[id]; ok {
			return g
		}
		g := &Goal{ID: id, Status: Modified}
		goals[id] = g
		order = append(order, id)
		return g
	}
	for _, c := range pop.Compare(old, new) {
		switch {
		case c.Goal != "" && !strings.Contains(c.Field, "]."):
			g := goal(c.Goal)
			_, inNew := new.Goal(c.Goal)
			_, inOld := old.Goal(c.Goal)
			if inNew || (!inOld && c.Old == "") {
				g.Status, g.Text = Added, c.New
			} else {
				g.Status, g.Text = Removed, c.Old
			}
		case c.Goal != "" && strings.HasSuffix(c.Field, ".updates"):
			g := goal(c.Goal)
			g.Updates = addedUpdates(old, new, c.Goal)
			if len(g.Updates) == 0 {
				// Updates were edited or removed rather than added.
				g.Fields = append(g.Fields, c)
			}
		case c.Goal != "":
			g := goal(c.Goal)
			g.Fields = append(g.Fields, c)
		case strings.HasPrefix(c.Field, "section["):
			f.Sections = append(f.Sections, strings.TrimSuffix(strings.TrimPrefix(c.Field, "section["), "]"))
		case c.Field == "body":
			f.Body = true
		default:
			f.Fields = append(f.Fields, c)
		}
	}
	for _, id := range order {
		f.Goals = append(f.Goals, *goals[id])
	}
	if f.Status != Modified {
		// For a whole file added or removed, the goals tell the story;
		// field-by-field lines would only repeat the file.
		f.Fields, f.Sections, f.Body = nil, nil, false
	}
	return f
}

// addedUpdates returns the updates of goal id in new that extend old's
// list, or nil when the old list is not a prefix of the new one.
func addedUpdates(old, new *pop.Doc, id string) []pop.Update {
	og, _ := old.Goal(id)
	ng, _ := new.Goal(id)
	if len(ng.Updates) <= len(og.Updates) {
		return nil
	}
	for i, u := range og.Updates {
		if u != ng.Updates[i] {
			return nil
		}
	}
	return ng.Updates[len(og.Updates):]
}

// refused returns the problem for which Parse did not read d's front
// matter at all (a control character, invalid UTF-8, too large, no
// front matter), and whether there is one. Its message names the rule
// and the position, never the file's text.
func refused(d *pop.Doc) (pop.Problem, bool) {
	if d.HasFrontMatter || len(d.Problems) == 0 {
		return pop.Problem{}, false
	}
	return d.Problems[0], true
}
