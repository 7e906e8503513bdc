package report

import (
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/popdev/pop/internal/safe"
)

// StatusReport is the output of pop status: one row per person. Its JSON
// form is documented in the README and stable.
type StatusReport struct {
	AsOf   string      `json:"as_of"`
	People []StatusRow `json:"people"`
}

// StatusRow is where one person's newest POP stands.
type StatusRow struct {
	Person  string `json:"person"`
	Manager string `json:"manager"`
	Path    string `json:"path"` // "" when the person has no POP yet
	// Unreadable is set when the newest POP's front matter or date
	// cannot be read; pop check says why.
	Unreadable bool   `json:"unreadable"`
	Date       string `json:"date"`     // the newest POP's date
	SignOff    string `json:"sign_off"` // sign-off state; "" when not verified
	Goals      int    `json:"goals"`
	OpenGoals  int    `json:"open_goals"`
	// NextDue is the earliest thing the POP waits for; nil when nothing.
	NextDue *StatusDue `json:"next_due"`
}

// StatusDue is the next thing a person's POP waits for.
type StatusDue struct {
	Kind  string `json:"kind"` // follow-up | conversation | sign-off
	Goal  string `json:"goal"` // goal id, for a follow-up
	Due   string `json:"due"`
	State string `json:"state"` // overdue | upcoming
	Days  int    `json:"days"`  // days overdue, or days left
}

// ids returns r with every id shown through ID and a list that is not
// nil: what each writer writes; r itself when nothing changes.
func (r *StatusReport) ids() *StatusReport {
	same := r.People != nil
	for _, row := range r.People {
		if ID(row.Person) != row.Person || ID(row.Manager) != row.Manager || (row.NextDue != nil && ID(row.NextDue.Goal) != row.NextDue.Goal) {
			same = false
			break
		}
	}
	if same {
		return r
	}
	out := *r
	out.People = make([]StatusRow, len(r.People))
	for i, row := range r.People {
		row.Person, row.Manager = ID(row.Person), ID(row.Manager)
		if row.NextDue != nil {
			d := *row.NextDue
			d.Goal = ID(d.Goal)
			row.NextDue = &d
		}
		out.People[i] = row
	}
	return &out
}

// WriteStatusText writes an aligned table with a header.
func WriteStatusText(w io.Writer, r *StatusReport, s Style) error {
	r = r.ids()
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	t := &termWriter{w: tw}
	t.printf("PERSON\tMANAGER\tLATEST POP\tSIGN-OFF\tOPEN GOALS\tNEXT DUE\n")
	for _, row := range r.People {
		date, state, open := "no POP", "-", "-"
		next := Styled("-")
		switch {
		case row.Unreadable:
			date = "unreadable"
		case row.Path != "":
			date, open = row.Date, strconv.Itoa(row.OpenGoals)+" of "+strconv.Itoa(row.Goals)
			state = row.SignOff
			if state == "" {
				state = "not verified"
			}
		}
		if d := row.NextDue; d != nil {
			what := d.Kind
			if d.Goal != "" {
				what += " " + d.Goal
			}
			when := s.Dim("in " + strconv.Itoa(d.Days) + "d")
			if d.State == "overdue" {
				when = s.Red(strconv.Itoa(d.Days) + "d overdue")
			}
			next = Styled(safe.Term(d.Due+" "+what+" (")) + when + ")"
		}
		manager := row.Manager
		if manager == "" {
			manager = "-"
		}
		t.printf("%s\t%s\t%s\t%s\t%s\t%s\n", row.Person, manager, date, state, open, next)
	}
	if t.err != nil {
		return t.err
	}
	return tw.Flush()
}

// WriteStatusJSON writes the report as documented JSON.
func WriteStatusJSON(w io.Writer, r *StatusReport) error {
	return WriteJSON(w, r.ids())
}
