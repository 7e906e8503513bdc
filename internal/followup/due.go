// Package followup decides what in a team's POPs is due (SPEC §5) and sums
// up where the team's plans stand. The rules are pure functions over parsed
// documents, a sign-off state per POP and a day; reading the files and the
// git history happens once, in Load, so that tests can give any state.
package followup

import (
	"slices"
	"strings"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// Kind is what falls due.
type Kind string

// The kinds of thing that fall due.
const (
	KindFollowUp     Kind = "follow-up"    // a goal's follow-up
	KindConversation Kind = "conversation" // the next conversation
	KindSignOff      Kind = "sign-off"     // both sides should have signed
	KindTiming       Kind = "timing"       // a goal's timing has passed and it is not done
	KindBlocked      Kind = "blocked"      // the employee is stuck on a goal and says so
	KindDisagreement Kind = "disagreement" // a role refused to sign the POP as it stands
)

// When says where a due date stands relative to today.
type When string

// Where a due date can stand.
const (
	Overdue  When = "overdue"  // the date has passed
	Upcoming When = "upcoming" // today or later, inside the window
	Later    When = "later"    // after the window
)

// Rules are the repository's settings for what is due.
type Rules struct {
	UnsignedAfter     pop.Span // sign-off is due this long after the POP's date
	ConversationEvery pop.Span // the next conversation when next_conversation is unset
}

// RulesOf returns the rules set in .pop.yaml.
func RulesOf(c repo.Config) Rules {
	return Rules{UnsignedAfter: c.Overdue.UnsignedAfter, ConversationEvery: c.Overdue.ConversationEvery}
}

// Plan is the current POP of one person: the newest dated on or before
// the day looked at. It is what the due rules look at.
type Plan struct {
	Path    string // root-relative
	Person  string
	Manager string
	Doc     *pop.Doc
	// SignOff is the verified sign-off state; "" when it could not be
	// verified, which counts as not signed.
	SignOff signoff.State
	// Disputed are the goals a disagreement is about, when it names them.
	Disputed []string
	// Planned is the date of the person's first POP dated after the day
	// looked at (a conversation already planned); zero when there is none.
	// It never hides the current POP's items.
	Planned pop.Date
}

// Date returns the day of the conversation.
func (p Plan) Date() pop.Date { return p.Doc.Date }

// NextConversation returns when the next conversation is due: the
// next_conversation field, or the POP's date plus conversation_every when
// the field is unset. It reports false when neither can be known.
func (p Plan) NextConversation(r Rules) (pop.Date, bool) {
	if !p.Doc.NextConversation.IsZero() {
		return p.Doc.NextConversation, true
	}
	if p.Doc.Date.IsZero() {
		return pop.Date{}, false
	}
	return r.ConversationEvery.After(p.Doc.Date), true
}

// BothSigned reports whether both the employee and the manager have a
// valid sign-off on the POP as it stands. A decision of either kind
// counts: agreed ("voor akkoord"), seen ("voor gezien") and disagreed (a
// refusal is recorded, and the POP now waits for a conversation rather
// than a signature). One side only, a sign-off undone by a change to the
// agreement, an invalid sign-off, or a state that could not be verified
// do not count.
func BothSigned(s signoff.State) bool {
	switch s {
	case signoff.Agreed, signoff.Seen, signoff.Disagreed:
		return true
	}
	return false
}

// Item is something a POP waits for, with its due date.
type Item struct {
	Kind    Kind
	Person  string
	Manager string
	Path    string
	Line    int    // line in the file of the field the date comes from; 0 when none
	Goal    string // goal id, for a follow-up; goals[N] when the goal has none
	Due     pop.Date
	// Basis says where the date comes from: "follow_up: +1m",
	// "next_conversation", "date + 12m", "date + 14d".
	Basis   string
	SignOff signoff.State // for a sign-off item: the state that is not enough
	Goals   []string      // for a disagreement: the goals it is about, when named
	// AtOnce is set for what is listed from the moment it is known (a
	// blocked goal, a disagreement), whatever its date.
	AtOnce bool
}

// Pending returns everything the plan still waits for, earliest first
// (SPEC §5):
//   - each goal that is neither done nor dropped, has a follow-up date,
//     and has no update dated on or after that date;
//   - each goal that is neither done nor dropped and has a timing with an
//     end: past it, the goal is overdue even without a follow-up;
//   - each blocked goal, at once;
//   - the next conversation (a newer POP would be the current one);
//   - sign-off, while the two sides have not both decided;
//   - a disagreement, at once, until the role that disagreed agrees on
//     the current content.
//
// Goals whose follow-up is "next" fall due with the next conversation,
// also when that comes from conversation_every.
func Pending(p Plan, r Rules) []Item {
	d := p.Doc
	var items []Item
	item := func(k Kind, due pop.Date, field, basis string) Item {
		it := Item{Kind: k, Person: p.Person, Manager: p.Manager, Path: p.Path, Due: due, Basis: basis}
		if pos, ok := d.KeyPos(field); ok {
			it.Line = pos.Line
		}
		return it
	}
	next, hasNext := p.NextConversation(r)
	for i, g := range d.Goals {
		due, ok := p.FollowUp(g, r)
		if !ok {
			continue
		}
		it := item(KindFollowUp, due, pop.GoalField(i, "follow_up"), "follow_up: "+g.FollowUp.Raw)
		it.Goal = g.ID
		if it.Goal == "" {
			it.Goal = pop.GoalField(i, "") // pop check reports the missing id
		}
		items = append(items, it)
	}
	for i, g := range d.Goals {
		if !g.Open() {
			continue
		}
		goal := g.ID
		if goal == "" {
			goal = pop.GoalField(i, "")
		}
		if g.Timing.Kind != pop.TimingOngoing && !g.Timing.End.IsZero() {
			it := item(KindTiming, g.Timing.End, pop.GoalField(i, "timing"), "timing: "+g.Timing.Raw)
			it.Goal = goal
			items = append(items, it)
		}
		if g.Status == StatusBlocked {
			since, field := d.Date, pop.GoalField(i, "status")
			for _, u := range g.Updates {
				if u.Date.After(since) {
					since = u.Date
				}
			}
			it := item(KindBlocked, since, field, "status: blocked")
			it.Goal, it.AtOnce = goal, true
			items = append(items, it)
		}
	}
	if hasNext {
		basis, field := "next_conversation", "next_conversation"
		if d.NextConversation.IsZero() {
			basis, field = "date + "+r.ConversationEvery.String(), "date"
		}
		items = append(items, item(KindConversation, next, field, basis))
	}
	if !d.Date.IsZero() && !BothSigned(p.SignOff) {
		it := item(KindSignOff, r.UnsignedAfter.After(d.Date), "date", "date + "+r.UnsignedAfter.String())
		it.SignOff = p.SignOff
		items = append(items, it)
	}
	if !d.Date.IsZero() && p.SignOff == signoff.Disagreed {
		it := item(KindDisagreement, d.Date, "date", "sign-off: disagreed")
		it.SignOff, it.AtOnce, it.Goals = p.SignOff, true, p.Disputed
		items = append(items, it)
	}
	sortItems(items)
	return items
}

// FollowUp returns the follow-up date of goal g of the plan while it
// still waits for an answer: the goal is neither done nor dropped, has a
// follow-up date, and no update is dated on or after it. A "next"
// follow-up falls due with the next conversation, also when that comes
// from conversation_every.
func (p Plan) FollowUp(g pop.Goal, r Rules) (pop.Date, bool) {
	if !g.Open() || g.FollowUp.Kind == 0 {
		return pop.Date{}, false
	}
	due, ok := g.FollowUp.Resolve(p.Doc.Date, p.Doc.NextConversation)
	if !ok && g.FollowUp.Kind == pop.FollowUpNext {
		due, ok = p.NextConversation(r)
	}
	if !ok || updatedSince(g, due) {
		return pop.Date{}, false
	}
	return due, true
}

// updatedSince reports whether the goal has an update dated on or after day.
func updatedSince(g pop.Goal, day pop.Date) bool {
	for _, u := range g.Updates {
		if !u.Date.IsZero() && !u.Date.Before(day) {
			return true
		}
	}
	return false
}

// Window is the stretch of days pop overdue looks at: everything before
// Today is overdue; Today up to and including Until is upcoming.
type Window struct {
	Today pop.Date
	Until pop.Date // equal to Today when no --within is given: nothing is upcoming
	// HasWithin is false without --within, so that a follow-up due today
	// is not listed: it has not passed yet.
	HasWithin bool
}

// NewWindow returns the window from today over within; a zero span means
// overdue items only.
func NewWindow(today pop.Date, within pop.Span, hasWithin bool) Window {
	w := Window{Today: today, Until: today, HasWithin: hasWithin}
	if hasWithin {
		w.Until = within.After(today)
	}
	return w
}

// When returns where day stands in the window, and the number of days
// overdue (for Overdue) or left (for Upcoming and Later). A date has
// passed the day after it: a follow-up due today is not yet overdue.
func (w Window) When(day pop.Date) (When, int) {
	switch {
	case day.Before(w.Today):
		return Overdue, day.DaysUntil(w.Today)
	case w.HasWithin && !day.After(w.Until):
		return Upcoming, w.Today.DaysUntil(day)
	}
	return Later, w.Today.DaysUntil(day)
}

// Of returns where the item stands in the window: as When for its due
// date, except that an item listed at once is overdue from the day it
// is known.
func (w Window) Of(it Item) (When, int) {
	if it.AtOnce {
		if it.Due.After(w.Today) {
			return Overdue, 0
		}
		return Overdue, it.Due.DaysUntil(w.Today)
	}
	return w.When(it.Due)
}

// Due is an item with where it stands.
type Due struct {
	Item
	When When
	Days int // days overdue, or days left when upcoming
}

// Select returns the items of the plans that are overdue or upcoming in
// the window, by manager, person and date.
func Select(plans []Plan, r Rules, w Window) []Due {
	// Order the plans, not the items: each plan's items come sorted.
	order := make([]int, len(plans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if c := strings.Compare(plans[i].Manager, plans[j].Manager); c != 0 {
			return c
		}
		return strings.Compare(plans[i].Person, plans[j].Person)
	})
	var out []Due
	for _, i := range order {
		for _, it := range Pending(plans[i], r) {
			if when, days := w.Of(it); when != Later {
				out = append(out, Due{Item: it, When: when, Days: days})
			}
		}
	}
	return out
}

// sortItems orders a plan's few items; slices.SortStableFunc, unlike
// sort.SliceStable, needs no reflection for each of a team's plans.
func sortItems(items []Item) {
	slices.SortStableFunc(items, func(a, b Item) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	})
}

var kindOrder = map[Kind]int{KindBlocked: 0, KindDisagreement: 1, KindFollowUp: 2, KindTiming: 3, KindConversation: 4, KindSignOff: 5}

// StatusBlocked is the goal status of an employee who is stuck and says so.
const StatusBlocked = "blocked"

func less(a, b Item) bool {
	if !a.Due.Equal(b.Due) {
		return a.Due.Before(b.Due)
	}
	if a.Kind != b.Kind {
		return kindOrder[a.Kind] < kindOrder[b.Kind]
	}
	return a.Goal < b.Goal
}
