package followup

import (
	"context"
	"fmt"
	"sort"

	"github.com/popdev/pop/internal/par"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/signoff"
)

// Team is the current POP of each person, read from the work tree.
type Team struct {
	Plans   []Plan    // by person
	Skipped []Skipped // newest POPs the rules cannot read
	// Planned is, per person, the first POP dated after the day looked
	// at: a planned conversation, which hides nothing.
	Planned map[string]repo.File
	// SignOffErr is set when the sign-off states could not be verified;
	// every plan's SignOff is then "" (not signed).
	SignOffErr error
}

// Skipped is a newest POP left out because its front matter or date
// cannot be read; pop check says why in detail.
type Skipped struct {
	Path   string
	Reason string
}

// Signed is what the follow-up rules need of a POP's sign-off: its
// state, and the goals a disagreement names.
type Signed struct {
	State    signoff.State
	Disputed []string
}

// SignOffs returns the sign-offs of the POPs at the given root-relative
// paths. Load calls it once.
type SignOffs func(ctx context.Context, paths []string) (map[string]Signed, error)

// SignedOf takes from a verification report what the follow-up rules need.
func SignedOf(rep *signoff.Report) map[string]Signed {
	out := make(map[string]Signed, len(rep.Statuses))
	for _, s := range rep.Statuses {
		out[s.Path] = Signed{State: s.State, Disputed: s.DisputedGoals()}
	}
	return out
}

// VerifySignOffs returns SignOffs that asks signoff.Verify about the work
// tree's HEAD: the one place that reads the git history.
func VerifySignOffs(r *repo.Repo) SignOffs {
	return func(ctx context.Context, paths []string) (map[string]Signed, error) {
		rep, err := signoff.Verify(ctx, signoff.Options{Repo: r, Paths: paths, Drafts: true})
		if err != nil {
			return nil, err
		}
		return SignedOf(rep), nil
	}
}

// LoadOptions say whose POPs to read.
type LoadOptions struct {
	Person  string // only this person; "" for everyone
	Manager string // only people whose POP (or else the registry) names this manager
	// ManagerOf gives the manager of a person whose POP names none, from
	// the registry; may be nil. Load calls it only for such POPs, so a
	// large registry is read only when needed.
	ManagerOf func(person string) string
	// SignOffs, when set, is asked for the states of the plans read.
	SignOffs SignOffs
	// Today is the day looked at (--as-of): a person's current POP is
	// their newest dated on or before it; a later one is planned. A zero
	// Today takes the newest POP of each person as current.
	Today pop.Date
	// Left gives the day a person left the team (zero when they have
	// not); may be nil. From that day they are left out.
	Left func(person string) pop.Date
}

// Current returns, per person, their current POP on day today (the
// newest kind: pop dated on or before it) and their planned one (the
// earliest dated after it). A zero today takes the newest as current.
func Current(files []repo.File, today pop.Date) (current, planned map[string]repo.File) {
	if today.IsZero() {
		return repo.Newest(files), map[string]repo.File{}
	}
	current, planned = map[string]repo.File{}, map[string]repo.File{}
	for _, f := range files {
		if f.Kind != pop.KindPOP {
			continue
		}
		if f.Date.After(today) {
			if cur, ok := planned[f.Person]; !ok || f.Date.Before(cur.Date) {
				planned[f.Person] = f
			}
			continue
		}
		if cur, ok := current[f.Person]; !ok || f.Date.After(cur.Date) {
			current[f.Person] = f
		}
	}
	return current, planned
}

// HasLeft reports whether a person who left on day left (zero: never) is
// out of the team on day today.
func HasLeft(left, today pop.Date) bool {
	return !left.IsZero() && !today.Before(left)
}

// Load reads the newest POP of each person, front matter only and in
// parallel, then asks for their sign-off states once.
func Load(ctx context.Context, r *repo.Repo, o LoadOptions) (*Team, error) {
	files, err := r.List()
	if err != nil {
		return nil, err
	}
	current, planned := Current(files, o.Today)
	gone := func(person string) bool {
		return o.Left != nil && !o.Today.IsZero() && HasLeft(o.Left(person), o.Today)
	}
	var newest []repo.File
	for _, f := range current {
		if (o.Person == "" || f.Person == o.Person) && !gone(f.Person) {
			newest = append(newest, f)
		}
	}
	t := &Team{Planned: map[string]repo.File{}}
	for person, f := range planned {
		if (o.Person == "" || person == o.Person) && !gone(person) {
			t.Planned[person] = f
		}
	}
	sort.Slice(newest, func(i, j int) bool { return newest[i].Person < newest[j].Person })

	// Without a manager filter, every POP read is wanted: ask for their
	// sign-offs while they are read, so that the git history is walked
	// while the files are parsed. With one, only the manager's plans are
	// asked for, after reading.
	var (
		states  map[string]Signed
		signErr error
		asked   = make(chan struct{})
	)
	early := o.SignOffs != nil && o.Manager == "" && len(newest) > 0
	if early {
		paths := make([]string, len(newest))
		for i, f := range newest {
			paths[i] = f.Path
		}
		go func() {
			defer close(asked)
			states, signErr = o.SignOffs(ctx, paths)
		}()
	}

	docs := make([]*pop.Doc, len(newest))
	errs := make([]error, len(newest))
	par.Each(ctx, len(newest), func(i int) {
		data, err := r.ReadListed(newest[i].Path)
		if err != nil {
			errs[i] = fmt.Errorf("read %s: %w", newest[i].Path, err)
			return
		}
		docs[i] = pop.ParseFrontMatter(newest[i].Path, data)
	})
	if early {
		<-asked
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	for i, f := range newest {
		if errs[i] != nil {
			return nil, errs[i]
		}
		d := docs[i]
		manager := d.Manager
		if manager == "" && o.ManagerOf != nil {
			manager = o.ManagerOf(f.Person)
		}
		if o.Manager != "" && manager != o.Manager {
			continue
		}
		switch {
		case !d.HasFrontMatter:
			t.Skipped = append(t.Skipped, Skipped{f.Path, "front matter cannot be read"})
		case d.Date.IsZero():
			t.Skipped = append(t.Skipped, Skipped{f.Path, "date is missing or not a date"})
		default:
			t.Plans = append(t.Plans, Plan{Path: f.Path, Person: f.Person, Manager: manager, Doc: d, Planned: t.Planned[f.Person].Date})
		}
	}
	if o.SignOffs != nil && !early && len(t.Plans) > 0 {
		paths := make([]string, len(t.Plans))
		for i, p := range t.Plans {
			paths[i] = p.Path
		}
		states, signErr = o.SignOffs(ctx, paths)
	}
	if signErr != nil {
		t.SignOffErr = signErr
		states = nil
	}
	for i := range t.Plans {
		st := states[t.Plans[i].Path]
		t.Plans[i].SignOff, t.Plans[i].Disputed = st.State, st.Disputed
	}
	return t, nil
}
