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

// Team is the newest POP of each person, read from the work tree.
type Team struct {
	Plans   []Plan    // by person
	Skipped []Skipped // newest POPs the rules cannot read
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

// SignOffs returns the sign-off state of the POPs at the given
// root-relative paths. Load calls it once.
type SignOffs func(ctx context.Context, paths []string) (map[string]signoff.State, error)

// VerifySignOffs returns SignOffs that asks signoff.Verify about the work
// tree's HEAD: the one place that reads the git history.
func VerifySignOffs(r *repo.Repo) SignOffs {
	return func(ctx context.Context, paths []string) (map[string]signoff.State, error) {
		rep, err := signoff.Verify(ctx, signoff.Options{Repo: r, Paths: paths, Drafts: true})
		if err != nil {
			return nil, err
		}
		states := make(map[string]signoff.State, len(rep.Statuses))
		for _, s := range rep.Statuses {
			states[s.Path] = s.State
		}
		return states, nil
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
}

// Load reads the newest POP of each person, front matter only and in
// parallel, then asks for their sign-off states once.
func Load(ctx context.Context, r *repo.Repo, o LoadOptions) (*Team, error) {
	files, err := r.List()
	if err != nil {
		return nil, err
	}
	var newest []repo.File
	for _, f := range repo.Newest(files) {
		if o.Person == "" || f.Person == o.Person {
			newest = append(newest, f)
		}
	}
	sort.Slice(newest, func(i, j int) bool { return newest[i].Person < newest[j].Person })

	// Without a manager filter, every POP read is wanted: ask for their
	// sign-offs while they are read, so that the git history is walked
	// while the files are parsed. With one, only the manager's plans are
	// asked for, after reading.
	var (
		states  map[string]signoff.State
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

	t := &Team{}
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
			t.Plans = append(t.Plans, Plan{Path: f.Path, Person: f.Person, Manager: manager, Doc: d})
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
		t.Plans[i].SignOff = states[t.Plans[i].Path]
	}
	return t, nil
}
