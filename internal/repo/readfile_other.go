//go:build !unix

package repo

import "os"

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }
