// Command pop keeps personal development plans as Markdown files in git.
// See the README for the file format and the commands.
package main

import (
	"os"

	"github.com/popdev/pop/internal/popcmd"
)

func main() { os.Exit(popcmd.Main(os.Args)) }
