package report

import (
	"io"
	"strings"

	"github.com/popdev/pop/internal/diff"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/safe"
	"github.com/popdev/pop/internal/signoff"
)

// DiffJSON is the JSON output of pop diff.
type DiffJSON struct {
	Base  string         `json:"base"`
	Head  string         `json:"head"`
	Files []DiffFileJSON `json:"files"`
}

// DiffFileJSON is one changed POP.
type DiffFileJSON struct {
	Path        string            `json:"path"`
	Status      string            `json:"status"` // added, removed, modified
	Kind        string            `json:"kind"`
	Employee    string            `json:"employee"`
	Agreement   bool              `json:"agreement_changed"`
	Fields      []DiffChangeJSON  `json:"fields"`
	Goals       []DiffGoalJSON    `json:"goals"`
	Sections    []string          `json:"sections"`
	Body        bool              `json:"body_changed"`
	Unreadable  []string          `json:"unreadable"`
	SignOffs    []DiffSignOffJSON `json:"sign_offs_added"`
	StateBefore string            `json:"state_before"`
	StateAfter  string            `json:"state_after"`
	Holds       bool              `json:"sign_offs_hold"`
}

// DiffChangeJSON is one field changed.
type DiffChangeJSON struct {
	Field    string `json:"field"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Progress bool   `json:"progress"`
}

// DiffGoalJSON is one goal changed.
type DiffGoalJSON struct {
	ID      string           `json:"id"`
	Status  string           `json:"status"`
	Goal    string           `json:"goal"`
	Fields  []DiffChangeJSON `json:"fields"`
	Updates []DiffUpdateJSON `json:"updates_added"`
}

// DiffUpdateJSON is a progress update added.
type DiffUpdateJSON struct {
	Date string `json:"date"`
	Note string `json:"note"`
}

// DiffSignOffJSON is a sign-off made between the revisions.
type DiffSignOffJSON struct {
	Role     string `json:"role"`
	Decision string `json:"decision"`
	Person   string `json:"person"`
	Commit   string `json:"commit"`
}

// WriteDiffJSON writes the changes as JSON.
func WriteDiffJSON(w io.Writer, base, head string, files []diff.File) error {
	out := DiffJSON{Base: base, Head: head, Files: []DiffFileJSON{}}
	for _, f := range files {
		jf := DiffFileJSON{
			Path: f.Path, Status: string(f.Status), Kind: f.Kind, Employee: f.Employee,
			Agreement: f.Agreement(), Fields: changesJSON(f.Fields), Goals: []DiffGoalJSON{},
			Sections: append([]string{}, f.Sections...), Body: f.Body, Unreadable: append([]string{}, f.Unreadable...), SignOffs: []DiffSignOffJSON{},
			StateBefore: string(f.StateBefore), StateAfter: string(f.StateAfter), Holds: f.Holds(),
		}
		for _, g := range f.Goals {
			jg := DiffGoalJSON{ID: g.ID, Status: string(g.Status), Goal: g.Text, Fields: changesJSON(g.Fields), Updates: []DiffUpdateJSON{}}
			for _, u := range g.Updates {
				jg.Updates = append(jg.Updates, DiffUpdateJSON{u.Date.String(), u.Note})
			}
			jf.Goals = append(jf.Goals, jg)
		}
		for _, s := range f.SignOffs {
			jf.SignOffs = append(jf.SignOffs, DiffSignOffJSON{string(s.Role), string(s.Decision), s.Person, s.Commit})
		}
		out.Files = append(out.Files, jf)
	}
	return WriteJSON(w, out)
}

func changesJSON(cs []pop.Change) []DiffChangeJSON {
	out := []DiffChangeJSON{}
	for _, c := range cs {
		out = append(out, DiffChangeJSON{Field: fieldName(c), Old: c.Old, New: c.New, Progress: c.Progress})
	}
	return out
}

// fieldName is a change's field without the goal prefix.
func fieldName(c pop.Change) string {
	if i := strings.LastIndex(c.Field, "]."); i >= 0 && c.Goal != "" {
		return c.Field[i+2:]
	}
	return c.Field
}

// WriteDiffText writes the changes for a terminal or a log. Plan text
// shows (diff is the review tool), made safe for the terminal.
func WriteDiffText(w io.Writer, files []diff.File, st Style) error {
	t := &termWriter{w: w}
	for i, f := range files {
		if i > 0 {
			t.printf("\n")
		}
		t.printf("%s %s\n", st.Bold(f.Path), st.Dim("("+string(f.Status)+")"))
		for _, u := range f.Unreadable {
			t.printf("  %s\n", st.Red(safe.Term(u)))
		}
		for _, c := range f.Fields {
			t.printf("  %s: %s\n", c.Field, arrow(c))
		}
		for _, g := range f.Goals {
			switch g.Status {
			case diff.Added:
				t.printf("  %s goal %s: %s\n", st.Green("+"), g.ID, oneLine(g.Text))
			case diff.Removed:
				t.printf("  %s goal %s: %s\n", st.Red("-"), g.ID, oneLine(g.Text))
			default:
				t.printf("  ~ goal %s\n", g.ID)
			}
			for _, c := range g.Fields {
				tag := Styled("")
				if c.Progress {
					tag = st.Dim(" (progress)")
				}
				t.printf("      %s: %s%s\n", fieldName(c), arrow(c), tag)
			}
			for _, u := range g.Updates {
				t.printf("      update %s: %s\n", u.Date, oneLine(u.Note))
			}
		}
		if len(f.Sections) > 0 {
			t.printf("  sections changed: %s\n", strings.Join(f.Sections, ", "))
		}
		if f.Body {
			t.printf("  text outside the sections changed\n")
		}
		for _, s := range f.SignOffs {
			t.printf("  sign-off: %s %s (%s, %s)\n", string(s.Role), string(s.Decision), s.Person, short(s.Commit))
		}
		if line := stateLine(f); line != "" {
			styled := Styled(safe.Term(line))
			if !f.Holds() {
				styled = st.Red(line)
			}
			t.printf("  %s\n", styled)
		}
	}
	return t.err
}

// WriteDiffMarkdown writes the changes for a pull-request comment or a
// job summary. Every string from a POP or git goes through safe.Markdown
// or safe.MarkdownCode.
func WriteDiffMarkdown(w io.Writer, base, head string, files []diff.File) error {
	t := &mdWriter{w: w}
	t.printf("## POP changes (%s → %s)\n\n", mdCode(base), mdCode(head))
	if len(files) == 0 {
		t.printf("No POP changed.\n")
		return t.err
	}
	for _, f := range files {
		kind := "progress only"
		if f.Agreement() {
			kind = "agreement changed"
		}
		t.printf("### %s — %s, %s\n\n", mdCode(f.Path), mdText(string(f.Status)), kind)
		for _, u := range f.Unreadable {
			t.printf("- ⚠️ %s\n", mdText(u))
		}
		if len(f.Fields) > 0 {
			t.printf("| field | before | after |\n")
			t.printf("| --- | --- | --- |\n")
			for _, c := range f.Fields {
				t.printf("| %s | %s | %s |\n", mdCodeCell(c.Field), mdCell(c.Old), mdCell(c.New))
			}
			t.printf("\n")
		}
		for _, g := range f.Goals {
			switch g.Status {
			case diff.Added:
				t.printf("- **Goal %s added:** %s\n", mdCode(g.ID), mdText(g.Text))
			case diff.Removed:
				t.printf("- **Goal %s removed:** ~~%s~~\n", mdCode(g.ID), mdText(g.Text))
			default:
				t.printf("- **Goal %s changed**\n", mdCode(g.ID))
			}
			for _, c := range g.Fields {
				tag := mdRaw("")
				if c.Progress {
					tag = " _(progress)_"
				}
				t.printf("  - %s: %s → %s%s\n", mdCode(fieldName(c)), mdOld(c.Old), mdOld(c.New), tag)
			}
			for _, u := range g.Updates {
				t.printf("  - update %s: %s\n", mdText(u.Date.String()), mdText(u.Note))
			}
		}
		if len(f.Sections) > 0 {
			t.printf("- Sections rewritten: %s\n", mdText(strings.Join(f.Sections, ", ")))
		}
		if f.Body {
			t.printf("- Text outside the sections changed\n")
		}
		for _, s := range f.SignOffs {
			t.printf("- Sign-off: %s **%s** (%s, %s)\n", mdText(string(s.Role)), mdText(string(s.Decision)), mdText(s.Person), mdCode(short(s.Commit)))
		}
		if line := stateLine(f); line != "" {
			mark := "✅"
			if !f.Holds() {
				mark = "⚠️"
			}
			t.printf("- %s %s\n", mark, mdText(line))
		}
		t.printf("\n")
	}
	return t.err
}

func stateLine(f diff.File) string {
	if f.StateAfter == "" {
		return ""
	}
	line := "sign-off state: "
	if f.StateBefore != "" && f.StateBefore != f.StateAfter {
		line += string(f.StateBefore) + " → "
	}
	line += string(f.StateAfter)
	switch f.StateAfter {
	case signoff.Changed:
		line += ": the agreement changed after sign-off, earlier sign-offs no longer hold"
	case signoff.Invalid:
		line += ": a sign-off does not count (see pop verify)"
	}
	return line
}

func arrow(c pop.Change) string {
	return quoteEmpty(oneLine(c.Old)) + " → " + quoteEmpty(oneLine(c.New))
}

func quoteEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// mdText, mdCell and mdCode are the Markdown escapers of package safe,
// returning what mdWriter writes as it is.
func mdText(s string) mdRaw { return mdRaw(safe.Markdown(s)) }

func mdCell(s string) mdRaw { return mdRaw(safe.MarkdownCell(s)) }

func mdCode(s string) mdRaw { return mdRaw(safe.MarkdownCode(s)) }

func mdCodeCell(s string) mdRaw { return mdRaw(safe.MarkdownCodeCell(s)) }

func mdOld(s string) mdRaw {
	if s == "" {
		return "_(none)_"
	}
	return mdText(s)
}
