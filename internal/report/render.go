package report

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
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// RenderGeneratorTag is the meta tag every rendered page carries. pop
// render overwrites an existing file only when it holds this tag, so a
// file a person wrote is never replaced.
const RenderGeneratorTag = `<meta name="generator" content="pop render">`

// IsRenderOutput reports whether data is a page pop render wrote: the
// generator tag must appear in its first kilobyte, where pop render puts
// it, before anything taken from a POP.
func IsRenderOutput(data []byte) bool {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	i := bytes.Index(head, []byte(RenderGeneratorTag))
	return i >= 0 && !bytes.Contains(head[:i], []byte("<title"))
}

//go:embed render/*.tmpl render/*.css
var renderFS embed.FS

// renderTemplates parses the page templates on first use: every pop
// command would otherwise pay for it at start-up.
var renderTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"add": func(a, b int) int { return a + b },
		"sub": func(a, b int) int { return a - b },
	}).ParseFS(renderFS, "render/*.tmpl"))
})

var renderCSS = func() template.CSS {
	b, err := renderFS.ReadFile("render/style.css")
	if err != nil {
		panic(err)
	}
	return template.CSS(b) // our own style sheet, embedded
}()

// RenderPOP is one POP to render, with what the file alone does not say.
type RenderPOP struct {
	Doc *pop.Doc
	// People gives the names of employee, manager and guide; nil shows ids.
	People *repo.People
	// SignOff is the POP's state from signoff.Verify; nil when it could
	// not be checked, with SignOffError saying why.
	SignOff      *signoff.Status
	SignOffError string
	Today        pop.Date
	// Current says this is the newest POP of its person, so its
	// follow-ups and next conversation are marked when due.
	Current           bool
	Within            pop.Span // how far ahead "coming up" looks
	ConversationEvery pop.Span // when the POP sets no next_conversation
	// IndexHref links back to the site's index; "" for a single page.
	IndexHref string
	// Uncommitted names the agreement fields in which the rendered file
	// differs from its committed version, the one sign-off speaks of.
	Uncommitted []string
}

type renderPage struct {
	L          *renderLabels
	Generator  template.HTML
	CSS        template.CSS
	Title      string
	Employee   renderName
	Manager    renderName
	Companion  string
	Date       string
	DateLong   string
	Next       string
	NextLong   string
	NextDue    string // "overdue", "upcoming" or ""
	Agenda     []string
	Goals      []renderGoalRow
	Timeline   *renderTimeline
	Sign       renderSignOff
	Body       template.HTML
	IndexHref  string
	Today      string
	HasBudgets bool
}

// renderName is a person as the page shows them.
type renderName struct {
	ID   string
	Name string // the registry's name, or the id
}

type renderGoalRow struct {
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
	Status      string
	StatusClass string
	LatestDate  string
	LatestNote  string
	Due         string // "overdue", "upcoming" or ""
}

type renderSignOff struct {
	Known   bool
	Error   string
	State   string // the state, for CSS and tests
	Label   string
	Signers []renderSigner
	Changed []string
	Invalid []signoff.Finding
	// Uncommitted: agreement fields that differ from the signed version.
	Uncommitted []string
	Warn        bool // changed, invalid or uncommitted: shown as a warning
	Progress    bool
}

type renderSigner struct {
	Role     string
	Name     string
	Signed   bool
	Decision string
	DecClass string
	Reason   string
	When     string
	Method   string
	Key      string
	Commit   string
}

// RenderPage writes one POP as a self-contained HTML page: inline style,
// an inline SVG timeline, no script and nothing fetched from elsewhere.
// Everything taken from the file is escaped by html/template.
func RenderPage(w io.Writer, in RenderPOP) error {
	p, err := renderPageModel(in)
	if err != nil {
		return err
	}
	return renderTemplates().ExecuteTemplate(w, "page.tmpl", p)
}

func renderPageModel(in RenderPOP) (*renderPage, error) {
	doc := in.Doc
	l := renderLabelsFor(doc.Lang())
	name := func(id string) renderName {
		n := renderName{ID: id, Name: id}
		if in.People != nil {
			if per, ok := in.People.Get(id); ok && per.Name != "" {
				n.Name = per.Name
			}
		}
		return n
	}
	p := &renderPage{
		L:         l,
		Generator: template.HTML(RenderGeneratorTag),
		CSS:       renderCSS,
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
		p.Manager = renderName{}
	}

	due := map[string]string{} // goal id → overdue/upcoming
	if in.Current && !in.Today.IsZero() {
		overdue, upcoming := renderDueItems(doc, in.Today, in.Within, in.ConversationEvery)
		for _, mark := range []struct {
			items []renderDue
			word  string
		}{{overdue, "overdue"}, {upcoming, "upcoming"}} {
			for _, it := range mark.items {
				if it.Kind == renderDueConversation {
					p.NextDue = mark.word
				} else {
					due[it.GoalID] = mark.word
				}
			}
		}
	}
	for _, g := range doc.Goals {
		row := renderGoalRow{
			ID: g.ID, Goal: g.Goal, Measure: l.measure(g.Measure), Action: g.Action,
			Timing: g.Timing.Raw, Support: g.Support, Budget: g.Budget,
			Status: l.status(g.Status), StatusClass: renderStatusClass(g.Status),
			Due: due[g.ID],
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
	p.Timeline = renderTimelineOf(doc, in.Today, in.ConversationEvery, l)
	p.Sign = renderSignOffOf(in, l, name)
	body, err := renderBody(doc.Body)
	if err != nil {
		return nil, fmt.Errorf("render body of %s: %w", doc.Path, err)
	}
	p.Body = body
	return p, nil
}

// renderStatusClass maps a goal status to a CSS class; anything the
// schema does not know gets a neutral one.
func renderStatusClass(s string) string {
	switch s {
	case "planned", "in-progress", "done", "dropped":
		return s
	case "":
		return "planned"
	}
	return "unknown"
}

func renderStateClass(s signoff.State) string {
	switch s {
	case signoff.Unsigned, signoff.EmployeeSigned, signoff.ManagerSigned, signoff.Agreed,
		signoff.Seen, signoff.Disagreed, signoff.Changed, signoff.Invalid:
		return string(s)
	}
	return "unknown"
}

func renderSignOffOf(in RenderPOP, l *renderLabels, name func(string) renderName) renderSignOff {
	st := in.SignOff
	if st == nil {
		return renderSignOff{State: "unknown", Label: l.state(""), Error: in.SignOffError, Warn: true}
	}
	s := renderSignOff{
		Known:   true,
		State:   renderStateClass(st.State),
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
		sg := renderSigner{Role: l.Roles[r.role], Name: name(r.who).Name}
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

// renderShorten cuts s to at most n runes, ending in an ellipsis.
func renderShorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
