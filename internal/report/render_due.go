package report

import (
	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
)

// The rendered pages and the site's index show what falls due by the
// same rules as pop overdue (SPEC §5, package followup): follow-ups and
// the next conversation. Sign-off has its own box on the page.

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

// renderPlan is the POP as the follow-up rules see it.
func renderPlan(doc *pop.Doc) followup.Plan { return followup.Plan{Path: doc.Path, Doc: doc} }

// renderDueItems returns the overdue items of doc at today and those that
// fall due within the window after today, both sorted by date.
func renderDueItems(doc *pop.Doc, today pop.Date, within, conversationEvery pop.Span) (overdue, upcoming []renderDue) {
	rules := followup.Rules{ConversationEvery: conversationEvery}
	w := followup.NewWindow(today, within, true)
	for _, it := range followup.Pending(renderPlan(doc), rules) {
		var d renderDue
		switch it.Kind {
		case followup.KindFollowUp:
			d = renderDue{Kind: renderDueFollowUp, GoalID: it.Goal, Date: it.Due}
			if g, ok := doc.Goal(it.Goal); ok {
				d.Goal = g.Goal
			}
		case followup.KindConversation:
			d = renderDue{Kind: renderDueConversation, Date: it.Due}
		default:
			continue
		}
		switch when, _ := w.When(it.Due); when {
		case followup.Overdue:
			overdue = append(overdue, d)
		case followup.Upcoming:
			upcoming = append(upcoming, d)
		}
	}
	return overdue, upcoming
}

// renderFollowUpPending returns the follow-up date of g while it still
// waits for an answer.
func renderFollowUpPending(doc *pop.Doc, g pop.Goal, conversationEvery pop.Span) (pop.Date, bool) {
	return renderPlan(doc).FollowUp(g, followup.Rules{ConversationEvery: conversationEvery})
}

// renderNextConversation is when the next conversation is due:
// next_conversation, or the POP's date plus conversation_every.
func renderNextConversation(doc *pop.Doc, every pop.Span) pop.Date {
	d, _ := renderPlan(doc).NextConversation(followup.Rules{ConversationEvery: every})
	return d
}
