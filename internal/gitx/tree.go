package gitx

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// splitEntry cuts the first entry off a raw tree object: its mode and
// name as written, its id, and the entries after it. ok is false when
// data does not start with a whole entry.
func splitEntry(data []byte) (mode, name []byte, h Hash, rest []byte, ok bool) {
	sp := bytes.IndexByte(data, ' ')
	if sp < 0 {
		return nil, nil, h, nil, false
	}
	nul := bytes.IndexByte(data[sp+1:], 0)
	if nul < 0 || sp+1+nul+21 > len(data) {
		return nil, nil, h, nil, false
	}
	end := sp + 1 + nul + 1 + 20
	copy(h[:], data[sp+1+nul+1:end])
	return data[:sp], data[sp+1 : sp+1+nul], h, data[end:], true
}

// TreeEntries calls fn for each entry of a raw tree object, in order;
// it stops at the first entry that is cut short. Entries whose mode does
// not parse are skipped.
func TreeEntries(data []byte, fn func(name string, m Mode, h Hash)) {
	for {
		mode, name, h, rest, ok := splitEntry(data)
		if !ok {
			return
		}
		if m, err := parseMode(string(mode)); err == nil {
			fn(string(name), m, h)
		}
		data = rest
	}
}

// TreeEntry finds name in a raw tree object without decoding the other
// entries; the entry's Path is the name.
func TreeEntry(data []byte, name string) (Entry, bool) {
	for {
		mode, n, h, rest, ok := splitEntry(data)
		if !ok {
			return Entry{}, false
		}
		if string(n) == name {
			if m, err := parseMode(string(mode)); err == nil {
				return Entry{Path: name, Mode: m, ID: h}, true
			}
		}
		data = rest
	}
}

// parseMode parses a tree entry's octal mode; only the modes git writes
// are accepted.
func parseMode(s string) (Mode, error) {
	m, err := filemode.New(s)
	if err != nil {
		return 0, err
	}
	switch m {
	case Dir, Regular, Executable, Symlink, Submodule, filemode.Deprecated:
		return m, nil
	}
	return 0, fmt.Errorf("unknown file mode %q", s)
}

// treePath reports whether p can name an entry in a tree: a clean slash
// path, relative, with no "." or ".." element and nothing git would read
// as more than a path (git resolves "TREE:./x" and "TREE:a/../x" itself).
func treePath(p string) bool {
	if p == "" || strings.ContainsAny(p, "\n\x00") || path.Clean(p) != p || strings.HasPrefix(p, "/") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "." || part == ".." {
			return false
		}
	}
	return true
}

// CommitTree returns the tree and parents a raw commit object names; they
// come first, before any other header.
func CommitTree(data []byte) (tree Hash, parents []Hash, err error) {
	head := data
	first := true
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		switch {
		case first && bytes.HasPrefix(line, []byte("tree ")):
			if tree, err = ParseID(string(line[len("tree "):])); err != nil {
				return Hash{}, nil, fmt.Errorf("commit: %w", err)
			}
		case !first && bytes.HasPrefix(line, []byte("parent ")):
			p, err := ParseID(string(line[len("parent "):]))
			if err != nil {
				return Hash{}, nil, fmt.Errorf("commit: %w", err)
			}
			parents = append(parents, p)
		case first:
			return Hash{}, nil, fmt.Errorf("commit: no tree")
		default:
			return tree, parents, nil
		}
		first = false
	}
	if tree == (plumbing.Hash{}) {
		return Hash{}, nil, fmt.Errorf("commit: no tree")
	}
	return tree, parents, nil
}
