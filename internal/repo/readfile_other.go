//go:build !unix

package repo

func readLimit(name string, limit int64, noFollow bool) ([]byte, error) {
	return readPortable(name, limit, noFollow)
}
