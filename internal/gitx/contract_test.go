package gitx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The contract every Repo keeps, run against each implementation on the
// same repository made with the real git (the way git-bug's repository
// package tests its implementations).

type fixture struct {
	dir  string
	revs map[string]Hash
}

func gitIn(t testing.TB, dir string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir,
		"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2026-11-20T10:00:00Z", "GIT_COMMITTER_DATE=2026-11-20T10:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// newFixture makes a history:
//
//	c1 ── c2 ── m (merge) ── c4        main
//	  └── b1 ──┘
//	c2 ── s1 (sign-off, only under refs/pop/sign-offs/s1)
func newFixture(t testing.TB) *fixture {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	f := &fixture{dir: dir, revs: map[string]Hash{}}
	git := func(args ...string) string { return gitIn(t, dir, "", args...) }
	write := func(p, s string) {
		full := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rev := func(name string) {
		id, err := ParseID(git("rev-parse", "HEAD"))
		if err != nil {
			t.Fatal(err)
		}
		f.revs[name] = id
	}
	git("init", "-q", "-b", "main")
	write("pop/jan/2026-11-20.md", "v1\n")
	write("pop/an/2026-10-01.md", "an\n")
	write("README.md", "readme\n")
	git("add", "-A")
	git("commit", "-q", "-m", "c1")
	rev("c1")
	write("pop/jan/2026-11-20.md", "v2\n")
	os.Symlink("2026-11-20.md", filepath.Join(dir, "pop/jan/link.md"))
	git("add", "-A")
	git("update-index", "--add", "--cacheinfo", "160000,"+f.revs["c1"].String()+",pop/sub")
	git("commit", "-q", "-m", "c2")
	rev("c2")
	// A sign-off commit only a ref under refs/pop/sign-offs holds.
	git("checkout", "-q", "-b", "side")
	write("pop/jan/2026-11-20.md", "proposal\n")
	git("commit", "-q", "-am", "s1\n\nPop-Sign-Off: manager\nPop-File: pop/jan/2026-11-20.md")
	rev("s1")
	git("update-ref", "refs/pop/sign-offs/"+f.revs["s1"].String(), "HEAD")
	git("checkout", "-q", "main")
	git("branch", "-q", "-D", "side")
	git("checkout", "-q", "-b", "topic", f.revs["c1"].String())
	write("pop/an/2026-10-01.md", "an 2\n")
	git("commit", "-q", "-am", "b1\n\nPop-Sign-Off: employee")
	rev("b1")
	git("checkout", "-q", "main")
	git("merge", "-q", "--no-ff", "-m", "m", "topic")
	rev("m")
	write("pop/jan/2026-11-20.md", "v3\n")
	git("commit", "-q", "-am", "c4")
	rev("c4")
	// Many files, and one larger than a pipe holds, on a branch of their
	// own: what verify asks in one ReadFiles.
	var stream strings.Builder
	fmt.Fprintf(&stream, "commit refs/heads/many\ncommitter T <t@example.com> 1795168800 +0000\ndata 4\nmany\nfrom %s\n", f.revs["c4"])
	inline := func(p, data string) { fmt.Fprintf(&stream, "M 100644 inline %s\ndata %d\n%s\n", p, len(data), data) }
	for i := range manyFiles {
		inline(manyPath(i), fmt.Sprintf("file %d\n", i))
	}
	inline("many/big.md", bigFile)
	gitIn(t, dir, stream.String(), "fast-import", "--quiet")
	id, err := ParseID(git("rev-parse", "many"))
	if err != nil {
		t.Fatal(err)
	}
	f.revs["many"] = id
	git("branch", "-q", "-D", "many")
	return f
}

const manyFiles = 3000

var bigFile = strings.Repeat("a line of a big file\n", 20000)

func manyPath(i int) string { return fmt.Sprintf("many/d%02d/f%04d.md", i%40, i) }

// oldGit is a git that, like every git before 2.36, has no cat-file
// --batch-command: it fails as an unknown option (exit 129) does.
func oldGit(t *testing.T) string {
	sh, err := exec.LookPath("sh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sh is not installed")
		}
		t.Skip("sh is not installed")
	}
	bin := filepath.Join(t.TempDir(), "git")
	script := "#!" + sh + `
for a; do
  if [ "$a" = --batch-command ]; then
    echo "error: unknown option \` + "`" + `batch-command'" >&2
    exit 129
  fi
done
exec git "$@"
`
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// impls opens the fixture with each implementation.
func impls(t *testing.T, f *fixture) map[string]Repo {
	p, err := OpenProgram(f.dir, "git")
	if err != nil {
		t.Fatal(err)
	}
	g, err := OpenGoGit(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	old, err := OpenProgram(f.dir, oldGit(t))
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Repo{"program": p, "go-git": g, "program, git before 2.36": old}
}

func TestContract(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for name, r := range impls(t, f) {
		t.Run(name, func(t *testing.T) {
			t.Run("resolve", func(t *testing.T) {
				for rev, want := range map[string]Hash{"HEAD": f.revs["c4"], "": f.revs["c4"], "main~1": f.revs["m"],
					"main~1^2": f.revs["b1"], f.revs["c2"].String(): f.revs["c2"], "topic": f.revs["b1"]} {
					if got, err := r.Resolve(ctx, rev); err != nil || got != want {
						t.Errorf("Resolve(%q) = %s, %v; want %s", rev, got, err, want)
					}
				}
				for _, rev := range []string{"HEAD~999", "nope", "--all", "HEAD^{tree}", "-n"} {
					if _, err := r.Resolve(ctx, rev); !errors.Is(err, ErrBadRevision) {
						t.Errorf("Resolve(%q) = %v; want ErrBadRevision", rev, err)
					}
				}
			})
			t.Run("shallow", func(t *testing.T) {
				if sh, err := r.Shallow(); err != nil || sh {
					t.Errorf("Shallow() = %v, %v", sh, err)
				}
			})
			t.Run("commit and blob", func(t *testing.T) {
				raw, err := r.Commit(ctx, f.revs["m"])
				if err != nil {
					t.Fatal(err)
				}
				_, parents, err := CommitTree(raw)
				if err != nil || !slices.Equal(parents, []Hash{f.revs["c2"], f.revs["b1"]}) {
					t.Errorf("merge parents = %v, %v", parents, err)
				}
				if _, err := r.Commit(ctx, Hash{1}); !errors.Is(err, ErrNotFound) {
					t.Errorf("missing commit: %v", err)
				}
				var got []Hash
				err = r.ReadCommits(ctx, []Hash{f.revs["m"], f.revs["c1"], f.revs["m"]}, func(id Hash, raw []byte) error {
					if !bytes.HasPrefix(raw, []byte("tree ")) {
						t.Errorf("%s: not a raw commit", id)
					}
					got = append(got, id)
					return nil
				})
				if err != nil || !slices.Equal(got, []Hash{f.revs["m"], f.revs["c1"], f.revs["m"]}) {
					t.Errorf("ReadCommits = %v, %v", got, err)
				}
				if err := r.ReadCommits(ctx, []Hash{f.revs["c1"], {1}}, func(Hash, []byte) error { return nil }); !errors.Is(err, ErrNotFound) {
					t.Errorf("ReadCommits of a missing commit: %v", err)
				}
			})
			t.Run("list", func(t *testing.T) {
				es, err := r.List(ctx, f.revs["c2"], "pop")
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range es {
					got = append(got, e.Path+" "+e.Mode.String())
				}
				want := []string{"pop/an/2026-10-01.md 0100644", "pop/jan/2026-11-20.md 0100644", "pop/jan/link.md 0120000", "pop/sub 0160000"}
				if !slices.Equal(got, want) {
					t.Errorf("List = %q; want %q", got, want)
				}
				for _, dir := range []string{"nope", "README.md"} {
					if es, err := r.List(ctx, f.revs["c2"], dir); err != nil || len(es) != 0 {
						t.Errorf("List(%s) = %v, %v; want nothing", dir, es, err)
					}
				}
				if es, err := r.List(ctx, f.revs["c1"], ""); err != nil || len(es) != 3 {
					t.Errorf("List(root) = %v, %v", es, err)
				}
			})
			t.Run("read files", func(t *testing.T) {
				fs, err := r.ReadFiles(ctx, []FileRef{
					{f.revs["c2"], "pop/jan/2026-11-20.md"}, {f.revs["c1"], "pop/jan/2026-11-20.md"},
					{f.revs["c2"], "pop/jan/link.md"}, {f.revs["c2"], "pop/sub"}, {f.revs["c2"], "pop/none.md"},
					{f.revs["c2"], "README.md"}, {f.revs["c2"], "pop"}, {f.revs["c2"], "bad\npath"},
					{f.revs["c2"], "README.md/x"}, {f.revs["c2"], "pop/jan/2026-11-20.md"},
				})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, f := range fs {
					got = append(got, f.Path+" "+map[bool]string{true: "found", false: "none"}[f.Found]+" "+f.Mode.String()+" "+string(f.Data))
				}
				want := []string{
					"pop/jan/2026-11-20.md found 0100644 v2\n", "pop/jan/2026-11-20.md found 0100644 v1\n",
					"pop/jan/link.md found 0120000 ", "pop/sub found 0160000 ", "pop/none.md none 0000000 ",
					"README.md found 0100644 readme\n", "pop found 0040000 ", "bad\npath none 0000000 ",
					"README.md/x none 0000000 ", "pop/jan/2026-11-20.md found 0100644 v2\n",
				}
				if !slices.Equal(got, want) {
					t.Errorf("ReadFiles =\n%q\nwant\n%q", got, want)
				}
				// Paths are tree paths: nothing relative, nothing outside.
				odd, err := r.ReadFiles(ctx, []FileRef{{f.revs["c2"], "../README.md"}, {f.revs["c2"], "./README.md"},
					{f.revs["c2"], "/README.md"}, {f.revs["c2"], "pop//jan/2026-11-20.md"}, {f.revs["c2"], "pop/jan/../../README.md"},
					{f.revs["c2"], "pop/jan/"}, {f.revs["c2"], ":README.md"}, {f.revs["c2"], "README.md "}})
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range odd {
					if o.Found {
						t.Errorf("ReadFiles(%q) found %v", o.Path, o.Entry)
					}
				}
				if fs[0].ID.IsZero() || fs[0].ID == fs[1].ID {
					t.Errorf("blob ids %s %s", fs[0].ID, fs[1].ID)
				}
				// The path "" is the tree itself, of a commit or a tree,
				// asked beside files in the same read.
				raw, err := r.Commit(ctx, f.revs["c2"])
				if err != nil {
					t.Fatal(err)
				}
				tree, _, err := CommitTree(raw)
				if err != nil {
					t.Fatal(err)
				}
				roots, err := r.ReadFiles(ctx, []FileRef{{f.revs["c2"], ""}, {f.revs["c2"], "README.md"}, {tree, ""}, {Hash{1}, ""}})
				if err != nil && !errors.Is(err, ErrNotFound) {
					t.Fatal(err)
				}
				if err == nil {
					if !roots[0].Found || roots[0].Mode != Dir || roots[0].ID != tree || roots[0].Data != nil {
						t.Errorf("the root of a commit = %+v; want the folder %s", roots[0], tree)
					}
					if !roots[1].Found || string(roots[1].Data) != "readme\n" {
						t.Errorf("a file beside the root = %+v", roots[1])
					}
					if !roots[2].Found || roots[2].ID != tree {
						t.Errorf("the root of a tree = %+v", roots[2])
					}
					if roots[3].Found {
						t.Errorf("the root of a missing commit = %+v", roots[3])
					}
				}
			})
			t.Run("read many files", func(t *testing.T) {
				// More requests and answers than a pipe holds, both
				// ways: each file, a missing file in a folder of its
				// own, a big file, a folder, a symlink, a file in a tree
				// without it, and each file again.
				var refs []FileRef
				for i := range manyFiles {
					refs = append(refs, FileRef{f.revs["many"], manyPath(i)},
						FileRef{f.revs["many"], fmt.Sprintf("many/none%04d/f.md", i)})
				}
				refs = append(refs, FileRef{f.revs["many"], "many/big.md"}, FileRef{f.revs["many"], "many/d07"},
					FileRef{f.revs["many"], "pop/jan/link.md"}, FileRef{f.revs["c1"], manyPath(0)})
				for i := range manyFiles {
					refs = append(refs, FileRef{f.revs["many"], manyPath(i)})
				}
				fs, err := r.ReadFiles(ctx, refs)
				if err != nil {
					t.Fatal(err)
				}
				if len(fs) != len(refs) {
					t.Fatalf("ReadFiles: %d answers to %d refs", len(fs), len(refs))
				}
				for i, got := range fs {
					want := !strings.Contains(refs[i].Path, "/none") && refs[i].Tree == f.revs["many"]
					if got.Path != refs[i].Path || got.Found != want {
						t.Fatalf("ReadFiles[%d] = %q found %v; want %q found %v", i, got.Path, got.Found, refs[i].Path, want)
					}
				}
				for i := range manyFiles {
					for _, got := range []File{fs[2*i], fs[2*manyFiles+4+i]} {
						if string(got.Data) != fmt.Sprintf("file %d\n", i) || got.Mode != Regular {
							t.Fatalf("%s = %s %q", got.Path, got.Mode, got.Data)
						}
					}
				}
				big, dir, link := fs[2*manyFiles], fs[2*manyFiles+1], fs[2*manyFiles+2]
				if string(big.Data) != bigFile {
					t.Errorf("big file: %d bytes, want %d", len(big.Data), len(bigFile))
				}
				if dir.Mode != Dir || dir.Data != nil {
					t.Errorf("folder = %s %q", dir.Mode, dir.Data)
				}
				if link.Mode != Symlink || link.Data != nil {
					t.Errorf("symlink = %s %q; a symlink is never read as a file", link.Mode, link.Data)
				}
			})
			t.Run("commits", func(t *testing.T) {
				collect := func(q Query) []Hash {
					var ids []Hash
					err := r.Commits(ctx, q, func(id Hash, raw []byte) error {
						if !bytes.HasPrefix(raw, []byte("tree ")) {
							t.Errorf("%s: not a raw commit", id)
						}
						ids = append(ids, id)
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
					return ids
				}
				all := collect(Query{Tips: []Hash{f.revs["c4"]}, Globs: []string{"refs/pop/sign-offs/*"}})
				if len(all) != 6 || !slices.Contains(all, f.revs["s1"]) {
					t.Errorf("all = %v", all)
				}
				grep := collect(Query{Tips: []Hash{f.revs["c4"]}, Globs: []string{"refs/pop/sign-offs/*"}, Grep: "Pop-Sign-Off:"})
				slices.SortFunc(grep, func(a, b Hash) int { return strings.Compare(a.String(), b.String()) })
				want := []Hash{f.revs["s1"], f.revs["b1"]}
				slices.SortFunc(want, func(a, b Hash) int { return strings.Compare(a.String(), b.String()) })
				if !slices.Equal(grep, want) {
					t.Errorf("grep = %v; want %v", grep, want)
				}
				byValue := collect(Query{Tips: []Hash{f.revs["c4"]}, Globs: []string{"refs/pop/sign-offs/*"}, Grep: "Pop-File:",
					Values: []string{"pop/jan/2026-11-20.md", "pop/x.md"}})
				if !slices.Equal(byValue, []Hash{f.revs["s1"]}) {
					t.Errorf("by Pop-File = %v; want s1", byValue)
				}
				if got := collect(Query{Tips: []Hash{f.revs["c4"]}, Globs: []string{"refs/pop/sign-offs/*"}, Grep: "Pop-File:",
					Values: []string{"pop/jan/2026-11-20\\.md", "pop/jan/2026.11.20.md", "pop/jan"}}); len(got) != 0 {
					t.Errorf("values are literal and whole: %v", got)
				}
				only := collect(Query{Globs: []string{"refs/pop/sign-offs/*"}, Exclude: []Hash{f.revs["c4"]}, Grep: "Pop-Sign-Off:"})
				if !slices.Equal(only, []Hash{f.revs["s1"]}) {
					t.Errorf("refs only = %v; want s1", only)
				}
				ordered := collect(Query{Tips: []Hash{f.revs["c4"]}, Ordered: true})
				pos := map[Hash]int{}
				for i, id := range ordered {
					pos[id] = i
				}
				for _, pc := range [][2]string{{"c4", "m"}, {"m", "b1"}, {"m", "c2"}, {"c2", "c1"}, {"b1", "c1"}} {
					if pos[f.revs[pc[0]]] > pos[f.revs[pc[1]]] {
						t.Errorf("ordered: %s after its parent %s", pc[0], pc[1])
					}
				}
				var ids []Hash
				err := r.Commits(ctx, Query{Tips: []Hash{f.revs["c4"]}, Ordered: true, IDsOnly: true}, func(id Hash, raw []byte) error {
					if raw != nil {
						t.Errorf("IDsOnly: %s came with its bytes", id)
					}
					ids = append(ids, id)
					return nil
				})
				if err != nil || !slices.Equal(ids, ordered) {
					t.Errorf("IDsOnly = %v, %v; want %v", ids, err, ordered)
				}
				if none := collect(Query{}); len(none) != 0 {
					t.Errorf("empty query = %v", none)
				}
			})
			t.Run("ancestry", func(t *testing.T) {
				for _, c := range []struct {
					a, b string
					want bool
				}{{"c1", "c4", true}, {"b1", "c4", true}, {"c4", "c4", true}, {"s1", "c4", false}, {"c4", "c1", false}} {
					if got, err := r.IsAncestor(ctx, f.revs[c.a], f.revs[c.b]); err != nil || got != c.want {
						t.Errorf("IsAncestor(%s, %s) = %v, %v", c.a, c.b, got, err)
					}
				}
				if mb, err := r.MergeBase(ctx, f.revs["s1"], f.revs["c4"]); err != nil || mb != f.revs["c2"] {
					t.Errorf("MergeBase(s1, c4) = %s, %v; want c2", mb, err)
				}
			})
			t.Run("changed paths", func(t *testing.T) {
				got, err := r.ChangedPaths(ctx, f.revs["c1"], f.revs["c4"], "pop")
				want := []string{"pop/an/2026-10-01.md", "pop/jan/2026-11-20.md", "pop/jan/link.md", "pop/sub"}
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("ChangedPaths = %q, %v; want %q", got, err, want)
				}
				if got, err := r.ChangedPaths(ctx, f.revs["c4"], f.revs["c4"], "pop"); err != nil || len(got) != 0 {
					t.Errorf("ChangedPaths(same) = %q, %v", got, err)
				}
			})
			t.Run("versions", func(t *testing.T) {
				got, err := r.Versions(ctx, f.revs["c4"], "pop/jan/2026-11-20.md")
				if err != nil {
					t.Fatal(err)
				}
				fs, _ := r.ReadFiles(ctx, []FileRef{{f.revs["c1"], "pop/jan/2026-11-20.md"}, {f.revs["c2"], "pop/jan/2026-11-20.md"},
					{f.revs["c4"], "pop/jan/2026-11-20.md"}, {f.revs["s1"], "pop/jan/2026-11-20.md"}})
				want := []Hash{fs[0].ID, fs[1].ID, fs[2].ID}
				key := func(a, b Hash) int { return strings.Compare(a.String(), b.String()) }
				slices.SortFunc(got, key)
				slices.SortFunc(want, key)
				if !slices.Equal(got, want) {
					t.Errorf("Versions = %v; want %v (never the proposal %s)", got, want, fs[3].ID)
				}
			})
		})
	}
}

// ReadFiles starts one git (cat-file --batch-command) for the folders and
// the blobs; a git without --batch-command costs one more try, once per
// Program, and then two cat-file --batch per call.
func TestProgramReadFilesGits(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("sh is not installed")
	}
	log := filepath.Join(t.TempDir(), "log")
	counting := func(git string) string {
		bin := filepath.Join(t.TempDir(), "git")
		script := "#!" + sh + "\necho \"$*\" >>" + log + "\nexec " + git + " \"$@\"\n"
		if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		return bin
	}
	refs := []FileRef{{f.revs["c2"], "pop/jan/2026-11-20.md"}, {f.revs["c2"], "pop/jan/link.md"}, {f.revs["c1"], "README.md"}}
	var p *Program
	calls := func(bin string) (n []int) {
		p = ProgramAt(f.dir, bin)
		for range 2 {
			os.Remove(log)
			fs, err := p.ReadFiles(ctx, refs)
			if err != nil || string(fs[0].Data) != "v2\n" || fs[1].Data != nil || string(fs[2].Data) != "readme\n" {
				t.Fatalf("ReadFiles = %v, %v", fs, err)
			}
			out, _ := os.ReadFile(log)
			n = append(n, strings.Count(string(out), "cat-file"))
		}
		return n
	}
	got := calls(counting("git"))
	switch {
	case p.batchCommand.Load() == batchCommandMissing:
		t.Logf("the installed git has no cat-file --batch-command: %s", gitIn(t, f.dir, "", "version"))
	case !slices.Equal(got, []int{1, 1}):
		t.Errorf("cat-file runs per ReadFiles: %v; want one each", got)
	}
	if got := calls(counting(oldGit(t))); !slices.Equal(got, []int{3, 2}) {
		t.Errorf("cat-file runs per ReadFiles with a git before 2.36: %v; want 3 (the try), then 2", got)
	}
}
