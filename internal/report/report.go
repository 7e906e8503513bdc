// Package report writes pop's results for people and machines: text,
// JSON, GitHub workflow annotations, SARIF, Markdown, HTML and iCalendar.
// Each format has its own output types, kept apart from the domain types
// so that renaming a Go field never changes what a CI script reads.
package report

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// GitHubCommand formats a workflow command such as an error annotation:
// GitHubCommand("error", map[string]string{"file": "a.md", "line": "3"}, "msg").
// Properties and message are escaped as GitHub's runner requires; the
// properties appear in the order of keys.
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
	return b.String()
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteJSON writes v as indented JSON with a final newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Style colours text for a terminal; the zero Style writes plain text.
type Style struct {
	Color bool
}

func (s Style) wrap(code, text string) string {
	if !s.Color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Red, Yellow, Green, Bold and Dim colour text when colour is on.
func (s Style) Red(t string) string    { return s.wrap("31", t) }
func (s Style) Yellow(t string) string { return s.wrap("33", t) }
func (s Style) Green(t string) string  { return s.wrap("32", t) }
func (s Style) Bold(t string) string   { return s.wrap("1", t) }
func (s Style) Dim(t string) string    { return s.wrap("2", t) }

// tableCell escapes text for a cell of a Markdown table (overdue and
// summary): ids, paths, dates and reasons, which hold no Markdown but may
// hold a | or a line break.
func tableCell(s string) string { return cellEscaper.Replace(s) }

var cellEscaper = strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;")

// CountOf writes n with the noun in the number it needs: "1 POP", "2 POPs".
func CountOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
