package report

import (
	"fmt"
	"io"

	"github.com/popdev/pop/internal/safe"
)

// Style colours text for a terminal; the zero Style writes plain text.
// What it colours is untrusted: it is made safe (safe.Term) first, so a
// Styled value prints as it is.
type Style struct {
	Color bool
}

// Styled is text made safe for a terminal, perhaps with colour codes:
// termWriter prints it as it is, where it escapes a string.
type Styled string

func (s Style) wrap(code, text string) Styled {
	text = safe.Term(text)
	if !s.Color {
		return Styled(text)
	}
	return Styled("\x1b[" + code + "m" + text + "\x1b[0m")
}

// Red, Yellow, Green, Bold and Dim colour text when colour is on.
func (s Style) Red(t string) Styled    { return s.wrap("31", t) }
func (s Style) Yellow(t string) Styled { return s.wrap("33", t) }
func (s Style) Green(t string) Styled  { return s.wrap("32", t) }
func (s Style) Bold(t string) Styled   { return s.wrap("1", t) }
func (s Style) Dim(t string) Styled    { return s.wrap("2", t) }

// termWriter is the one way text output reaches a terminal or a log: its
// format is pop's own, and every argument that is a string (or prints as
// one) goes through safe.Term, so that a goal id, a name or a file name
// cannot move the cursor, set the title or hide a link. Styled arguments
// are safe already. The first write error sticks.
type termWriter struct {
	w   io.Writer
	err error
}

func (t *termWriter) printf(format string, args ...any) {
	if t.err != nil {
		return
	}
	for i, a := range args {
		// Styled is a string type and prints as it is. A string is
		// replaced only when it has something to escape, which keeps
		// the common case free of allocations.
		switch v := a.(type) {
		case Styled:
		case string:
			if c := safe.Term(v); c != v {
				args[i] = c
			}
		case error:
			args[i] = safe.Term(v.Error())
		case fmt.Stringer:
			args[i] = safe.Term(v.String())
		}
	}
	_, t.err = fmt.Fprintf(t.w, format, args...)
}

// mdRaw is Markdown that is pop's own or escaped already: mdWriter
// writes it as it is.
type mdRaw string

// mdWriter is the one way Markdown output is written: its format is pop's
// own, an mdRaw argument is written as it is, and every other string (or
// value that prints as one) goes through safe.Markdown, so that plan text
// opens no HTML, link, image, mention or table cell. The first write error
// sticks.
type mdWriter struct {
	w   io.Writer
	err error
}

func (t *mdWriter) printf(format string, args ...any) {
	if t.err != nil {
		return
	}
	for i, a := range args {
		switch v := a.(type) {
		case mdRaw:
		case string:
			args[i] = safe.Markdown(v)
		case error:
			args[i] = safe.Markdown(v.Error())
		case fmt.Stringer:
			args[i] = safe.Markdown(v.String())
		}
	}
	_, t.err = fmt.Fprintf(t.w, format, args...)
}
