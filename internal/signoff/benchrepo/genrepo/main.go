// Command genrepo builds the repository of the pop verify benchmark:
//
//	go run ./internal/signoff/benchrepo/genrepo DIR
//
// 10,000 POPs of 2,500 employees, 20,000 ed25519 sign-offs and 100,000
// commits in all, in one packfile.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/popdev/pop/internal/signoff/benchrepo"
)

func main() {
	o := benchrepo.Default
	flag.IntVar(&o.POPs, "pops", o.POPs, "number of POPs (two sign-offs each)")
	flag.IntVar(&o.People, "people", o.People, "number of employees")
	flag.IntVar(&o.Commits, "commits", o.Commits, "number of commits in all")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: genrepo [-pops N] [-people N] [-commits N] DIR")
		os.Exit(2)
	}
	if err := benchrepo.Build(flag.Arg(0), o); err != nil {
		fmt.Fprintln(os.Stderr, "genrepo:", err)
		os.Exit(1)
	}
}
