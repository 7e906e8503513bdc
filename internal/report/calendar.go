package report

import (
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/popdev/pop/internal/safe"
)

// CalendarEvent is one all-day event of pop calendar: an open follow-up
// or a next conversation.
type CalendarEvent struct {
	// Key names the event: its kind, the person and, for a follow-up, the
	// goal id. The UID is made of their slugs (safe.Slug hashes what is
	// not one), so it stays the same for the same person and goal and
	// importing again updates the event instead of adding one.
	Key         []string
	Day         time.Time // the day, at midnight UTC
	Summary     string
	Description string
	Categories  []string
	// Modified is when the plan that sets Day was written (the POP's
	// date): the event's LAST-MODIFIED.
	Modified time.Time
}

// CalendarProdID names pop as the producer of its calendars.
const CalendarProdID = "-//popdev//pop//EN"

// calendarEpoch is day 0 of SEQUENCE.
var calendarEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// CalendarUID is the UID of the event with key: the slugs of its parts
// joined by dots, at pop.
func CalendarUID(key []string) string {
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = safe.Slug(k)
	}
	return strings.Join(parts, ".") + "@pop"
}

// WriteCalendar writes the events as an iCalendar file (RFC 5545) with
// github.com/arran4/golang-ical: all-day, transparent events (they do not
// block time), stamped with stamp. Every text value goes through
// safe.ICal, so no control character (a bare CR, an ESC) reaches the
// file.
//
// SEQUENCE is the number of days from 2000-01-01 to stamp: the same input
// and stamp (--as-of) give the same file, and an export made on a later
// day carries a higher SEQUENCE for every event, so a calendar that
// imports it takes a moved follow-up as an update of the event, not as an
// older copy to ignore. pop keeps no state between runs, so it cannot
// count the changes themselves; the day of the export never goes back.
// Within one day, DTSTAMP (the time of the run, or --as-of) decides.
func WriteCalendar(w io.Writer, name string, events []CalendarEvent, stamp time.Time) error {
	cal := ics.NewCalendarFor("popdev")
	cal.SetProductId(CalendarProdID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	name = safe.ICal(name)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	seq := int(stamp.UTC().Sub(calendarEpoch).Hours() / 24)
	if seq < 0 {
		seq = 0
	}
	for _, e := range events {
		ev := cal.AddEvent(CalendarUID(e.Key))
		ev.SetDtStampTime(stamp)
		ev.SetSequence(seq)
		if !e.Modified.IsZero() {
			ev.SetLastModifiedAt(e.Modified)
		}
		ev.SetAllDayStartAt(e.Day)
		ev.SetAllDayEndAt(e.Day.AddDate(0, 0, 1))
		ev.SetSummary(safe.ICal(e.Summary))
		if e.Description != "" {
			ev.SetDescription(safe.ICal(e.Description))
		}
		for _, c := range e.Categories {
			ev.AddCategory(safe.ICal(c))
		}
		ev.SetTimeTransparency(ics.TransparencyTransparent)
	}
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"))
}
