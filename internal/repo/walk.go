package repo

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/popdev/pop/internal/par"
)

// Entry is a Markdown file found by WalkMarkdown.
type Entry struct {
	Rel  string      // slash-separated, relative to the root
	Abs  string      // as found under the folder walked
	Type fs.FileMode // type bits, as the folder lists them
}

// WalkMarkdown returns the Markdown files under dir, an absolute path
// inside the work tree, sorted by Rel. Folders whose names start with a
// dot are skipped (dir itself is not); symbolic links are listed, not
// followed. A dir that does not exist holds no files. The first error
// met, in the order filepath.WalkDir would meet it, ends the walk.
//
// The folders right under dir are walked in parallel: the POP folder
// holds a folder per person, and over a large team reading them one
// after the other is most of the time it takes to list it.
func (r *Repo) WalkMarkdown(dir string) ([]Entry, error) {
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case !info.IsDir(): // as filepath.WalkDir: the path itself, if Markdown
		if !strings.HasSuffix(info.Name(), ".md") {
			return nil, nil
		}
		rel, err := r.slashRel(dir)
		return []Entry{{Rel: rel, Abs: dir, Type: info.Mode().Type()}}, err
	}
	var out []Entry
	subs, err := r.walkFolder(dir, &out, false)
	if err != nil {
		return nil, err
	}

	found := make([][]Entry, len(subs))
	errs := make([]error, len(subs))
	par.Each(context.Background(), len(subs), func(i int) {
		_, errs[i] = r.walkFolder(subs[i], &found[i], true)
	})
	for i := range subs {
		if errs[i] != nil {
			return nil, errs[i] // the first in walking order
		}
		out = append(out, found[i]...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rel < out[j].Rel })
	return out, nil
}

// HiddenDir reports whether a folder and what it holds are left out of
// every listing of POPs, in the work tree and in git trees alike.
func HiddenDir(name string) bool { return strings.HasPrefix(name, ".") }

// walkFolder adds the Markdown files in dir to out, and those in its
// folders too if deep; else it returns the folders.
func (r *Repo) walkFolder(dir string, out *[]Entry, deep bool) (subs []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir() && HiddenDir(e.Name()):
		case e.IsDir() && deep:
			if _, err := r.walkFolder(p, out, true); err != nil {
				return nil, err
			}
		case e.IsDir():
			subs = append(subs, p)
		case strings.HasSuffix(e.Name(), ".md"):
			rel, err := r.slashRel(p)
			if err != nil {
				return nil, err
			}
			*out = append(*out, Entry{Rel: rel, Abs: p, Type: e.Type()})
		}
	}
	return subs, nil
}

func (r *Repo) slashRel(p string) (string, error) {
	rel, err := filepath.Rel(r.Root, p)
	return filepath.ToSlash(rel), err
}
