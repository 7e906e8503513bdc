package pop

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day without time or zone. POPs speak in days: a
// conversation, a follow-up, a deadline. Keeping time zones out avoids a
// follow-up moving a day when CI runs in UTC and the manager in Brussels.
type Date struct {
	t time.Time // midnight UTC; zero when unset
}

// NewDate returns the date y-m-d, normalising out-of-range days like time.Date.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate reads a strict YYYY-MM-DD date.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not a calendar day", s)
	}
	return Date{t}, nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Year, Month and Day return the parts of the date.
func (d Date) Year() int         { return d.t.Year() }
func (d Date) Month() time.Month { return d.t.Month() }
func (d Date) Day() int          { return d.t.Day() }

// Time returns midnight UTC of the date, for libraries that want a time.Time.
func (d Date) Time() time.Time { return d.t }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths returns the date n months later, clamped to the end of the
// target month: 31 January plus one month is the last day of February, not
// 3 March as time.AddDate would have it.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := daysIn(first.Year(), first.Month())
	if day > last {
		day = last
	}
	return NewDate(first.Year(), first.Month(), day)
}

// Before, After and Equal compare two dates.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }
func (d Date) After(o Date) bool  { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool  { return d.t.Equal(o.t) }

// DaysUntil returns the number of days from d to o, negative when o is earlier.
func (d Date) DaysUntil(o Date) int {
	return int(o.t.Sub(d.t).Hours() / 24)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Span is a length of time in whole days, weeks, months or years, as
// written in config (horizon: 12m) and follow-ups (+3m).
type Span struct {
	N    int
	Unit byte // 'd', 'w', 'm' or 'y'
}

// ParseSpan reads "14d", "2w", "6m" or "1y". A leading "+" is accepted.
func ParseSpan(s string) (Span, error) {
	t := strings.TrimPrefix(s, "+")
	if len(t) < 2 {
		return Span{}, fmt.Errorf("span %q is not a number followed by d, w, m or y", s)
	}
	unit := t[len(t)-1]
	n, err := strconv.Atoi(t[:len(t)-1])
	if err != nil || n < 0 || n > 10000 || !strings.ContainsRune("dwmy", rune(unit)) ||
		t[0] == '+' || t[0] == '-' {
		return Span{}, fmt.Errorf("span %q is not a number followed by d, w, m or y", s)
	}
	return Span{N: n, Unit: unit}, nil
}

// After returns the date the span after d.
func (s Span) After(d Date) Date {
	switch s.Unit {
	case 'd':
		return d.AddDays(s.N)
	case 'w':
		return d.AddDays(7 * s.N)
	case 'm':
		return d.AddMonths(s.N)
	case 'y':
		return d.AddMonths(12 * s.N)
	}
	return d
}

// String formats the span as it is written, without a sign.
func (s Span) String() string { return strconv.Itoa(s.N) + string(s.Unit) }

// TimingKind says how precise a goal's timing is.
type TimingKind int

// The kinds of timing a goal can have.
const (
	TimingDay TimingKind = iota + 1
	TimingMonth
	TimingQuarter
	TimingOngoing
)

// Timing is when a goal is to be reached: a day, a month, a quarter, or
// "ongoing" for work without an end.
type Timing struct {
	Raw  string
	Kind TimingKind
	End  Date // last day of the period; zero for ongoing
}

// ParseTiming reads YYYY-MM-DD, YYYY-MM, YYYY-Qn or "ongoing". The seed's
// own spellings are accepted too: "doorlopend" for "ongoing", and "Q1 2027"
// (quarter before year, one space) for "2027-Q1".
func ParseTiming(s string) (Timing, error) {
	switch strings.ToLower(s) {
	case "ongoing", "doorlopend":
		return Timing{Raw: s, Kind: TimingOngoing}, nil
	}
	bad := func() error { return fmt.Errorf("timing %q is not YYYY-MM-DD, YYYY-MM, YYYY-Qn or ongoing", s) }
	if len(s) == 7 && (s[0] == 'Q' || s[0] == 'q') && s[2] == ' ' {
		// "Q1 2027" is "2027-Q1".
		t, err := ParseTiming(s[3:] + "-" + s[:2])
		if err != nil {
			return Timing{}, bad()
		}
		t.Raw = s
		return t, nil
	}
	switch {
	case len(s) == 10:
		d, err := ParseDate(s)
		if err != nil {
			return Timing{}, bad()
		}
		return Timing{Raw: s, Kind: TimingDay, End: d}, nil
	case len(s) == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q'):
		y, err := strconv.Atoi(s[:4])
		q := int(s[6] - '0')
		if err != nil || y < 1 || q < 1 || q > 4 {
			return Timing{}, bad()
		}
		end := NewDate(y, time.Month(3*q), daysIn(y, time.Month(3*q)))
		return Timing{Raw: s, Kind: TimingQuarter, End: end}, nil
	case len(s) == 7 && s[4] == '-':
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return Timing{}, bad()
		}
		end := NewDate(t.Year(), t.Month(), daysIn(t.Year(), t.Month()))
		return Timing{Raw: s, Kind: TimingMonth, End: end}, nil
	}
	return Timing{}, bad()
}

// FollowUpKind says how a follow-up date is written.
type FollowUpKind int

// The ways a follow-up can be written.
const (
	FollowUpDate     FollowUpKind = iota + 1 // an absolute date
	FollowUpRelative                         // +Nd, +Nw, +Nm or +Ny after the POP's date
	FollowUpNext                             // at the next conversation
)

// FollowUp is when progress on a goal is looked at again.
type FollowUp struct {
	Raw  string
	Kind FollowUpKind
	Date Date
	Span Span
}

// ParseFollowUp reads YYYY-MM-DD, +Nd/+Nw/+Nm/+Ny or "next".
func ParseFollowUp(s string) (FollowUp, error) {
	switch {
	case strings.EqualFold(s, "next"):
		return FollowUp{Raw: s, Kind: FollowUpNext}, nil
	case strings.HasPrefix(s, "+"):
		sp, err := ParseSpan(s)
		if err != nil {
			break
		}
		return FollowUp{Raw: s, Kind: FollowUpRelative, Span: sp}, nil
	default:
		d, err := ParseDate(s)
		if err != nil {
			break
		}
		return FollowUp{Raw: s, Kind: FollowUpDate, Date: d}, nil
	}
	return FollowUp{}, fmt.Errorf("follow_up %q is not YYYY-MM-DD, +Nd, +Nw, +Nm or next", s)
}

// Resolve returns the follow-up date for a POP held on date whose next
// conversation is next. It reports false when there is no date: "next"
// without a next conversation, or an unset follow-up.
func (f FollowUp) Resolve(date, next Date) (Date, bool) {
	switch f.Kind {
	case FollowUpDate:
		return f.Date, true
	case FollowUpRelative:
		if date.IsZero() {
			return Date{}, false
		}
		return f.Span.After(date), true
	case FollowUpNext:
		return next, !next.IsZero()
	}
	return Date{}, false
}
