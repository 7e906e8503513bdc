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
// that Message wrote, after its other trailers, so that they stay in its
// final trailer block.
func WithGoals(msg string, goals []string) string {
	for _, g := range goals {
		msg += TrailerGoal + ": " + g + "\n"
	}
	return msg
}

// Message returns the commit message of a sign-off: subject, the reason
// for a disagreement, and the trailers, exactly as SPEC §6.1 writes them.
// A reason line that looks like a trailer is neutralised (see
// neutralReason), so that the reason can never change what the trailers
// say.
func Message(role Role, d Decision, file, sum, reason string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "pop: %s %s to %s\n\n", role, d, file)
	if reason = neutralReason(reason); reason != "" {
		b.WriteString(reason)
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "%s: %s\n%s: %s\n%s: %s\n%s: %s\n",
		TrailerRole, role, TrailerDecision, d, TrailerFile, file, TrailerSHA256, sum)
	return b.String()
}

// neutralReason returns the reason as a sign-off records it: trimmed, with
// every line that looks like a trailer ("Key: value") indented by two
// spaces. git reads an indented line as no trailer, and so does
// parseTrailers, so "Pop-Decision: agreed" in a reason neither overrides
// the decision nor makes the sign-off malformed; the words stay the
// signer's. Neutralising rather than refusing keeps a disagreement always
// possible (SPEC §6.1).
func neutralReason(reason string) string {
	reason = strings.TrimSpace(strings.ReplaceAll(reason, "\r\n", "\n"))
	if reason == "" {
		return ""
	}
	lines := strings.Split(reason, "\n")
	for i, l := range lines {
		if _, _, ok := trailerKey(l); ok {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
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

// trailers are the Pop- trailers of a commit message, read from its final
// trailer block only.
type trailers struct {
	Role, Decision, File, SHA256 string
	// Count is how many Pop-Sign-Off lines the whole message holds (a
	// squash merge puts several commits' trailers in one message).
	Count int
	// Malformed says why the trailers cannot be trusted ("" when they
	// can): a Pop- key outside the final block, or one repeated in it
	// with different values.
	Malformed string
	Subject   string
	Reason    string
	Goals     string // Pop-Goal values, one a line: the disputed goals
}

var trailerLine = []byte(TrailerRole + ":")

// hasTrailers is the cheap test run on every commit in history.
func hasTrailers(msg []byte) bool {
	return bytes.HasPrefix(msg, trailerLine) || bytes.Contains(msg, append([]byte("\n"), trailerLine...))
}

// trailerKey splits a line that looks like a trailer, "Key: value" with a
// key of letters, digits and hyphens at the start of the line, as git
// interpret-trailers reads one (whitespace may stand before the colon).
func trailerKey(line string) (key, value string, ok bool) {
	k, v, found := strings.Cut(line, ":")
	if !found {
		return "", "", false
	}
	k = strings.TrimRight(k, " \t")
	if k == "" {
		return "", "", false
	}
	for _, c := range k {
		if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "", "", false
		}
	}
	return k, strings.TrimSpace(v), true
}

// isPopKey reports whether key is one of pop's, compared as git compares
// trailer keys: without case.
func isPopKey(key string) bool {
	return len(key) > 4 && strings.EqualFold(key[:4], "Pop-")
}

// trailerBlock returns the index of the first line of the message's final
// trailer block, or len(lines) when it has none. As in git
// interpret-trailers, the block is the last paragraph, never the first
// (the title), and every line of it is a trailer or a continuation (a
// line that starts with whitespace, after a trailer).
func trailerBlock(lines []string) int {
	end := len(lines)
	for end > 0 && strings.TrimSpace(lines[end-1]) == "" {
		end--
	}
	start := end
	for start > 0 && strings.TrimSpace(lines[start-1]) != "" {
		start--
	}
	if start == 0 || start == end { // the title, or nothing
		return len(lines)
	}
	for i := start; i < end; i++ {
		l := lines[i]
		if l[0] == ' ' || l[0] == '\t' {
			if i == start {
				return len(lines)
			}
			continue
		}
		if _, _, ok := trailerKey(l); !ok {
			return len(lines)
		}
	}
	return start
}

// parseTrailers reads the Pop- trailers from msg's final trailer block,
// and the reason between the title and that block. A Pop- key anywhere
// else makes the trailers malformed; so does one repeated in the block
// with another value. Pop-File falls back to the first one found outside
// the block, so that a malformed sign-off is reported on the POP it
// names.
func parseTrailers(msg []byte) trailers {
	var t trailers
	lines := strings.Split(strings.ReplaceAll(string(msg), "\r\n", "\n"), "\n")
	title := 0
	for title < len(lines) && strings.TrimSpace(lines[title]) != "" {
		title++
	}
	t.Subject = lines[0]
	block := trailerBlock(lines)
	outsideFile := ""
	for i, l := range lines {
		k, v, ok := trailerKey(l)
		if !ok || !isPopKey(k) {
			continue
		}
		if strings.EqualFold(k, TrailerRole) {
			t.Count++
		}
		if i < block {
			if t.Malformed == "" {
				t.Malformed = fmt.Sprintf("%s stands outside the final trailer block (line %d)", k, i+1)
			}
			if strings.HasPrefix(l, TrailerFile+":") && outsideFile == "" {
				outsideFile = v
			}
			continue
		}
		// git log --grep finds sign-offs for verify by "Pop-File:" (and
		// "Pop-Sign-Off:") as pop writes them, with case: a key written
		// another way would count in one query and not in the other, so
		// it does not count at all.
		if c := canonicalKey(k); c != "" && !strings.HasPrefix(l, c+":") {
			if t.Malformed == "" {
				t.Malformed = fmt.Sprintf("%s is not written %s: as pop writes it", k, c)
			}
			continue
		}
		var field *string
		switch {
		case strings.EqualFold(k, TrailerRole):
			field = &t.Role
		case strings.EqualFold(k, TrailerDecision):
			field = &t.Decision
		case strings.EqualFold(k, TrailerFile):
			field = &t.File
		case strings.EqualFold(k, TrailerSHA256):
			field = &t.SHA256
		case strings.EqualFold(k, TrailerGoal):
			// One trailer per goal: repeating it is what it is for.
			if t.Goals != "" {
				t.Goals += "\n"
			}
			t.Goals += v
			continue
		default:
			continue
		}
		switch {
		case *field == "":
			*field = v
		case *field != v && t.Malformed == "":
			t.Malformed = fmt.Sprintf("%s is given twice with different values", k)
		}
	}
	if t.File == "" {
		t.File = outsideFile
	}
	if title < block {
		t.Reason = strings.TrimSpace(strings.Join(lines[title:min(block, len(lines))], "\n"))
	}
	return t
}

// canonicalKey returns pop's spelling of the trailer key k, compared
// without case, or "" when k is none of pop's.
func canonicalKey(k string) string {
	for _, c := range []string{TrailerRole, TrailerDecision, TrailerFile, TrailerSHA256, TrailerGoal} {
		if strings.EqualFold(k, c) {
			return c
		}
	}
	return ""
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
