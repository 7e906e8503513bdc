package site

import (
	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/site/view"
)

// The pages and the index show what falls due by the rules of pop overdue
// (SPEC §5), through package followup's functions: Pending for one POP,
// Select for the team, and the same Window. Nothing here decides a date.

// pageDue returns the marks of one POP's page: when current, the
// overdue and upcoming follow-ups and next conversation in the window;
// always, the follow-ups that wait for an answer past their date.
func pageDue(plan followup.Plan, rules followup.Rules, w followup.Window, current bool) view.Due {
	var due view.Due
	today := w.Today
	for i, g := range plan.Doc.Goals {
		if d, ok := plan.FollowUp(g, rules); ok && !today.IsZero() && d.Before(today) {
			if due.Passed == nil {
				due.Passed = map[string]bool{}
			}
			due.Passed[view.GoalKey(i, g)] = true
		}
	}
	if !current || today.IsZero() {
		return due
	}
	for _, it := range followup.Pending(plan, rules) {
		var mark view.When
		switch when, _ := w.When(it.Due); when {
		case followup.Overdue:
			mark = view.Overdue
		case followup.Upcoming:
			mark = view.Upcoming
		default:
			continue
		}
		switch it.Kind {
		case followup.KindFollowUp:
			if due.Goals == nil {
				due.Goals = map[string]view.When{}
			}
			due.Goals[it.Goal] = mark
		case followup.KindConversation:
			due.Conversation = mark
		}
	}
	return due
}

// dueItem turns a followup item into what the index lists.
func dueItem(doc *pop.Doc, it followup.Item) view.DueItem {
	d := view.DueItem{Date: it.Due}
	switch it.Kind {
	case followup.KindFollowUp:
		d.Kind, d.Goal = view.DueFollowUp, it.Goal
		if g, ok := doc.Goal(it.Goal); ok && g.Goal != "" {
			d.Goal = g.Goal
		}
	case followup.KindConversation:
		d.Kind = view.DueConversation
	case followup.KindSignOff:
		d.Kind = view.DueSignOff
	default:
		d.Kind, d.Other = view.DueOther, string(it.Kind)
	}
	return d
}

// nextDate is the first day on or after today at which a follow-up or the
// next conversation of the plan falls due; sign-off has its own column.
func nextDate(plan followup.Plan, rules followup.Rules, today pop.Date) pop.Date {
	var next pop.Date
	for _, it := range followup.Pending(plan, rules) {
		if it.Kind == followup.KindSignOff || it.Due.Before(today) {
			continue
		}
		if next.IsZero() || it.Due.Before(next) {
			next = it.Due
		}
	}
	return next
}
