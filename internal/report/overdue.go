package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// OverdueReport is the output of pop overdue in every format. Its JSON
// form is documented in the README and stable.
type OverdueReport struct {
	AsOf     string           `json:"as_of"`
	Within   string           `json:"within"` // "" without --within
	Overdue  int              `json:"overdue"`
	Upcoming int              `json:"upcoming"`
	Items    []OverdueItem    `json:"items"`
	Skipped  []OverdueSkipped `json:"skipped"`
	// FailOn is "overdue", "upcoming" or "never": which items fail the
	// run, so that GitHub annotations match the exit status.
	FailOn string `json:"-"`
}

// OverdueItem is one thing that is overdue or upcoming. It names the
// person, the kind and the goal id, never the goal's text.
type OverdueItem struct {
	Kind        string `json:"kind"`  // follow-up | timing | blocked | conversation | sign-off | disagreement
	State       string `json:"state"` // overdue | upcoming
	Person      string `json:"person"`
	Manager     string `json:"manager"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Goal        string `json:"goal"` // goal id, for a follow-up, timing or blocked goal
	Due         string `json:"due"`
	DaysOverdue int    `json:"days_overdue"`
	DaysLeft    int    `json:"days_left"`
	Basis       string `json:"basis"`    // where the due date comes from
	SignOff     string `json:"sign_off"` // for a sign-off: the state now
	// Goals are, for a disagreement, the ids of the goals it is about
	// (pop sign --goal); empty when it names none.
	Goals []string `json:"goals"`
}

// OverdueSkipped is a newest POP whose dates could not be read.
type OverdueSkipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// ids returns r with every id shown through ID: what each writer
// writes. r itself when there is nothing to change, the common case,
// which saves copying 10,000 items.
func (r *OverdueReport) ids() *OverdueReport {
	same := true
	for _, it := range r.Items {
		if ID(it.Person) != it.Person || ID(it.Manager) != it.Manager || ID(it.Goal) != it.Goal {
			same = false
			break
		}
	}
	if same {
		return r
	}
	out := *r
	out.Items = make([]OverdueItem, len(r.Items))
	for i, it := range r.Items {
		it.Person, it.Manager, it.Goal = ID(it.Person), ID(it.Manager), ID(it.Goal)
		out.Items[i] = it
	}
	return &out
}

// fails reports whether the item fails the run under r.FailOn.
func (r *OverdueReport) fails(it OverdueItem) bool {
	switch r.FailOn {
	case "overdue":
		return it.State == "overdue"
	case "upcoming":
		return true
	}
	return false
}

// what says what is due, by ids only.
func (it OverdueItem) what() string {
	switch it.Kind {
	case "follow-up", "timing", "blocked":
		return it.Kind + " " + it.Goal
	case "disagreement":
		if len(it.Goals) > 0 {
			return "disagreement (goals " + strings.Join(it.Goals, ", ") + ")"
		}
		return it.Kind
	case "sign-off":
		s := it.SignOff
		if s == "" {
			s = "not verified"
		}
		return "sign-off (" + s + ")"
	case "conversation":
		if it.Basis != "next_conversation" && it.Basis != "" {
			return "conversation (" + it.Basis + ")"
		}
	}
	return it.Kind
}

func (it OverdueItem) where() string {
	if it.Line > 0 {
		return it.Path + ":" + strconv.Itoa(it.Line)
	}
	return it.Path
}

// overdueRelative says how far a day is from today in words: "today",
// "3 days ago", "in 1 day".
func overdueRelative(days int, overdue bool) string {
	switch {
	case days == 0:
		return "today"
	case days == 1 && overdue:
		return "yesterday"
	case days == 1:
		return "tomorrow"
	case overdue:
		return strconv.Itoa(days) + " days ago"
	}
	return "in " + strconv.Itoa(days) + " days"
}

// WriteOverdueText writes the items grouped by manager. On a terminal
// (relative true) due dates read "3 days ago"; piped, they are ISO dates
// with the number of days, for grep and awk.
func WriteOverdueText(w io.Writer, r *OverdueReport, s Style, relative bool) error {
	r = r.ids()
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	t := &termWriter{w: tw}
	group := "\x00"
	for _, it := range r.Items {
		if it.Manager != group {
			if group != "\x00" {
				t.printf("\n")
			}
			group = it.Manager
			name := it.Manager
			if name == "" {
				name = "(no manager)"
			}
			t.printf("%s\n", s.Bold(name))
		}
		state := s.Yellow(it.State)
		if it.State == "overdue" {
			state = s.Red(it.State)
		}
		var due, when string
		switch {
		case relative:
			when = "due " + overdueRelative(overdueDays(it), it.State == "overdue")
		case it.State == "overdue":
			due, when = it.Due, CountOf(it.DaysOverdue, "day", "days")+" overdue"
		case it.DaysLeft == 0:
			due, when = it.Due, "due today"
		default:
			due, when = it.Due, "due in "+CountOf(it.DaysLeft, "day", "days")
		}
		if relative {
			t.printf("  %s\t%s\t%s\t%s\t%s\n", it.Person, it.what(), state, when, s.Dim(it.where()))
		} else {
			t.printf("  %s\t%s\t%s\t%s\t%s\t%s\n", it.Person, it.what(), state, due, when, s.Dim(it.where()))
		}
	}
	if len(r.Items) > 0 {
		t.printf("\n")
	}
	t.printf("%s\n", overdueTally(r))
	if t.err != nil {
		return t.err
	}
	return tw.Flush()
}

func overdueDays(it OverdueItem) int {
	if it.State == "overdue" {
		return it.DaysOverdue
	}
	return it.DaysLeft
}

func overdueTally(r *OverdueReport) string {
	window := ""
	if r.Within != "" {
		window = " within " + r.Within
	}
	if r.Overdue == 0 && r.Upcoming == 0 {
		if r.Within != "" {
			return "nothing overdue or upcoming" + window + " as of " + r.AsOf
		}
		return "nothing overdue as of " + r.AsOf
	}
	t := fmt.Sprintf("%d overdue", r.Overdue)
	if r.Within != "" {
		t += fmt.Sprintf(", %d upcoming%s", r.Upcoming, window)
	}
	return t + " as of " + r.AsOf
}

// WriteOverdueJSON writes the report as documented JSON.
func WriteOverdueJSON(w io.Writer, r *OverdueReport) error {
	out := *r.ids()
	if out.Items == nil {
		out.Items = []OverdueItem{}
	}
	if out.Skipped == nil {
		out.Skipped = []OverdueSkipped{}
	}
	return WriteJSON(w, out)
}

// WriteOverdueGitHub writes one workflow annotation per item, on the line
// of the field the due date comes from. Items that fail the run are
// errors; other overdue items warnings, upcoming ones notices.
func WriteOverdueGitHub(w io.Writer, r *OverdueReport) error {
	r = r.ids()
	keys := []string{"file", "line", "title"}
	for _, it := range r.Items {
		level := "notice"
		switch {
		case r.fails(it):
			level = "error"
		case it.State == "overdue":
			level = "warning"
		}
		var msg string
		if it.State == "overdue" {
			msg = fmt.Sprintf("%s: %s is %s overdue (due %s, %s)", it.Person, it.what(), CountOf(it.DaysOverdue, "day", "days"), it.Due, it.Basis)
		} else {
			msg = fmt.Sprintf("%s: %s is due in %s (%s, %s)", it.Person, it.what(), CountOf(it.DaysLeft, "day", "days"), it.Due, it.Basis)
		}
		props := map[string]string{"file": it.Path, "title": "pop overdue"}
		if it.Line > 0 {
			props["line"] = strconv.Itoa(it.Line)
		}
		if _, err := fmt.Fprintln(w, GitHubCommand(level, keys, props, msg)); err != nil {
			return err
		}
	}
	return nil
}

// WriteOverdueMarkdown writes a table for an issue or a job summary.
func WriteOverdueMarkdown(w io.Writer, r *OverdueReport) error {
	r = r.ids()
	var b strings.Builder
	t := &mdWriter{w: &b}
	t.printf("## POP follow-up as of %s\n\n", r.AsOf)
	tally := overdueTally(r)
	t.printf("%s.\n", strings.ToUpper(tally[:1])+tally[1:])
	if len(r.Items) > 0 {
		t.printf("\n| Manager | Person | What | State | Due | Days | File |\n| --- | --- | --- | --- | --- | ---: | --- |\n")
		for _, it := range r.Items {
			t.printf("| %s | %s | %s | %s | %s | %d | %s |\n", mdCell(it.Manager), mdCell(it.Person),
				it.what(), it.State, it.Due, overdueDays(it), mdCodeCell(it.where()))
		}
	}
	if len(r.Skipped) > 0 {
		t.printf("\nNot read:\n\n")
		for _, s := range r.Skipped {
			t.printf("- %s: %s\n", mdCode(s.Path), s.Reason)
		}
	}
	if t.err != nil {
		return t.err
	}
	_, err := io.WriteString(w, b.String())
	return err
}
