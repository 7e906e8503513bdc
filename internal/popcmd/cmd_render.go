package popcmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/followup"
	"github.com/popdev/pop/internal/pop"
	"github.com/popdev/pop/internal/repo"
	"github.com/popdev/pop/internal/report"
	"github.com/popdev/pop/internal/signoff"
	"github.com/popdev/pop/internal/site"
	"github.com/popdev/pop/internal/site/view"
)

type renderOptions struct {
	File   string // the POP to render; "" with All
	All    bool
	Out    string // folder to write into; "" writes a single page to stdout
	Today  pop.Date
	Within pop.Span
	// Identity is --identity, a key to open sealed POPs with.
	Identity string
	// Verify gives the sign-off states; signoff.Verify unless a test
	// injects another.
	Verify func(context.Context, signoff.Options) (*signoff.Report, error)
}

func renderCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "render",
		Usage:     "write POPs as self-contained HTML pages to read, keep and print",
		ArgsUsage: "FILE | --all --out DIR",
		Description: `Renders a POP as one HTML file: who, manager, date and companion; the
goals table; a timeline; the sign-off state as pop verify sees it; and the
notes of the conversation. The page has its style inside, no script, and
loads nothing from elsewhere, so it opens from disk and prints on A4.
Everything from the file is escaped; raw HTML in the body is left out.

Without --out the page goes to stdout. With --out DIR it is written to
DIR/<person>/<date>.html and its path printed.

--all --out DIR writes a small site: DIR/index.html with a row per person
(newest POP, sign-off state, overdue and coming items, next date) and a
page per POP. The index lists and counts what pop overdue does on the same
--as-of day (follow-ups, conversations, sign-offs), with --within as what
is coming up. A POP that cannot be read is left out with a warning, and
pop render exits 1.

A sealed POP is rendered in clear when one of your keys opens it; when
none does, its page shows the clear fields only (dates, goal ids,
measures, timings, statuses) and pop render says so on stderr.

` + identityHelp + `

pop render never overwrites a file it did not write: an existing file is
replaced only when it carries pop render's generator tag
(` + view.GeneratorTag + `); otherwise nothing is written.

` + exitStatusHelp,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "all", Usage: "render every POP and an index (needs --out)"},
			&cli.StringFlag{Name: "out", Usage: "write into `DIR` instead of stdout"},
			asOfFlag,
			&cli.StringFlag{Name: "within", Value: "14d", Usage: "mark what falls due within `SPAN` as coming up"},
			identityFlag,
		},
		Action: func(c *cli.Context) error {
			o := renderOptions{All: c.Bool("all"), Verify: signoff.Verify, Identity: c.String("identity")}
			switch {
			case o.All && c.NArg() > 0:
				return usagef("pop render FILE, or pop render --all --out DIR", "pop render --all takes no FILE")
			case o.All && c.String("out") == "":
				return usagef("pop render --all --out DIR", "pop render --all needs --out DIR")
			case !o.All && c.NArg() == 0:
				return usagef("pop render FILE [--out DIR], or pop render --all --out DIR", "pop render needs a FILE or --all")
			case c.NArg() > 1:
				return usagef("render one FILE at a time, or all with --all --out DIR", "pop render takes one FILE, got %d", c.NArg())
			}
			o.File = c.Args().First()
			if out := c.String("out"); out != "" {
				o.Out = out
				if !filepath.IsAbs(out) {
					o.Out = filepath.Join(env.Dir, out)
				}
			}
			var err error
			if o.Today, err = today(env, c.String("as-of")); err != nil {
				return err
			}
			if o.Within, err = pop.ParseSpan(c.String("within")); err != nil {
				return usagef("write --within as a span such as 14d, 2w or 1m", "--within: %v", err)
			}
			r, err := globals(c).open(env)
			if err != nil {
				return err
			}
			if o.All {
				return runRenderAll(c.Context, env, r, o)
			}
			return runRender(c.Context, env, r, o)
		},
	}
}

// runRender renders one POP to stdout or into o.Out.
func runRender(ctx context.Context, env *Env, r *repo.Repo, o renderOptions) error {
	abs := o.File
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(env.Dir, abs)
	}
	rel, err := r.Rel(abs)
	if err != nil {
		return usagef("render POPs of the repository at "+r.Root+", or pass --repo DIR", "%v", err)
	}
	data, err := r.ReadAbs(abs, pop.MaxSealedSize)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("read %s: %w", o.File, err)
	}
	open := newOpener(env, r, o.Identity)
	text := data
	if pop.IsSealed(data) {
		if clear := open.Open(rel, data); clear != nil {
			text = clear
		}
		defer open.Warn("its page")
	}
	doc := pop.Parse(rel, text)
	if err := site.Renderable(o.File, doc); err != nil {
		return err
	}
	warnProblems(env, o.File, doc)
	people, _, err := r.People()
	if err != nil {
		return err
	}
	in := site.POP{
		Doc: doc, People: people, Today: o.Today, Within: o.Within,
		Rules: followup.RulesOf(r.Config), Current: true, OrgGoals: r.Config.OrgGoals,
	}
	f := repo.ParseFilePath(r.Config.Dir, rel)
	if f.Kind == pop.KindPOP {
		if in.Current, err = site.IsCurrent(ctx, r, f.Person, rel, o.Today); err != nil {
			return err
		}
	}
	states, verr := o.Verify(ctx, signoff.Options{Repo: r, Paths: []string{rel}, Drafts: true})
	if verr != nil {
		fmt.Fprintf(env.Stderr, "pop: warning: the sign-off state could not be checked: %v\n", verr)
	}
	setSignOff(&in, rel, states, verr)
	committed, err := r.OpenCommitted(ctx)
	if err != nil {
		return err
	}
	defer committed.Close()
	in.Uncommitted = uncommitted(ctx, env, committed, &in, data, open)

	if o.Out == "" {
		return view.WritePage(env.Stdout, in.View())
	}
	person, date := f.Person, f.Date
	if f.Kind != pop.KindPOP || !repo.IsSlug(person) {
		person, date = doc.Employee, doc.Date
	}
	if !repo.IsSlug(person) || date.IsZero() {
		return withHint(fmt.Errorf("%s: cannot name the page: the file is not at <person>/<date>.md and its employee or date is not usable", o.File),
			"render it to stdout instead: pop render "+o.File+" > page.html")
	}
	target := filepath.Join(o.Out, person, date.String()+".html")
	if err := renderTarget(env, target); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := view.WritePage(&b, in.View()); err != nil {
		return err
	}
	return writePage(env, target, b.Bytes())
}

// writePage puts a page at target in place of what pop render wrote
// there before, and prints the path.
func writePage(env *Env, target string, page []byte) error {
	if err := replaceFile(target, page); err != nil {
		return fmt.Errorf("write %s: %w", target, err)
	}
	fmt.Fprintln(env.Stdout, displayPath(env, target))
	return nil
}

// runRenderAll writes the site (package site): a page per POP, then the
// index. The sign-off states and uncommitted fields come from here, as
// for a single page.
func runRenderAll(ctx context.Context, env *Env, r *repo.Repo, o renderOptions) error {
	committed, err := r.OpenCommitted(ctx)
	if err != nil {
		return err
	}
	defer committed.Close()
	bar, env := startProgress(env, -1, "render")
	defer bar.Done()
	open := newOpener(env, r, o.Identity)
	defer open.Warn("the site")
	res, err := site.Build(ctx, r, site.Options{
		Out: o.Out, Today: o.Today, Within: o.Within,
		Verify: func(ctx context.Context, paths []string) (*signoff.Report, error) {
			return o.Verify(ctx, signoff.Options{Repo: r, Paths: paths, Drafts: true})
		},
		Describe: func(in *site.POP, data []byte, states *signoff.Report, verr error) {
			setSignOff(in, in.Doc.Path, states, verr)
			in.Uncommitted = uncommitted(ctx, env, committed, in, data, open)
		},
		Open:   open.Open,
		Refuse: func(target string) error { return renderTarget(env, target) },
		Write: func(target string, page []byte) error {
			bar.Add(1)
			return writePage(env, target, page)
		},
		Warn:    func(msg string) { fmt.Fprintf(env.Stderr, "pop: warning: %s\n", msg) },
		Display: func(rel string) string { return display(env, r, rel) },
	})
	if err != nil {
		return err
	}
	if res.Unreadable > 0 {
		fmt.Fprintf(env.Stderr, "pop: %s could not be read; run pop check\n", report.CountOf(res.Unreadable, "POP", "POPs"))
		return errFindings
	}
	return nil
}

// warnProblems says when a rendered file has problems pop check reports;
// the page shows what could be read.
func warnProblems(env *Env, name string, doc *pop.Doc) {
	if n := len(doc.Problems); n > 0 {
		fmt.Fprintf(env.Stderr, "pop: warning: %s\n", site.ProblemsWarning(name, n))
	}
}

// setSignOff finds rel's state in a verification report.
func setSignOff(in *site.POP, rel string, rep *signoff.Report, err error) {
	if err != nil {
		in.SignOffError = err.Error()
		return
	}
	for i := range rep.Statuses {
		if rep.Statuses[i].Path == rel {
			in.SignOff = &rep.Statuses[i]
			return
		}
	}
	in.SignOffError = "not found by pop verify"
}

// uncommitted returns the agreement fields in which a signed POP's work
// tree file differs from HEAD: pop verify judges the committed version,
// so its sign-off state does not speak for these changes. HEAD's files
// are listed once per run (render --all asks for every POP).
func uncommitted(ctx context.Context, env *Env, committed *repo.Committed, in *site.POP, data []byte, open *opener) []string {
	if in.SignOff == nil || in.SignOff.State == signoff.Unsigned || committed.Same(in.Doc.Path, data) {
		return nil
	}
	head, err := committed.File(ctx, in.Doc.Path)
	if errors.Is(err, repo.ErrNotCommitted) {
		return nil
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "pop: warning: %s: cannot compare with the committed version: %v\n", in.Doc.Path, err)
		return nil
	}
	if pop.IsSealed(head) && in.Doc.Sealed == "" {
		// The page shows the opened text: compare it with the opened
		// committed version (nil when no key opens it: nothing to say).
		n := len(open.Failed)
		if head = open.Open(in.Doc.Path, head); head == nil {
			open.Failed = open.Failed[:n]
			return nil
		}
	}
	var fields []string
	for _, c := range pop.Compare(pop.Parse(in.Doc.Path, head), in.Doc) {
		if !c.Progress {
			fields = append(fields, c.Field)
		}
	}
	return fields
}

// renderTarget refuses a target that exists and is not a page pop render
// wrote, so that a person's own file is never replaced.
func renderTarget(env *Env, path string) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	hint := "move it away, or choose another --out DIR"
	if !st.Mode().IsRegular() {
		return withHint(fmt.Errorf("%s exists and is not a regular file; nothing written", displayPath(env, path)), hint)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read %s: %w", displayPath(env, path), err)
	}
	if !view.IsOutput(head[:n]) {
		return withHint(fmt.Errorf("%s exists and was not written by pop render; nothing written", displayPath(env, path)), hint)
	}
	return nil
}

// displayPath shows an absolute path relative to the working directory
// when that is shorter, so it can be pasted into the next command.
func displayPath(env *Env, p string) string {
	rel, err := filepath.Rel(env.Dir, p)
	if err != nil || len(rel) > len(p) {
		return p
	}
	return filepath.ToSlash(rel)
}
