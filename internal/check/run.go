package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/popdev/pop/internal/par"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/seal"
	"github.com/popdev/pop/internal/suggest"
)

// ErrOutside is returned by Run for a path outside the repository.
var ErrOutside = errors.New("outside the POP repository")

// Result is what Run found.
type Result struct {
	Files    int       // POP and preparation files checked
	Sealed   int       // of those, sealed: their sealed text was not checked
	Findings []Finding // sorted by path, line, column and rule
}

// Count returns the number of findings with severity s.
func (r *Result) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Run checks the repository. With no paths it checks every Markdown file
// under the POP folder, .pop.yaml's rules and the people registry. Paths
// (absolute, or relative to r.Root) name files or folders; a folder means
// the POP files and repository files inside it. A Markdown file outside
// the POP folder is checked only when it looks like a POP (front matter
// with a pop: field), so a pre-commit hook can pass every changed file;
// other files there are skipped. A path that does not exist or lies
// outside the repository is an error; a file that cannot be read is a
// finding, and the other files are still checked. Files are read and
// checked in parallel, each parsed once.
func Run(ctx context.Context, r *repo.Repo, paths []string) (*Result, error) {
	// The registry is read while the files are listed and the first ones
	// parsed; the checks that need it wait for it.
	var (
		people    *repo.People
		broken    []Finding // the registry is unusable
		problems  []Finding // in a usable registry
		regErr    error
		regLoaded = make(chan struct{})
	)
	go func() {
		defer close(regLoaded)
		people, broken, problems, regErr = registry(r)
	}()
	registered := func() *repo.People {
		<-regLoaded
		return people
	}

	s := scope{r: r}
	if len(paths) == 0 {
		s.config, s.people = true, true
		if err := s.walk(r.Abs(r.Config.Dir)); err != nil {
			return nil, err
		}
	}
	for _, p := range paths {
		if err := s.add(p); err != nil {
			return nil, err
		}
	}

	files := s.sorted()
	found := make([][]Finding, len(files))
	checked := make([]bool, len(files))
	sealed := make([]bool, len(files))
	keys := keyring(r, registered)
	par.Each(ctx, len(files), func(i int) {
		found[i], checked[i], sealed[i] = checkFile(r, registered, keys, files[i])
	})
	<-regLoaded
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if regErr != nil {
		return nil, regErr
	}
	res := &Result{Findings: broken}
	if s.people {
		res.Findings = append(res.Findings, problems...)
	}
	if s.config {
		res.Findings = append(res.Findings, configFindings(r)...)
	}
	for i := range files {
		res.Findings = append(res.Findings, found[i]...)
		if checked[i] {
			res.Files++
		}
		if sealed[i] {
			res.Sealed++
		}
	}
	sortFindings(res.Findings)
	return res, nil
}

// registry reads the people registry. An unusable registry is reported
// wherever it is, since every POP's employee and manager check depends on
// it, and those checks are then skipped (a nil People). The problems of a
// usable registry come apart, to be reported when the registry is in scope.
func registry(r *repo.Repo) (people *repo.People, broken, problems []Finding, err error) {
	people, probs, err := r.People()
	c := checker{cfg: &r.Config, rel: r.Config.People}
	var cerr *repo.ConfigError
	switch {
	case errors.As(err, &cerr):
		c.add(repo.CodePeopleYAML, cerr.Pos, "", cerr.Msg, cerr.Hint)
		return nil, c.out, nil, nil
	case err != nil:
		return nil, nil, nil, err
	}
	for _, p := range probs {
		c.add(p.Code, p.Pos, p.Field, p.Message, p.Hint)
	}
	return people, nil, c.out, nil
}

// configFindings reports rules in .pop.yaml that do not exist.
func configFindings(r *repo.Repo) []Finding {
	c := checker{cfg: &r.Config, rel: repo.ConfigFile}
	for id, p := range r.Config.RulePos {
		if _, ok := Lookup(id); ok {
			continue
		}
		hint := "pop's README lists the rules"
		if s := suggest.Closest(id, RuleIDs()); s != "" {
			hint = "did you mean " + s + "?"
		}
		c.add(RuleConfigUnknownRule, p, "rules."+id, "rules."+id+" names no rule", hint)
	}
	return c.out
}

// target is a file to check.
type target struct {
	rel   string
	abs   string
	mode  fs.FileMode // type bits, from the walk or lstat
	sniff bool        // outside the POP folder: check only if it looks like a POP
	named bool        // named on the command line, not found by the walk
}

// scope gathers what a pop check run covers.
type scope struct {
	r              *repo.Repo
	files          map[string]target
	config, people bool
}

func (s *scope) file(t target) {
	if s.files == nil {
		s.files = map[string]target{}
	}
	if old, ok := s.files[t.rel]; ok && !old.sniff {
		return
	}
	s.files[t.rel] = t
}

func (s *scope) sorted() []target {
	out := make([]target, 0, len(s.files))
	for _, t := range s.files {
		out = append(out, t)
	}
	sortTargets(out)
	return out
}

// inDir reports whether rel lies in the POP folder.
func (s *scope) inDir(rel string) bool {
	dir := s.r.Config.Dir
	return dir == "." || strings.HasPrefix(rel, dir+"/")
}

// add adds a path given on the command line.
func (s *scope) add(p string) error {
	abs := p
	if !filepath.IsAbs(p) {
		abs = filepath.Join(s.r.Root, p)
	}
	rel, err := filepath.Rel(s.r.Root, abs)
	if err != nil {
		return err
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("%s is %w %s", p, ErrOutside, s.r.Root)
	}
	info, err := os.Lstat(abs)
	if err != nil {
		return fmt.Errorf("%s: %w", p, errors.Unwrap(err))
	}
	if info.IsDir() {
		if rel == "." || strings.HasPrefix(repo.ConfigFile, rel+"/") {
			s.config = true
		}
		if rel == "." || strings.HasPrefix(s.r.Config.People, rel+"/") {
			s.people = true
		}
		dir := s.r.Config.Dir
		switch {
		case rel == "." || rel == dir || strings.HasPrefix(dir, rel+"/"):
			return s.walk(s.r.Abs(dir)) // the folder holds the POP folder
		case s.inDir(rel):
			return s.walk(abs)
		}
		return nil
	}
	switch {
	case rel == repo.ConfigFile:
		s.config = true
	case rel == s.r.Config.People:
		s.people = true
	case !strings.HasSuffix(rel, ".md"):
	case repo.IsDocument(s.r.Config.Dir, rel):
		s.file(target{rel: rel, abs: abs, mode: info.Mode().Type(), named: true})
	default:
		s.file(target{rel: rel, abs: abs, mode: info.Mode().Type(), sniff: true, named: true})
	}
	return nil
}

// walk adds the Markdown files under dir, skipping folders whose names
// start with a dot. Symbolic links are listed, not followed.
func (s *scope) walk(dir string) error {
	entries, err := s.r.WalkMarkdown(dir)
	if err != nil {
		return fmt.Errorf("list %s: %w", dir, err)
	}
	for _, e := range entries {
		s.file(target{rel: e.Rel, abs: e.Abs, mode: e.Type})
	}
	return nil
}

// checkFile reads and checks one file through the repository's one
// reader: it never follows a symbolic link out of the repository, never
// opens anything but a regular file, never reads more than a POP may
// hold, and reports whether the file was a POP and whether it was sealed.
func checkFile(r *repo.Repo, people func() *repo.People, keys func() *seal.Keyring, t target) (_ []Finding, checked, sealed bool) {
	c := checker{cfg: &r.Config, rel: t.rel, keys: keys}
	at := pop.Pos{Line: 1, Col: 1}
	read := r.ReadListedAbs // the walk follows no folder link
	if t.named {
		read = r.ReadAbs
	}
	data, err := read(t.abs, pop.MaxSealedSize)
	var tooLarge *repo.TooLargeError
	switch {
	case err == nil:
	case t.sniff && (errors.Is(err, repo.ErrNotRegular) || errors.Is(err, repo.ErrTooLarge)):
		return nil, false, false
	case errors.Is(err, repo.ErrSymlinkOutside):
		c.add(RuleSymlinkOutside, at, "", "symbolic link points outside the repository; not followed", "")
		return c.out, true, false
	case t.mode&fs.ModeSymlink != 0 && errors.Is(err, fs.ErrNotExist):
		c.add(RuleFileUnreadable, at, "", "symbolic link leads nowhere", "")
		return c.out, true, false
	case errors.Is(err, repo.ErrNotRegular):
		c.add(RuleFileUnreadable, at, "", "not a regular file", "")
		return c.out, true, false
	case errors.As(err, &tooLarge):
		c.add(pop.CodeTooLarge, at, "", fmt.Sprintf("file is %d KiB, more than the %d KiB a POP may be (%d KiB sealed)", (tooLarge.Size+1023)/1024, pop.MaxSize>>10, pop.MaxSealedSize>>10), "move attachments out of the POP and keep the text short")
		return c.out, true, false
	default:
		c.add(RuleFileUnreadable, at, "", "cannot read: "+reason(err), "")
		return c.out, true, false
	}
	if t.sniff && !looksLikePOP(data) {
		return nil, false, false
	}
	d := pop.Parse(t.rel, data)
	c.people = people()
	c.data = data
	c.doc(d)
	return c.out, true, d.Sealed != ""
}

func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// looksLikePOP reports whether data starts with YAML front matter that
// has a top-level pop: field.
func looksLikePOP(data []byte) bool {
	if len(data) > 8<<10 {
		data = data[:8<<10]
	}
	lines := strings.Split(string(data), "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i == len(lines) || strings.TrimSpace(lines[i]) != "---" {
		return false
	}
	for _, l := range lines[i+1:] {
		l = strings.TrimRight(l, "\r")
		if l == "---" {
			return false
		}
		if strings.HasPrefix(l, "pop:") {
			return true
		}
	}
	return false
}

func sortTargets(ts []target) {
	slices.SortFunc(ts, func(a, b target) int { return strings.Compare(a.rel, b.rel) })
}
