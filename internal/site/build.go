package site

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
	"github.com/popdev/pop/internal/site/view"
)

// Options say where the site goes and give Build what lies outside it.
type Options struct {
	Out    string // the folder to write into
	Today  pop.Date
	Within pop.Span
	// Verify gives the sign-off states of the POPs at the given
	// root-relative paths; it is asked once.
	Verify func(ctx context.Context, paths []string) (*signoff.Report, error)
	// Describe sets a page's sign-off state and uncommitted fields from
	// the verification report (rep is nil and verr set when it failed);
	// data is the file as read.
	Describe func(in *POP, data []byte, rep *signoff.Report, verr error)
	// Refuse says why target must not be written (someone's own file);
	// nil when it may be. Every target is asked before anything is written.
	Refuse func(target string) error
	// Write puts a page at target.
	Write func(target string, page []byte) error
	// Warn reports what is left out or could not be checked.
	Warn func(msg string)
	// Display shows a root-relative path to the user.
	Display func(rel string) string
	// Open returns the clear text of a sealed file, or nil when it
	// cannot be opened: the page then shows the clear fields. nil
	// leaves sealed files as they are.
	Open func(rel string, data []byte) []byte
}

// Result says what Build left out.
type Result struct {
	Unreadable int // POPs that could not be read and have no page
}

// Build writes the site: a page per POP, then the index. Only the front
// matter of each person's current POP stays in memory, for the index.
func Build(ctx context.Context, r *repo.Repo, o Options) (Result, error) {
	var res Result
	people, _, err := r.People()
	if err != nil {
		return res, err
	}
	files, err := r.List()
	if err != nil {
		return res, err
	}
	newest := repo.Newest(files)
	// Per person, newest first, so that older POPs list after the latest.
	sort.SliceStable(files, func(i, j int) bool {
		if files[i].Person != files[j].Person {
			return files[i].Person < files[j].Person
		}
		return files[i].Date.After(files[j].Date)
	})
	var pops []repo.File
	for _, f := range files {
		switch {
		case f.Kind == pop.KindPrep:
			continue // preparation notes are the employee's own
		case f.Kind == "" || !repo.IsSlug(f.Person):
			o.Warn(fmt.Sprintf("%s is not named <person>/<YYYY-MM-DD>.md; not rendered", o.Display(f.Path)))
			continue
		}
		pops = append(pops, f)
	}
	pageOf := func(f repo.File) (href, target string) {
		href = f.Person + "/" + f.Date.String() + ".html"
		return href, filepath.Join(o.Out, filepath.FromSlash(href))
	}

	// Refuse before writing anything when a target is someone's own file.
	index := filepath.Join(o.Out, "index.html")
	if err := o.Refuse(index); err != nil {
		return res, err
	}
	for _, f := range pops {
		_, target := pageOf(f)
		if err := o.Refuse(target); err != nil {
			return res, err
		}
	}

	paths := make([]string, len(pops))
	for i, f := range pops {
		paths[i] = f.Path
	}
	states, verr := o.Verify(ctx, paths)
	if verr != nil {
		o.Warn(fmt.Sprintf("the sign-off states could not be checked: %v", verr))
	}
	// What is due comes from the POPs pop overdue looks at, read the way
	// it reads them, with the states just verified.
	rules := followup.RulesOf(r.Config)
	team, err := followup.Load(ctx, r, followup.LoadOptions{
		Today:     o.Today,
		ManagerOf: func(id string) string { p, _ := people.Get(id); return p.ManagerOn(o.Today) },
		Left:      func(id string) pop.Date { p, _ := people.Get(id); return p.Left },
		SignOffs:  knownSignOffs(states, verr),
	})
	if err != nil {
		return res, err
	}
	for i, p := range team.Plans {
		// The index needs the front matter only: let the file go.
		lean := *p.Doc
		lean.Body, lean.Sections = nil, nil
		team.Plans[i].Doc = &lean
	}
	current := currentPOPs(team, newest)

	byPerson := map[string]*view.IndexPerson{}
	person := func(id string) *view.IndexPerson {
		if p, ok := byPerson[id]; ok {
			return p
		}
		p := &view.IndexPerson{ID: id, Name: id}
		if per, ok := people.Get(id); ok {
			if per.Name != "" {
				p.Name = per.Name
			}
			p.Manager = per.Manager
			if m, ok := people.Get(per.Manager); ok && m.Name != "" {
				p.Manager = m.Name
			}
		}
		byPerson[id] = p
		return p
	}
	for _, per := range people.List {
		person(per.ID)
	}
	var b bytes.Buffer
	for _, f := range pops {
		href, target := pageOf(f)
		p := person(f.Person)
		isCurrent := current[f.Person] == f.Path
		data, err := r.ReadListed(f.Path)
		if err != nil {
			return res, fmt.Errorf("read %s: %w", f.Path, err)
		}
		text := data
		if o.Open != nil && pop.IsSealed(data) {
			if clear := o.Open(f.Path, data); clear != nil {
				text = clear
			}
		}
		doc := pop.Parse(f.Path, text)
		if err := Renderable(o.Display(f.Path), doc); err != nil {
			o.Warn(fmt.Sprintf("%s; not rendered", err))
			res.Unreadable++
			if isCurrent {
				p.Latest, p.Unreadable = f.Date.String(), true
			}
			continue
		}
		if n := len(doc.Problems); n > 0 {
			o.Warn(ProblemsWarning(o.Display(f.Path), n))
		}
		in := POP{
			Doc: doc, People: people, Today: o.Today, Within: o.Within, Rules: rules,
			Current: isCurrent, IndexHref: "../index.html", OrgGoals: r.Config.OrgGoals,
		}
		o.Describe(&in, data, states, verr)
		b.Reset()
		if err := view.WritePage(&b, in.View()); err != nil {
			return res, err
		}
		if err := o.Write(target, b.Bytes()); err != nil {
			return res, err
		}
		if !isCurrent {
			p.Older = append(p.Older, view.IndexLink{Date: f.Date.String(), Href: href})
			continue
		}
		p.Latest, p.Href = doc.Date.String(), href
		if p.Latest == "" {
			p.Latest = doc.Path
		}
		if in.SignOff != nil {
			p.SignOff = in.SignOff.State
		}
	}

	// The index lists what pop overdue lists, with --within as the
	// window of what is coming up.
	docs := make(map[string]*pop.Doc, len(team.Plans))
	for _, plan := range team.Plans {
		docs[plan.Path] = plan.Doc
	}
	for _, d := range followup.Select(team.Plans, rules, followup.NewWindow(o.Today, o.Within, true)) {
		p := person(d.Person)
		if p.Unreadable {
			continue
		}
		it := dueItem(docs[d.Path], d.Item)
		if d.When == followup.Overdue {
			p.Overdue = append(p.Overdue, it)
		} else {
			p.Upcoming = append(p.Upcoming, it)
		}
	}
	for _, plan := range team.Plans {
		if p := person(plan.Person); !p.Unreadable {
			p.Next = nextDate(plan, rules, o.Today)
		}
	}

	idx := view.Index{Lang: r.Config.Lang, Today: o.Today}
	for _, p := range byPerson {
		idx.People = append(idx.People, *p)
	}
	sort.Slice(idx.People, func(i, j int) bool { return idx.People[i].ID < idx.People[j].ID })
	b.Reset()
	if err := view.WriteIndex(&b, idx); err != nil {
		return res, err
	}
	return res, o.Write(index, b.Bytes())
}

// knownSignOffs answers followup.Load with the states already verified.
func knownSignOffs(rep *signoff.Report, verr error) followup.SignOffs {
	return func(context.Context, []string) (map[string]followup.Signed, error) {
		if verr != nil {
			return nil, verr
		}
		return followup.SignedOf(rep), nil
	}
}

// currentPOPs gives, per person, the path of the POP pop overdue looks at:
// the plan followup.Load chose, or else the newest file (one the due rules
// cannot read still gets a page).
func currentPOPs(team *followup.Team, newest map[string]repo.File) map[string]string {
	current := make(map[string]string, len(newest))
	for person, f := range newest {
		current[person] = f.Path
	}
	for _, p := range team.Plans {
		current[p.Person] = p.Path
	}
	return current
}

// IsCurrent reports whether the POP at rel is the one of person that pop
// overdue looks at, so that its page marks what is due.
func IsCurrent(ctx context.Context, r *repo.Repo, person, rel string, today pop.Date) (bool, error) {
	team, err := followup.Load(ctx, r, followup.LoadOptions{Person: person, Today: today})
	if err != nil {
		return false, err
	}
	files, err := r.List()
	if err != nil {
		return false, err
	}
	newest := map[string]repo.File{}
	if f, ok := repo.Newest(files)[person]; ok {
		newest[person] = f
	}
	cur, ok := currentPOPs(team, newest)[person]
	return !ok || cur == rel, nil
}
