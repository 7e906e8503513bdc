package view

import (
	"html/template"
	"io"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/signoff"
)

// Index is the front page of a rendered site: one row per person,
// prepared (package site works out what is due with package followup's
// rules, the same pop overdue uses).
type Index struct {
	Lang   string // of the labels: the repository's language
	Today  pop.Date
	People []IndexPerson
}

// IndexPerson is one person's row on the index.
type IndexPerson struct {
	ID      string
	Name    string // from the registry; the id when unknown
	Manager string // the manager's name, "" when none
	// Latest names the person's current POP: its date, or its path when
	// it has none; "" when they have no POP. Unreadable says it could
	// not be read.
	Latest     string
	Href       string // link to Latest's page
	Unreadable bool
	// SignOff is the current POP's state; "" when it could not be
	// checked.
	SignOff signoff.State
	// Overdue and Upcoming are what the current POP waits for, by date.
	Overdue  []DueItem
	Upcoming []DueItem
	// Next is the first day, today or later, at which a follow-up or the
	// next conversation falls due; zero when none.
	Next  pop.Date
	Older []IndexLink // earlier POPs, newest first
}

// DueItem is one thing a POP waits for.
type DueItem struct {
	Kind DueKind
	Goal string // for a follow-up: the goal's text, or its id
	Date pop.Date
	// Other names a kind the view has no words for (DueOther), as pop
	// overdue names it.
	Other string
}

// DueKind is what falls due.
type DueKind int

// The kinds of DueItem.
const (
	DueFollowUp DueKind = iota + 1
	DueConversation
	DueSignOff
	DueOther
)

// IndexLink is a link to one rendered POP.
type IndexLink struct {
	Date string
	Href string
}

type indexPage struct {
	L         *labels
	Generator template.HTML
	CSS       template.CSS
	Today     string
	Rows      []indexRow
	Overdue   int
	Upcoming  int
}

type indexRow struct {
	ID, Name, Manager string
	Latest            string
	Href              string
	Unreadable        bool
	Older             []IndexLink
	State             string
	StateLabel        string
	Overdue           []indexDue
	Upcoming          []indexDue
	Next              string
}

type indexDue struct {
	Date string
	What string
}

// WriteIndex writes the site's index: per person the current POP, its
// sign-off state, what is overdue or coming up, and the next date. The
// counts at the top are the items listed, so they agree with pop overdue
// when the items came from it.
func WriteIndex(w io.Writer, idx Index) error {
	l := labelsFor(idx.Lang)
	p := indexPage{L: l, Generator: template.HTML(GeneratorTag), CSS: css, Today: idx.Today.String()}
	for _, per := range idx.People {
		row := indexRow{ID: per.ID, Name: per.Name, Manager: per.Manager, Older: per.Older, Href: per.Href, State: "none"}
		if row.Name == "" {
			row.Name = per.ID
		}
		switch {
		case per.Unreadable:
			row.Unreadable, row.Latest, row.State = true, per.Latest, "unreadable"
		case per.Latest != "":
			row.Latest = per.Latest
			if per.SignOff != "" {
				row.State, row.StateLabel = stateClass(per.SignOff), l.state(per.SignOff)
			} else {
				row.State, row.StateLabel = "unknown", l.state("")
			}
			row.Overdue = indexDues(per.Overdue, l)
			row.Upcoming = indexDues(per.Upcoming, l)
			p.Overdue += len(per.Overdue)
			p.Upcoming += len(per.Upcoming)
			if !per.Next.IsZero() {
				row.Next = per.Next.String()
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return templates().ExecuteTemplate(w, "index.tmpl", p)
}

func indexDues(items []DueItem, l *labels) []indexDue {
	var out []indexDue
	for _, it := range items {
		var what string
		switch it.Kind {
		case DueFollowUp:
			what = l.FollowUp + ": " + shorten(it.Goal, 60)
		case DueConversation:
			what = l.NextConversation
		case DueSignOff:
			what = l.SignOff
		default:
			what = it.Other
		}
		out = append(out, indexDue{Date: it.Date.String(), What: what})
	}
	return out
}
