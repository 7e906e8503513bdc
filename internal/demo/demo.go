// Package demo builds sample POP repositories: a small team for people to
// try pop on, and large generated teams for benchmarks. Dates are set
// relative to a given day, so the sample always has something overdue and
// something coming up, and the same day always gives the same bytes.
package demo

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"go.yaml.in/yaml/v3"
	"golang.org/x/crypto/ssh"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
	"github.com/popdev/pop/internal/signoff"
)

// Options say what to build.
type Options struct {
	Today pop.Date
	// People, when above zero, builds a generated team of that many
	// employees (one POP each) instead of the hand-written sample team.
	People int
	// NoGit writes only the files, for benchmarks that do not need history.
	NoGit bool
	// Seal seals the sample team's POPs and prep notes to its throwaway
	// keys (SPEC §8) and writes seal: true. The keys live in the git
	// folder, so a build with NoGit, and a generated team, stay in clear.
	Seal bool
	// Step, when set, is called after each POP file is written (stage
	// StageWrite) and before each commit (StageCommit), so that the caller
	// can show progress.
	Step func(stage string)
}

// The stages Options.Step reports.
const (
	StageWrite  = "write"
	StageCommit = "commit"
)

// Person is a member of the sample team.
type Person struct {
	ID, Name, Email, Manager string
}

// Doc is a POP or prep note as the demo writes it; its fields follow the
// front matter order of the schema.
type Doc struct {
	Pop              int      `yaml:"pop"`
	Kind             string   `yaml:"kind"`
	Employee         string   `yaml:"employee"`
	Manager          string   `yaml:"manager,omitempty"`
	Date             day      `yaml:"date"`
	Companion        string   `yaml:"companion,omitempty"`
	For              string   `yaml:"for,omitempty"`
	Agenda           []string `yaml:"agenda,omitempty,flow"`
	NextConversation day      `yaml:"next_conversation,omitempty"`
	Goals            []Goal   `yaml:"goals,omitempty"`

	lang string
	body []string // one answer per section
}

// Goal is a goal as the demo writes it.
type Goal struct {
	ID       string `yaml:"id"`
	Goal     string `yaml:"goal"`
	Measure  string `yaml:"measure,omitempty"`
	Action   string `yaml:"action,omitempty"`
	Timing   string `yaml:"timing,omitempty"`
	Support  string `yaml:"support,omitempty"`
	Guide    string `yaml:"guide,omitempty"`
	FollowUp string `yaml:"follow_up,omitempty"`
	// Evaluation says how the follow-up happens; OrgGoal names an
	// organisation goal of the demo's .pop.yaml.
	Evaluation string   `yaml:"evaluation,omitempty"`
	OrgGoal    string   `yaml:"org_goal,omitempty"`
	Budget     string   `yaml:"budget,omitempty"`
	Status     string   `yaml:"status,omitempty"`
	Updates    []Update `yaml:"updates,omitempty"`
}

// Update is a progress note as the demo writes it.
type Update struct {
	Date day    `yaml:"date"`
	Note string `yaml:"note"`
}

// day is a YYYY-MM-DD date, written plain rather than quoted.
type day string

// MarshalYAML writes the date without the quotes yaml.v3 puts around
// strings that look like timestamps.
func (d day) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: string(d)}, nil
}

// Result says what was built.
type Result struct {
	Dir   string
	Files []string // POP and prep files, root-relative
	Team  []Person
}

// Build writes a sample repository into dir, which must be empty or absent.
func Build(dir string, o Options) (*Result, error) {
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	var people []Person
	var docs []*Doc
	var history []*Doc // written in a first commit, a year earlier
	if o.People > 0 {
		people, docs = generated(o.People, o.Today)
	} else {
		people, history, docs = sample(o.Today)
	}
	res := &Result{Dir: dir, Team: people}
	step := func(stage string) {
		if o.Step != nil {
			o.Step(stage)
		}
	}

	write := func(rel string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	cfg := repo.DefaultConfig()
	sealed := o.Seal && o.People == 0 && !o.NoGit
	if err := write(repo.ConfigFile, config(o.Today, sealed)); err != nil {
		return nil, err
	}
	if sealed {
		if err := write(".gitattributes", []byte(cfg.Dir+"/**/*.md diff=pop\n")); err != nil {
			return nil, err
		}
	}
	reg, err := registry(people)
	if err != nil {
		return nil, err
	}
	if err := write(cfg.People, reg); err != nil {
		return nil, err
	}
	// sealTo seals a document once the keys are made; nil keeps it clear.
	var sealTo func(rel string, data []byte) ([]byte, error)
	writeDocs := func(ds []*Doc) error {
		for _, d := range ds {
			data, err := d.Render()
			if err != nil {
				return err
			}
			rel := d.Path(cfg.Dir)
			if sealTo != nil {
				if data, err = sealTo(rel, data); err != nil {
					return err
				}
			}
			if err := write(rel, data); err != nil {
				return err
			}
			res.Files = append(res.Files, rel)
			step(StageWrite)
		}
		return nil
	}
	if o.NoGit {
		if err := writeDocs(history); err != nil {
			return nil, err
		}
		return res, writeDocs(docs)
	}

	r, err := repo.InitGit(dir)
	if err != nil {
		return nil, err
	}
	var ks map[string]ssh.Signer
	if o.People == 0 {
		var signers []byte
		if ks, signers, err = keys(dir, people); err != nil {
			return nil, err
		}
		if err := write(cfg.AllowedSigners, signers); err != nil {
			return nil, err
		}
		if sealed {
			if sealTo, err = sealer(reg, cfg, signers); err != nil {
				return nil, err
			}
		}
	}
	lead := people[0]
	when := o.Today.AddMonths(-13).AddDays(2).Time().Add(10 * time.Hour) // just after the old POP's conversation
	if err := writeDocs(history); err != nil {
		return nil, err
	}
	step(StageCommit)
	if err := commit(r, "Set up the team's POP repository", lead, when); err != nil {
		return nil, err
	}
	if o.People > 0 {
		if err := writeDocs(docs); err != nil {
			return nil, err
		}
		step(StageCommit)
		return res, commit(r, "Add this round's POPs", lead, o.Today.AddDays(-1).Time().Add(10*time.Hour))
	}
	// The sample team's sign-offs: last year's POP agreed by both; this
	// round one agreed, one signed by the employee only, one disagreed
	// and one changed after both signed.
	if err := sign(dir, people, ks, when.Add(24*time.Hour), []signOff{
		{history[0], signoff.RoleEmployee, signoff.DecisionAgreed, "", nil},
		{history[0], signoff.RoleManager, signoff.DecisionAgreed, "", nil},
	}); err != nil {
		return nil, err
	}
	if err := writeDocs(docs); err != nil {
		return nil, err
	}
	when = o.Today.AddDays(-2).Time().Add(10 * time.Hour)
	if err := commit(r, "Add this round's POPs", lead, when); err != nil {
		return nil, err
	}
	jan, lotte, priya, mateo := docs[0], docs[1], docs[3], docs[4]
	if err := sign(dir, people, ks, when, []signOff{
		{jan, signoff.RoleEmployee, signoff.DecisionAgreed, "", nil},
		{jan, signoff.RoleManager, signoff.DecisionAgreed, "", nil},
		{lotte, signoff.RoleEmployee, signoff.DecisionAgreed, "", nil},
		{priya, signoff.RoleEmployee, signoff.DecisionAgreed, "", nil},
		{priya, signoff.RoleManager, signoff.DecisionAgreed, "", nil},
		{mateo, signoff.RoleEmployee, signoff.DecisionDisagreed, "The course should come before the threat-model sessions, not after.", []string{"security"}},
		{mateo, signoff.RoleManager, signoff.DecisionAgreed, "", nil},
	}); err != nil {
		return nil, err
	}
	// Priya's budget goes up after both signed: changed after sign-off.
	priya.Goals[1].Budget = "450 EUR"
	if err := writeDocs([]*Doc{priya}); err != nil {
		return nil, err
	}
	res.Files = res.Files[:len(res.Files)-1]
	return res, commit(r, "Raise the course budget in Priya's POP", people[3], o.Today.AddDays(-1).Time().Add(10*time.Hour))
}

func commit(r *git.Repository, msg string, p Person, when time.Time) error {
	return repo.CommitAll(r, msg, p.Name, p.Email, when)
}

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty; pop demo only builds in an empty or new folder", dir)
	}
	return nil
}

func registry(people []Person) ([]byte, error) {
	type entry struct {
		ID      string `yaml:"id"`
		Name    string `yaml:"name"`
		Email   string `yaml:"email"`
		Manager string `yaml:"manager,omitempty"`
	}
	var es []entry
	for _, p := range people {
		es = append(es, entry(p))
	}
	var b bytes.Buffer
	b.WriteString("# The sample team. Emails are made up.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(es); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// config is the sample team's .pop.yaml: the organisation's goals and
// the development budget at hand this year and next.
func config(today pop.Date, sealed bool) []byte {
	y := today.Year()
	seal := ""
	if sealed {
		seal = "seal: true\n"
	}
	return []byte(fmt.Sprintf(`# Sample POP repository made by pop demo.
lang: nl
%sorg_goals:
  - {id: klantgericht, title: Klantgericht werken}
  - {id: kwaliteit, title: Kwaliteit en veiligheid van onze software}
  - {id: groei, title: Groeien als team}
budgets:
  %d: [2500 EUR, 500 USD]
  %d: [2000 EUR]
`, seal, y, y+1))
}

// sealer returns a function that seals a document to its readers, with
// the keys of the registry and allowed signers the demo wrote.
func sealer(registry []byte, cfg repo.Config, signers []byte) (func(rel string, data []byte) ([]byte, error), error) {
	people, _, err := repo.ParsePeople(cfg.People, registry)
	if err != nil {
		return nil, err
	}
	ss, err := repo.ParseAllowedSigners(cfg.AllowedSigners, signers)
	if err != nil {
		return nil, err
	}
	keys := seal.NewKeyring(people, ss)
	return func(rel string, data []byte) ([]byte, error) {
		d := pop.ParseFrontMatter(rel, data)
		to, err := keys.For(seal.ReadersOf(d, cfg.Readers, nil))
		if err != nil {
			return nil, fmt.Errorf("demo: seal %s: %w", rel, err)
		}
		out, err := seal.Seal(data, seal.Options{To: to})
		if err != nil {
			return nil, fmt.Errorf("demo: seal %s: %w", rel, err)
		}
		return out, nil
	}, nil
}

// Path is where the document is kept under dir.
func (d *Doc) Path(dir string) string {
	name := string(d.Date)
	if d.Kind == pop.KindPrep {
		name += "-prep"
	}
	if d.For == pop.ForManager {
		name += "-manager"
	}
	return dir + "/" + d.Employee + "/" + name + ".md"
}

// Render writes the document: front matter, a title and the sections.
func (d *Doc) Render() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n\n")
	title, kind := "POP", d.Kind
	if d.Kind == pop.KindPrep {
		title = map[string]string{"nl": "Voorbereiding", "en": "Preparation"}[d.lang]
	}
	if d.For == pop.ForManager {
		title = map[string]string{"nl": "Voorbereiding leidinggevende", "en": "Manager's preparation"}[d.lang]
		kind = pop.SectionsPrepManager
	}
	fmt.Fprintf(&b, "# %s %s — %s\n", title, d.Employee, d.Date)
	for i, s := range pop.Sections(kind) {
		fmt.Fprintf(&b, "\n## %d. %s\n\n", i+1, s.Title(d.lang))
		if i < len(d.body) && d.body[i] != "" {
			b.WriteString(strings.TrimSpace(d.body[i]))
			b.WriteString("\n")
		}
	}
	return b.Bytes(), nil
}
