package signoff

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"strings"

	"github.com/popdev/pop/internal/gitx"
)

// catFile runs git cat-file --batch with requests from in and calls fn
// for each object (or with data nil when git reports it missing). pop
// sign uses it; verify reads git through gitx.
func (g *gitRepo) catFile(ctx context.Context, in io.Reader, fn func(name string, id gitx.Hash, typ string, data []byte) error) error {
	cmd := exec.CommandContext(ctx, g.gitBin, "cat-file", "--batch")
	cmd.Dir = g.root
	cmd.Stdin = in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	rerr := gitx.ReadBatch(out, fn)
	if rerr != nil {
		cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if rerr != nil {
		return rerr
	}
	if werr != nil {
		return &catFileError{werr, strings.TrimSpace(stderr.String())}
	}
	return nil
}

type catFileError struct {
	err    error
	stderr string
}

func (e *catFileError) Error() string { return "git cat-file: " + e.err.Error() + ": " + e.stderr }
