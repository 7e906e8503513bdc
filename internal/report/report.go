// Package report writes pop's results for people and machines: text,
// JSON, GitHub workflow annotations, SARIF, Markdown, HTML and iCalendar.
// Each format has its own output types, kept apart from the domain types
// so that renaming a Go field never changes what a CI script reads.
package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/popdev/pop/internal/safe"
)

// GitHubCommand formats a workflow command such as an error annotation:
// GitHubCommand("error", map[string]string{"file": "a.md", "line": "3"}, "msg").
// Properties and message are escaped as GitHub's runner requires, and
// control characters left after that (an ESC would colour the log) are
// made visible with safe.Term; the properties appear in the order of keys.
func GitHubCommand(name string, keys []string, props map[string]string, msg string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	sep := " "
	for _, k := range keys {
		v, ok := props[k]
		if !ok || v == "" {
			continue
		}
		b.WriteString(sep)
		b.WriteString(k)
		b.WriteString("=")
		b.WriteString(escapeProperty(v))
		sep = ","
	}
	b.WriteString("::")
	b.WriteString(escapeData(msg))
	return safe.Term(b.String())
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteJSON writes v as indented JSON with a final newline. encoding/json
// escapes C0 controls but writes DEL and C1 controls (U+0080–U+009F) as
// they are; they can occur only inside strings, where \u007f is the same
// value, so they are escaped too: JSON on a terminal acts on nothing.
func WriteJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(b.Bytes()))
	return err
}

// escapeJSONControls writes DEL and the C1 controls in encoded JSON as
// \u escapes; data without them is returned as it is.
func escapeJSONControls(data []byte) []byte {
	if !hasJSONControl(data) {
		return data
	}
	out := make([]byte, 0, len(data)+64)
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == 0x7f:
			out = append(out, `\u007f`...)
		case c == 0xc2 && i+1 < len(data) && data[i+1] >= 0x80 && data[i+1] < 0xa0:
			out = append(out, `\u00`...)
			out = append(out, "0123456789abcdef"[data[i+1]>>4], "0123456789abcdef"[data[i+1]&15])
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}

func hasJSONControl(data []byte) bool {
	for i, c := range data {
		if c == 0x7f || (c == 0xc2 && i+1 < len(data) && data[i+1] >= 0x80 && data[i+1] < 0xa0) {
			return true
		}
	}
	return false
}

// CountOf writes n with the noun in the number it needs: "1 POP", "2 POPs".
func CountOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// InvalidID stands in the follow-up reports for a person, manager or goal
// id that is not a slug.
const InvalidID = "(not an id)"

// ID returns id as the follow-up reports show it: a slug, or goals[N] (a
// goal without an id), as it is; anything else is text typed where an id
// belongs — plan text, perhaps Markdown or escapes — which CI output does
// not repeat (pop check reports it, by position), so it is InvalidID.
// "" stays "".
func ID(id string) string {
	if id == "" || safe.IsSlug(id) || goalIndex(id) {
		return id
	}
	return InvalidID
}

func goalIndex(s string) bool {
	n, ok := strings.CutPrefix(s, "goals[")
	n, ok2 := strings.CutSuffix(n, "]")
	return ok && ok2 && n != "" && strings.Trim(n, "0123456789") == ""
}
