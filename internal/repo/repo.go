package repo

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/templates"
)

// Repo is an opened POP repository in the work tree.
type Repo struct {
	Root       string // absolute path of the folder holding .pop.yaml
	Config     Config
	ConfigPath string
}

// Open finds .pop.yaml from dir upwards and reads it.
func Open(dir string) (*Repo, error) {
	root, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return OpenRoot(root)
}

// OpenRoot reads the .pop.yaml in root.
func OpenRoot(root string) (*Repo, error) {
	p := filepath.Join(root, ConfigFile)
	data, err := (&Repo{Root: root}).ReadAbs(p, MaxTrustSize)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	cfg, err := ParseConfig(ConfigFile, data)
	if err != nil {
		return nil, err
	}
	return &Repo{Root: root, Config: cfg, ConfigPath: p}, nil
}

// Abs returns the absolute path of a slash-separated path relative to the root.
func (r *Repo) Abs(rel string) string {
	return filepath.Join(r.Root, filepath.FromSlash(rel))
}

// Rel returns the slash-separated path of an absolute or working-directory
// relative path, relative to the root.
func (r *Repo) Rel(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(r.Root, abs)
	if err != nil {
		return "", err
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", fmt.Errorf("%s is outside the POP repository %s", p, r.Root)
	}
	return rel, nil
}

// People reads the people registry. A missing registry is empty.
func (r *Repo) People() (*People, []pop.Problem, error) {
	data, err := r.ReadFile(r.Config.People)
	if errors.Is(err, fs.ErrNotExist) {
		return &People{Path: r.Config.People, byID: map[string]int{}}, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", r.Config.People, err)
	}
	return ParsePeople(r.Config.People, data)
}

// MayHaveLeavers reports whether the registry can mark anyone as having
// left: false only when its text holds no "left" at all, so that the
// follow-up commands need not parse a registry of thousands to learn that
// nobody left. A registry that cannot be read may (its parse says why).
func (r *Repo) MayHaveLeavers() bool {
	data, err := r.ReadFile(r.Config.People)
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	return err != nil || bytes.Contains(data, []byte("left"))
}

// AllowedSigners reads the allowed-signers file. A missing file is empty.
func (r *Repo) AllowedSigners() ([]Signer, error) {
	data, err := r.ReadFile(r.Config.AllowedSigners)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", r.Config.AllowedSigners, err)
	}
	return ParseAllowedSigners(r.Config.AllowedSigners, data)
}

// File is a document found under the POP folder.
type File struct {
	Path   string // slash-separated, relative to the root
	Person string // from the path; "" when the path is not person/date.md
	Date   pop.Date
	Kind   string // from the file name: pop or prep; "" when it does not fit
}

// splitFileName splits a POP's file name, YYYY-MM-DD.md,
// YYYY-MM-DD-prep.md or (the manager's) YYYY-MM-DD-prep-manager.md, into
// its date and whether it is a prep note.
func splitFileName(name string) (date string, prep, ok bool) {
	base, ok := strings.CutSuffix(name, ".md")
	if !ok {
		return "", false, false
	}
	if b, mgr := strings.CutSuffix(base, "-prep-manager"); mgr {
		base, prep = b, true
	} else {
		base, prep = strings.CutSuffix(base, "-prep")
	}
	if len(base) != 10 {
		return "", false, false
	}
	for i := range len(base) {
		if c := base[i]; i == 4 || i == 7 {
			if c != '-' {
				return "", false, false
			}
		} else if c < '0' || c > '9' {
			return "", false, false
		}
	}
	return base, prep, true
}

// IsDocument is the one definition of which files are POPs and
// preparation notes: the Markdown files (.md) under the POP folder dir, at
// any depth, except in folders whose names start with a dot. pop check
// checks each of them, pop verify judges each that is not a preparation
// note, in the work tree and in git trees alike; the follow-up commands
// read those whose path is person/date.md (ParseFilePath), and pop check
// reports the path of any other. dir and rel are slash paths from the
// root; dir "." is the whole repository.
func IsDocument(dir, rel string) bool {
	inside := rel
	if dir = strings.TrimSuffix(dir, "/"); dir != "." && dir != "" {
		var ok bool
		if inside, ok = strings.CutPrefix(rel, dir+"/"); !ok {
			return false
		}
	}
	if !strings.HasSuffix(inside, ".md") || strings.HasPrefix(inside, "../") {
		return false
	}
	for {
		folder, rest, ok := strings.Cut(inside, "/")
		if !ok {
			return true
		}
		if HiddenDir(folder) {
			return false
		}
		inside = rest
	}
}

// ParseFilePath reads person, date and kind from a root-relative path
// under dir. Kind is "" when the path does not have the expected shape.
func ParseFilePath(dir, rel string) File {
	f := File{Path: rel}
	inside := strings.TrimPrefix(rel, strings.TrimSuffix(dir, "/")+"/")
	person, name := path.Split(inside)
	person = strings.TrimSuffix(person, "/")
	date, prep, ok := splitFileName(name)
	if !ok || person == "" || strings.Contains(person, "/") || inside == rel {
		return f
	}
	d, err := pop.ParseDate(date)
	if err != nil {
		return f
	}
	f.Person, f.Date, f.Kind = person, d, pop.KindPOP
	if prep {
		f.Kind = pop.KindPrep
	}
	return f
}

// PathFor returns where the POP of person on date is kept; kind
// pop.SectionsPrepManager gives the manager's preparation note.
func (r *Repo) PathFor(person string, date pop.Date, kind string) string {
	name := date.String()
	switch kind {
	case pop.KindPrep:
		name += "-prep"
	case pop.SectionsPrepManager:
		name += "-prep-manager"
	}
	return path.Join(r.Config.Dir, person, name+".md")
}

// List returns every Markdown file under the POP folder, sorted by path.
// Symbolic links are listed but not followed; directories starting with a
// dot are skipped.
func (r *Repo) List() ([]File, error) {
	entries, err := r.WalkMarkdown(r.Abs(r.Config.Dir))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", r.Config.Dir, err)
	}
	out := make([]File, len(entries))
	for i, e := range entries {
		out[i] = ParseFilePath(r.Config.Dir, e.Rel)
	}
	return out, nil
}

// Newest returns, per person, their newest POP (not prep note) by the date
// in its file name.
func Newest(files []File) map[string]File {
	out := map[string]File{}
	for _, f := range files {
		if f.Kind != pop.KindPOP {
			continue
		}
		if cur, ok := out[f.Person]; !ok || f.Date.After(cur.Date) {
			out[f.Person] = f
		}
	}
	return out
}

// Previous returns the newest POP of person dated before date.
func Previous(files []File, person string, date pop.Date) (File, bool) {
	var best File
	found := false
	for _, f := range files {
		if f.Kind == pop.KindPOP && f.Person == person && f.Date.Before(date) && (!found || f.Date.After(best.Date)) {
			best, found = f, true
		}
	}
	return best, found
}

// Template returns the body template for lang and kind: the repository's
// own from the templates folder when it has one, else the built-in one.
// source says which was used.
func (r *Repo) Template(lang, kind string) (body []byte, source string, err error) {
	rel := path.Join(r.Config.Templates, lang, kind+".md")
	data, err := r.ReadFile(rel)
	switch {
	case err == nil:
		return data, rel, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, "", fmt.Errorf("read %s: %w", rel, err)
	}
	data, err = templates.Body(lang, kind)
	return data, "built-in " + lang + "/" + kind + ".md", err
}
