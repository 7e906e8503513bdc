package report

import (
	"strings"
	"testing"
)

func TestOverdueRelative(t *testing.T) {
	tests := []struct {
		days    int
		overdue bool
		want    string
	}{
		{0, false, "today"},
		{0, true, "today"},
		{1, true, "yesterday"},
		{1, false, "tomorrow"},
		{3, true, "3 days ago"},
		{10, false, "in 10 days"},
	}
	for _, tt := range tests {
		if got := overdueRelative(tt.days, tt.overdue); got != tt.want {
			t.Errorf("overdueRelative(%d, %v) = %q, want %q", tt.days, tt.overdue, got, tt.want)
		}
	}
}

func TestOverdueMarkdownEscapes(t *testing.T) {
	r := &OverdueReport{AsOf: "2026-11-23", Overdue: 1, Items: []OverdueItem{{
		Kind: "follow-up", State: "overdue", Person: "a|b", Manager: "<m>", Path: "pop/a|b/x.md", Goal: "g", Due: "2026-11-01", DaysOverdue: 22,
	}}}
	var b strings.Builder
	if err := WriteOverdueMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	// Ids that are not slugs are not repeated; a path is, escaped.
	want := "| \\(not an id\\) | \\(not an id\\) | follow-up g | overdue | 2026-11-01 | 22 | `pop/a\\|b/x.md` |"
	if !strings.Contains(b.String(), want) {
		t.Errorf("markdown lacks %q:\n%s", want, b.String())
	}
}

// TestOverdueMarkdownManager: a manager value from a POP cannot become a
// link, an image or a mention in a job summary.
func TestOverdueMarkdownManager(t *testing.T) {
	r := &OverdueReport{AsOf: "2026-11-23", Overdue: 1, Items: []OverdueItem{{
		Kind: "conversation", State: "overdue", Person: "jan", Path: "pop/jan/x.md", Due: "2026-11-01", DaysOverdue: 22,
		Manager: "an [re-sign here](https://evil.example) ![p](https://evil.example/p) @org/hr www.evil.example",
	}}}
	var b strings.Builder
	if err := WriteOverdueMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{" [re-sign", "](", "![", "@org", "https://", "www."} {
		if strings.Contains(b.String(), bad) {
			t.Errorf("markdown holds %q:\n%s", bad, b.String())
		}
	}
}

// TestOverdueTextEscapes: ESC, OSC 8 and BEL from a POP or a file name
// show as text on a terminal.
func TestOverdueTextEscapes(t *testing.T) {
	r := &OverdueReport{AsOf: "2026-11-23", Overdue: 1, Items: []OverdueItem{{
		Kind: "follow-up", State: "overdue", Person: "jan\x1b]0;title\x07", Manager: "an\x1b[2J", Path: "pop/\x1b]8;;https://x\x07j/x.md",
		Goal: "g\r\x9b", Due: "2026-11-01", DaysOverdue: 22,
	}}}
	for _, color := range []bool{false, true} {
		var b strings.Builder
		if err := WriteOverdueText(&b, r, Style{Color: color}, false); err != nil {
			t.Fatal(err)
		}
		out := strings.ReplaceAll(strings.ReplaceAll(b.String(), "\x1b[0m", ""), "\x1b[1m", "")
		for _, code := range []string{"\x1b[2m", "\x1b[31m"} {
			out = strings.ReplaceAll(out, code, "")
		}
		for _, r := range out {
			if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Errorf("color %v: control character %U in\n%q", color, r, b.String())
				break
			}
		}
	}
}

func TestOverdueGitHubLevels(t *testing.T) {
	items := []OverdueItem{
		{Kind: "conversation", State: "overdue", Person: "a", Path: "p.md", Line: 7, Due: "2026-11-01", DaysOverdue: 1, Basis: "next_conversation"},
		{Kind: "follow-up", State: "upcoming", Person: "a", Path: "p.md", Goal: "g", Due: "2026-11-30", DaysLeft: 7, Basis: "follow_up: +1m"},
	}
	tests := []struct {
		failOn string
		want   []string
	}{
		{"overdue", []string{"::error file=p.md,line=7,", "::notice file=p.md,title="}},
		{"upcoming", []string{"::error file=p.md,line=7,", "::error file=p.md,title="}},
		{"never", []string{"::warning file=p.md,line=7,", "::notice file=p.md,title="}},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := WriteOverdueGitHub(&b, &OverdueReport{FailOn: tt.failOn, Items: items}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		if len(lines) != 2 {
			t.Fatalf("%s: %d lines", tt.failOn, len(lines))
		}
		for i, w := range tt.want {
			if !strings.HasPrefix(lines[i], w) {
				t.Errorf("--fail-on %s: line %q, want prefix %q", tt.failOn, lines[i], w)
			}
		}
	}
}

func TestOverdueTextGroupsByManager(t *testing.T) {
	r := &OverdueReport{AsOf: "2026-11-23", Overdue: 2, Items: []OverdueItem{
		{Kind: "sign-off", State: "overdue", Person: "x", Path: "pop/x/a.md", Due: "2026-11-01", DaysOverdue: 22},
		{Kind: "follow-up", State: "overdue", Person: "y", Manager: "m", Path: "pop/y/a.md", Goal: "g", Due: "2026-11-22", DaysOverdue: 1},
	}}
	var b strings.Builder
	if err := WriteOverdueText(&b, r, Style{}, true); err != nil {
		t.Fatal(err)
	}
	want := "(no manager)\n  x  sign-off (not verified)  overdue  due 22 days ago  pop/x/a.md\n\nm\n  y  follow-up g  overdue  due yesterday  pop/y/a.md\n\n2 overdue as of 2026-11-23\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}
