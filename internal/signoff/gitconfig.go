package signoff

import (
	"bytes"
	"context"
	"os/exec"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
)

// GitConfig is the effective git configuration, keys lowercased
// ("user.signingkey"); the last value given for a key wins, as in git.
type GitConfig map[string]string

// ReadGitConfig reads the effective configuration of the repository at
// dir: through the git program when it is installed, since go-git's own
// reader misses include and includeIf; else through go-git.
func ReadGitConfig(ctx context.Context, dir string, r *git.Repository) (GitConfig, error) {
	if path, err := exec.LookPath("git"); err == nil {
		cmd := exec.CommandContext(ctx, path, "config", "-z", "--list")
		cmd.Dir = dir
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		if err := cmd.Run(); err == nil || out.Len() > 0 {
			return parseConfigList(out.Bytes()), nil
		}
		// git config --list fails when no configuration exists at all.
		return GitConfig{}, nil
	}
	cfg, err := r.ConfigScoped(config.GlobalScope)
	if err != nil {
		return nil, err
	}
	out := GitConfig{}
	for _, s := range cfg.Raw.Sections {
		for _, o := range s.Options {
			out[strings.ToLower(s.Name+"."+o.Key)] = o.Value
		}
		for _, ss := range s.Subsections {
			for _, o := range ss.Options {
				out[strings.ToLower(s.Name)+"."+ss.Name+"."+strings.ToLower(o.Key)] = o.Value
			}
		}
	}
	return out, nil
}

// parseConfigList reads the output of git config -z --list: entries end
// in NUL, the key and value are split by the first newline.
func parseConfigList(data []byte) GitConfig {
	out := GitConfig{}
	for _, e := range bytes.Split(data, []byte{0}) {
		if len(e) == 0 {
			continue
		}
		k, v, _ := bytes.Cut(e, []byte("\n"))
		out[strings.ToLower(string(k))] = string(v)
	}
	return out
}
