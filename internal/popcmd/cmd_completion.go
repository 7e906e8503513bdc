package popcmd

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/urfave/cli/v2"

	"github.com/popdev/pop/internal/repo"
)

func completionCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script",
		ArgsUsage: "bash|zsh|fish",
		Description: `Prints a completion script for the shell. For example:

   source <(pop completion bash)          # in ~/.bashrc
   pop completion zsh > "${fpath[1]}/_pop"
   pop completion fish > ~/.config/fish/completions/pop.fish

The scripts ask pop itself what to offer, so they follow the commands and
flags of the pop on the PATH: commands, flags, the values a flag takes
(--format, --lang, --kind, --fail-on, --require, …), person ids from the
people registry wherever a person is asked for, and POP files where a FILE
or PATH is.

` + exitStatusHelp,
		Action: func(c *cli.Context) error {
			script, ok := completionScripts[c.Args().First()]
			if !ok || c.NArg() != 1 {
				return usagef("pop completion bash|zsh|fish", "pop completion needs a shell: bash, zsh or fish")
			}
			_, err := io.WriteString(env.Stdout, script)
			return err
		},
	}
}

// completeCommand is the hidden entry point the completion scripts call:
//
//	pop __complete WORD... CURRENT
//
// with the words typed after "pop" before the cursor and the word under
// it (possibly empty). It prints one candidate a line, already filtered
// by CURRENT, and nothing when the shell should offer file names. It
// always exits 0 and never writes to stderr.
const completeCommand = "__complete"

// runComplete answers a completion request; args are the words after
// __complete.
func runComplete(env *Env, args []string) int {
	words, cur := args, ""
	if len(args) > 0 {
		words, cur = args[:len(args)-1], args[len(args)-1]
	}
	for _, s := range complete(newApp(env), env, words, cur) {
		fmt.Fprintln(env.Stdout, s)
	}
	return ExitClean
}

// complete returns what may stand in place of cur after words. It walks
// the command table the way urfave/cli parses it, so every command and
// flag, including those added later, completes without code of its own.
func complete(app *cli.App, env *Env, words []string, cur string) []string {
	var (
		cmds    = app.Commands
		cmd     *cli.Command // the innermost command named so far
		path    []string     // its names
		flags   = app.Flags
		nargs   int      // positional arguments after cmd
		pending cli.Flag // a flag whose value cur is
		repoDir string   // --repo, for the registry and the files
		dashes  bool     // after "--": only arguments
	)
	for _, w := range words {
		switch {
		case pending != nil && w == "=":
			// bash splits --flag=value at the "=": the value comes next.
		case pending != nil:
			if pending.Names()[0] == "repo" {
				repoDir = w
			}
			pending = nil
		case !dashes && w == "--":
			dashes = true
		case !dashes && strings.HasPrefix(w, "-") && w != "-":
			name, value, hasValue := strings.Cut(w, "=")
			f := findFlag(flags, name)
			switch {
			case f == nil || !takesValue(f):
			case hasValue && name == "--repo":
				repoDir = value
			case !hasValue:
				pending = f
			}
		case nargs == 0 && !dashes && findCommand(cmds, w) != nil:
			cmd = findCommand(cmds, w)
			path = append(path, cmd.Name)
			cmds = cmd.Subcommands
			flags = append(append([]cli.Flag{}, app.Flags...), cmd.Flags...)
		default:
			nargs++
		}
	}
	if cur == "=" && len(words) > 0 {
		if f := findFlag(flags, words[len(words)-1]); f != nil && takesValue(f) {
			pending, cur = f, ""
		}
	}
	src := &completionSource{env: env, repo: repoDir}
	switch {
	case pending != nil:
		return matching(src.flagValues(pending), cur)
	case !dashes && strings.HasPrefix(cur, "-"):
		name, value, hasValue := strings.Cut(cur, "=")
		if hasValue {
			f := findFlag(flags, name)
			if f == nil || !takesValue(f) {
				return nil
			}
			var out []string
			for _, v := range matching(src.flagValues(f), value) {
				out = append(out, name+"="+v)
			}
			return out
		}
		var names []string
		for _, f := range flags {
			if vf, ok := f.(cli.VisibleFlag); ok && !vf.IsVisible() {
				continue
			}
			for _, n := range f.Names() {
				if len(n) > 1 {
					names = append(names, "--"+n)
				}
			}
		}
		return matching(names, cur)
	case cmd != nil && cmd.Name == "help" && len(path) == 1:
		// pop help [COMMAND [SUBCOMMAND]]: the command names at that depth.
		list := app.Commands
		for _, w := range words {
			if c := findCommand(list, w); c != nil && c.Name != "help" {
				list = c.Subcommands
			}
		}
		return matching(commandNames(list), cur)
	case len(cmds) > 0 && nargs == 0:
		return matching(commandNames(cmds), cur)
	case cmd != nil:
		return matching(src.argValues(cmd.ArgsUsage, nargs), cur)
	}
	return nil
}

// completionSource finds the values a flag or an argument takes: from the
// command table, or from the repository the command line points at.
type completionSource struct {
	env  *Env
	repo string // --repo as typed, or ""
}

// flagValues returns the values of a flag: person ids where its
// placeholder names a person, else the choices its usage lists.
func (s *completionSource) flagValues(f cli.Flag) []string {
	usage := ""
	if df, ok := f.(cli.DocGenerationFlag); ok {
		usage = df.GetUsage()
	}
	if kind := argKind(placeholderIn(usage)); kind != "" {
		return s.values(kind)
	}
	if choices := choicesIn(usage); choices != nil {
		return choices
	}
	return flagChoices[f.Names()[0]]
}

// argValues returns the values of the n-th argument (from 0) of a command
// whose arguments read usage, such as "ID KEY", "[PATH...]" or
// "bash|zsh|fish".
func (s *completionSource) argValues(usage string, n int) []string {
	if alts := strings.Split(strings.TrimSpace(usage), "|"); len(alts) > 1 && allWords(alts) {
		if n == 0 {
			return alts
		}
		return nil
	}
	return s.values(argKind(argToken(usage, n)))
}

// argToken returns the placeholder of the n-th argument in usage, or ""
// when the command takes no such argument.
func argToken(usage string, n int) string {
	usage, _, _ = strings.Cut(usage, "|") // "FILE | --all --out DIR"
	var tokens []string
	for _, t := range strings.Fields(usage) {
		if t = strings.Trim(t, "[]"); t != "" {
			tokens = append(tokens, t)
		}
	}
	if len(tokens) == 0 {
		return ""
	}
	t := tokens[min(n, len(tokens)-1)]
	if n >= len(tokens) && !strings.HasSuffix(t, "...") {
		return ""
	}
	return strings.TrimSuffix(t, "...")
}

// argKind says what a placeholder names: a person or a POP file.
func argKind(placeholder string) string {
	switch placeholder {
	case "ID", "PERSON", "EMPLOYEE", "MANAGER":
		return "person"
	case "FILE", "PATH", "POP":
		return "pop"
	}
	return ""
}

// values lists the person ids or POP files of the repository; nothing
// when there is none (the shell then offers file names).
func (s *completionSource) values(kind string) []string {
	if kind == "" {
		return nil
	}
	r, err := global{Repo: s.repo}.open(s.env)
	if err != nil {
		return nil
	}
	switch kind {
	case "person":
		people, _, err := r.People()
		if err != nil {
			return nil
		}
		// The shell takes each line as a word to type: only what is a
		// valid id, never a line break or a control character from the
		// registry.
		var ids []string
		for _, id := range people.IDs() {
			if repo.IsSlug(id) {
				ids = append(ids, id)
			}
		}
		return ids
	case "pop":
		files, err := r.List()
		if err != nil {
			return nil
		}
		var out []string
		for _, f := range files {
			if p := display(s.env, r, f.Path); plainWord(p) {
				out = append(out, p)
			}
		}
		return out
	}
	return nil
}

// plainWord reports whether s can be offered to the shell as it is: no
// control characters, no white space.
func plainWord(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return s != ""
}

// flagChoices are the values of flags whose usage does not list them as
// "`PLACEHOLDER`: a, b or c".
var flagChoices = map[string][]string{
	"kind":    {"pop", "prep"},
	"lang":    {"nl", "en"},
	"fail-on": {"overdue", "upcoming", "never"},
	"require": {"agreed", "decided"},
	"format":  {"text", "json"},
}

// placeholderIn returns the word in backquotes in a flag's usage, which
// help shows as the flag's value: "`ID` of the manager" → "ID".
func placeholderIn(usage string) string {
	_, rest, ok := strings.Cut(usage, "`")
	if !ok {
		return ""
	}
	p, _, ok := strings.Cut(rest, "`")
	if !ok {
		return ""
	}
	return p
}

var wordRE = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// choicesIn finds the list of values at the end of a flag's usage:
// "output `FORMAT`: text, json, github" or "language: nl or en".
func choicesIn(usage string) []string {
	i := strings.LastIndex(usage, ": ")
	if i < 0 {
		return nil
	}
	list := strings.ReplaceAll(usage[i+2:], " or ", ", ")
	choices := strings.Split(list, ", ")
	if !allWords(choices) {
		return nil
	}
	return choices
}

func allWords(ws []string) bool {
	for _, w := range ws {
		if !wordRE.MatchString(w) {
			return false
		}
	}
	return len(ws) > 0
}

func commandNames(cmds []*cli.Command) []string {
	var out []string
	for _, c := range cmds {
		if !c.Hidden {
			out = append(out, c.Name)
		}
	}
	return out
}

func findFlag(flags []cli.Flag, arg string) cli.Flag {
	name := strings.TrimLeft(arg, "-")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

func takesValue(f cli.Flag) bool {
	df, ok := f.(cli.DocGenerationFlag)
	return ok && df.TakesValue()
}

// matching returns the candidates that start with prefix, sorted and
// without repeats.
func matching(candidates []string, prefix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range candidates {
		if strings.HasPrefix(c, prefix) && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

var completionScripts = map[string]string{
	"bash": bashCompletion,
	"zsh":  zshCompletion,
	"fish": fishCompletion,
}

// The scripts hand pop the words before the cursor and the word under it;
// pop answers with the candidates (see completeCommand). An empty answer
// falls back to the shell's own file-name completion.
const bashCompletion = `# bash completion for pop: source <(pop completion bash)
_pop() {
  local IFS=$'\n'
  COMPREPLY=($("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" "${COMP_WORDS[COMP_CWORD]}" 2>/dev/null))
}
complete -o default -F _pop pop
`

const zshCompletion = `#compdef pop
# zsh completion for pop: save as _pop in a folder of $fpath, or
# source <(pop completion zsh)
_pop() {
  local -a opts
  opts=("${(@f)$(${words[1]} __complete "${(@Q)words[2,CURRENT-1]}" "${(Q)words[CURRENT]}" 2>/dev/null)}")
  opts=(${opts:#})
  if (( ${#opts} )); then
    compadd -Q -- "${opts[@]}"
  else
    _files
  fi
}
if [[ "${funcstack[1]}" == "_pop" ]]; then
  _pop "$@"
else
  compdef _pop pop
fi
`

const fishCompletion = `# fish completion for pop: pop completion fish > ~/.config/fish/completions/pop.fish
function __pop_complete
    set -l words (commandline -opc)
    set -l out ($words[1] __complete $words[2..-1] (commandline -ct) 2>/dev/null)
    if test (count $out) -gt 0
        printf '%s\n' $out
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c pop -f -a '(__pop_complete)'
`
