// Package site builds what pop render writes (SPEC §3 render): a page per
// POP and, for --all, an index. It prepares what package view lays out —
// names from the registry, what falls due by package followup's rules, the
// same pop overdue uses — and leaves reading committed versions, checking
// sign-offs and the file system to its caller, through Options.
package site

import (
	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
	"github.com/popdev/pop/internal/site/view"
)

// POP is one POP to render, with what the file alone does not say.
type POP struct {
	Doc *pop.Doc
	// People gives the names of employee, manager, guides and signers;
	// nil shows ids.
	People *repo.People
	// SignOff is the POP's state from signoff.Verify; nil when it could
	// not be checked, with SignOffError saying why.
	SignOff      *signoff.Status
	SignOffError string
	Today        pop.Date
	// Current says this is the POP pop overdue looks at for its person,
	// so its follow-ups and next conversation are marked when due.
	Current bool
	Within  pop.Span       // how far ahead "coming up" looks
	Rules   followup.Rules // the repository's overdue settings
	// IndexHref links back to the site's index; "" for a single page.
	IndexHref string
	// Uncommitted names the agreement fields in which the rendered file
	// differs from its committed version, the one sign-off speaks of.
	Uncommitted []string
	// OrgGoals are the organisation goals of .pop.yaml, whose titles the
	// page shows beside the goals that serve them.
	OrgGoals []repo.OrgGoal
}

// View prepares the POP for package view.
func (in *POP) View() view.POP {
	return view.POP{
		Doc:          in.Doc,
		Names:        names(in.People, in.Doc, in.SignOff),
		SignOff:      in.SignOff,
		SignOffError: in.SignOffError,
		Today:        in.Today,
		Due:          pageDue(in.plan(), in.Rules, in.window(), in.Current),
		IndexHref:    in.IndexHref,
		Uncommitted:  in.Uncommitted,
		OrgGoals:     orgGoalTitles(in.OrgGoals),
	}
}

func orgGoalTitles(goals []repo.OrgGoal) map[string]string {
	if len(goals) == 0 {
		return nil
	}
	m := make(map[string]string, len(goals))
	for _, g := range goals {
		m[g.ID] = g.Title
	}
	return m
}

// plan is the POP as the follow-up rules see it.
func (in *POP) plan() followup.Plan {
	p := followup.Plan{Path: in.Doc.Path, Person: in.Doc.Employee, Manager: in.Doc.Manager, Doc: in.Doc}
	if in.SignOff != nil {
		p.SignOff = in.SignOff.State
	}
	return p
}

// window is what the page marks: overdue before today, coming up within
// Within.
func (in *POP) window() followup.Window { return followup.NewWindow(in.Today, in.Within, true) }

// names looks up the people a POP mentions in the registry.
func names(people *repo.People, doc *pop.Doc, st *signoff.Status) map[string]string {
	if people == nil {
		return nil
	}
	out := map[string]string{}
	add := func(id string) {
		if id == "" {
			return
		}
		if _, done := out[id]; done {
			return
		}
		if p, ok := people.Get(id); ok && p.Name != "" {
			out[id] = p.Name
		}
	}
	add(doc.Employee)
	add(doc.Manager)
	for _, g := range doc.Goals {
		add(g.Guide)
	}
	if st != nil {
		for _, so := range []*signoff.SignOff{st.Employee, st.Manager} {
			if so != nil {
				add(so.Person)
			}
		}
	}
	return out
}
