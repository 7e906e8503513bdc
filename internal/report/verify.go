package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/popdev/pop/internal/signoff"
)

// VerifyOutput is the JSON form of pop verify's result.
type VerifyOutput struct {
	OK   bool         `json:"ok"`
	Rev  string       `json:"rev"`
	Pops []VerifyItem `json:"pops"`
}

// VerifyItem is one POP's sign-off state.
type VerifyItem struct {
	Path     string          `json:"path"`
	State    string          `json:"state"`
	OK       bool            `json:"ok"`
	Employee *VerifySignOff  `json:"employee"`
	Manager  *VerifySignOff  `json:"manager"`
	Changed  []string        `json:"changed"`
	Invalid  []VerifyInvalid `json:"invalid"`
	// Elsewhere are sign-offs of content the revision never held: they
	// do not affect the state.
	Elsewhere []VerifyElsewhere `json:"elsewhere"`
}

// VerifyElsewhere is a sign-off of content the revision never held (a
// proposal on another branch, an abandoned pull request).
type VerifyElsewhere struct {
	Commit   string `json:"commit"`
	Role     string `json:"role"`
	Decision string `json:"decision"`
	Valid    bool   `json:"valid"`
	Reason   string `json:"reason,omitempty"` // why it would not count either
}

// VerifySignOff is a sign-off that counts.
type VerifySignOff struct {
	Decision string   `json:"decision"`
	Reason   string   `json:"reason,omitempty"`
	Goals    []string `json:"goals,omitempty"` // disputed goals' ids
	Person   string   `json:"person"`
	Email    string   `json:"email"`
	Commit   string   `json:"commit"`
	Date     string   `json:"date"` // committer date, RFC 3339
	Method   string   `json:"method"`
	Key      string   `json:"key"`
	Progress bool     `json:"progress_updated"`
}

// VerifyInvalid is a sign-off that does not count.
type VerifyInvalid struct {
	Commit string `json:"commit"`
	Reason string `json:"reason"`
	Hint   string `json:"hint"`
}

// NewVerifyOutput converts statuses; pass decides which states pass.
func NewVerifyOutput(rev string, sts []signoff.Status, pass func(signoff.State) bool) VerifyOutput {
	out := VerifyOutput{OK: true, Rev: rev, Pops: []VerifyItem{}}
	for _, st := range sts {
		it := VerifyItem{Path: st.Path, State: string(st.State), OK: pass(st.State),
			Employee: verifySignOff(st.Employee), Manager: verifySignOff(st.Manager),
			Changed: append([]string{}, st.Changed...), Invalid: []VerifyInvalid{}, Elsewhere: []VerifyElsewhere{}}
		for _, e := range st.Elsewhere {
			it.Elsewhere = append(it.Elsewhere, VerifyElsewhere{Commit: e.Commit, Role: string(e.Role), Decision: string(e.Decision),
				Valid: e.Reason == "", Reason: e.Reason})
		}
		for _, f := range st.Invalid {
			it.Invalid = append(it.Invalid, VerifyInvalid{Commit: f.Commit, Reason: f.Reason, Hint: f.Hint})
		}
		out.OK = out.OK && it.OK
		out.Pops = append(out.Pops, it)
	}
	return out
}

func verifySignOff(s *signoff.SignOff) *VerifySignOff {
	if s == nil {
		return nil
	}
	return &VerifySignOff{Decision: string(s.Decision), Reason: s.Reason, Goals: s.Goals, Person: s.Person, Email: s.Email,
		Commit: s.Commit, Date: s.When.Format(time.RFC3339), Method: s.Method, Key: s.Key, Progress: s.Progress}
}

// WithoutReasons returns out with the reasons of the sign-offs left out:
// a reason is plan text (why someone disagrees), which CI logs and JSON
// must not carry; pop verify keeps them only with --reasons or on a
// terminal.
func (out VerifyOutput) WithoutReasons() VerifyOutput {
	pops := make([]VerifyItem, len(out.Pops))
	for i, it := range out.Pops {
		for _, so := range []**VerifySignOff{&it.Employee, &it.Manager} {
			if *so != nil && (*so).Reason != "" {
				c := **so
				c.Reason = ""
				*so = &c
			}
		}
		pops[i] = it
	}
	out.Pops = pops
	return out
}

// WriteVerifyText writes one line per POP with its state, and indented
// lines for what counts and what does not. The first line of a sign-off's
// reason follows it when out carries one (see WithoutReasons).
func WriteVerifyText(w io.Writer, out VerifyOutput, st Style) error {
	t := &termWriter{w: w}
	counts := map[string]int{}
	var order []string
	for _, it := range out.Pops {
		if counts[it.State] == 0 {
			order = append(order, it.State)
		}
		counts[it.State]++
		var state Styled
		switch {
		case it.OK:
			state = st.Green(it.State)
		case it.State == string(signoff.Invalid) || it.State == string(signoff.Changed) || it.State == string(signoff.Disagreed):
			state = st.Red(it.State)
		default:
			state = st.Yellow(it.State)
		}
		t.printf("%s: %s\n", it.Path, state)
		for _, s := range []struct {
			role string
			so   *VerifySignOff
		}{{"employee", it.Employee}, {"manager", it.Manager}} {
			if s.so == nil {
				continue
			}
			line := fmt.Sprintf("  %s %s %s, %s %s", s.role, s.so.Person, s.so.Decision, shortID(s.so.Commit), s.so.Date[:min(10, len(s.so.Date))])
			if s.so.Progress {
				line += ", progress updated since"
			}
			if len(s.so.Goals) > 0 {
				line += ", about goals " + strings.Join(s.so.Goals, ", ")
			}
			if s.so.Reason != "" {
				line += ": " + firstLine(s.so.Reason)
			}
			t.printf("%s\n", st.Dim(line))
		}
		if len(it.Changed) > 0 {
			t.printf("  changed after sign-off: %s\n", strings.Join(it.Changed, ", "))
		}
		for _, f := range it.Invalid {
			t.printf("  not counted: %s: %s\n", shortID(f.Commit), f.Reason)
			if f.Hint != "" {
				t.printf("    %s\n", st.Dim(f.Hint))
			}
		}
	}
	var parts []string
	for _, s := range order {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
	}
	if len(out.Pops) == 0 {
		parts = append(parts, "no POPs")
	}
	t.printf("%s: %s\n", CountOf(len(out.Pops), "POP", "POPs"), strings.Join(parts, ", "))
	return t.err
}

// WriteVerifyGitHub writes an error annotation per POP that does not
// pass, and a warning per sign-off that does not count on one that does.
func WriteVerifyGitHub(w io.Writer, out VerifyOutput) error {
	keys := []string{"file", "title"}
	for _, it := range out.Pops {
		if !it.OK {
			msg := "sign-off state: " + it.State
			if len(it.Changed) > 0 {
				msg += "; changed after sign-off: " + strings.Join(it.Changed, ", ")
			}
			for _, f := range it.Invalid {
				msg += "; " + shortID(f.Commit) + ": " + f.Reason
			}
			if _, err := fmt.Fprintln(w, GitHubCommand("error", keys, map[string]string{"file": it.Path, "title": "pop verify"}, msg)); err != nil {
				return err
			}
			continue
		}
		for _, f := range it.Invalid {
			if _, err := fmt.Fprintln(w, GitHubCommand("warning", keys, map[string]string{"file": it.Path, "title": "pop verify"},
				"sign-off "+shortID(f.Commit)+" does not count: "+f.Reason)); err != nil {
				return err
			}
		}
	}
	return nil
}

func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
