package view

import (
	"strings"
	"time"

	"github.com/popdev/pop/internal/pop"
)

// timeline is the geometry of a POP's timeline picture: one row per
// goal from the conversation to its timing, follow-up markers, today and
// the next conversation. The template draws it as inline SVG.
type timeline struct {
	Width, Height int
	PlotLeft      int
	PlotRight     int
	AxisY         int
	Bottom        int // y where the rows end
	Ticks         []tick
	Rows          []timelineRow
	Start         *marker // the conversation
	Today         *marker
	Next          *marker
}

type tick struct {
	X     int
	Month string
	Year  string // on the first tick and in January
}

type marker struct {
	X      int
	Label  string
	Date   string
	LabelY int
	Anchor string // text-anchor of the label
}

type timelineRow struct {
	Y         int // centre line of the row
	Label     string
	Title     string
	X1, X2    int
	Ongoing   bool
	Class     string // status class
	FollowUps []point
	Updates   []point
}

type point struct {
	X     int
	Date  string
	Class string // "overdue" for a follow-up that passed unanswered
	Title string
}

const (
	tlWidth     = 760
	tlLabelW    = 210
	tlRightPad  = 24
	tlHeader    = 36
	tlRowH      = 30
	tlFooter    = 40
	tlMaxYears  = 10
	tlLabelRune = 30
)

// timelineOf lays out the timeline of doc; nil when the POP has no
// date to start from.
func timelineOf(doc *pop.Doc, today pop.Date, passed map[string]bool, l *labels) *timeline {
	if doc.Date.IsZero() {
		return nil
	}
	// The range: from the conversation (or anything earlier) to the
	// latest date shown, whole months, at most tlMaxYears long.
	lo, hi := doc.Date, doc.Date
	see := func(d pop.Date) {
		if d.IsZero() {
			return
		}
		if d.Before(lo) {
			lo = d
		}
		if d.After(hi) {
			hi = d
		}
	}
	see(doc.NextConversation)
	see(today)
	for _, g := range doc.Goals {
		see(g.Timing.End)
		if d, ok := g.FollowUp.Resolve(doc.Date, doc.NextConversation); ok {
			see(d)
		}
		for _, u := range g.Updates {
			see(u.Date)
		}
	}
	if minLo := doc.Date.AddMonths(-12 * tlMaxYears / 2); lo.Before(minLo) {
		lo = minLo
	}
	if maxHi := lo.AddMonths(12 * tlMaxYears); hi.After(maxHi) {
		hi = maxHi
	}
	lo = pop.NewDate(lo.Year(), lo.Month(), 1)
	hi = pop.NewDate(hi.Year(), hi.Month()+1, 1) // first day after hi's month
	days := lo.DaysUntil(hi)

	t := &timeline{
		Width:     tlWidth,
		PlotLeft:  tlLabelW,
		PlotRight: tlWidth - tlRightPad,
		AxisY:     tlHeader - 4,
	}
	x := func(d pop.Date) int {
		n := lo.DaysUntil(d)
		if n < 0 {
			n = 0
		}
		if n > days {
			n = days
		}
		return t.PlotLeft + (t.PlotRight-t.PlotLeft)*n/days
	}

	months := (hi.Year()-lo.Year())*12 + int(hi.Month()-lo.Month())
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60} {
		step = s
		if months/s <= 14 {
			break
		}
	}
	for m := 0; m <= months; m += step {
		d := lo.AddMonths(m)
		tk := tick{X: x(d), Month: l.shortMonth(d.Month())}
		if m == 0 || d.Month() == time.January || step >= 12 {
			tk.Year = itoa(d.Year())
		}
		if step >= 12 {
			tk.Month = ""
		}
		t.Ticks = append(t.Ticks, tk)
	}

	for i, g := range doc.Goals {
		y := tlHeader + tlRowH*i + tlRowH/2
		label := g.Goal
		if label == "" {
			label = g.ID
		}
		row := timelineRow{
			Y: y, Label: shorten(label, tlLabelRune), Title: label,
			X1: x(doc.Date), Class: statusClass(g.Status),
		}
		switch {
		case g.Timing.Kind == pop.TimingOngoing:
			row.X2, row.Ongoing = t.PlotRight, true
		case !g.Timing.End.IsZero():
			row.X2 = x(g.Timing.End)
		default:
			row.X2 = row.X1
		}
		if row.X2 < row.X1 {
			row.X1, row.X2 = row.X2, row.X1
		}
		if row.X2-row.X1 < 4 {
			row.X2 = row.X1 + 4
		}
		if d, ok := g.FollowUp.Resolve(doc.Date, doc.NextConversation); ok {
			pt := point{X: x(d), Date: d.String(), Title: l.FollowUp + " " + d.String()}
			if passed[GoalKey(i, g)] {
				pt.Class = "overdue"
				pt.Title += " (" + l.Overdue + ")"
			}
			row.FollowUps = append(row.FollowUps, pt)
		}
		for _, u := range g.Updates {
			if u.Date.IsZero() {
				continue
			}
			row.Updates = append(row.Updates, point{X: x(u.Date), Date: u.Date.String(), Title: u.Date.String()})
		}
		t.Rows = append(t.Rows, row)
	}
	t.Bottom = tlHeader + tlRowH*len(doc.Goals)
	if len(doc.Goals) == 0 {
		t.Bottom += tlRowH / 2
	}

	mark := func(d pop.Date, label string, line int) *marker {
		m := &marker{X: x(d), Label: label, Date: d.String(), LabelY: t.Bottom + 14 + 14*line, Anchor: "middle"}
		switch {
		case m.X-t.PlotLeft < 60:
			m.Anchor = "start"
		case t.PlotRight-m.X < 60:
			m.Anchor = "end"
		}
		return m
	}
	// One line of labels each, so that they never overlap.
	t.Start = mark(doc.Date, l.Talk+" "+doc.Date.String(), 0)
	if !today.IsZero() && !today.Before(lo) && today.Before(hi) {
		t.Today = mark(today, l.Today+" "+today.String(), 1)
	}
	if !doc.NextConversation.IsZero() {
		t.Next = mark(doc.NextConversation, strings.ToLower(l.NextConversation)+" "+doc.NextConversation.String(), 2)
	}
	t.Height = t.Bottom + tlFooter + 10
	return t
}

var shortMonthsNL = [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}
var shortMonthsEN = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func (l *labels) shortMonth(m time.Month) string {
	if l.Lang == "en" {
		return shortMonthsEN[m-1]
	}
	return shortMonthsNL[m-1]
}
