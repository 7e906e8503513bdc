package report

import (
	"io"
	"time"

	ics "github.com/arran4/golang-ical"
)

// CalendarEvent is one all-day event of pop calendar: an open follow-up
// or a next conversation.
type CalendarEvent struct {
	// UID stays the same for the same person and goal (or the person's
	// next conversation), so importing again updates the event.
	UID         string
	Day         time.Time // the day, at midnight UTC
	Summary     string
	Description string
	Categories  []string
}

// CalendarProdID names pop as the producer of its calendars.
const CalendarProdID = "-//popdev//pop//EN"

// WriteCalendar writes the events as an iCalendar file (RFC 5545) with
// github.com/arran4/golang-ical: all-day, transparent events (they do not
// block time), stamped with stamp.
func WriteCalendar(w io.Writer, name string, events []CalendarEvent, stamp time.Time) error {
	cal := ics.NewCalendarFor("popdev")
	cal.SetProductId(CalendarProdID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	for _, e := range events {
		ev := cal.AddEvent(e.UID)
		ev.SetDtStampTime(stamp)
		ev.SetAllDayStartAt(e.Day)
		ev.SetAllDayEndAt(e.Day.AddDate(0, 0, 1))
		ev.SetSummary(e.Summary)
		if e.Description != "" {
			ev.SetDescription(e.Description)
		}
		for _, c := range e.Categories {
			ev.AddCategory(c)
		}
		ev.SetTimeTransparency(ics.TransparencyTransparent)
	}
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"))
}
