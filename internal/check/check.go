// Package check holds pop check's rules: it turns a parsed POP, the people
// registry and the configuration into findings, each with a stable rule
// id, a severity and a position in the file. Run checks a whole
// repository in parallel; File checks one file's bytes, for commands such
// as pop sign that must refuse a file with errors.
package check

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/suggest"
)

// Finding is one problem in one file. Messages name fields, keys and
// rules, never the text of someone's plan.
type Finding struct {
	Path     string // slash-separated, relative to the repository root
	Pos      pop.Pos
	Rule     string
	Severity Severity
	Field    string // field path such as goals[1].timing, if any
	Message  string
	Hint     string
}

// HasErrors reports whether any finding has severity error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// File checks one file as pop check does: rel is its root-relative
// slash path, data its bytes. people may be nil when the registry could
// not be read; the rules that need it are then skipped. Severities follow
// r's configuration, and rules set to off report nothing.
func File(r *repo.Repo, people *repo.People, rel string, data []byte) []Finding {
	return Doc(r, people, pop.Parse(rel, data))
}

// Doc is File for a document the caller has parsed already, so that pop
// sign reads the file once.
func Doc(r *repo.Repo, people *repo.People, doc *pop.Doc) []Finding {
	c := checker{cfg: &r.Config, people: people, rel: doc.Path}
	c.doc(doc)
	return c.out
}

// checker collects the findings of one file.
type checker struct {
	cfg    *repo.Config
	people *repo.People
	rel    string
	out    []Finding
}

// add records a finding, with the severity the configuration gives it.
func (c *checker) add(rule string, p pop.Pos, field, msg, hint string) {
	if sev := severity(c.cfg, rule); sev != Off {
		c.out = append(c.out, Finding{Path: c.rel, Pos: p, Rule: rule, Severity: sev, Field: field, Message: msg, Hint: hint})
	}
}

// severity returns a rule's severity under cfg.
func severity(cfg *repo.Config, rule string) Severity {
	if s, ok := cfg.Rules[rule]; ok {
		return Severity(s)
	}
	if r, ok := Lookup(rule); ok {
		return r.Severity
	}
	return Error // a problem code without a rule is still a problem
}

func (c *checker) doc(d *pop.Doc) {
	syntax, deep := false, false
	for _, p := range d.Problems {
		c.add(p.Code, p.Pos, p.Field, p.Message, p.Hint)
		syntax = syntax || p.Code == pop.CodeYAMLSyntax
		deep = deep || p.Code == pop.CodeTooDeep
	}
	if !d.HasFrontMatter {
		return
	}
	kind := pop.KindPOP
	if d.Kind == pop.KindPrep {
		kind = pop.KindPrep
	}
	if !syntax {
		c.fields(d, kind)
		c.goals(d, kind)
	}
	if !deep {
		c.sections(d, kind)
	}
}

// reported says whether the parser already reported a problem with field.
func reported(d *pop.Doc, field string) bool {
	for _, p := range d.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// missing reports a required field that is absent or empty: an absent
// field at the closing --- of the front matter, where it would be added;
// an empty one at its key.
func (c *checker) missing(d *pop.Doc, field, empty string) bool {
	if !d.Has(field) {
		c.add(RuleFieldMissing, pop.Pos{Line: d.FrontMatterEnd, Col: 1}, field, field+" is missing", "add "+field+": "+empty)
		return true
	}
	return false
}

func (c *checker) fields(d *pop.Doc, kind string) {
	type req struct{ field, value, example string }
	reqs := []req{
		{"pop", itoa(d.Version), "1"},
		{"kind", d.Kind, "pop"},
		{"employee", d.Employee, "jan-peeters"},
		{"manager", d.Manager, "an-janssens"},
		{"date", dateString(d.Date), "2026-11-20"},
	}
	if kind == pop.KindPrep {
		reqs = append(reqs[:3], reqs[4])
	}
	for _, r := range reqs {
		if c.missing(d, r.field, r.example) || r.value != "" || reported(d, r.field) {
			continue
		}
		p, _ := d.KeyPos(r.field)
		c.add(RuleFieldMissing, p, r.field, r.field+" is empty", "write "+r.field+": "+r.example)
	}
	if d.Kind != "" && d.Kind != pop.KindPOP && d.Kind != pop.KindPrep {
		p, _ := d.ValuePos("kind")
		c.add(RuleKindUnknown, p, "kind", fmt.Sprintf("kind %q is not pop or prep", d.Kind), "write kind: pop or kind: prep")
	}
	if c.people != nil {
		for _, f := range []struct{ field, id, rule string }{
			{"employee", d.Employee, RuleEmployeeUnknown},
			{"manager", d.Manager, RuleManagerUnknown},
		} {
			if f.id == "" {
				continue
			}
			if _, ok := c.people.Get(f.id); !ok {
				p, _ := d.ValuePos(f.field)
				c.add(f.rule, p, f.field, fmt.Sprintf("%s %s is not in the registry %s", f.field, f.id, c.people.Path), c.people.Hint(f.id))
			}
		}
	}
	c.selfApproval(d, kind)
	c.path(d)

	switch {
	case d.Has("next_conversation") && !d.NextConversation.IsZero():
		if !d.Date.IsZero() && !d.NextConversation.After(d.Date) {
			p, _ := d.ValuePos("next_conversation")
			c.add(RuleNextNotAfter, p, "next_conversation", fmt.Sprintf("next_conversation %s is not after date %s", d.NextConversation, d.Date), "set a day after "+d.Date.String())
		}
	case kind == pop.KindPrep || reported(d, "next_conversation"):
	case d.Has("next_conversation"):
		p, _ := d.KeyPos("next_conversation")
		c.add(RuleNextMissing, p, "next_conversation", "next_conversation is empty", "agree when you talk again: next_conversation: YYYY-MM-DD")
	default:
		c.add(RuleNextMissing, pop.Pos{Line: d.FrontMatterEnd, Col: 1}, "next_conversation", "next_conversation is missing", "agree when you talk again: next_conversation: YYYY-MM-DD")
	}
}

// selfApproval reports a POP whose manager is its employee, by id or,
// when the registry knows both, by email: sign-off identifies people by
// email. The finding names the fields, never the person.
func (c *checker) selfApproval(d *pop.Doc, kind string) {
	if kind != pop.KindPOP || d.Employee == "" || d.Manager == "" {
		return
	}
	same := d.Employee == d.Manager
	if !same && c.people != nil {
		e, eok := c.people.Get(d.Employee)
		m, mok := c.people.Get(d.Manager)
		same = eok && mok && e.Email != "" && strings.EqualFold(e.Email, m.Email)
	}
	if same {
		p, _ := d.ValuePos("manager")
		c.add(RuleSelfApproval, p, "manager", "manager is the employee (the same person or email)", "name the employee's manager in manager")
	}
}

// path reports a file whose path does not say whose POP it is, of when,
// and of which kind.
func (c *checker) path(d *pop.Doc) {
	if d.Employee == "" || d.Date.IsZero() || !repo.IsSlug(d.Employee) {
		return
	}
	name := d.Date.String()
	if d.Kind == pop.KindPrep {
		name += "-prep"
	}
	want := path.Join(c.cfg.Dir, d.Employee, name+".md")
	if c.rel == want {
		return
	}
	got := repo.ParseFilePath(c.cfg.Dir, c.rel)
	p, field := pop.Pos{Line: 1, Col: 1}, ""
	switch {
	case got.Kind == "":
	case got.Person != d.Employee:
		field = "employee"
	case !got.Date.Equal(d.Date):
		field = "date"
	default:
		field = "kind"
	}
	if field != "" {
		p, _ = d.ValuePos(field)
	}
	c.add(RulePathMismatch, p, field, "path does not match employee, date and kind: expected "+want, "move the file to "+want)
}

func (c *checker) goals(d *pop.Doc, kind string) {
	ids := map[string]int{}
	horizon := c.cfg.Horizon.After(d.Date)
	for i, g := range d.Goals {
		gf := func(name string) string { return pop.GoalField(i, name) }
		at, ok := d.KeyPos(gf(""))
		if !ok {
			continue // not a mapping: the parser said so
		}
		switch {
		case g.ID == "" && !reported(d, gf("id")):
			c.add(RuleGoalIDMissing, at, gf("id"), gf("")+" has no id", "add id: a short slug such as conflicten")
		case g.ID == "":
		case !repo.IsSlug(g.ID):
			p, _ := d.ValuePos(gf("id"))
			c.add(RuleGoalIDMalformed, p, gf("id"), gf("id")+" is not a slug", "use lowercase letters, digits and hyphens, like conflicten")
		}
		if g.ID != "" {
			if j, dup := ids[g.ID]; dup {
				p, _ := d.ValuePos(gf("id"))
				first, _ := d.ValuePos(pop.GoalField(j, "id"))
				c.add(RuleGoalIDDuplicate, p, gf("id"), fmt.Sprintf("goal id %s is also used by goals[%d] (line %d)", g.ID, j, first.Line), "give each goal its own id")
			} else {
				ids[g.ID] = i
			}
		}
		need := func(rule, name, what string, have bool, hint string) {
			if !have && !reported(d, gf(name)) {
				c.add(rule, at, gf(name), fmt.Sprintf("%s does not say %s (%s)", gf(""), what, name), hint)
			}
		}
		need(RuleGoalMissingGoal, "goal", "what", g.Goal != "", "add goal: what the employee wants to reach")
		c.value(d, gf("measure"), g.Measure, pop.Measures, RuleMeasureUnknown)
		c.value(d, gf("status"), g.Status, pop.Statuses, RuleStatusUnknown)
		if kind != pop.KindPOP {
			continue // a preparation note's goals are drafts: id and goal suffice
		}
		need(RuleGoalMissingAction, "action", "how", g.Action != "", "add action: the training, course, coaching or other step")
		need(RuleGoalMissingTiming, "timing", "when", g.Timing.Raw != "", "add timing: 2027-Q1, 2027-03, 2027-03-31 or ongoing")
		if g.Support == "" && g.Guide == "" && !reported(d, gf("support")) && !reported(d, gf("guide")) {
			c.add(RuleGoalMissingSupport, at, gf("support"), gf("")+" does not say with whom (support or guide)", "add support: what is needed, or guide: who supports")
		}
		need(RuleGoalMissingMeasure, "measure", "which kind of measure", g.Measure != "", "add measure: "+strings.Join(pop.Measures, ", "))
		need(RuleGoalMissingFollowUp, "follow_up", "when progress is followed up", g.FollowUp.Raw != "", "add follow_up: a date, +3m or next")
		if end := g.Timing.End; !end.IsZero() && !d.Date.IsZero() {
			p, _ := d.ValuePos(gf("timing"))
			switch {
			case end.Before(d.Date):
				c.add(RuleTimingOutOfRange, p, gf("timing"), fmt.Sprintf("%s ends %s, before the POP's date %s", gf("timing"), end, d.Date), "agree a new timing after "+d.Date.String())
			case end.After(horizon):
				c.add(RuleTimingOutOfRange, p, gf("timing"), fmt.Sprintf("%s ends %s, beyond the horizon of %s after date (%s)", gf("timing"), end, c.cfg.Horizon, horizon), "plan within "+c.cfg.Horizon.String()+", or split the goal")
			}
		}
		if g.FollowUp.Kind == pop.FollowUpDate && !d.Date.IsZero() && g.FollowUp.Date.Before(d.Date) {
			p, _ := d.ValuePos(gf("follow_up"))
			c.add(RuleFollowUpBeforeDate, p, gf("follow_up"), fmt.Sprintf("%s %s is before the POP's date %s", gf("follow_up"), g.FollowUp.Date, d.Date), "follow up on or after "+d.Date.String())
		}
	}
}

// value reports a field whose value is not one of allowed.
func (c *checker) value(d *pop.Doc, field, v string, allowed []string, rule string) {
	if v == "" {
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	hint := "allowed: " + strings.Join(allowed, ", ")
	if s := suggest.Closest(v, allowed); s != "" {
		hint = "did you mean " + s + "? " + hint
	}
	p, _ := d.ValuePos(field)
	c.add(rule, p, field, fmt.Sprintf("%s %q is not allowed", field, v), hint)
}

func (c *checker) sections(d *pop.Doc, kind string) {
	want := pop.Sections(kind)
	lang := d.Lang()
	heading := func(i int) string { return fmt.Sprintf("## %d. %s", i+1, want[i].Title(lang)) }
	name := func(i int) string { return fmt.Sprintf("section %d (%s)", i+1, want[i].Title(lang)) }
	first := make([]pop.Pos, len(want))
	last := -1
	for _, s := range d.Sections {
		i, _ := pop.MatchSection(kind, s.Title)
		if i < 0 {
			continue // a section of the team's own is welcome
		}
		if first[i].Line != 0 {
			c.add(RuleSectionDuplicate, s.Pos, "", fmt.Sprintf("%s appears twice (first at line %d)", name(i), first[i].Line), "merge the two")
			continue
		}
		first[i] = s.Pos
		if i < last {
			c.add(RuleSectionOrder, s.Pos, "", fmt.Sprintf("%s comes after %s", name(i), name(last)), "move it before "+heading(last))
		} else {
			last = i
		}
		if !s.Answered {
			c.add(RuleSectionUnanswered, s.Pos, "", name(i)+" is unanswered: it holds only the template's comments", "write what was said under "+heading(i))
		}
	}
	for i := range want {
		if first[i].Line != 0 {
			continue
		}
		at := endPos(d)
		for j := i + 1; j < len(want); j++ {
			if first[j].Line != 0 {
				at = first[j]
				break
			}
		}
		c.add(RuleSectionMissing, at, "", name(i)+" is missing", "add "+heading(i))
	}
}

// endPos is the position of the last line of the file.
func endPos(d *pop.Doc) pop.Pos {
	b := bytes.TrimSuffix(d.Body, []byte{'\n'})
	if len(d.Body) == 0 {
		return pop.Pos{Line: d.FrontMatterEnd, Col: 1}
	}
	return pop.Pos{Line: d.BodyLine + bytes.Count(b, []byte{'\n'}), Col: 1}
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

func dateString(d pop.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// sortFindings orders findings by path, position and rule.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Rule < b.Rule
	})
}
