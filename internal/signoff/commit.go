package signoff

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/popdev/pop/internal/repo"
)

// The trailers a sign-off commit carries (SPEC §6).
const (
	TrailerRole     = "Pop-Sign-Off"
	TrailerDecision = "Pop-Decision"
	TrailerFile     = "Pop-File"
	TrailerSHA256   = "Pop-SHA256"
	// TrailerGoal names a goal a disagreement is about; one per goal.
	TrailerGoal = "Pop-Goal"
)

// WithGoals adds a Pop-Goal trailer per goal id to a sign-off message
// that Message wrote, after its other trailers.
func WithGoals(msg string, goals []string) string {
	for _, g := range goals {
		msg += TrailerGoal + ": " + g + "\n"
	}
	return msg
}

// Message returns the commit message of a sign-off: subject, the reason
// for a disagreement, and the trailers, exactly as SPEC §6 writes them.
func Message(role Role, d Decision, file, sum, reason string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "pop: %s %s to %s\n\n", role, d, file)
	if reason = strings.TrimSpace(reason); reason != "" {
		b.WriteString(reason)
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "%s: %s\n%s: %s\n%s: %s\n%s: %s\n",
		TrailerRole, role, TrailerDecision, d, TrailerFile, file, TrailerSHA256, sum)
	return b.String()
}

// rawCommit is a commit as git stores it, split just enough to verify it:
// the signature headers are cut out of the payload exactly as git does
// before it checks a signature.
type rawCommit struct {
	ID         plumbing.Hash
	Tree       plumbing.Hash
	Parents    []plumbing.Hash
	Committer  string // the committer header line, without the keyword
	When       time.Time
	Signatures []string // one per gpgsig header (or gpgsig-sha256)
	Payload    []byte   // the commit without signature headers
	Message    []byte
}

// parseCommit reads a raw commit object.
func parseCommit(id plumbing.Hash, data []byte) (*rawCommit, error) {
	c := &rawCommit{ID: id}
	head, msg, ok := bytes.Cut(data, []byte("\n\n"))
	if !ok {
		head, msg = bytes.TrimSuffix(data, []byte("\n")), nil
	}
	c.Message = msg
	payload := make([]byte, 0, len(data))
	lines := bytes.Split(head, []byte("\n"))
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		key, val, _ := bytes.Cut(line, []byte(" "))
		switch string(key) {
		case "gpgsig", "gpgsig-sha256":
			sig := append([]byte{}, val...)
			for i+1 < len(lines) && len(lines[i+1]) > 0 && lines[i+1][0] == ' ' {
				i++
				sig = append(append(sig, '\n'), lines[i][1:]...)
			}
			c.Signatures = append(c.Signatures, string(sig)+"\n")
			continue
		case "tree":
			c.Tree = plumbing.NewHash(string(val))
		case "parent":
			c.Parents = append(c.Parents, plumbing.NewHash(string(val)))
		case "committer":
			c.Committer = string(val)
			c.When = identTime(c.Committer)
		}
		payload = append(append(payload, line...), '\n')
	}
	if ok {
		payload = append(append(payload, '\n'), msg...)
	}
	c.Payload = payload
	if c.Tree.IsZero() {
		return nil, fmt.Errorf("commit %s: no tree", id)
	}
	return c, nil
}

var identTimeRE = regexp.MustCompile(`> (\d+) ([+-])(\d\d)(\d\d)$`)

// identTime reads the time from a git ident line "Name <email> 123 +0100".
func identTime(ident string) time.Time {
	m := identTimeRE.FindStringSubmatch(ident)
	if m == nil {
		return time.Time{}
	}
	var sec int64
	fmt.Sscan(m[1], &sec)
	var hh, mm int
	fmt.Sscan(m[3], &hh)
	fmt.Sscan(m[4], &mm)
	off := hh*3600 + mm*60
	if m[2] == "-" {
		off = -off
	}
	return time.Unix(sec, 0).In(time.FixedZone("", off))
}

// trailers are the Pop- trailers of a commit message.
type trailers struct {
	Role, Decision, File, SHA256 string
	Count                        int // how many Pop-Sign-Off lines the message holds
	Subject                      string
	Reason                       string
	Goals                        string // Pop-Goal values, one a line: the disputed goals
}

var trailerLine = []byte(TrailerRole + ":")

// hasTrailers is the cheap test run on every commit in history.
func hasTrailers(msg []byte) bool {
	return bytes.HasPrefix(msg, trailerLine) || bytes.Contains(msg, append([]byte("\n"), trailerLine...))
}

// parseTrailers reads the Pop- trailers wherever they stand in msg (a
// squash merge puts several commits' trailers in one message), and the
// reason between subject and trailers.
func parseTrailers(msg []byte) trailers {
	var t trailers
	text := string(msg)
	subject, rest, _ := strings.Cut(text, "\n")
	t.Subject = subject
	var reason []string
	inTrailers := false
	for _, line := range strings.Split(rest, "\n") {
		k, v, ok := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		if ok && strings.HasPrefix(k, "Pop-") {
			inTrailers = true
			switch k {
			case TrailerRole:
				t.Count++
				if t.Role == "" {
					t.Role = v
				}
			case TrailerDecision:
				if t.Decision == "" {
					t.Decision = v
				}
			case TrailerFile:
				if t.File == "" {
					t.File = v
				}
			case TrailerSHA256:
				if t.SHA256 == "" {
					t.SHA256 = v
				}
			case TrailerGoal:
				if t.Goals != "" {
					t.Goals += "\n"
				}
				t.Goals += v
			}
			continue
		}
		if !inTrailers {
			reason = append(reason, line)
		}
	}
	t.Reason = strings.TrimSpace(strings.Join(reason, "\n"))
	return t
}

// goals returns the disputed goals' ids, nil when none. A value that is
// not a slug is no goal id pop sign writes, and is left out, so that
// what verify prints of it is always a plain id.
func (t trailers) goals() []string {
	var out []string
	for _, g := range strings.Split(t.Goals, "\n") {
		if repo.IsSlug(g) {
			out = append(out, g)
		}
	}
	return out
}

// looksSquashed reports whether a message looks like a squash merge of
// sign-off commits rather than one sign-off.
func (t trailers) looksSquashed() bool {
	return t.Count > 1 || !strings.HasPrefix(t.Subject, "pop: ") || strings.Contains(t.Subject, "(#")
}

// sha256Hex is the Pop-SHA256 of data.
func sha256Hex(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}
