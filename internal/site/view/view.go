// Package view lays out pop render's HTML: a POP's page and the site's
// index, each a self-contained file (inline style and SVG, no script, no
// fetch) that prints on A4 and reads on a phone. It takes a prepared
// model — names looked up, what is due worked out, by package site — and
// escapes everything from the POP with html/template; it reads no
// registry, repository or due rules (TestViewImports in package site).
package view

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/signoff"
)

// GeneratorTag is the meta tag every rendered page carries. pop
// render overwrites an existing file only when it holds this tag, so a
// file a person wrote is never replaced.
const GeneratorTag = `<meta name="generator" content="pop render">`

// IsOutput reports whether data is a page pop render wrote: the
// generator tag must appear in its first kilobyte, where pop render puts
// it, before anything taken from a POP.
func IsOutput(data []byte) bool {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	i := bytes.Index(head, []byte(GeneratorTag))
	return i >= 0 && !bytes.Contains(head[:i], []byte("<title"))
}

//go:embed assets/*.tmpl assets/*.css
var assets embed.FS

// templates parses the page templates on first use: every pop
// command would otherwise pay for it at start-up.
var templates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"add": func(a, b int) int { return a + b },
		"sub": func(a, b int) int { return a - b },
	}).ParseFS(assets, "assets/*.tmpl"))
})

var css = func() template.CSS {
	b, err := assets.ReadFile("assets/style.css")
	if err != nil {
		panic(err)
	}
	return template.CSS(b) // our own style sheet, embedded
}()

// POP is one POP to show, prepared: the names of the people it mentions
// are looked up and what falls due is worked out (package site does both,
// with package followup's rules), so the view only lays it out.
type POP struct {
	Doc *pop.Doc
	// Names gives the name of each person id the POP mentions; an id
	// missing from it shows as itself.
	Names map[string]string
	// SignOff is the POP's state from signoff.Verify; nil when it could
	// not be checked, with SignOffError saying why.
	SignOff      *signoff.Status
	SignOffError string
	Today        pop.Date
	Due          Due
	// IndexHref links back to the site's index; "" for a single page.
	IndexHref string
	// Uncommitted names the agreement fields in which the rendered file
	// differs from its committed version, the one sign-off speaks of.
	Uncommitted []string
	// OrgGoals gives the title of each organisation goal of .pop.yaml by
	// id; a goal's org_goal missing from it shows as the id.
	OrgGoals map[string]string
}

// Due is what the page marks as due.
type Due struct {
	// Goals marks a goal's follow-up, by goal id (goals[N] for a goal
	// without one): Overdue or Upcoming. Only the current POP of a person
	// has marks.
	Goals map[string]When
	// Conversation marks the next conversation.
	Conversation When
	// Passed holds the goals, by id as above, whose follow-up still waits
	// for an answer and whose date has passed; the timeline draws them
	// red, on older POPs too.
	Passed map[string]bool
}

// When is where a due date stands: "overdue", "upcoming", or "" for
// neither.
type When string

// The marks a due date can carry.
const (
	Overdue  When = "overdue"
	Upcoming When = "upcoming"
)

// GoalKey is how Due refers to goal i: its id, or goals[i] when it has
// none, as package followup names it.
func GoalKey(i int, g pop.Goal) string {
	if g.ID != "" {
		return g.ID
	}
	return pop.GoalField(i, "")
}

type page struct {
	L          *labels
	Generator  template.HTML
	CSS        template.CSS
	Title      string
	Employee   person
	Manager    person
	Companion  string
	Date       string
	DateLong   string
	Next       string
	NextLong   string
	NextDue    string // "overdue", "upcoming" or ""
	Agenda     []string
	Goals      []goalRow
	Timeline   *timeline
	Sign       signOffBox
	Body       template.HTML
	IndexHref  string
	Today      string
	HasBudgets bool
}

// person is a person as the page shows them.
type person struct {
	ID   string
	Name string // the registry's name, or the id
}

type goalRow struct {
	ID          string
	Goal        string
	Measure     string
	Action      string
	Timing      string
	TimingEnd   string // the resolved last day, when it differs from Timing
	Support     string
	Guide       string
	Budget      string
	FollowUp    string // resolved date
	FollowUpRaw string // as written, when it is not the date itself
	Evaluation  string // how the follow-up happens
	OrgGoal     string // the organisation goal's title, or its id
	Status      string
	StatusClass string
	LatestDate  string
	LatestNote  string
	Due         string // "overdue", "upcoming" or ""
}

type signOffBox struct {
	Known   bool
	Error   string
	State   string // the state, for CSS and tests
	Label   string
	Signers []signer
	Changed []string
	Invalid []signoff.Finding
	// Uncommitted: agreement fields that differ from the signed version.
	Uncommitted []string
	Warn        bool // changed, invalid or uncommitted: shown as a warning
	Progress    bool
}

type signer struct {
	Role     string
	Name     string
	Signed   bool
	Decision string
	DecClass string
	Reason   string
	Goals    []string // the goals a disagreement is about
	When     string
	Method   string
	Key      string
	Commit   string
}

// WritePage writes one POP as a self-contained HTML page: inline style,
// an inline SVG timeline, no script and nothing fetched from elsewhere.
// Everything taken from the file is escaped by html/template.
func WritePage(w io.Writer, in POP) error {
	p, err := pageOf(in)
	if err != nil {
		return err
	}
	return templates().ExecuteTemplate(w, "page.tmpl", p)
}

func pageOf(in POP) (*page, error) {
	doc := in.Doc
	l := labelsFor(doc.Lang())
	name := func(id string) person {
		n := person{ID: id, Name: id}
		if s := in.Names[id]; s != "" {
			n.Name = s
		}
		return n
	}
	p := &page{
		L:         l,
		Generator: template.HTML(GeneratorTag),
		CSS:       css,
		Employee:  name(doc.Employee),
		Manager:   name(doc.Manager),
		Companion: doc.Companion,
		Date:      doc.Date.String(),
		DateLong:  l.longDate(doc.Date),
		Next:      doc.NextConversation.String(),
		NextLong:  l.longDate(doc.NextConversation),
		Agenda:    doc.Agenda,
		IndexHref: in.IndexHref,
		Today:     in.Today.String(),
	}
	p.Title = "POP " + p.Employee.Name
	if p.Date != "" {
		p.Title += " — " + p.Date
	}
	if doc.Manager == "" {
		p.Manager = person{}
	}

	p.NextDue = string(in.Due.Conversation)
	for i, g := range doc.Goals {
		row := goalRow{
			ID: g.ID, Goal: g.Goal, Measure: l.measure(g.Measure), Action: g.Action,
			Timing: g.Timing.Raw, Support: g.Support, Budget: g.Budget,
			Status: l.status(g.Status), StatusClass: statusClass(g.Status),
			Due: string(in.Due.Goals[GoalKey(i, g)]), Evaluation: g.Evaluation,
		}
		if g.OrgGoal != "" {
			row.OrgGoal = g.OrgGoal
			if t := in.OrgGoals[g.OrgGoal]; t != "" {
				row.OrgGoal = t
			}
		}
		if g.Timing.Kind == pop.TimingOngoing {
			row.Timing = l.Ongoing
		}
		if end := g.Timing.End.String(); end != "" && end != g.Timing.Raw {
			row.TimingEnd = end
		}
		if g.Guide != "" {
			row.Guide = name(g.Guide).Name
		}
		if d, ok := g.FollowUp.Resolve(doc.Date, doc.NextConversation); ok {
			row.FollowUp = d.String()
			switch g.FollowUp.Kind {
			case pop.FollowUpNext:
				row.FollowUpRaw = strings.ToLower(l.NextConversation)
			case pop.FollowUpRelative:
				row.FollowUpRaw = g.FollowUp.Raw
			}
		} else {
			row.FollowUp = g.FollowUp.Raw
		}
		if n := len(g.Updates); n > 0 {
			u := g.Updates[n-1]
			row.LatestDate, row.LatestNote = u.Date.String(), u.Note
		}
		if g.Budget != "" {
			p.HasBudgets = true
		}
		p.Goals = append(p.Goals, row)
	}
	p.Timeline = timelineOf(doc, in.Today, in.Due.Passed, l)
	p.Sign = signOffOf(in, l, name)
	body, err := bodyHTML(doc.Body)
	if err != nil {
		return nil, fmt.Errorf("render body of %s: %w", doc.Path, err)
	}
	p.Body = body
	return p, nil
}

// statusClass maps a goal status to a CSS class; anything the
// schema does not know gets a neutral one.
func statusClass(s string) string {
	switch s {
	case "planned", "in-progress", "done", "dropped":
		return s
	case "":
		return "planned"
	}
	return "unknown"
}

func stateClass(s signoff.State) string {
	switch s {
	case signoff.Unsigned, signoff.EmployeeSigned, signoff.ManagerSigned, signoff.Agreed,
		signoff.Seen, signoff.Disagreed, signoff.Changed, signoff.Invalid:
		return string(s)
	}
	return "unknown"
}

func signOffOf(in POP, l *labels, name func(string) person) signOffBox {
	st := in.SignOff
	if st == nil {
		return signOffBox{State: "unknown", Label: l.state(""), Error: in.SignOffError, Warn: true}
	}
	s := signOffBox{
		Known:   true,
		State:   stateClass(st.State),
		Label:   l.state(st.State),
		Changed: st.Changed,
		Invalid: st.Invalid,
		Warn:    st.State == signoff.Changed || st.State == signoff.Invalid || len(st.Invalid) > 0,
	}
	if st.State != signoff.Unsigned && len(in.Uncommitted) > 0 {
		s.Uncommitted, s.Warn = in.Uncommitted, true
	}
	roles := []struct {
		role signoff.Role
		who  string
		so   *signoff.SignOff
	}{
		{signoff.RoleEmployee, in.Doc.Employee, st.Employee},
		{signoff.RoleManager, in.Doc.Manager, st.Manager},
	}
	for _, r := range roles {
		sg := signer{Role: l.Roles[r.role], Name: name(r.who).Name}
		if so := r.so; so != nil {
			if so.Person != "" {
				sg.Name = name(so.Person).Name
			}
			sg.Signed = true
			sg.Decision = l.decision(so.Decision)
			sg.DecClass = string(so.Decision)
			if so.Decision != signoff.DecisionAgreed && so.Decision != signoff.DecisionSeen && so.Decision != signoff.DecisionDisagreed {
				sg.DecClass = "unknown"
			}
			sg.Reason = so.Reason
			sg.Goals = so.Goals
			if !so.When.IsZero() {
				sg.When = so.When.Format("2006-01-02 15:04 -0700")
			}
			sg.Method = so.Method
			sg.Key = so.Key
			sg.Commit = so.Commit
			if len(sg.Commit) > 12 {
				sg.Commit = sg.Commit[:12]
			}
			if so.Progress {
				s.Progress = true
			}
		}
		s.Signers = append(s.Signers, sg)
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// shorten cuts s to at most n runes, ending in an ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
