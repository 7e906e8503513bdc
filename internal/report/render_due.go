package report

import (
	"sort"

	"github.com/popdev/pop/internal/pop"
)

// This file holds the small due-date computation the rendered pages and
// the site's index need (SPEC §5): a follow-up is overdue when its date
// has passed, the goal is still open and no update is dated on or after
// it; a conversation is overdue when next_conversation (or date plus
// conversation_every) has passed. The shared overdue logic of pop overdue
// is built separately; render should switch to it once both are merged.

// renderDueKind says what falls due.
type renderDueKind int

const (
	renderDueFollowUp renderDueKind = iota + 1
	renderDueConversation
)

// renderDue is one thing that falls due in a POP.
type renderDue struct {
	Kind   renderDueKind
	GoalID string // for a follow-up
	Goal   string
	Date   pop.Date
}

// renderDueItems returns the overdue items of doc at today and those that
// fall due within the window after today, both sorted by date. A
// follow-up counts only while its goal is open and no update answers it.
func renderDueItems(doc *pop.Doc, today pop.Date, within, conversationEvery pop.Span) (overdue, upcoming []renderDue) {
	until := within.After(today)
	add := func(it renderDue) {
		switch {
		case it.Date.Before(today):
			overdue = append(overdue, it)
		case !it.Date.After(until):
			upcoming = append(upcoming, it)
		}
	}
	for _, g := range doc.Goals {
		d, ok := renderFollowUpPending(doc, g)
		if ok {
			add(renderDue{Kind: renderDueFollowUp, GoalID: g.ID, Goal: g.Goal, Date: d})
		}
	}
	if next := renderNextConversation(doc, conversationEvery); !next.IsZero() {
		add(renderDue{Kind: renderDueConversation, Date: next})
	}
	sortDue(overdue)
	sortDue(upcoming)
	return overdue, upcoming
}

// renderFollowUpPending returns the follow-up date of g when it still
// waits for an answer: the goal is open and no update is dated on or
// after the follow-up.
func renderFollowUpPending(doc *pop.Doc, g pop.Goal) (pop.Date, bool) {
	if !g.Open() {
		return pop.Date{}, false
	}
	d, ok := g.FollowUp.Resolve(doc.Date, doc.NextConversation)
	if !ok {
		return pop.Date{}, false
	}
	for _, u := range g.Updates {
		if !u.Date.IsZero() && !u.Date.Before(d) {
			return pop.Date{}, false
		}
	}
	return d, true
}

// renderNextConversation is when the next conversation is due:
// next_conversation, or the POP's date plus conversation_every.
func renderNextConversation(doc *pop.Doc, every pop.Span) pop.Date {
	if !doc.NextConversation.IsZero() {
		return doc.NextConversation
	}
	if doc.Date.IsZero() || every.N == 0 {
		return pop.Date{}
	}
	return every.After(doc.Date)
}

func sortDue(items []renderDue) {
	sort.SliceStable(items, func(i, j int) bool { return items[i].Date.Before(items[j].Date) })
}
