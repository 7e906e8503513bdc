package pop

import "testing"

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"plain", "2026-11-20", true},
		{"leap day", "2028-02-29", true},
		{"not a leap year", "2027-02-29", false},
		{"month 13", "2026-13-01", false},
		{"short", "2026-1-01", false},
		{"with time", "2026-11-20T10:00", false},
		{"empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDate(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("ParseDate(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
			}
			if tc.ok && d.String() != tc.in {
				t.Errorf("round trip: got %s", d)
			}
		})
	}
}

func TestAddMonthsClamps(t *testing.T) {
	for _, tc := range []struct {
		name, from string
		months     int
		want       string
	}{
		{"31 January plus one month", "2027-01-31", 1, "2027-02-28"},
		{"31 January plus one month in a leap year", "2028-01-31", 1, "2028-02-29"},
		{"31 January plus three months", "2027-01-31", 3, "2027-04-30"},
		{"29 February plus a year", "2028-02-29", 12, "2029-02-28"},
		{"across the year", "2026-11-30", 3, "2027-02-28"},
		{"backwards", "2027-03-31", -1, "2027-02-28"},
		{"mid month", "2026-11-20", 6, "2027-05-20"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mustDate(t, tc.from).AddMonths(tc.months).String(); got != tc.want {
				t.Errorf("%s + %dm = %s, want %s", tc.from, tc.months, got, tc.want)
			}
		})
	}
}

func TestParseTiming(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		kind     TimingKind
		end      string
	}{
		{"day", "2027-03-15", TimingDay, "2027-03-15"},
		{"month", "2027-02", TimingMonth, "2027-02-28"},
		{"month in leap year", "2028-02", TimingMonth, "2028-02-29"},
		{"first quarter", "2027-Q1", TimingQuarter, "2027-03-31"},
		{"second quarter", "2027-Q2", TimingQuarter, "2027-06-30"},
		{"fourth quarter", "2027-Q4", TimingQuarter, "2027-12-31"},
		{"lower-case quarter", "2027-q3", TimingQuarter, "2027-09-30"},
		{"ongoing", "ongoing", TimingOngoing, ""},
		{"doorlopend", "Doorlopend", TimingOngoing, ""},
		{"seed's quarter spelling", "Q1 2027", TimingQuarter, "2027-03-31"},
		{"seed's spelling, lower case", "q4 2027", TimingQuarter, "2027-12-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTiming(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != tc.kind || got.End.String() != tc.end {
				t.Errorf("ParseTiming(%q) = kind %d end %s, want kind %d end %s", tc.in, got.Kind, got.End, tc.kind, tc.end)
			}
		})
	}
	for _, bad := range []string{"2027-Q5", "2027-Q0", "Q5 2027", "Q1-2027", "Q1 -027", "Q1 20x7", "2027-13", "soon", "", "2027"} {
		if _, err := ParseTiming(bad); err == nil {
			t.Errorf("ParseTiming(%q) succeeded, want error", bad)
		}
	}
}

func TestFollowUpResolve(t *testing.T) {
	date, next := mustDate(t, "2027-01-31"), mustDate(t, "2027-07-31")
	for _, tc := range []struct {
		name, in string
		next     Date
		want     string
		ok       bool
	}{
		{"absolute", "2027-03-01", next, "2027-03-01", true},
		{"plus three months from 31 January", "+3m", next, "2027-04-30", true},
		{"plus one month from 31 January", "+1m", next, "2027-02-28", true},
		{"plus ten days", "+10d", next, "2027-02-10", true},
		{"plus two weeks", "+2w", next, "2027-02-14", true},
		{"plus a year", "+1y", next, "2028-01-31", true},
		{"next", "next", next, "2027-07-31", true},
		{"next without next conversation", "next", Date{}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseFollowUp(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := f.Resolve(date, tc.next)
			if ok != tc.ok || got.String() != tc.want {
				t.Errorf("Resolve(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
	for _, bad := range []string{"3m", "+3x", "+-3m", "++3m", "later", "+m", "2027-02-30"} {
		if _, err := ParseFollowUp(bad); err == nil {
			t.Errorf("ParseFollowUp(%q) succeeded, want error", bad)
		}
	}
}

func TestParseSpan(t *testing.T) {
	for in, want := range map[string]string{"14d": "2027-01-15", "2w": "2027-01-15", "12m": "2028-01-01", "1y": "2028-01-01", "0d": "2027-01-01"} {
		s, err := ParseSpan(in)
		if err != nil {
			t.Fatalf("ParseSpan(%q): %v", in, err)
		}
		if got := s.After(mustDate(t, "2027-01-01")).String(); got != want {
			t.Errorf("%s after 2027-01-01 = %s, want %s", in, got, want)
		}
	}
	for _, bad := range []string{"", "d", "12", "12h", "-3d", "1.5m", "99999d"} {
		if _, err := ParseSpan(bad); err == nil {
			t.Errorf("ParseSpan(%q) succeeded, want error", bad)
		}
	}
}

func TestDaysUntil(t *testing.T) {
	a, b := mustDate(t, "2028-02-28"), mustDate(t, "2028-03-01")
	if got := a.DaysUntil(b); got != 2 {
		t.Errorf("days from %s to %s = %d, want 2 (leap year)", a, b, got)
	}
	if got := b.DaysUntil(a); got != -2 {
		t.Errorf("days back = %d, want -2", got)
	}
}

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
