package report

import (
	"html/template"
	"io"

	"github.com/popdev/pop/internal/pop"
)

// RenderIndex is the front page of a rendered site: one row per person.
type RenderIndex struct {
	Lang   string // of the labels: the repository's language
	Today  pop.Date
	People []RenderIndexPerson
}

// RenderIndexPerson is one person's row on the index.
type RenderIndexPerson struct {
	ID      string
	Name    string // from the registry; the id when unknown
	Manager string // the manager's name, "" when none
	// Latest is the person's newest POP, nil when they have none. When it
	// could not be read, Unreadable holds its link and Latest is nil.
	Latest     *RenderPOP
	Href       string // link to Latest's page
	Unreadable string
	Older      []RenderIndexLink // earlier POPs, newest first
}

// RenderIndexLink is a link to one rendered POP.
type RenderIndexLink struct {
	Date string
	Href string
}

type renderIndexPage struct {
	L         *renderLabels
	Generator template.HTML
	CSS       template.CSS
	Today     string
	Rows      []renderIndexRow
	Overdue   int
	Upcoming  int
}

type renderIndexRow struct {
	ID, Name, Manager string
	Latest            string
	Href              string
	Unreadable        bool
	Older             []RenderIndexLink
	State             string
	StateLabel        string
	Overdue           []renderIndexDue
	Upcoming          []renderIndexDue
	Next              string
}

type renderIndexDue struct {
	Date string
	What string
}

// RenderIndexPage writes the site's index: per person the newest POP,
// its sign-off state, what is overdue or coming up, and the next date.
func RenderIndexPage(w io.Writer, idx RenderIndex) error {
	l := renderLabelsFor(idx.Lang)
	p := renderIndexPage{L: l, Generator: template.HTML(RenderGeneratorTag), CSS: renderCSS, Today: idx.Today.String()}
	for _, per := range idx.People {
		row := renderIndexRow{ID: per.ID, Name: per.Name, Manager: per.Manager, Older: per.Older, Href: per.Href, State: "none"}
		if row.Name == "" {
			row.Name = per.ID
		}
		switch {
		case per.Unreadable != "":
			row.Unreadable, row.Latest, row.State = true, per.Unreadable, "unreadable"
		case per.Latest != nil:
			in := per.Latest
			row.Latest = in.Doc.Date.String()
			if row.Latest == "" {
				row.Latest = in.Doc.Path
			}
			if in.SignOff != nil {
				row.State, row.StateLabel = renderStateClass(in.SignOff.State), l.state(in.SignOff.State)
			} else {
				row.State, row.StateLabel = "unknown", l.state("")
			}
			overdue, upcoming := renderDueItems(in.Doc, idx.Today, in.Within, in.ConversationEvery)
			row.Overdue = renderIndexDues(overdue, l)
			row.Upcoming = renderIndexDues(upcoming, l)
			p.Overdue += len(overdue)
			p.Upcoming += len(upcoming)
			if d := renderNextDate(in, idx.Today); !d.IsZero() {
				row.Next = d.String()
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return renderTemplates().ExecuteTemplate(w, "index.tmpl", p)
}

func renderIndexDues(items []renderDue, l *renderLabels) []renderIndexDue {
	var out []renderIndexDue
	for _, it := range items {
		what := l.NextConversation
		if it.Kind == renderDueFollowUp {
			what = l.FollowUp + ": " + renderShorten(firstNonEmpty(it.Goal, it.GoalID), 60)
		}
		out = append(out, renderIndexDue{Date: it.Date.String(), What: what})
	}
	return out
}

// renderNextDate is the first date on or after today at which something
// of the POP falls due: a pending follow-up or the next conversation.
func renderNextDate(in *RenderPOP, today pop.Date) pop.Date {
	var next pop.Date
	consider := func(d pop.Date) {
		if d.IsZero() || d.Before(today) {
			return
		}
		if next.IsZero() || d.Before(next) {
			next = d
		}
	}
	for _, g := range in.Doc.Goals {
		if d, ok := renderFollowUpPending(in.Doc, g, in.ConversationEvery); ok {
			consider(d)
		}
	}
	consider(renderNextConversation(in.Doc, in.ConversationEvery))
	return next
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
