package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func calendarSample(due, written time.Time, goal string) []CalendarEvent {
	return []CalendarEvent{{
		Key: []string{"follow-up", "jan-peeters", goal}, Day: due, Modified: written,
		Summary:     "POP follow-up: Jan\r\nBEGIN:VEVENT\x1b[2J, " + goal,
		Description: "line\rUID:evil@pop\x00",
		Categories:  []string{"POP", "a\x1bb"},
	}}
}

func writeCal(t *testing.T, events []CalendarEvent, stamp time.Time) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCalendar(&b, "POP follow-ups: Jan\x1b]0;t\x07", events, stamp); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCalendarNoControlChars: no value carries a control character; a
// bare CR cannot start a line of its own in a CR-tolerant reader.
func TestCalendarNoControlChars(t *testing.T) {
	day := time.Date(2027, 2, 3, 0, 0, 0, 0, time.UTC)
	out := writeCal(t, calendarSample(day, day.AddDate(0, -1, 0), "g\r\nX"), day)
	for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		for _, r := range line {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Errorf("control character %U in line %q", r, line)
			}
		}
		if strings.HasPrefix(line, "UID:evil") || strings.HasPrefix(line, "BEGIN:VEVENT\\") {
			t.Errorf("injected line %q", line)
		}
	}
	if strings.Count(out, "BEGIN:VEVENT") != 2 { // one event, and the escaped text in SUMMARY
		t.Errorf("events: %d\n%s", strings.Count(out, "BEGIN:VEVENT"), out)
	}
}

// TestCalendarUID: UIDs are made of slugs; what is not one is hashed,
// the same way every time.
func TestCalendarUID(t *testing.T) {
	if got := CalendarUID([]string{"follow-up", "jan-peeters", "conflicten"}); got != "follow-up.jan-peeters.conflicten@pop" {
		t.Errorf("UID = %q", got)
	}
	got := CalendarUID([]string{"follow-up", "jan-peeters", "goals[0]"})
	if strings.Contains(got, "[") || got != CalendarUID([]string{"follow-up", "jan-peeters", "goals[0]"}) {
		t.Errorf("UID of a non-slug = %q", got)
	}
	if CalendarUID([]string{"a", "b.c"}) == CalendarUID([]string{"a.b", "c"}) {
		t.Error("different keys give one UID")
	}
}

// TestCalendarSequence: the same input and stamp give the same file; an
// export on a later day has a higher SEQUENCE, so a moved follow-up
// updates the event; LAST-MODIFIED is the date of the plan.
func TestCalendarSequence(t *testing.T) {
	day := time.Date(2027, 2, 3, 0, 0, 0, 0, time.UTC)
	written := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	stamp := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	a := writeCal(t, calendarSample(day, written, "g"), stamp)
	if b := writeCal(t, calendarSample(day, written, "g"), stamp); a != b {
		t.Error("the same input gives two files")
	}
	moved := writeCal(t, calendarSample(day.AddDate(0, 1, 0), written.AddDate(0, 0, 14), "g"), stamp.AddDate(0, 0, 14))
	seq := func(s string) string {
		i := strings.Index(s, "SEQUENCE:")
		if i < 0 {
			t.Fatalf("no SEQUENCE in\n%s", s)
		}
		return s[i+len("SEQUENCE:") : i+strings.Index(s[i:], "\r")]
	}
	if !(len(seq(moved)) >= len(seq(a)) && seq(moved) > seq(a)) {
		t.Errorf("SEQUENCE %s after a move, %s before", seq(moved), seq(a))
	}
	if !strings.Contains(a, "LAST-MODIFIED:20261120T000000Z\r\n") {
		t.Errorf("no LAST-MODIFIED of the plan's date:\n%s", a)
	}
}
