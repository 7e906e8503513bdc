package popcmd

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/popdev/pop/internal/demo"
	"github.com/popdev/pop/internal/pop"
)

// runIn runs pop in dir with the clock at now, on a terminal or not.
func runIn(t testing.TB, dir string, now time.Time, terminal bool, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Dir: dir,
		Getenv: func(string) string { return "" }, Now: func() time.Time { return now },
		Terminal: func(io.Writer) bool { return terminal },
	}
	code := Run(context.Background(), env, append([]string{"pop", "--no-color"}, args...))
	return out.String(), errOut.String(), code
}

func demoTeam(t *testing.T, today pop.Date) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := demo.Build(dir, demo.Options{Today: today}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOverdueRelativeOnTerminal shows that a terminal gets "14 days ago"
// where a pipe gets ISO dates (the testscripts cover the pipe).
func TestOverdueRelativeOnTerminal(t *testing.T) {
	today := pop.NewDate(2026, 11, 23)
	dir := demoTeam(t, today)
	out, _, code := runIn(t, dir, today.Time().Add(9*time.Hour), true, "overdue", "--within", "14d")
	if code != ExitFindings {
		t.Errorf("exit %d, want %d", code, ExitFindings)
	}
	for _, want := range []string{
		`jan-peeters +follow-up conflicten +overdue +due 14 days ago`,
		`lotte-de-smet +follow-up presenteren +upcoming +due in 10 days`,
		`priya-raman +conversation +overdue +due 12 days ago`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "2026-11-09") {
		t.Errorf("terminal output shows ISO dates:\n%s", out)
	}
}

// TestCalendarParsesBack reads pop calendar's output with the iCalendar
// library and checks it event by event.
func TestCalendarParsesBack(t *testing.T) {
	today := pop.NewDate(2026, 11, 23)
	dir := demoTeam(t, today)
	now := time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC)
	out, errOut, code := runIn(t, dir, now, false, "calendar")
	if code != ExitClean || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output does not parse: %v", err)
	}
	type event struct{ start, summary string }
	want := map[string]event{
		"follow-up.jan-peeters.conflicten@pop":           {"2026-11-09", "POP follow-up: Jan Peeters, conflicten"},
		"follow-up.jan-peeters.verantwoordelijkheid@pop": {"2027-01-09", "POP follow-up: Jan Peeters, verantwoordelijkheid"},
		"follow-up.jan-peeters.tech-lead@pop":            {"2027-03-09", "POP follow-up: Jan Peeters, tech-lead"},
		"conversation.jan-peeters@pop":                   {"2027-03-09", "POP conversation: Jan Peeters"},
		"follow-up.lotte-de-smet.presenteren@pop":        {"2026-12-03", "POP follow-up: Lotte De Smet, presenteren"},
		"follow-up.lotte-de-smet.kubernetes@pop":         {"2027-02-03", "POP follow-up: Lotte De Smet, kubernetes"},
		"conversation.lotte-de-smet@pop":                 {"2027-05-03", "POP conversation: Lotte De Smet"},
		"follow-up.priya-raman.mentoring@pop":            {"2026-11-11", "POP follow-up: Priya Raman, mentoring"},
		"conversation.priya-raman@pop":                   {"2026-11-11", "POP conversation: Priya Raman"},
		"follow-up.mateo-garcia.security@pop":            {"2026-12-05", "POP follow-up: Mateo Garcia, security"},
		"conversation.mateo-garcia@pop":                  {"2027-05-20", "POP conversation: Mateo Garcia"},
	}
	events := cal.Events()
	if len(events) != len(want) {
		t.Errorf("%d events, want %d", len(events), len(want))
	}
	for _, e := range events {
		uid := e.Id()
		w, ok := want[uid]
		if !ok {
			t.Errorf("unexpected event %s", uid)
			continue
		}
		delete(want, uid)
		start, err := e.GetAllDayStartAt()
		if err != nil {
			t.Errorf("%s: start: %v", uid, err)
		} else if got := start.Format("2006-01-02"); got != w.start {
			t.Errorf("%s: starts %s, want %s", uid, got, w.start)
		}
		end, err := e.GetAllDayEndAt()
		if err != nil || !end.Equal(start.AddDate(0, 0, 1)) {
			t.Errorf("%s: ends %v (%v), want the day after the start", uid, end, err)
		}
		if p := e.GetProperty(ics.ComponentPropertyDtStart); p == nil || p.ICalParameters["VALUE"][0] != "DATE" {
			t.Errorf("%s: not an all-day event", uid)
		}
		if got := ics.FromText(e.GetProperty(ics.ComponentPropertySummary).Value); got != w.summary {
			t.Errorf("%s: summary %q, want %q", uid, got, w.summary)
		}
		if stamp, err := e.GetDtStampTime(); err != nil || !stamp.Equal(now) {
			t.Errorf("%s: stamp %v (%v), want %v", uid, stamp, err, now)
		}
		if d := e.GetProperty(ics.ComponentPropertyDescription); d == nil || strings.Contains(d.Value, "omgaan") {
			t.Errorf("%s: description missing or holds goal text", uid)
		}
	}
	for uid := range want {
		t.Errorf("missing event %s", uid)
	}
}
