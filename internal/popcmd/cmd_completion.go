package popcmd

import (
	"fmt"

	"github.com/urfave/cli/v2"
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

` + exitStatusHelp,
		Action: func(c *cli.Context) error {
			switch c.Args().First() {
			case "bash":
				_, err := fmt.Fprint(env.Stdout, bashCompletion)
				return err
			case "zsh":
				_, err := fmt.Fprint(env.Stdout, zshCompletion)
				return err
			case "fish":
				script, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(env.Stdout, script)
				return err
			}
			return usagef("pop completion bash|zsh|fish", "pop completion needs a shell: bash, zsh or fish")
		},
	}
}

// The scripts ask pop itself for completions through urfave/cli's
// --generate-bash-completion flag.
const bashCompletion = `# bash completion for pop
_pop_complete() {
  local cur words
  cur="${COMP_WORDS[COMP_CWORD]}"
  words=("${COMP_WORDS[@]:0:$COMP_CWORD}")
  local opts
  if [[ "$cur" == -* ]]; then
    opts=$("${words[@]}" "$cur" --generate-bash-completion 2>/dev/null)
  else
    opts=$("${words[@]}" --generate-bash-completion 2>/dev/null)
  fi
  COMPREPLY=($(compgen -W "${opts}" -- "${cur}"))
}
complete -o bashdefault -o default -F _pop_complete pop
`

const zshCompletion = `#compdef pop
_pop() {
  local -a opts
  local cur=${words[-1]}
  if [[ "$cur" == -* ]]; then
    opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion 2>/dev/null)}")
  else
    opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion 2>/dev/null)}")
  fi
  if [[ "${opts[1]}" != "" ]]; then
    _describe 'values' opts
  else
    _files
  fi
}
compdef _pop pop
`
