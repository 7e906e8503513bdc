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
	"sync"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
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
//
// A sealed file's envelope is checked against the registered keys; a
// file in clear in a repository with seal: true is a pop-not-sealed
// error.
func File(r *repo.Repo, people *repo.People, rel string, data []byte) []Finding {
	c := checker{cfg: &r.Config, people: people, rel: rel, data: data, keys: keyring(r, func() *repo.People { return people })}
	c.doc(pop.Parse(rel, data))
	return c.out
}

// Opened is File for the clear text of a sealed file, or of one about
// to be sealed (pop seal, pop edit, pop new): pop-not-sealed does not
// apply to it.
func Opened(r *repo.Repo, people *repo.People, rel string, data []byte) []Finding {
	c := checker{cfg: &r.Config, people: people, rel: rel, opened: true}
	c.doc(pop.Parse(rel, data))
	return c.out
}

// keyring returns a function that reads allowed_signers and builds the
// keyring the first time a sealed file needs it; nil when it cannot.
func keyring(r *repo.Repo, registered func() *repo.People) func() *seal.Keyring {
	var (
		once sync.Once
		keys *seal.Keyring
	)
	return func() *seal.Keyring {
		once.Do(func() {
			people := registered()
			if people == nil {
				return
			}
			if signers, err := r.AllowedSigners(); err == nil {
				keys = seal.NewKeyring(people, signers)
			}
		})
		return keys
	}
}

// Doc is File for a document the caller has parsed already, so that pop
// sign reads the file once. It does not see the file's bytes, so a
// sealed file's envelope is not checked.
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

	// data is the file, for a sealed file's envelope; keys the
	// registered keys to check its recipients with (nil: not checked).
	data []byte
	keys func() *seal.Keyring
	// opened is set for clear text that is, or is to be, sealed.
	opened bool
}

// add records a finding, with the severity the configuration gives it.
// Findings go to CI logs, annotations, SARIF and JSON, which the whole
// team reads: a message names the field and the expected form, never a
// value. What the parsers quote ("…" or `…`) in a message is cut out here, in the one
// place every finding passes, so that a message from internal/pop or
// internal/repo cannot carry plan text either.
//
// A field that is not a path of plain keys (an unknown key that is plan
// text: "now practising" after a comma in {…}) is cut back to the part
// that is, and left out of the message: the position says where.
func (c *checker) add(rule string, p pop.Pos, field, msg, hint string) {
	if sev := severity(c.cfg, rule); sev != Off {
		if field != "" && !plainField(field) {
			keep := plainPrefix(field)
			what := "here"
			if keep != "" {
				what = "in " + keep
			}
			msg = strings.ReplaceAll(msg, field, what)
			field = keep
		}
		c.out = append(c.out, Finding{Path: c.rel, Pos: p, Rule: rule, Severity: sev, Field: field, Message: unquote(msg), Hint: hint})
	}
}

// plainField reports whether field is a path of plain keys:
// goals[0].updates[1].note, next_conversation.
func plainField(field string) bool {
	for _, part := range strings.Split(field, ".") {
		name, index, _ := strings.Cut(part, "[")
		if name == "" {
			return false
		}
		for i := 0; i < len(name); i++ {
			if c := name[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
				return false
			}
		}
		if index != "" && (!strings.HasSuffix(index, "]") || strings.Trim(index[:len(index)-1], "0123456789") != "" || len(index) == 1) {
			return false
		}
	}
	return true
}

// plainPrefix is the longest run of whole parts at the start of field
// that plainField accepts.
func plainPrefix(field string) string {
	parts := strings.Split(field, ".")
	for n := len(parts) - 1; n > 0; n-- {
		if p := strings.Join(parts[:n], "."); plainField(p) {
			return p
		}
	}
	return ""
}

// unquote removes from a message every value quoted in it, with double
// quotes as %q writes them or with backticks as YAML errors do, and the
// blank before it: `follow_up "na de …" is not a date` becomes
// `follow_up is not a date`.
func unquote(msg string) string {
	if !strings.ContainsAny(msg, "\"`") {
		return msg
	}
	var b strings.Builder
	for i := 0; i < len(msg); i++ {
		q := msg[i]
		if q != '"' && q != '`' {
			b.WriteByte(q)
			continue
		}
		end := closing(msg, i)
		if end < 0 {
			// An unclosed quote: the rest may be a value.
			break
		}
		i = end
		if s := b.String(); strings.HasSuffix(s, " ") && (i+1 >= len(msg) || msg[i+1] == ' ') {
			b.Reset()
			b.WriteString(s[:len(s)-1])
		}
	}
	return strings.TrimSpace(b.String())
}

// closing returns the index of the quote that closes the one at i, or -1.
func closing(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && q == '"':
			j++
		case s[j] == q:
			return j
		}
	}
	return -1
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
	c.notSealed(d)
	if d.Sealed != "" {
		// The goal texts and the body are sealed: what can be checked
		// without a key is the envelope.
		if c.data != nil {
			var keys *seal.Keyring
			if c.keys != nil {
				keys = c.keys()
			}
			c.envelope(d, c.data, keys)
		}
		return
	}
	if !deep {
		c.sections(d)
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

// managerOnDate reports a POP whose manager is not the employee's
// manager on its date by the registry's reporting line (SPEC §12). A
// registry that names no manager for the employee at all says nothing.
func (c *checker) managerOnDate(d *pop.Doc, kind string) {
	emp, ok := c.people.Get(d.Employee)
	if kind != pop.KindPOP || !ok || len(emp.Managers) == 0 || d.Manager == "" || d.Date.IsZero() {
		return
	}
	if _, known := c.people.Get(d.Manager); !known || d.Manager == d.Employee {
		return // manager-unknown or manager-is-employee says so
	}
	want := emp.ManagerOn(d.Date)
	if want == d.Manager {
		return
	}
	p, _ := d.ValuePos("manager")
	msg := fmt.Sprintf("manager %s is not %s's manager on %s in %s", d.Manager, d.Employee, d.Date, c.people.Path)
	hint := "the registry names " + want + " for that day; fix manager, or record the change with pop person set " + d.Employee + " --manager " + d.Manager + " --from DATE"
	if want == "" {
		hint = "the registry names no manager for that day; record it with pop person set " + d.Employee + " --manager " + d.Manager + " --from DATE"
	}
	c.add(RuleManagerNotOnDate, p, "manager", msg, hint)
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
		c.add(RuleKindUnknown, p, "kind", "kind is not pop or prep", "write kind: pop or kind: prep")
	}
	if d.For != "" && d.For != "employee" && d.For != pop.ForManager {
		p, _ := d.ValuePos("for")
		hint := "write for: manager, or leave it out"
		if s := suggest.Closest(d.For, []string{"employee", pop.ForManager}); s != "" {
			hint = "did you mean " + s + "? " + hint
		}
		c.add(RuleForUnknown, p, "for", "for is not employee or manager", hint)
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
				msg := fmt.Sprintf("%s is not a person id in the registry %s", f.field, c.people.Path)
				if repo.IsSlug(f.id) {
					// A slug is an id, which reports name anyway, not text.
					msg = fmt.Sprintf("%s %s is not in the registry %s", f.field, f.id, c.people.Path)
				}
				c.add(f.rule, p, f.field, msg, c.people.Hint(f.id))
			}
		}
		c.managerOnDate(d, kind)
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
	if d.ManagerPrep() {
		name += "-manager"
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
	if kind == pop.KindPOP && len(d.Goals) == 0 && !reported(d, "goals") {
		p, ok := d.ValuePos("goals")
		if !ok {
			p = pop.Pos{Line: d.FrontMatterEnd, Col: 1}
		}
		c.add(RuleGoalsMissing, p, "goals", "the POP holds no goals", "add at least one goal under goals:, with how, when and with whom")
	}
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
				c.add(RuleGoalIDDuplicate, p, gf("id"), fmt.Sprintf("%s is also used by goals[%d] (line %d)", gf("id"), j, first.Line), "give each goal its own id")
			} else {
				ids[g.ID] = i
			}
		}
		need := func(rule, name, what string, have bool, hint string) {
			if !have && !reported(d, gf(name)) {
				c.add(rule, at, gf(name), fmt.Sprintf("%s does not say %s (%s)", gf(""), what, name), hint)
			}
		}
		sealed := d.Sealed != "" // goal, action, support and guide are sealed
		need(RuleGoalMissingGoal, "goal", "what", sealed || g.Goal != "", "add goal: what the employee wants to reach")
		c.value(d, gf("measure"), g.Measure, pop.Measures, RuleMeasureUnknown)
		c.orgGoal(d, gf("org_goal"), g.OrgGoal)
		c.value(d, gf("status"), g.Status, pop.Statuses, RuleStatusUnknown)
		if kind != pop.KindPOP {
			continue // a preparation note's goals are drafts: id and goal suffice
		}
		need(RuleGoalMissingAction, "action", "how", sealed || g.Action != "", "add action: the training, course, coaching or other step")
		need(RuleGoalMissingTiming, "timing", "when", g.Timing.Raw != "", "add timing: 2027-Q1, 2027-03, 2027-03-31 or ongoing")
		if !sealed && g.Support == "" && g.Guide == "" && !reported(d, gf("support")) && !reported(d, gf("guide")) {
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

// orgGoal reports an org_goal that names no organisation goal of
// .pop.yaml.
func (c *checker) orgGoal(d *pop.Doc, field, id string) {
	if id == "" {
		return
	}
	known := c.cfg.OrgGoalIDs()
	for _, k := range known {
		if id == k {
			return
		}
	}
	hint := "add it to org_goals in .pop.yaml: [{id: " + id + ", title: …}]"
	if len(known) > 0 {
		hint = "known: " + strings.Join(known, ", ")
		if s := suggest.Closest(id, known); s != "" {
			hint = "did you mean " + s + "? " + hint
		}
	}
	p, _ := d.ValuePos(field)
	c.add(RuleOrgGoalUnknown, p, field, field+" is not in org_goals of .pop.yaml", hint)
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
	c.add(rule, p, field, field+" is not one of the allowed values", hint)
}

func (c *checker) sections(d *pop.Doc) {
	kind := d.SectionKind()
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
		switch {
		case s.Answered || pop.Optional(kind, i):
		case kind != pop.KindPOP:
			// Someone preparing writes down their own thoughts.
			c.add(RuleSectionUnanswered, s.Pos, "", name(i)+" is still empty: it holds only the template's comments", "note your thoughts under "+heading(i)+", or n/a")
		default:
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
