package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"

	"github.com/popdev/pop/internal/check"
)

// codeQualityIssue is one entry of a GitLab Code Quality report
// (docs.gitlab.com, "Code Quality", implement a custom tool): the fields
// GitLab reads, with names fixed by that format.
type codeQualityIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    codeQualityLocation `json:"location"`
}

type codeQualityLocation struct {
	Path  string           `json:"path"`
	Lines codeQualityLines `json:"lines"`
}

type codeQualityLines struct {
	Begin int `json:"begin"`
}

// WriteCheckCodeQuality writes the findings as a GitLab Code Quality
// report: a JSON list, [] when clean. The description is the finding's
// message, which names files, fields and rules but no plan text. path
// maps a root-relative path to one relative to the top of the git
// repository, as GitLab expects; nil keeps it. The fingerprint is a hash
// of path, rule, field and position, so the same finding on the next
// pipeline is the same issue.
func WriteCheckCodeQuality(w io.Writer, res *check.Result, path func(rel string) string) error {
	if path == nil {
		path = func(rel string) string { return rel }
	}
	out := []codeQualityIssue{}
	for _, f := range res.Findings {
		p := path(f.Path)
		sum := sha256.Sum256([]byte(p + "\x00" + f.Rule + "\x00" + f.Field + "\x00" + strconv.Itoa(f.Pos.Line) + ":" + strconv.Itoa(f.Pos.Col)))
		sev := "major"
		if f.Severity == check.Warning {
			sev = "minor"
		}
		line := f.Pos.Line
		if line < 1 {
			line = 1
		}
		out = append(out, codeQualityIssue{
			Description: f.Message, CheckName: f.Rule, Fingerprint: hex.EncodeToString(sum[:16]), Severity: sev,
			Location: codeQualityLocation{Path: p, Lines: codeQualityLines{Begin: line}},
		})
	}
	return WriteJSON(w, out)
}
